package web

// evaluationRoutes are a tender's evaluation: award criteria, the bids'
// answers to the specification, presentations, the evaluators' blind
// scoring, consensus and results.
func (s *Server) evaluationRoutes() []Route {
	page := pageRoute
	const e = "/procurement/{tender}/evaluation"
	return []Route{
		page("GET", e, s.evaluationSetup),
		page("POST", e, s.evaluationSetupSave),
		page("POST", e+"/answers", s.evaluationAnswers),
		page("POST", e+"/bids/{bid}/reject", s.evaluationReject),
		page("GET", e+"/bids/{bid}/files/{n}", s.evaluationBidFile),
		page("GET", e+"/scores", s.evaluationScores),
		page("POST", e+"/scores", s.evaluationScoresSave),
		page("GET", e+"/consensus", s.evaluationConsensus),
		page("POST", e+"/consensus", s.evaluationConsensusSave),
		page("GET", e+"/results", s.evaluationResults),
	}
}
