package seal

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func mustKey(t testing.TB) Key {
	t.Helper()
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpenRoundTrip(t *testing.T) {
	k := mustKey(t)
	big := bytes.Repeat([]byte("tilbud "), 100_000)
	tests := []struct {
		name      string
		plaintext []byte
		aad       []byte
	}{
		{"empty bid", nil, AAD("tender", "1")},
		{"short bid", []byte("pris: 1 200 000 kr"), AAD("tender", "1", "supplier", "7")},
		{"large bid", big, AAD("tender", "2")},
		{"no aad", []byte("x"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sealed, err := Seal(k, tc.plaintext, tc.aad)
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.plaintext) > 8 && bytes.Contains(sealed, tc.plaintext[:8]) {
				t.Fatal("sealed output contains the plaintext")
			}
			got, err := Open(k, sealed, tc.aad)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.plaintext) {
				t.Fatal("plaintext changed in the round trip")
			}
		})
	}
}

func TestSealTwiceDiffers(t *testing.T) {
	// Two suppliers sending the same bid must not be recognisable from the stored bytes.
	k := mustKey(t)
	a, _ := Seal(k, []byte("same"), nil)
	b, _ := Seal(k, []byte("same"), nil)
	if bytes.Equal(a, b) {
		t.Fatal("sealing the same plaintext twice gave the same bytes")
	}
}

// refusals checks that open refuses every single-byte change, every truncation, other aad and
// (through other) another key, always with ErrTampered.
func refusals(t *testing.T, good []byte, aad []byte, open func(b, aad []byte) error, other func(b, aad []byte) error) {
	t.Helper()
	if err := open(good, aad); err != nil {
		t.Fatalf("the unaltered input fails: %v", err)
	}
	expect := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, ErrTampered) {
			t.Errorf("%s: got %v, want ErrTampered", what, err)
		}
	}
	for i := range good {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			b := bytes.Clone(good)
			b[i] ^= mask
			expect(fmt.Sprintf("byte %d ^ %#x", i, mask), open(b, aad))
		}
	}
	for n := range len(good) {
		expect(fmt.Sprintf("truncated to %d bytes", n), open(good[:n], aad))
	}
	expect("nil input", open(nil, aad))
	expect("a byte appended", open(append(bytes.Clone(good), 0), aad))
	expect("other aad", open(good, AAD("tender", "2")))
	expect("aad fields split differently", open(good, AAD("tende", "r1")))
	expect("no aad", open(good, nil))
	expect("other key", other(good, aad))
}

func TestOpenRefusesTampering(t *testing.T) {
	k, wrong := mustKey(t), mustKey(t)
	aad := AAD("tender", "1")
	sealed, err := Seal(k, []byte("bid 42"), aad)
	if err != nil {
		t.Fatal(err)
	}
	refusals(t, sealed, aad,
		func(b, aad []byte) error { _, err := Open(k, b, aad); return err },
		func(b, aad []byte) error { _, err := Open(wrong, b, aad); return err })
}

func TestWrapUnwrap(t *testing.T) {
	serverKey := mustKey(t)
	s, other := NewServer(serverKey), NewServer(mustKey(t))
	tenderKey := mustKey(t)
	aad := AAD("tender", "1")
	wrapped, err := s.Wrap(tenderKey, aad)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Unwrap(wrapped, aad)
	if err != nil {
		t.Fatal(err)
	}
	if got != tenderKey {
		t.Fatal("unwrapped key differs")
	}
	if bytes.Contains(wrapped, tenderKey[:]) {
		t.Fatal("wrapped value contains the tender key")
	}
	refusals(t, wrapped, aad,
		func(b, aad []byte) error { _, err := s.Unwrap(b, aad); return err },
		func(b, aad []byte) error { _, err := other.Unwrap(b, aad); return err })

	// The server key itself is never the wrapping key.
	if _, err := Open(serverKey, wrapped, aad); !errors.Is(err, ErrTampered) {
		t.Errorf("the raw server key opened a wrapped key: %v", err)
	}
	// A value sealed with the wrapping key that is not a key is refused.
	notKey, _ := sealWith(s.wrap, []byte("sixteen bytes!!!"), aad)
	if _, err := s.Unwrap(notKey, aad); !errors.Is(err, ErrTampered) {
		t.Errorf("a 16-byte wrapped value: got %v, want ErrTampered", err)
	}
}

func TestSubkeysDiffer(t *testing.T) {
	k := mustKey(t)
	if bytes.Equal(derive(k, infoWrap), derive(k, infoLog)) {
		t.Fatal("wrapping key and log key are equal")
	}
	if bytes.Equal(derive(k, infoLog), k[:]) {
		t.Fatal("log key is the server key")
	}
}

func TestDigest(t *testing.T) {
	tests := []struct {
		name  string
		parts [][]byte
		want  string
	}{
		// Pinned so that digests printed on receipts stay valid across releases.
		{"no parts", nil, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"one part", [][]byte{[]byte("a")}, "3b196fd4907bedf51c3090e9835f2f7cb61e7ee1b2299ea3b8fed9b4183a822a"},
		{"two parts", [][]byte{[]byte("ab"), []byte("c")}, "601d5476e2ccfe2c87a2bba7a322659734a05749d5b5aa781f513e4912db0d5f"},
	}
	for _, tc := range tests {
		if got := Digest(tc.parts...); got != tc.want {
			t.Errorf("%s: Digest = %s, want %s", tc.name, got, tc.want)
		}
	}
	distinct := [][][]byte{
		{[]byte("ab"), []byte("c")},
		{[]byte("a"), []byte("bc")},
		{[]byte("abc")},
		{[]byte("abc"), nil},
		{nil, []byte("abc")},
	}
	seen := map[string]int{}
	for i, parts := range distinct {
		d := Digest(parts...)
		if j, ok := seen[d]; ok {
			t.Errorf("parts %d and %d have the same digest", j, i)
		}
		seen[d] = i
	}
}

func TestAADFraming(t *testing.T) {
	if bytes.Equal(AAD("ab", "c"), AAD("a", "bc")) {
		t.Error(`AAD("ab","c") == AAD("a","bc")`)
	}
	if bytes.Equal(AAD("x"), AAD("x", "")) {
		t.Error(`AAD("x") == AAD("x","")`)
	}
	want := []byte{0, 0, 0, 0, 0, 0, 0, 2, 'i', 'd'}
	if got := AAD("id"); !bytes.Equal(got, want) {
		t.Errorf("AAD(\"id\") = %v, want %v", got, want)
	}
}

func TestKeyText(t *testing.T) {
	k := mustKey(t)
	text := k.Text()
	if len(text) != 45 || text[44] != '\n' {
		t.Fatalf("Text = %q, want 44 base64 characters and a newline", text)
	}
	for _, in := range [][]byte{text, bytes.TrimSpace(text), append([]byte("  \r\n"), append(text, "\r\n\n"...)...)} {
		got, err := ParseKey(in)
		if err != nil {
			t.Fatalf("ParseKey(%q): %v", in, err)
		}
		if got != k {
			t.Fatal("ParseKey(Text) differs from the key")
		}
	}
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s %x", k, k, k, k, k)} {
		if strings.Contains(s, string(bytes.TrimSpace(text))) || strings.Contains(s, fmt.Sprintf("%x", k[:])) {
			t.Errorf("printing a key shows it: %s", s)
		}
	}
}

func TestParseKeyRefuses(t *testing.T) {
	short := []byte("c2hvcnQ=") // "short"
	k31 := make([]byte, 31)
	k33 := make([]byte, 33)
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "empty"},
		{"white space only", " \n\t", "empty"},
		{"not base64", "this is not a key at all!!!", "base64"},
		{"url-safe alphabet", strings.Repeat("-_", 21) + "A=", "base64"},
		{"too short", string(short), "5 bytes"},
		{"31 bytes", b64(k31), "31 bytes"},
		{"33 bytes", b64(k33), "33 bytes"},
		{"two keys", b64(make([]byte, 32)) + "\n" + b64(make([]byte, 32)), "base64"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseKey([]byte(tc.text))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if len(tc.text) > 8 && strings.Contains(err.Error(), strings.TrimSpace(tc.text)) {
				t.Errorf("error %q repeats the key text", err)
			}
		})
	}
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func TestLoadKeyFileCreatesAndReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "server.key")
	k, err := LoadKeyFile(path, true)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("created with mode %04o, want 0600", perm)
	}
	again, err := LoadKeyFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if again != k {
		t.Fatal("reading the file back gave another key")
	}
	again, err = LoadKeyFile(path, true)
	if err != nil || again != k {
		t.Fatalf("create=true over an existing file: %v, same key %v", err, again == k)
	}
}

func TestLoadKeyFileRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, content []byte, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // WriteFile's mode passes through the umask
			t.Fatal(err)
		}
		return p
	}
	good := mustKey(t).Text()
	tests := []struct {
		name, path, want string
	}{
		{"missing without create", filepath.Join(dir, "absent.key"), "no such file"},
		{"readable by others", write("world.key", good, 0o644), "chmod 600"},
		{"readable by group", write("group.key", good, 0o640), "chmod 600"},
		{"writable by group", write("gw.key", good, 0o620), "chmod 600"},
		{"not a key", write("bad.key", []byte("hello\n"), 0o600), "base64"},
		{"empty", write("empty.key", nil, 0o600), "empty"},
		{"far too large", write("large.key", bytes.Repeat([]byte("A"), 10_000), 0o600), "larger"},
		{"a directory", dir, "not a regular file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadKeyFile(tc.path, false)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
		})
	}
	if _, err := LoadKeyFile(filepath.Join(dir, "absent.key"), false); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v does not wrap fs.ErrNotExist", err)
	}
	// create=true never replaces a file it refuses.
	p := write("open.key", good, 0o644)
	if _, err := LoadKeyFile(p, true); err == nil {
		t.Error("create=true accepted a world-readable file")
	}
	if b, _ := os.ReadFile(p); !bytes.Equal(b, good) {
		t.Error("create=true rewrote an existing file")
	}
}

func TestLoadKeyFileConcurrentCreate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "server.key")
	const starts = 8
	keys := make([]Key, starts)
	errs := make([]error, starts)
	var wg sync.WaitGroup
	for i := range starts {
		wg.Go(func() { keys[i], errs[i] = LoadKeyFile(path, true) })
	}
	wg.Wait()
	for i := range starts {
		if errs[i] != nil {
			t.Fatalf("start %d: %v", i, errs[i])
		}
		if keys[i] != keys[0] {
			t.Fatalf("start %d got another key than start 0", i)
		}
	}
	onDisk, err := LoadKeyFile(path, false)
	if err != nil || onDisk != keys[0] {
		t.Fatalf("the file holds another key (%v)", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %d entries in the directory", len(entries))
	}
}

var t0 = time.Date(2026, 12, 7, 12, 0, 0, 123456789, time.FixedZone("CET", 3600))

// chain builds an intact log of n entries.
func chain(s *Server, n int) []Entry {
	out := make([]Entry, 0, n)
	var prev []byte
	for i := range n {
		e := s.Chain(prev, Entry{
			Seq:     int64(i + 1),
			At:      t0.Add(time.Duration(i) * time.Minute),
			ActorID: int64(i%3 + 1),
			Actor:   fmt.Sprintf("user %d", i%3+1),
			Action:  "bid.open",
			Object:  fmt.Sprintf("bid/%d", i),
			Detail:  "",
			Outcome: "ok",
		})
		out = append(out, e)
		prev = e.MAC
	}
	return out
}

// rechain recomputes the MACs from index i on with s, as someone holding that key would.
func rechain(s *Server, entries []Entry, from int) {
	var prev []byte
	if from > 0 {
		prev = entries[from-1].MAC
	}
	for i := from; i < len(entries); i++ {
		entries[i] = s.Chain(prev, entries[i])
		prev = entries[i].MAC
	}
}

func TestVerifyIntact(t *testing.T) {
	s := NewServer(mustKey(t))
	log := chain(s, 100)
	if bad, err := s.Verify(log); bad != -1 || err != nil {
		t.Fatalf("intact chain of 100: %d, %v", bad, err)
	}
	if bad, err := s.Verify(nil); bad != -1 || err != nil {
		t.Fatalf("empty chain: %d, %v", bad, err)
	}
	if bad, err := s.VerifyHead(log, 100, log[99].MAC); bad != -1 || err != nil {
		t.Fatalf("intact chain with its head: %d, %v", bad, err)
	}
	if bad, err := s.VerifyHead(nil, 0, nil); bad != -1 || err != nil {
		t.Fatalf("empty chain with empty head: %d, %v", bad, err)
	}
}

func TestChainSurvivesStorage(t *testing.T) {
	// A database returns times in another zone, at microseconds, and empty byte slices for NULL.
	s := NewServer(mustKey(t))
	log := chain(s, 3)
	if log[0].At.Location() != time.UTC || log[0].At.Nanosecond()%1000 != 0 {
		t.Fatalf("At not normalised: %v", log[0].At)
	}
	oslo := time.FixedZone("Europe/Oslo", 3600)
	for i := range log {
		log[i].At = log[i].At.In(oslo)
	}
	log[0].Prev = []byte{}
	if bad, err := s.Verify(log); err != nil {
		t.Fatalf("entry %d: %v", bad, err)
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	s := NewServer(mustKey(t))
	forger := NewServer(mustKey(t))
	tests := []struct {
		name   string
		change func([]Entry) []Entry
		bad    int
		says   string
	}{
		{"altered detail", func(l []Entry) []Entry { l[5].Detail = "opened early"; return l }, 5, "altered"},
		{"altered outcome", func(l []Entry) []Entry { l[8].Outcome = "refused"; return l }, 8, "altered"},
		{"altered time", func(l []Entry) []Entry { l[7].At = l[7].At.Add(time.Microsecond); return l }, 7, "altered"},
		{"altered actor id", func(l []Entry) []Entry { l[2].ActorID = 99; return l }, 2, "altered"},
		{"text moved between fields", func(l []Entry) []Entry {
			l[4].Actor, l[4].Action = l[4].Actor+"b", strings.TrimPrefix(l[4].Action, "b")
			return l
		}, 4, "altered"},
		{"swapped entries", func(l []Entry) []Entry { l[3], l[4] = l[4], l[3]; return l }, 3, "reordered"},
		{"swapped entries renumbered", func(l []Entry) []Entry {
			l[3], l[4] = l[4], l[3]
			l[3].Seq, l[4].Seq = 4, 5
			return l
		}, 3, "does not follow"},
		{"middle entry removed", func(l []Entry) []Entry { return append(l[:10], l[11:]...) }, 10, "missing"},
		{"middle entry removed and renumbered", func(l []Entry) []Entry {
			l = append(l[:10], l[11:]...)
			for i := 10; i < len(l); i++ {
				l[i].Seq--
			}
			return l
		}, 10, "does not follow"},
		{"first entry removed", func(l []Entry) []Entry { return l[1:] }, 0, "starts at entry 2"},
		{"entry duplicated", func(l []Entry) []Entry { return append(l[:6], append([]Entry{l[5]}, l[6:]...)...) }, 6, "reordered or duplicated"},
		{"prev link changed", func(l []Entry) []Entry { l[9].Prev = l[7].MAC; return l }, 9, "does not follow"},
		{"forged: altered and MACs recomputed without the key", func(l []Entry) []Entry {
			l[10].Detail = "nothing happened"
			rechain(forger, l, 10)
			return l
		}, 10, "without the server key"},
		{"forged: whole chain written without the key", func(l []Entry) []Entry { rechain(forger, l, 0); return l }, 0, "without the server key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.change(chain(s, 30))
			bad, err := s.Verify(l)
			if !errors.Is(err, ErrTampered) {
				t.Fatalf("got %v, want ErrTampered", err)
			}
			if bad != tc.bad {
				t.Errorf("first bad entry %d, want %d (%v)", bad, tc.bad, err)
			}
			if !strings.Contains(err.Error(), tc.says) {
				t.Errorf("error %q does not say %q", err, tc.says)
			}
		})
	}
}

func TestVerifyHeadFindsRemovedTail(t *testing.T) {
	s := NewServer(mustKey(t))
	log := chain(s, 20)
	head, headMAC := int64(20), log[19].MAC
	cut := log[:17]
	if bad, err := s.Verify(cut); bad != -1 || err != nil {
		t.Fatalf("the chain alone cannot see a cut tail, yet Verify said %d, %v", bad, err)
	}
	tests := []struct {
		name    string
		entries []Entry
		seq     int64
		mac     []byte
		bad     int
	}{
		{"tail removed", cut, head, headMAC, 17},
		{"all removed", nil, head, headMAC, 0},
		{"entries beyond the head", log, 18, log[17].MAC, 18},
		{"head MAC from another chain", log, head, otherHead(s), 19},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bad, err := s.VerifyHead(tc.entries, tc.seq, tc.mac)
			if !errors.Is(err, ErrTampered) {
				t.Fatalf("got %v, want ErrTampered", err)
			}
			if bad != tc.bad {
				t.Errorf("first bad entry %d, want %d (%v)", bad, tc.bad, err)
			}
		})
	}
}

// otherHead is the last MAC of a 20-entry chain that differs from chain(s, 20) in its first entry.
func otherHead(s *Server) []byte {
	l := chain(s, 20)
	l[0].Detail = "other"
	rechain(s, l, 0)
	return l[19].MAC
}

func BenchmarkSeal256KiB(b *testing.B) {
	k := mustKey(b)
	bid := bytes.Repeat([]byte{0x5a}, 256<<10)
	aad := AAD("tender", "1", "supplier", "7")
	b.SetBytes(int64(len(bid)))
	for b.Loop() {
		if _, err := Seal(k, bid, aad); err != nil {
			b.Fatal(err)
		}
	}
}
