#!/bin/sh
# Make the running gunicorn serve the new code. $1 is the pid of gunicorn's master.
kill -TERM "$1"
