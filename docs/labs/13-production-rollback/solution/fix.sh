#!/bin/sh
# The commands that bring production back, run from the checkout against the running
# production stack. Write here what you typed.
#
# A rollback goes to the release before the current one, which is not necessarily a good
# one: here it is the first bad push. Roll back, check, and go on until production answers
# as it should -- the pipeline's verify stage does this check after every roll.
set -e
make rollback
make rollback
