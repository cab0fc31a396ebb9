// Package eforms writes the procurement notices Doffin and TED take: eForms
// (UBL 2.3 XML, eForms SDK 1.15) for a Norwegian buyer. The contract notice
// is subtype 16 and the contract award notice subtype 29 above the EEA
// thresholds (Directive 2014/24/EU); below them Doffin's national subtypes
// E3 and E4. A plain Notice value goes in, the XML comes out: no store, no
// network, and the same value always gives the same bytes.
//
// Doffin tells its notices apart by a suffix to the CustomizationID
// (github.com/anskaffelser/eforms-sdk-nor, README "How to identify
// Norwegian eForms?"): "#extended#urn:fdc:anskaffelser.no:2023:eforms:eu"
// for notices it passes on to TED and "…:national" below the thresholds.
// The official SDK's rule BR-OPT-00002-0052 accepts only "eforms-sdk-X.Y",
// and Doffin says such notices must be filtered before TED validates them;
// OfficialForm does exactly that, so the official SDK 1.15.1 Schematron can
// check everything else. Norwegian (NOR) is not an EU language: the official
// rules reject a notice written in it (BR-BT-00702-0102), Doffin's national
// SDK accepts it, so only national notices may be in Norwegian and only
// English ones can be checked offline.
package eforms
