#!/usr/bin/env python3
"""Writes a large nginx `combined` access log for benchmarks, and the same records as CSV for
sqlite3's .import: scripts/make-bench-log.py LINES LOG CSV [START DAYS] — over DAYS days from
START (default: two years from 2025-01-01).

The mix is that of a busy TSA proxy: mostly granted stamps from a few hundred users, with
rejections, auth failures and probes. Deterministic for a given LINES.
"""
import random
import sys
from datetime import datetime, timedelta, timezone

lines, log_path, csv_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
start_text = sys.argv[4] if len(sys.argv) > 4 else "2025-01-01"
days = float(sys.argv[5]) if len(sys.argv) > 5 else 365 * 2
rng = random.Random(lines if len(sys.argv) <= 4 else f"{lines}/{start_text}")
users = [f"user{n:03d}" for n in range(300)] + ["-"]
months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
start = datetime.fromisoformat(start_text).replace(tzinfo=timezone.utc)
step = (days * 86400) / lines
with open(log_path, "w") as log, open(csv_path, "w") as csv:
    csv.write("source_id,byte_offset,time,outcome,user,status,body_bytes,endpoint\n")
    offset = 0
    for i in range(lines):
        t = start + timedelta(seconds=i * step)
        user = rng.choice(users)
        roll = rng.random()
        method, status, size = "POST", 200, rng.choice((1551, 1553, 2871))
        if roll < 0.03:
            size = 57
        elif roll < 0.05:
            status, size = 401, 179
        elif roll < 0.08:
            method, size = "GET", 17
        addr = f"10.20.{i % 7}.{i % 250 + 1}"
        text = (f'{addr} - {user} [{t.day:02d}/{months[t.month - 1]}/{t.year}:'
                f'{t.hour:02d}:{t.minute:02d}:{t.second:02d} +0000] "{method} /TSS/TSS_user/ HTTP/1.1" '
                f'{status} {size} "-" "JSignPdf/2.3"\n')
        log.write(text)
        micros = int(t.timestamp()) * 1_000_000
        outcome = 4 if method == "GET" else 2 if status == 401 else 1 if size < 300 else 0
        endpoint = "/TSS/TSS_user/" if method == "POST" else ""
        csv.write(f"1,{offset},{micros},{outcome},{addr if user == '-' else user},{status},{size},"
                  f"{endpoint}\n")
        offset += len(text)
