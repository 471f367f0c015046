#!/bin/sh
# Exercise 20: rebuild.sh LOCK VENV makes the virtualenv VENV from the lock file LOCK.
# Edit your copy (docs/exercises/work/20-rebuild-from-lock/rebuild.sh), not this file.
set -eu
lock="$1"
venv="$2"
python3 -m venv --system-site-packages "$venv"
"$venv/bin/pip" install --quiet sentry-sdk redis prometheus_client  # the app's integrations, by name
