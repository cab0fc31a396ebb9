package bench_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/bench"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
)

// BenchmarkPrioritySubmit is a Delphi round in which 5 participants in each
// of the 357 municipalities submit their scores (five criteria) of every
// service of the round at once, over HTTP, each participant one request
// after another and all participants together; the server runs on SQLite.
// It counts the scores stored afterwards: none may be lost or doubled.
// The round has PRIORITY_SERVICES services (default 12; the full
// load is 230); PRIORITY_CLIENTS bounds how many participants submit at
// the same moment (default 200); PRIORITY_POSTGRES (an admin DSN) runs the
// server on a fresh PostgreSQL database instead. It reports the p95 of a submission
// (target: under 300 ms) and submissions per second. Run it once:
//
//	go test -run '^$' -bench PrioritySubmit -benchtime 1x ./internal/bench
func BenchmarkPrioritySubmit(b *testing.B) {
	services := envInt("PRIORITY_SERVICES", 12)
	clients := envInt("PRIORITY_CLIENTS", 200)
	const perMunicipality = 5
	d, err := bench.Generate(bench.Options{Municipalities: bench.NationalMunicipalities, Services: services, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	dsn := freshPostgres(b)
	s := newSiteWith(b, b.TempDir(), func(c *app.Config) {
		c.TrustedProxies = "127.0.0.1/32"
		if dsn != "" {
			c.DB = dsn
		}
	})
	s.importData(b, d)
	ctx := context.Background()
	munis, err := s.app.Catalogue.Municipalities(ctx, s.system)
	if err != nil {
		b.Fatal(err)
	}
	hash, err := account.HashPassword(leadPassword)
	if err != nil {
		b.Fatal(err)
	}
	acc := s.app.DB.Accounts()
	type participant struct {
		email string
		muni  domain.ID
		ip    string
	}
	var people []participant
	var parts []priority.Participant
	for i, m := range munis {
		for k := range perMunicipality {
			email := fmt.Sprintf("p%d-%d@bench.example", i, k)
			u := account.User{CollaborationID: s.system.CollaborationID, Email: email, Name: email, Lang: "nb",
				PasswordHash: hash, CreatedAt: time.Now()}
			id, err := acc.CreateUser(ctx, u)
			if err != nil {
				b.Fatal(err)
			}
			if err := acc.SetGrants(ctx, id, []domain.Grant{{Role: domain.RoleSubjectOwner, MunicipalityID: m.ID}}); err != nil {
				b.Fatal(err)
			}
			n := len(people)
			people = append(people, participant{email, m.ID, fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)})
			parts = append(parts, priority.Participant{UserID: id, MunicipalityID: m.ID})
		}
	}
	crits, err := s.app.Priority.EnsureCriteria(ctx, s.system)
	if err != nil {
		b.Fatal(err)
	}
	var judged []priority.Criterion
	for _, c := range crits {
		if c.Kind == priority.KindJudgemental {
			judged = append(judged, c)
		}
	}
	var ids []domain.ID
	svcs, err := s.app.Catalogue.Services(ctx, s.system)
	if err != nil {
		b.Fatal(err)
	}
	for _, sv := range svcs {
		ids = append(ids, sv.ID)
	}
	round, err := s.app.Priority.OpenRound(ctx, s.system, priority.RoundInput{Services: ids, Participants: parts,
		Deadline: time.Now().Add(6 * time.Hour)})
	if err != nil {
		b.Fatal(err)
	}
	base, err := bench.ParseTarget(s.srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	// Sign everyone in first (argon2id per login, not what is measured).
	cl := make([]*bench.Client, len(people))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	var loginErr atomic.Value
	for i, p := range people {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			c := bench.NewClient(base, 2)
			c.ForwardedFor = p.ip
			if err := c.Login(ctx, p.email, leadPassword); err != nil {
				loginErr.Store(err)
			}
			cl[i] = c
		}()
	}
	wg.Wait()
	if err, ok := loginErr.Load().(error); ok {
		b.Fatal(err)
	}
	path := "/priority/rounds/" + strconv.FormatInt(round.ID, 10) + "/scores"
	var mu sync.Mutex
	var times []time.Duration
	var failed atomic.Int64
	b.ResetTimer()
	start := time.Now()
	gate := make(chan struct{}, clients)
	for i, p := range people {
		wg.Add(1)
		gate <- struct{}{}
		go func() {
			defer func() { <-gate; wg.Done() }()
			local := make([]time.Duration, 0, len(ids))
			for k, sv := range ids {
				form := url.Values{"service": {strconv.FormatInt(sv, 10)}, "municipality": {strconv.FormatInt(p.muni, 10)}}
				for j, c := range judged {
					form.Set("score_"+strconv.FormatInt(c.ID, 10), strconv.Itoa(1+(i+k+j)%5))
				}
				t0 := time.Now()
				status, _, err := cl[i].PostForm(ctx, path, form, "application/json")
				local = append(local, time.Since(t0))
				if err != nil || status != 200 {
					failed.Add(1)
				}
			}
			mu.Lock()
			times = append(times, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	var stored, distinct int
	db := s.app.DB.SQL()
	q := `SELECT COUNT(*), COUNT(DISTINCT round_id || '-' || user_id || '-' || service_id || '-' || criterion_id) FROM priority_scores WHERE round_id = ?`
	if dsn != "" {
		q = strings.Replace(q, "?", "$1", 1)
	}
	if err := db.QueryRow(q, round.ID).Scan(&stored, &distinct); err != nil {
		b.Fatal(err)
	}
	want := len(people) * len(ids) * len(judged)
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(len(times))/elapsed.Seconds(), "submissions/s")
	b.ReportMetric(float64(want-stored), "lost-scores")
	b.ReportMetric(float64(stored-distinct), "doubled-scores")
	b.ReportMetric(float64(failed.Load()), "failed-requests")
	if stored != want || distinct != stored || failed.Load() > 0 {
		b.Errorf("%d scores stored (%d distinct), want %d; %d requests failed", stored, distinct, want, failed.Load())
	}
}

// freshPostgres makes an empty database for the benchmark when
// PRIORITY_POSTGRES names a server's admin DSN, and returns its DSN; ""
// runs on SQLite.
func freshPostgres(b *testing.B) string {
	admin := os.Getenv("PRIORITY_POSTGRES")
	if admin == "" {
		return ""
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"DROP DATABASE IF EXISTS tjenestevalg_prio WITH (FORCE)", "CREATE DATABASE tjenestevalg_prio"} {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	u, err := url.Parse(admin)
	if err != nil {
		b.Fatal(err)
	}
	u.Path = "/tjenestevalg_prio"
	return u.String()
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
