#!/bin/sh
# Runs a server (the arguments) for as long as this script's standard input stays open, then
# stops it. The test holds the other end of that pipe: however the test ends (passed, failed,
# or the whole run killed), the server ends with it.
"$@" </dev/null &
server=$!
cat >/dev/null
kill "$server" 2>/dev/null
sleep 0.3
kill -9 "$server" 2>/dev/null
wait
