"""Checks that two monthly bundles of the same books, one in English and one in Czech, carry
the same figures: python3 compare_bundles.py EN_DIR CS_DIR.

- Each CSV file (standard dialect) has the same header (machine names never change with the
  language), as many rows, and the same value in every field that is a number or a date.
- Each workbook sheet, in order, has the same numbers and dates in the same cells; the Czech
  workbook writes dates as d. m. yyyy and money in Kč, the English one yyyy-mm-dd and CZK.
- Both have the By day chart; the Czech one titled in Czech.
Prints what it compared; exits 1 on the first difference."""
import csv
import datetime
import os
import re
import sys
import zipfile

import openpyxl

en, cs = sys.argv[1], sys.argv[2]
month = os.path.basename(en.rstrip("/"))


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def figure(text):
    """A field that is a number or an ISO date, else None (a label, a name)."""
    if re.fullmatch(r"-?\d+(\.\d+)?", text) or re.fullmatch(r"\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d)?", text):
        return text
    return None


fields = 0
for name in sorted(f for f in os.listdir(en) if f.endswith(".csv")):
    with open(os.path.join(en, name), newline="", encoding="utf-8") as a, open(
        os.path.join(cs, name), newline="", encoding="utf-8"
    ) as b:
        rows_en, rows_cs = list(csv.reader(a)), list(csv.reader(b))
    if rows_en[0] != rows_cs[0]:
        fail(f"{name}: headers differ: {rows_en[0]} / {rows_cs[0]}")
    if len(rows_en) != len(rows_cs):
        fail(f"{name}: {len(rows_en)} rows / {len(rows_cs)}")
    for number, (x, y) in enumerate(zip(rows_en[1:], rows_cs[1:]), start=2):
        for key, p, q in zip(rows_en[0], x, y):
            if figure(p) is not None or figure(q) is not None:
                if p != q:
                    fail(f"{name} line {number} {key}: {p!r} / {q!r}")
                fields += 1

books = [openpyxl.load_workbook(os.path.join(d, f"tsa-report-{month}.xlsx")) for d in (en, cs)]
if len(books[0].worksheets) != len(books[1].worksheets):
    fail("the workbooks have different numbers of sheets")
cells = 0
formats = {"en": set(), "cs": set()}
for sheet_en, sheet_cs in zip(*(b.worksheets for b in books)):
    for row_en, row_cs in zip(sheet_en.iter_rows(), sheet_cs.iter_rows()):
        for a, b in zip(row_en, row_cs):
            numeric = [isinstance(c.value, (int, float, datetime.datetime)) for c in (a, b)]
            if numeric[0] != numeric[1] or (numeric[0] and a.value != b.value):
                fail(f"{sheet_en.title}/{sheet_cs.title} {a.coordinate}: {a.value!r} / {b.value!r}")
            if numeric[0]:
                cells += 1
                formats["en"].add(a.number_format)
                formats["cs"].add(b.number_format)
if cells == 0:
    fail("no numbers compared")
for language, wanted, unwanted in (("en", "yyyy-mm-dd", "Kč"), ("cs", "d. m. yyyy", "CZK")):
    if not any(wanted in f for f in formats[language]) or any(unwanted in f for f in formats[language]):
        fail(f"{language} number formats: {sorted(formats[language])}")
if not any("Kč" in f for f in formats["cs"]):
    fail(f"no money in Kč: {sorted(formats['cs'])}")
charts = []
for d in (en, cs):
    with zipfile.ZipFile(os.path.join(d, f"tsa-report-{month}.xlsx")) as archive:
        charts.append(archive.read("xl/charts/chart1.xml").decode())
if "Stamps per day" not in charts[0] or "Razítka za den" not in charts[1]:
    fail("the By day chart is missing or not in the bundle's language")
names = [b.sheetnames for b in books]
print(f"ok: {fields} CSV figures and {cells} workbook numbers the same; sheets {names[0]} / {names[1]}")
