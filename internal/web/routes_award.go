package web

// awardRoutes are a tender from the award to the signed contract: the
// decision and its letters, complaints, the contract and hand-over,
// traceability, the record, the notices and the OCDS export, and the
// supplier's letters and complaints in the portal.
func (s *Server) awardRoutes() []Route {
	page := pageRoute
	const t = "/procurement/{tender}"
	const pt = "/portal/tenders/{tender}"
	return []Route{
		page("GET", t+"/award", s.awardPage),
		page("POST", t+"/award", s.awardDecide),
		page("POST", t+"/award/letters/{letter}", s.awardLetterEdit),

		page("GET", t+"/complaints", s.complaintsPage),
		page("POST", t+"/complaints", s.complaintRegister),
		page("POST", t+"/complaints/{complaint}", s.complaintAnswer),

		page("GET", t+"/contract", s.contractPage),
		page("POST", t+"/contract", s.contractSign),
		page("POST", t+"/contract/handover", s.contractHandOver),

		page("GET", t+"/trace", s.tracePage),
		page("GET", t+"/trace/{requirement}", s.traceChainPage),

		page("GET", t+"/record.pdf", s.recordPDF),
		page("GET", t+"/archive.zip", s.archiveZip),
		page("GET", t+"/notices/contract.xml", s.noticeXML("contract")),
		page("GET", t+"/notices/award.xml", s.noticeXML("award")),
		page("GET", t+"/ocds.json", s.ocdsJSON),
		page("POST", t+"/notice-facts", s.noticeFactsSave),

		page("GET", pt+"/award", s.portalAwardPage),
		page("POST", pt+"/complaints", s.portalComplain),
	}
}
