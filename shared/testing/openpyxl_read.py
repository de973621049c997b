"""Tests only: what an independent reader (openpyxl) sees in a workbook: for the given cells of
the first sheet their formula or value and whether they are locked, every conditional format's
formulas, and the first sheet's hidden columns. Usage: openpyxl_read.py FILE.xlsx CELLS.json"""
import json
import sys

import openpyxl
from openpyxl.utils import get_column_letter

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
cells = {}
for address in json.load(open(sys.argv[2])):
    c = ws[address]
    cells[address] = {"value": c.value, "locked": c.protection.locked}
formats = []
for sheet in wb.worksheets:
    for rng, rules in sheet.conditional_formatting._cf_rules.items():
        for rule in rules:
            formats.append({"sheet": sheet.title, "formula": list(rule.formula or [])})
hidden = [k for k, d in ws.column_dimensions.items() if d.hidden]
print(json.dumps({"cells": cells, "formats": formats, "hidden": hidden, "protected": ws.protection.sheet}))
