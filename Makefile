# Interface Lab: every target a person types. The logic lives in `python -m stacks`;
# this file only names the steps. `make help` lists them.

SYSTEM_PYTHON ?= /usr/bin/python3
VENV ?= .venv
PY := $(VENV)/bin/python
STACK ?= wsgi

# Settings given on the command line (PORT=8081, PYTHON_ENV=production, ...) are
# exported by make itself to every recipe, so they reach the runner and the tests.

.PHONY: help bootstrap setup run-stack stop-stack status logs stacks tables environ-table test lint

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

bootstrap:
	@test -x $(SYSTEM_PYTHON) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3 python3-venv; \
	  else echo "error: $(SYSTEM_PYTHON) is missing: run 'sudo apt-get install python3 python3-venv'"; exit 2; fi; }

setup: bootstrap  ## install Debian packages (as root) and the virtualenv; safe to repeat
	@$(SYSTEM_PYTHON) -m stacks setup

run-stack: bootstrap  ## start STACK (default wsgi) on PORT (default 8080) and print what runs
	@$(SYSTEM_PYTHON) -m stacks setup --stack $(STACK)
	@$(PY) -m stacks run $(STACK)

stop-stack:  ## stop the running stack; nothing of it is left
	@$(SYSTEM_PYTHON) -m stacks stop

status:  ## what runs, and whether it answers its probe
	@$(SYSTEM_PYTHON) -m stacks status

logs:  ## the end of every log of the running stack
	@$(SYSTEM_PYTHON) -m stacks logs

stacks:  ## every stack with a one-line summary
	@$(SYSTEM_PYTHON) -m stacks list

tables:  ## regenerate the tables of stacks in README.md and docs/
	@$(SYSTEM_PYTHON) -m stacks table

environ-table: setup  ## start every stack in turn and regenerate docs/interfaces/environ.md
	@$(PY) -m stacks environ-table

test: setup  ## the whole test suite, real servers included
	@$(PY) -m pytest

lint: setup  ## ruff over everything
	@$(VENV)/bin/ruff check .
