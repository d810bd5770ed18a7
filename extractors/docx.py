"""DOCX → Document with python-docx.

python-docx's own `table.rows[i].cells` repeats a merged cell's text in every grid position
it covers, which makes a vertically merged activity indistinguishable from two rows that
happen to say the same thing. So the table walk reads the WordprocessingML elements that
python-docx exposes (`w:tr`, `w:tc`, `w:gridSpan`, `w:vMerge`, `w:gridBefore`) and builds
cells with real spans. Paragraphs and tables are returned in body order; a DOCX has no
pages: a table's `page` is None and each cell records the table and row it was read from
(`DocxPlace`).

Word's automatic list numbers are not in the XML: `docx_numbering` counts them as Word does,
and each numbered paragraph's text (in the body and in table cells) starts with the label Word
shows («1.», «2.1.», «IV.», «а)»); an empty numbered paragraph in a cell reads as its label
alone (an auto-numbered № cell). Bullets get no label.
"""
from __future__ import annotations

import zipfile

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.opc.exceptions import PackageNotFoundError

from .docx_numbering import document_labels
from .model import Cell, Document, DocxPlace, ExtractionError, Paragraph, Table
from .settings import DocxSettings, defaults
from .wordwrap import CellLayout, FontBook, printed
from pipeline.i18n import _


W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_R, W_T, W_BR, W_CR, W_TAB = qn("w:r"), qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")
W_VAL = qn("w:val")
W_SDT = qn("w:sdt")


def extract_docx(path: str, settings: DocxSettings | None = None) -> Document:
    """Read a .docx file into the format-free model."""
    _check_package(path, settings or defaults().docx)
    try:
        word = _open_word(path)
    except PackageNotFoundError as exc:
        raise ExtractionError(_("not a valid DOCX package (damaged or not a Word 2007+ file)")) from exc
    except KeyError as exc:
        raise ExtractionError(_("damaged DOCX: missing part {part}").format(part=exc)) from exc
    except Exception as exc:  # lxml errors: entity bombs, truncated XML
        raise ExtractionError(_("damaged DOCX: {error}").format(
            error=f"{type(exc).__name__}: {str(exc)[:120]}")) from exc
    doc = Document(path=path, format="docx")
    labels = document_labels(word)
    layout = CellLayout(FontBook(word), labels)
    sliver = (settings or defaults().docx).sliver_twips
    for element in _body_blocks(word.element.body):
        if element.tag == W_P:
            if paragraph_text(element).strip():   # a number before nothing is not a paragraph
                doc.blocks.append(Paragraph(text=paragraph_text(element, labels),
                                            bold=is_bold(element), style=_style(element)))
        else:
            number = len(doc.tables) + 1
            doc.blocks.append(read_table(element, index=number - 1, number=number, labels=labels,
                                         sliver_twips=sliver, layout=layout))
    return doc


def _body_blocks(parent, depth: int = 0):
    """The paragraphs and tables of the body in reading order: a content control's (`w:sdt`)
    content in its place, and a table that only lays out others — one column, or one row,
    holding a table (the plan framed in a one-cell table) — read as its paragraphs and tables
    (before, the plan inside was one cell's text)."""
    for element in parent.iterchildren():
        if element.tag == W_P:
            yield element
        elif element.tag == W_SDT:
            content = element.find(qn("w:sdtContent"))
            if content is not None and depth < 8:
                yield from _body_blocks(content, depth + 1)
        elif element.tag == W_TBL:
            if depth < 8 and _frames_tables(element):
                for tr in element.iterchildren(W_TR):
                    for tc in tr.iterchildren(W_TC):
                        yield from _body_blocks(tc, depth + 1)
            else:
                yield element


def _frames_tables(tbl) -> bool:
    """A table of one column or one row whose cells hold tables of their own."""
    rows = list(tbl.iterchildren(W_TR))
    cells = [list(tr.iterchildren(W_TC)) for tr in rows]
    if not any(tc.find(W_TBL) is not None for row in cells for tc in row):
        return False
    return len(rows) == 1 or all(len(row) == 1 for row in cells)


def _open_word(path: str):
    """python-docx's Document; a part with a text node past lxml's 10 MB default (a valid
    file with a very long run) is parsed again with `huge_tree`, which the package checks
    bound (`max_uncompressed_bytes`, no entity expansion either way)."""
    from lxml import etree
    try:
        return open_docx(path)
    except etree.XMLSyntaxError as exc:
        if "huge" not in str(exc).lower():
            raise
    from docx.oxml import parser as oxml
    plain = oxml.oxml_parser
    huge = etree.XMLParser(remove_blank_text=True, resolve_entities=False, huge_tree=True)
    huge.set_element_class_lookup(oxml.element_class_lookup)
    oxml.oxml_parser = huge
    try:
        return open_docx(path)
    finally:
        oxml.oxml_parser = plain


def _check_package(path: str, settings: DocxSettings) -> None:
    """Refuse files that are not zip packages, or that unpack to absurd sizes (zip bombs)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ExtractionError(_("cannot open file: {reason}").format(reason=exc.strerror)) from exc
    if not head:
        raise ExtractionError(_("empty file"))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExtractionError(_("this is a legacy Word 97-2003 (.doc) or encrypted Office file, not DOCX"))
    if not zipfile.is_zipfile(path):
        raise ExtractionError(_("not a valid DOCX package (not a zip archive: damaged or truncated)"))
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > settings.max_compression_ratio and info.file_size > 10 * 1024 * 1024:
                    raise ExtractionError(_("refused: {name} unpacks {ratio}x (zip bomb?)").format(
                        name=info.filename, ratio=f"{ratio:.0f}"))
            if total > settings.max_uncompressed_bytes:
                raise ExtractionError(_("refused: package unpacks to {mib} MiB (zip bomb?)").format(
                    mib=total // 2**20))
            if "word/document.xml" not in zf.namelist():
                raise ExtractionError(_("zip archive without word/document.xml: not a Word document"))
    except zipfile.BadZipFile as exc:
        raise ExtractionError(_("damaged DOCX: {error}").format(error=exc)) from exc


def paragraph_text(p, labels: dict | None = None) -> str:
    """Text of one w:p, with w:br as a line break and tabs as spaces; with `labels`
    (docx_numbering.document_labels), a numbered paragraph starts with the number Word shows."""
    parts: list[str] = []
    label = labels.get(p) if labels else None
    if label is not None:
        parts.append(label.text)
    for node in printed(p, W_T, W_BR, W_CR, W_TAB):
        if node.tag == W_T:
            parts.append(node.text or "")
        elif node.tag == W_TAB:
            parts.append(" ")
        else:
            parts.append("\n")
    if label is not None and len(parts) > 1 and "".join(parts[1:]).strip():
        parts[0] += label.separator
    return "".join(parts)


def is_bold(p) -> bool:
    """True when every run of the paragraph that carries text is bold."""
    seen = False
    for run in printed(p, W_R):
        text = "".join(t.text or "" for t in printed(run, W_T))
        if not text.strip():
            continue
        seen = True
        rpr = run.find(qn("w:rPr"))
        b = rpr.find(qn("w:b")) if rpr is not None else None
        if b is None or b.get(W_VAL) in ("0", "false"):
            return False
    return seen


def _style(p) -> str:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        return ""
    style = ppr.find(qn("w:pStyle"))
    return style.get(W_VAL, "") if style is not None else ""


def _width(grid_col) -> int:
    """A w:gridCol's width in twips (0: not given)."""
    try:
        return int(float(grid_col.get(qn("w:w"), 0)))
    except ValueError:
        return 0


def _int_attr(parent, tag: str, default: int) -> int:
    if parent is None:
        return default
    el = parent.find(qn(tag))
    if el is None:
        return default
    try:
        return int(el.get(W_VAL, default))
    except ValueError:
        return default


def cell_paragraphs(tc) -> list:
    """The paragraphs of a w:tc, a nested table's among them; not a text box's paragraphs
    (their text is in the paragraph that anchors the box) nor the copy Word keeps for older
    readers (`mc:Fallback`)."""
    return [p for p in printed(tc, W_P) if next(p.iterancestors(W_P), None) is None
            or not _inside(p, tc)]


def _inside(p, tc) -> bool:
    """`p` sits in a paragraph that is itself inside `tc` (a text box's paragraph)."""
    for up in p.iterancestors():
        if up is tc:
            return False
        if up.tag == W_P:
            return True
    return False


def cell_text(tc, labels: dict | None = None) -> str:
    """Text of a w:tc: its paragraphs joined by line breaks (nested tables flattened)."""
    return joined_lines([paragraph_text(p, labels) for p in cell_paragraphs(tc)])


def joined_lines(texts: list[str]) -> str:
    """A cell's paragraph texts as its text: one a line, no empty lines around them."""
    return "\n".join(texts).strip("\n")


def cell_wraps(paragraphs: list, texts: list[str], width: int,
               layout: CellLayout) -> tuple[tuple[int, ...], int]:
    """(the printed lines of each line of the cell's text, the empty lines above it): Word's
    wrap estimated for a cell whose text is `width` twips wide (`wordwrap`); `paragraphs`:
    `cell_paragraphs(tc)`, `texts`: their `paragraph_text`."""
    lines: list[str] = []
    wraps: list[int] = []
    for p, text in zip(paragraphs, texts):
        parts = text.split("\n")
        counts = layout.paragraph_lines(p, width)
        if len(counts) != len(parts):
            return (), 0
        lines += parts
        wraps += counts
    lead = next((k for k, t in enumerate(lines) if t != ""), len(lines))
    tail = next((k for k, t in enumerate(reversed(lines)) if t != ""), len(lines))
    return tuple(wraps[lead:len(wraps) - tail]), sum(wraps[:lead])


def _margins(tcpr, tblpr) -> int:
    """Left plus right cell margins in twips (the cell's own, else the table's, else Word's
    0.19 cm each)."""
    total = 0
    for side, alt in (("w:left", "w:start"), ("w:right", "w:end")):
        value = None
        for props, tag in ((tcpr, "w:tcMar"), (tblpr, "w:tblCellMar")):
            mar = props.find(qn(tag)) if props is not None else None
            el = None if mar is None else mar.find(qn(side))
            if el is None and mar is not None:
                el = mar.find(qn(alt))
            if el is not None and el.get(qn("w:type"), "dxa") == "dxa":
                try:
                    value = int(float(el.get(qn("w:w"), 0)))
                except ValueError:
                    value = None
                break
        total += 108 if value is None else value
    return total


def cell_bold(tc) -> bool:
    paras = [p for p in cell_paragraphs(tc) if paragraph_text(p).strip()]
    return bool(paras) and all(is_bold(p) for p in paras)


def read_table(tbl, index: int, number: int, labels: dict | None = None,
               sliver_twips: int = 0, layout: CellLayout | None = None) -> Table:
    """One w:tbl → Table with gridSpan as colspan and vMerge continuation as rowspan, its
    grid columns narrower than `sliver_twips` that hold no text of their own dropped; with
    `layout`, each cell knows the lines Word prints its paragraphs in (`Cell.wraps`)."""
    cells: list[Cell] = []
    open_by_col: dict[int, Cell] = {}   # grid column → cell a vMerge continues
    widths = [_width(g) for g in tbl.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))]
    tblpr = tbl.find(qn("w:tblPr"))
    n_cols = len(widths)
    rows = [tr for tr in tbl.iterchildren(W_TR)]
    for r, tr in enumerate(rows):
        trpr = tr.find(qn("w:trPr"))
        col = _int_attr(trpr, "w:gridBefore", 0)
        for tc in tr.iterchildren(W_TC):
            tcpr = tc.find(qn("w:tcPr"))
            span = max(1, _int_attr(tcpr, "w:gridSpan", 1))
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            continues = vmerge is not None and vmerge.get(W_VAL, "continue") == "continue"
            above = open_by_col.get(col)
            if continues and above is not None and above.row + above.rowspan == r:
                above.rowspan += 1
            else:
                paragraphs = cell_paragraphs(tc)
                texts = [paragraph_text(p, labels) for p in paragraphs]
                cell = Cell(text=joined_lines(texts), row=r, col=col, colspan=span,
                            bold=cell_bold(tc), docx=DocxPlace(table=number, row=r))
                width = sum(widths[col:col + span]) - _margins(tcpr, tblpr)
                if layout is not None and len(widths) >= col + span and width > 0:
                    cell.wraps, cell.lines_above = cell_wraps(paragraphs, texts, width, layout)
                cells.append(cell)
                for c in range(col, col + span):
                    open_by_col[c] = cell
            col += span
        n_cols = max(n_cols, col)
    table = Table(index=index, cells=cells, n_rows=len(rows), n_cols=n_cols)
    return drop_sliver_columns(table, widths, sliver_twips)


def drop_sliver_columns(table: Table, widths: list[int], sliver: int) -> Table:
    """The table without its grid columns narrower than `sliver` (in the file's w:gridCol
    widths) that hold no text of their own: a cell border one row puts a hair off the
    others' makes such a column, and the rows' cells then start and end in different grid
    columns than the header's («Содержание» over columns 3-4, each row's activity over 4-5).
    A cell covering a dropped column loses it; an empty cell on it alone goes. A column
    where a cell with text stands alone stays. The same Table, changed in place."""
    if not sliver or len(widths) != table.n_cols:
        return table
    keep = [True] * table.n_cols
    for c, w in enumerate(widths):
        if 0 < w < sliver and not any(cell.col == c and cell.colspan == 1 and cell.text.strip()
                                      for cell in table.cells):
            keep[c] = False
    for cell in table.cells:            # a text on dropped columns alone keeps them
        if cell.text.strip() and not any(keep[cell.col:cell.col + cell.colspan]):
            for c in range(cell.col, cell.col + cell.colspan):
                keep[c] = True
    if all(keep) or not any(keep):
        return table
    new_index = [sum(keep[:c]) for c in range(table.n_cols + 1)]   # columns kept before c
    cells = []
    for cell in table.cells:
        first, last = new_index[cell.col], new_index[cell.col + cell.colspan]
        if last <= first:
            continue                      # an empty cell on dropped columns alone
        cell.col, cell.colspan = first, last - first
        cells.append(cell)
    table.cells = cells
    table.n_cols = sum(keep)
    return table
