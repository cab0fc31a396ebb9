// Package seal is the cryptography of sealed bids: tender keys, authenticated encryption of bids
// at rest, and the tamper-evident access log of a tender.
//
// It serves Directive 2014/24/EU Annex IV ("Requirements relating to tools and devices for the
// electronic receipt of tenders", EUR-Lex CELEX 32014L0024), points:
//
//   - (b) before the time limit no one can have access to the data transmitted: a bid is stored
//     only as AES-256-GCM ciphertext under its tender's key, and that key is stored only wrapped
//     by the server key. The server key is configuration (a file, see LoadKeyFile), never a
//     database value, so a copy of the database, a backup or a database administrator sees bytes
//     that cannot be read. The procurement manager decides when it unwraps a key (after the
//     time limit, by an authorised person); this package only makes that the only way in.
//   - (g) infringements or attempts are clearly detectable: every GCM tag covers the ciphertext
//     and its associated data (AAD: tender, bid, supplier), so a changed, truncated or moved bid
//     fails to open with ErrTampered instead of yielding other plaintext; the access log is a
//     chain of HMAC-SHA256 values (Server.Chain, Server.Verify), so a changed, reordered or
//     removed entry is found by anyone holding the server key.
//
// Why the keys are separated: one key per tender limits what a single unwrapped key exposes
// to that tender's bids, and lets a tender's bids be opened without touching any other. The
// server key itself is never used directly: HKDF-SHA256 derives a wrapping key ("tjenestevalg
// wrap v1") and a log MAC key ("tjenestevalg log v1"), so a MAC computed over log data can
// never serve as, or reveal anything about, the key that protects tender keys, and either
// use can change its version without affecting the other.
//
// What the chain alone cannot show: entries cut off at the end leave a shorter chain that is
// still intact. The caller keeps the last Seq and MAC (the head) where the log's writer cannot
// lower it, and checks with Server.VerifyHead. Someone holding the server key can forge a
// whole chain; the key file's permissions (LoadKeyFile refuses group or world access) are what
// keeps that key from the database's users.
//
// The package is pure: standard library only, no database and no HTTP.
package seal
