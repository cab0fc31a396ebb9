// Package procurement is the tender (anskaffelse) of a collaboration, from
// the market dialogue to the opening of the bids: the tender itself with its
// procedure, regulation part and milestones; the dialogue conference and the
// one-to-one meetings; the tender documents with their versions; the
// requirement specification generated from the process module's confirmed
// requirements; supplier organisations and the supplier portal; questions
// and answers; and sealed bids under Directive 2014/24/EU Annex IV.
//
// Pure rules (thresholds and regulation parts, procedures, organisation
// numbers, Oslo time, file rules, equal treatment, the specification merge)
// live in their own files and import neither net/http nor database/sql. The
// Manager owns authorisation and the rules that span records; Store keeps
// them. Bid content is sealed by package seal with a key per tender wrapped
// by the server key, which is configuration and never stored; every access
// and every refusal is written to a per-tender log whose entries are
// chained with a MAC, so that a changed or removed entry is detected.
package procurement
