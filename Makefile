# Two commands set everything up on a fresh machine with Python 3.11+ and pip:
#   make demo   runs the main job on the bundled sample province
#   make test   runs ruff, mypy, the strict docs build and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= demo-output

NATIONAL ?= national-sample

.PHONY: demo test install clean sample national-demo

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/cctvgeo demo --out $(OUT)

test: install
	$(BIN)/ruff check cctvgeo tests benchmarks data
	$(BIN)/ruff format --check cctvgeo tests benchmarks data
	$(BIN)/mypy
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir build/site
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbmake notebooks -p no:cacheprovider

sample: install
	$(BIN)/python data/make_sample.py

# The national roll-up (docs/national.md) on the small national sample (20,000 cameras).
national-demo: install
	$(BIN)/python data/make_national_sample.py $(NATIONAL) --size small
	$(BIN)/cctvgeo national $(NATIONAL)/national.yaml --out national-output

clean:
	rm -rf $(VENV) $(OUT) $(NATIONAL) national-output build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
