package web

// awardRoutes are a tender from the award to the signed contract: the
// decision and its letters, complaints, the contract and hand-over,
// traceability, the record, the notices and the OCDS export, and the
// supplier's letters and complaints in the portal.
func (s *Server) awardRoutes() []Route {
	return []Route{}
}
