package app

import (
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

func TestConfigValidate(t *testing.T) {
	ok := DefaultConfig()
	ok.TrustedProxies = "10.0.0.0/8, 192.0.2.7"
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid config: %v", err)
	}
	p, _ := ok.Proxies()
	if len(p) != 2 || p[1].String() != "192.0.2.7/32" {
		t.Errorf("proxies %v", p)
	}
	for _, c := range []struct {
		mutate func(*Config)
		want   string
	}{
		{func(c *Config) { c.DB = "" }, "--db"},
		{func(c *Config) { c.BaseURL = "localhost:8080" }, "--base-url"},
		{func(c *Config) { c.LogFormat = "xml" }, "--log-format"},
		{func(c *Config) { c.LogLevel = "loud" }, "--log-level"},
		{func(c *Config) { c.TrustedProxies = "10.0.0.0/33" }, "--trusted-proxies"},
		{func(c *Config) { c.RoadmapLimit = "forever" }, "--roadmap-time-limit"},
		{func(c *Config) { c.RoadmapLimit = "50ms" }, "--roadmap-time-limit"},
	} {
		cfg := DefaultConfig()
		c.mutate(&cfg)
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate() = %v, want an error naming %s", err, c.want)
		}
	}
	if d, err := (Config{RoadmapLimit: "30s"}).RoadmapTimeLimit(); err != nil || d != 30*time.Second {
		t.Errorf("RoadmapTimeLimit(30s) = %v, %v", d, err)
	}
	if d, _ := ok.RoadmapTimeLimit(); d != roadmap.DefaultLimit {
		t.Errorf("the default roadmap limit is %v", d)
	}
	if !(Config{DB: "postgres://x/y"}).Postgres() || (Config{DB: "data/t.db"}).Postgres() {
		t.Error("Postgres() does not tell a DSN from a file")
	}
}
