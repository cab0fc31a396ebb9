package web

import "fmt"

// portalRoutes are the supplier portal: the tenders a supplier's
// organisation may see, its documents, questions and bids. A bid's body
// (price form and files, procurement.DefaultFileLimits().MaxBidBytes = 50
// MiB with the form around it) fits maxUpload (64 MiB), so the bid route
// is an upload route; its right (a supplier user) is decided before the
// body is read.
func (s *Server) portalRoutes() []Route {
	page, api, upload := pageRoute, apiRoute, uploadRoute
	return []Route{
		page("GET", "/portal", s.portalList),
		page("GET", "/portal/tenders/{tender}", s.portalTender),
		page("GET", "/portal/tenders/{tender}/documents/{doc}/versions/{n}", s.portalDocument),
		page("GET", "/portal/tenders/{tender}/receipts/{bid}", s.portalReceiptPage),
		page("POST", "/portal/tenders/{tender}/questions", s.askQuestion),
		page("GET", "/portal/tenders/{tender}/questions/{question}", s.portalQuestionPage),
		upload(page("POST", "/portal/tenders/{tender}/bid", s.submitBid)).allowedBy(s.maySupply),
		page("POST", "/portal/tenders/{tender}/bid/withdraw", s.withdrawBid),

		api("GET", "/api/v1/portal/tenders", s.apiPortalTenders),
		api("GET", "/api/v1/portal/tenders/{tender}", s.apiPortalTender),
		api("POST", "/api/v1/portal/tenders/{tender}/questions", s.apiPortalAsk),
		api("GET", "/api/v1/portal/tenders/{tender}/questions/{question}", s.apiPortalQuestion),
	}
}

// portalDocURL is where a supplier downloads version n of a document.
func portalDocURL(tender, doc int64, n int) string {
	return fmt.Sprintf("/portal/tenders/%d/documents/%d/versions/%d", tender, doc, n)
}
