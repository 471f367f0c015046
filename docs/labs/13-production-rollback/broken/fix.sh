#!/bin/sh
# The commands that bring production back, run from the checkout against the running
# production stack. Write here what you typed.
make rollback
