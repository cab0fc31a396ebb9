package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/bench"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// bidsSetupReport is what bench bids-setup prints as JSON.
type bidsSetupReport struct {
	Tender    domain.ID `json:"tender"`
	Reference string    `json:"reference"`
	Deadline  time.Time `json:"deadline"`
	Suppliers int       `json:"suppliers"`
}

func benchBidsSetup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newOperatorFlags("bench bids-setup", "bench bids-setup --db DB --bid-key-file FILE [--collaboration SLUG] [--suppliers 200] [--deadline-in 3m] [--password P] [--json]", stderr)
	n := f.Int("suppliers", bench.DefaultBidSuppliers, "supplier organisations, each with one user "+bench.SupplierEmail(0)+", …")
	in := f.Duration("deadline-in", 3*time.Minute, "the bid deadline, from when the users are made: room for the server to start, the logins and the window")
	pw := f.String("password", "", "the supplier users' password (else TJENESTEVALG_PASSWORD or standard input)")
	asJSON := f.Bool("json", false, "print the tender as JSON")
	// The tender's key is wrapped by the server key: the key file is made
	// here when missing, and serve must then be given the same file.
	f.cfg.CreateBidKey = true
	a, p, err := f.open(ctx, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if *n < 1 || *n > 10_000 || *in <= 0 {
		return errors.New("--suppliers must be 1 to 10000 and --deadline-in positive")
	}
	secret, err := password(*pw)
	if err != nil {
		return err
	}
	s, err := bench.SetupBids(ctx, a.Procurement, a.Accounts, p, *n, secret, *in)
	if err != nil {
		// An internal error's message hides its cause; an operator needs it.
		if domain.KindOf(err) == domain.KindInternal {
			return err
		}
		return fmt.Errorf("%s", message(i18n.Lang("en"), err))
	}
	rep := bidsSetupReport{Tender: s.Tender.ID, Reference: s.Tender.Reference, Deadline: s.Tender.Deadline(), Suppliers: s.Suppliers}
	if *asJSON {
		return writeJSON(stdout, rep)
	}
	fmt.Fprintf(stdout, "tender %d (%s), deadline %s, %d suppliers\n", rep.Tender, rep.Reference, rep.Deadline.Format(time.RFC3339), rep.Suppliers)
	return nil
}

func benchBids(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newOperatorFlags("bench bids", "bench bids --url http://127.0.0.1:PORT --tender ID [--suppliers 200] [--password P] [--db DB --bid-key-file FILE --collaboration SLUG] [--pid PID] [--json] [flags]", stderr)
	rawURL := f.String("url", "", "base URL of a server on this machine (127.0.0.1, localhost or ::1 only)")
	var l bench.BidLoad
	f.Int64Var(&l.TenderID, "tender", 0, "the tender's id (bench bids-setup prints it)")
	n := f.Int("suppliers", bench.DefaultBidSuppliers, "supplier users "+bench.SupplierEmail(0)+", … to send bids as")
	pw := f.String("password", "", "the supplier users' password (else TJENESTEVALG_PASSWORD or standard input)")
	f.DurationVar(&l.Window, "window", bench.DefaultBidWindow, "the first bid is sent this long before the deadline")
	f.DurationVar(&l.Margin, "margin", bench.DefaultBidMargin, "the last bid is sent this long before the deadline")
	f.BoolVar(&l.Burst, "burst", false, "send more bids toward the deadline instead of evenly")
	f.Int64Var(&l.TotalBytes, "bytes", bench.DefaultBidBytes, "the size of all bids' files together, in bytes")
	f.Uint64Var(&l.Seed, "seed", 1, "random seed of the sizes and the order")
	f.DurationVar(&l.LateAfter, "late-after", bench.DefaultBidLateAfter, "one more bid is sent this long after the deadline; it must be refused")
	f.DurationVar(&l.Timeout, "timeout", bench.DefaultBidTimeout, "timeout of one request")
	f.IntVar(&l.LoginParallel, "login-parallel", bench.DefaultLoginParallel, "clients logging in at the same time")
	f.BoolVar(&l.ForwardedFor, "forwarded-for", false, "give each client its own X-Forwarded-For address (the server must trust 127.0.0.1: --trusted-proxies 127.0.0.1)")
	pid := f.Int("pid", 0, "the server's process id, to report its peak memory and CPU time")
	asJSON := f.Bool("json", false, "print the figures as JSON")
	if err := f.Parse(args); err != nil {
		return err
	}
	// The database is read after the deadline only when --db is given.
	check := false
	f.Visit(func(fl *flag.Flag) { check = check || fl.Name == "db" })
	u, err := bench.ParseTarget(*rawURL)
	if err != nil {
		return err
	}
	secret, err := password(*pw)
	if err != nil {
		return err
	}
	if *n < 1 {
		return errors.New("--suppliers must be at least 1")
	}
	l.Suppliers = bench.SupplierLogins(*n, secret)
	cpu0, err := serverCPU(*pid)
	if err != nil {
		return err
	}
	var cpuWindow time.Duration
	var cpuErr error
	l.OnWindow = func() { cpuWindow, cpuErr = serverCPU(*pid) }
	res, err := bench.RunBids(ctx, u, l)
	if err != nil {
		return err
	}
	var c *bench.BidCheck
	if check {
		st, err := readStored(ctx, f, l.TenderID)
		if err != nil {
			return fmt.Errorf("reading the database after the deadline: %w", err)
		}
		cc := bench.CheckStored(res, st)
		c = &cc
	} else {
		fmt.Fprintln(stderr, "bench bids: no --db: the database is not compared with the receipts")
	}
	sum := bench.Summarise(res, c)
	if *pid != 0 {
		if sum.PeakRSS, err = bench.PeakRSS(*pid); err != nil {
			return err
		}
		cpu1, err := serverCPU(*pid)
		if err != nil {
			return err
		}
		sum.ServerCPU = (cpu1 - cpu0).Seconds()
		if cpuErr == nil {
			sum.ServerCPUBids = (cpu1 - cpuWindow).Seconds()
		}
	}
	if *asJSON {
		err = writeJSON(stdout, sum)
	} else {
		err = sum.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if !sum.Passed() {
		fmt.Fprintln(stderr, "bench bids: NOT every bid was receipted and stored in time, or a late bid was not refused")
		return exitError(1)
	}
	return nil
}

// readStored opens the database of f (its bid key file too, which the
// access log's check needs) and reads the tender's bids and log as the
// collaboration's system principal.
func readStored(ctx context.Context, f operatorFlags, tender domain.ID) (bench.Stored, error) {
	a, err := app.Open(ctx, f.cfg, f.cfg.Logger(), nil)
	if err != nil {
		return bench.Stored{}, err
	}
	defer a.Close()
	p, err := operator(ctx, a, *f.slug)
	if err != nil {
		return bench.Stored{}, err
	}
	return bench.ReadStored(ctx, a.Procurement, a.DB.Procurement().Bids, p, tender)
}
