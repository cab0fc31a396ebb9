package web

// evaluationRoutes are a tender's evaluation: award criteria, the bids'
// answers to the specification, presentations, the evaluators' blind
// scoring, consensus and results.
func (s *Server) evaluationRoutes() []Route {
	return []Route{}
}
