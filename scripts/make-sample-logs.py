#!/usr/bin/env python3
"""Writes samples/proxy/access.log: two months (September and October 2026) of a realistic
nginx access log, in nginx's predefined `combined` format, of a Basic-auth proxy in front of
the PostSignum TSA in Prague.

nginx writes $time_local in the server's zone, so the file crosses the end of summer time on
2026-10-25 (+0200 -> +0100). Besides granted stamps it holds TSA rejections (HTTP 200 with the
57-byte PKIStatus answer), auth failures (401, the attempted name still logged), monitoring
probes (GET/HEAD), upstream errors (502), a TLS hello sent to the plain-HTTP port, a client
without a proxy login (logged by address), and one line cut short.

Deterministic: the same file every run.  Usage: scripts/make-sample-logs.py [OUT]
"""
import random
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

PRAGUE = ZoneInfo("Europe/Prague")
URI = "/TSS/TSS_user/"
rng = random.Random(20261025)

# name, address, agent, stamps a working day
USERS = [
    ("alice", "10.20.1.11", "JSignPdf/2.3", 9),
    ("bob", "10.20.1.12", "curl/7.88.1", 4),
    ("carol", "10.20.1.13", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) SignatureClient/4.1", 6),
    ("dave", "10.20.1.14", "Java/17.0.9", 2),
]


def line(addr, user, when, method, status, size, agent):
    local = when.astimezone(PRAGUE)
    stamp = local.strftime("%d/%b/%Y:%H:%M:%S %z")
    return f'{addr} - {user} [{stamp}] "{method} {URI} HTTP/1.1" {status} {size} "-" "{agent}"\n'


def token_size():
    return rng.choice([1547, 1550, 1551, 1553, 1560, 2871, 2875])


def main(out):
    events = []  # (utc datetime, text)
    day = datetime(2026, 9, 1, tzinfo=PRAGUE)
    while day < datetime(2026, 11, 1, tzinfo=PRAGUE):
        weekday = day.weekday() < 5
        for name, addr, agent, per_day in USERS:
            count = per_day if weekday else per_day // 4
            count = max(0, count + rng.randint(-2, 2))
            for _ in range(count):
                local = day.replace(hour=rng.randint(7, 18), minute=rng.randint(0, 59),
                                    second=rng.randint(0, 59))
                when = local.astimezone(timezone.utc)
                roll = rng.random()
                if roll < 0.04:
                    events.append((when, line(addr, name, when, "POST", 200, 57, agent)))
                elif roll < 0.06:
                    events.append((when, line(addr, name, when, "POST", 401, 179, agent)))
                elif roll < 0.07:
                    events.append((when, line(addr, name, when, "POST", 502, 157, agent)))
                else:
                    events.append((when, line(addr, name, when, "POST", 200, token_size(), agent)))
        # the nightly archiver stamps its batch without a proxy login
        night = day.replace(hour=2, minute=15).astimezone(timezone.utc)
        for i in range(rng.randint(1, 3)):
            when = night + timedelta(seconds=7 * i)
            events.append((when, line("10.20.7.40", "-", when, "POST", 200, token_size(),
                                      "archiver/1.8 (nightly)")))
        # monitoring probes every three hours
        for hour in range(0, 24, 3):
            when = day.replace(hour=hour, minute=0, second=5).astimezone(timezone.utc)
            method = "HEAD" if hour % 6 else "GET"
            events.append((when, line("127.0.0.1", "-", when, method, 200, 17, "check_http/v2.3")))
        day = (day + timedelta(days=1, hours=3)).replace(hour=0)

    # edges worth having: a stamp 30 minutes into October in Prague (22:30 UTC on 30 September),
    # stamps in the repeated hour of 25 October (02:30 CEST and 02:30 CET), a TLS hello
    # on the plain port, and a line cut short when the disk filled.
    for when, user in [(datetime(2026, 9, 30, 22, 30, tzinfo=timezone.utc), "alice"),
                       (datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc), "carol"),
                       (datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc), "carol")]:
        events.append((when, line("10.20.1.11" if user == "alice" else "10.20.1.13", user, when,
                                  "POST", 200, 1551, "JSignPdf/2.3")))
    tls = datetime(2026, 10, 7, 3, 12, 44, tzinfo=timezone.utc)
    stamp = tls.astimezone(PRAGUE).strftime("%d/%b/%Y:%H:%M:%S %z")
    events.append((tls, f'185.220.101.4 - - [{stamp}] "\\x16\\x03\\x01\\x00\\xF4\\x01\\x00\\x00'
                        f'\\xF0\\x03\\x03" 400 157 "-" "-"\n'))
    cut = datetime(2026, 10, 14, 9, 0, 1, tzinfo=timezone.utc)
    cut_text = line("10.20.1.12", "bob", cut, "POST", 200, 1551, "curl/7.88.1")
    events.append((cut, cut_text[:47] + "\n"))

    events.sort(key=lambda e: e[0])
    with open(out, "w", encoding="ascii", newline="\n") as f:
        f.writelines(text for _, text in events)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "samples/proxy/access.log")
