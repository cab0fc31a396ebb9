package web

import (
	"net/http"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/ocds"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/record"
)

// A tender's downloads for its CanEdit persons (the manager authorises and
// logs each): the procurement record as a PDF, the archive for the records
// system, the eForms notices and the OCDS release package.

// exportLang is the language a download is written in: the query's "lang"
// ("en"), else Norwegian bokmål, the record's own language.
func exportLang(r *http.Request) string {
	if strings.EqualFold(r.URL.Query().Get("lang"), "en") {
		return "en"
	}
	return "nb"
}

// exports are the record's and the archive's writers. The OCDS package in
// the archive uses the ILLUSTRATIVE publisher and ocid prefix
// (record.IllustrativeOCDS): no prefix is registered for the app.
func exports(lang string) procurement.Exports {
	return record.NewExports(lang, record.IllustrativeOCDS())
}

// download sends content as an attachment named after the tender.
func download(w http.ResponseWriter, t procurement.Tender, suffix, contentType string, content []byte) {
	sendFile(w, procurement.File{Name: t.Reference + "-" + suffix, ContentType: contentType, Content: content})
}

func (s *Server) recordPDF(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	pdf, err := s.Procurement.Record(r.Context(), reqOf(r).Principal, t.ID, exports(exportLang(r)))
	if err != nil {
		return err
	}
	download(w, t, "anskaffelsesprotokoll.pdf", "application/pdf", pdf)
	return nil
}

func (s *Server) archiveZip(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	zip, err := s.Procurement.Archive(r.Context(), reqOf(r).Principal, t.ID, exports(exportLang(r)))
	if err != nil {
		return err
	}
	download(w, t, "arkiv.zip", "application/zip", zip)
	return nil
}

// noticeXML downloads the eForms notice of kind (procurement.NoticeContract
// or NoticeAward); the query's lang is the notice's language ("ENG" or
// "NOR", also "en" or "nb"; none: the manager's default for the part).
func (s *Server) noticeXML(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		t, err := s.tenderOf(r)
		if err != nil {
			return err
		}
		nl := strings.ToUpper(r.URL.Query().Get("lang"))
		switch nl {
		case "EN":
			nl = "ENG"
		case "NB", "NO":
			nl = "NOR"
		}
		xml, err := s.Procurement.Notice(r.Context(), reqOf(r).Principal, t.ID, kind, nl)
		if err != nil {
			return err
		}
		download(w, t, kind+"-notice.xml", "application/xml", xml)
		return nil
	}
}

func (s *Server) ocdsJSON(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	p := reqOf(r).Principal
	c, err := s.Catalogue.Collaboration(r.Context(), p)
	if err != nil {
		return err
	}
	pkg, err := ocds.Export(r.Context(), s.Procurement, p, t.ID, c.Name)
	if err != nil {
		return err
	}
	download(w, t, "ocds.json", "application/json", pkg)
	return nil
}
