# crisismap: two commands on a fresh Debian machine.
#   make demo   install what is missing, build, and run the demo on GeoData/
#   make test   install what is missing, build, and run every test
SWIFT ?= swift
BIN_DEBUG = .build/debug/crisismap
BIN_RELEASE = .build/release/crisismap

.PHONY: deps build release demo test api-fuzz browser-test bench-compare bench-import bench-dispatch bench-api bench-adversity bench-soak bench-heatmap bench-planning bench-routing bench-postgis bench-privacy geodata clean

deps:
	@bash Tools/install-deps.sh

build: deps
	$(SWIFT) build --product crisismap

release: deps
	$(SWIFT) build -c release --product crisismap

demo: build
	$(BIN_DEBUG) demo

# Package.swift checked for undeclared imports and unused dependencies, then
# the Swift tests (unit and end-to-end; the store conformance suite and the
# multi-server tests against a throwaway PostgreSQL/PostGIS cluster that
# Tools/postgres.sh installs, starts on 127.0.0.1 and removes), then the live
# API against openapi.yaml, then the browser map in headless Chromium
# (screenshots in .build/browser-screenshots). Tools/swift-test.sh runs the
# Swift tests again only if Foundation's Process.run() crash took them down.
test: deps
	$(SWIFT) package dump-package | python3 Tools/check-imports.py
	bash Tools/postgres.sh run -- env SWIFT=$(SWIFT) bash Tools/swift-test.sh
	bash Tools/api-fuzz.sh $(BIN_DEBUG)
	bash Tools/browser-test.sh $(BIN_DEBUG)

api-fuzz: build
	bash Tools/api-fuzz.sh $(BIN_DEBUG)

browser-test: build
	bash Tools/browser-test.sh $(BIN_DEBUG)

# Long benchmarks stay out of `make test`; see BENCHMARKS.md.
bench-import: release
	@bash Tools/install-deps.sh bench
	bash Benchmarks/import/run.sh

# Before/after for a reshaping: BEFORE=path/to/older/checkout with its
# release crisismap and DispatchBenchmark built (see Benchmarks/compare/run.sh).
bench-compare: release
	@bash Tools/install-deps.sh bench
	$(SWIFT) build -c release --product DispatchBenchmark
	bash Benchmarks/compare/run.sh $(BEFORE)

bench-dispatch: deps
	$(SWIFT) build -c release --product DispatchBenchmark
	bash Benchmarks/dispatch/run.sh

bench-api: release
	@bash Tools/install-deps.sh bench
	bash Benchmarks/api/run.sh

# Recommendation latency at 1,000/s: quiet, with planners saturating the pool, under a slowloris.
bench-adversity: release
	@bash Tools/install-deps.sh bench
	bash Benchmarks/adversity/run.sh

# Ten minutes of updates, streams, recommendations and planners: no 500, no lost update, peak RSS.
bench-soak: release
	@bash Tools/install-deps.sh bench
	bash Benchmarks/soak/run.sh

bench-heatmap: release
	@bash Tools/install-deps.sh bench
	bash Benchmarks/heatmap/run.sh

bench-planning: release
	@bash Tools/install-deps.sh bench
	bash Benchmarks/planning/run.sh

bench-routing: deps
	@bash Tools/install-deps.sh bench
	$(SWIFT) build -c release --product crisismap
	$(SWIFT) build -c release --product RoutingBenchmark
	bash Benchmarks/routing/run.sh

bench-privacy: deps
	@bash Tools/install-deps.sh bench
	$(SWIFT) build -c release --scratch-path .build-bench --product crisismap
	bash Benchmarks/privacy/run.sh

# Its own scratch folder, so a long benchmark build never disturbs .build.
bench-postgis: deps
	@bash Tools/install-deps.sh bench
	$(SWIFT) build -c release --scratch-path .build-bench --product crisismap
	$(SWIFT) build -c release --scratch-path .build-bench --product StoreBenchmark
	bash Benchmarks/postgis/run.sh

geodata:
	python3 Tools/generate_geodata.py

clean:
	rm -rf .build demo-output
