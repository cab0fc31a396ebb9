package web

import (
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
)

// Route is one endpoint. The authorisation matrix test walks all of them.
type Route struct {
	Method  string
	Pattern string
	Public  bool // reachable without login
	API     bool // JSON errors instead of pages
	// Limit is the largest request body accepted, in bytes; zero means
	// defaultBodyLimit. Routes that receive files declare a larger one.
	Limit  int64
	handle handlerFunc
	// allow, when set, is the route's right decided before the body is
	// read (allowedBy).
	allow handlerAuth
}

// handlerAuth decides a right from the request alone; nil when granted.
type handlerAuth func(r *http.Request) error

// defaultBodyLimit is the largest body of a request that sends no file.
const defaultBodyLimit = 1 << 20

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Routes lists the endpoints, for tests.
func (s *Server) Routes() []Route { return s.routes }

// routeTable is the one route table: every endpoint of the app, with who may
// reach it without a login, whether it answers in JSON, and how large a
// request body it accepts. The authorisation matrix test walks all of
// them, so a route added here must also say there who may use it.
func (s *Server) routeTable() []Route {
	page, public, api, upload := pageRoute, publicRoute, apiRoute, uploadRoute
	// bpmn marks a route that receives a process model, up to the
	// configured largest BPMN file.
	bpmn := func(rt Route) Route { rt.Limit = s.bpmnBodyLimit(); return rt }
	routes := []Route{
		public("GET", "/healthz", s.healthz),
		public("GET", "/login", s.loginForm),
		public("POST", "/login", s.login),
		public("POST", "/logout", s.logout),
		public("GET", "/password-reset", s.resetRequestForm),
		public("POST", "/password-reset", s.resetRequest),
		public("GET", account.ResetPath, s.resetForm),
		public("POST", account.ResetPath, s.resetComplete),
		public("POST", "/lang", s.setLang),
		public("GET", "/accessibility", s.accessibility),
		page("GET", "/{$}", s.dashboard),
		page("POST", "/notifications/{id}/read", s.readNotification),

		// The catalogue: services, municipalities, facts, import and export.
		page("GET", "/services", s.cached(s.serviceList)),
		page("GET", "/services/new", s.serviceNew),
		page("POST", "/services", s.serviceCreate),
		page("GET", "/services/{slug}", s.cached(s.servicePage)),
		page("GET", "/services/{slug}/edit", s.serviceEdit),
		page("POST", "/services/{slug}", s.serviceUpdate),
		page("GET", "/services/{slug}/history", s.serviceHistory),
		page("POST", "/services/{slug}/editors", s.serviceEditors),
		page("GET", "/services/{slug}/facts/{municipality}", s.factsEdit),
		page("POST", "/services/{slug}/facts/{municipality}", s.factsUpdate),
		page("GET", "/services/{slug}/facts/{municipality}/history", s.factsHistory),
		// The open catalogue's corrections, reviewed field by field.
		page("GET", "/catalogue/changes", s.catalogueChanges),
		page("POST", "/catalogue/changes", s.decideChanges),
		page("GET", "/municipalities", s.municipalityList),
		page("GET", "/municipalities/{id}/edit", s.municipalityEdit),
		page("POST", "/municipalities/{id}", s.municipalityUpdate),
		page("GET", "/municipalities/{id}/history", s.municipalityHistory),
		page("GET", "/import", s.importForm),
		upload(page("POST", "/import", s.importPreview)).allowedBy(s.mayImport),
		page("POST", "/import/{upload}", s.importCommit),
		page("GET", "/export/{file}", s.export),

		// Processes: models, the editor, obstacles and requirements.
		page("GET", "/services/{slug}/processes", s.serviceProcesses),
		bpmn(page("POST", "/services/{slug}/processes", s.processUpload)),
		page("GET", "/services/{slug}/processes/{model}/bpmn", s.processDownload),
		page("GET", "/services/{slug}/processes/{model}/history", s.processHistory),
		page("GET", "/services/{slug}/processes/{model}", s.processDiagram),
		page("GET", "/services/{slug}/processes/new", s.processNew),
		page("GET", "/services/{slug}/processes/blank.bpmn", s.processBlank),
		bpmn(api("POST", "/services/{slug}/processes/editor", s.processEditorSave)),
		page("POST", "/services/{slug}/processes/copy", s.processCopy),
		page("GET", "/services/{slug}/processes/{model}/table", s.processTable),
		page("POST", "/services/{slug}/processes/{model}/table", s.processTableEdit),
		page("GET", "/services/{slug}/processes/harmonisation", s.processHarmonisation),
		page("GET", "/services/{slug}/obstacles", s.serviceObstacles),
		page("POST", "/services/{slug}/obstacles", s.saveObstacle),
		page("GET", "/services/{slug}/obstacles/{id}", s.editObstacle),
		page("POST", "/services/{slug}/obstacles/{id}", s.saveObstacle),
		page("POST", "/services/{slug}/obstacles/{id}/delete", s.deleteObstacle),
		page("GET", "/services/{slug}/requirements", s.serviceRequirements),
		page("POST", "/services/{slug}/requirements", s.saveRequirement),
		page("POST", "/services/{slug}/requirements/derive", s.deriveRequirements),
		page("POST", "/services/{slug}/requirements/{id}", s.saveRequirement),
		page("GET", "/services/{slug}/requirements/export", s.exportServiceRequirements),
		page("GET", "/processes", s.processModule),
		page("GET", "/processes/requirements", s.collaborationRequirements),
		page("GET", "/processes/requirements/export", s.exportCollaborationRequirements),

		// Benefits: the benefit case and its realisation plan.
		page("GET", "/services/{slug}/benefit", s.serviceBenefit),
		page("POST", "/services/{slug}/benefit", s.saveBenefit),
		page("POST", "/services/{slug}/benefit/preview", s.previewBenefit),
		page("GET", "/services/{slug}/benefit/export", s.exportBenefit),
		page("GET", "/benefits", s.portfolio),
		page("GET", "/benefits/due", s.dueMeasurements),
		page("GET", "/services/{slug}/plan", s.servicePlan),
		page("POST", "/services/{slug}/plan", s.createPlan),
		page("POST", "/services/{slug}/plan/indicators", s.saveIndicator),
		page("POST", "/services/{slug}/plan/indicators/{id}", s.saveIndicator),
		page("POST", "/services/{slug}/plan/indicators/{id}/delete", s.deleteIndicator),
		page("POST", "/services/{slug}/plan/indicators/{id}/measurements", s.addMeasurement),
		upload(page("POST", "/services/{slug}/plan/import", s.importMeasurements)).allowedBy(s.mayMeasureAny),
		page("GET", "/services/{slug}/plan/export", s.exportPlan),

		// Prioritisation: criteria, weights, assignments, scoring rounds
		// and decisions.
		page("GET", "/priority", s.priorityOverview),
		page("GET", "/priority/criteria", s.priorityCriteria),
		page("POST", "/priority/criteria/{id}", s.priorityCriterionSave),
		page("GET", "/priority/weights", s.priorityWeights),
		page("POST", "/priority/weights", s.priorityWeightsSave),
		page("GET", "/priority/assignments", s.priorityAssignments),
		page("POST", "/priority/assignments", s.priorityAssign),
		page("POST", "/priority/assignments/{id}/delete", s.priorityUnassign),
		page("GET", "/priority/rounds", s.priorityRounds),
		page("POST", "/priority/rounds", s.openRound),
		page("GET", "/priority/rounds/{id}", s.priorityRound),
		page("POST", "/priority/rounds/{id}/close", s.closeRound),
		page("POST", "/priority/rounds/{id}/scores", s.submitScores),
		page("POST", "/priority/decisions", s.createDecision),
		page("GET", "/priority/decisions/{id}", s.priorityDecision),
		page("POST", "/priority/decisions/{id}/approve", s.approveDecision),
		page("GET", "/priority/audit", s.priorityAudit),

		// The roadmap: items, scenarios and the optimiser's plans.
		page("GET", "/roadmap", s.roadmapPage),
		page("GET", "/roadmap/export", s.roadmapExport),
		page("POST", "/roadmap/from-decision", s.roadmapFromDecision),
		page("POST", "/roadmap/editors", s.roadmapSetEditors),
		page("POST", "/roadmap/services", s.roadmapAddService),
		page("POST", "/roadmap/items", s.roadmapSaveItem),
		page("GET", "/roadmap/items/{key}", s.roadmapItem),
		page("POST", "/roadmap/items/{key}", s.roadmapSaveItem),
		page("POST", "/roadmap/items/{key}/delete", s.roadmapDeleteItem),
		page("POST", "/roadmap/scenarios", s.roadmapCopyScenario),
		page("GET", "/roadmap/scenarios/{id}", s.roadmapScenario),
		page("POST", "/roadmap/scenarios/{id}", s.roadmapSaveScenario),
		page("POST", "/roadmap/scenarios/{id}/delete", s.roadmapDeleteScenario),
		page("GET", "/roadmap/scenarios/{id}/model", s.roadmapModel),

		// Administration.
		page("GET", "/admin/users", s.userList),
		page("POST", "/admin/users", s.userCreate),
		page("GET", "/admin/users/{id}", s.userPage),
		page("POST", "/admin/users/{id}/roles", s.userRoles),
		page("POST", "/admin/users/{id}/password", s.userPassword),

		// The JSON API (docs in openapi.json).
		{Method: "GET", Pattern: "/api/v1/openapi.json", handle: s.apiOpenAPI, API: true, Public: true},
		api("GET", "/api/v1/me", s.apiMe),
		api("GET", "/api/v1/services", s.apiServices),
		api("POST", "/api/v1/services", s.apiServiceCreate),
		api("GET", "/api/v1/services/{slug}", s.apiService),
		api("PUT", "/api/v1/services/{slug}", s.apiServiceUpdate),
		api("GET", "/api/v1/services/{slug}/history", s.apiServiceHistory),
		api("GET", "/api/v1/services/{slug}/facts", s.apiFacts),
		api("PUT", "/api/v1/services/{slug}/facts/{municipality}", s.apiFactsUpdate),
		api("GET", "/api/v1/municipalities", s.apiMunicipalities),
		api("GET", "/api/v1/catalogue/changes", s.apiCatalogueChanges),
		api("POST", "/api/v1/catalogue/changes", s.apiDecideChanges),
		api("GET", "/api/v1/services/{slug}/processes", s.apiProcesses),
		api("GET", "/api/v1/services/{slug}/benefit", s.apiBenefit),
		api("PUT", "/api/v1/services/{slug}/benefit", s.apiBenefitUpdate),
	}
	// Procurement: the buyer's side (routes_procurement.go) and the
	// supplier portal (routes_portal.go).
	routes = append(routes, s.procurementRoutes()...)
	// Evaluation (routes_evaluation.go), and award to contract with the
	// record and exports (routes_award.go).
	routes = append(routes, s.evaluationRoutes()...)
	routes = append(routes, s.awardRoutes()...)
	// Event logs: import, figures, and measured facts (routes_eventlog.go).
	routes = append(routes, s.eventLogRoutes()...)
	return append(routes, s.portalRoutes()...)
}

// pageRoute is a route for logged-in users answering with pages.
func pageRoute(m, p string, h handlerFunc) Route { return Route{Method: m, Pattern: p, handle: h} }

// publicRoute is a route reachable without a login.
func publicRoute(m, p string, h handlerFunc) Route {
	return Route{Method: m, Pattern: p, handle: h, Public: true}
}

// apiRoute is a route answering in JSON.
func apiRoute(m, p string, h handlerFunc) Route {
	return Route{Method: m, Pattern: p, handle: h, API: true}
}

// uploadRoute marks a route that receives a file: it accepts a body of up
// to maxUpload instead of defaultBodyLimit.
func uploadRoute(rt Route) Route { rt.Limit = maxUpload; return rt }

// bpmnBodyLimit is the body limit of the routes that receive a process
// model: room for the largest BPMN file the process manager accepts (set
// before the server is built), form-encoded by the editor (up to three
// bytes per byte) with the form around it, and never less than maxUpload,
// so that a file too large for the manager reaches it and is refused with
// its message rather than cut off.
func (s *Server) bpmnBodyLimit() int64 {
	if s.Processes == nil {
		return maxUpload
	}
	return max(maxUpload, 3*s.Processes.MaxFileSize()+1<<20)
}
