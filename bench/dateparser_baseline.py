"""How far plain dateparser gets on the gold deadlines, next to normalizers.deadlines.

For every gold record (``../shared/gold/*.json`` by default, ``--gold DIR``) this reads
``deadline_raw`` twice:

* baseline: ``dateparser.parse(deadline_raw, settings={'DATE_ORDER': 'DMY'})`` taken as a
  one-day interval (no result = no interval);
* ours: ``parse_deadline(deadline_raw)``;

and prints the share of records whose set of intervals equals the gold ``deadlines`` (or one
of the gold ``accept.deadlines`` alternatives), as tools/score.py compares them. For ours it
also prints the agreement on ``recurrence`` and ``months``. ``-v`` lists our misses.

    .venv/bin/python bench/dateparser_baseline.py [--gold DIR] [-v]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from normalizers.deadlines import parse_deadline  # noqa: E402

DEFAULT_GOLD = os.path.join(os.path.dirname(ROOT), "shared", "gold")


def gold_records(gold_dir: str):
    files = sorted(glob.glob(os.path.join(gold_dir, "*.json")))
    if not files:
        raise SystemExit(f"no gold files in {gold_dir}")
    for path in files:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        for rec in doc.get("records", []):
            yield doc.get("doc_id", os.path.basename(path)), rec


def accepted_sets(rec: dict, field: str):
    """The gold value as a set, plus the `accept` alternatives."""
    out = [set(rec.get(field) or [])]
    for alt in (rec.get("accept") or {}).get(field, []) or []:
        out.append(set(alt))
    return out


def dateparser_intervals(raw: str) -> set[str]:
    import dateparser
    dt = dateparser.parse(raw, settings={"DATE_ORDER": "DMY"}) if raw else None
    if dt is None:
        return set()
    d = dt.date().isoformat()
    return {f"{d}/{d}"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=DEFAULT_GOLD, help="directory of gold *.json (default: %(default)s)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the records we get wrong")
    args = ap.parse_args(argv)

    n = base_ok = ours_ok = rec_ok = months_ok = 0
    ours_time = 0.0
    misses = []
    for doc_id, rec in gold_records(args.gold):
        raw = rec.get("deadline_raw") or ""
        n += 1
        gold_sets = accepted_sets(rec, "deadlines")
        if dateparser_intervals(raw) in gold_sets:
            base_ok += 1
        t0 = time.perf_counter()
        got = parse_deadline(raw)
        ours_time += time.perf_counter() - t0
        got_set = {i.iso() for i in got.intervals}
        ok_d = got_set in gold_sets
        recs = {rec.get("recurrence") or ""} | set((rec.get("accept") or {}).get("recurrence", []) or [])
        ok_r = got.recurrence in recs
        ok_m = set(got.months) in [set(rec.get("months") or [])] + [
            set(m) for m in (rec.get("accept") or {}).get("months", []) or []]
        ours_ok += ok_d
        rec_ok += ok_r
        months_ok += ok_m
        if not (ok_d and ok_r and ok_m):
            misses.append((doc_id, rec.get("seq"), raw, sorted(got_set), got.recurrence, got.months,
                           rec.get("deadlines"), rec.get("recurrence"), rec.get("months")))

    def share(k):
        return f"{k / n:.3f} ({k}/{n})" if n else "n/a"

    print(f"gold records: {n}  ({args.gold})")
    print(f"deadlines right, plain dateparser.parse (one-day interval): {share(base_ok)}")
    print(f"deadlines right, normalizers.deadlines.parse_deadline:      {share(ours_ok)}")
    print(f"recurrence right, parse_deadline: {share(rec_ok)}")
    print(f"months right, parse_deadline:     {share(months_ok)}")
    if n:
        print(f"parse_deadline time: {ours_time / n * 1e3:.3f} ms per record (first call included)")
    if args.verbose:
        for m in misses:
            print("MISS", *m, sep=" | ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
