#!/bin/sh
# Exercise 20, a reference: rebuild.sh LOCK VENV makes the virtualenv VENV from the lock file LOCK,
# exactly: the lock's versions and nothing else, every file checked against the lock's hashes,
# and nothing borrowed from the system's own site-packages.
set -eu
lock="$1"
venv="$2"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --require-hashes --no-deps --only-binary=:all: -r "$lock"
