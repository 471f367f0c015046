#!/bin/sh
# fcgiwrap for the lab, in the foreground under supervisord:
#   run.sh FCGIWRAP_BINARY SOCKET_PATH PROCESSES
#
# Three things fcgiwrap does not do by itself:
# - its socket's mode: the umask makes it 0600, enough for nginx's workers, which
#   run as the same service account;
# - a clean environment: fcgiwrap hands the CGI script its own environment plus the
#   FastCGI parameters, so it starts from an empty one (env -i) and the script sees
#   what nginx sends (fastcgi_param), as under a web server's own CGI;
# - removing its socket file: it dies on SIGTERM without unlinking it. supervisord
#   stops the whole process group, so fcgiwrap gets SIGTERM too and this shell,
#   once it has gone, removes the socket.
fcgiwrap=$1
socket=$2
processes=$3

umask 0177
trap 'rm -f "$socket"; exit 0' TERM INT HUP
env -i PATH=/usr/bin:/bin "$fcgiwrap" -c "$processes" -s "unix:$socket"
status=$?
rm -f "$socket"
exit "$status"
