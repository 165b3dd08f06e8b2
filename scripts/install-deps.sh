#!/bin/sh
# Installs the Debian packages tsa-report needs to build, test and run its demo, when they are
# missing; `install-deps.sh test` adds what only the tests use (LibreOffice, to open the
# workbooks; faketime, for the run with the clock shifted; logrotate, to rotate a log under an
# import; nginx, Caddy, HAProxy, Apache httpd and
# curl, whose real logs the importer is tested on; lintian, man-db and systemd-analyze, for the
# Debian package's test); `install-deps.sh deb` adds what `make deb` uses. Runs apt-get as root
# (or through sudo). Safe to run again: it does nothing when all are present.
set -eu
needed="libsqlite3-dev libssl-dev zlib1g-dev libxlsxwriter-dev sqlite3 tzdata python3 gawk openssl bc time msmtp python3-aiosmtpd"
# `make deb` strips the binary and reads its dependencies with dpkg-shlibdeps.
if [ "${1:-}" = deb ] || [ "${1:-}" = test ]; then needed="$needed dpkg-dev binutils"; fi
if [ "${1:-}" = test ]; then
  needed="$needed libreoffice-calc-nogui faketime nginx-light caddy haproxy apache2 curl lintian man-db systemd logrotate"
fi
missing=""
for package in $needed; do
  dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
if [ -n "$missing" ]; then
  echo "Installing:$missing" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi
# The tests read workbooks back with an independent reader.
python3 -c "import openpyxl" 2>/dev/null || python3 -m pip install --quiet openpyxl
