package main

import (
	"context"
	"fmt"
	"io"

	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("serve", "serve [--addr HOST:PORT] [--base-url URL] [--demo]", stderr)
	f.StringVar(&f.cfg.Addr, "addr", f.cfg.Addr, "listen address (env TJENESTEVALG_ADDR)")
	f.StringVar(&f.cfg.BaseURL, "base-url", f.cfg.BaseURL, "public URL; https:// makes cookies Secure (env TJENESTEVALG_BASE_URL)")
	f.BoolVar(&f.cfg.Demo, "demo", false, "load the Fosen demo on first start and show the demo banner")
	f.StringVar(&f.cfg.TrustedProxies, "trusted-proxies", f.cfg.TrustedProxies, "load balancers (addresses or CIDR, comma-separated) whose X-Forwarded-For names the client (env TJENESTEVALG_TRUSTED_PROXIES)")
	f.StringVar(&f.cfg.MaxBPMN, "max-bpmn", f.cfg.MaxBPMN, "largest BPMN file accepted, e.g. 10MiB or 512KiB (default 10MiB; env TJENESTEVALG_MAX_BPMN)")
	f.StringVar(&f.cfg.BPMNLimits.Processes, "max-bpmn-processes", f.cfg.BPMNLimits.Processes, "most processes (pools) in one process model (default 100; env TJENESTEVALG_MAX_BPMN_PROCESSES)")
	f.StringVar(&f.cfg.BPMNLimits.FlowNodes, "max-bpmn-nodes", f.cfg.BPMNLimits.FlowNodes, "most flow nodes (tasks, events, gateways) in one process model (default 5000; env TJENESTEVALG_MAX_BPMN_NODES)")
	f.StringVar(&f.cfg.BPMNLimits.Lanes, "max-bpmn-lanes", f.cfg.BPMNLimits.Lanes, "most lanes in one process model (default 200; env TJENESTEVALG_MAX_BPMN_LANES)")
	f.StringVar(&f.cfg.BPMNLimits.Flows, "max-bpmn-flows", f.cfg.BPMNLimits.Flows, "most sequence and message flows in one process model (default 10000; env TJENESTEVALG_MAX_BPMN_FLOWS)")
	f.StringVar(&f.cfg.BPMNLimits.Depth, "max-bpmn-depth", f.cfg.BPMNLimits.Depth, "most subprocesses inside one another (default 20; env TJENESTEVALG_MAX_BPMN_DEPTH)")
	f.StringVar(&f.cfg.BPMNLimits.AttrBytes, "max-bpmn-attr", f.cfg.BPMNLimits.AttrBytes, "longest attribute value (a name) in a process model, e.g. 16KiB (default 16KiB; env TJENESTEVALG_MAX_BPMN_ATTR)")
	f.StringVar(&f.cfg.ImportLimits, "import-limits", f.cfg.ImportLimits, "bounds of an import file, e.g. rows=250000,columns=1024,cells=25000000,cell=128KiB,line=1MiB,file=64MiB,unzipped=512MiB (these are the defaults; env TJENESTEVALG_IMPORT_LIMITS)")
	f.StringVar(&f.cfg.RoadmapLimit, "roadmap-time-limit", f.cfg.RoadmapLimit, "how long a roadmap edit may optimise its scenarios, e.g. 5s (default 5s; env TJENESTEVALG_ROADMAP_TIME_LIMIT)")
	f.StringVar(&f.cfg.MaxHashes, "max-hashes", f.cfg.MaxHashes, "password hashes running at once, 19 MiB each (default: CPUs, 2 to 4; env TJENESTEVALG_MAX_HASHES)")
	f.StringVar(&f.cfg.LoginPairFree, "login-pair-free", f.cfg.LoginPairFree, "failed logins per e-mail and address before a growing delay (default 5; env TJENESTEVALG_LOGIN_PAIR_FREE)")
	f.StringVar(&f.cfg.LoginPerAddress, "login-per-address", f.cfg.LoginPerAddress, "failed logins per client address within 15 minutes (default 100; env TJENESTEVALG_LOGIN_PER_ADDRESS)")
	f.StringVar(&f.cfg.LoginPerEmail, "login-per-email", f.cfg.LoginPerEmail, "failed logins per e-mail from all addresses within 15 minutes (default 30; env TJENESTEVALG_LOGIN_PER_EMAIL)")
	f.cfg.CreateBidKey = true
	a, err := f.open(ctx, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if f.cfg.Demo {
		loaded, err := a.LoadDemo(ctx)
		if err != nil {
			return fmt.Errorf("load demo: %w", err)
		}
		if loaded {
			a.Logger.Info("loaded the Fosen demo")
		}
	}
	return a.Serve(ctx, func(addr string) {
		fmt.Fprintf(stdout, "Tjenestevalg serves on %s (database: %s)\n", f.cfg.BaseURL, a.DB.Dialect())
		if f.cfg.Demo {
			printLogins(stdout)
		}
	})
}

func printLogins(w io.Writer) {
	fmt.Fprintf(w, "\nDemo logins (password for all: %s):\n", demo.Password)
	for _, l := range demo.Logins() {
		fmt.Fprintf(w, "  %-36s %s\n", l.Email, l.Role)
	}
	fmt.Fprintln(w)
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("migrate", "migrate [--db DSN]", stderr)
	if err := f.Parse(args); err != nil {
		return err
	}
	if err := f.cfg.Validate(); err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, f.cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.MigrationVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s database is at migration %d\n", db.Dialect(), v)
	return nil
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("demo", "demo [--db DSN]", stderr)
	f.StringVar(&f.cfg.MaxHashes, "max-hashes", f.cfg.MaxHashes, "password hashes running at once, 19 MiB each (default: CPUs, 2 to 4; env TJENESTEVALG_MAX_HASHES)")
	f.StringVar(&f.cfg.LoginPairFree, "login-pair-free", f.cfg.LoginPairFree, "failed logins per e-mail and address before a growing delay (default 5; env TJENESTEVALG_LOGIN_PAIR_FREE)")
	f.StringVar(&f.cfg.LoginPerAddress, "login-per-address", f.cfg.LoginPerAddress, "failed logins per client address within 15 minutes (default 100; env TJENESTEVALG_LOGIN_PER_ADDRESS)")
	f.StringVar(&f.cfg.LoginPerEmail, "login-per-email", f.cfg.LoginPerEmail, "failed logins per e-mail from all addresses within 15 minutes (default 30; env TJENESTEVALG_LOGIN_PER_EMAIL)")
	f.cfg.CreateBidKey = true
	a, err := f.open(ctx, args)
	if err != nil {
		return err
	}
	defer a.Close()
	loaded, err := a.LoadDemo(ctx)
	if err != nil {
		return err
	}
	if !loaded {
		fmt.Fprintln(stdout, "The Fosen demo is already loaded.")
		return nil
	}
	fmt.Fprintln(stdout, "Loaded the Fosen demo.")
	printLogins(stdout)
	return nil
}
