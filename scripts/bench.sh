#!/bin/sh
# make bench: tsa-report against SQLite itself, on generated data kept in bench/data (outside
# git, made once). Prints a table and writes it to bench/results.md.
set -eu
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-3}
data=bench/data
mkdir -p "$data"
swift build -c release >/dev/null
tsa=$(swift build -c release --show-bin-path)/tsa-report
export TSA_REPORT_TZ=Europe/Prague

for n in 1m:1000000 4m:4000000; do
  name=${n%%:*}; lines=${n#*:}
  # (made again when the CSV lacks a column the table has gained since)
  head -1 "$data/access-$name.csv" 2>/dev/null | grep -q endpoint || rm -f "$data/access-$name.log"
  [ -f "$data/access-$name.log" ] || python3 scripts/make-bench-log.py "$lines" "$data/access-$name.log" "$data/access-$name.csv"
done

seconds() { # seconds COMMAND...: wall time of one run, the disk's earlier writes done first
  sync
  start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] }'; }
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

fresh_db() { rm -f "$1" "$1-wal" "$1-shm"; "$tsa" --db "$1" contract add F2112000371 >/dev/null 2>&1; }

# sqlite3 .import of the same records as CSV: into a table typed and keyed like tsa-report's
# (comparable: STRICT, NOT NULL, the line's place as the table's key, no other index), and into
# a bare table (no key, no index) for reference.
sqlite_import() { # sqlite_import DB comparable|bare
  rm -f "$1" "$1-wal" "$1-shm"
  if [ "$2" = comparable ]; then
    table="CREATE TABLE attempt (source_id INTEGER NOT NULL, byte_offset INTEGER PRIMARY KEY, time INTEGER NOT NULL, outcome INTEGER NOT NULL, user TEXT NOT NULL, http_status INTEGER, body_bytes INTEGER, endpoint TEXT) STRICT;"
  else
    table="CREATE TABLE attempt (source_id INTEGER, byte_offset INTEGER, time INTEGER, outcome INTEGER, user TEXT, http_status INTEGER, body_bytes INTEGER, endpoint TEXT);"
  fi
  printf 'PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n%s\n.import --csv --skip 1 %s %s\n' \
    "$table" "$data/access-1m.csv" attempt | sqlite3 "$1"
}

db=$data/import.sqlite
# The three loads take turns (the machine's speed drifts from minute to minute), five times each.
import_runs=${BENCH_IMPORT_RUNS:-5}
: >"$data/times"
for i in $(seq "$import_runs"); do
  fresh_db "$db"
  echo "ours $(seconds "$tsa" --db "$db" import "$data/access-1m.log")" >>"$data/times"
  echo "bare $(seconds sqlite_import "$data/sqlite.sqlite" bare)" >>"$data/times"
  echo "comparable $(seconds sqlite_import "$data/sqlite.sqlite" comparable)" >>"$data/times"
done
times_of() { awk -v k="$1" '$1 == k { print $2 }' "$data/times"; }
ours=$(times_of ours | median)
bare=$(times_of bare | median)
comparable=$(times_of comparable | median)
reimport=$(for i in $(seq "$runs"); do seconds "$tsa" --db "$db" import "$data/access-1m.log"; done | median)
fresh_db "$db"; mem1=$(peak_kb "$tsa" --db "$db" import "$data/access-1m.log")
fresh_db "$db"; mem4=$(peak_kb "$tsa" --db "$db" import "$data/access-4m.log")

# A 10 000 000-stamp database: the schema and packages through tsa-report, the stamps by SQL.
big=$data/10m.sqlite
# (made again when it predates the quarter-hour counts of version 5)
sqlite3 "$big" "SELECT 1 FROM stamp_quarter LIMIT 1" >/dev/null 2>&1 || rm -f "$big"
# What an import keeps beside its lines: the stamps per contract and quarter hour, and where each
# quarter hour's lines of a source lie.
keep_quarters="INSERT INTO stamp_quarter (contract_id, quarter, stamps)
SELECT contract_id, time / 900000000, count(*) FROM attempt WHERE outcome = 0 GROUP BY 1, 2;
INSERT INTO attempt_span (quarter, source_id, first_id, last_id)
SELECT time / 900000000, source_id, min(id), max(id) FROM attempt GROUP BY 1, 2;"
if [ ! -f "$big" ]; then
  fresh_db "$big"
  "$tsa" --db "$big" package add --contract F2112000371 --stamps 4000000 --price 14520000 --vat-rate 21 --paid 2024-12-01 >/dev/null 2>&1
  "$tsa" --db "$big" package add --contract F2112000371 --stamps 5000000 --price 18150000 --vat-rate 21 --paid 2025-06-01 --valid-until 2026-06-30 >/dev/null 2>&1
  "$tsa" --db "$big" package add --contract F2112000371 --stamps 2000000 --price 7260000 --vat-rate 21 --paid 2026-05-01 >/dev/null 2>&1
  sqlite3 "$big" <<SQL
PRAGMA synchronous=OFF;
INSERT INTO source (id, fingerprint, format, path, imported_bytes, imported_lines, checkpoint, first_imported, last_imported)
VALUES (1, 'bench', 'combined', 'bench', 0, 0, '', 0, 0);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299)
INSERT INTO user (id, name) SELECT i + 1, printf('user%03d', i) FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999999)
INSERT INTO attempt (id, source_id, byte_offset, time, outcome, user_id, contract_id, http_status, body_bytes)
SELECT 1099511627776 + i * 110, 1, i * 110, 1735689600000000 + i * 6307200, 0, (i * 7919) % 300 + 1, 1, 200, 1551 FROM n;
$keep_quarters
SQL
fi
# (books made by an earlier version are brought up to date here, not in a timed run)
"$tsa" --db "$big" contract list >/dev/null
cold=$(for i in $(seq "$runs"); do sqlite3 "$big" "DELETE FROM ledger_cache"; seconds "$tsa" --db "$big" usage --period 2026-10 --by user; done | median)
usage=$(for i in $(seq "$runs"); do seconds "$tsa" --db "$big" usage --period 2026-10 --by user; done | median)
balance=$(for i in $(seq "$runs"); do seconds "$tsa" --db "$big" balance --as-of 2026-11-25; done | median)
balance_cold=$(for i in $(seq "$runs"); do sqlite3 "$big" "DELETE FROM ledger_cache"; seconds "$tsa" --db "$big" balance --as-of 2026-11-25; done | median)
alert_cold=$(for i in $(seq "$runs"); do sqlite3 "$big" "DELETE FROM ledger_cache"; seconds "$tsa" --db "$big" alert --always --as-of 2026-11-25; done | median)
# Generated books stand for imported ones: an import that ended after October (monthly refuses a
# month no import read after its end).
read_after_october() {
  sqlite3 "$1" "INSERT INTO import_run (started, seconds, outcome, paths, lines, stamps_new, malformed)
    SELECT 1793836800000000, 1, 'ok', 'generated', 0, 0, 0
    WHERE NOT EXISTS (SELECT 1 FROM import_run WHERE outcome = 'ok')"
}
read_after_october "$big"
monthly=$(for i in $(seq "$runs"); do seconds "$tsa" --db "$big" monthly --month 2026-10 --out "$data/reports"; done | median)
monthly_kb=$(peak_kb "$tsa" --db "$big" monthly --month 2026-10 --out "$data/reports")

# A month of 1 100 000 stamps (one large signing platform), by SQL into books made by tsa-report.
month=$data/month-1m1.sqlite
if [ ! -f "$month" ]; then
  fresh_db "$month"
  "$tsa" --db "$month" package add --contract F2112000371 --stamps 2000000 --price 1000000 --paid 2026-01-01 >/dev/null 2>&1
  sqlite3 "$month" <<SQL
PRAGMA synchronous=OFF;
INSERT INTO source (id, fingerprint, format, path, imported_bytes, imported_lines, checkpoint, first_imported, last_imported)
VALUES (1, 'bench', 'combined', 'bench', 0, 0, '', 0, 0);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299)
INSERT INTO user (id, name) SELECT i + 1, printf('user%03d', i) FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1099999)
INSERT INTO attempt (id, source_id, byte_offset, time, outcome, user_id, contract_id, http_status, body_bytes)
SELECT 1099511627776 + i * 110, 1, i * 110, 1790805600000000 + i * 2400000, 0, (i * 7919) % 300 + 1, 1, 200, 1551 FROM n;
$keep_quarters
SQL
fi
"$tsa" --db "$month" contract list >/dev/null
read_after_october "$month"
big_month=$(for i in $(seq "$runs"); do seconds "$tsa" --db "$month" monthly --month 2026-10 --out "$data/reports-1m1"; done | median)
big_month_kb=$(peak_kb "$tsa" --db "$month" monthly --month 2026-10 --out "$data/reports-1m1")
# libxlsxwriter alone writing a sheet of as many of the same cells as one sheet holds.
gcc -O2 -o "$data/xlsx_floor" bench/xlsx_floor.c $(pkg-config --cflags --libs xlsxwriter)
floor=$(for i in $(seq "$runs"); do seconds "$data/xlsx_floor" 1048000 "$data/floor.xlsx"; done | median)

# Flat as the books grow: ten logs of a million lines each, one after another (73 days each),
# imported into the same books; the rate of the first and of the last.
flat=$data/flat.sqlite
fresh_db "$flat"
for k in 0 1 2 3 4 5 6 7 8 9; do
  log=$data/access-part$k.log
  [ -f "$log" ] || python3 scripts/make-bench-log.py 1000000 "$log" "$data/access-part$k.csv" \
    "$(date -u -d "2025-01-01 + $((k * 73)) days" +%F)" 73
  t=$(seconds "$tsa" --db "$flat" import "$log")
  [ "$k" = 0 ] && first_rate=$(echo "1000000 / $t" | bc -l)
  last_rate=$(echo "1000000 / $t" | bc -l)
done
flat_share=$(echo "100 * $last_rate / $first_rate" | bc -l)

# What the upgrades cost on 10 000 000 stamps: books of version 4 and of version 5 (their
# schemas as shipped) with the same stamps, opened by tsa-report.
v4_stamps="INSERT INTO attempt (source_id, byte_offset, time, outcome, user_id, contract_id, http_status, body_bytes)
SELECT 1, i * 110, 1735689600000000 + i * 6307200, 0, (i * 7919) % 300 + 1, 1, 200, 1551 FROM n;"
v5_stamps="INSERT INTO attempt (id, source_id, byte_offset, time, outcome, user_id, contract_id, http_status, body_bytes)
SELECT 1099511627776 + i * 110, 1, i * 110, 1735689600000000 + i * 6307200, 0, (i * 7919) % 300 + 1, 1, 200, 1551 FROM n;
INSERT INTO stamp_quarter (contract_id, quarter, stamps)
SELECT contract_id, time / 900000000, count(*) FROM attempt WHERE outcome = 0 GROUP BY 1, 2;"
upgrade_from() { # upgrade_from VERSION STAMPS_SQL: seconds to open books of VERSION
  old=$data/10m-v$1.sqlite
  rm -f "$old" "$old-wal" "$old-shm"
  sqlite3 "$old" < "Tests/Fixtures/schema/v$1.sql"
  sqlite3 "$old" <<SQL
PRAGMA synchronous=OFF;
INSERT INTO contract (id, code) VALUES (1, 'F2112000371');
INSERT INTO package (contract_id, stamps, currency, paid, valid_years) VALUES (1, 11000000, 'CZK', '2024-12-01', 25);
INSERT INTO source (id, fingerprint, format, path, imported_bytes, imported_lines, checkpoint, first_imported, last_imported)
VALUES (1, 'bench', 'combined', 'bench', 0, 0, '', 0, 0);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299)
INSERT INTO user (id, name) SELECT i + 1, printf('user%03d', i) FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999999)
$2
SQL
  seconds "$tsa" --db "$old" contract list
  [ "$(sqlite3 "$old" "PRAGMA user_version")" = "$upgraded" ] || echo "upgrade from $1 failed" >&2
  rm -f "$old" "$old-wal" "$old-shm"
}
upgraded=$(sqlite3 "$big" "PRAGMA user_version")
upgrade4=$(upgrade_from 4 "$v4_stamps")
upgrade5=$(upgrade_from 5 "$v5_stamps")

ratio=$(echo "$ours / $comparable" | bc -l)
ratio_bare=$(echo "$ours / $bare" | bc -l)
share=$(echo "100 * $reimport / $ours" | bc -l)
growth=$(echo "100 * ($mem4 - $mem1) / $mem1" | bc -l)
verdict() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo ok; else echo MISSED; fi; }
out=bench/results.md
{
  echo "# make bench — $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/ .*//') SQLite"
  echo
  echo "| measure | value | target | |"
  echo "|---|---|---|---|"
  printf '| import 1M combined lines (median of %s, taking turns with the two below) | %.2f s | | |\n' "$import_runs" "$ours"
  printf '| sqlite3 .import of the same records into a bare table (no key, no index) | %.2f s | | |\n' "$bare"
  printf '| import ÷ bare .import | %.2f× | ≤ 1.2× | %s |\n' "$ratio_bare" "$(verdict "$ratio_bare <= 1.2")"
  printf '| sqlite3 .import into a table typed and keyed like tsa-report'"'"'s | %.2f s | | |\n' "$comparable"
  printf '| import ÷ comparable .import | %.2f× | ≤ 1.5× | %s |\n' "$ratio" "$(verdict "$ratio <= 1.5")"
  printf '| re-import of the unchanged log | %.3f s (%.1f %%) | ≤ 10 %% | %s |\n' "$reimport" "$share" "$(verdict "$share <= 10")"
  printf '| ten 1M-line logs into the same books: first, last | %.0f, %.0f lines/s (%.0f %%) | last ≥ 80 %% of first | %s |\n' "$first_rate" "$last_rate" "$flat_share" "$(verdict "$flat_share >= 80")"
  printf '| usage, one month by user, 10M stamps (allocation kept) | %.2f s | < 0.5 s | %s |\n' "$usage" "$(verdict "$usage < 0.5")"
  printf '| usage, same, allocation worked out afresh | %.2f s | < 0.5 s | %s |\n' "$cold" "$(verdict "$cold < 0.5")"
  printf '| balance, 10M stamps (kept; afresh) | %.2f s; %.2f s | < 0.5 s | %s |\n' "$balance" "$balance_cold" "$(verdict "$balance < 0.5 && $balance_cold < 0.5")"
  printf '| alert --always, 10M stamps, afresh | %.2f s | < 0.5 s | %s |\n' "$alert_cold" "$(verdict "$alert_cold < 0.5")"
  printf '| monthly bundle, a month of 424 000 stamps in 10M | %.2f s, %s MB | < 2.5 s | %s |\n' "$monthly" "$((monthly_kb / 1024))" "$(verdict "$monthly < 2.5")"
  printf '| monthly bundle, a month of 1 100 000 stamps (two Stamps sheets) | %.2f s, %s MB | < 6 s, < 150 MB | %s |\n' "$big_month" "$((big_month_kb / 1024))" "$(verdict "$big_month < 6 && $big_month_kb < 153600")"
  printf '| (libxlsxwriter alone: one sheet of 1 048 000 rows of the same cells, C) | %.2f s | | |\n' "$floor"
  printf '| upgrade of 10M stamps from version 4 to %s; from 5 (once) | %.1f s; %.1f s | | |\n' "$upgraded" "$upgrade4" "$upgrade5"
  printf '| peak memory, import of 1M lines | %s MB | | |\n' "$((mem1 / 1024))"
  printf '| peak memory, import of 4M lines | %s MB (%+.0f %%) | ≤ +20 %%, < 200 MB | %s |\n' "$((mem4 / 1024))" "$growth" "$(verdict "$growth <= 20 && $mem4 < 204800")"
} > "$out"
cat "$out"
