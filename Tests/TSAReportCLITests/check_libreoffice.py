"""Opens a monthly bundle's workbook in LibreOffice (headless), has it save every sheet as CSV
with the values it computed, and checks them against the bundle's own CSV files:
python3 check_libreoffice.py DIR. Prints what it checked; exits 1 on the first difference.

LibreOffice writes numbers as their values and dates as their cells' formats show them, and
evaluates anything it takes for a formula: a hostile user name that came back as anything but
its own text would have run."""
import csv
import re
import os
import subprocess
import sys
import tempfile
from decimal import Decimal, InvalidOperation
from machine_names import names_it

folder = sys.argv[1]
month = os.path.basename(folder.rstrip("/"))
workbook = os.path.join(folder, f"tsa-report-{month}.xlsx")


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


with tempfile.TemporaryDirectory() as scratch:
    # Comma, double quote, UTF-8, from row 1, values not as shown, every sheet to its own file.
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{scratch}/profile", "--headless",
         "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}", "--outdir", scratch, workbook],
        capture_output=True, text=True, timeout=300)
    sheets = {}
    for name in ["Summary", "By user", "By cost centre", "By day", "Packages", "Stamps"]:
        path = os.path.join(scratch, f"tsa-report-{month}-{name}.csv")
        if not os.path.exists(path):
            fail(f"LibreOffice wrote no sheet {name}: {done.stdout} {done.stderr}")
        with open(path, newline="", encoding="utf-8") as f:
            sheets[name] = list(csv.reader(f))


def table(rows):
    """The rows between the header (after the first empty row) and the next empty row."""
    empty = [i for i, row in enumerate(rows) if not any(row)]
    header = empty[0] + 1
    end = next((i for i in empty if i > header), len(rows))
    return rows[header + 1:end]


def xml_text(text):
    """The text as a workbook holds it: what XML 1.0 forbids is shown as U+FFFD."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", text)


def same(value, text):
    text = xml_text(text)
    if text == "":
        return value == ""
    try:
        return Decimal(value) == Decimal(text)
    except InvalidOperation:
        # The CSV neutralises formula-like text, and names fixed values by their machine names.
        return value == text or "'" + value == text or names_it(value, text)


checked = 0
hostile = set()
for sheet_name, csv_name in [("Summary", "summary.csv"), ("By user", "by-user.csv"),
                             ("By cost centre", "by-cost-centre.csv"), ("By day", "by-day.csv"),
                             ("Packages", "packages.csv"), ("Stamps", "stamps.csv")]:
    body = table(sheets[sheet_name])
    with open(os.path.join(folder, csv_name), newline="", encoding="utf-8") as f:
        records = list(csv.reader(f))[1:]
    if len(body) != len(records):
        fail(f"{sheet_name}: LibreOffice shows {len(body)} rows, the CSV has {len(records)}")
    for number, (fields, values) in enumerate(zip(records, body), start=1):
        for text, value in zip(fields, values):
            if not same(value, text):
                fail(f"{sheet_name}, row {number}: LibreOffice shows {value!r}, the CSV says {text!r}")
            if value[:1] in ("=", "+", "@") and text == "'" + value:
                hostile.add(value)
            checked += 1
print(f"ok: LibreOffice shows {checked} cells equal to the CSV, {len(hostile)} hostile names as text")
