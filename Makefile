# tsa-report — make demo | make test | make bench
SWIFT ?= swift
BIN_DIR := $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
TSA := $(BIN_DIR)/tsa-report

.PHONY: deps test-deps build demo test lint format samples clean bench fuzz

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh test

build: deps
	$(SWIFT) build

# The main job on the bundled sample data (see scripts/demo.sh).
demo: build
	@scripts/demo.sh $(TSA)

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

# The whole suite: unit tests of the core, and CLI tests that run the built binary against
# golden files (re-record them with RECORD_GOLDEN=1 make test).
test: test-deps lint
	$(SWIFT) build
	TSA_REPORT_BIN=$(TSA) $(SWIFT) test

samples:
	python3 scripts/make-sample-logs.py samples/proxy/access.log

clean:
	rm -rf .build demo

# Speed and memory against SQLite itself (generated data in bench/data, made once).
bench: deps
	scripts/bench.sh

# A longer fuzz run: seeded random mutations through every parser (the test suite runs a short one).
fuzz: deps
	TSA_FUZZ_ROUNDS=300000 $(SWIFT) test --filter 'FuzzTests|HandBuiltTokenTests'
