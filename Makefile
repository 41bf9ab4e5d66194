# southsouth — the two commands are `make run` and `make test`; both bootstrap everything.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON ?= 3.11
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
export UV_SYSTEM_CERTS ?= 1

# Offline use: read the datasets from the mirror beside the repository when it is there.
MIRROR_DEFAULT := $(abspath $(CURDIR)/../shared/data)
ifneq ($(wildcard $(MIRROR_DEFAULT)/README.md),)
export SOUTHSOUTH_MIRROR ?= $(MIRROR_DEFAULT)
endif

UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
VENV := $(CURDIR)/.venv
SOUTHSOUTH := $(VENV)/bin/southsouth

.PHONY: help venv system report-system bench-system run test lint bench audit serve clean

help:
	@echo "make run    bootstrap, sync the datasets, plan the G77 roadmap, write its report to out/"
	@echo "make test   bootstrap, lint, run every test"
	@echo "make bench  run the benchmarks and the dependency audit"
	@echo "make audit  known vulnerabilities of the locked dependencies (needs the package index)"
	@echo "make serve  start the read API on http://127.0.0.1:8000"

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --locked
	@touch $@

venv: $(VENV)/.synced

# Debian packages, installed only when missing:
#   report-system  Pango and fonts for the PDF report (WeasyPrint)
#   system         + a Java runtime (PySpark engine tests), Chromium (browser tests of the
#                  report, driven by Playwright) and PostgreSQL (tracker tests start a
#                  throwaway server of their own)
#   bench-system   + wrk (API load benchmark)
define apt_missing
	@missing=""; \
	for pkg in $(1); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
endef
REPORT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_PACKAGES := $(REPORT_PACKAGES) chromium postgresql
BENCH_PACKAGES := $(TEST_PACKAGES) wrk

report-system:
	$(call apt_missing,$(REPORT_PACKAGES))

system:
	@command -v java >/dev/null 2>&1 || { \
	  echo "installing a Java runtime (openjdk-17-jre-headless) for the Spark engine"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; }
	$(call apt_missing,$(TEST_PACKAGES))

bench-system: system
	$(call apt_missing,$(BENCH_PACKAGES))

# The main job: the G77 roadmap with its report (HTML and PDF) in $(OUT).
OUT ?= $(CURDIR)/out/roadmap-g77
run: venv report-system
	$(SOUTHSOUTH) data sync
	$(SOUTHSOUTH) roadmap --group g77 --out $(OUT)

lint: venv
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

# Every test: on two workers (files stay whole; the dashboard's and the reports' browser tests
# each keep to one worker), then the timing tests (marker `serial`) alone.
# `make test PYTEST_ARGS="tests/api -k limits"` runs
# just those, in one process (the fast lane). pytest exits 5 when it collects no tests: that
# is a failure here, and it says so.
PYTEST := $(VENV)/bin/python -m pytest
define pytest_run
	@set +e; $(PYTEST) $(1); rc=$$?; set -e; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests" >&2; exit 1; fi; \
	if [ $$rc -ne 0 ]; then exit $$rc; fi
endef
# Both runs read one copy of the whole mirror, synced by the first test that needs it (the
# fast lane syncs its own).
TEST_SHARED := $(CURDIR)/.test-shared
test: export SOUTHSOUTH_TEST_SHARED = $(if $(strip $(PYTEST_ARGS)),,$(TEST_SHARED))
test: lint system
ifeq ($(strip $(PYTEST_ARGS)),)
	rm -rf $(TEST_SHARED)
	$(call pytest_run,-n 2 --dist loadgroup -m "not serial")
	$(call pytest_run,-m serial)
	rm -rf $(TEST_SHARED)
else
	$(call pytest_run,$(PYTEST_ARGS))
endif

bench: venv bench-system audit
	cd benchmarks && $(VENV)/bin/python run.py

# Known vulnerabilities of the installed dependencies, from the advisory data reachable here;
# packages that could not be checked are listed as such (benchmarks/dependency_audit.py).
audit: venv
	$(VENV)/bin/python benchmarks/dependency_audit.py

serve: venv
	$(SOUTHSOUTH) serve --host 127.0.0.1 --port 8000

clean:
	rm -rf $(VENV) $(CURDIR)/.tools .pytest_cache .ruff_cache
