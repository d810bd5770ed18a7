"""Generated input files for the batch tests: good plans and every kind of bad input.

Everything is written by code into a folder the test gives (tmp_path), nothing is stored
in the repository. PDFs come from a small hand-written PDF writer (`PdfWriter`): Helvetica
with a /Differences encoding that maps the cp1251 byte of each Cyrillic letter to its
`uniXXXX` glyph name, explicit /Widths, ruled tables drawn with line operators; optional
FlateDecode and RC4 encryption (PDF standard security handler, revision 2). DOCX files
come from python-docx (a project dependency) or from zipfile directly.

    from bad_inputs import write_all
    expected = write_all(folder)      # file name → what the batch must say about it

`write_all` returns, per file, the expected status and a regular expression the one-line
reason must match, or the number of records a good file must yield.
"""
from __future__ import annotations

import hashlib
import io
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass

# ============================================================================ a minimal PDF

_CP1251_CYR = {**{0xC0 + i: 0x0410 + i for i in range(64)}, 0xA8: 0x0401, 0xB8: 0x0451,
               0xB9: 0x2116}                      # А..я, Ё, ё, №
_DIFFERENCES = " ".join(f"{code} /uni{cp:04X}" for code, cp in sorted(_CP1251_CYR.items()))
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
CHAR_WIDTH = 0.5          # of the font size, every glyph (the /Widths say so)


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def pdf_string(text: str) -> bytes:
    """A PDF literal string of `text` in the font's cp1251 encoding."""
    raw = text.encode("cp1251", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


class PdfWriter:
    """Objects in, one PDF out. `page(content)` adds a page; `build()` returns the bytes."""

    def __init__(self, width: float = 842, height: float = 595, compress: bool = True):
        self.width, self.height, self.compress = width, height, compress
        self.objects: list[bytes | None] = []
        self.page_ids: list[int] = []
        self.pages_id = self._reserve()
        self.font_id = self.add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 255 "
            b"/Widths [" + b" ".join([str(int(CHAR_WIDTH * 1000)).encode()] * 224) + b"] "
            b"/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences ["
            + _DIFFERENCES.encode() + b"] >> >>")
        self.streams: set[int] = set()

    def _reserve(self) -> int:
        self.objects.append(None)
        return len(self.objects)

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def stream(self, data: bytes, extra: bytes = b"") -> int:
        if self.compress:
            data = zlib.compress(data, 6)
            extra += b" /Filter /FlateDecode"
        oid = self.add(b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream")
        self.streams.add(oid)
        return oid

    def page(self, content: bytes, xobjects: dict[str, int] | None = None) -> int:
        cid = self.stream(content)
        xo = b""
        if xobjects:
            xo = b" /XObject << " + b" ".join(b"/%s %d 0 R" % (k.encode(), v)
                                               for k, v in xobjects.items()) + b" >>"
        pid = self.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g] /Resources << "
                       b"/Font << /F1 %d 0 R >>%s >> /Contents %d 0 R >>"
                       % (self.pages_id, self.width, self.height, self.font_id, xo, cid))
        self.page_ids.append(pid)
        return pid

    def build(self, password: str | None = None, tail: bytes = b"") -> bytes:
        """The file; with `password`, every string and stream RC4-encrypted (40-bit key) so
        that only that user password opens it."""
        kids = b" ".join(b"%d 0 R" % p for p in self.page_ids)
        self.objects[self.pages_id - 1] = (b"<< /Type /Pages /Kids [%s] /Count %d >>"
                                           % (kids, len(self.page_ids)))
        root = self.add(b"<< /Type /Catalog /Pages %d 0 R >>" % self.pages_id)
        file_id = hashlib.md5(repr(len(self.objects)).encode() + tail).digest()
        bodies = list(self.objects)
        trailer_extra = b""
        if password is not None:
            user = (password.encode("latin-1") + _PAD)[:32]
            owner_key = hashlib.md5(user).digest()[:5]           # owner password = user password
            o_value = _rc4(owner_key, user)
            perms = -4
            key = hashlib.md5(user + o_value + struct.pack("<i", perms) + file_id).digest()[:5]
            u_value = _rc4(key, _PAD)
            for k, body in enumerate(bodies, start=1):
                if body is None:
                    continue
                bodies[k - 1] = self._encrypt_object(body, key, k, k in self.streams)
            enc = self.add(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
                           % (o_value.hex().encode(), u_value.hex().encode(), perms))
            bodies.append(self.objects[enc - 1])
            trailer_extra = b" /Encrypt %d 0 R" % enc
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for k, body in enumerate(bodies, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % k + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
        for off in offsets:
            out.write(b"%010d 00000 n \n" % off)
        out.write(b"trailer\n<< /Size %d /Root %d 0 R /ID [<%s> <%s>]%s >>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(bodies) + 1, root, file_id.hex().encode(), file_id.hex().encode(),
                     trailer_extra, xref))
        out.write(tail)
        return out.getvalue()

    @staticmethod
    def _encrypt_object(body: bytes, key: bytes, num: int, is_stream: bool) -> bytes:
        okey = hashlib.md5(key + struct.pack("<i", num)[:3] + b"\x00\x00").digest()[:10]
        if is_stream:
            head, rest = body.split(b"stream\n", 1)
            data = rest[: -len(b"\nendstream")]
            return head + b"stream\n" + _rc4(okey, data) + b"\nendstream"
        return body   # no strings outside streams in these files


def wrap(text: str, chars: int) -> list[str]:
    """Words of `text` in lines of at most `chars` characters."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            if line and len(line) + 1 + len(word) > chars:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


@dataclass
class PlanRow:
    number: str
    activity: str
    deadline: str
    responsible: str
    result: str


HEADER = PlanRow("№ п/п", "Мероприятие", "Срок исполнения", "Ответственный",
                 "Ожидаемый результат")
COLUMNS = [30, 75, 345, 470, 630, 812]      # x edges (landscape A4)
FONT = 9.0
LEADING = 11.0


def _text(x: float, y: float, text: str, size: float = FONT) -> bytes:
    return b"BT /F1 %g Tf %.2f %.2f Td %s Tj ET\n" % (size, x, y, pdf_string(text))


def _table_rows(rows: list[PlanRow], top: float, bottom_limit: float):
    """Draw rows from `top` down; returns (content, index of the first row not drawn, y)."""
    out = bytearray(b"0.6 w\n")
    y = top
    drawn = 0
    for row in rows:
        cells = [row.number, row.activity, row.deadline, row.responsible, row.result]
        wrapped = [wrap(c, int((COLUMNS[k + 1] - COLUMNS[k] - 6) / (FONT * CHAR_WIDTH)))
                   for k, c in enumerate(cells)]
        height = max(len(w) for w in wrapped) * LEADING + 6
        if y - height < bottom_limit:
            break
        out += b"%g %.2f m %g %.2f l S\n" % (COLUMNS[0], y, COLUMNS[-1], y)
        for k, lines in enumerate(wrapped):
            for n, line in enumerate(lines):
                out += _text(COLUMNS[k] + 3, y - 3 - FONT - n * LEADING, line)
        for x in COLUMNS:
            out += b"%g %.2f m %g %.2f l S\n" % (x, y, x, y - height)
        y -= height
        drawn += 1
    out += b"%g %.2f m %g %.2f l S\n" % (COLUMNS[0], y, COLUMNS[-1], y)
    return bytes(out), drawn, y


def plan_pdf(rows: list[PlanRow], title: str, extra_pages: int = 0, compress: bool = True,
             password: str | None = None, tail: bytes = b"") -> bytes:
    """A plan: title lines, then the table (header repeated on every page it continues on),
    then `extra_pages` pages of appendix text."""
    w = PdfWriter(compress=compress)
    rest = list(rows)
    first = True
    while rest or first:
        content = bytearray()
        y = 560.0
        if first:
            for line in wrap(title, 120):
                content += _text(40, y, line, 11)
                y -= 15
            y -= 10
        part, n, y = _table_rows([HEADER] + rest, y, 40)
        content += part
        rest = rest[max(0, n - 1):]
        w.page(bytes(content))
        first = False
    for k in range(extra_pages):
        w.page(_text(40, 560, f"Приложение к плану, страница {k + 2}. Справочные сведения.")
               + _text(40, 540, "Сведения об исполнителях приведены в разделе 2."))
    return w.build(password=password, tail=tail)


def scanned_pdf(pages: int = 2) -> bytes:
    """Image-only pages: a grey picture of a page, no text layer at all."""
    w = PdfWriter(compress=True)
    side = 64
    pixels = bytes((x * 3 + y) % 256 for y in range(side) for x in range(side))
    img = w.stream(pixels, b" /Type /XObject /Subtype /Image /Width %d /Height %d "
                           b"/ColorSpace /DeviceGray /BitsPerComponent 8" % (side, side))
    for _ in range(pages):
        w.page(b"q 780 0 0 540 30 30 cm /Im1 Do Q\n", xobjects={"Im1": img})
    return w.build()


def content_bomb_pdf(megabytes: int = 40) -> bytes:
    """One page whose compressed content stream inflates to `megabytes` MiB of text
    operators: small on disk, minutes of work for pdfminer (a file that 'hangs' it)."""
    w = PdfWriter(compress=False)
    op = b"BT /F1 9 Tf 40 300 Td (\xc0\xc1\xc2 \xc3\xc4) Tj ET\n"
    comp = zlib.compressobj(9)
    chunk = op * (2**20 // len(op))
    data = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    cid = w.add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
                + b"\nendstream")
    pid = w.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 842 595] /Resources << "
                b"/Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (w.pages_id, w.font_id, cid))
    w.page_ids.append(pid)
    return w.build()


def sideways_pdf(rows: list[PlanRow], title: str, rotate: int = 90) -> bytes:
    """A plan drawn upright on landscape pages that carry /Rotate: a viewer shows its text
    sideways (or upside down with 180), a reader must still read the rows."""
    w = PdfWriter(compress=True)
    flat = plan_pdf(rows, title, compress=False)
    start = 0
    while True:
        k = flat.find(b"stream\n", start)
        if k < 0:
            break
        end = flat.index(b"\nendstream", k)
        pid = w.page(flat[k + len(b"stream\n"):end])
        w.objects[pid - 1] = w.objects[pid - 1].replace(b"/Type /Page ",
                                                        b"/Type /Page /Rotate %d " % rotate)
        start = end + len(b"\nendstream")
    return w.build()


# ============================================================================ DOCX

def sample_rows(n: int, tag: str = "") -> list[PlanRow]:
    """`n` plan rows with distinct texts (`tag` makes two files' rows differ)."""
    deadlines = ["до 1 сентября 2023 года", "ежегодно, май", "в течение 2023 года",
                 "IV квартал 2023 г.", "декабрь 2023"]
    who = ["Управление образования", "Руководители ОО", "Методический кабинет",
           "Иванова А.П., заместитель начальника"]
    return [PlanRow(str(k), f"Мероприятие {tag}{k}: проведение семинара для заместителей "
                            f"директоров по вопросам оценки качества образования, этап {k}",
                    deadlines[k % len(deadlines)], who[k % len(who)],
                    f"Проведено не менее {k} заседаний; подготовлен аналитический отчёт")
            for k in range(1, n + 1)]


def add_plan_table(d, rows: list[PlanRow]):
    """The plan table (header + rows) appended to a python-docx Document; returns it."""
    t = d.add_table(rows=1, cols=5)
    for row in [HEADER] + list(rows):
        cells = t.rows[0].cells if row is HEADER else t.add_row().cells
        for cell, text in zip(cells, [row.number, row.activity, row.deadline,
                                      row.responsible, row.result]):
            cell.text = text
    return t


def plan_docx(rows: list[PlanRow], title: str) -> bytes:
    """A plan DOCX written by python-docx: title paragraphs and one ruled plan table."""
    from docx import Document

    d = Document()
    d.add_paragraph("УТВЕРЖДЁН приказом управления образования от 12.01.2023 № 5")
    d.add_paragraph(title)
    add_plan_table(d, rows).style = "Table Grid"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def long_run_docx(rows: list[PlanRow], title: str, chars: int = 5_600_000) -> bytes:
    """A valid plan DOCX with an appendix table whose one cell is a text run of `chars`
    characters (over lxml's 10 MB text-node limit in UTF-8), of words varied enough that
    the package is not taken for a zip bomb."""
    import random

    from docx import Document

    d = Document()
    d.add_paragraph(title)
    add_plan_table(d, rows)
    rng = random.Random(17)
    words = ["отчёт", "школа", "план", "итог", "мера", "класс", "урок", "совет", "приказ", "ресурс"]
    parts, n = [], 0
    while n < chars:
        word = rng.choice(words)
        parts.append(word)
        n += len(word) + 1
    d.add_paragraph("Приложение")
    d.add_table(rows=1, cols=1).rows[0].cells[0].text = " ".join(parts)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def no_table_docx() -> bytes:
    """A letter: paragraphs and a contacts table, no plan table."""
    from docx import Document

    d = Document()
    d.add_paragraph("Письмо управления образования")
    d.add_paragraph("Направляем контактные данные специалистов для согласования графика.")
    t = d.add_table(rows=2, cols=2)
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Фамилия", "Телефон"
    t.rows[1].cells[0].text, t.rows[1].cells[1].text = "Петрова", "8 (391) 000-00-00"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _rezip(docx: bytes, replace: dict[str, bytes], extra_big: tuple[str, int] | None = None) -> bytes:
    """`docx` with members replaced (and one member of `size` zero bytes, deflated)."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        if extra_big:
            name, size = extra_big
            with out.open(zipfile.ZipInfo(name), "w", force_zip64=True) as fh:
                block = b"\x00" * 2**20
                for _ in range(size // 2**20):
                    fh.write(block)
    return buf.getvalue()


def zip_bomb_docx(base: bytes, megabytes: int = 64) -> bytes:
    """A DOCX whose document.xml is padded with `megabytes` MiB of white space (deflates
    ~1000:1): a package that would unpack to far more than it weighs."""
    doc = zipfile.ZipFile(io.BytesIO(base)).read("word/document.xml")
    head, tail = doc.split(b"<w:body>", 1)
    buf = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(base))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info.filename, src.read(info.filename))
        zi = zipfile.ZipInfo("word/document.xml")
        zi.compress_type = zipfile.ZIP_DEFLATED
        with out.open(zi, "w", force_zip64=True) as fh:
            fh.write(head + b"<w:body>")
            block = b" " * 2**20
            for _ in range(megabytes):
                fh.write(block)
            fh.write(tail)
    return buf.getvalue()


def entity_bomb_docx(base: bytes) -> bytes:
    """A DOCX whose document.xml declares the 'billion laughs' entities and uses the
    largest one in a table cell."""
    doc = zipfile.ZipFile(io.BytesIO(base)).read("word/document.xml")
    decl, rest = doc.split(b"?>", 1)
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)]
    dtd = ("<!DOCTYPE w:document [" + "".join(ents) + "]>").encode()
    rest = rest.replace(b"<w:t>1</w:t>", b"<w:t>&lol9;</w:t>", 1)
    return _rezip(base, {"word/document.xml": decl + b"?>" + dtd + rest})


def ole_doc() -> bytes:
    """A Word 97-2003 compound file shell (what a .doc renamed to .docx really is): the
    OLE header and a directory naming the 'WordDocument' stream, no usable content."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, 1, 1, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 76, 0)               # the FAT is sector 0
    for k in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * k, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<III", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE)

    def entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF) -> bytes:
        e = bytearray(128)
        raw = (name + "\x00").encode("utf-16-le")
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, 0xFFFFFFFF, 0xFFFFFFFF, child)
        struct.pack_into("<II", e, 116, start, size)
        return bytes(e)

    directory = (entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1)
                 + entry("WordDocument", 2, 2, 512) + bytes(256))
    body = bytes(range(256)) * 2
    return bytes(header) + bytes(fat) + directory + body


# ============================================================================ the set

@dataclass
class Expect:
    status: str                 # imported / failed / skipped
    reason: str = ""            # regex the error must match (failed / skipped)
    records: int = 0            # imported: activity records
    pages: int | None = None


PNG_1x1 = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d4944415478da63f8cfc0f01f0005000201e2b6a6b10000000049454e44ae426082")


def write(path: str, data: bytes) -> str:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def write_all(folder: str, long_pdf_pages: int = 300) -> dict[str, Expect]:
    """Every bad input (and the good generated plans) into `folder`; returns what the batch
    must report for each file, by path."""
    good = plan_docx(sample_rows(6, "Д"), "План мероприятий по повышению качества образования "
                                          "на 2023 год")
    e: dict[str, Expect] = {}

    def put(name: str, data: bytes, expect: Expect) -> None:
        e[write(os.path.join(folder, name), data)] = expect

    put("good_plan.docx", good, Expect("imported", records=6))
    put("План мероприятий 2023 (копия от директора).docx",
        plan_docx(sample_rows(4, "К"), "План мероприятий управления образования на 2023 год"),
        Expect("imported", records=4))
    put("good_plan.pdf", plan_pdf(sample_rows(5, "П"), "План мероприятий по повышению "
                                  "качества образования на 2023 год"),
        Expect("imported", records=5, pages=1))
    put("long_report_300_pages.pdf",
        plan_pdf(sample_rows(3, "Л"), "План мероприятий на 2023 год с приложениями",
                 extra_pages=long_pdf_pages - 1),
        Expect("imported", records=3, pages=long_pdf_pages))
    put("empty.docx", b"", Expect("failed", r"^empty file$"))
    put("empty.pdf", b"", Expect("failed", r"^empty file$"))
    put("truncated.docx", good[: len(good) // 2],
        Expect("failed", r"(not a valid DOCX|damaged DOCX|not a zip)"))
    put("legacy_word_renamed.docx", ole_doc(),
        Expect("failed", r"Word 97-2003 \(\.doc\)"))
    put("encrypted.pdf", plan_pdf(sample_rows(2, "Ш"), "Секретный план", password="secret"),
        Expect("failed", r"^encrypted PDF"))
    put("scanned.pdf", scanned_pdf(), Expect("failed", r"^scanned: no text layer"))
    put("letter_without_plan.docx", no_table_docx(),
        Expect("failed", r"^no activity table found"))
    put("zip_bomb.docx", zip_bomb_docx(good), Expect("failed", r"zip bomb"))
    put("entity_bomb.docx", entity_bomb_docx(good),
        Expect("failed", r"(entit|damaged DOCX|no activity table found)"))
    put("not_a_pdf.pdf", b"<html><body>404 Not Found</body></html>",
        Expect("failed", r"^not a PDF file: the content is an HTML page under a \.pdf name$"))
    put("photo_of_plan.docx", PNG_1x1,
        Expect("failed", r"^not a DOCX file: the content is a PNG image under a \.docx name$"))
    put("readme.txt", "Прочитайте меня".encode(), Expect("skipped", r"^not a document"))
    put("logo.png", PNG_1x1, Expect("skipped", r"^not a document"))
    put("nested/список файлов.csv", b"a,b\n1,2\n", Expect("skipped", r"^not a document"))
    put("nested/subplan.docx", plan_docx(sample_rows(3, "В"), "План работы методического "
                                                             "кабинета на 2023 год"),
        Expect("imported", records=3))
    write(os.path.join(folder, "~$good_plan.docx"), b"\x00" * 162)   # Word's lock file: ignored
    write(os.path.join(folder, ".DS_Store"), b"\x00\x00\x00\x01Bud1")  # hidden: ignored
    return e
