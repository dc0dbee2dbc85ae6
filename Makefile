# A thin bootstrap: creates .venv when absent, then hands over to tasks.py (invoke).
PYTHON ?= python3
VENV := .venv
INVOKE := $(VENV)/bin/invoke

.PHONY: html test serve check publish clean

# requirements.lock pins every package (and its hashes) that pyproject.toml asks for.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

html: $(VENV)/.installed
	$(INVOKE) build

test: $(VENV)/.installed
	$(INVOKE) test

serve: $(VENV)/.installed
	$(INVOKE) serve

check: $(VENV)/.installed
	$(INVOKE) check

clean:
	rm -rf output output-members .cache
