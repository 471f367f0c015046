#!/bin/sh
# Make the running gunicorn serve the new code. $1 is the pid of gunicorn's master.
# HUP: the master re-reads its config, starts new workers with the new code, and
# lets the old ones finish what they are answering; the listening socket never closes.
kill -HUP "$1"
