package e2e_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// editorBoxes measures the editor at the current viewport: the canvas,
// the properties panel and the width main gives its content.
const editorBoxes = `(() => {
  const box = css => { const r = document.querySelector(css).getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; };
  const main = document.querySelector('main'), s = getComputedStyle(main);
  return {canvas: box('.bpmn-canvas'), panel: box('.bpmn-properties'),
    content: main.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)};
})()`

type rect struct{ Left, Right, Top, Bottom, Width float64 }

type editorLayout struct {
	Canvas, Panel rect
	Content       float64
}

// testProcessEditorLayout opens the editor on a 1280×800 screen: the
// canvas and the properties panel stand side by side, the canvas taking
// most of the width, so that a diagram with many lanes is readable
// without zooming. On a 320 px screen the panel goes under the canvas.
func testProcessEditorLayout(t *testing.T) {
	b := newTab(t)
	svc := "/services/" + knownServiceSlug
	b.loginTo("programleder@fosen.example", "service processes", svc+"/processes")
	if st := b.open("process editor", b.rowLink("Ønsket situasjon", "")); st != 200 {
		t.Fatalf("editor: status %d", st)
	}
	b.waitDiagram()
	// After open: its reflow check may have changed the viewport.
	defer b.do("restore the viewport", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		return err
	}))
	b.do("a 1280×800 screen", chromedp.EmulateViewport(1280, 800))
	b.waitFor("a 1280×800 viewport", `innerWidth === 1280 && innerHeight === 800`)
	l := evalJS[editorLayout](b, editorBoxes)
	c, p := l.Canvas, l.Panel
	if c.Right > p.Left {
		t.Errorf("the canvas (%.0f–%.0f px) is not left of the properties panel (%.0f–%.0f px)", c.Left, c.Right, p.Left, p.Right)
	}
	if c.Top != p.Top {
		t.Errorf("the canvas starts at %.0f px and the panel at %.0f px: not side by side", c.Top, p.Top)
	}
	if share := c.Width / l.Content; share < 0.6 {
		t.Errorf("the canvas is %.0f of %.0f px (%.0f %%), want at least 60 %%", c.Width, l.Content, share*100)
	}

	b.do("a 320 px screen", chromedp.EmulateViewport(320, 800))
	b.waitFor("a 320 px viewport", `innerWidth === 320`)
	l = evalJS[editorLayout](b, editorBoxes)
	if l.Panel.Top < l.Canvas.Bottom {
		t.Errorf("at 320 px the panel (top %.0f px) is not under the canvas (bottom %.0f px)", l.Panel.Top, l.Canvas.Bottom)
	}
}
