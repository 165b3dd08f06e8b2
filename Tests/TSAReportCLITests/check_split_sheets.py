#!/usr/bin/env python3
"""Checks that a list split over sheets is whole: `check_split_sheets.py BOOK.xlsx BASE KEY_COLUMNS`
reads (openpyxl, read-only) every sheet named BASE, `BASE (2)`, `BASE (3)`… in order, checks
that each repeats the header, that only the last holds the total row, and that every body row
is there exactly once (by the given 0-based key columns). Prints `sheets N rows M unique U
total T` — T the total row's cells in the key columns — or the first problem, and exits 1 on one."""
import sys

import openpyxl

path, base, keys = sys.argv[1], sys.argv[2], [int(k) for k in sys.argv[3].split(",")]
book = openpyxl.load_workbook(path, read_only=True)
names = [base] + [f"{base} ({n})" for n in range(2, 100)]
sheets = [book[name] for name in names if name in book.sheetnames]
header = None
seen = set()
rows = 0
total = None
for index, sheet in enumerate(sheets):
    started = False
    for row in sheet.iter_rows(values_only=True):
        if not started:
            # The header: the first row whose first cell is the first column's title.
            if header is None and row and row[0] is not None and row[1] is not None and len([c for c in row if c is not None]) >= 3:
                header = row
                started = True
            elif header is not None and row[: len(header)] == header:
                started = True
            continue
        if row[0] is None:  # the blank row before the notes
            break
        if total is not None:
            print(f"rows after the total row on {sheet.title}")
            sys.exit(1)
        key = tuple(row[k] for k in keys)
        if isinstance(row[0], str) and (row[0] in ("Total", "Celkem")):
            if index != len(sheets) - 1:
                print(f"a total row on {sheet.title}, not the last sheet")
                sys.exit(1)
            total = key
            continue
        rows += 1
        seen.add(key)
    if not started:
        print(f"no header on {sheet.title}")
        sys.exit(1)
print(f"sheets {len(sheets)} rows {rows} unique {len(seen)} total {total}")
