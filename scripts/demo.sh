#!/bin/sh
# The main job on the bundled sample data: a contract and its packages, two months of a TSA
# proxy's access log imported, then the balance and October's usage by user.
# Usage: scripts/demo.sh PATH-TO-tsa-report — the books go to $DEMO_DIR (default: demo/), which
# is made anew; the tests make the same demo books in a folder of their own.
set -eu
bin_dir=$(dirname "$1")
PATH="$bin_dir:$PATH"
demo="${DEMO_DIR:-demo}"
export TSA_REPORT_DB="$demo/books.sqlite" TSA_REPORT_TZ="Europe/Prague"
rm -rf "$demo" && mkdir -p "$demo"

run() {
  printf '\n$ %s\n' "$*"
  "$@"
}

run tsa-report contract add F2112000371 --name "PostSignum TSA" --account tsa@example.cz
run tsa-report package add --contract F2112000371 --stamps 200 --price 847 --vat-rate 21 \
  --ordered 2021-12-01 --paid 2021-12-13 --ref FV-2021-1207
run tsa-report package add --contract F2112000371 --stamps 1000 --price 3630 --vat-rate 21 \
  --ordered 2026-08-20 --paid 2026-08-28 --ref FV-2026-0820
run tsa-report package add --contract F2112000371 --stamps 1000 --price 3630 --vat-rate 21 \
  --ordered 2026-11-20 --ref FV-2026-1120
run tsa-report import samples/proxy/access.log
run tsa-report balance
run tsa-report usage --from 2026-10-01 --to 2026-10-31 --by user
