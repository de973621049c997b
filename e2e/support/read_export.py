"""Read a rollup export with software we did not write: openpyxl (xlsx) or Python's csv module.

usage: read_export.py xlsx FILE   -> {"sheets": {name: {"A1": value, ...}}, "merged": {name: [...]}}
       read_export.py csv FILE    -> {"rows": [[cell, ...], ...]}
Prints JSON on stdout.
"""
import csv
import json
import sys


def read_xlsx(path):
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = {}
    merged = {}
    comments = {}
    for ws in wb.worksheets:
        cells = {}
        notes = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    cells[c.coordinate] = c.value
                if c.comment is not None:
                    fill = c.fill.fgColor.rgb if c.fill and c.fill.fill_type == "solid" else None
                    notes[c.coordinate] = {"text": c.comment.text, "fill": fill}
        sheets[ws.title] = cells
        merged[ws.title] = [str(r) for r in ws.merged_cells.ranges]
        comments[ws.title] = notes
    return {"sheets": sheets, "merged": merged, "order": wb.sheetnames, "comments": comments}


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return {"rows": [row for row in csv.reader(f)]}


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    out = read_xlsx(path) if kind == "xlsx" else read_csv(path)
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)
