#!/bin/sh
# The commands that bring the service back, run from the checkout against the
# running production stack. Write here what you typed.
make rollback
