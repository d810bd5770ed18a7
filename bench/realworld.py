"""Real plans of other institutions: records per file against the reader's count, row outcomes,
and score.py on the ones with gold. Writes bench/realworld.md.

    python bench/realworld.py [--src ../shared/realworld] [--out /tmp/realworld]
"""
from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def filled_rows(path: str) -> int | str:
    """Table rows with at least three non-empty cells, straight from the extractor."""
    sys.path.insert(0, ROOT)
    from extractors import ExtractionError, extract
    try:
        doc = extract(path, ocr="off")
    except ExtractionError:
        return ""
    n = 0
    for table in doc.tables:
        for r in range(table.n_rows):
            cells = {id(c): c for c in table.grid()[r] if c is not None and c.text.strip()}
            n += len(cells) >= 3
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default=os.path.join(ROOT, "..", "shared", "realworld"))
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    if not os.path.isdir(args.src):
        print(f"no real plans at {args.src}", file=sys.stderr)
        return 2
    out = args.out or tempfile.mkdtemp(prefix="realworld-")
    roadmaps = os.path.join(os.path.dirname(sys.executable), "roadmaps")
    subprocess.run([roadmaps, "ingest", args.src, "--out", out, "--db", f"sqlite:///{out}/s.db",
                    "--quiet"], check=False, stdout=subprocess.DEVNULL)
    counts = yaml.safe_load(open(os.path.join(HERE, "realworld_counts.yaml"), encoding="utf-8"))
    with open(os.path.join(out, "activities.csv"), encoding="utf-8-sig") as fh:
        records: dict[str, int] = {}
        for row in csv.DictReader(fh):
            records[row["doc_id"]] = records.get(row["doc_id"], 0) + 1
    lines = ["# Real plans: records against the reader's count", "",
             "The «filled rows» column is a cross-check that does not use the structure stage: table",
             "rows (as extracted) with three or more filled cells, whatever they hold. Where the reader's",
             "≈ count and it disagree, the row outcomes tell which rows were counted how.", "",
             "«Rows with text» = the table rows that became records plus the rows of tables that are",
             "no plan (a club timetable, a list of names): a reader counting «activity rows» counts",
             "these, while records count activities (a row holding several numbered activities gives",
             "several records, a plan row cut by a page break is one).", "",
             "| file | status | records | reader | off | rows with text | off | filled rows |"
             " table rows by outcome |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    with open(os.path.join(out, "ingest_report.csv"), encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            if not row["doc_id"]:
                continue
            n, reader = records.get(row["doc_id"], 0), counts.get(row["doc_id"])
            off = f"{(n - reader) / reader:+.1%}" if reader else ""
            classes = {k: int(v) for k, v in (part.strip().rsplit(" ", 1) for part in
                                              (row.get("row_classes") or "").split(";") if part.strip())}
            texts = classes.get("record", 0) + classes.get("not_plan", 0)
            off_texts = f"{(texts - reader) / reader:+.1%}" if reader else ""
            filled = filled_rows(os.path.join(args.src, row["file"])) if row.get("file") else ""
            lines.append(f"| {row['doc_id']} | {row['status']} | {n} | {reader or ''} | {off} | "
                         f"{texts} | {off_texts} | {filled} | {row.get('row_classes', '')} |")
    gold = os.path.join(args.src, "gold")
    score = os.path.join(ROOT, "..", "shared", "tools", "score.py")
    if os.path.isdir(gold) and os.path.exists(score):
        res = subprocess.run([sys.executable, score, "--gold", gold, "--pred", out, "--docs", "all"],
                             capture_output=True, text=True)
        lines += ["", "score.py on the real plans with gold:", "", "```",
                  *[line for line in res.stdout.splitlines() if line.startswith(("  ", "rows", "doc"))
                    and "OVERALL" not in line][-26:], "```"]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(HERE, "realworld.md"), "w", encoding="utf-8") as fh:
        fh.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
