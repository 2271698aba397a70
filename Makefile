# Roll Call LMS. `make run` and `make test` are the two commands a new machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Exported so the dev settings build SITE_URL (links, QR codes) on the port runserver uses.
export PORT
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test test-bench test-e2e lint format bench lock clean

# Re-install only when the lock changes; the stamp keeps a second run fast.
$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Browser tests run in their own session: Playwright's event loop gives them their own
# database connection object, so they cannot share serialized test data with the rest.
test: install
	$(BIN)/python -m pytest --ignore=tests/e2e --ignore=tests/bench $(PYTEST_ARGS)
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

# The benchmark harness's own tests (data generator, report): slow set-up, run by CI.
test-bench: install
	$(BIN)/python -m pytest tests/bench $(PYTEST_ARGS)

# lint-imports checks the import contracts in pyproject.toml (docs/architecture.md, "Layers").
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench $(if $(QUICK),--quick,)

# Regenerate the lock after changing pyproject.toml dependencies.
lock: install
	$(BIN)/pip-compile --quiet --extra test --strip-extras --allow-unsafe -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var/db.sqlite3*
