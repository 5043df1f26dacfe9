# jjm: the two commands are `make run` and `make test`.
BUILD ?= build
DB ?= var/jjm.db
HOST ?= 127.0.0.1
PORT ?= 8080
DEMO_SCALE ?= 0.02
JOBS ?= $(shell nproc)

.PHONY: check run test test-sqlite test-postgres build deps test-deps clean format bench bench-shapes bench-quality bench-supply

# Install what is missing, build (Release), create var/jjm.db with demo data
# on first start, and serve the dashboard.
run: deps
	$(MAKE) build TESTING=OFF
	./$(BUILD)/jjm serve --db $(DB) --host $(HOST) --port $(PORT) --demo --demo-scale $(DEMO_SCALE)

# Install, build and run every test through CTest: once on SQLite, then
# again on a private PostgreSQL server (all but the browser tests, which
# drive the same API the PostgreSQL run tests directly; they took 10 of its
# 23 minutes; `make test-postgres` runs them on PostgreSQL too).  Fails if the run leaves any file in
# the checkout that was not there (or was different) before it.
TREE_STATE = $(BUILD)/tree-state.before
test: test-deps
	$(MAKE) build TESTING=ON
	$(MAKE) check
	./scripts/tree-state.sh save $(TREE_STATE)
	cd $(BUILD) && ctest --output-on-failure --timeout 900
	./scripts/with-postgres.sh sh -c 'cd $(BUILD) && ctest --output-on-failure --timeout 900 -E node_browser'
	./scripts/tree-state.sh check $(TREE_STATE)

# Only SQLite, or only PostgreSQL.
test-sqlite: test-deps
	$(MAKE) build TESTING=ON
	cd $(BUILD) && ctest --output-on-failure --timeout 900

test-postgres: test-deps
	$(MAKE) build TESTING=ON
	./scripts/with-postgres.sh sh -c 'cd $(BUILD) && ctest --output-on-failure --timeout 900'

# Checks by machine: SQL only in src/store/, files under 900 lines, and
# clang's thread-safety analysis of the lock annotations.
check:
	./scripts/check-layout.sh
	./scripts/check-thread-safety.sh $(BUILD)

deps:
	./scripts/install-deps.sh

test-deps:
	./scripts/install-deps.sh --test

TESTING ?= ON
build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=$(TESTING)
	cmake --build $(BUILD) -j$(JOBS)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD)

# The benchmark beside PostgreSQL, SQLite and nginx (bench/RESULTS.md).
bench:
	./bench/run.sh --results bench/RESULTS.md

# The ledger import and start-up on several shapes of the same ledger (by
# village, by date, shuffled, bare LGD codes, long and short histories):
# bench/SHAPES.md.  SHAPES_ARGS="--scale 0.1" for a quick run.  Hold the
# shared CPU lock on a shared machine (flock /tmp/jjm-cpu.lock make ...).
SHAPES_ARGS ?=
bench-shapes:
	$(MAKE) build TESTING=OFF
	node bench/shapes.mjs --results bench/SHAPES.md $(SHAPES_ARGS)

# The water-quality benchmark (bench/quality.mjs): imports of labs, sources
# and lab results beside sqlite3 .import on several shapes of the files,
# start-up and memory, and a place's summary for a day in process, over HTTP
# and as SQL on a private PostgreSQL; replaces the "Water quality" section of
# bench/RESULTS.md.  A bounded run at scale 0.05 by default;
# QUALITY_ARGS="--scale 1" for the national one.  Hold the shared CPU lock on
# a shared machine (flock /tmp/jjm-cpu.lock make bench-quality).
QUALITY_ARGS ?=
bench-quality:
	$(MAKE) build TESTING=OFF
	node bench/quality.mjs --results bench/RESULTS.md $(QUALITY_ARGS)

# The Har Ghar Jal and functionality benchmark (bench/supply.mjs): generated
# coverage with the water-supply demo on top; start-up and memory, the Har
# Ghar Jal summary, headline and survey results in process, the summary over
# HTTP and as SQL on a private PostgreSQL (checked against jjm's answers), on
# big and small places and early and recent days; replaces the "Har Ghar Jal
# and functionality" section of bench/RESULTS.md.  National scale by
# default; SUPPLY_ARGS="--scale 0.05" for a quick run.  Hold the shared CPU
# lock on a shared machine (flock /tmp/jjm-cpu.lock make bench-supply).
SUPPLY_ARGS ?=
bench-supply:
	$(MAKE) build TESTING=OFF
	node bench/supply.mjs --results bench/RESULTS.md $(SUPPLY_ARGS)

# The slow tests `make test` leaves out (CTest label "slow", registered for
# the "slow" configuration only): the national-scale demo data generator.
.PHONY: test-slow
test-slow: test-deps
	$(MAKE) build TESTING=ON
	cd $(BUILD) && ctest -C slow -L slow --output-on-failure --timeout 3600
