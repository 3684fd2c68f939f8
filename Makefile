# A short menu over the go command. `make demo` and `make test` are the two
# set-up commands of README.md.
GO ?= go
OUT ?= out/demo

.PHONY: all build test race beam-test demo bench scale lint fuzz golden generate check-generate clean notebooks notebooks-update

all: lint test

build:
	$(GO) build -o bin/ ./cmd/...

# Runs the main job on the embedded synthetic sample (offline).
demo:
	$(GO) run ./cmd/eventstudy run --out $(OUT)

# The tests of the main module. Their output goes through
# internal/testsummary, which prints what `go test` prints and then how many
# tests skipped because ../shared/data (the real market data) is absent; the
# exit status is go test's.
test:
	@rcf=$$(mktemp); { $(GO) test -json ./...; echo $$? > $$rcf; } | $(GO) run ./internal/testsummary; \
	s=$$?; rc=$$(cat $$rcf); rm -f $$rcf; [ "$$rc" = 0 ] && [ $$s = 0 ]

# The tests under the race detector (needs cgo and a C compiler; minutes;
# not in CI).
race:
	CGO_ENABLED=1 $(GO) test -race ./...

# The Apache Beam pipeline (nested module beam/, its own go.mod): runs it on
# Prism, in process, and compares its outputs with `eventstudy run`. Never
# from the test cache: the tests build and run cmd/eventstudy, which go test
# does not count among their inputs, so a cached pass may hide a change of run.
beam-test:
	cd beam && $(GO) vet ./... && $(GO) test -count=1 ./...

# staticcheck is pinned in its own module (tools/lint/go.mod) so that it
# raises no version of the main module or of the notebook tools.
lint:
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool -modfile=tools/lint/go.mod staticcheck ./...

# Benchmarks (events/s on the S&P 500 panel, parse speed, the render budget, charts and tables); results in bench.txt.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 3 ./study/... ./data/... ./charts/... ./render/... ./report/... ./internal/... ./cmd/... | tee bench.txt

# Scale measurements of issue 6 (minutes; not in CI): 10,000 events on the S&P 500
# panel and 1,000,000 on a synthetic 5,000 × 2,520 panel written to /tmp.
scale:
	bash scripts/scale.sh

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzReadSeries -fuzztime 30s ./data
	$(GO) test -run '^$$' -fuzz FuzzReadEvents -fuzztime 30s ./data

golden:
	$(GO) test ./charts/... ./cmd/... -update

generate:
	$(GO) generate ./data/sample

# Fails when the committed generated files differ from what the generator writes.
check-generate: generate
	git diff --exit-code -- data/sample

# Executes every notebook under notebooks/ headlessly with the GoNB kernel (built
# from tools/go.mod) and fails on any error; the executed copies go to
# out/notebooks. notebooks-update saves the outputs into the committed notebooks.
# Needs Debian's jupyter-nbconvert, jupyter-client and python3-ipykernel.
notebooks:
	bash notebooks/run.sh

notebooks-update:
	bash notebooks/run.sh --inplace

clean:
	rm -rf bin out bench.txt
