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
echo "ours $ours bare $bare comparable $comparable reimport $reimport"
echo "ratio $(echo "$ours / $bare" | bc -l)"
