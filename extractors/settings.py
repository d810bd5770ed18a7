"""Every stage's tunable knobs as frozen dataclasses, loaded from one validated YAML file.

    from extractors.settings import defaults, load_settings
    settings = defaults()                       # extractors/settings.yaml
    settings = load_settings("my_settings.yaml")  # the same, with a user's file on top

The values live in `extractors/settings.yaml` only (each knob once, with its comment); the
dataclasses below say which knobs exist and of what type. A key the dataclass does not know,
a missing key or a value of the wrong type is a `SettingsError` naming the key. Callers pass
a `Settings` (or the one stage they need) down as an argument; change a knob for one run with
`dataclasses.replace`. The module lives in `extractors` (the lowest layer that needs knobs);
`pipeline.settings` re-exports it and reads the command line / environment at the edge.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import types
import typing
from dataclasses import dataclass

from normalizers.text import load_yaml
from pipeline.i18n import _

SETTINGS_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "settings.yaml")


class SettingsError(ValueError):
    """A settings file that does not fit the dataclasses (the message names the key)."""


@dataclass(frozen=True)
class PdfSettings:
    """pdf.py: ruled tables, pages, scans."""

    table_settings: dict          # pdfplumber's find_tables() settings
    edge_tolerance: float         # pt: cell edges closer than this are one grid line
    line_tolerance: float         # pt: words whose tops differ less are on one line (textgrid too)
    broken_word_slack: float      # chars: a line ending this close to the cell's right padding may be a broken word
    broken_word_min_chars: int    # shorter line ends are never taken for a broken word
    cut_row_max_gap: float        # pt: a piece ending higher above the page's lowest table bottom was not cut
    column_match_tolerance: float  # pt: column edges of two page pieces of one table
    text_column_match_tolerance: float  # pt: the same for pieces found by text alignment
    max_pages: int                # refuse longer files
    min_table_rows: int           # a ruled table with fewer rows is ignored
    text_tables: bool             # borderless fallback on pages where no ruled table is found
    scan_max_chars: int           # a page with no more text characters than this ...
    scan_min_image_share: float   # ... and images over this share of it is a scan (OCR)
    scan_layer_image_share: float  # a page-sized image under a text layer whose letters ...
    scan_layer_min_cyrillic: float  # ... are less Cyrillic than this: a scan with a bad OCR layer
    ocr_header_similarity: float  # OCR'd pieces: a header row repeats at this text similarity
    phrase_glue_words: frozenset[str]  # words that never end a cell's text
    lean_objects: bool            # page objects as lean dicts (page_objects); false: pdfplumber's
    drop_invisible_shapes: bool   # white-only rectangles and lines are no ruling lines
    page_frame_inset: float       # pt: a rectangle all of whose sides lie this near the page's edges is a page border
    close_open_cells: bool        # close the cells a page break left without a top/bottom line
    max_extra_column_lines: int   # pieces whose column grids differ by this many lines go on
    sliver_width: float           # pt: a grid column narrower than this with no text is no column
    empty_line_gap: float         # × line pitch: a wider gap between a cell's lines holds empty lines
    symbol_font_bullet: str       # a symbol font's private-use glyph (Word's Symbol bullet U+F0B7) read as this


@dataclass(frozen=True)
class TextGridSettings:
    """textgrid.py: tables without ruling lines (line_tolerance: see PdfSettings)."""

    chunk_gap: float              # × line height: a wider gap between words splits a line
    block_gap: float              # × line height: a wider vertical gap ends a block
    min_multi_lines: int          # lines with ≥ 2 chunks a block needs to be a table
    min_columns: int              # a table has at least this many columns
    gutter_min_width: float       # pt: the narrowest white gap between columns
    gutter_max_cover: float       # share of a block's lines allowed to cross a gutter
    max_header_lines: int         # header lines looked for at the top of a block
    min_column_lines: int         # lines with text a column needs
    fit_slack: float              # pt: a word fits on the line above with this to spare (< 0)
    edge_pad: float               # pt: a column edge this far left of the next column's text
    cell_padding: float           # pt: text to cell edge (Word / LibreOffice: 0.19 cm)
    block_join_gap: float         # × line height: blocks this close whose columns line up are one


@dataclass(frozen=True)
class DocxSettings:
    """docx.py: package checks and table grids."""

    max_uncompressed_bytes: int   # refuse zip bombs before parsing
    max_compression_ratio: float  # per member, uncompressed / compressed
    sliver_twips: int             # a grid column narrower than this holds no text of its own
    scan_min_px: int              # a picture of a document without tables is a scanned page when
    scan_aspect: tuple[float, float]  # its long side has this many px, its sides this ratio
    scan_white_share: float       # and this share of its pixels is paper (word_scans.py)


@dataclass(frozen=True)
class XlsxSettings:
    """xlsx.py: package and sheet limits."""

    max_cells: int                # refuse absurd sheets (rows × columns of the used range)
    max_uncompressed_bytes: int   # refuse zip bombs before parsing


@dataclass(frozen=True)
class OfficeSettings:
    """office.py: LibreOffice conversions."""

    timeout: float                # s for one conversion (a first start with a fresh profile ~3 s)


@dataclass(frozen=True)
class OcrSettings:
    """ocr.py: scanned pages."""

    dpi: int                      # rendering resolution for OCR
    lang: str                     # Tesseract language
    min_ink: int                  # px of ink: a cell with less is empty
    cell_margin: int              # px of white put around a cell for Tesseract
    line_erase: int               # px: the ruling-line mask grown by this before erasing
    dash_em: tuple[float, float]  # a dash's ink (in em) longer than these is an en / em dash
    dash_in_word_em: float        # a dash between two letters of a word shorter than this
                                  # (em) is a hyphen
    case_em: float                # letters of one shape in both cases: taller than this (em)
                                  # are capitals
    case_alone: tuple[float, float, float]  # a word with nothing beside it to measure by:
                                  # (pt of the em it is measured in, small below, capital above)
    stop_space_em: tuple[float, float]  # em of white: a stop this far from its word stands
                                  # apart; two words with no white this wide are one
    first_capital: tuple[float, float]  # a word's capital first letter is a small one when no
                                  # taller than this many times the small letters after it, or
                                  # («Ф», «Р», «У») when it goes this far (in their height) below
    roman_cap_pt: tuple[float, float]  # pt: a cell's lone Roman number read from its letters'
                                  # shapes when they are capitals this high
    bilevel_max_dpi: int          # a black-and-white page image is read at its own
                                  # resolution up to this (never below `dpi`)
    line_reread_conf: float       # a one-line cell read below this mean confidence is read again as a line
    reuse_max_mismatch: int       # px: a cell whose ink is one read before but for this
                                  # many pixels takes that reading (-1: every cell read)
    unread_text: tuple[float, float]  # the text outside tables the page layout left out
    unread_known_slack: float     # a dictionary word read again may have this much less confidence
                                  # is read again: (min word confidence, min line height pt)


@dataclass(frozen=True)
class ScanSettings:
    """scan/image.py: page image cleaning and ruling lines."""

    deskew_max: float             # degrees: a larger skew is not searched
    deskew_min: float             # degrees: a smaller one is left as it is
    deskew_margin: float          # share of each side along the image's edges left out of the skew search
    binarize_block: int           # px at 300 dpi: the neighbourhood of adaptive thresholding
    binarize_c: int               # how much darker than its neighbourhood ink must be
    speckle_max_area: int         # px at 300 dpi: smaller blobs are noise
    hline_min_frac: float         # a horizontal ruling line is at least this share of the page width
    vline_min_frac: float         # a vertical one this share of the page height
    line_min_inch: tuple[float, float]  # and never shorter than this (horizontal, vertical)
    line_gap_inch: float          # a break in a ruling line up to this long is bridged
    line_min_fill: float          # share of a ruling line's length its ink covers at least
    frame_min_cover: float        # share of a grid's height its frame's vertical lines run along
    vline_min_cover: float        # share of a table row's height a vertical border's ink
                                  # must cover there
    flatten_range: tuple[int, int]  # flattened grey levels stretched to black .. white
    free_line_min_inch: float     # a shorter horizontal stroke is a line only between two
                                  # vertical ones
    ink_reach_inch: float         # the image OCR reads is white farther than this from ink
    rotation_ratio: float         # text-line contrast across vs along to call a page turned
    rotation_side: int            # px: the longer side of the copy that judges it


@dataclass(frozen=True)
class LayerSettings:
    """scan/layer.py: is a scanner's text layer to be trusted."""

    min_words: int                # fewer Russian words than this: no judgement
    min_hit_rate: float           # a layer whose words the dictionary knows less often is garbage
    min_letters: int              # shorter words are not counted
    compare_margin: float         # OCR this much better than the layer replaces it


@dataclass(frozen=True)
class StructureSettings:
    """pipeline/structure.py: header rows."""

    max_header_rows: int          # header rows looked for at the top of a table
    min_roles_for_header: int     # distinct roles a row needs to be taken as a header
    max_header_fragment: int      # chars: a longer cell under a merged header cell is data


@dataclass(frozen=True)
class BatchSettings:
    """pipeline/batch.py: workers and their limits."""

    timeout: float                # s per file
    memory_limit_mb: int          # address-space limit of a worker
    workers: int                  # worker processes when the caller names none
    worker_recycle_mb: int        # a worker whose RSS grew past this after a file is replaced
    poll_interval: float          # s between checks of the running workers' clocks
    gc_freeze: bool               # keep long-lived objects out of the cyclic GC's scans
    gc_threshold: typing.Optional[tuple[int, int, int]]  # a worker's gc.set_threshold (null: Python's)


@dataclass(frozen=True)
class MetadataSettings:
    """normalizers/metadata.py: the text around the tables."""

    title_max_lines: int          # a title is printed over at most this many lines
    title_max_chars: int          # and at most this many characters
    header_max_lines: int         # an act's header zone is looked for in the first lines
    issuer_max_lines: int         # lines an issuer's name may take
    period_max_span: int          # years; a longer «2020-2045» is not a plan period
    ner_max_chars: int            # natasha runs on short texts only


@dataclass(frozen=True)
class Settings:
    """All stages; the YAML file has one section per field."""

    pdf: PdfSettings
    textgrid: TextGridSettings
    docx: DocxSettings
    xlsx: XlsxSettings
    office: OfficeSettings
    ocr: OcrSettings
    scan: ScanSettings
    layer: LayerSettings
    structure: StructureSettings
    batch: BatchSettings
    metadata: MetadataSettings


def _expected(tp) -> str:
    """What a value of type `tp` is called in a message."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _("{what} or null").format(what=_expected(inner[0]))
    if origin is tuple:
        return _("a list of {n} values ({what})").format(n=len(args), what=_expected(args[0]))
    if origin is frozenset:
        return _("a list of words")
    return {float: _("a number"), int: _("a whole number"), bool: _("true or false"),
            str: _("text"), dict: _("a mapping")}.get(origin or tp, str(tp))


def _convert(value, tp, key: str):
    """`value` as type `tp`, or SettingsError naming `key`."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)

    def bad():
        return SettingsError(_("setting {key}: expected {expected}, got {value}").format(
            key=key, expected=_expected(tp), value=repr(value)))

    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        try:
            return _convert(value, inner[0], key)
        except SettingsError:
            raise bad() from None
    if origin is tuple:
        if not isinstance(value, (list, tuple)) or len(value) != len(args):
            raise bad()
        return tuple(_convert(v, a, key) for v, a in zip(value, args))
    if origin is frozenset:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise bad()
        return frozenset(value)
    if tp is bool:
        if not isinstance(value, bool):
            raise bad()
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad()
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad()
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise bad()
        return value
    if tp is dict or origin is dict:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise bad()
        return dict(value)
    raise bad()


def _build(cls, data, prefix: str = ""):
    """An instance of dataclass `cls` from the mapping `data` (every key known and present)."""
    where = prefix.rstrip(".") or _("the top level")
    if not isinstance(data, dict):
        raise SettingsError(_("settings {where}: expected a mapping, got {value}").format(
            where=where, value=repr(data)))
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    for key in data:
        if key not in hints:
            raise SettingsError(_("unknown setting {key} (known: {known})").format(
                key=prefix + str(key), known=", ".join(names)))
    values = {}
    for name in names:
        if name not in data:
            raise SettingsError(_("setting {key} is missing").format(key=prefix + name))
        tp = hints[name]
        if dataclasses.is_dataclass(tp):
            values[name] = _build(tp, data[name], f"{prefix}{name}.")
        else:
            values[name] = _convert(data[name], tp, prefix + name)
    return cls(**values)


def _merge(base: dict, extra) -> dict:
    """The packaged sections with a user's file put in: a section it names keeps the knobs the
    file leaves out; a knob's value is replaced whole (unknown names are left for _build)."""
    if not isinstance(extra, dict):
        raise SettingsError(_("settings {where}: expected a mapping, got {value}").format(
            where=_("the top level"), value=repr(extra)))
    out = dict(base)
    for section, knobs in extra.items():
        if isinstance(out.get(section), dict) and isinstance(knobs, dict):
            out[section] = {**out[section], **knobs}
        else:
            out[section] = knobs
    return out


def load_settings(path: str | None = None) -> Settings:
    """The packaged settings, with the YAML file at `path` (only the knobs it changes) on top;
    SettingsError (naming the key, or the file it cannot read) when they do not fit."""
    data = load_yaml(SETTINGS_PATH)
    if path:
        try:
            extra = load_yaml(path)
        except OSError as exc:
            raise SettingsError(_("cannot read the settings file {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)) from None
        except Exception as exc:  # yaml.YAMLError: the file is not YAML
            raise SettingsError(_("the settings file {path} is not valid YAML: {reason}").format(
                path=path, reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)) from None
        data = _merge(data, extra or {})
    return _build(Settings, data)


@functools.lru_cache(maxsize=1)
def defaults() -> Settings:
    """The packaged settings (read once per process)."""
    return load_settings()
