package web

// procurementRoutes are the buyer's side of procurement: tenders, the
// market dialogue, documents, the specification, questions, bids and the
// access log, for the collaboration's own users.
func (s *Server) procurementRoutes() []Route {
	return []Route{}
}
