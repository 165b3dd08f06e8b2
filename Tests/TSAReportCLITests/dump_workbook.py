"""Prints a workbook as text, read by openpyxl (an independent reader), for a golden file:
python3 dump_workbook.py FILE.xlsx. Per sheet its name, then each row's cells: numbers and
dates as their values with their number formats, texts quoted; the chart's title and axis
names (openpyxl does not read charts: they are taken from the file's XML)."""
import re
import sys
import zipfile

import openpyxl

path = sys.argv[1]
book = openpyxl.load_workbook(path)
print("title:", book.properties.title)
for sheet in book.worksheets:
    print(f"== sheet {sheet.title!r} (frozen at {sheet.freeze_panes}, filter {sheet.auto_filter.ref})")
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            if cell.value is None:
                cells.append("")
            elif isinstance(cell.value, str):
                cells.append(repr(cell.value))
            else:
                cells.append(f"{cell.value} [{cell.number_format}]")
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            print(f"{row[0].row}: " + " | ".join(cells))
with zipfile.ZipFile(path) as archive:
    for name in sorted(n for n in archive.namelist() if n.startswith("xl/charts/")):
        xml = archive.read(name).decode()
        print(f"== {name}: texts {re.findall(r'<a:t>([^<]*)</a:t>', xml)}")
