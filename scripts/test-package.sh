#!/bin/sh
# The Debian package, as a sysadmin meets it: built by `make deb`, checked by lintian,
# installed with apt, used with the Swift toolchain hidden (a mount namespace puts an empty
# folder over /opt/swift) — the demo, the timers' commands as the tsa-report user from the
# shipped settings, the monthly bundle opened to a group, doctor, man pages and completion —
# then upgraded (the edited settings stay), removed (the books stay) and purged (nothing
# stays). Needs root: it installs a package and makes users. Run by `make test`.
set -eu
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || exec sudo -E "$0" "$@"

failures=0
check() {  # check DESCRIPTION COMMAND...: runs the command, says ok or FAILED
  description="$1"
  shift
  if "$@" >"$work/out" 2>&1; then
    echo "ok: $description"
  else
    echo "FAILED: $description"
    sed 's/^/    /' "$work/out" | tail -20
    failures=$((failures + 1))
  fi
}
# hidden [--as USER] COMMAND...: runs with /opt/swift hidden, as USER (with their groups).
hidden() {
  user=root
  if [ "$1" = --as ]; then user="$2"; shift 2; fi
  unshare -m --propagation private sh -c '
    mount -t tmpfs -o ro tmpfs /opt/swift || exit 90
    user="$1"; shift
    exec setpriv --reuid="$user" --regid="$user" --init-groups env HOME=/var/lib/tsa-report \
      PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"' sh "$user" "$@"
}
# run FILE COMMAND...: the command's output into FILE, its exit status into $status.
run() {
  file="$1"
  shift
  status=0
  "$@" >"$file" 2>&1 || status=$?
}
contains() {  # contains FILE TEXT
  grep -qF -- "$2" "$1" || { echo "'$2' not in $1:"; cat "$1"; return 1; }
}

work=$(mktemp -d /var/tmp/tsa-report-package-test.XXXXXX)
chmod 0755 "$work"
cleanup() {
  dpkg --purge tsa-report >/dev/null 2>&1 || true
  getent group tsa-accounting >/dev/null && delgroup --quiet tsa-accounting >/dev/null 2>&1
  rm -rf "$work"
}
# On every way out — a failed step, an error, Ctrl-C, a CI timeout's TERM — the package, its
# settings, its books and users go: the rest of `make test` must never read them.
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if dpkg -s tsa-report >/dev/null 2>&1; then
  echo "tsa-report is installed on this machine already; remove it first (dpkg --purge tsa-report)." >&2
  exit 1
fi

scripts/build-deb.sh
deb=$(ls dist/tsa-report_*_"$(dpkg --print-architecture)".deb | head -1)
version=$(dpkg-deb -f "$deb" Version)

# lintian as Debian runs it: no error and no warning (infos are explained in the README).
check "lintian: no errors or warnings" lintian --fail-on error,warning "$deb"
check "Depends names the libraries the binary links" \
  sh -c "dpkg-deb -f '$deb' Depends | grep -q libxlsxwriter4 && dpkg-deb -f '$deb' Depends | grep -q libsqlite3-0"

DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "./$deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log"; exit 1; }
echo "ok: installed $deb"

check "the binary needs nothing from /opt/swift" sh -c '! ldd /usr/bin/tsa-report | grep -q /opt/swift'
check "hidden toolchain: /opt/swift is empty inside the namespace" \
  hidden sh -c '[ -z "$(ls -A /opt/swift)" ]'
check "the tsa-report user exists, in its group and adm" \
  sh -c 'id -nG tsa-report | tr " " "\n" | grep -qx adm && id -nG tsa-report | tr " " "\n" | grep -qx tsa-report'
check "/var/lib/tsa-report is tsa-report's, 0750" \
  sh -c '[ "$(stat -c %U:%G:%a /var/lib/tsa-report)" = tsa-report:tsa-report:750 ]'
check "/etc/tsa-report/config.toml is a conffile" \
  sh -c 'dpkg-query -W -f "\${Conffiles}" tsa-report | grep -q /etc/tsa-report/config.toml'
check "the timers are shipped disabled" \
  sh -c '[ "$(systemctl is-enabled tsa-report-import.timer 2>/dev/null)" = disabled ]'
check "systemd-analyze verify: the units" \
  systemd-analyze verify /lib/systemd/system/tsa-report-import.service \
  /lib/systemd/system/tsa-report-import.timer /lib/systemd/system/tsa-report-monthly.service \
  /lib/systemd/system/tsa-report-monthly.timer

# The demo, from the installed binary, with the toolchain hidden.
mkdir "$work/demo"
check "make demo's job runs from the installed binary with /opt/swift hidden" \
  hidden env DEMO_DIR="$work/demo/books" scripts/demo.sh /usr/bin/tsa-report
contains "$work/out" "1,087" >/dev/null && echo "ok: the demo's balance shows the 1,087 stamps used" ||
  { echo "FAILED: the demo's balance"; failures=$((failures + 1)); }

# The man pages and completion.
check "man tsa-report" sh -c 'MANWIDTH=80 man tsa-report 2>/dev/null | grep -q "Keeps the books"'
check "man tsa-report-usage" \
  sh -c 'MANWIDTH=80 man tsa-report-usage 2>/dev/null | grep -q "Stamps used in a period"'
check "man tsa-report-package-add" \
  sh -c 'MANWIDTH=80 man tsa-report-package-add 2>/dev/null | grep -q "tsa-report package add"'
check "bash completes 'tsa-report us' to usage and user" bash -c '
  . /usr/share/bash-completion/completions/tsa-report
  COMP_WORDS=(tsa-report us); COMP_CWORD=1; COMP_LINE="tsa-report us"; COMP_POINT=13
  _tsa-report tsa-report us tsa-report
  printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | grep -qx "usage user "'
check "zsh and fish completions are where those shells look" \
  test -s /usr/share/zsh/vendor-completions/_tsa-report -a \
  -s /usr/share/fish/vendor_completions.d/tsa-report.fish

# A server's set-up: a proxy log readable through adm, mail through a program that keeps it.
logs="$work/log"
install -d -o root -g adm -m 0750 "$logs"
cp samples/proxy/access.log "$logs/tsa-access.log.1"
printf '%s\n' '10.20.7.40 - - [26/Nov/2026:09:00:00 +0100] "POST /TSS/TSS_user/ HTTP/1.1" 200 1553 "-" "archiver/1.8"' \
  >"$logs/tsa-access.log"
chown root:adm "$logs"/* && chmod 0640 "$logs"/*
cat >"$work/sendmail" <<EOF
#!/bin/sh
cat >>"$work/mail/sent.txt"
EOF
chmod 0755 "$work/sendmail"
install -d -o tsa-report -g tsa-report "$work/mail"
addgroup --quiet tsa-accounting && adduser --quiet tsa-report tsa-accounting
config=/etc/tsa-report/config.toml
sed -i -e "s|^logs = .*|logs = [\"$logs/tsa-access.log\"]|" \
  -e "s|^# mail_to = .*|mail_to = [\"ucetni@example.cz\"]|" \
  -e "s|^# mail_from = .*|mail_from = \"tsa-report@server.example.cz\"|" \
  -e "s|^# sendmail = .*|sendmail = \"$work/sendmail\"|" \
  -e "s|^bundle_dir = .*|bundle_dir = \"$work/bundles\"|" \
  -e "s|^# bundle_mode = .*|bundle_mode = \"0640\"|" \
  -e "s|^# bundle_group = .*|bundle_group = \"tsa-accounting\"|" "$config"
install -d -o tsa-report -g tsa-accounting -m 0750 "$work/bundles"

as_tsa() { hidden --as tsa-report "$@"; }
run "$work/doctor0" hidden --as tsa-report tsa-report doctor
check "doctor before the books exist: exit 1, says how to make them" \
  sh -c "[ $status -eq 1 ] && grep -q 'the first import creates it' '$work/doctor0'"
check "contract add as tsa-report" as_tsa tsa-report contract add F2112000371 --name "PostSignum TSA"
check "package add as tsa-report" as_tsa tsa-report package add --contract F2112000371 \
  --stamps 1200 --price 4477 --vat-rate 21 --ordered 2026-08-20 --paid 2026-08-28

# unit_commands UNIT: runs the unit's ExecStart lines as its User=, with the toolchain hidden,
# as systemd would (a leading - lets the next line run after a failure; SuccessExitStatus=1 2).
unit_commands() {
  unit="/lib/systemd/system/$1"
  grep -qx 'User=tsa-report' "$unit" || { echo "FAILED: $1 does not run as tsa-report"; failures=$((failures + 1)); }
  sed -n 's/^ExecStart=-\{0,1\}//p' "$unit" >"$work/exec"
  while read -r command; do
    code=0
    # shellcheck disable=SC2086 # the unit's command line, split as systemd splits it
    as_tsa $command >>"$work/timer.log" 2>&1 </dev/null || code=$?
    case "$code" in 0 | 1 | 2) ;; *) echo "FAILED: $1: $command exited $code"; failures=$((failures + 1)) ;; esac
  done <"$work/exec"
}
unit_commands tsa-report-import.service
run "$work/imports" as_tsa tsa-report imports
check "the timer's import read the log and its rotated copy" \
  contains "$work/imports" "$logs/tsa-access.log.1"
run "$work/balance" as_tsa tsa-report balance --as-of 2026-11-26
check "the timer's import stored every stamp (1,087 + 1)" contains "$work/balance" "1,088"
sed 's/^/    | /' "$work/timer.log"
check "the timer's alert mailed, once" sh -c "[ \$(grep -c '^Subject:' '$work/mail/sent.txt') -eq 1 ]"

run "$work/doctor2" as_tsa tsa-report doctor
sed 's/^/    | /' "$work/doctor2"
check "doctor: all OK on a set-up server, exit 0" \
  sh -c "[ $status -eq 0 ] && grep -q '^All [0-9]* checks OK' '$work/doctor2'"
chmod 0600 "$logs/tsa-access.log"
run "$work/doctor1" as_tsa tsa-report doctor
check "doctor: an unreadable log is a FIX that names adm, exit 1" \
  sh -c "[ $status -eq 1 ] && grep -q 'FIX  Log $logs/tsa-access.log: not readable' '$work/doctor1' && grep -q 'adduser tsa-report adm' '$work/doctor1'"
grep -A1 '^FIX' "$work/doctor1" | sed 's/^/    | /'
chmod 0640 "$logs/tsa-access.log"

# The monthly timer's bundle (last month, whatever today is), opened to the accountants' group.
unit_commands tsa-report-monthly.service
last_month=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)
check "the monthly unit wrote last month's bundle ($last_month)" \
  test -s "$work/bundles/$last_month/tsa-report-$last_month.xlsx"
check "monthly as tsa-report, 0640 for tsa-accounting" as_tsa tsa-report monthly --month 2026-10
check "the bundle's workbook is group-readable by tsa-accounting" \
  sh -c "[ \"\$(stat -c %G:%a '$work/bundles/2026-10/tsa-report-2026-10.xlsx')\" = tsa-accounting:640 ] && [ \"\$(stat -c %G:%a '$work/bundles/2026-10')\" = tsa-accounting:750 ]"

# make install, for a machine without the package: everything under PREFIX, nothing outside.
check "make install DESTDIR=… PREFIX=/usr/local" make --no-print-directory install DESTDIR="$work/stage"
check "make install: binary, man pages, completions, units, example settings" sh -c "
  cd '$work/stage' && test -x usr/local/bin/tsa-report && test -s usr/local/share/man/man1/tsa-report-usage.1.gz &&
  test -s usr/local/share/zsh/site-functions/_tsa-report && test -s usr/local/lib/systemd/system/tsa-report-import.timer &&
  grep -q 'ExecStart=/usr/local/bin/tsa-report alert' usr/local/lib/systemd/system/tsa-report-import.service &&
  test -s etc/tsa-report/config.toml"

# An upgrade keeps the administrator's settings and the books.
mkdir "$work/next"
dpkg-deb -R "$deb" "$work/next/root"
sed -i "s/^Version: .*/Version: $version+1/" "$work/next/root/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$work/next/root" "$work/next/tsa-report.deb" >/dev/null
check "upgrade to $version+1" dpkg -i "$work/next/tsa-report.deb"
check "the upgrade kept the edited settings" contains "$config" "$logs/tsa-access.log"
run "$work/balance2" as_tsa tsa-report balance --as-of 2026-11-26
check "the upgrade kept the books" contains "$work/balance2" "1,088"

# Remove keeps the books and settings; purge leaves nothing.
dpkg -L tsa-report >"$work/files"
check "remove" dpkg --remove tsa-report
check "remove keeps the books and the settings" test -f /var/lib/tsa-report/books.sqlite -a -f "$config"
check "purge" dpkg --purge tsa-report
check "purge leaves none of the package's files" sh -c "
  while read -r path; do [ -f \"\$path\" ] && { echo \"\$path is left\"; exit 1; }; done <'$work/files'
  exit 0"
check "purge leaves no settings, books, user or group" sh -c '
  ! test -e /etc/tsa-report && ! test -e /var/lib/tsa-report &&
  ! getent passwd tsa-report && ! getent group tsa-report'

if [ "$failures" -gt 0 ]; then
  echo "$failures package checks FAILED"
  exit 1
fi
echo "All package checks passed."
