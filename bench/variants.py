"""Layout-variant robustness bench: re-render the gold plans with plausible layout changes
(header wordings, section-row formats, number rows, page setup, split tables, permuted
columns, vertical merges, …), ingest them, and score them against adjusted gold files.

    .venv/bin/python bench/variants.py [--variants a,b,...] [--docs id,...] [--no-pdf]
                                       [--work /tmp/variants] [--show 6]

For every variant V and gold document D the harness writes
    WORK/V/gold/D__V.json   (gold with `doc_id` = file stem, records adjusted to V)
    WORK/V/docx/D__V.docx   (python-docx: real gridSpan/vMerge merges, repeating headers)
    WORK/V/pdf/D__V.pdf     (LibreOffice headless, private profile)
then runs `roadmaps ingest` (one worker) on each folder and `score.py` on the output, and
prints variant → summary line (DOCX / PDF) plus the first WRONG/MISSING/EXTRA lines.
Nothing in the repository is written; only WORK.
"""
from __future__ import annotations

import argparse
import copy
import glob
import json
import math
import os
import re
import shutil
import subprocess
import sys

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLD_DIR = os.path.join(ROOT, "tests", "data", "gold")
SCORE = "/work/shared/tools/score.py"
ROADMAPS = os.path.join(ROOT, ".venv", "bin", "roadmaps")
YEAR = re.compile(r"^\s*(19|20)\d{2}")

# ----------------------------------------------------------------------------- model


def load_gold(path: str) -> dict:
    """Gold JSON with each data row linked to its records (row['_recs'])."""
    g = json.load(open(path, encoding="utf-8"))
    by_table: dict[str, list] = {}
    for rec in g["records"]:
        by_table.setdefault(rec["table"], []).append(rec)
    for t in g["layout"]["tables"]:
        recs = by_table.get(t["id"], [])
        ycols = year_cols(t)
        k = 0
        for row in t["rows"]:
            if row["type"] != "data":
                continue
            n = sum(1 for i in ycols if row["cells"][i].strip()) if ycols else 1
            if t["id"] == "indicators" or not recs:
                n = 0
            row["_recs"] = recs[k:k + n]
            k += n
        assert k == len(recs), (path, t["id"], k, len(recs))
    return g


def year_cols(t: dict) -> list[int]:
    last = t["header_rows"][-1]
    return [i for i, h in enumerate(last) if h and YEAR.match(h)]


def dump_gold(g: dict, doc_id: str, path: str) -> None:
    out = copy.deepcopy({k: v for k, v in g.items() if k != "records"})
    out["doc_id"] = doc_id
    recs = []
    for t in g["layout"]["tables"]:
        for row in t["rows"]:
            recs.extend(row.get("_recs", []))
    for t in out["layout"]["tables"]:
        for row in t["rows"]:
            row.pop("_recs", None)
            row.pop("_style", None)
    for i, rec in enumerate(recs, 1):
        rec = copy.deepcopy(rec)
        rec["seq"] = i
    out["records"] = [dict(copy.deepcopy(r), seq=i) for i, r in enumerate(recs, 1)]
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)


def col_role(t: dict, c: int) -> str | None:
    """Role of a column by the gold header's words (harness-side, simple keyword rules)."""
    texts = []
    for hr in t["header_rows"]:
        cc = c
        while cc >= 0 and hr[cc] is None and hr is t["header_rows"][0]:
            cc -= 1
        if hr[c] is not None:
            texts.append(hr[c])
    h = " ".join(texts).lower()
    if not h:
        return None
    if YEAR.match(texts[-1]):
        return "year"
    if h.startswith("№") or "п/п" in h:
        return "number"
    if "ключевые" in h:
        return "yeargroup"
    if "мероприят" in h and "сопровожд" not in h or "задач" in h or "контрольная" in h:
        return "activity"
    if "срок" in h:
        return "deadline"
    if "ответствен" in h or "исполнител" in h:
        return "responsible"
    if "результат" in h and "документ" not in h or "показатель реализации" in h:
        return "result"
    if "документ" in h or "сопровожд" in h or "форм" in h:
        return "report_form"
    return None


def plan_tables(g: dict) -> list[dict]:
    return [t for t in g["layout"]["tables"] if t["id"] != "indicators"]


def data_rows(t: dict) -> list[dict]:
    return [r for r in t["rows"] if r["type"] == "data"]


def section_info(t: dict) -> list[tuple[dict, str, str]]:
    """(section row, section_no, section_title) as the gold records give them."""
    out = []
    rows = t["rows"]
    for i, row in enumerate(rows):
        if row["type"] != "section":
            continue
        no = title = None
        for nxt in rows[i + 1:]:
            if nxt["type"] == "section":
                break
            if nxt.get("_recs"):
                no, title = nxt["_recs"][0]["section_no"], nxt["_recs"][0]["section_title"]
                break
        out.append((row, no, title))
    return out


def recs_under(t: dict, section_row: dict) -> list[dict]:
    out, on = [], False
    for row in t["rows"]:
        if row is section_row:
            on = True
            continue
        if on and row["type"] == "section":
            break
        if on:
            out.extend(row.get("_recs", []))
    return out


def set_field(rec: dict, field: str, value, accept: list | None = None) -> None:
    rec[field] = value
    acc = rec.setdefault("accept", {})
    if accept:
        acc[field] = accept
    else:
        acc.pop(field, None)


# ----------------------------------------------------------------------------- render

def _p_text(par, text: str, bold=False, size=None):
    run = par.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)


def set_cell(cell, text: str, bold=False, size=10.0, align=None):
    lines = (text or "").split("\n")
    first = cell.paragraphs[0]
    for k, line in enumerate(lines):
        par = first if k == 0 else cell.add_paragraph()
        if align is not None:
            par.alignment = align
        if line:
            _p_text(par, line, bold, size)


def mark_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


def col_widths(t: dict, total: int, font: float = 10.0, narrow: bool = False) -> list[int]:
    """Widths ~ sqrt of the mean text length; unless `narrow`, no column narrower than its
    longest word (header or body) so the PDF does not break words inside a column."""
    n = len(t["header_rows"][0])
    lens = [4.0] * n
    longest = [3] * n
    for row in t["rows"]:
        if row["type"] == "data":
            for i, c in enumerate(row["cells"]):
                lens[i] += len(c)
                longest[i] = max([longest[i]] + [min(len(w), 16) for w in c.split()])
    for hr in t["header_rows"] + ([t["number_row"]] if t.get("number_row") else []):
        for i, c in enumerate(hr):
            if c:
                longest[i] = max([longest[i]] + [min(len(w), 18) for w in c.split()])
    cnt = max(1, len(data_rows(t)))
    weights = [max(2.0, math.sqrt(x / cnt)) for x in lens]
    s = sum(weights)
    widths = [total * w / s for w in weights]
    if narrow:
        return [int(w) for w in widths]
    per_char = 13.0 * font   # twips per character, bold Liberation Serif, with margin
    mins = [longest[i] * per_char + 230 for i in range(n)]
    if sum(mins) > total * 0.95:   # cannot fit every word: shrink the minimums, words will wrap
        mins = [m * total * 0.95 / sum(mins) for m in mins]
    for _ in range(10):   # raise the narrow ones, take the surplus from the wide ones
        short = [i for i in range(n) if widths[i] < mins[i]]
        if not short:
            break
        need = sum(mins[i] - widths[i] for i in short)
        for i in short:
            widths[i] = mins[i]
        wide = [i for i in range(n) if widths[i] > mins[i]]
        room = sum(widths[i] - mins[i] for i in wide)
        if room <= 0:
            break
        for i in wide:
            widths[i] -= need * (widths[i] - mins[i]) / room
    return [int(w) for w in widths]


def render_table(doc, t: dict, opts: dict, width: int):
    size = opts.get("table_font", 10.0)
    hdr = t["header_rows"]
    ncols = len(hdr[0])
    rows = t["rows"]
    n_hdr = len(hdr) + (1 if t.get("number_row") else 0)
    if opts.get("no_header"):
        n_hdr = 0
    total_rows = n_hdr + len(rows)
    table = doc.add_table(rows=total_rows, cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = t.get("_widths") or col_widths(t, width, size, opts.get("narrow", False))
    for i, col in enumerate(table.columns):
        col.width = Twips(widths[i])
    for r in table.rows:
        for i, cell in enumerate(r.cells):
            cell.width = Twips(widths[i])
    merges = []
    r0 = 0
    if not opts.get("no_header"):
        for hr_i, hr in enumerate(hdr):
            for c, text in enumerate(hr):
                if text is not None:
                    set_cell(table.cell(hr_i, c), text, bold=True, size=size, align=WD_ALIGN_PARAGRAPH.CENTER)
            if t.get("repeat_header", True) and not opts.get("no_repeat"):
                mark_header(table.rows[hr_i])
        # merges: row 0 null → left; later rows null → above
        for c in range(ncols):
            for hr_i, hr in enumerate(hdr):
                if hr[c] is not None:
                    continue
                if hr_i == 0:
                    merges.append(((0, c - 1), (0, c)))
                else:
                    merges.append(((hr_i - 1, c), (hr_i, c)))
        r0 = len(hdr)
        if t.get("number_row"):
            for c, text in enumerate(t["number_row"]):
                set_cell(table.cell(r0, c), text, size=size, align=WD_ALIGN_PARAGRAPH.CENTER)
            if t.get("repeat_header", True) and not opts.get("no_repeat"):
                mark_header(table.rows[r0])
            r0 += 1
    for k, row in enumerate(rows):
        r = r0 + k
        style = row.get("_style", {})
        if row["type"] == "section":
            cells = row.get("cells")
            if cells:   # section printed in individual cells (not merged)
                for c, text in enumerate(cells):
                    if text:
                        set_cell(table.cell(r, c), text, bold=style.get("bold", True), size=size)
            else:
                set_cell(table.cell(r, 0), row["text"], bold=style.get("bold", True), size=size,
                         align=WD_ALIGN_PARAGRAPH.CENTER)
                merges.append(((r, 0), (r, ncols - 1)))
            continue
        vm = row.get("vmerge_from_above") or [False] * ncols
        span = row.get("_colspan")   # {start: end} horizontal merges in a data row
        for c, text in enumerate(row["cells"]):
            if vm[c]:
                merges.append(((r - 1, c), (r, c)))
                continue
            if text:
                set_cell(table.cell(r, c), text, bold=style.get("bold", False), size=size)
        if span:
            for a, b in span.items():
                merges.append(((r, int(a)), (r, b)))
    # apply merges: vertical chains first merge pairwise top-down (python-docx extends)
    for (a, b) in merges:
        ca = table.cell(*a)
        cb = table.cell(*b)
        if ca._tc is cb._tc:
            continue
        ca.merge(cb)
    return table


def render_docx(g: dict, path: str, opts: dict) -> None:
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = "Liberation Serif"
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "Liberation Serif")
    st.font.size = Pt(opts.get("text_font", 12))
    st.paragraph_format.space_after = Pt(0)
    sec = doc.sections[0]
    orient = opts.get("orientation") or g["layout"].get("orientation", "landscape")
    if orient == "landscape":
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Twips(16838), Twips(11906)
        sec.left_margin = sec.right_margin = Twips(1134)
        sec.top_margin, sec.bottom_margin = Twips(1134), Twips(850)
        width = 16838 - 2 * 1134
    else:
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Twips(11906), Twips(16838)
        sec.left_margin, sec.right_margin = Twips(1701), Twips(850)
        sec.top_margin = sec.bottom_margin = Twips(1134)
        width = 11906 - 1701 - 850

    def para(text, center_bold=False):
        p = doc.add_paragraph()
        if center_bold:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _p_text(p, text, bold=center_bold)

    def is_heading(text):
        t = text.strip()
        return (len(t) < 200 and (t.isupper() or re.match(
            r"(Дорожная карта|План|Комплекс мер|Региональный план|Целевые показатели|Определение|"
            r"Разработка плана|Механизмы|Контрольные точки|Пояснительная|П О С)", t) is not None)) \
            or t.endswith(":") and len(t) < 60

    for text in g["layout"]["preamble"]:
        para(text, is_heading(text))
    for t in g["layout"]["tables"]:
        for text in t.get("caption_before") or []:
            para(text, is_heading(text))
        if t.get("_split"):
            first, between, second, second_opts = t["_split"]
            render_table(doc, first, opts, width)
            for text in between:
                doc.add_paragraph().add_run(text)
            render_table(doc, second, dict(opts, **second_opts), width)
        else:
            render_table(doc, t, opts, width)
        doc.add_paragraph()
    for text in g["layout"]["postscript"]:
        para(text, is_heading(text))
    doc.save(path)


# ----------------------------------------------------------------------------- variants
# Each variant: fn(g) → (g, opts) or None when it does not apply. It edits the layout and
# keeps the linked records (row['_recs']) right for what the new layout should yield.

VARIANTS: dict[str, callable] = {}


def variant(name):
    def deco(fn):
        VARIANTS[name] = fn
        return fn
    return deco


@variant("baseline")
def v_baseline(g):
    return g, {}


SYNONYMS = {
    "syn_a": {"activity": "Наименование мероприятия", "deadline": "Срок проведения",
              "responsible": "Ответственные исполнители", "result": "Планируемый результат",
              "report_form": "Форма отчетности", "number": "№ п/п"},
    "syn_b": {"activity": "Содержание работы", "deadline": "Сроки выполнения",
              "responsible": "Исполнитель", "result": "Ожидаемый результат",
              "report_form": "Отчетный документ", "number": "№"},
    "syn_c": {"activity": "Наименование\nмероприятий", "deadline": "Сроки\nвыполнения\nмероприятий",
              "responsible": "Ответственные\nза исполнение", "result": "Планируемые\nрезультаты",
              "report_form": "Формы\nотчетности", "number": "№\nп/п"},
    "syn_d": {"activity": "Содержание мероприятий", "deadline": "Дата исполнения",
              "responsible": "Ответственные лица", "result": "Результат реализации мероприятия",
              "report_form": "Вид отчетного документа", "number": "№ п.п."},
    "syn_e": {"activity": "Перечень мероприятий", "deadline": "Срок реализации мероприятия",
              "responsible": "Ответственные за реализацию", "result": "Ожидаемые эффекты",
              "report_form": "Итоговый документ", "number": "№"},
    "syn_f": {"activity": "Виды работ", "deadline": "Период выполнения",
              "responsible": "Ответственный (исполнитель)", "result": "Целевой результат",
              "report_form": "Форма представления результатов", "number": "п/п"},
    # head noun first, «мероприятие» only as a genitive modifier
    "syn_g": {"activity": "Наименование мероприятия", "deadline": "Сроки выполнения мероприятий",
              "responsible": "Ответственные за проведение мероприятий",
              "result": "Результат мероприятия", "report_form": "Документ, подтверждающий исполнение",
              "number": "№ п/п"},
    "syn_h": {"activity": "Наименование работ", "deadline": "Период проведения мероприятий",
              "responsible": "Исполнитель мероприятия", "result": "Ожидаемый результат",
              "report_form": "Форма контроля", "number": "№"},
}


def _synonyms(g, words):
    changed = False
    for t in plan_tables(g):
        for c in range(len(t["header_rows"][0])):
            role = col_role(t, c)
            if role not in words:
                continue
            if role == "activity" and t["id"] == "control_points":
                continue
            for hr in t["header_rows"]:
                if hr[c] is not None and not YEAR.match(hr[c]):
                    hr[c] = words[role]
                    changed = True
                    break
    return (g, {}) if changed else None


for _name, _words in SYNONYMS.items():
    VARIANTS[_name] = (lambda w: (lambda g: _synonyms(g, w)))(_words)


def _sections(g, fmt, accept_no=None, cells_mode=None, bold=True):
    """Rewrite every section row as fmt.format(no=, title=, roman=), records' section_no /
    section_title kept (accept alternatives where the number form changes)."""
    changed = False
    for t in plan_tables(g):
        ncols = len(t["header_rows"][0])
        roles = [col_role(t, c) for c in range(ncols)]
        for row, no, title in section_info(t):
            if no is None:
                continue
            row["_style"] = {"bold": bold}
            if not no:
                continue
            roman = to_roman(int(no)) if no.isdigit() else no
            if cells_mode:
                act = roles.index("activity") if "activity" in roles else 0
                cells = [""] * ncols
                if cells_mode == "activity_only":
                    cells[act] = fmt.format(no=no, title=title, roman=roman)
                elif cells_mode == "number_col":
                    if "number" not in roles:
                        continue
                    cells[roles.index("number")] = fmt.format(no=no, title=title, roman=roman)
                    cells[act] = title
                row["cells"] = cells
            else:
                row["text"] = fmt.format(no=no, title=title, roman=roman)
            for rec in recs_under(t, row):
                if accept_no:
                    set_field(rec, "section_no", accept_no(no, roman)[0], accept_no(no, roman)[1:])
            changed = True
    return (g, {}) if changed else None


def to_roman(n):
    vals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


VARIANTS["sec_razdel"] = lambda g: _sections(g, "Раздел {no}. {title}")
VARIANTS["sec_roman"] = lambda g: _sections(g, "{roman}. {title}", accept_no=lambda n, r: [r, n])
VARIANTS["sec_paren"] = lambda g: _sections(g, "{no}) {title}")
VARIANTS["sec_napr_colon"] = lambda g: _sections(g, "Направление {no}: {title}")
VARIANTS["sec_not_bold"] = lambda g: _sections(g, "{no}. {title}", bold=False)
VARIANTS["sec_bold_activity_only"] = lambda g: _sections(g, "{no}. {title}", cells_mode="activity_only")
VARIANTS["sec_in_number_col"] = lambda g: _sections(g, "{no}.", cells_mode="number_col")
VARIANTS["sec_in_number_col_nodot"] = lambda g: _sections(g, "{no}", cells_mode="number_col")


@variant("sec_no_number")
def v_sec_no_number(g):
    changed = False
    for t in plan_tables(g):
        for row, no, title in section_info(t):
            if no is None or not no:
                continue
            row["text"] = title
            for rec in recs_under(t, row):
                set_field(rec, "section_no", "")
            changed = True
    return (g, {}) if changed else None


@variant("numrow_add")
def v_numrow_add(g):
    changed = False
    for t in plan_tables(g):
        if not t.get("number_row"):
            t["number_row"] = [str(i + 1) for i in range(len(t["header_rows"][0]))]
            changed = True
    return (g, {}) if changed else None


@variant("numrow_remove")
def v_numrow_remove(g):
    changed = False
    for t in plan_tables(g):
        if t.get("number_row"):
            t["number_row"] = None
            changed = True
    return (g, {}) if changed else None


def _item_style(g, fmt, accept=None):
    changed = False
    for t in plan_tables(g):
        roles = [col_role(t, c) for c in range(len(t["header_rows"][0]))]
        if "number" not in roles:
            continue
        c = roles.index("number")
        for row in data_rows(t):
            raw = row["cells"][c].strip()
            m = re.match(r"^(\d+(?:\.\d+)*)\.?$", raw)
            if not m:
                continue
            no = m.group(1)
            row["cells"][c] = fmt.format(no=no)
            for rec in row["_recs"]:
                if accept:
                    set_field(rec, "item_no", no, accept(no))
            changed = True
    return (g, {}) if changed else None


VARIANTS["item_trailing_dot"] = lambda g: _item_style(g, "{no}.")
VARIANTS["item_no_dot"] = lambda g: _item_style(g, "{no}")
VARIANTS["item_paren"] = lambda g: _item_style(g, "{no})", accept=lambda n: [n + ")"])


@variant("add_number_col")
def v_add_number_col(g):
    """A «№ п/п» column added in front of tables that have none, rows numbered per section
    («1.1», «1.2», …) or 1..n without sections."""
    changed = False
    for t in plan_tables(g):
        roles = [col_role(t, c) for c in range(len(t["header_rows"][0]))]
        if "number" in roles:
            continue
        for k, hr in enumerate(t["header_rows"]):
            hr.insert(0, "№ п/п" if k == 0 else None)
        if t.get("number_row"):
            t["number_row"] = [str(i + 1) for i in range(len(t["number_row"]) + 1)]
        sec_no, n = "", 0
        for row in t["rows"]:
            if row["type"] == "section":
                n = 0
                for (r2, no, _) in section_info(t):
                    if r2 is row:
                        sec_no = no or ""
                continue
            cont = (row.get("vmerge_from_above") or [False])[0]
            if not cont:
                n += 1
            no = f"{sec_no}.{n}" if sec_no else str(n)
            row["cells"].insert(0, "" if cont else no + ".")
            row["vmerge_from_above"] = [cont] + list(row.get("vmerge_from_above") or [False] * (len(row["cells"]) - 1))
            for rec in row["_recs"]:
                set_field(rec, "item_no", no)
        changed = True
    return (g, {}) if changed else None


@variant("repeat_header_off")
def v_repeat_off(g):
    return g, {"no_repeat": True}


@variant("repeat_header_on")
def v_repeat_on(g):
    for t in g["layout"]["tables"]:
        t["repeat_header"] = True
    return g, {}


@variant("portrait")
def v_portrait(g):
    return (g, {"orientation": "portrait"}) if g["layout"].get("orientation") != "portrait" else None


@variant("landscape")
def v_landscape(g):
    return (g, {"orientation": "landscape"}) if g["layout"].get("orientation") == "portrait" else None


@variant("narrow_columns")
def v_narrow(g):
    """Column widths by content only: narrow columns where header words wrap mid-word."""
    return g, {"narrow": True}


@variant("font8")
def v_font8(g):
    return g, {"table_font": 8}


@variant("font12")
def v_font12(g):
    return g, {"table_font": 12, "text_font": 14}


@variant("portrait_font12")
def v_portrait12(g):
    return g, {"table_font": 12, "text_font": 14, "orientation": "portrait"}


def _insert_rows(g, make, where="end"):
    changed = False
    for t in plan_tables(g):
        if t["id"] != "plan":
            continue
        n = len(t["header_rows"][0])
        new = {"type": "data", "cells": make(t, n), "vmerge_from_above": [False] * n, "_recs": []}
        if where == "end":
            t["rows"].append(new)
        else:
            idx = [i for i, r in enumerate(t["rows"]) if r["type"] == "data"]
            t["rows"].insert(idx[len(idx) // 2], new)
        changed = True
    return (g, {}) if changed else None


def _act_col(t):
    roles = [col_role(t, c) for c in range(len(t["header_rows"][0]))]
    return roles.index("activity") if "activity" in roles else 0


VARIANTS["empty_row_end"] = lambda g: _insert_rows(g, lambda t, n: [""] * n)
VARIANTS["empty_row_mid"] = lambda g: _insert_rows(g, lambda t, n: [""] * n, "mid")
VARIANTS["ellipsis_row"] = lambda g: _insert_rows(g, lambda t, n: ["…"] * n, "mid")
VARIANTS["total_row"] = lambda g: _insert_rows(
    g, lambda t, n: [("Итого:" if i == _act_col(t) else "") for i in range(n)])


@variant("total_row_merged")
def v_total_merged(g):
    changed = False
    for t in plan_tables(g):
        if t["id"] == "plan":
            t["rows"].append({"type": "section", "text": "Итого: " + str(len(data_rows(t))) + " мероприятий"})
            changed = True
    return (g, {}) if changed else None


def _split(g, header_again: bool, number_only: bool = False, between=("Продолжение таблицы",)):
    changed = False
    for t in plan_tables(g):
        if t["id"] != "plan":
            continue
        idx = [i for i, r in enumerate(t["rows"]) if r["type"] == "data"
               and not any(r.get("vmerge_from_above") or [])]
        # cut before a data row in the middle that does not start a vmerge continuation
        cut = idx[len(idx) // 2]
        rows = t["rows"]
        if cut + 1 < len(rows) and any(rows[cut + 1].get("vmerge_from_above") or []):
            cut = idx[len(idx) // 2 + 1]
        first = dict(t, rows=rows[:cut])
        second = dict(t, rows=rows[cut:])
        w = col_widths(t, 14570 if g["layout"].get("orientation") != "portrait" else 9355)
        first["_widths"] = second["_widths"] = w
        opts = {}
        if not header_again:
            if number_only and t.get("number_row"):
                second = dict(second, header_rows=t["header_rows"])
                opts = {"no_header": True}
                num_row = {"type": "data", "cells": list(t["number_row"]),
                           "vmerge_from_above": [False] * len(t["number_row"]), "_recs": []}
                second["rows"] = [num_row] + second["rows"]
            else:
                opts = {"no_header": True}
        elif number_only:
            return None
        t["_split"] = (first, list(between), second, opts)
        changed = True
    return (g, {}) if changed else None


VARIANTS["split_header_again"] = lambda g: _split(g, True)
VARIANTS["split_no_header"] = lambda g: _split(g, False)
VARIANTS["split_number_row_only"] = lambda g: _split(g, False, number_only=True)


def _permute(g, mk_perm):
    changed = False
    for t in plan_tables(g):
        n = len(t["header_rows"][0])
        roles = [col_role(t, c) for c in range(n)]
        perm = mk_perm(roles)
        if not perm or perm == list(range(n)):
            continue
        # only columns whose header null pattern is the same can be moved freely
        pattern = lambda c: tuple(hr[c] is None for hr in t["header_rows"])
        if any(pattern(perm[i]) != pattern(i) for i in range(n)):
            continue
        t["header_rows"] = [[hr[p] for p in perm] for hr in t["header_rows"]]
        if t.get("number_row"):
            pass   # positional numbering stays 1..n
        for row in t["rows"]:
            if row["type"] == "data":
                row["cells"] = [row["cells"][p] for p in perm]
                vm = row.get("vmerge_from_above") or [False] * n
                row["vmerge_from_above"] = [vm[p] for p in perm]
        changed = True
    return (g, {}) if changed else None


def _swap(roles, a, b):
    if a not in roles or b not in roles:
        return None
    perm = list(range(len(roles)))
    i, j = roles.index(a), roles.index(b)
    perm[i], perm[j] = perm[j], perm[i]
    return perm


def _resp_first(roles):
    """number, activity, responsible, then the rest in order."""
    if "responsible" not in roles or "activity" not in roles:
        return None
    keep = [i for i, r in enumerate(roles) if r in ("number", "activity")]
    rest = [i for i, r in enumerate(roles) if r not in ("number", "activity", "responsible")]
    if any(roles[i] in ("year", "yeargroup") for i in rest):
        return None
    return keep + [roles.index("responsible")] + rest


VARIANTS["perm_swap_deadline_responsible"] = lambda g: _permute(g, lambda r: _swap(r, "deadline", "responsible"))
VARIANTS["perm_responsible_second"] = lambda g: _permute(g, _resp_first)
VARIANTS["perm_activity_last"] = lambda g: _permute(
    g, lambda r: ([i for i, x in enumerate(r) if x != "activity"] + [r.index("activity")])
    if "activity" in r and "year" not in r else None)


def _deadline_years(g) -> tuple[int, int] | None:
    years = [int(iv[:4]) for rec in g["records"] for iv in rec.get("deadlines") or []
             if iv[:4].isdigit()] + \
            [int(iv.split("/")[1][:4]) for rec in g["records"] for iv in rec.get("deadlines") or []
             if "/" in iv and iv.split("/")[1][:4].isdigit()]
    return (min(years), max(years)) if years else None


def _vmerge_col(g, role, group=3):
    """Groups of `group` consecutive data rows (same section, no merge yet) get the group's
    first text in column `role`, printed once in a vertically merged cell. A plan whose
    period came from its deadlines (its title names no years) gets the period of the
    deadlines it now has."""
    changed = False
    doc = g["document"]
    from_deadlines = _deadline_years(g) == (doc.get("period_start"), doc.get("period_end"))
    field = {"responsible": ("responsible_raw", "responsible"), "deadline": None}[role] if role in ("responsible", "deadline") else None
    for t in plan_tables(g):
        n = len(t["header_rows"][0])
        roles = [col_role(t, c) for c in range(n)]
        if role not in roles or year_cols(t):
            continue
        c = roles.index(role)
        run: list[dict] = []
        runs = []
        for row in t["rows"]:
            if row["type"] != "data" or any(row.get("vmerge_from_above") or []):
                if len(run) > 1:
                    runs.append(run)
                run = []
                if row["type"] == "data":
                    continue
                continue
            run.append(row)
            if len(run) == group:
                runs.append(run)
                run = []
        if len(run) > 1:
            runs.append(run)
        for run in runs:
            head = run[0]
            for row in run[1:]:
                row["cells"][c] = ""
                vm = list(row.get("vmerge_from_above") or [False] * n)
                vm[c] = True
                row["vmerge_from_above"] = vm
                for rec, src in zip(row["_recs"], head["_recs"] * len(row["_recs"])):
                    if role == "responsible":
                        rec["responsible_raw"] = src["responsible_raw"]
                        rec["responsible"] = list(src["responsible"])
                        rec.get("accept", {}).pop("responsible_raw", None)
                    else:
                        for f in ("deadline_raw", "deadlines", "months", "recurrence"):
                            rec[f] = copy.deepcopy(src[f])
                            rec.get("accept", {}).pop(f, None)
            changed = True
    if changed and from_deadlines and _deadline_years(g):
        doc["period_start"], doc["period_end"] = _deadline_years(g)
    return (g, {}) if changed else None


VARIANTS["vmerge_responsible"] = lambda g: _vmerge_col(g, "responsible")
VARIANTS["vmerge_deadline"] = lambda g: _vmerge_col(g, "deadline")


@variant("vmerge_activity")
def v_vmerge_activity(g):
    """Pairs of consecutive rows share one activity (vertically merged, with the number)."""
    changed = False
    for t in plan_tables(g):
        n = len(t["header_rows"][0])
        roles = [col_role(t, c) for c in range(n)]
        if "activity" not in roles or year_cols(t):
            continue
        a = roles.index("activity")
        num = roles.index("number") if "number" in roles else None
        rows = t["rows"]
        i = 0
        while i + 1 < len(rows):
            r1, r2 = rows[i], rows[i + 1]
            if r1["type"] == r2["type"] == "data" and not any(r1.get("vmerge_from_above") or []) \
                    and not any(r2.get("vmerge_from_above") or []):
                r2["cells"][a] = ""
                vm = [False] * n
                vm[a] = True
                if num is not None:
                    r2["cells"][num] = ""
                    vm[num] = True
                r2["vmerge_from_above"] = vm
                for rec in r2["_recs"]:
                    set_field(rec, "activity", r1["_recs"][0]["activity"])
                    if num is not None:
                        set_field(rec, "item_no", r1["_recs"][0]["item_no"],
                                  r1["_recs"][0].get("accept", {}).get("item_no"))
                changed = True
                i += 3
            else:
                i += 1
    return (g, {}) if changed else None


@variant("caption_before_table")
def v_caption(g):
    """A bold caption «План мероприятий» paragraph right before the plan table (no change expected)."""
    for t in plan_tables(g):
        if t["id"] == "plan" and not t.get("caption_before"):
            t["caption_before"] = ["План мероприятий («дорожная карта»)"]
    return g, {}


# ----------------------------------------------------------------------------- run

def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def score(gold_dir, out_dir, show):
    r = run([sys.executable, SCORE, "--gold", gold_dir, "--pred", out_dir, "-v"])
    lines = (r.stdout + r.stderr).strip().splitlines()
    summary = lines[-1] if lines else "(no output)"
    overall = [l for l in lines if l.strip().startswith("rows_p") or "OVERALL" in l]
    issues = [l for l in lines if re.search(r"\b(WRONG|MISSING|EXTRA|wrong|missing|extra)\b", l)]
    return summary, issues[:show], lines


def low_fields(lines: list[str]) -> str:
    """The OVERALL per-field figures under 1.000, e.g. «section_no 0.80 item_no 0.95»."""
    if not any("OVERALL" in l for l in lines):
        return ""
    block = lines[next(i for i, l in enumerate(lines) if "OVERALL" in l):]
    out = []
    for l in block:
        m = re.match(r"^\s{2}(\w+)\s+([01]\.\d{3})", l)
        if m and float(m.group(2)) < 1.0 and m.group(1) != "deadlines_any":
            out.append(f"{m.group(1)} {m.group(2)}")
    return ", ".join(out)


def rescore(names, work, show):
    """Score existing WORK/V/out_* folders again (no rendering, no ingest)."""
    print("| variant | docs | DOCX | DOCX fields < 1 | PDF | PDF fields < 1 |\n|---|---|---|---|---|---|")
    for name in names:
        vdir = os.path.join(work, name)
        if not os.path.isdir(os.path.join(vdir, "out_docx")):
            print(f"| {name} | n/a | | | | |")
            continue
        n = len(glob.glob(os.path.join(vdir, "gold", "*.json")))
        cols = []
        for fmt in ("docx", "pdf"):
            out = os.path.join(vdir, "out_" + fmt)
            if not os.path.isdir(out):
                cols += ["-", ""]
                continue
            summary, _, lines = score(os.path.join(vdir, "gold"), out, show)
            cols += [summary.replace(" deadlines=", " dl=").replace("responsible_f1", "resp"),
                     low_fields(lines)]
        print(f"| {name} | {n} | " + " | ".join(cols) + " |")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", default="")
    ap.add_argument("--docs", default="")
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--work", default="/tmp/variants")
    ap.add_argument("--show", type=int, default=6)
    ap.add_argument("--rescore", action="store_true", help="only score existing outputs again")
    args = ap.parse_args(argv)
    names = [v for v in args.variants.split(",") if v] or list(VARIANTS)
    if args.rescore:
        return rescore(names, args.work, args.show)
    golds = sorted(glob.glob(os.path.join(GOLD_DIR, "*.json")))
    if args.docs:
        golds = [p for p in golds if os.path.basename(p)[:-5] in args.docs.split(",")]
    profile = f"file://{args.work}/lo_profile"
    table = []
    for name in names:
        vdir = os.path.join(args.work, name)
        shutil.rmtree(vdir, ignore_errors=True)
        for sub in ("gold", "docx", "pdf"):
            os.makedirs(os.path.join(vdir, sub))
        made = []
        for path in golds:
            base = os.path.basename(path)[:-5]
            g = load_gold(path)
            res = VARIANTS[name](g)
            if res is None:
                continue
            g, opts = res
            doc_id = f"{base}__{name}"
            dump_gold(g, doc_id, os.path.join(vdir, "gold", doc_id + ".json"))
            render_docx(g, os.path.join(vdir, "docx", doc_id + ".docx"), opts)
            made.append(doc_id)
        if not made:
            table.append((name, "n/a", "n/a", [], []))
            continue
        fmts = ["docx"] if args.no_pdf else ["docx", "pdf"]
        if not args.no_pdf:
            r = run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                     "--outdir", os.path.join(vdir, "pdf")] + glob.glob(os.path.join(vdir, "docx", "*.docx")),
                    timeout=600)
            if r.returncode:
                print("soffice failed:", r.stderr[-400:], file=sys.stderr)
        lines = {}
        for fmt in fmts:
            out = os.path.join(vdir, "out_" + fmt)
            r = run([ROADMAPS, "ingest", os.path.join(vdir, fmt), "--out", out, "--quiet", "--workers", "1"],
                    cwd=ROOT, timeout=1200)
            if r.returncode:
                print(f"[{name}/{fmt}] ingest rc={r.returncode}: {r.stderr[-300:]}", file=sys.stderr)
            lines[fmt] = score(os.path.join(vdir, "gold"), out, args.show)
            with open(os.path.join(vdir, f"score_{fmt}.txt"), "w") as fh:
                fh.write("\n".join(lines[fmt][2]))
        row = (name, lines["docx"][0], lines.get("pdf", ("-",))[0],
               lines["docx"][1], lines.get("pdf", ("", []))[1])
        table.append(row)
        print(f"== {name} ({len(made)} docs)\n  DOCX: {row[1]}  [{low_fields(lines['docx'][2])}]"
              f"\n  PDF:  {row[2]}  [{low_fields(lines['pdf'][2]) if 'pdf' in lines else ''}]", flush=True)
        for fmt, issues in (("docx", row[3]), ("pdf", row[4])):
            for l in issues:
                print(f"    [{fmt}] {l[:220]}")
    print("\n| variant | DOCX | PDF |\n|---|---|---|")
    for name, d, p, _, _ in table:
        print(f"| {name} | {d} | {p} |")


if __name__ == "__main__":
    main()
