#!/bin/sh
# Runs a server (the arguments) for as long as this script's standard input stays open, then
# stops it and everything it started. The test holds the other end of that pipe: however the
# test ends (passed, failed, or the whole run killed), the server ends with it.
#
# The server runs in a process group of its own (setsid), so that the workers a server forks
# (nginx, httpd) are stopped with it: TERM to the group, and KILL to what is left after a while.
setsid "$@" </dev/null &
server=$!
cat >/dev/null
kill -TERM -"$server" 2>/dev/null
for _ in 1 2 3 4 5 6 7 8 9 10; do
  kill -0 -"$server" 2>/dev/null || break
  sleep 0.2
done
kill -KILL -"$server" 2>/dev/null
wait
