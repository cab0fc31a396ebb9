package web

// portalRoutes are the supplier portal: the tenders a supplier's
// organisation may see, its documents, questions and bids.
func (s *Server) portalRoutes() []Route {
	return []Route{}
}
