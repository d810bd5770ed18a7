"""Paths and small file builders shared by the tests: everything a test reads lives in the repository."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RAW = os.path.join(ROOT, "data", "raw")
GOLD = os.path.join(ROOT, "tests", "data", "gold")
DOC_IDS = ["andropovsky_2022", "kedrovy_2022", "krasnoyarsk_region_2022", "lesnoy_2021",
           "sayansky_2020"]


def raw(doc_id: str, ext: str) -> str:
    return os.path.join(RAW, f"{doc_id}.{ext}")


def write_docx(path, tables, paragraphs=(), merges=()) -> None:
    """A Word file of `paragraphs`, then `tables` (each a list of rows of cell texts);
    `merges`: (table, row, column, to row, to column) cells merged once the texts are in."""
    import docx
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    made = []
    for rows in tables:
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
        made.append(t)
    for k, a, b, c, e in merges:
        made[k].cell(a, b).merge(made[k].cell(c, e))
    d.save(path)
