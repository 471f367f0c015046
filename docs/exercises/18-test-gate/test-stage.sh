#!/bin/sh
# The pipeline's test stage as a script, the way a Jenkinsfile's `sh` step or a Buildbot
# shell step runs one: the script's exit status is the gate. Run in the commit's checkout.
echo "test stage: lint"
ruff check .
echo "test stage: tests"
python -m pytest -q -p no:cacheprovider tests
echo "test stage: done"
