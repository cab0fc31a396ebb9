package web

// procurementRoutes are the buyer's side of procurement: tenders, the
// market dialogue, documents, the specification, questions, bids and the
// access log, for the collaboration's own users.
func (s *Server) procurementRoutes() []Route {
	page, api, upload := pageRoute, apiRoute, uploadRoute
	const t = "/procurement/{tender}"
	return []Route{
		page("GET", "/procurement", s.procurementTenders),
		page("POST", "/procurement", s.procurementCreate),
		page("GET", "/procurement/suppliers", s.procurementSuppliers),
		page("POST", "/procurement/suppliers", s.procurementSupplierSave),
		// A supplier's page is outside /procurement/: /procurement/suppliers/{id}
		// would overlap every /procurement/{tender}/… route (ServeMux
		// refuses both).
		page("GET", "/suppliers/{id}", s.procurementSupplier),
		page("POST", "/suppliers/{id}", s.procurementSupplierSave),
		page("POST", "/suppliers/{id}/users", s.procurementSupplierLink),

		page("GET", t, s.procurementTender),
		page("POST", t, s.procurementTenderSave),
		page("POST", t+"/candidates", s.procurementInvite),
		page("POST", t+"/candidates/{supplier}/delete", s.procurementUninvite),
		page("POST", t+"/officers", s.procurementOfficers),
		page("POST", t+"/publish", s.procurementPublish),
		page("POST", t+"/deadline", s.procurementDeadline),

		page("GET", t+"/dialogue", s.procurementDialogue),
		page("POST", t+"/dialogue", s.procurementDialogueSave),

		page("GET", t+"/documents", s.procurementDocuments),
		upload(page("POST", t+"/documents", s.procurementDocumentAdd)).allowedBy(s.mayEditTender),
		upload(page("POST", t+"/documents/{doc}/versions", s.procurementDocumentVersion)).allowedBy(s.mayEditTender),
		page("POST", t+"/documents/{doc}/publish", s.procurementDocumentPublish),
		page("GET", t+"/documents/{doc}/versions/{n}", s.procurementDocumentFile),

		page("GET", t+"/requirements", s.procurementRequirements),
		page("POST", t+"/requirements", s.procurementRequirementSave),
		page("POST", t+"/requirements/generate", s.procurementRequirementsGenerate),
		page("POST", t+"/requirements/publish", s.procurementRequirementsPublish),
		page("POST", t+"/requirements/{id}", s.procurementRequirementSave),

		page("GET", t+"/questions", s.procurementQuestions),
		page("POST", t+"/questions", s.procurementConferenceQuestion),
		page("POST", t+"/questions/{id}", s.procurementAnswer),
		page("POST", t+"/conference", s.procurementConference),

		page("GET", t+"/bids", s.procurementBids),
		page("POST", t+"/bids/open", s.procurementOpenBids),
		page("GET", t+"/bids/{bid}/files/{n}", s.procurementBidFile),

		page("GET", t+"/log", s.procurementLog),

		api("GET", "/api/v1/procurement/tenders", s.apiTenders),
		api("GET", "/api/v1/procurement/tenders/{tender}", s.apiTender),
	}
}
