package record

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Page layout in millimetres (A4 portrait).
const (
	margin     = 18.0
	bodySize   = 9.5
	tableSize  = 8.0
	lineHeight = 4.6
	cellHeight = 3.8
	fontFamily = "go"
)

// PDF renders lines as an A4 document: title, a header naming title on
// every page and "page / pages" at the foot. The text is set in the Go
// fonts (golang.org/x/image/font/gofont, BSD licence), embedded as UTF-8
// TrueType subsets so æ, ø, å and § render and can be searched and
// copied. The same lines give the same bytes: the creation and
// modification dates are the Title line's At (the dossier's last event)
// and the catalogue is sorted, so a golden hash or text holds.
//
// Errors: internal when the PDF cannot be written.
func PDF(lines []Line, title string) ([]byte, error) {
	var at time.Time
	for _, ln := range lines {
		if ln.Kind == KindTitle {
			at = ln.At
			break
		}
	}
	if at.IsZero() {
		// Never the wall clock: a record must be reproducible.
		at = time.Unix(0, 0)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(at.UTC())
	pdf.SetModificationDate(at.UTC())
	pdf.SetCompression(true)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Tjenestevalg", true)
	pdf.SetProducer("Tjenestevalg", true)
	pdf.SetLang("nb")
	pdf.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
	pdf.SetMargins(margin, margin+6, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.AliasNbPages("{nb}")
	pageW, _ := pdf.GetPageSize()
	width := pageW - 2*margin
	pdf.SetHeaderFunc(func() {
		pdf.SetFont(fontFamily, "", 7.5)
		pdf.SetTextColor(90, 90, 90)
		pdf.SetXY(margin, margin-6)
		pdf.CellFormat(width, 4, title, "B", 0, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
		pdf.SetXY(margin, margin+6)
	})
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin + 4)
		pdf.SetFont(fontFamily, "", 7.5)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(width, 4, strconv.Itoa(pdf.PageNo())+" / {nb}", "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	for _, ln := range lines {
		switch ln.Kind {
		case KindTitle:
			pdf.SetFont(fontFamily, "B", 16)
			pdf.MultiCell(width, 8, ln.Text, "", "L", false)
			pdf.Ln(2)
		case KindHeading:
			pdf.Ln(3)
			if _, h := pdf.GetPageSize(); pdf.GetY() > h-margin-30 {
				pdf.AddPage()
			}
			pdf.SetFont(fontFamily, "B", 12)
			pdf.MultiCell(width, 6.5, ln.Text, "B", "L", false)
			pdf.Ln(1.5)
		case KindSub:
			pdf.Ln(1)
			breakIfNeeded(pdf, 20)
			pdf.SetFont(fontFamily, "B", bodySize)
			pdf.MultiCell(width, lineHeight, ln.Text, "", "L", false)
		case KindRow:
			row(pdf, width, ln.Text, ln.Value)
		case KindText:
			pdf.SetFont(fontFamily, "", bodySize)
			pdf.MultiCell(width, lineHeight, ln.Text, "", "L", false)
		case KindTable:
			table(pdf, width, ln.Head, ln.Rows)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, domain.Internal(errors.Join(errors.New("record: writing the PDF"), err))
	}
	return buf.Bytes(), nil
}

// row writes a key in bold beside its value, the value wrapped.
func row(pdf *fpdf.Fpdf, width float64, key, value string) {
	keyW := width * 0.3
	pdf.SetFont(fontFamily, "", bodySize)
	lines := pdf.SplitText(value, width-keyW)
	if len(lines) == 0 {
		lines = []string{""}
	}
	pdf.SetFont(fontFamily, "B", bodySize)
	keyLines := pdf.SplitText(key, keyW)
	n := max(len(lines), len(keyLines))
	breakIfNeeded(pdf, float64(n)*lineHeight)
	x, y := pdf.GetX(), pdf.GetY()
	pdf.MultiCell(keyW, lineHeight, key, "", "L", false)
	pdf.SetXY(x+keyW, y)
	pdf.SetFont(fontFamily, "", bodySize)
	pdf.MultiCell(width-keyW, lineHeight, value, "", "L", false)
	pdf.SetXY(x, y+float64(n)*lineHeight)
}

// breakIfNeeded starts a new page when h does not fit on this one.
func breakIfNeeded(pdf *fpdf.Fpdf, h float64) bool {
	_, pageH := pdf.GetPageSize()
	if pdf.GetY()+h > pageH-margin {
		pdf.AddPage()
		return true
	}
	return false
}

// table writes head and rows with wrapped cells; columns are as wide as
// their longest text asks, within bounds, and the header is repeated on
// every page the table runs onto.
func table(pdf *fpdf.Fpdf, width float64, head []string, rows [][]string) {
	cols := len(head)
	if cols == 0 {
		return
	}
	widths := columnWidths(pdf, width, head, rows)
	pdf.SetDrawColor(170, 170, 170)
	drawRow := func(cells []string, bold bool) {
		style := ""
		if bold {
			style = "B"
			pdf.SetFillColor(232, 236, 240)
		}
		pdf.SetFont(fontFamily, style, tableSize)
		n := 1
		split := make([][]string, cols)
		for i := 0; i < cols; i++ {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			split[i] = pdf.SplitText(text, widths[i])
			n = max(n, len(split[i]))
		}
		h := float64(n)*cellHeight + 1.2
		if breakIfNeeded(pdf, h) && !bold {
			drawHead(pdf, head, widths)
			pdf.SetFont(fontFamily, style, tableSize)
		}
		x, y := margin, pdf.GetY()
		for i := 0; i < cols; i++ {
			pdf.Rect(x, y, widths[i], h, map[bool]string{true: "FD", false: "D"}[bold])
			for j, s := range split[i] {
				pdf.SetXY(x, y+0.6+float64(j)*cellHeight)
				pdf.CellFormat(widths[i], cellHeight, s, "", 0, "L", false, 0, "")
			}
			x += widths[i]
		}
		pdf.SetXY(margin, y+h)
	}
	breakIfNeeded(pdf, 2*cellHeight+3)
	drawRow(head, true)
	for _, r := range rows {
		drawRow(r, false)
	}
	pdf.Ln(2)
}

func drawHead(pdf *fpdf.Fpdf, head []string, widths []float64) {
	pdf.SetFont(fontFamily, "B", tableSize)
	pdf.SetFillColor(232, 236, 240)
	n := 1
	split := make([][]string, len(head))
	for i, s := range head {
		split[i] = pdf.SplitText(s, widths[i])
		n = max(n, len(split[i]))
	}
	h := float64(n)*cellHeight + 1.2
	x, y := margin, pdf.GetY()
	for i := range head {
		pdf.Rect(x, y, widths[i], h, "FD")
		for j, s := range split[i] {
			pdf.SetXY(x, y+0.6+float64(j)*cellHeight)
			pdf.CellFormat(widths[i], cellHeight, s, "", 0, "L", false, 0, "")
		}
		x += widths[i]
	}
	pdf.SetXY(margin, y+h)
}

// columnWidths shares width among the columns: each gets at least its
// widest word (so "Nr." and "Status" never break, a digest does), then
// the rest of the width goes to the columns whose text is longer than
// that, in proportion to what they lack.
func columnWidths(pdf *fpdf.Fpdf, width float64, head []string, rows [][]string) []float64 {
	pad := 2*pdf.GetCellMargin() + 0.5
	floor := make([]float64, len(head))
	want := make([]float64, len(head))
	measure := func(i int, text string, style string) {
		pdf.SetFont(fontFamily, style, tableSize)
		for _, w := range strings.Fields(text) {
			floor[i] = max(floor[i], min(pdf.GetStringWidth(w)+pad, width*0.3))
		}
		want[i] = max(want[i], min(pdf.GetStringWidth(text)+pad, width*0.45))
	}
	for i, h := range head {
		measure(i, h, "B")
	}
	for _, r := range rows {
		for i := 0; i < len(head) && i < len(r); i++ {
			measure(i, r[i], "")
		}
	}
	out := make([]float64, len(head))
	used, lack := 0.0, 0.0
	for i := range head {
		out[i] = max(floor[i], 6)
		used += out[i]
		lack += max(want[i]-out[i], 0)
	}
	if used > width {
		for i := range out {
			out[i] *= width / used
		}
		return out
	}
	spare := width - used
	for i := range out {
		switch {
		case lack > 0:
			out[i] += spare * max(want[i]-out[i], 0) / lack
		default:
			out[i] += spare / float64(len(out))
		}
	}
	return out
}
