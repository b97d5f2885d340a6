# Set-up, demo and tests. Everything installs into .venv/ at the repository root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
# pywb (the archivists' replay tool the tests run) pins an old redis client: a venv of its own.
TOOLS := $(VENV)/tools
TOOLS_STAMP := $(TOOLS)/.installed
DEMO_DIR ?= data
# The sample site is local: no politeness delay is needed against it.
DEMO_SETTINGS := -s OUTPUT_DIR=$(DEMO_DIR) -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False -s CRAWL_DELAY_OVERRIDE=0

.PHONY: all setup demo test lint format clean bench bench-extraction bench-report bench-scale services browser viewer fuzz kill-test

all: test

setup: $(STAMP) viewer

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,redis]'
	touch $(STAMP)

$(TOOLS_STAMP): $(STAMP)
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet 'pywb>=2.8,<2.11'
	touch $(TOOLS_STAMP)

## services: a redis-server for the distributed tests, installed when missing and possible
services:
	@command -v redis-server >/dev/null 2>&1 || \
	  (command -v apt-get >/dev/null 2>&1 && { apt-get install -y -qq redis-server || \
	    { apt-get update -qq && apt-get install -y -qq redis-server; }; } >/dev/null 2>&1) || \
	  echo "redis-server is missing and could not be installed: the distributed tests will be skipped"

## viewer: the pinned ReplayWeb.page and ECharts releases (npm tarballs, sha512-checked) into
## .venv/share/, once
viewer: $(STAMP)
	@$(BIN)/python -m archive.viewer || \
	  echo "scrapy wacz writes no viewer and the browser tests are skipped until it is fetched"
	@$(BIN)/python -m report || \
	  echo "scrapy report writes its tables without charts until ECharts is fetched"

## browser: Debian's chromium and CJK fonts for the browser tests, installed when missing and possible
browser:
	@{ [ -x /usr/bin/chromium ] && dpkg -s fonts-noto-cjk >/dev/null 2>&1; } || \
	  (command -v apt-get >/dev/null 2>&1 && { export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -qq chromium fonts-noto-cjk || \
	    { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk; }; } >/dev/null 2>&1) || \
	  echo "chromium or fonts-noto-cjk is missing and could not be installed: the browser tests will be skipped"

## demo: crawl the bundled sample site (people + one e-paper day) into $(DEMO_DIR)/
demo: $(STAMP) viewer
	$(BIN)/python -m samplesite run -- $(BIN)/scrapy crawl people $(DEMO_SETTINGS)
	$(BIN)/python -m samplesite run -- $(BIN)/scrapy crawl paper -a date=2024-05-10,2025-01-15 $(DEMO_SETTINGS)
	$(BIN)/scrapy report --output $(DEMO_DIR)
	@echo
	@echo "Parquet: $(DEMO_DIR)/articles/ and $(DEMO_DIR)/quotations/ (hive-partitioned by year/month),"
	@echo "         $(DEMO_DIR)/quotes/ (one row per distinct quotation)"
	@echo "WARC:    $(DEMO_DIR)/warc/"; ls -1 $(DEMO_DIR)/warc/
	@echo "Runs:    $(DEMO_DIR)/runs/"
	@echo "Report:  $(DEMO_DIR)/report/index.html (open it; \`scrapy serve-archive --output $(DEMO_DIR)\` serves it with the archive)"

## test: lint, then the whole test suite
test: $(STAMP) $(TOOLS_STAMP) services browser viewer lint
	$(BIN)/pytest

## bench-extraction: this extractor against trafilatura, htmldate, GNE and newspaper4k
bench-extraction: $(BENCH_STAMP)
	$(BIN)/python -m bench.extraction

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

## bench: crawl speed and memory on a generated site (full/bare, replay/live, rss20k/2k)
bench: $(STAMP)
	$(BIN)/python -m bench.crawl

## bench-report: scrapy report of a 20,000-article crawl, and its first screen in Chromium
bench-report: $(STAMP) viewer
	$(BIN)/python -m bench.report

## bench-scale: the frontier and seen-set at 200,000 articles: JOBDIR, 2 and 4 Redis workers,
## and the Redis set against its Bloom filter at 1M and 10M fingerprints (about 45 minutes)
bench-scale: $(STAMP) services
	$(BIN)/python -m bench.scale

## kill-test: SIGKILL a 1,000-article crawl at 10 random moments; nothing may be lost
kill-test: $(STAMP)
	$(BIN)/python -m bench.kill

## fuzz: 10,000 mutated and random inputs per property through the extractor and the parsers
fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
