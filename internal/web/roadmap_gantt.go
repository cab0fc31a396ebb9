package web

import (
	"strconv"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

// gantt is a plan drawn as an SVG bar chart, laid out here so that the
// template only places shapes: one row per started item, a dark bar in
// its start year (cost and hours are spent) and a light bar over the
// years it yields benefit, up to the horizon (none for a component). The plan table beside it
// holds the same facts for screen readers.
type gantt struct {
	Width, Height int
	Label         string
	Years         []ganttTick
	Rows          []ganttRow
}

type ganttTick struct {
	X     int
	Label string
}

type ganttRow struct {
	Y, TextY     int
	Name         string
	BuildX       int
	BuildW       int
	BenefitX     int
	BenefitW     int
	BuildLabel   string
	BenefitLabel string
}

const (
	ganttLabelW = 230
	ganttRowH   = 26
	ganttTop    = 28
	ganttWidth  = 760
)

func buildGantt(l i18n.Lang, sc roadmap.Scenario, plan []planRow) gantt {
	// Benefits fall in years t+1 … horizon: columns 0 … horizon.
	cols := sc.Horizon + 1
	colW := max((ganttWidth-ganttLabelW-10)/cols, 8)
	g := gantt{Width: ganttLabelW + colW*cols + 10, Height: ganttTop + ganttRowH*len(plan) + 6,
		Label: l.T("roadmap.gantt_label", sc.Name, len(plan))}
	step := 1
	if colW < 36 {
		step = (36 + colW - 1) / colW
	}
	for t := 0; t < cols; t += step {
		g.Years = append(g.Years, ganttTick{X: ganttLabelW + t*colW + colW/2, Label: strconv.Itoa(sc.FirstYear + t)})
	}
	for i, p := range plan {
		t := p.Start - sc.FirstYear
		y := ganttTop + i*ganttRowH
		row := ganttRow{Y: y + 4, TextY: y + 17, Name: shorten(p.Item.Name, 30),
			BuildX: ganttLabelW + t*colW, BuildW: colW - 2,
			BuildLabel: l.T("roadmap.gantt_build", p.Item.Name, p.Start)}
		if rest := cols - t - 1; rest > 0 && p.Item.AnnualBenefit > 0 {
			row.BenefitX, row.BenefitW = ganttLabelW+(t+1)*colW, rest*colW-2
			row.BenefitLabel = l.T("roadmap.gantt_benefit", p.Item.Name, p.Start+1, sc.FirstYear+cols-1)
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

// shorten cuts a text to n characters with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
