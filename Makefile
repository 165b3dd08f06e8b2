# tsa-report — make demo | make test | make bench
SWIFT ?= swift
BIN_DIR := $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
TSA := $(BIN_DIR)/tsa-report

.PHONY: deps test-deps build demo test test-shifted lint format samples clean bench fuzz

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
# golden files (RECORD_GOLDEN=1 writes new ones and fails: read `git diff Tests/Golden`, then
# run again); then the same suite once more with the clock two years ahead and the machine in
# a zone far from Prague, so that a test bound to today's date or zone fails the day it is
# written.
test: test-deps lint
	$(SWIFT) build --build-tests
	TSA_REPORT_BIN=$(TSA) $(SWIFT) test --skip-build
	$(MAKE) --no-print-directory test-shifted

# libfaketime shifts the test run and every program it starts (tsa-report, sendmail, servers);
# NO_FAKE_STAT keeps file times as they are on disk (a test that sets one with touch -d means
# it). LibreOffice does not start under libfaketime: its test runs in the plain pass only.
SHIFT ?= +731d
SHIFT_TZ ?= Pacific/Kiritimati
test-shifted:
	TSA_REPORT_BIN=$(TSA) FAKETIME_DONT_FAKE_MONOTONIC=1 NO_FAKE_STAT=1 TZ=$(SHIFT_TZ) \
	  faketime -f '$(SHIFT)' $(SWIFT) test --skip-build --skip LibreOffice

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
