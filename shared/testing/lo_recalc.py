#!/usr/bin/python3
"""Recalculate workbooks in LibreOffice Calc (headless) and read ranges back, for the tests.

    /usr/bin/python3 lo_recalc.py JOBS.json RESULTS.json

One soffice process serves the whole batch (started here with a throwaway profile, ended here).
JOBS.json: {"jobs": [{"file": "/abs/a.xlsx",
                      "reads": [{"name": "XXGK_CHECKS"} | {"sheet": "校验", "range": "E5:E9"}],
                      "fills": [[{"sheet": "...", "cells": {"D7": 1, "E7": null}}]]}]}
Each job's file is opened once. Without "fills" it is recalculated and read once; with them,
each fill writes its cells (null clears one), recalculates and reads: one snapshot per fill.
RESULTS.json: {"results": [[snapshot, ...] per job]}, a snapshot being one 2-D array per read.
Cells holding an error are read as {"error": true} so that nothing wrong passes for text.
Needs Debian's python3-uno (hence /usr/bin/python3) and libreoffice-calc.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.sheet.FormulaResult import ERROR


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe, proc):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 60
    while True:
        try:
            return resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except NoConnectException:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("soffice did not start")
            time.sleep(0.1)


def cell_range(doc, read):
    if "name" in read:
        return doc.NamedRanges.getByName(read["name"]).ReferredCells
    return doc.Sheets.getByName(read["sheet"]).getCellRangeByName(read["range"])


def snapshot(doc, reads):
    out = []
    for read in reads:
        rng = cell_range(doc, read)
        data = [list(row) for row in rng.DataArray]
        # DataArray shows an error cell as an empty string: mark errors explicitly.
        origin = rng.RangeAddress
        for a in rng.queryFormulaCells(ERROR).RangeAddresses:
            for r in range(a.StartRow, a.EndRow + 1):
                for c in range(a.StartColumn, a.EndColumn + 1):
                    data[r - origin.StartRow][c - origin.StartColumn] = {"error": True}
        out.append(data)
    return out


def a1(address):
    """0-based (row, col) of an A1 address."""
    letters = address.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(address[len(letters):]) - 1, col - 1


class Filler:
    """Writes the cells of a fill with one setFormulaArray per sheet: over the bounding box of
    every cell the job's fills name, the box's other cells written back as they were, formulas
    included (a total the workbook computes stays a formula unless the fill types it)."""

    def __init__(self, doc, fills):
        self.boxes = {}
        for writes in fills:
            for w in writes:
                cells = [a1(a) for a in w["cells"]]
                box = self.boxes.setdefault(w["sheet"], [10**9, 10**9, -1, -1])
                box[0] = min([box[0]] + [r for r, _ in cells])
                box[1] = min([box[1]] + [c for _, c in cells])
                box[2] = max([box[2]] + [r for r, _ in cells])
                box[3] = max([box[3]] + [c for _, c in cells])
        self.ranges = {}
        self.base = {}
        for name, (r0, c0, r1, c1) in self.boxes.items():
            sheet = doc.Sheets.getByName(name)
            # Last year's sheet is protected and locked (the CLI writes it); no password.
            if sheet.isProtected():
                sheet.unprotect("")
            rng = sheet.getCellRangeByPosition(c0, r0, c1, r1)
            self.ranges[name] = rng
            self.base[name] = [list(row) for row in rng.FormulaArray]

    def fill(self, writes):
        for w in writes:
            r0, c0 = self.boxes[w["sheet"]][0], self.boxes[w["sheet"]][1]
            data = [list(row) for row in self.base[w["sheet"]]]
            for address, value in w["cells"].items():
                r, c = a1(address)
                data[r - r0][c - c0] = "" if value is None else repr(float(value))
            self.ranges[w["sheet"]].setFormulaArray(tuple(tuple(row) for row in data))


def run(desktop, jobs):
    results = []
    for job in jobs:
        url = uno.systemPathToFileUrl(os.path.abspath(job["file"]))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            raise RuntimeError("LibreOffice could not open %s" % job["file"])
        try:
            # Typed values must not each trigger a recalculation: calculateAll() does it once.
            doc.enableAutomaticCalculation(False)
            filler = Filler(doc, job.get("fills") or [])
            snaps = []
            for writes in job.get("fills") or [[]]:
                filler.fill(writes)
                doc.calculateAll()
                snaps.append(snapshot(doc, job["reads"]))
            results.append(snaps)
        finally:
            doc.close(True)
    return results


def with_desktop(work, name="xxgk_lo"):
    """Start one soffice (throwaway profile, own process group), run work(desktop), end it."""
    profile = tempfile.mkdtemp(prefix="xxgk-lo-")
    pipe = "%s_%d" % (name, os.getpid())
    # Its own process group, so that soffice.bin (a grandchild) goes with it whatever happens.
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         "--nolockcheck", "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
         "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        ctx = connect(pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        result = work(desktop)
        try:
            desktop.terminate()
        except Exception:  # the bridge closes as soffice exits
            pass
        proc.wait(timeout=30)
        return result
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        shutil.rmtree(profile, ignore_errors=True)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        jobs = json.load(f)["jobs"]
    results = with_desktop(lambda desktop: run(desktop, jobs))
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"results": results}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
