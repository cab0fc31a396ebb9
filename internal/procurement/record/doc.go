// Package record writes a tender's procurement record (anskaffelsesprotokoll)
// from its dossier: Lines gives the protocol as structured text in bokmål or
// English, PDF renders it as a reproducible A4 document in the Go fonts, and
// NewExports hands both, with the OCDS package, to procurement.Manager's
// Record and Archive. It is pure: values in, bytes out.
//
// Sources: FOA (anskaffelsesforskriften, FOR-2016-08-12-974) § 7-1 for the
// duty to document every procurement from NOK 100 000, and §§ 10-5, 25-5 and
// 30-1 for the part-specific records, as the ministry lists them
// (regjeringen.no id2518875 "Protokoller"; id2539133 "Dokumentasjonsplikten
// og anskaffelsesprotokoll": documentation kept at least three years after
// the contract above the EEA thresholds, the contract for its whole term).
// The sections' wording was not found verbatim through search; see Lines.
package record
