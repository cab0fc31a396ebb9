package web

// Chart specs for the chart island (web/src/charts.js): the template puts
// one in a <script type="application/json"> next to a data-chart element.
// Every chart has an HTML table with the same numbers beside it; the chart
// is the picture, the table the accessible record.

type chartSeries struct {
	Name   string    `json:"name"`
	Values []float64 `json:"values,omitempty"`
	Points [][2]any  `json:"points,omitempty"` // [x, y], x an ISO date for time axes
	Stack  string    `json:"stack,omitempty"`
	Dashed bool      `json:"dashed,omitempty"`
	Marks  bool      `json:"markers,omitempty"`
}

type chartMark struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

type tornadoBar struct {
	Label string  `json:"label"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
}

type bubblePoint struct {
	Name  string  `json:"name"`
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Size  float64 `json:"size"`
	Group string  `json:"group"`
	URL   string  `json:"url,omitempty"`
}

// chartSpec is one chart; Type decides which fields matter.
type chartSpec struct {
	Type       string        `json:"type"` // bar, line, histogram, tornado, bubble
	Categories []string      `json:"categories,omitempty"`
	Series     []chartSeries `json:"series,omitempty"`
	XType      string        `json:"x_type,omitempty"`
	X          string        `json:"x,omitempty"`
	Y          string        `json:"y,omitempty"`
	Unit       string        `json:"unit,omitempty"`
	Edges      []float64     `json:"edges,omitempty"`
	Counts     []int         `json:"counts,omitempty"`
	Marks      []chartMark   `json:"marks,omitempty"`
	Base       float64       `json:"base,omitempty"`
	Bars       []tornadoBar  `json:"bars,omitempty"`
	Legend     []string      `json:"legend,omitempty"`
	Points     []bubblePoint `json:"points,omitempty"`
	SizeLabel  string        `json:"size_label,omitempty"`
	UnitX      string        `json:"unit_x,omitempty"`
	UnitY      string        `json:"unit_y,omitempty"`
}
