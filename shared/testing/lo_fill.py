#!/usr/bin/python3
"""Fill workbooks in LibreOffice Calc (headless) as a clerk would, and save them as .xlsx.

    /usr/bin/python3 lo_fill.py JOBS.json RESULTS.json

JOBS.json: {"jobs": [{"file": "/abs/in.xlsx", "out": "/abs/out.xlsx", "sheet": "2024年 …",
                      "cells": {"D7": 12, "E27": "十二"}, "stripNames": false,
                      "rename": "我的表", "moveTo": 1}]}
Each job opens its file, types the cells (of "sheet", else of the sheet the workbook's
XXGK_FORM_SHEET name marks) through Calc's API (numbers as values, text as text),
optionally deletes every `xxgk.*` defined name (a program that drops names), renames the sheet
and moves it to another position (a clerk tidying the tabs), recalculates and stores the
document with Calc's own "Calc MS Excel 2007 XML" filter. RESULTS.json:
{"results": [{"errors": n, "warnings": n, "names": n, "locked": ["A74"]}]}: the workbook's own
verdict counts (XXGK_CHECKS rows whose verdict is TRUE, by severity column), the input names
kept, and the typed cells Calc holds locked on a protected sheet. The API types into those
anyway; a clerk at the keyboard is refused, so a test expects the list empty.
"""
import json
import os
import sys

import uno

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lo_recalc import a1, prop, with_desktop  # noqa: E402


def fill(desktop, job):
    url = uno.systemPathToFileUrl(os.path.abspath(job["file"]))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        raise RuntimeError("LibreOffice could not open %s" % job["file"])
    try:
        names = doc.NamedRanges
        if job.get("sheet"):
            sheet = doc.Sheets.getByName(job["sheet"])
        else:
            # The form sheet, as programs find it: by its marker, not its tab.
            sheet = names.getByName("XXGK_FORM_SHEET").ReferredCells.Spreadsheet
        locked = []
        for address, value in job["cells"].items():
            r, c = a1(address)
            cell = sheet.getCellByPosition(c, r)
            if sheet.isProtected() and cell.CellProtection.IsLocked:
                locked.append(address)
            if isinstance(value, str):
                cell.setString(value)
            else:
                cell.setValue(float(value))
        if job.get("stripNames"):
            for n in [n for n in names.ElementNames if n.startswith("xxgk.")]:
                names.removeByName(n)
        doc.calculateAll()
        errors = warnings = 0
        rows = names.getByName("XXGK_CHECKS").ReferredCells
        checks = rows.Spreadsheet
        start = rows.RangeAddress.StartRow
        for i, row in enumerate(rows.DataArray):
            if row[2] is True or row[2] == 1:
                severity = checks.getCellByPosition(3, start + i).String
                if severity in ("错误", "Error"):
                    errors += 1
                else:
                    warnings += 1
        if job.get("rename"):
            sheet.setName(job["rename"])
        if job.get("moveTo") is not None:
            doc.Sheets.moveByName(sheet.getName(), job["moveTo"])
        kept = len([n for n in names.ElementNames if n.startswith("xxgk.")])
        out = uno.systemPathToFileUrl(os.path.abspath(job["out"]))
        doc.storeToURL(out, (prop("FilterName", "Calc MS Excel 2007 XML"),))
        return {"errors": errors, "warnings": warnings, "names": kept, "locked": locked}
    finally:
        doc.close(True)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        jobs = json.load(f)["jobs"]
    results = with_desktop(lambda desktop: [fill(desktop, job) for job in jobs], "xxgk_lofill")
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"results": results}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
