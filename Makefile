# Interface Lab: every target a person types. The logic lives in `python -m stacks`;
# this file only names the steps. `make help` lists them.

SYSTEM_PYTHON ?= /usr/bin/python3
VENV ?= .venv
PY := $(VENV)/bin/python
STACK ?= wsgi
AVAILABILITY_STACK := $(if $(filter command line environment,$(origin STACK)),$(STACK),production)

# Settings given on the command line (PORT=8081, PYTHON_ENV=production, ...) are
# exported by make itself to every recipe, so they reach the runner and the tests.

.PHONY: help bootstrap setup setup-stacks setup-bench setup-docs setup-fleet lock run-stack stop-stack status logs stacks tables environ-table test test-fast lint check lab-start lab-check progress

help:  ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

bootstrap:
	@test -x $(SYSTEM_PYTHON) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3 python3-venv; \
	  else echo "error: $(SYSTEM_PYTHON) is missing: run 'sudo apt-get install python3 python3-venv'"; exit 2; fi; }

setup: bootstrap  ## install everything every target needs: Debian packages (as root) and the virtualenv; safe to repeat
	@$(SYSTEM_PYTHON) -m stacks setup --for all
	@$(SYSTEM_PYTHON) -m fleet setup
	@$(SYSTEM_PYTHON) -m ci setup

# What one kind of target needs, and no more (stacks/runner/setup.py: TARGETS).
setup-stacks setup-bench setup-docs: bootstrap
	@$(SYSTEM_PYTHON) -m stacks setup --for $(@:setup-%=%)

setup-fleet: bootstrap
	@$(SYSTEM_PYTHON) -m stacks setup --for fleet
	@$(SYSTEM_PYTHON) -m fleet setup

lock: bootstrap  ## regenerate requirements/*lock.txt (uv, with hashes) after a requirements file changed; UPGRADE=1: newest versions
	@$(SYSTEM_PYTHON) -m stacks lock $(if $(UPGRADE),--upgrade)

run-stack: bootstrap  ## start STACK (default wsgi) on PORT (default 8080) and print what runs
	@$(SYSTEM_PYTHON) -m stacks setup --for stacks --stack $(STACK)
	@$(PY) -m stacks run $(STACK)

stop-stack:  ## stop the running stack; nothing of it is left
	@$(SYSTEM_PYTHON) -m stacks stop

status:  ## what runs, and whether it answers its probe (JSON=1: as JSON)
	@$(SYSTEM_PYTHON) -m stacks status $(if $(JSON),--json)

logs:  ## the end of every log of the running stack
	@$(SYSTEM_PYTHON) -m stacks logs

stacks:  ## every stack with a one-line summary (JSON=1: as JSON)
	@$(SYSTEM_PYTHON) -m stacks list $(if $(JSON),--json)

tables: setup-docs  ## rewrite every generated page from the results files and manifests (course/registry.py)
	@$(PY) -m course

# Every harness writes results only (a full run into benchmarks/results/, quick and partial
# runs into benchmarks/scratch/; COMMIT=1 commits a partial one), then the pages follow.
TABLES = @$(MAKE) --no-print-directory tables

environ-table: setup-stacks  ## start every stack in turn, save what /env says, regenerate docs/interfaces/environ.md
	@$(PY) -m stacks environ-table
	$(TABLES)

# The whole suite runs on two workers (pytest-xdist; TEST_WORKERS=1: one process): tests that share
# a started server, a build or the fleet stay together on one worker (tests/conftest.py).
TEST_WORKERS ?= 2
PARALLEL = $(if $(filter-out 0 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder)

test: setup  ## the whole test suite, real servers included, on two workers (TEST_WORKERS=1: one)
	@$(PY) -m pytest $(PARALLEL)

test-fast: setup  ## the tests that start no server and are not slow (markers in pyproject.toml): under 2 minutes
	@$(PY) -m pytest -m "not stacks and not slow"

lint: setup  ## ruff: the rules and the formatting (ruff format to fix the latter)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check --quiet . || { echo "error: files above are not formatted: run '$(VENV)/bin/ruff format .' and commit" >&2; exit 1; }

# The course (docs/index.md): exercises that check themselves, labs that break a stack.
check: setup-bench  ## check your copy of exercise EXERCISE=NN-name (SOLUTION=1: the reference; RESET=1: a fresh copy)
	@$(PY) -m course.tasks.exercise $(or $(EXERCISE),list) $(if $(SOLUTION),--solution) $(if $(RESET),--reset)

lab-start: setup-bench  ## start lab LAB=NN-name, a stack broken on purpose (RESET=1: a fresh copy)
	@$(PY) -m course.tasks.lab $(if $(LAB),start $(LAB) $(if $(RESET),--reset),list)

lab-check: setup-bench  ## start lab LAB=NN-name with your fix, check it, stop it (SOLUTION=1: the reference)
	@$(PY) -m course.tasks.lab $(if $(LAB),check $(LAB) $(if $(SOLUTION),--solution),list)

progress: setup-bench  ## which of your exercises and labs pass; JSON for graders in docs/progress.json
	@$(PY) -m course.tasks.progress

# The course site (mkdocs.yml): built strict, served on loopback only.
.PHONY: docs docs-serve wire
DOCS_PORT ?= 8000

docs: setup-docs  ## build the course site into site/ (strict: a broken link fails), generated parts first
	$(TABLES)
	@NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet
	@echo "built site/index.html; 'make docs-serve' serves it on http://127.0.0.1:$(DOCS_PORT)/"

wire: setup-bench  ## capture one request between nginx and the app (FastCGI, SCGI, uwsgi) (benchmarks/results/wire.json); docs/wire.md follows
	@$(PY) -m benchmarks.wire
	$(TABLES)

docs-serve: setup-docs  ## serve the course site on http://127.0.0.1:DOCS_PORT/ (default 8000), rebuilt on change
	@NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve --strict --dev-addr 127.0.0.1:$(DOCS_PORT)

# The app as an OCI image (stacks/container/, docs/interfaces/container.md): built offline, run by the container stack.
.PHONY: image image-measure

image: bootstrap  ## build the app's OCI image offline (Debian base by mmdebstrap, gunicorn, the release); cached by its inputs
	@$(SYSTEM_PYTHON) -m stacks setup --for stacks --stack container
	@$(SYSTEM_PYTHON) -m stacks.container.image build

image-measure: setup image  ## build the image again from nothing and compare digests, time starts, weigh memory: benchmarks/results/container.json
	@$(PY) -m stacks.container.measure
	$(TABLES)

# The production stack's own tools (stacks/production/): they act on the running stack.
.PHONY: errors check-deploy deploy rollback top alerts

errors:  ## production: the latest error events in the tracker, with their tags
	@$(PY) -m stacks.production.error_events

# Benchmarks (benchmarks/): the wrk matrix and locust. QUICK=1 for a short run,
# STACKS=a,b,c for some stacks; make load takes STACK, USERS, SPAWN_RATE, DURATION (their defaults are
# the command line's own: python -m benchmarks load --help).
.PHONY: bench bench-http2 tune tune-all load load-ceiling slow-clients availability

bench: setup-bench  ## wrk over every stack (or STACKS=a,b), pinned, verified first; QUICK=1 for a short run (into benchmarks/scratch/)
	@$(PY) -m benchmarks run $(if $(QUICK),--quick) $(if $(STACKS),--stacks $(STACKS)) $(if $(COMMIT),--commit)
	$(TABLES)

bench-http2: setup-bench  ## HTTP/1.1 against HTTP/2 on the production stack with h2load; QUICK=1 short (into benchmarks/scratch/)
	@$(PY) -m benchmarks.edge.h1_vs_h2 $(if $(QUICK),--quick)
	$(TABLES)

tune: setup-bench  ## sweep STACK's [tunable] knobs (WORKLOAD=cpu|io, both by default), pinned, verified, 3 repetitions shuffled; QUICK=1 short
	@$(PY) -m benchmarks.tuning tune --stack $(STACK) $(if $(WORKLOAD),--workload $(WORKLOAD)) $(if $(QUICK),--quick)

tune-all: setup-bench  ## every stack's knobs on both workloads, then open-loop latency, CGI floor, ceiling (under 60 min); QUICK=1 short
	@$(PY) -m benchmarks.tuning tune-all $(if $(QUICK),--quick)
	$(TABLES)

load: setup-bench  ## locust, headless, on STACK (started if needed): USERS, SPAWN_RATE, DURATION; WORKERS=N: a master and N workers; FLEET=1: on the fleet's client hosts (root)
	@$(PY) -m benchmarks load --stack $(STACK) $(if $(USERS),--users $(USERS)) $(if $(SPAWN_RATE),--spawn-rate $(SPAWN_RATE)) $(if $(DURATION),--duration $(DURATION)) $(if $(WORKERS),--workers $(WORKERS)) $(if $(FLEET),--fleet)

load-ceiling: setup-bench  ## how many requests/s one locust process makes on one core, against static
	@$(PY) -m benchmarks locust-ceiling
	$(TABLES)

slow-clients: setup-bench  ## slow-client attacks on every stack (or STACKS=a,b), probed meanwhile; QUICK=1 short
	@$(PY) -m benchmarks slow-clients $(if $(QUICK),--quick) $(if $(STACKS),--stacks $(STACKS)) $(if $(COMMIT),--commit)
	$(TABLES)

availability: setup-bench  ## faults under a steady load on STACK (default production; STACKS=a,b); QUICK=1 short
	@$(PY) -m benchmarks availability $(if $(QUICK),--quick) --stacks $(or $(STACKS),$(AVAILABILITY_STACK)) $(if $(COMMIT),--commit)
	$(TABLES)

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
	@$(MAKE) --no-print-directory setup-fleet
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

fleet-measure:  ## the fleet tests from zero, recording their figures in benchmarks/results/fleet.json
	$(FLEET_ROOT_CHECK) fleet-measure
	@$(MAKE) --no-print-directory setup
	@FLEET_RECORD=1 $(PY) -m pytest tests/fleet -q
	$(TABLES)

# Hostile input (benchmarks/hostile/): the raw-request corpus of tests/hostile/ replayed.
.PHONY: hostile hostile-all

hostile: setup-bench  ## replay the hostile-request corpus against the running STACK (partial: into benchmarks/scratch/; COMMIT=1 keeps it)
	@$(PY) -m benchmarks.hostile run --stack $(STACK) $(if $(COMMIT),--commit)
	$(TABLES)

hostile-all: setup-bench  ## start every stack (or STACKS=a,b) in turn and replay the corpus against it; docs/security.md follows
	@$(PY) -m benchmarks.hostile all $(if $(STACKS),--stacks $(STACKS)) $(if $(COMMIT),--commit)
	$(TABLES)

fleet-bench:  ## wrk through the fleet's load balancer from client, and on the production stack, side by side; QUICK=1 short
	$(FLEET_ROOT_CHECK) fleet-bench
	@$(MAKE) --no-print-directory setup-fleet setup-bench
	@FLEET_RECORD=1 $(PY) -m fleet bench $(if $(QUICK),--quick)
	$(TABLES)

# The CI/CD server (ci/, docs/automation.md): Buildbot, a bare repository to push to, the pipeline
# test -> release -> staging -> smoke -> promote -> production -> verify (rollback when it fails).
.PHONY: ci-up ci-down ci-status ci-checkconfig pipeline-measure

ci-up: setup  ## start the CI server: Buildbot master + worker, UI on loopback (CI_PORT, default 8310), login required
	@$(PY) -m ci up

ci-down:  ## stop the CI server and its staging stack; nothing of them is left running
	@$(SYSTEM_PYTHON) -m ci down

ci-status:  ## the CI server's programs, UI address, last builds, staging
	@$(SYSTEM_PYTHON) -m ci status

ci-checkconfig: setup  ## buildbot checkconfig on the pipeline (ci/master.cfg and ci/pipeline.py)
	@$(PY) -m ci checkconfig

pipeline-measure:  ## root: the pipeline's tests on a fleet, full test stage, a push timed alone: benchmarks/results/pipeline.json
	$(FLEET_ROOT_CHECK) pipeline-measure
	@$(MAKE) --no-print-directory setup
	@PIPELINE_RECORD=1 $(PY) -m pytest tests/fleet/test_pipeline.py -q -k "good_commit"
	$(TABLES)
