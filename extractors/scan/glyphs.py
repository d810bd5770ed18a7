"""What Tesseract's Russian model cannot tell apart but the page image can.

Dashes: the model reads a hyphen «-», an en dash «–» and an em dash «—» alike (it has no en
dash at all), while plans print «10.05 – 20.05», «Футбол – Кубок» with the en dash Word puts
in. The three differ in length: a hyphen's ink is about a quarter of the font's em, an en
dash's half, an em dash's whole. The em is taken from the height of the line's letters and
digits (capitals and ascenders are about 0.7 em high), so each dash a word holds is named
by the length of its own ink (the thresholds: settings `ocr.dash_em`). The em is the
median height of the line's letter-sized ink blobs over the median height, in em, of the
letters Tesseract read there (`nominal`: small letters 0.46, capitals and digits 0.68).

Case: «и/И», «о/О», «я/Я» and most Cyrillic letters differ only in height, and Tesseract
sometimes reads a word in the wrong case («20 ИЮЛЯ 2020», «Отдел оо»). `fix_case` measures
such a word's letters against the em of the rest of its line (`ocr.case_em`).
"""
from __future__ import annotations

DASHES = "-–—"


def _components(region):
    """(x, y, w, h) of the ink blobs of a grey region (dark on white)."""
    import cv2

    from .image import components

    ink = cv2.threshold(region, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    n, _, stats, _ = components(ink)
    return [tuple(int(v) for v in stats[k][:4]) for k in range(1, n)]


# the height of a letter's ink in em (Times-like fonts; others differ by a few hundredths)
_NOMINAL = {**{c: 0.46 for c in "авгеёжзиклмнопстхчшъыьэюяйacemnorsuvwxz"},
            **{c: 0.66 for c in "друyqpg"}, "ц": 0.58, "щ": 0.58, "ф": 0.9, "б": 0.72,
            **{c: 0.7 for c in "bdfhklt"}}


def nominal(ch: str) -> float | None:
    if ch.isdigit() or (ch.isalpha() and ch.isupper()):
        return 0.8 if ch in "ДЦЩФQJ" else 0.68
    return _NOMINAL.get(ch)


def line_em(blobs, text: str) -> float | None:
    """The font's em in px: the median height of the line's letter-sized blobs over the
    median height (in em) of the letters Tesseract read there."""
    import statistics

    wanted = [v for v in (nominal(c) for c in text) if v]
    tallest = max((h for *_xyw, h in blobs), default=0)
    heights = [h for *_xyw, h in blobs if h >= 0.3 * tallest]
    if len(wanted) < 2 or len(heights) < 2:
        return None
    return statistics.median(heights) / statistics.median(wanted)


def dash_blobs(blobs, span: int, x0: int, x1: int):
    """The blobs whose middle lies between x0 and x1 shaped like a dash: flat (at least
    twice as wide as high, at most a fifth of the line high), sitting in the middle of the
    line. (Tesseract's box of a dash read alone may be shorter than its ink.)"""
    out = []
    for x, y, w, h in blobs:
        if not x0 - 1 <= x + w / 2 <= x1 + 1:
            continue
        if h > max(2, span / 5) or w < 2 * h:
            continue
        mid = (y + h / 2) / max(span, 1)
        if 0.3 <= mid <= 0.85:
            out.append((x, w))
    return sorted(out)


def fix_dashes(image, found: list[tuple], limits=(0.4, 0.78),
               in_word: float | None = None, space_em: float = 0.25) -> list[tuple]:
    """Engine words [(text, x, y, w, h, conf, line)] on a grey image → the same, each dash
    in a word named by the length of its ink: «-» below limits[0] em, «–» below limits[1],
    «—» above; a dash inside a word, before a letter (a compound, an ordinal's ending:
    «4-я»), is a hyphen below `in_word` em where given; a dash between two digits that
    stands off both by `space_em` of white gets its spaces back. A word whose dashes cannot
    all be found on the image stays as it is."""
    if not any(ch in w[0] for w in found for ch in DASHES):
        return found
    spans: dict = {}
    for _t, x, y, w, h, _c, line in found:
        sx0, sy0, sx1, sy1 = spans.get(line, (x, y, x + w, y + h))
        spans[line] = (min(sx0, x), min(sy0, y), max(sx1, x + w), max(sy1, y + h))
    cache: dict = {}
    out = []
    for word in found:
        text, x, y, w, h, conf, line = word
        n = sum(text.count(ch) for ch in DASHES)
        if not n:
            out.append(word)
            continue
        if line not in cache:
            lx0, ly0, lx1, ly1 = spans[line]
            region = image[max(0, ly0):ly1, max(0, lx0):lx1]
            blobs = _components(region) if region.size else []
            blobs = [(bx + max(0, lx0), by, bw, bh) for bx, by, bw, bh in blobs]
            cache[line] = (blobs, ly1 - max(0, ly0))
        blobs, span = cache[line]
        # the em from the words whose blobs are their letters, one by one; the median
        # blob over the median letter (`line_em`) where too few are: a line of capitals
        # and small letters («Туризм - Спартакиада МОУ РМР») misleads the medians
        same = [wd for wd in found if wd[6] == line]
        em = paired_em(blobs, same) or line_em(blobs, " ".join(wd[0] for wd in same))
        dashes = dash_blobs(blobs, span, x, x + w)
        if len(dashes) == 1 and n > 1 and all(ch in DASHES for ch in text):
            text, n = text[0], 1     # one dash read as two («-—», the `rus` model's reading
            #                          of a spaced en dash at 150 dpi, dropped as a speck)
        if em is None or len(dashes) != n:
            out.append(word)
            continue
        inner = [0 < k < len(text) - 1 and text[k - 1].isalnum() and text[k + 1].isalpha()
                 for k, ch in enumerate(text) if ch in DASHES]    # «ПРОПАГАНДИСКАЯ», «4-я»
        hyphen = [max(limits[0], in_word or 0.0) if between else limits[0] for between in inner]
        kinds = iter("-" if dw < cut * em else "–" if dw < limits[1] * em else "—"
                     for (_dx, dw), cut in zip(dashes, hyphen))
        apart = iter(_stands_apart(blobs, dash, em * space_em) for dash in dashes)
        new = ""
        for k, ch in enumerate(text):
            if ch not in DASHES:
                new += ch
                continue
            kind, spaced = next(kinds), next(apart)
            # a dash between two numbers that stands off both by a space, read glued
            # («16.11–21.11» for «16.11 – 21.11»)
            if spaced and kind != "-" and 0 < k < len(text) - 1 and text[k - 1].isdigit() \
                    and text[k + 1].isdigit():
                kind = f" {kind} "
            new += kind
        out.append((new, x, y, w, h, conf, line))
    return out


def _stands_apart(blobs, dash: tuple[int, int], gap: float) -> bool:
    """White of at least `gap` px between a dash (x, w) and the nearest ink of its line
    on either side (and ink on both)."""
    dx, dw = dash
    left = [b[0] + b[2] for b in blobs if b[0] + b[2] <= dx]
    right = [b[0] for b in blobs if b[0] >= dx + dw]
    return bool(left and right) and dx - max(left) >= gap and min(right) - (dx + dw) >= gap


# Cyrillic letters whose capital is the small letter made taller: only the height tells
# «ИЮЛЯ» from «июля», «ОО» from «оо»
SAME_SHAPE = set("вгжзийклмнопстхчшъыьэюяВГЖЗИЙКЛМНОПСТХЧШЪЫЬЭЮЯ")


def _line_blobs(image, found: list[tuple], line) -> list[tuple]:
    same = [w for w in found if w[6] == line]
    lx0 = max(0, min(w[1] for w in same))
    ly0 = max(0, min(w[2] for w in same))
    lx1 = max(w[1] + w[3] for w in same)
    ly1 = max(w[2] + w[4] for w in same)
    region = image[ly0:ly1, lx0:lx1]
    if not region.size:
        return []
    return [(bx + lx0, by, bw, bh) for bx, by, bw, bh in _components(region)]


def paired_em(blobs, words: list[tuple]) -> float | None:
    """The em in px from the words whose letter-sized blobs are as many as their letters
    and digits (each blob then is its letter: its height over the letter's height in em);
    None from fewer than three letters."""
    import statistics

    tallest = max((b[3] for b in blobs), default=0)
    ests = []
    for w in words:
        chars = [v for v in (nominal(c) for c in w[0]) if v]
        own = sorted(b for b in blobs if _inside(b, w) and b[3] >= 0.3 * tallest)
        if chars and len(own) == len(chars):
            ests += [b[3] / v for b, v in zip(own, chars)]
    return statistics.median(ests) if len(ests) >= 3 else None


def _inside(blob, word) -> bool:
    x, _y, w, _h = blob
    return x >= word[1] - 1 and x + w <= word[1] + word[3] + 1


# the tallest a same-shape letter's ink is, in em (a capital: 0.68; a bracket: 0.9 and more)
_TALLEST_LETTER = 0.8


def fix_case(image, found: list[tuple], limit: float = 0.57,
             alone: tuple[float, float, float] | None = None) -> list[tuple]:
    """Words of letters whose capital and small forms differ only in height, read in the
    wrong case: the word's letters measured against the em the rest of its line gives
    (from the letters read there, `line_em`): small letters are about 0.46 em high,
    capitals 0.68. A word in capitals whose letters are small is put in small letters
    («20 ИЮЛЯ 2020» → «20 июля 2020»), and the other way round («Отдел оо» → «Отдел ОО»).
    A line with too little to measure by is measured by the em of the cell's other lines;
    with none (a heading «ИЮЛЬ» alone in its cell), by `alone` = (the em in px of the type
    size plans are printed in, below this share small, above this one capital) where given,
    else the word stays as read."""
    import statistics

    def letters(text: str) -> str:
        return "".join(c for c in text if c.isalpha())

    def ambiguous(text: str) -> bool:
        word = letters(text)
        return len(word) >= 2 and all(c in SAME_SHAPE for c in word) and \
            (word.isupper() or word.islower()) and not any(c.isdigit() for c in text)

    suspects = [i for i, w in enumerate(found) if ambiguous(w[0])]
    if not suspects:
        return found
    out = list(found)
    cache: dict = {}
    ems: dict = {}

    def blobs_of(line):
        if line not in cache:
            cache[line] = _line_blobs(image, found, line)
        return cache[line]

    def em_of(line):
        if line not in ems:
            others = [w for w in found if w[6] == line and not ambiguous(w[0])]
            ems[line] = paired_em(blobs_of(line), others) if others else None
        return ems[line]

    for i in suspects:
        word = found[i]
        line = word[6]
        blobs = blobs_of(line)
        em = em_of(line)
        if em is None:       # too little on the line («1-3 КЛ.»): the cell's other lines,
            #                  printed in the same type
            rest = [e for ln in dict.fromkeys(w[6] for w in found)
                    if ln != line and (e := em_of(ln)) is not None]
            em = statistics.median(rest) if rest else None
        low, high = limit, limit + 0.08
        own = [b[3] for b in blobs if _inside(b, word)]
        if em is not None:       # a bracket reaches above the capitals and below the line
            own = [h for h in own if h <= _TALLEST_LETTER * em]       # («кл)»)
        elif alone:               # nothing printed beside it: the usual type size, and
            em, low, high = alone  # a wider band against a heading in larger or smaller type
        tallest = max(own, default=0)
        # the word's letters are its tallest blobs, as many as it has letters: a
        # guillemet's two chevrons («СШ) or a breve are not measured with them
        own = sorted((h for h in own if h >= 0.5 * tallest), reverse=True)
        own = own[:len(letters(word[0]))]
        if em is None or not own or len(own) < len(letters(word[0])) // 2:
            continue
        height = statistics.median(own) / em
        text = word[0]
        if letters(text).isupper() and height < low:
            out[i] = (text.lower(),) + tuple(word[1:])
        elif letters(text).islower() and height > high:
            out[i] = (text.upper(),) + tuple(word[1:])
    return out


def runs(row) -> list[tuple[int, int]]:
    """(start, length) of the runs of ink in one row of a blob's mask."""
    out, start = [], None
    for i, on in enumerate(list(row) + [False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            out.append((start, i - start))
            start = None
    return out


def roman_letter(mask) -> str:
    """The Roman numeral letter one blob's ink (a boolean mask cut to the blob) has the
    shape of: «I» a solid upright bar, «V» two strokes that meet in one at the foot, «X»
    two strokes that cross; '' for any other shape. Tesseract's `rus` and `eng` models
    both miss a bold sans-serif «I», «II», «IV» standing alone in a table's № cell."""
    h, w = mask.shape
    if h < 6:
        return ""
    rows = [runs(r) for r in mask]
    single = [r[0] for r in rows if len(r) == 1]
    if len(single) >= 0.9 * h:
        # one run a row, of about one width (but for a rounded end), that may drift
        # sideways (a skew left over)
        widths = sorted(n for _s, n in single)
        stem = widths[len(widths) // 2]
        even = sum(abs(n - stem) <= max(1, 0.25 * stem) for _s, n in single)
        # a bold stem: a regular serif «1» whose thin flag and foot the scan lost is a bar
        # too, but a slimmer one (Times at 150 dpi: 0.18 of its height; bold sans «I» 0.26)
        if 0.22 * h <= stem <= 0.4 * h and w <= stem + 0.2 * h and even >= 0.85 * h:
            return "I"
        if 2 <= stem < 0.22 * h and w <= stem + 0.2 * h and even >= 0.85 * h:
            return "1"       # the slim bar a serif «1» becomes (see above)
    if not 0.6 <= w / h <= 1.35:
        return ""

    def band(lo: float, hi: float) -> list[list[tuple[int, int]]]:
        return [runs(mask[r]) for r in range(int(lo * h), max(int(lo * h) + 1, int(hi * h)))]

    def two_apart(rows) -> bool:       # two runs, one at each side
        return all(len(r) == 2 and r[0][0] <= 0.2 * w and r[1][0] + r[1][1] >= 0.8 * w
                   for r in rows)

    def one_mid(rows, widest: float) -> bool:   # one run about the middle
        return all(len(r) == 1 and abs(r[0][0] + r[0][1] / 2 - w / 2) <= 0.15 * w
                   and r[0][1] <= widest * w for r in rows)

    if not two_apart(band(0.1, 0.3)):
        return ""
    if one_mid(band(0.88, 0.98), 0.5):
        return "V"
    if two_apart(band(0.85, 0.98)) and one_mid(band(0.45, 0.55), 0.6):
        return "X"
    return ""


def roman_from_ink(ink, dpi: int, cap_pt: tuple[float, float] = (4.0, 20.0)) -> str:
    """A cell whose ink is one Roman number and nothing else («I», «IV», «XII», maybe with a
    full stop) → that number, read from the shapes of its letters (`roman_letter`); slim
    bars alone are a serif «1», «11» whose flag and foot the scan lost (Tesseract reads
    them as nothing), and read so; '' when
    any blob is no such letter, the letters do not stand on one line at one height, their
    height is no capital's at `cap_pt` (pt), one touches the cell's side or they make no
    well-formed number."""
    from .image import components
    from .words import ROMAN

    n, labels, stats, _ = components(ink)
    if n < 2 or n > 12:
        return ""
    tallest = max(stats[k][3] for k in range(1, n))
    # specks the page's noise left in the cell (a few px; a full stop is larger)
    blobs = sorted((k for k in range(1, n) if max(stats[k][2], stats[k][3]) > 0.12 * tallest),
                   key=lambda k: stats[k][0])
    if len(blobs) > 8:
        return ""
    lo, hi = (pt * dpi / 72 for pt in cap_pt)
    if not lo <= tallest <= hi:
        return ""
    letters, dot = [], False
    top = bottom = None
    width = ink.shape[1]
    for k in blobs:
        x, y, w, h, _area = (int(v) for v in stats[k])
        if x < 0.3 * tallest or x + w > width - 0.3 * tallest:
            return ""        # at the cell's side: what erasing its border line left
        if h < 0.85 * tallest:
            # a full stop after the number: a small square blob at the letters' foot
            if (h <= 0.3 * tallest and w <= 0.4 * tallest and letters and bottom is not None
                    and abs(y + h - bottom) <= 0.15 * tallest and k == blobs[-1]):
                dot = True
                continue
            return ""
        if top is not None and (abs(y - top) > 0.15 * tallest):
            return ""
        top, bottom = y, y + h
        letter = roman_letter(labels[y:y + h, x:x + w] == k)
        if not letter:
            return ""
        letters.append(letter)
    number = "".join(letters)
    if set(number) != {"1"} and not ROMAN.match(number):   # «1», «11»: a serif type
        return ""
    return number + ("." if dot else "")


def fix_breve(image, found: list[tuple]) -> list[tuple]:
    """«И» or «и» read where the page has «Й», «й»: Tesseract misses the breve of a capital
    Й when it is thin or nearly touches the ruling line above («МАЙ» read «МАИ», a month
    heading; «ПРАВОНАРУШЕНИЙ»), and «МАИ» is a word too, so no dictionary check can tell.
    The image can: a word whose letter-sized blobs are as many as its letters has each
    blob for its letter, and a flat blob just above an «И» blob, no wider than it and
    centred over it, is that letter's breve."""
    out = list(found)
    h_img = image.shape[0]
    for i, word in enumerate(found):
        text, x, y, w, h = word[:5]
        if len(text) < 2 or not any(c in "Ии" for c in text):
            continue
        letters = [c for c in text if c.isalpha()]
        if not all(c.isalpha() or c == "-" for c in text.rstrip(".,")):
            continue          # digits, or marks as tall as letters («;», «»»): not a word
        top = max(0, y - h // 2)
        region = image[top:min(h_img, y + h), max(0, x):x + w]
        if not region.size:
            continue
        blobs = [(bx + max(0, x), by + top, bw, bh) for bx, by, bw, bh in _components(region)]
        tallest = max((b[3] for b in blobs), default=0)
        main = sorted(b for b in blobs if b[3] >= 0.4 * tallest)
        if len(main) != len(letters):
            continue
        flat = [b for b in blobs if b[3] <= 0.3 * tallest and b[2] >= 1.5 * b[3]]
        chars = list(text)
        at = [k for k, c in enumerate(chars) if c.isalpha()]
        changed = False
        for (bx, by, bw, bh), k in zip(main, at):
            if chars[k] not in "Ии":
                continue
            for fx, fy, fw, fh in flat:
                centre = fx + fw / 2
                nearest = min(main, key=lambda b: abs(b[0] + b[2] / 2 - centre))
                if nearest[0] != bx:
                    continue                 # the breve of a neighbour («ий»)
                # over the letter's middle, just above it, whole (a blob cut by the top of
                # the region is the foot of a letter on the line above: «у», «д»)
                if bx + 0.2 * bw <= centre <= bx + 0.8 * bw and fy > top \
                        and max(3, 0.2 * bw) <= fw <= 1.2 * bw \
                        and fy + fh <= by + 1 and by - (fy + fh) <= 0.25 * bh:
                    chars[k] = "Й" if chars[k] == "И" else "й"
                    changed = True
                    break
        if changed:
            out[i] = ("".join(chars),) + tuple(word[1:])
    return out


_STOPS = ".,;:"


def spaces_by_ink(image, found: list[tuple], space_em: float = 0.25,
                  join_em: float = 0.17, known=None) -> list[tuple]:
    """The space at a stop as the ink shows it, where Tesseract's word boxes say otherwise
    (engine words on a grey image, in reading order → the same, joined or split):

    - a stop that stands off from its word by a space («Директор .», «безопасности ,»: a
      typist's space before the stop, which Tesseract reads into the word) becomes a word
      of its own;
    - two words, the first ending in a stop, with no white between them as wide as a space
      («Рук.ШМО», which a low-confidence reading cuts in two) become one; so do two words of
      letters that make a word the dictionary (`known`) knows («работ а» in a letter-spaced
      heading: «работа»), or a letter and a word of which it does not know one («В
      нутришкольны й»).

    A space before a stop is a white gap of at least `space_em` of the line's em and twice
    the widest gap between the word's letters; two words are one where no white between
    them is as wide as `join_em` (settings.yaml `ocr.stop_space_em`, what was measured)."""
    import numpy as np

    def word_pair(prev, text: str) -> bool:
        """Two words of Cyrillic letters that the dictionary knows as one, or a letter and
        a word of which it does not know one («В нутришкольны й» for a word it lacks: a
        bold italic heading's letters that Tesseract's boxes part)."""
        core = text.rstrip(_STOPS + ")»")
        joined = prev + core
        return known is not None and joined.isalpha() and \
            all("\u0400" <= c <= "\u04ff" for c in joined) and \
            (joined[1:].islower() or joined.isupper()) and \
            (known(joined) or min(len(prev), len(core)) == 1 and
             not (known(prev) and known(core)))

    if not any(w[0][-1:] in _STOPS for w in found) and not any(
            a[6] == b[6] and word_pair(a[0], b[0]) for a, b in zip(found, found[1:])) and \
            not any(_glued_words(w[0], known) for w in found):
        return found
    ink = np.asarray(image) < 128
    ems: dict = {}

    def em_of(line):
        if line not in ems:
            same = [w for w in found if w[6] == line]
            blobs = _line_blobs(image, found, line)
            ems[line] = paired_em(blobs, same) or line_em(blobs, " ".join(w[0] for w in same))
        return ems[line]

    def band(line):
        same = [w for w in found if w[6] == line]
        return max(0, min(w[2] for w in same)), max(w[2] + w[4] for w in same)

    def gaps(line, x0, x1):
        """(start, width) of the white column runs between the first and last ink column."""
        y0, y1 = band(line)
        cols = ink[y0:y1, max(0, x0):max(0, x1)].any(axis=0)
        on = np.flatnonzero(cols)
        if on.size < 2:
            return [], on
        inner = ~cols[on[0]:on[-1] + 1]
        return [(on[0] + s + max(0, x0), n) for s, n in runs(inner)], on + max(0, x0)

    out: list[tuple] = []
    for word in found:
        text, x, y, w, h, conf, line = word
        prev = out[-1] if out else None
        if prev is not None and prev[6] == line and x >= prev[1] and (
                prev[0][-1:] == "." and len(prev[0]) >= 2 and text[:1].isalpha()
                or word_pair(prev[0], text)) and (em := em_of(line)):
            white, _on = gaps(line, prev[1], x + w)
            if white and max(n for _s, n in white) < join_em * em:
                x1 = max(prev[1] + prev[3], x + w)
                y0, y1 = min(prev[2], y), max(prev[2] + prev[4], y + h)
                out[-1] = (prev[0] + text, prev[1], y0, x1 - prev[1], y1 - y0,
                           min(prev[5], conf), line)
                continue
        if _glued_words(text, known) and (em := em_of(line)):
            parts = _split_by_ink(word, _line_blobs(image, found, line), em * space_em, known)
            if parts:
                out.extend(parts)
                continue
        if len(text) >= 3 and text[-1] in _STOPS and text[-2].isalpha() and (em := em_of(line)):
            white, on = gaps(line, x, x + w)
            if len(white) >= 2:
                start, n = white[-1]
                tail = on[-1] + 1 - (start + n)          # the stop's own width
                letters = max(g for _s, g in white[:-1])  # the widest gap between letters
                if n >= space_em * em and n >= 2 * letters and tail < 0.3 * em:
                    out.append((text[:-1], x, y, start - x, h, conf, line))
                    # the stop is ink measured here, no speck: kept whatever its confidence
                    out.append((text[-1], start + n, y, tail, h, max(conf, 60.0), line))
                    continue
        out.append(word)
    return out


_PUNCT = ".,;:!?()«»\"'"


def _glued_words(text: str, known) -> bool:
    """A word that may be two or more words Tesseract read without the space between them
    («СШРМР», «2рвгод»): four letters and digits or more, none of them the dictionary knows
    as one word."""
    core = text.strip(_PUNCT)
    return known is not None and len(core) >= 4 and core.isalnum() and \
        not (core.isalpha() and known(core)) and not core.isdigit()


def _split_by_ink(word: tuple, blobs, space: float, known) -> list[tuple] | None:
    """The word cut where the white between two of its letters is a space's (at least
    `space` px and 2.5 times the widest white between its other letters): each letter-sized
    blob paired with a letter or digit of the word; each part a word the dictionary knows,
    a number, an abbreviation in capitals or one letter. None where it is one word."""
    text, x, y, w, h, conf, line = word
    inside = [b for b in blobs if _inside(b, word)]
    tallest = max((b[3] for b in inside), default=0)
    own = sorted(b for b in inside if b[3] >= 0.5 * tallest)
    marks = [i for i, c in enumerate(text) if c.isalnum()]
    if len(own) == len(marks) + 2 * (text[:1] == "«") + 2 * (text[-1:] == "»"):
        # a guillemet's two chevrons as high as small letters (a sans or a large type)
        own = own[2 * (text[:1] == "«"):len(own) - 2 * (text[-1:] == "»")]
    if len(own) != len(marks) or len(own) < 4:
        return None
    gaps = [b[0] - (a[0] + a[2]) for a, b in zip(own, own[1:])]
    small = [g for g in gaps if g < space]
    if not small:
        return None
    limit = max(space, 2.5 * max(max(small), 1))
    cuts = [k for k, g in enumerate(gaps) if g >= limit]
    if not cuts:
        return None
    pieces, start, left = [], 0, x
    for k in cuts + [len(own) - 1]:
        end = marks[k] + 1 if k < len(own) - 1 else len(text)
        right = own[k][0] + own[k][2] if k < len(own) - 1 else x + w
        pieces.append((text[start:end], left, right))
        start, left = end, own[k + 1][0] if k < len(own) - 1 else right
    for piece, _l, _r in pieces:
        core = piece.strip(_PUNCT)
        if not (core.isdigit() or core.isupper() or len(core) == 1 or
                (core.isalpha() and known(core))):
            return None
    return [(p, l, y, r - l, h, conf, line) for p, l, r in pieces]


# capitals whose small letter goes below the line where the capital does not
_DESCENDING_SMALL = set("ФРУ")


def fix_first_capital(image, found: list[tuple], known=None,
                      limits: tuple[float, float] = (1.2, 0.25)) -> list[tuple]:
    """A word read with a capital first letter whose ink is a small letter's («образа
    Жизни», «финансовая» read «Финансовая»): the first letter measured against the word's
    other small letters (each blob paired with its letter): a letter of one shape in both
    cases is small when it is no taller than `limits[0]` times their height (a capital
    stands about 1.5 times as high); «Ф», «Р», «У» are small when the letter goes
    `limits[1]` of their height below their line (settings.yaml `ocr.first_capital`).
    Only where the dictionary (`known`) knows the word in small letters; a capital
    the ink shows stays (a sentence's first word, a name)."""
    import statistics

    def candidate(text: str) -> bool:
        letters = text.rstrip(".,;:!?»)")
        return len(letters) >= 3 and letters.isalpha() and letters[0].isupper() \
            and letters[1:].islower() and "\u0400" <= letters[0] <= "\u04ff" \
            and (letters[0] in SAME_SHAPE or letters[0] in _DESCENDING_SMALL)

    spots = [i for i, w in enumerate(found) if candidate(w[0])]
    if not spots:
        return found
    out = list(found)
    cache: dict = {}
    for i in spots:
        text, line = found[i][0], found[i][6]
        if line not in cache:
            cache[line] = _line_blobs(image, found, line)
        blobs = cache[line]
        letters = text.rstrip(".,;:!?»)")
        tallest = max((b[3] for b in blobs), default=0)
        own = sorted(b for b in blobs if _inside(b, found[i]) and b[3] >= 0.3 * tallest)
        own = own[:len(letters)] if len(own) > len(letters) and \
            len(own) - len(letters) == len(text) - len(letters) else own
        if len(own) != len(letters):
            continue                       # blobs and letters not one to one
        small = [b for b, ch in zip(own[1:], letters[1:]) if _NOMINAL.get(ch) == 0.46]
        if len(small) < 2:
            continue
        xh = statistics.median(b[3] for b in small)
        base = statistics.median(b[1] + b[3] for b in small)
        first = own[0]
        head = letters[0]
        if head in _DESCENDING_SMALL:
            is_small = first[1] + first[3] > base + limits[1] * xh
        else:
            is_small = first[3] <= limits[0] * xh
        lowered = head.lower() + text[1:]
        if is_small and (known is None or known(lowered.rstrip(".,;:!?»)"))):
            out[i] = (lowered,) + tuple(found[i][1:])
    return out


# letters the `rus` model reads for serif digits whose thin flags and feet a scan blurred:
# «11» read «и», «17» read «И» (a word of these letters and stops, maybe with digits)
_DIGIT_LOOKALIKES = set("ИиЙйПп")


def digits_read_as_letters(image, word: tuple, found: list[tuple] = (),
                           small: float = 0.58) -> tuple[int, bool]:
    """An engine word (text, x, y, w, h, …) on a grey image that Tesseract read as letters
    where the ink holds more letter-sized blobs than the word has letters and digits: «и»
    over the two bars of a serif «11», «И.И» over «17.11». Such a letter is one blob, with
    its breve («й») a flat one; each digit of «11» is a blob of its own. Only a word made of
    those letters (`_DIGIT_LOOKALIKES`), digits and stops is judged; one in small letters
    on a line with other words only where its ink stands taller than `small` em (a small
    «и» whose thin diagonal the scan lost is two blobs too, of the small letters' height).
    Returns how many digits the ink shows there (0: the word is as read), and whether
    each is a plain upright bar (`roman_letter`: the «1» a serif one becomes once the scan
    blurred its flag and foot)."""
    text, x, y, w, h = word[:5]
    core = text.strip(".,;:()")
    if not core or not any(c in _DIGIT_LOOKALIKES for c in core) or \
            not all(c in _DIGIT_LOOKALIKES or c.isdigit() or c in ".,-–" for c in core):
        return 0, False
    region = image[max(0, y):y + h, max(0, x):x + w]
    letters = letter_blobs(region)
    if len(letters) <= sum(c.isalnum() for c in core):
        return 0, False
    tallest = max(b[3] for b in letters)
    others = [f for f in found if f[6] == word[6] and f is not word]
    if core.islower() and others:
        # a small letter broken in two (a thin diagonal lost) is no taller than the small
        # letters of its line; digits stand as tall as capitals
        blobs = _line_blobs(image, found, word[6])
        em = paired_em(blobs, others) or line_em(blobs, " ".join(f[0] for f in others))
        if em is not None and tallest < small * em:
            return 0, False
    ink = _ink(region)
    bars = all(roman_letter(ink[by:by + bh, bx:bx + bw] > 0) in ("1", "I")
               for bx, by, bw, bh in letters)
    return len(letters), bars


def letter_blobs(region) -> list[tuple]:
    """The blobs of a word's region as tall as letters (a stop, a comma, a breve and
    specks left out): at least 0.6 of the tallest and 6 px."""
    if not region.size:
        return []
    blobs = _components(region)
    tallest = max((b[3] for b in blobs), default=0)
    return [b for b in blobs if b[3] >= 0.6 * tallest and b[3] >= 6]


def _ink(region):
    import cv2
    return cv2.threshold(region, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
