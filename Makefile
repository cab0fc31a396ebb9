# The README's commands. `make run` and `make test` are all a new developer needs.
GO      ?= go
BIN     := bin/tjenestevalg
TEST_POSTGRES_DSN ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable

.PHONY: run build assets test test-postgres bench vet fmt clean

run: build
	./$(BIN) serve --demo

build: assets
	$(GO) build -o $(BIN) ./cmd/tjenestevalg

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

assets: web/node_modules/.package-lock.json
	cd web && npm run --silent build

vet:
	$(GO) vet ./...

fmt:
	gofmt -l -w cmd internal

# The whole suite: unit, contract (PostgreSQL too when TEST_POSTGRES_DSN is
# set), web and browser tests.
test: assets vet
	$(GO) test -race -count=1 -timeout 30m ./...

# The suite with the PostgreSQL half of the contract tests switched on.
test-postgres: assets
	TEST_POSTGRES_DSN='$(TEST_POSTGRES_DSN)' $(GO) test -race -count=1 ./...

# Benchmarks of docs/benchmarks.md; see that file for what each measures.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...
	./scripts/bench.sh
	./scripts/bench-roadmap.sh
	./scripts/bench-bids.sh
	./scripts/bench-eventlog.sh

clean:
	rm -rf bin internal/web/static/dist
