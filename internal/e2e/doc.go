// Package e2e holds the end-to-end browser tests: the whole application on
// a temporary SQLite database with the Fosen demo, driven by a headless
// Chromium through chromedp, with every page checked by axe-core against
// WCAG 2.1 A and AA.
//
// The tests skip when Chromium or axe-core is missing, unless
// TEST_REQUIRE_BROWSER=1 (as in CI), which makes that a failure:
//
//	TEST_CHROMIUM   path of the browser (default /usr/bin/chromium)
//	TEST_AXE        path of axe.min.js (default web/node_modules/axe-core/axe.min.js)
//	E2E_SCREENSHOTS=1 writes the screenshots of docs/screenshots
package e2e
