# tsa-report — make demo | make test | make bench
SWIFT ?= swift
BIN_DIR := $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
TSA := $(BIN_DIR)/tsa-report

.PHONY: deps test-deps build demo test test-shifted test-package lint format samples clean bench \
  fuzz release install deb

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
	python3 scripts/check-layers.py

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
	$(MAKE) --no-print-directory test-package

# libfaketime shifts the test run and every program it starts (tsa-report, sendmail, servers);
# NO_FAKE_STAT keeps file times as they are on disk (a test that sets one with touch -d means
# it). LibreOffice does not start under libfaketime: its test runs in the plain pass only; so does
# the month of 1.1 million stamps (minutes long, and no date in it).
SHIFT ?= +731d
SHIFT_TZ ?= Pacific/Kiritimati
test-shifted:
	TSA_REPORT_BIN=$(TSA) FAKETIME_DONT_FAKE_MONOTONIC=1 NO_FAKE_STAT=1 TZ=$(SHIFT_TZ) \
	  faketime -f '$(SHIFT)' $(SWIFT) test --skip-build --skip 'LibreOffice|LargeMonth'

# The Debian package, installed, used with /opt/swift hidden, upgraded and purged (as root).
test-package: test-deps
	scripts/test-package.sh

# A release binary with the Swift runtime and Foundation inside: it runs without the toolchain.
RELEASE_FLAGS := --static-swift-stdlib -Xlinker -z -Xlinker now -Xlinker -z -Xlinker relro
release: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS)

# make install [PREFIX=/usr/local] [DESTDIR=staging] [SYSCONFDIR=/etc]: the binary, man pages,
# completions, systemd units (not enabled) and the example settings (never over edited ones).
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
install: release
	$(SWIFT) build --product tsa-report
	scripts/build-manual.sh .build/manual
	DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" SYSCONFDIR="$(SYSCONFDIR)" scripts/install.sh \
	  "$$($(SWIFT) build -c release $(RELEASE_FLAGS) --show-bin-path)/tsa-report" .build/manual

# dist/tsa-report_VERSION_ARCH.deb (see scripts/build-deb.sh).
deb:
	@scripts/install-deps.sh deb
	scripts/build-deb.sh

samples:
	python3 scripts/make-sample-logs.py samples/proxy/access.log

clean:
	rm -rf .build demo dist

# Speed and memory against SQLite itself (generated data in bench/data, made once).
bench: deps
	scripts/bench.sh

# A longer fuzz run: seeded random mutations through every parser, and 100 rounds of random
# arguments through every command (the test suite runs a short one of each).
fuzz: deps
	TSA_FUZZ_ROUNDS=300000 TSA_ARGUMENT_FUZZ_ROUNDS=100 $(SWIFT) test \
	  --filter 'FuzzTests|HandBuiltTokenTests|ArgumentFuzzTests'
