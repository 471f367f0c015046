# Interface Lab: every target a person types. The logic lives in `python -m stacks`;
# this file only names the steps. `make help` lists them.

SYSTEM_PYTHON ?= /usr/bin/python3
VENV ?= .venv
PY := $(VENV)/bin/python
STACK ?= wsgi
AVAILABILITY_STACK := $(if $(filter command line environment,$(origin STACK)),$(STACK),production)

# Settings given on the command line (PORT=8081, PYTHON_ENV=production, ...) are
# exported by make itself to every recipe, so they reach the runner and the tests.

.PHONY: help bootstrap setup run-stack stop-stack status logs stacks tables environ-table test lint check lab-start lab-check progress

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

bootstrap:
	@test -x $(SYSTEM_PYTHON) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3 python3-venv; \
	  else echo "error: $(SYSTEM_PYTHON) is missing: run 'sudo apt-get install python3 python3-venv'"; exit 2; fi; }

setup: bootstrap  ## install Debian packages (as root) and the virtualenv; safe to repeat
	@$(SYSTEM_PYTHON) -m stacks setup
	@$(SYSTEM_PYTHON) -m fleet setup

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

tables:  ## regenerate the generated parts: tables of stacks, numbers and diagrams on the course pages
	@$(SYSTEM_PYTHON) -m stacks table
	@$(SYSTEM_PYTHON) -m course
	@$(SYSTEM_PYTHON) -m benchmarks.monitoring_docs

environ-table: setup  ## start every stack in turn and regenerate docs/interfaces/environ.md
	@$(PY) -m stacks environ-table

test: setup  ## the whole test suite, real servers included
	@$(PY) -m pytest

lint: setup  ## ruff over everything
	@$(VENV)/bin/ruff check .

# The course (docs/index.md): exercises that check themselves, labs that break a stack.
check: setup  ## check your copy of exercise EXERCISE=NN-name (SOLUTION=1: the reference; RESET=1: a fresh copy)
	@$(PY) docs/exercises/exercise.py $(or $(EXERCISE),list) $(if $(SOLUTION),--solution) $(if $(RESET),--reset)

lab-start: setup  ## start lab LAB=NN-name, a stack broken on purpose (RESET=1: a fresh copy)
	@$(PY) docs/labs/lab.py $(if $(LAB),start $(LAB) $(if $(RESET),--reset),list)

lab-check: setup  ## start lab LAB=NN-name with your fix, check it, stop it (SOLUTION=1: the reference)
	@$(PY) docs/labs/lab.py $(if $(LAB),check $(LAB) $(if $(SOLUTION),--solution),list)

progress: setup  ## which of your exercises and labs pass; JSON for graders in docs/progress.json
	@$(PY) docs/progress.py

# The course site (mkdocs.yml): built strict, served on loopback only.
.PHONY: docs docs-serve wire
DOCS_PORT ?= 8000

docs: setup  ## build the course site into site/ (strict: a broken link fails), generated parts first
	@$(MAKE) --no-print-directory tables
	@NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet
	@echo "built site/index.html; 'make docs-serve' serves it on http://127.0.0.1:$(DOCS_PORT)/"

wire: setup  ## capture one request between nginx and the app (FastCGI, SCGI, uwsgi) into docs/wire.md
	@$(PY) -m course.wire

docs-serve: setup  ## serve the course site on http://127.0.0.1:DOCS_PORT/ (default 8000), rebuilt on change
	@NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve --strict --dev-addr 127.0.0.1:$(DOCS_PORT)

# The app as an OCI image (stacks/container/, docs/interfaces/container.md): built offline, run by the container stack.
.PHONY: image image-measure

image: bootstrap  ## build the app's OCI image offline (Debian base by mmdebstrap, gunicorn, the release); cached by its inputs
	@$(SYSTEM_PYTHON) -m stacks setup --stack container
	@$(SYSTEM_PYTHON) -m stacks.container.image build

image-measure: setup image  ## build the image again from nothing and compare digests, time starts, weigh memory: benchmarks/results/container.json
	@$(PY) -m stacks.container.measure
	@$(MAKE) --no-print-directory tables

# The production stack's own tools (stacks/production/): they act on the running stack.
.PHONY: errors check-deploy deploy rollback top alerts

errors:  ## production: the latest error events in the tracker, with their tags
	@$(PY) -m stacks.production.errors

# Benchmarks (benchmarks/): the wrk matrix and locust. QUICK=1 for a short run,
# STACKS=a,b,c for some stacks; make load takes STACK, USERS, SPAWN_RATE, DURATION.
.PHONY: bench bench-docs load load-ceiling slow-clients slow-clients-docs availability availability-docs
USERS ?= 20
SPAWN_RATE ?= 5
DURATION ?= 30s

bench: setup  ## wrk over every stack (or STACKS=a,b), pinned, verified first; QUICK=1 for a short run (into benchmarks/scratch/)
	@$(PY) -m benchmarks run $(if $(QUICK),--quick) $(if $(STACKS),--stacks $(STACKS)) $(if $(COMMIT),--commit)

bench-docs:  ## rewrite docs/benchmarks.md from benchmarks/results/latest.json
	@$(PY) -m benchmarks docs

load: setup  ## locust, headless, on STACK (started if needed): USERS, SPAWN_RATE, DURATION
	@$(PY) -m benchmarks load --stack $(STACK) --users $(USERS) --spawn-rate $(SPAWN_RATE) --duration $(DURATION)

load-ceiling: setup  ## how many requests/s one locust process makes on one core, against static
	@$(PY) -m benchmarks locust-ceiling

slow-clients: setup  ## slow-client attacks on every stack (or STACKS=a,b), probed meanwhile; QUICK=1 short
	@$(PY) -m benchmarks slow-clients $(if $(QUICK),--quick) $(if $(STACKS),--stacks $(STACKS))

slow-clients-docs:  ## rewrite docs/slow-clients.md from benchmarks/results/slow-clients.json
	@$(PY) -m benchmarks slow-clients-docs

availability: setup  ## faults under a steady load on STACK (default production; STACKS=a,b); QUICK=1 short
	@$(PY) -m benchmarks availability $(if $(QUICK),--quick) --stacks $(or $(STACKS),$(AVAILABILITY_STACK))

availability-docs:  ## rewrite docs/availability.md from benchmarks/results/availability.json
	@$(PY) -m benchmarks availability-docs

check-deploy:  ## production: the production checklist, item by item, against the running stack
	@$(PY) -m stacks.production.check_deploy

deploy:  ## production: build, check and switch to a release of the checkout, without dropping a request
	@$(PY) -m stacks.production.deploy

rollback:  ## production: switch back to the previous release the same way
	@$(PY) -m stacks.production.deploy --rollback

top:  ## production: request rate, error rate, p99 latency, workers, memory, Redis; from Prometheus, refreshed
	@$(PY) -m stacks.production.top

alerts:  ## production: the alerts Prometheus has firing or pending now
	@$(PY) -m stacks.production.alerts

# The fleet (fleet/, docs/fleet.md): the reference stack on network-namespace hosts, by Ansible.
# Namespaces need root: as an ordinary user each target refuses with one line.
.PHONY: fleet-up fleet-down fleet-status fleet-deploy fleet-rollback fleet-measure fleet-bench
FLEET_ROOT_CHECK = @$(SYSTEM_PYTHON) -m fleet need-root

fleet-up:  ## make the fleet's hosts and deploy everything on them with Ansible (again: changes nothing)
	$(FLEET_ROOT_CHECK) fleet-up
	@$(MAKE) --no-print-directory setup
	@$(PY) -m fleet up

fleet-down:  ## remove every host, link, route, process and file the fleet made
	$(FLEET_ROOT_CHECK) fleet-down
	@$(PY) -m fleet down

fleet-status:  ## the fleet's hosts, addresses, programs, and the site's health from client
	$(FLEET_ROOT_CHECK) fleet-status
	@$(PY) -m fleet status

fleet-deploy:  ## ship the checkout's release host by host (serial 1), draining each at the load balancer
	$(FLEET_ROOT_CHECK) fleet-deploy
	@$(PY) -m fleet deploy

fleet-rollback:  ## switch every app host back to its previous release, the same way
	$(FLEET_ROOT_CHECK) fleet-rollback
	@$(PY) -m fleet rollback

fleet-measure: setup  ## the fleet tests from zero, recording their figures in benchmarks/results/fleet.json
	$(FLEET_ROOT_CHECK) fleet-measure
	@FLEET_RECORD=1 $(PY) -m pytest tests/fleet -q
	@$(MAKE) --no-print-directory tables

# Hostile input (benchmarks/hostile/): the raw-request corpus of tests/hostile/ replayed.
.PHONY: hostile hostile-all hostile-docs

hostile: setup  ## replay the hostile-request corpus against the running STACK; writes docs/security.md
	@$(PY) -m benchmarks.hostile run --stack $(STACK)

hostile-all: setup  ## start every stack (or STACKS=a,b) in turn and replay the corpus against it
	@$(PY) -m benchmarks.hostile all $(if $(STACKS),--stacks $(STACKS))

hostile-docs:  ## rewrite docs/security.md from benchmarks/results/hostile.json
	@$(PY) -m benchmarks.hostile docs

fleet-bench: setup  ## wrk through the fleet's load balancer from client, and on the production stack, side by side; QUICK=1 short
	$(FLEET_ROOT_CHECK) fleet-bench
	@FLEET_RECORD=1 $(PY) -m fleet bench $(if $(QUICK),--quick)
	$(if $(QUICK),,@$(MAKE) --no-print-directory tables)
