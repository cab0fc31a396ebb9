package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/seal"
)

// The deadline benchmark of issue 13: many suppliers send their bids in
// the last minute before a tender's deadline, through the portal's bid
// form over HTTP, and every bid must be received, sealed, stored and
// receipted, none lost and none accepted late. RunBids is the load client;
// CheckStored compares what the clients were told with what the database
// holds afterwards; SetupBids makes the tender and the suppliers.

// Defaults of BidLoad.
const (
	DefaultBidSuppliers  = 200
	DefaultBidBytes      = 50_000_000 // "50 MB of bids in total"
	DefaultBidWindow     = time.Minute
	DefaultBidMargin     = 2 * time.Second
	DefaultBidLateAfter  = time.Second
	DefaultBidTimeout    = time.Minute
	DefaultLoginParallel = 4
	// BidTargetP95 is the target for the 95th percentile of the
	// time from sending a bid to holding its receipt.
	BidTargetP95 = time.Second
)

// BidLoad says how the suppliers send their bids.
type BidLoad struct {
	TenderID domain.ID
	// Suppliers are the supplier users, one per organisation.
	Suppliers []Login
	// Deadline is the tender's bid deadline; zero to read it from the
	// portal's API.
	Deadline time.Time
	// Window is how long before the deadline the first bid is sent;
	// Margin how long before it the last one is, so that a bid sent in
	// the window reaches the manager in time unless the server falls
	// behind by more than Margin.
	Window, Margin time.Duration
	// Burst makes the send times denser toward the deadline (density
	// rising linearly from nothing) instead of even.
	Burst bool
	// TotalBytes is the size of all files of all bids together.
	TotalBytes int64
	Seed       uint64
	// LateAfter is how long after the deadline one more bid is sent,
	// which must be refused.
	LateAfter time.Duration
	// Timeout bounds one request.
	Timeout time.Duration
	// LoginParallel is how many clients log in at the same time (the
	// server hashes a few passwords at once and makes the rest wait).
	LoginParallel int
	// ForwardedFor gives each client an address of its own in
	// X-Forwarded-For, as suppliers behind a load balancer have; the
	// server must trust 127.0.0.1 as its proxy (--trusted-proxies).
	ForwardedFor bool
	// OnWindow, when set, is called once every client has logged in, just
	// before the window (e.g. to read the server's CPU time).
	OnWindow func()
}

// Login is a user's e-mail and password.
type Login struct{ Email, Password string }

// Validate reports what is wrong with l, after defaults are applied.
func (l BidLoad) Validate() error {
	var errs []error
	if l.TenderID <= 0 {
		errs = append(errs, errors.New("bench: give the tender's id (--tender)"))
	}
	if len(l.Suppliers) == 0 || len(l.Suppliers) > 10_000 {
		errs = append(errs, fmt.Errorf("bench: 1 to 10000 suppliers, not %d", len(l.Suppliers)))
	}
	if l.Window <= 0 || l.Margin < 0 || l.Margin >= l.Window {
		errs = append(errs, errors.New("bench: --window must be positive and --margin between 0 and the window"))
	}
	if n := int64(len(l.Suppliers)); l.TotalBytes < n*minPDF || n > 0 && l.TotalBytes/n > 20<<20 {
		errs = append(errs, fmt.Errorf("bench: --bytes must give each supplier %d bytes to 20 MiB", minPDF))
	}
	if l.LateAfter < 0 || l.Timeout <= 0 || l.LoginParallel < 1 {
		errs = append(errs, errors.New("bench: --late-after may not be negative, --timeout and --login-parallel must be positive"))
	}
	return errors.Join(errs...)
}

func (l *BidLoad) defaults() {
	if l.Window == 0 {
		l.Window = DefaultBidWindow
	}
	if l.Margin == 0 {
		l.Margin = DefaultBidMargin
	}
	if l.TotalBytes == 0 {
		l.TotalBytes = DefaultBidBytes
	}
	if l.LateAfter == 0 {
		l.LateAfter = DefaultBidLateAfter
	}
	if l.Timeout == 0 {
		l.Timeout = DefaultBidTimeout
	}
	if l.LoginParallel == 0 {
		l.LoginParallel = DefaultLoginParallel
	}
}

// Schedule returns n send times in the window before deadline, ending
// margin before it, in ascending order: evenly spaced, or with burst with
// a density rising linearly toward the end (time of bid i at
// sqrt((i+½)/n) of the span).
func Schedule(n int, deadline time.Time, window, margin time.Duration, burst bool) []time.Time {
	start, span := deadline.Add(-window), float64(window-margin)
	out := make([]time.Time, n)
	for i := range out {
		f := (float64(i) + 0.5) / float64(n)
		if burst {
			f = math.Sqrt(f)
		}
		out[i] = start.Add(time.Duration(f * span))
	}
	return out
}

// BidSizes divides total bytes among n bids, each between a quarter and
// seven quarters of the mean (uniformly, from seed), summing to total.
func BidSizes(n int, total int64, seed uint64) []int64 {
	r := rand.New(rand.NewPCG(seed, 0xb1d5))
	w := make([]float64, n)
	var sum float64
	for i := range w {
		w[i] = 0.25 + 1.5*r.Float64()
		sum += w[i]
	}
	out := make([]int64, n)
	var got int64
	for i := range out {
		out[i] = max(int64(float64(total)*w[i]/sum), minPDF)
		got += out[i]
	}
	// Rounding: the largest bid takes the difference.
	big := 0
	for i := range out {
		if out[i] > out[big] {
			big = i
		}
	}
	out[big] += total - got
	return out
}

// minPDF is the smallest PDF that PDF writes: its structure without
// padding.
const minPDF = 512

// PDF returns a valid one-page PDF of exactly size bytes (at least
// minPDF): a catalogue, a page with a small drawing, and a content stream
// padded with comment lines of pseudo-random hex from label, so that every
// label gives different bytes. The cross-reference table's offsets are
// exact.
func PDF(size int64, label string) []byte {
	size = max(size, minPDF)
	const header = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
	}
	draw := "q 0.2 0.4 0.8 rg 72 720 200 40 re f Q\n% " + strings.NewReplacer("\n", " ", "\r", " ").Replace(label) + "\n"
	// Everything but the padding has a fixed length: the stream's length
	// and every offset are written with ten digits.
	build := func(stream []byte) []byte {
		var b bytes.Buffer
		b.WriteString(header)
		offsets := make([]int, 0, 4)
		for i, o := range objs {
			offsets = append(offsets, b.Len())
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
		}
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "4 0 obj\n<< /Length %010d >>\nstream\n", len(stream))
		b.Write(stream)
		b.WriteString("\nendstream\nendobj\n")
		xref := b.Len()
		fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
		for _, off := range offsets {
			fmt.Fprintf(&b, "%010d 00000 n \n", off)
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%010d\n%%%%EOF\n", len(offsets)+1, xref)
		return b.Bytes()
	}
	overhead := int64(len(build([]byte(draw))))
	if overhead >= size {
		return build([]byte(draw))
	}
	pad := size - overhead
	stream := make([]byte, 0, int64(len(draw))+pad)
	stream = append(stream, draw...)
	r := rand.New(rand.NewPCG(labelSeed(label), 0x9df))
	const hexDigits = "0123456789abcdef"
	for pad > 0 {
		// A comment line: "%", hex digits, newline; the last one shorter.
		n := min(pad, 80)
		stream = append(stream, '%')
		for range n - 2 {
			stream = append(stream, hexDigits[r.IntN(16)])
		}
		if n >= 2 {
			stream = append(stream, '\n')
		}
		pad -= n
	}
	return build(stream)
}

func labelSeed(s string) uint64 {
	h := uint64(14695981039346656037) // FNV-1a
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// bidPayload is one supplier's bid as sent: the form's body and the
// digest the receipt must state.
type bidPayload struct {
	total, note string
	files       []procurement.File
	bytes       int64
	digest      string
}

// newPayload builds supplier i's bid of size bytes: one file, or two for
// every fourth supplier (70 % and 30 %), and a total written as people
// type it. Its digest is computed as procurement's receipt states it: the
// price form's JSON, then each file's name and content.
func newPayload(i int, size int64, label string) (bidPayload, error) {
	p := bidPayload{note: fmt.Sprintf("Tilbud fra leverandør %d (%s)", i+1, label)}
	if i%2 == 0 {
		p.total = fmt.Sprintf("%d %03d %03d,%02d", 1+i%9, (i*37)%1000, (i*191)%1000, i%100)
	} else {
		p.total = fmt.Sprintf("%d", 250_000+i*1_234)
	}
	sizes := []int64{size}
	if i%4 == 0 && size >= 2*minPDF*4 {
		sizes = []int64{size * 7 / 10, size - size*7/10}
	}
	for n, sz := range sizes {
		name := fmt.Sprintf("tilbud-%03d-%d.pdf", i+1, n+1)
		p.files = append(p.files, procurement.File{Name: name, ContentType: "application/pdf",
			Content: PDF(sz, fmt.Sprintf("%s supplier %d file %d", label, i+1, n+1))})
		p.bytes += sz
	}
	v, code := domain.ParseNumber(p.total)
	if code != "" {
		return p, fmt.Errorf("bench: total %q: %s", p.total, code)
	}
	price, err := json.Marshal(procurement.PriceForm{Total: v, Note: strings.TrimSpace(p.note)})
	if err != nil {
		return p, err
	}
	parts := [][]byte{price}
	for _, f := range p.files {
		parts = append(parts, []byte(procurement.CleanFileName(f.Name)), f.Content)
	}
	p.digest = seal.Digest(parts...)
	return p, nil
}

// body encodes the bid as the portal's form sends it.
func (p bidPayload) body(csrf string) ([]byte, string, error) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, kv := range [][2]string{{"csrf_token", csrf}, {"total", p.total}, {"note", p.note}} {
		if err := mw.WriteField(kv[0], kv[1]); err != nil {
			return nil, "", err
		}
	}
	for _, f := range p.files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="files"; filename="%s"`, f.Name))
		h.Set("Content-Type", f.ContentType)
		w, err := mw.CreatePart(h)
		if err != nil {
			return nil, "", err
		}
		if _, err := w.Write(f.Content); err != nil {
			return nil, "", err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return b.Bytes(), mw.FormDataContentType(), nil
}

// Bid outcomes.
const (
	BidOK      = "ok"      // receipted with the digest the client computed
	BidRefused = "refused" // the server answered with a refusal (e.g. late)
	BidLost    = "lost"    // no receipt and no refusal: an error, a wrong digest
)

// BidSent is what happened to one supplier's bid.
type BidSent struct {
	Supplier string    `json:"supplier"`
	Planned  time.Time `json:"planned"`
	Sent     time.Time `json:"sent"`
	Bytes    int64     `json:"bytes"`
	Files    int       `json:"files"`
	Outcome  string    `json:"outcome"`
	Status   int       `json:"status"`
	Error    string    `json:"error,omitempty"`
	// Submit is the time to the server's answer to the form; Receipt to
	// the receipt read: the same when the answer is the receipt, later
	// when it redirects to it.
	Submit  time.Duration `json:"submit_ns"`
	Receipt time.Duration `json:"receipt_ns"`
	BidID   domain.ID     `json:"bid_id,omitempty"`
	// Digest is what the client computed; Receipted what the receipt
	// says.
	Digest    string `json:"digest"`
	Receipted string `json:"receipted_digest,omitempty"`
	// Done is when the receipt (or the refusal) was complete.
	Done time.Time `json:"done"`
}

// BidResult is the raw outcome of RunBids.
type BidResult struct {
	TenderID domain.ID `json:"tender_id"`
	Deadline time.Time `json:"deadline"`
	// LoginsDone is when the last client had logged in; WindowStart
	// when the first bid was due.
	LoginsDone  time.Time `json:"logins_done"`
	WindowStart time.Time `json:"window_start"`
	Login       float64   `json:"login_s"`
	Bids        []BidSent `json:"bids"`
	// Late is the bid sent LateAfter after the deadline.
	Late BidSent `json:"late"`
}

var (
	// receiptDigest is the receipt's digest, which may carry <wbr> break
	// opportunities for narrow screens.
	receiptDigest = regexp.MustCompile(`id="receipt-digest">((?:[0-9a-f]|<wbr>)+)<`)
	// receiptPath is a receipt's own address, which the receipt links
	// to (or an older portal redirected to).
	receiptPath = regexp.MustCompile(`/portal/tenders/[0-9]+/receipts/([0-9]+)`)
)

// RunBids logs the suppliers in, then sends each one's bid at its time in
// the window before the deadline, then one more bid after the deadline,
// and reports what each got. It returns an error only when the benchmark
// cannot run (a login fails, the logins end after the window began); a
// bid that fails is an outcome.
func RunBids(ctx context.Context, base *url.URL, l BidLoad) (*BidResult, error) {
	l.defaults()
	if err := l.Validate(); err != nil {
		return nil, err
	}
	n := len(l.Suppliers)
	sizes := BidSizes(n, l.TotalBytes, l.Seed)
	label := fmt.Sprintf("tender %d seed %d", l.TenderID, l.Seed)
	payloads := make([]bidPayload, n)
	for i := range payloads {
		var err error
		if payloads[i], err = newPayload(i, sizes[i], label); err != nil {
			return nil, err
		}
	}

	t0 := time.Now()
	clients := make([]*Client, n)
	defer func() {
		for _, c := range clients {
			if c != nil {
				c.Close()
			}
		}
	}()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		sem   = make(chan struct{}, l.LoginParallel)
	)
	for i, who := range l.Suppliers {
		c := NewClient(base, 2)
		c.HTTP.Timeout = l.Timeout
		if l.ForwardedFor {
			c.ForwardedFor = fmt.Sprintf("10.13.%d.%d", i/250, i%250+1)
		}
		clients[i] = c
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := c.Login(ctx, who.Email, who.Password); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return nil, first
	}
	res := &BidResult{TenderID: l.TenderID, LoginsDone: time.Now(), Login: time.Since(t0).Seconds()}
	deadline := l.Deadline
	if deadline.IsZero() {
		var err error
		if deadline, err = clients[0].tenderDeadline(ctx, l.TenderID); err != nil {
			return nil, err
		}
	}
	res.Deadline = deadline.UTC()
	times := Schedule(n, deadline, l.Window, l.Margin, l.Burst)
	res.WindowStart = times[0]
	if res.LoginsDone.After(deadline.Add(-l.Window)) {
		return nil, fmt.Errorf("bench: the %d logins ended at %s, after the window began at %s; give a later deadline",
			n, res.LoginsDone.UTC().Format(time.RFC3339), deadline.Add(-l.Window).UTC().Format(time.RFC3339))
	}
	// The bodies, with each session's CSRF token, before the window.
	bodies, types := make([][]byte, n), make([]string, n)
	for i, p := range payloads {
		var err error
		if bodies[i], types[i], err = p.body(clients[i].csrf); err != nil {
			return nil, err
		}
	}
	if l.OnWindow != nil {
		l.OnWindow()
	}
	// Each supplier its slot, shuffled so that sizes and send times are
	// independent.
	order := rand.New(rand.NewPCG(l.Seed, 0x5107)).Perm(n)
	res.Bids = make([]BidSent, n)
	for slot, i := range order {
		res.Bids[i] = BidSent{Supplier: l.Suppliers[i].Email, Planned: times[slot], Bytes: payloads[i].bytes,
			Files: len(payloads[i].files), Digest: payloads[i].digest}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !sleepUntil(ctx, times[slot]) {
				res.Bids[i].Outcome, res.Bids[i].Error = BidLost, ctx.Err().Error()
				return
			}
			clients[i].sendBid(ctx, l.TenderID, bodies[i], types[i], &res.Bids[i])
		}()
	}
	wg.Wait()

	// One more bid, a second after the deadline, from the first supplier.
	late, err := newPayload(0, sizes[0], label+" late")
	if err != nil {
		return nil, err
	}
	body, ct, err := late.body(clients[0].csrf)
	if err != nil {
		return nil, err
	}
	res.Late = BidSent{Supplier: l.Suppliers[0].Email, Planned: deadline.Add(l.LateAfter), Bytes: late.bytes,
		Files: len(late.files), Digest: late.digest}
	if !sleepUntil(ctx, res.Late.Planned) {
		return nil, ctx.Err()
	}
	clients[0].sendBid(ctx, l.TenderID, body, ct, &res.Late)
	return res, nil
}

// sleepUntil waits until t; false when ctx ends first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// sendBid posts the bid form and reads the receipt the server answers
// with (or redirects to); it records the outcome in out.
func (c *Client) sendBid(ctx context.Context, tender domain.ID, body []byte, contentType string, out *BidSent) {
	out.Sent = time.Now()
	defer func() { out.Done = time.Now() }()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL(fmt.Sprintf("/portal/tenders/%d/bid", tender)), bytes.NewReader(body))
	if err != nil {
		out.Outcome, out.Error = BidLost, err.Error()
		return
	}
	req.Header.Set("Content-Type", contentType)
	c.forwarded(req)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		out.Outcome, out.Error = BidLost, err.Error()
		return
	}
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	out.Submit, out.Status = time.Since(out.Sent), resp.StatusCode
	if err != nil {
		out.Outcome, out.Error = BidLost, err.Error()
		return
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		// The receipt itself (the portal answers a bid with it, as only
		// that answer can name the files).
		out.Receipt = out.Submit
	case resp.StatusCode == http.StatusSeeOther:
		loc := resp.Header.Get("Location")
		if !receiptPath.MatchString(loc) {
			out.Outcome, out.Error = BidLost, "redirected to "+loc+", not to a receipt"
			return
		}
		status, receipt, err := c.get(ctx, loc)
		out.Receipt = time.Since(out.Sent)
		if err != nil || status != http.StatusOK {
			out.Outcome, out.Error = BidLost, fmt.Sprintf("receipt %s: status %d %v", loc, status, err)
			return
		}
		page = receipt
	default:
		// A refusal is a page in 4xx (late: 409) saying why; anything
		// else is an error of the server.
		out.Outcome = BidLost
		if resp.StatusCode >= 400 && resp.StatusCode < 500 {
			out.Outcome = BidRefused
		}
		out.Error = refusal(page)
		return
	}
	m := receiptPath.FindSubmatch(page)
	if m == nil {
		out.Outcome, out.Error = BidLost, "the answer names no receipt: "+refusal(page)
		return
	}
	fmt.Sscan(string(m[1]), &out.BidID)
	d := receiptDigest.FindSubmatch(page)
	if d == nil {
		out.Outcome, out.Error = BidLost, "the receipt page shows no digest"
		return
	}
	out.Receipted = strings.ReplaceAll(string(d[1]), "<wbr>", "")
	if out.Receipted != out.Digest {
		out.Outcome, out.Error = BidLost, "the receipt's digest differs from the bid's"
		return
	}
	out.Outcome = BidOK
}

// alertText finds the text of a page's error message.
var alertText = regexp.MustCompile(`(?s)class="alert[^"]*"[^>]*>(.*?)</div>`)
var tags = regexp.MustCompile(`<[^>]+>`)

// refusal is the first error message of a page, as text.
func refusal(page []byte) string {
	m := alertText.FindSubmatch(page)
	if m == nil {
		if len(page) > 200 {
			page = page[:200]
		}
		return strings.TrimSpace(string(page))
	}
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(string(m[1]), " "))), " ")
}

// tenderDeadline reads the tender's deadline from the portal's API.
func (c *Client) tenderDeadline(ctx context.Context, tender domain.ID) (time.Time, error) {
	status, body, err := c.get(ctx, "/api/v1/portal/tenders")
	if err != nil || status != http.StatusOK {
		return time.Time{}, fmt.Errorf("bench: GET /api/v1/portal/tenders: status %d %v", status, err)
	}
	var list struct {
		Tenders []struct {
			ID       domain.ID `json:"id"`
			State    string    `json:"state"`
			Deadline time.Time `json:"deadline"`
		} `json:"tenders"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return time.Time{}, fmt.Errorf("bench: the portal's tender list: %w", err)
	}
	for _, t := range list.Tenders {
		if t.ID == tender {
			if t.Deadline.IsZero() {
				return time.Time{}, fmt.Errorf("bench: tender %d has no deadline", tender)
			}
			return t.Deadline, nil
		}
	}
	return time.Time{}, fmt.Errorf("bench: the supplier does not see tender %d in the portal", tender)
}

// Stored is what the database holds after the deadline, read by the
// caller (with the collaboration's system principal): the tender as the
// manager gives it, every submission's metadata as the store lists it
// (never sealed content), and the access log as Manager.Log checks it.
type Stored struct {
	Tender procurement.Tender
	Bids   []procurement.Bid
	Log    procurement.LogView
}

// BidCheck is the comparison of the clients' receipts with the database.
type BidCheck struct {
	// Current is the number of submitted (not replaced or withdrawn) bids
	// stored; Matched those whose id and digest are a client's receipt.
	Current int `json:"current"`
	Matched int `json:"matched"`
	// Missing are receipted bids not stored as current with their
	// receipt's digest; Unreceipted current bids no client was told of.
	Missing     int `json:"missing"`
	Unreceipted int `json:"unreceipted"`
	// Late is the number of stored submissions received at or after the
	// deadline: always 0 unless a late bid was accepted.
	Late int `json:"late_stored"`
	// LateRefused says that the bid sent after the deadline was refused
	// and nothing of it stored.
	LateRefused bool `json:"late_refused"`
	// LogIntact is the access log's MAC chain check; LogSubmits the
	// successful submissions it records, LogRefused its refusals.
	LogIntact  bool     `json:"log_intact"`
	LogSubmits int      `json:"log_submits"`
	LogRefused int      `json:"log_refused"`
	Problems   []string `json:"problems,omitempty"`
}

// CheckStored compares res with what the database holds.
func CheckStored(res *BidResult, st Stored) BidCheck {
	var c BidCheck
	deadline := st.Tender.Deadline()
	if !deadline.Equal(res.Deadline) {
		c.Problems = append(c.Problems, fmt.Sprintf("the tender's deadline is %s, the clients used %s", deadline, res.Deadline))
	}
	byID := map[domain.ID]procurement.Bid{}
	for _, b := range st.Bids {
		byID[b.ID] = b
		if !b.ReceivedAt.Before(deadline) {
			c.Late++
			c.Problems = append(c.Problems, fmt.Sprintf("bid %d was received at %s, not before the deadline %s", b.ID, b.ReceivedAt, deadline))
		}
		if b.Digest == res.Late.Digest {
			c.Problems = append(c.Problems, fmt.Sprintf("the bid sent after the deadline is stored as bid %d", b.ID))
		}
		if b.Status == procurement.BidSubmitted {
			c.Current++
		}
	}
	told := map[domain.ID]bool{}
	for _, s := range res.Bids {
		if s.Outcome != BidOK {
			continue
		}
		told[s.BidID] = true
		b, ok := byID[s.BidID]
		if ok && b.Status == procurement.BidSubmitted && b.Digest == s.Receipted {
			c.Matched++
			continue
		}
		c.Missing++
		c.Problems = append(c.Problems, fmt.Sprintf("%s: receipt for bid %d (%s) but the database has %+v", s.Supplier, s.BidID, s.Receipted, b))
	}
	for _, b := range st.Bids {
		if b.Status == procurement.BidSubmitted && !told[b.ID] {
			c.Unreceipted++
			c.Problems = append(c.Problems, fmt.Sprintf("bid %d is stored but no client got its receipt", b.ID))
		}
	}
	c.LateRefused = res.Late.Outcome == BidRefused && !slices.ContainsFunc(st.Bids, func(b procurement.Bid) bool { return b.Digest == res.Late.Digest })
	if !c.LateRefused {
		c.Problems = append(c.Problems, fmt.Sprintf("the bid sent after the deadline: %s, status %d %s", res.Late.Outcome, res.Late.Status, res.Late.Error))
	}
	c.LogIntact = st.Log.Intact
	if !c.LogIntact {
		c.Problems = append(c.Problems, fmt.Sprintf("the access log fails its check at entry %d", st.Log.FirstBad))
	}
	for _, e := range st.Log.Entries {
		switch {
		case e.Action == procurement.ActBidSubmit && e.Outcome == procurement.OutcomeOK:
			c.LogSubmits++
		case e.Action == procurement.ActBidSubmit && e.Outcome == procurement.OutcomeRefused:
			c.LogRefused++
		}
	}
	return c
}

// BidSummary is the benchmark's report.
type BidSummary struct {
	Suppliers int     `json:"suppliers"`
	OK        int     `json:"ok"`
	Refused   int     `json:"refused"`
	Lost      int     `json:"lost"`
	MB        float64 `json:"mb"`
	Window    float64 `json:"window_s"`
	Login     float64 `json:"login_s"`
	// Receipt latencies of the bids receipted, from sending the form to
	// holding the receipt page; Submit to the form's answer only.
	P50       float64 `json:"p50_ms"`
	P95       float64 `json:"p95_ms"`
	Max       float64 `json:"max_ms"`
	SubmitP95 float64 `json:"submit_p95_ms"`
	Target    float64 `json:"target_p95_ms"`
	Ratio     float64 `json:"p95_ratio"`
	// Throughput is the bids' bytes received a second, from the first
	// bid sent to the last receipt.
	Throughput  float64 `json:"throughput_mb_s"`
	LateRefused bool    `json:"late_refused"`
	// LateStatus and LateMessage are the server's answer to the bid sent
	// after the deadline.
	LateStatus  int       `json:"late_status"`
	LateMessage string    `json:"late_message"`
	FirstError  string    `json:"first_error,omitempty"`
	Check       *BidCheck `json:"check,omitempty"`
	PeakRSS     int64     `json:"server_peak_rss_bytes,omitempty"`
	ServerCPU   float64   `json:"server_cpu_s,omitempty"`
	// ServerCPUBids is the server's CPU time from the end of the logins
	// to the end (the bids, their receipts and the late bid).
	ServerCPUBids float64 `json:"server_cpu_bids_s,omitempty"`
}

// Summarise computes the report of res; check may be nil when the
// database was not read.
func Summarise(res *BidResult, check *BidCheck) BidSummary {
	s := BidSummary{Suppliers: len(res.Bids), Login: res.Login, Target: float64(BidTargetP95.Milliseconds()), Check: check,
		LateRefused: res.Late.Outcome == BidRefused, LateStatus: res.Late.Status, LateMessage: res.Late.Error}
	var receipts, submits []time.Duration
	var first, last time.Time
	var bytes int64
	for _, b := range res.Bids {
		switch b.Outcome {
		case BidOK:
			s.OK++
			receipts, submits = append(receipts, b.Receipt), append(submits, b.Submit)
			bytes += b.Bytes
		case BidRefused:
			s.Refused++
		default:
			s.Lost++
		}
		if b.Outcome != BidOK && s.FirstError == "" {
			s.FirstError = b.Supplier + ": " + b.Error
		}
		if !b.Sent.IsZero() && (first.IsZero() || b.Sent.Before(first)) {
			first = b.Sent
		}
		if b.Done.After(last) {
			last = b.Done
		}
	}
	if check != nil {
		// A receipt the database does not back is a lost bid.
		s.OK -= check.Missing
		s.Lost += check.Missing
	}
	slices.Sort(receipts)
	slices.Sort(submits)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	s.P50, s.P95, s.Max = ms(Percentile(receipts, 0.5)), ms(Percentile(receipts, 0.95)), ms(Percentile(receipts, 1))
	s.SubmitP95 = ms(Percentile(submits, 0.95))
	s.Ratio = s.P95 / s.Target
	s.MB = float64(bytes) / 1e6
	if last.After(first) {
		s.Window = last.Sub(first).Seconds()
		s.Throughput = s.MB / s.Window
	}
	return s
}

// Passed reports whether every bid was receipted and stored, none lost,
// none accepted late, and the late one refused (the time target is a
// figure to report, not a condition).
func (s BidSummary) Passed() bool {
	return s.OK == s.Suppliers && s.Lost == 0 && s.LateRefused &&
		(s.Check == nil || len(s.Check.Problems) == 0 && s.Check.Current == s.Suppliers)
}

// WriteText prints the summary for people.
func (s BidSummary) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d suppliers: %d receipted, %d refused, %d lost; %.1f MB in %.1f s (%.2f MB/s); logins %.1f s\n",
		s.Suppliers, s.OK, s.Refused, s.Lost, s.MB, s.Window, s.Throughput, s.Login)
	fmt.Fprintf(&b, "receipt time: p50 %.0f ms, p95 %.0f ms (target %.0f ms, ratio %.2f), max %.0f ms; form answer p95 %.0f ms\n",
		s.P50, s.P95, s.Target, s.Ratio, s.Max, s.SubmitP95)
	fmt.Fprintf(&b, "bid after the deadline refused: %v (status %d: %s)\n", s.LateRefused, s.LateStatus, s.LateMessage)
	if c := s.Check; c != nil {
		fmt.Fprintf(&b, "database: %d current bids, %d match their receipts, %d missing, %d unreceipted, %d received late; log intact %v (%d submissions, %d refusals)\n",
			c.Current, c.Matched, c.Missing, c.Unreceipted, c.Late, c.LogIntact, c.LogSubmits, c.LogRefused)
		for i, p := range c.Problems {
			if i == 5 {
				fmt.Fprintf(&b, "  … %d more\n", len(c.Problems)-5)
				break
			}
			fmt.Fprintf(&b, "  %s\n", p)
		}
	}
	if s.FirstError != "" {
		fmt.Fprintf(&b, "first failure: %s\n", s.FirstError)
	}
	if s.PeakRSS > 0 {
		fmt.Fprintf(&b, "server peak memory (VmHWM) %.0f MiB, CPU %.1f s (%.1f s after the logins)\n", float64(s.PeakRSS)/MiB, s.ServerCPU, s.ServerCPUBids)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
