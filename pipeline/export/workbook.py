"""The analysts' workbook `roadmaps.xlsx`: Russian headers, typed cells, a check sheet.

Sheets: «Мероприятия» (one row per activity: numbers as numbers, the deadline's first and
last day as Excel dates, recurrence in words), «Документы», «Показатели» (values as numbers
where printed as numbers) and «Проверка» (per document what was recognised, its warnings,
and the rows worth a second look, each linked to its row on «Мероприятия»). Every sheet has
its header frozen, filters on, wrapped text and row heights that fit it. Text is always
stored as text (a cell starting with «=» is never a formula); a cell longer than Excel's
limit is cut with a visible note, and the cut is listed on the check sheet.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import textwrap

from .. import schema
from ..i18n import _
from .view import View

EXCEL_CELL_LIMIT = 32767
LINE_HEIGHT = 15.0            # points per text line (Calibri 11)
MAX_ROW_HEIGHT = 409.0        # Excel's maximum row height
DATE_FORMAT = "DD.MM.YYYY"
LOW_CONFIDENCE = 60.0         # OCR confidence (0–100, or 0–1) below which a row is doubtful

# «1) … 2) …», «1. … 2. …» or bullet lines: several activities printed in one cell
_ENUMERATED = re.compile(r"(?:^|[\s;:.])(\d{1,2}[.)]|[а-я]\))\s+[А-ЯЁA-Z«\"]", re.M)
_BULLET_LINE = re.compile(r"^\s*[-–—•·]\s*\S", re.M)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")    # not allowed in an XLSX cell
_NUMBER = re.compile(r"^[+\-−]?\d{1,3}(?:[\s\u00a0\u202f]\d{3})+(?:[.,]\d+)?$|^[+\-−]?\d+(?:[.,]\d+)?$")


def labels() -> dict[str, dict[str, str]]:
    """Words for the machine values of the CSVs (recurrence, level, format)."""
    return {
        "recurrence": {"once": _("once"), "annual": _("annually"), "semiannual": _("twice a year"),
                       "quarterly": _("quarterly"), "monthly": _("monthly"),
                       "continuous": _("continuously"), "per_schedule": _("per schedule"),
                       "on_demand": _("on demand")},
        "level": {"regional": _("regional"), "municipal": _("municipal")},
    }


def activity_label(name: str) -> str:
    """The column label of a field of activities.csv (`pipeline.schema`)."""
    return schema.label(schema.ACTIVITY, name)


def document_label(name: str) -> str:
    return schema.label(schema.DOCUMENT, name)


def indicator_label(name: str) -> str:
    return schema.label(schema.INDICATOR, name)


def sheet_names() -> dict[str, str]:
    return {"activities": _("Activities"), "documents": _("Documents"),
            "indicators": _("Indicators"), "check": _("Check")}


# ----------------------------------------------------------------------------- values

def parse_number(text) -> float | int | None:
    """«55,6» → 55.6, «1 200» → 1200, «12%» → 12; None when the text is not one number."""
    if text is None:
        return None
    s = str(text).strip().rstrip("%").strip()
    if not s or not _NUMBER.match(s):
        return None
    s = re.sub(r"[\s\u00a0\u202f]", "", s).replace(",", ".").replace("−", "-")
    try:
        value = float(s)
    except ValueError:
        return None
    return int(value) if value.is_integer() and "." not in s else value


def indicator_value(text: str) -> tuple[object, str]:
    """(cell value, number format): «55,6» → 55.6; «28%» → 0.28 shown as 28%; other text as is."""
    number = parse_number(text)
    if number is None:
        return text, ""
    if str(text).strip().endswith("%"):
        return number / 100, "0%" if float(number).is_integer() else "0.0%"
    return number, ""


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def deadline_span(deadlines: str) -> tuple[dt.date | None, dt.date | None]:
    """'2022-01-01/2022-03-31; 2023-01-01/..' → (first start, last end; None if open)."""
    starts, ends, open_end = [], [], False
    for part in (deadlines or "").split(";"):
        if "/" not in part:
            continue
        a, b = part.split("/", 1)
        start, end = _date(a), _date(b)
        if start:
            starts.append(start)
        if end:
            ends.append(end)
        elif b.strip() == "..":
            open_end = True
    return (min(starts) if starts else None), (None if open_end or not ends else max(ends))


def _whole_number(value):
    """«17» → 17 (a number in Excel); «1.1», «2а» stay text."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else text


def _int_or_text(value):
    number = parse_number(value)
    return number if isinstance(number, int) else (value if value not in (None, "") else None)


def act_text(doc: dict) -> str:
    date, number = doc.get("approved_date") or "", doc.get("approved_number") or ""
    d = _date(date)
    date = d.strftime("%d.%m.%Y") if d else date
    if date and number:
        return _("of {date} No. {number}").format(date=date, number=number)
    return date or (_("No. {number}").format(number=number) if number else "")


def period_text(doc: dict) -> str:
    a, b = doc.get("period_start") or "", doc.get("period_end") or ""
    return f"{a}–{b}" if a and b and str(a) != str(b) else str(a or b)


def place(doc: dict) -> str:
    return doc.get("municipality") or doc.get("region") or ""


def several_activities(text: str) -> bool:
    """True when one activity cell reads like a list of activities."""
    return len(_ENUMERATED.findall(text or "")) >= 2 or len(_BULLET_LINE.findall(text or "")) >= 2


def low_confidence(row: dict) -> float | None:
    value = parse_number(row.get("confidence"))
    if value is None:
        return None
    scale = 100.0 if value <= 1.0 else 1.0
    return value * scale if value * scale < LOW_CONFIDENCE else None


# ----------------------------------------------------------------------------- sheets

class _Sheet:
    """One sheet: bold wrapped header (frozen, filtered), typed cells, fitted row heights."""

    def __init__(self, wb, title: str, columns: list[tuple[str, float]], cuts: list,
                 no_fit: tuple[int, ...] = ()):
        from openpyxl.styles import Alignment, Font, PatternFill
        self.ws = wb.create_sheet(title=title[:31])
        self.title, self.columns, self.cuts, self.no_fit = title[:31], columns, cuts, no_fit
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.bold = Font(bold=True)
        self.fill = PatternFill("solid", fgColor="DDEBF7")
        self.filter_rows = 1
        self.next_row = 1
        self.header([c for c, _w in columns])
        from openpyxl.utils import get_column_letter
        for i, (_c, width) in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = "A2"

    def header(self, names: list[str]) -> int:
        row = self.add(names)
        for cell in self.ws[row]:
            cell.font, cell.fill = self.bold, self.fill
        return row

    def add(self, values: list, links: dict[int, str] | None = None,
            formats: dict[int, str] | None = None) -> int:
        """Append a row; `links` maps a 0-based column to a 'Sheet'!A1 target, `formats`
        to a number format."""
        ws = self.ws
        row, self.next_row = self.next_row, self.next_row + 1
        lines = 1
        for col, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=row, column=col)
            if isinstance(value, str):
                value = self._cut(value, row, col)
                cell.value = value
                cell.data_type = "s"            # text, even when it starts with «=»
                if col - 1 not in self.no_fit:
                    lines = max(lines, _text_lines(value, self.columns[col - 1][1]))
            else:
                cell.value = value
                if isinstance(value, (dt.date, dt.datetime)):
                    cell.number_format = DATE_FORMAT
                elif formats and col - 1 in formats:
                    cell.number_format = formats[col - 1]
            cell.alignment = self.wrap
            if links and col - 1 in links:
                from openpyxl.worksheet.hyperlink import Hyperlink
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=links[col - 1])
                cell.style = "Hyperlink"
                cell.alignment = self.wrap
        ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 2)
        return row

    def _cut(self, text: str, row: int, col: int) -> str:
        """Text Excel can hold: control characters Word leaves (vertical tab = line break)
        made legal, cut at the cell limit with a note."""
        if _ILLEGAL.search(text):
            text = _ILLEGAL.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)
        if len(text) <= EXCEL_CELL_LIMIT:
            return text
        note = _(" […cut: {n} characters in all; the full text is in the CSV files]").format(
            n=len(text))
        self.cuts.append((self.title, row, self.columns[col - 1][0], len(text)))
        return text[: EXCEL_CELL_LIMIT - len(note)] + note

    def finish(self) -> None:
        """Filters on the table, and a printout that fits the page width, header repeated."""
        from openpyxl.utils import get_column_letter
        ws = self.ws
        last = max(self.filter_rows, 2)
        ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{last}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"


def _text_lines(text: str, width: float) -> int:
    """Lines the text takes in a column `width` characters wide, wrapped at spaces."""
    per_line = max(4, int(width) - 2)
    return sum(max(1, len(textwrap.wrap(line, per_line, break_long_words=True)))
               for line in text.split("\n"))


def link_to(sheet: str, row: int) -> str:
    """A link target inside the workbook: the row's first cell on `sheet`."""
    return f"'{sheet}'!A{row}"


def _section(a: dict) -> str:
    no, title = a.get("section_no") or "", a.get("section_title") or ""
    return f"{no}. {title}" if no and title else (no or title)


def activities_sheet(wb, view: View, cuts: list) -> tuple[str, dict[tuple, int]]:
    """«Мероприятия»; returns its name and (doc_id, seq) → row number."""
    names, words = sheet_names(), labels()["recurrence"]
    docs = {d["doc_id"]: d for d in view.documents}
    sheet = _Sheet(wb, names["activities"], [
        (_("Municipality"), 18), (_("Plan"), 28), (_("Section"), 24), (activity_label("item_no"), 6),
        (activity_label("activity"), 50), (activity_label("deadline_raw"), 18), (_("From"), 12),
        (_("To"), 12), (activity_label("recurrence"), 16), (activity_label("responsible_raw"), 30),
        (activity_label("expected_result"), 34), (activity_label("report_form"), 22),
        (activity_label("notes"), 30),
        (activity_label("source_page"), 9), (activity_label("doc_id"), 18)], cuts, no_fit=(1,))
    rows: dict[tuple, int] = {}
    for a in view.activities:
        d = docs.get(a["doc_id"], {})
        start, end = deadline_span(a.get("deadlines", ""))
        recurrence = a.get("recurrence") or ""
        row = sheet.add([
            place(d), d.get("title") or "", _section(a), _whole_number(a.get("item_no")),
            a.get("activity") or "", a.get("deadline_raw") or a.get("year") or "", start, end,
            words.get(recurrence, recurrence), a.get("responsible_raw") or "",
            a.get("expected_result") or "", a.get("report_form") or "", a.get("notes") or "",
            _int_or_text(a.get("source_page")), a["doc_id"]])
        rows[(a["doc_id"], str(a.get("seq")))] = row
    sheet.filter_rows = sheet.next_row - 1
    sheet.finish()
    return sheet.title, rows


def documents_sheet(wb, view: View, cuts: list) -> None:
    level = labels()["level"]
    sheet = _Sheet(wb, sheet_names()["documents"], [
        *((document_label(name), width) for name, width in (
            ("doc_id", 18), ("title", 50), ("level", 14), ("region", 22), ("municipality", 22),
            ("issuer", 30), ("approved_date", 12), ("approved_number", 10), ("period_start", 9),
            ("period_end", 9), ("format", 8), ("pages", 8), ("tables", 8), ("records", 12),
            ("indicators", 11))),
        (_("Other renditions (not shown)"), 24), (document_label("source_file"), 40)], cuts)
    for d in view.documents:
        sheet.add([
            d["doc_id"], d.get("title") or "", level.get(d.get("level") or "", d.get("level") or ""),
            d.get("region") or "", d.get("municipality") or "", d.get("issuer") or "",
            _date(d.get("approved_date") or "") or d.get("approved_date") or "",
            d.get("approved_number") or "", _int_or_text(d.get("period_start")),
            _int_or_text(d.get("period_end")), d.get("format") or "", _int_or_text(d.get("pages")),
            _int_or_text(d.get("tables")), _int_or_text(d.get("records")),
            _int_or_text(d.get("indicators")),
            "\n".join(o["doc_id"] for o in view.also_as.get(d["doc_id"], [])),
            d.get("source_file") or ""])
    sheet.filter_rows = sheet.next_row - 1
    sheet.finish()


def indicators_sheet(wb, view: View, cuts: list) -> None:
    docs = {d["doc_id"]: d for d in view.documents}
    sheet = _Sheet(wb, sheet_names()["indicators"], [
        (_("Municipality"), 20), (indicator_label("indicator"), 60), (indicator_label("unit"), 14),
        (indicator_label("year"), 8), (indicator_label("value"), 12), (indicator_label("doc_id"), 20)],
        cuts)
    for i in view.indicators:
        value, fmt = indicator_value(i.get("value") or "")
        sheet.add([place(docs.get(i["doc_id"], {})), i.get("indicator") or "", i.get("unit") or "",
                   _int_or_text(i.get("year")), value, i["doc_id"]],
                  formats={4: fmt} if fmt else None)
    sheet.filter_rows = sheet.next_row - 1
    sheet.finish()


def _plain_warnings(text: str) -> str:
    """Stored warnings («a | b») one per line, each in the reader's language where known."""
    return "\n".join(_(w.strip()) for w in (text or "").split(" | ") if w.strip())


def doubtful_rows(view: View) -> list[tuple[dict, str, str]]:
    """(activity row, what to check, details) for the rows worth a second look."""
    out = []
    for a in view.activities:
        if a.get("deadline_warning"):
            out.append((a, _("deadline not fully understood"),
                        f"«{a.get('deadline_raw') or ''}»: {a['deadline_warning']}"))
        if not (a.get("activity") or "").strip():
            out.append((a, _("no activity text"), ""))
        elif several_activities(a.get("activity") or ""):
            out.append((a, _("several activities in one cell"), (a.get("activity") or "")[:300]))
        conf = low_confidence(a)
        if conf is not None:
            out.append((a, _("low OCR confidence"), f"{conf:.0f}%"))
    return out


def check_sheet(wb, view: View, rows: dict[tuple, int], activities: str, cuts: list,
                outcomes: list | None = None) -> None:
    """«Проверка»: what was recognised per document, then the rows to look at again."""
    level = labels()["level"]
    sheet = _Sheet(wb, sheet_names()["check"], [
        (document_label("doc_id"), 22), (document_label("region"), 24),
        (document_label("municipality"), 24), (document_label("warnings"), 70),
        (document_label("level"), 15), (_("Period"), 11), (_("Approving act"), 22), (_("Status"), 24)],
        cuts)
    for d in view.documents:
        status = _("imported")
        others = view.also_as.get(d["doc_id"], [])
        if others:
            status += "\n" + _("also received as {names} (not shown)").format(
                names=", ".join(o["doc_id"] for o in others))
        if d.get("overridden"):
            status += "\n" + _("corrected in {file}: {fields}").format(
                file="overrides.yaml", fields=d["overridden"])
        sheet.add([d["doc_id"], d.get("region") or "", d.get("municipality") or "",
                   _plain_warnings(d.get("warnings") or ""),
                   level.get(d.get("level") or "", d.get("level") or ""), period_text(d),
                   act_text(d), status])
    for o in outcomes or []:
        if o.status in ("failed", "not processed"):
            sheet.add([o.doc_id or os.path.basename(o.file), "", "",
                       _plain_warnings(" | ".join([o.error] + list(o.warnings))), "", "", "",
                       _(o.status)])
    sheet.filter_rows = sheet.next_row - 1
    sheet.add([])
    sheet.header([_("Document"), _("Row"), _("What to check"), _("Details")])
    first_row = {}
    for (doc_id, _seq), r in rows.items():
        first_row.setdefault(doc_id, r)
    for a, what, details in doubtful_rows(view):
        r = rows.get((a["doc_id"], str(a.get("seq"))))
        _link_row(sheet, activities, a["doc_id"], r, what, details)
    for kept, others in view.also_as.items():
        for o in others:
            _link_row(sheet, activities, o["doc_id"], first_row.get(kept),
                      _("another rendition of one plan: not shown"),
                      _("the same plan as {kept} ({fmt}, {n} records); {kept} is shown").format(
                          kept=kept, fmt=o.get("format") or "", n=o.get("records") or 0))
    for title, r, column, n in list(cuts):
        _link_row(sheet, title, "", r, _("text cut to Excel's cell limit"),
                  _("column «{column}»: {n} characters").format(column=column, n=n))
    sheet.finish()


def _link_row(sheet: _Sheet, target: str, doc_id: str, row: int | None, what: str,
              details: str) -> None:
    label = _("{sheet}, row {row}").format(sheet=target, row=row) if row else ""
    sheet.add([doc_id, label, what, details], links={1: link_to(target, row)} if row else None)


def write_workbook(path: str, view: View, outcomes: list | None = None) -> list[tuple]:
    """Write `roadmaps.xlsx` atomically; returns the cells cut to Excel's limit."""
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    cuts: list[tuple] = []
    activities, rows = activities_sheet(wb, view, cuts)
    documents_sheet(wb, view, cuts)
    indicators_sheet(wb, view, cuts)
    check_sheet(wb, view, rows, activities, cuts, outcomes)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".part"
    wb.save(tmp)
    os.replace(tmp, path)
    return cuts
