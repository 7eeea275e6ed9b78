# Seats — build, test and benchmark.
GO ?= go
BIN ?= seats

.PHONY: build test bench demo fmt vet clean

build:
	$(GO) build -o $(BIN) .

# The test command from the README: vet, then every test with the race detector.
test:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

# Benchmarks behind the figures in BENCHMARKS.md (slow: builds 1M-license databases).
bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./store/ ./model/... ./ui/...

# Run the product on a fresh demo organization.
demo:
	$(GO) run . demo

fmt:
	gofmt -w $$(git ls-files '*.go')

vet:
	$(GO) vet ./...

clean:
	rm -f $(BIN)
