# The two commands a user needs: `make run` (the demo over the bundled seeds) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEMO_DB ?= var/demo.db

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

run: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	BRIEFBOT_DB=$(DEMO_DB) $(BIN)/briefbot ingest seeds/
	BRIEFBOT_DB=$(DEMO_DB) $(BIN)/briefbot digest --topic ceasefire
	BRIEFBOT_DB=$(DEMO_DB) $(BIN)/briefbot whosaid Rutte
	BRIEFBOT_DB=$(DEMO_DB) $(BIN)/briefbot run

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check briefbot tests benchmarks

bench: install
	$(BIN)/python benchmarks/attribution.py ../shared/polnear/dev

clean:
	rm -rf $(VENV) var build *.egg-info
