# Seats — build, test and benchmark.
GO ?= go
BIN ?= seats
# The shared 1,000,000-license database of the benchmarks, made once per run.
BENCH_DB ?= /tmp/seats-bench-1m.db

.PHONY: build test bench demo fmt vet clean

build:
	$(GO) build -o $(BIN) .

# The test command from the README: gofmt check, vet, then every test with
# the race detector.
test:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

# Benchmarks behind the figures in BENCHMARKS.md. Slow (several minutes):
# it first times `seats demo --scale 1000000` and keeps that file for the
# UI benchmarks; the store benchmarks build their own 1M-license file.
bench: build
	rm -f $(BENCH_DB)
	SEATS_NOW=2026-11-24T09:00:00Z /usr/bin/time -f 'demo --scale 1000000: %e s wall, peak RSS %M KB' ./$(BIN) demo --scale 1000000 --no-ui --db $(BENCH_DB)
	@ls -l $(BENCH_DB) | awk '{printf "demo --scale 1000000: file %.0f MB\n", $$5/1048576}'
	SEATS_NOW=2026-11-24T09:00:00Z /usr/bin/time -f 'check at 1000000: %e s wall, peak RSS %M KB (the mapped file included)' ./$(BIN) check --db $(BENCH_DB)
	SEATS_BENCH_DB=$(BENCH_DB) $(GO) test -run '^$$' -bench FirstFrame -benchtime 1x ./ui/tui/
	SEATS_BENCH_DB=$(BENCH_DB) $(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./ui/tui/dashboard/
	$(GO) test -run '^$$' -bench . -benchtime 3x -timeout 60m ./ui/tui/table/ ./ui/tui/licenses/
	SEATS_BENCH_DB=$(BENCH_DB) $(GO) test -run '^$$' -bench 'OverSSH|ServerMemory' -benchtime 1x -timeout 60m ./ui/serve/
	$(GO) test -run '^$$' -bench ChangeReaches -benchtime 40x ./ui/serve/
	$(GO) test -run '^$$' -bench . -benchtime 3x -timeout 60m ./store/bolt/
	$(GO) test -run '^$$' -bench ImportUsers -benchtime 1x -timeout 60m ./ui/cli/
	SEATS_BENCH_DB=$(BENCH_DB) $(GO) test -run '^$$' -bench Completion1M -benchtime 20x ./ui/cli/
	SEATS_BENCH_DB=$(BENCH_DB) $(GO) test -run '^$$' -bench 'StatusSideBySide|WriteRates' -benchtime 200x -timeout 60m ./store/postgres/
	SEATS_BENCH_DB=$(BENCH_DB) $(GO) test -run '^$$' -bench LicensesTab1MPostgres -benchtime 3x -timeout 60m ./ui/tui/
	rm -f $(BENCH_DB)

# Run the product on a fresh demo organization.
demo:
	$(GO) run . demo

fmt:
	gofmt -w $$(git ls-files '*.go')

vet:
	$(GO) vet ./...

clean:
	rm -f $(BIN)
