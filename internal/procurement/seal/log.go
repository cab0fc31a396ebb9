package seal

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"
)

// Entry is one line of a tender's access log: who did what to which object, and whether it
// was allowed. Prev and MAC chain it to the entry before.
type Entry struct {
	Seq     int64     // 1, 2, 3 ... within one chain (a tender's log)
	At      time.Time // UTC, to the microsecond (see Chain)
	ActorID int64
	Actor   string
	Action  string
	Object  string
	Detail  string
	Outcome string // "ok" or "refused"
	Prev    []byte // MAC of the entry before (empty for Seq 1)
	MAC     []byte
}

// canonical is the exact byte string an entry's MAC covers: Prev, then every field in
// declaration order, each length-prefixed as in Digest; integers as 8 bytes big endian, At as
// RFC 3339 with nanoseconds in UTC. The leading label keeps these bytes distinct from any
// other use of the log key.
func canonical(e Entry) []byte {
	var seq, actor [8]byte
	binary.BigEndian.PutUint64(seq[:], uint64(e.Seq))
	binary.BigEndian.PutUint64(actor[:], uint64(e.ActorID))
	var b bytes.Buffer
	frame(&b,
		[]byte("log entry"),
		e.Prev,
		seq[:],
		[]byte(e.At.UTC().Format(time.RFC3339Nano)),
		actor[:],
		[]byte(e.Actor),
		[]byte(e.Action),
		[]byte(e.Object),
		[]byte(e.Detail),
		[]byte(e.Outcome),
	)
	return b.Bytes()
}

func (s *Server) mac(e Entry) []byte {
	m := hmac.New(sha256.New, s.logKey)
	m.Write(canonical(e))
	return m.Sum(nil)
}

// Chain returns e linked after the entry whose MAC is prev (nil for the first entry): Prev
// set, At in UTC truncated to the microsecond (what PostgreSQL and the SQLite text form keep,
// so a stored entry verifies after a round trip), and MAC = HMAC-SHA256(log key,
// canonical(e)). The caller sets Seq.
func (s *Server) Chain(prev []byte, e Entry) Entry {
	e.Prev = append([]byte(nil), prev...)
	if len(prev) == 0 {
		e.Prev = nil
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.MAC = s.mac(e)
	return e
}

// Verify checks a whole chain, given in Seq order: Seq runs 1..n without gaps, each Prev is the
// MAC before it, and each MAC recomputes under this server's key. It returns -1, nil when the
// chain is intact; otherwise the index of the first bad entry and an error wrapping
// ErrTampered that says what is wrong (a missing start, a gap, a reordering or duplicate, a
// broken link, an altered entry).
//
// Entries removed from the end leave an intact shorter chain; the chain cannot show that.
// Use VerifyHead with the last Seq and MAC kept where the log's writer cannot lower them.
//
// Errors: ErrTampered (wrapped).
func (s *Server) Verify(entries []Entry) (bad int, err error) {
	var prevMAC []byte
	for i, e := range entries {
		want := int64(i + 1)
		switch {
		case i == 0 && e.Seq != 1:
			return i, fmt.Errorf("%w: the log starts at entry %d, not 1; entries before it were removed", ErrTampered, e.Seq)
		case e.Seq > want && laterHas(entries[i+1:], want):
			return i, fmt.Errorf("%w: entry %d comes before entry %d; entries were reordered", ErrTampered, e.Seq, want)
		case e.Seq > want:
			return i, fmt.Errorf("%w: entries %d to %d are missing", ErrTampered, want, e.Seq-1)
		case e.Seq < want:
			return i, fmt.Errorf("%w: entry %d comes after entry %d; entries were reordered or duplicated", ErrTampered, e.Seq, entries[i-1].Seq)
		}
		if !hmac.Equal(e.Prev, prevMAC) {
			return i, fmt.Errorf("%w: entry %d does not follow the entry before it", ErrTampered, e.Seq)
		}
		if !hmac.Equal(e.MAC, s.mac(e)) {
			return i, fmt.Errorf("%w: entry %d was altered or written without the server key", ErrTampered, e.Seq)
		}
		prevMAC = e.MAC
	}
	return -1, nil
}

// VerifyHead is Verify plus the check the chain cannot make alone: the last entry must be the
// head the caller kept (its Seq and MAC), so entries cut off at the end are found. A head of
// Seq 0 means an empty log. The index returned for a cut-off tail is len(entries), where the
// first missing entry belongs.
//
// Errors: ErrTampered (wrapped).
func (s *Server) VerifyHead(entries []Entry, headSeq int64, headMAC []byte) (bad int, err error) {
	if bad, err := s.Verify(entries); err != nil {
		return bad, err
	}
	n := int64(len(entries))
	var lastMAC []byte
	if n > 0 {
		lastMAC = entries[n-1].MAC
	}
	switch {
	case n < headSeq:
		return len(entries), fmt.Errorf("%w: the log ends at entry %d but %d were written; the last were removed", ErrTampered, n, headSeq)
	case n > headSeq:
		return int(max(headSeq, 0)), fmt.Errorf("%w: the log has %d entries but its head says %d", ErrTampered, n, headSeq)
	case !hmac.Equal(lastMAC, headMAC):
		return len(entries) - 1, fmt.Errorf("%w: the last entry is not the one the head records", ErrTampered)
	}
	return -1, nil
}

func laterHas(entries []Entry, seq int64) bool {
	for _, e := range entries {
		if e.Seq == seq {
			return true
		}
	}
	return false
}
