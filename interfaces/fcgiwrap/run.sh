#!/bin/sh
# fcgiwrap for the lab, in the foreground under supervisord:
#   run.sh FCGIWRAP_BINARY SOCKET_PATH PROCESSES "NAME NAME ..."
#
# Three things fcgiwrap does not do by itself:
# - its socket's mode: the umask makes it 0600, enough for nginx's workers, which
#   run as the same service account;
# - a clean environment: fcgiwrap hands the CGI script its own environment plus the
#   FastCGI parameters, so it starts from an empty one (env -i) holding only the
#   app's settings the runner names (PYTHON_ENV, MAX_BODY_BYTES, ... as Apache's
#   PassEnv does for the cgi stack) and the script sees those plus what nginx sends;
# - removing its socket file: it dies on SIGTERM without unlinking it. supervisord
#   stops the whole process group, so fcgiwrap gets SIGTERM too and this shell,
#   once it has gone, removes the socket.
fcgiwrap=$1
socket=$2
processes=$3
names=$4

# Keep only the named variables that are set, as NAME=value arguments for env -i.
set --
for name in $names; do
  eval "isset=\${$name+x}"
  if [ -n "$isset" ]; then
    eval "set -- \"\$@\" \"$name=\${$name}\""
  fi
done

umask 0177
trap 'rm -f "$socket"; exit 0' TERM INT HUP
env -i PATH=/usr/bin:/bin "$@" "$fcgiwrap" -c "$processes" -s "unix:$socket"
status=$?
rm -f "$socket"
exit "$status"
