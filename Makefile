# The two commands that matter: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export ZHDJ_TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test

.PHONY: demo test check test-sqlite test-postgresql schema lock bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/zhdj demo

test: check test-sqlite test-postgresql

check: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy .

test-sqlite: $(STAMP)
	ZHDJ_TEST_DATABASE=sqlite $(BIN)/pytest

test-postgresql: $(STAMP)
	ZHDJ_TEST_DATABASE=postgresql $(BIN)/pytest

schema: $(STAMP)
	$(BIN)/zhdj export-schema

# Regenerate the lock after changing dependencies in pyproject.toml.
lock:
	$(PYTHON) -m venv /tmp/zhdj-lock && /tmp/zhdj-lock/bin/pip install --quiet pip-tools
	/tmp/zhdj-lock/bin/pip-compile --quiet --extra dev --generate-hashes --strip-extras -o requirements.lock pyproject.toml

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
