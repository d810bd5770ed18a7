# roadmap-ingest: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench install clean system-deps serve

# Debian packages for .doc/.rtf/.odt, .xls/.ods (LibreOffice) and scanned PDFs (Tesseract): installed
# where this machine allows (root with apt); without them those files are reported as
# unreadable with the reason, and everything else works.
# tesseract-ocr-osd turns quarter-turned scans upright; libtesseract-dev and libleptonica-dev
# let pip build tesserocr where no wheel fits. fonts-liberation: the Times New Roman and Arial
# metrics LibreOffice lays Word files out in, and the serif the OCR tests print their pages in.
SYSTEM_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui tesseract-ocr tesseract-ocr-rus \
                   tesseract-ocr-osd libtesseract-dev libleptonica-dev fonts-liberation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml pipeline/locale/ru/LC_MESSAGES/roadmaps.po
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/pybabel compile --statistics -D roadmaps -d pipeline/locale
	touch $(STAMP)

install: $(STAMP)

system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -q --no-install-recommends $$missing || \
	    echo "system-deps: could not install$$missing; those formats will be reported as unreadable" >&2; fi; \
	else echo "system-deps: not root or no apt-get: install $(SYSTEM_PACKAGES) for .doc/.rtf/.odt and scanned PDFs" >&2; fi

run: $(STAMP) system-deps
	$(BIN)/roadmaps ingest data/raw --out data/processed

# the analyst's workbench on http://127.0.0.1:8000/ (SERVE_ARGS="--host 0.0.0.0" to share it)
serve: $(STAMP)
	$(BIN)/roadmaps serve $(SERVE_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest

# make bench BENCH_ARGS=--no-baselines skips the side-by-side tools (whose venvs the setup
# script installs once, about 13 GB); add --repeat 2 on a busy machine.
bench: $(STAMP)
	bench/setup_baselines.sh
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf data/processed/*.csv data/processed/*.db data/processed/*.xlsx
