# Set-up, demo and tests. Everything installs into .venv/ at the repository root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
DEMO_DIR ?= data
# The sample site is local: no politeness delay is needed against it.
DEMO_SETTINGS := -s OUTPUT_DIR=$(DEMO_DIR) -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False -s CRAWL_DELAY_OVERRIDE=0

.PHONY: all setup demo test lint format clean bench-extraction

all: test

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: crawl the bundled sample site (people + one e-paper day) into $(DEMO_DIR)/
demo: $(STAMP)
	$(BIN)/python -m samplesite run -- $(BIN)/scrapy crawl people $(DEMO_SETTINGS)
	$(BIN)/python -m samplesite run -- $(BIN)/scrapy crawl paper -a date=2024-05-10,2025-01-15 $(DEMO_SETTINGS)
	@echo
	@echo "Parquet: $(DEMO_DIR)/articles/ and $(DEMO_DIR)/quotations/ (hive-partitioned by year/month)"
	@echo "WARC:    $(DEMO_DIR)/warc/"; ls -1 $(DEMO_DIR)/warc/
	@echo "Runs:    $(DEMO_DIR)/runs/"

## test: lint, then the whole test suite
test: $(STAMP) lint
	$(BIN)/pytest

## bench-extraction: this extractor against trafilatura, htmldate, GNE and newspaper4k
bench-extraction: $(BENCH_STAMP)
	$(BIN)/python -m bench.extraction

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
