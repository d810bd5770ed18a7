"""Repair of OCR confusions in Russian words by a dictionary check: Latin look-alikes
(«o/о», «c/с») and digits read for letters («3/З», «6/б») are replaced, and a one-letter word
glued to its neighbour («информациио») or a digit glued before a word («Зянваря») split
off, only where pymorphy3 knows the result and did not know the word as read (the look-alikes: lookalikes.yaml). Then the typography OCR
loses: a lone «—» is the en dash Word prints, «№» is followed by a space, a word of zeros
(«00») is «ОО», a speck read as «‘» before a word goes."""
from __future__ import annotations

import functools
import itertools
import os
import re

from .glyphs import SAME_SHAPE

_HERE = os.path.dirname(os.path.abspath(__file__))
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

_MAX_CHOICES = 64
_ZEROS = re.compile(r"[0OО]*0[0OО]*")


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    from normalizers.text import load_yaml
    return load_yaml(os.path.join(_HERE, "lookalikes.yaml")) or {}


def lookalikes() -> tuple[dict[str, str], dict[str, list[str]]]:
    data = _data()
    return dict(data.get("latin") or {}), {str(k): list(v) for k, v in (data.get("digits") or {}).items()}


def _word_or_abbreviation(word: str) -> bool:
    return (len(word) >= 2 and word.isupper()) or (len(word) >= 3 and known(word))


def split_glued(token: str, tail_ok: bool = True) -> str:
    """«информациио» → «информации о», «вшколах» → «в школах»: an unknown word that is a
    known one with a one-letter word glued to it. A letter is not split off the end when
    punctuation follows (`tail_ok` false: a one-letter preposition or conjunction never
    stands before a stop or comma, an abbreviation does: «башк.») nor off a name the
    dictionary does not hold (a capitalised word it takes for a surname or first name:
    «Мещерякова», «Деркачев»)."""
    if len(token) < 4 or known(token) or not all(_cyrillic(c) for c in token):
        return token
    glued = set(_data().get("glued") or [])
    if token[-1] in glued and tail_ok and not _name(token) \
            and _word_or_abbreviation(token[:-1]):
        return token[:-1] + " " + token[-1]
    if token[0] in glued and known(token[1:]) and len(token) > 4:
        return token[0] + " " + token[1:]
    return token


def split_digit(token: str) -> str:
    """«Зянваря» → «3 января»: an unknown word that is a known one in small letters with a
    digit glued before it, read as the letter of its shape (lookalikes.yaml, `digits`:
    «3/З», «6/б»), where the word is a noun in the genitive; not a letter that is a one-letter word itself (`glued`: «в», «о» are
    split off as words)."""
    if len(token) < 5 or known(token) or not token[1:].islower():
        return token
    _latin, digits = lookalikes()
    glued = set(_data().get("glued") or [])
    digit = next((d for d, letters in digits.items() if token[0] in letters), None)
    if digit is None or token[0].lower() in glued or not all(_cyrillic(c) for c in token[1:]) \
            or not known(token[1:]) or not _noun(token[1:]):
        return token
    return digit + " " + token[1:]


def digits_before_nouns(found: list[tuple]) -> list[tuple]:
    """`split_digit` for a digit read as its look-alike letter standing apart: «З января» →
    «3 января» (the words of one cell as `(text, …, line)` tuples): a one-letter word that
    is a digit's look-alike and no one-letter word itself, before a genitive noun in small
    letters on its line."""
    _latin, digits = lookalikes()
    glued = set(_data().get("glued") or [])
    out = list(found)
    for i, word in enumerate(found[:-1]):
        text, after = word[0], found[i + 1]
        digit = next((d for d, letters in digits.items() if text in letters), None)
        core = after[0].rstrip(".,;:)")
        if digit is None or text.lower() in glued or after[6] != word[6] or \
                len(core) < 3 or not core.islower() or not known(core) or not _noun(core):
            continue
        out[i] = (digit,) + tuple(word[1:])
    return out


def _noun(word: str) -> bool:
    """The dictionary reads the word as a noun in the genitive, as after a number («3
    января», «6 классов»); a surname's tail is hardly one («Збарский», «Зимин»)."""
    from normalizers.text import morph
    return any(p.tag.POS == "NOUN" and "gent" in p.tag for p in morph().parse(word.lower())
               if p.is_known)


_CAPS_THEN_SMALL = re.compile(r"([А-ЯЁ]{2,})([а-яё]{1,2})")
_SMALL_THEN_CAPS = re.compile(r"([а-яё])([А-ЯЁ]{2,}[а-яё]*)")


def split_at_case(token: str, tail_ok: bool = True) -> str:
    """An abbreviation in capitals and a short word glued on where the case changes:
    «кГИА» → «к ГИА», «ФЗот» → «ФЗ от», «ОТи» → «ОТ и». No Russian word goes from small
    letters to capitals; capitals then small letters are split only when the small ones
    are a preposition or conjunction (data: glued, case_split_words) and no case ending
    of an abbreviation («ВУЗа», «ВУЗу», «ВУЗов» stay)."""
    words = set(_data().get("case_split_words") or [])
    m = _SMALL_THEN_CAPS.fullmatch(token)
    if m and m.group(1) in words:
        return m.group(1) + " " + m.group(2)
    m = _CAPS_THEN_SMALL.fullmatch(token)
    if m and m.group(2) in words and tail_ok:
        return m.group(1) + " " + m.group(2)
    return token


def _name(token: str) -> bool:
    """A capitalised word the dictionary's guesser takes for a person's name."""
    if not (token[:1].isupper() and token[1:].islower()):
        return False
    from normalizers.lang.morph import name_tags
    return bool(name_tags(token, top=3))


def _cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


@functools.lru_cache(maxsize=50_000)
def known(word: str) -> bool:
    from normalizers.text import morph
    return bool(word) and morph().word_is_known(word.lower())


@functools.lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from normalizers.lang.abbreviations import builtin_items
    return frozenset(a for a, _ in builtin_items())


def fix_abbreviation(token: str) -> str:
    """An abbreviation in capitals the glossary lacks → the one glossary abbreviation that
    differs from it by one capital Tesseract confuses (lookalikes.yaml, `capitals`); else as
    read."""
    known_ones = _abbreviations()
    if len(token) < 3 or not token.isupper() or token in known_ones:
        return token
    table = _data().get("capitals") or {}
    found = {token[:i] + alt + token[i + 1:] for i, ch in enumerate(token)
             for alt in table.get(ch, ())} & known_ones
    return found.pop() if len(found) == 1 else token


def fix_cut(token: str) -> str:
    """A word of Cyrillic letters the dictionary does not know → the one word it knows that
    the word becomes with letters a ruling line cut given back (lookalikes.yaml, `cut`:
    «здоповья» → «здоровья», «ДЕГЕИ» → «ДЕТЕЙ») or a thinned stroke misread (`shapes`:
    «Фугбол» → «Футбол»); as read when none or more than one does.
    Words in capitals shorter than five letters are abbreviations; a capitalised word the
    dictionary takes for a name stays."""
    if len(token) < (5 if token.isupper() else 4) or known(token) or _name(token):
        return token
    table: dict[str, list[str]] = {}
    for part in ("cut", "shapes"):
        for ch, alts in (_data().get(part) or {}).items():
            table.setdefault(ch, []).extend(a for a in alts if a not in table.get(ch, []))
    spots = [i for i, ch in enumerate(token) if ch in table]
    if not spots or len(spots) > 4:
        return token
    found = set()
    for choice in itertools.product(*([token[i]] + list(table[token[i]]) for i in spots)):
        chars = list(token)
        for i, ch in zip(spots, choice):
            chars[i] = ch
        candidate = "".join(chars)
        if candidate != token and known(candidate):
            found.add(candidate)
    return found.pop() if len(found) == 1 else token


@functools.lru_cache(maxsize=50_000)
def fix_token(token: str) -> str:
    """One run of letters and digits as read → the dictionary word it most likely is."""
    if len(token) < 2 or token.isdigit():
        return token
    if all(_cyrillic(ch) for ch in token):
        if token.isupper():
            fixed = fix_abbreviation(token)
            return fixed if fixed != token else fix_cut(token)
        if token.isalpha() and (token.islower() or token[1:].islower()):
            return fix_cut(token)
    latin, digits = lookalikes()
    has_cyr = any(_cyrillic(ch) for ch in token)
    # a Latin word (an abbreviation, a web address) stays as it is
    if not has_cyr and not any(ch in digits for ch in token):
        return token
    if not has_cyr and not any(ch.isalpha() for ch in token):
        return token
    lettered = len(token) >= 3 and any(c.isalpha() for c in token)
    suspects = [i for i, ch in enumerate(token)
                if (ch in latin and has_cyr) or (ch in digits and lettered)]
    if not suspects:
        return token
    if known(token):
        return token
    options = []
    for i in suspects:
        ch = token[i]
        alts = [latin[ch]] if ch in latin else list(digits.get(ch, []))
        if i > 0:
            alts = [a for a in alts if a.islower()] or alts   # capitals only start a word
        else:
            alts.sort(key=lambda a: not a.isupper())
        options.append([ch] + alts)
    if any(token[i] in latin for i in suspects) and all(token[i] in latin for i in suspects) \
            and sum(_cyrillic(c) for c in token) >= len(suspects):
        whole = "".join(latin.get(c, c) for c in token)
        if known(whole) or not any(c.isdigit() for c in token):
            return whole     # Latin letters inside a Cyrillic word are never right
    count = 1
    for o in options:
        count *= len(o)
    if count > _MAX_CHOICES:
        return token
    for choice in itertools.product(*options):
        chars = list(token)
        for i, ch in zip(suspects, choice):
            chars[i] = ch
        candidate = "".join(chars)
        if candidate != token and known(candidate):
            return candidate
    return token


def unknown_word(text: str) -> bool:
    """A word as read holds a run of at least three Cyrillic lower-case letters that the
    dictionary does not know (an abbreviation in capitals, a number, a name with a capital
    are not judged)."""
    for token in _TOKEN.findall(text):
        if len(token) >= 3 and token.islower() and all(_cyrillic(c) for c in token) \
                and not known(token):
            return True
    return False


def _fix_match(m, text: str) -> str:
    """One token of `text` repaired; a part of a hyphenated compound («психолого-») is not
    split: its last letter is no one-letter word glued on."""
    token = fix_token(m.group(0))
    before = text[m.start() - 1:m.start()]
    after = text[m.end():m.end() + 1]
    if after in "-‐" and after or before in "-‐" and before:
        return token
    tail_ok = not after or after.isspace()
    split = split_at_case(token, tail_ok)
    if split == token:
        split = split_glued(token, tail_ok)
    return split if split != token else split_digit(token)


def fix_text(text: str) -> str:
    """Every word of an OCR'd text repaired where the dictionary says so."""
    if text == "—":
        return "–"          # Tesseract's Russian model has no en dash, the usual one in Word
    if text == "‚":
        return ","          # a comma standing apart («Директор , зам»): Russian has no ‚ quote
    if len(text) >= 2 and _ZEROS.fullmatch(text):
        return "О" * len(text)   # «ОО» read as «00»: no number is written so
    text = _STRAY_QUOTE.sub("", text)
    text = _LOW_COMMA.sub(",", text)
    text = _TOKEN.sub(lambda m: _fix_match(m, text), text)
    text = _initials(text)
    return re.sub(r"№(?=\d)", "№ ", text)


# a speck before a word read as an opening single quote («‘участия»): Russian text quotes
# with «» or „“, so a ‘ or ` glued to a Cyrillic word and never closed is noise
_STRAY_QUOTE = re.compile(r"^[‘`‚](?=[А-ЯЁа-яё])(?!.*[’`]$)")
# the single low quote «‚» is no Russian punctuation: after a word it is a comma
_LOW_COMMA = re.compile(r"(?<=[\w.)»])‚$")


# a person's initials as OCR misreads them: «0.Э.» (zero for О), «—О.В.» (a dash glued on),
# «Ю.В..» (a doubled dot)
_INITIALS_ZERO = re.compile(r"(?<![\w.])0(?=\.[А-ЯЁ]\.)|(?<=[А-ЯЁ]\.)0(?=\.)")
_INITIALS_DASH = re.compile(r"^[—–-]+(?=[А-ЯЁ]\.[А-ЯЁ]\.)")
_INITIALS_DOTS = re.compile(r"(?<=[А-ЯЁ]\.[А-ЯЁ])\.{2,}")


# «3» and «З» look alike: «3.Ш.» after a surname is an initial, «З.Проверка» starting an
# item is its number (unless the word after it is a name: «З.Иванова»)
_INITIAL_THREE = re.compile(r"^3(?=\.[А-ЯЁ](?:\.|$|[,;]))")
_NUMBER_ZE = re.compile(r"^З\.(?=([А-ЯЁ][а-яё]{2,})(?![а-яё]*\.[А-ЯЁ]))")


def _is_name(word: str) -> bool:
    from normalizers.lang.morph import name_tags
    return bool(name_tags(word))


# «З-я», «З-й», «З-х»: an ordinal's ending after the digit 3 read as the letter «З» («3-я, 4-я
# неделя»); no Russian word is «З» with such an ending
_ORDINAL_THREE = re.compile(r"^З(?=[-–](?:я|й|е|го|х|м|ю|ми|ей|ий|ая|ое|ом)(?![а-яё]))")


def _numbers_and_initials(text: str) -> str:
    text = _ORDINAL_THREE.sub("3", text)
    text = _INITIAL_THREE.sub("З", text)
    m = _NUMBER_ZE.match(text)
    if m and known(m.group(1)) and not _is_name(m.group(1)):
        text = "3" + text[1:]
    return text


def _initials(text: str) -> str:
    """Initials repaired: they are no dictionary words, so `fix_token` leaves them alone."""
    text = _numbers_and_initials(text)
    text = _INITIALS_ZERO.sub("О", text)
    text = _INITIALS_DASH.sub("", text)
    return _INITIALS_DOTS.sub(".", text)


# letters whose capital is the small letter made taller (the case Tesseract may miss)
_SAME_SHAPE_CAPS = "".join(sorted(c for c in SAME_SHAPE if c.isupper()))
# a capital of that kind after a small letter inside a word («длЯ», «пРи»)
_CAP_INSIDE = re.compile(rf"(?<=[а-яё])[{_SAME_SHAPE_CAPS}]")


def stray_capitals(found: list[tuple]) -> list[tuple]:
    """Capitals of letters that have the small letter's shape, read where no capital stands
    (the words of one cell in reading order, as `(text, …)` tuples): one inside a word of
    small letters («длЯ» → «для», when the dictionary knows the word so; a mixed-case
    abbreviation such as «СанПиН» starts with a capital and stays), and a one-letter
    word between two words in small letters or after a comma («школ С низкими» → «школ с
    низкими»; after a full stop, or before a capital or a digit, it stays)."""
    one_letter = set(_data().get("glued") or []) & set(_SAME_SHAPE_CAPS.lower())
    out = list(found)
    for i, word in enumerate(found):
        text = word[0]
        if text[:1].islower() and len(_CAP_INSIDE.findall(text)) == 1:
            # one capital inside a word in small letters; «СанПиН», «КДНиЗП» keep theirs
            fixed = _CAP_INSIDE.sub(lambda m: m.group(0).lower(), text)
            if all(known(t) for t in _TOKEN.findall(fixed) if any(c.islower() for c in t)):
                out[i] = (fixed,) + tuple(word[1:])
        elif len(text) == 1 and text.lower() in one_letter and text.isupper() \
                and 0 < i < len(found) - 1:
            before, after = found[i - 1][0], found[i + 1][0]
            if (before[-1:].islower() or before[-1:] == ",") and after[:1].islower():
                out[i] = (text.lower(),) + tuple(word[1:])
    return out


# a well-formed Roman number up to XXXIX
ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")


def roman_of(token: str) -> str:
    """The Roman number an OCR'd token stands for, read through the look-alike table
    (lookalikes.yaml, `roman`: «П» → II, «УТ» → VI, «1У» → IV, «[У» → IV); '' when it reads as
    none, and for digits alone («1», «11» may be Arabic)."""
    if not token or token.isdigit():
        return ""
    data = _data().get("roman") or {}
    for pair, value in (data.get("pairs") or {}).items():
        token = token.replace(pair, value)
    letters = data.get("letters") or {}
    roman = "".join(letters.get(ch, "?") for ch in token)
    return roman if ROMAN.match(roman) else ""


def ones_as_roman(token: str) -> str:
    """«1», «11», «111» as the I, II, III the `rus` model may have read so ('' otherwise):
    only where the context says the number is Roman."""
    return "I" * len(token) if token in ("1", "11", "111") else ""


def roman_before_periods(found: list[tuple]) -> list[tuple]:
    """A Roman number before a word of a period, as the `rus` model prints it («П четверть»,
    «ТУ квартал», «Ш, У недели»: lookalikes.yaml, `roman`) → the number («II четверть», «IV
    квартал», «III, IV недели»); a token of digits alone, or one that reads as no Roman
    number, stays as read."""
    periods = tuple((_data().get("roman") or {}).get("period_words") or ())

    def as_roman(token: str) -> str:
        """roman_of, and «1», «11», «111» as I, II, III (only beside a Roman part)."""
        return ones_as_roman(token) or roman_of(token)

    def as_range(token: str) -> str:
        """«П», «П–Ш», «1-П» → «II», «II–III», «I-II»; '' when any part is no Roman number
        or all are digits."""
        parts = re.split(r"([-–—])", token)
        words = parts[::2]
        if not all(words) or all(w.isdigit() for w in words):
            return ""
        romans = [as_roman(w) for w in words]
        if not all(romans):
            return ""
        parts[::2] = romans
        return "".join(parts)

    out = list(found)
    for i, word in enumerate(found):
        text = word[0]
        lower = text.lower()
        # glued to the period word: «Тчетверть», «Гполугодие»
        glued = next((k for k in range(1, min(4, len(text))) if lower[k:].startswith(periods)
                      and not text[:k].isdigit()), 0)
        if glued and (roman := as_roman(text[:glued])):
            out[i] = (f"{roman} {text[glued:]}",) + tuple(word[1:])
            continue
        if not lower.startswith(periods):
            continue
        # the numbers before it, back over a list («Ш, У недели», «I и II полугодие»)
        for j in range(i - 1, -1, -1):
            prev = found[j][0]
            token = prev.rstrip(".,")
            if token in ("и", "-", "–") and j < i - 1:
                continue
            roman = as_range(token)
            if not roman:
                break
            if roman != token:
                out[j] = (roman + prev[len(token):],) + tuple(found[j][1:])
    return out


def roman_lists(found: list[tuple]) -> list[tuple]:
    """A list of Roman numbers as the `rus` model prints them («Кл.рук-ли ТУ, УП, х» for
    IV, VII, X: lookalikes.yaml, `roman`) → the numbers: two or more words in a row (over
    a line's end too), each but the last ending in a comma, every one a Roman number or a lookalike of one
    (in small letters only one the dictionary does not know as a word), and one of them of two letters or more
    (a list of single letters «Т, Г» may be a list of letters)."""
    def roman(text: str) -> str:
        token = text.rstrip(",;.")
        if not token or token.isdigit() or (len(token) > 1 and not token.isupper()
                                             and known(token)):
            return ""
        return token if ROMAN.match(token) else roman_of(token.upper())

    out = list(found)
    i = 0
    while i < len(found):
        j = i
        # the list goes on over the line's end after a comma («IV, VII, / X»)
        while j < len(found) and roman(found[j][0]) and \
                (j == i or found[j - 1][0].endswith(",")):
            j += 1
        run = found[i:j]
        if len(run) >= 2 and any(len(w[0].rstrip(",;.")) >= 2 for w in run):
            for k in range(i, j):
                text = found[k][0]
                token = text.rstrip(",;.")
                out[k] = (roman(text) + text[len(token):],) + tuple(found[k][1:])
        i = max(j, i + 1)
    return out


# two capitals and a stop: initials whose first stop the scan lost («Дронь УА.»)
_TWO_INITIALS = re.compile(r"([А-ЯЁ])([А-ЯЁ])\.([,;]?)")


def initials_after_names(found: list[tuple]) -> list[tuple]:
    """A person's initials read without the stop between them («Дронь УА.» → «Дронь
    У.А.»; a 150-dpi scan thins the stop to a speck): two capitals and a stop after a
    capitalised word that is a name or no dictionary word (a surname), unless the two
    capitals are an abbreviation of the glossary («ОО.»)."""
    out = list(found)
    for i in range(1, len(found)):
        m = _TWO_INITIALS.fullmatch(found[i][0])
        prev = found[i - 1][0].rstrip(",")
        if not m or m.group(1) + m.group(2) in _abbreviations():
            continue
        if len(prev) >= 2 and prev[0].isupper() and prev[1:].islower() \
                and all(_cyrillic(c) for c in prev) and (_name(prev) or not known(prev)):
            out[i] = (f"{m.group(1)}.{m.group(2)}.{m.group(3)}",) + tuple(found[i][1:])
    return out


# the letters a lettered list runs through («а)», «б)», «в)» …: no «ё», «й», «ъ», «ы», «ь»)
_LIST_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
_LETTER_MARK = re.compile(r"([а-яё])\)")
_DIGIT_MARK = re.compile(r"(\d)\)(.*)", re.S)


def lettered_list(found: list[tuple]) -> list[tuple]:
    """A lettered list's marker read as a digit («а) причины …; 6) причины …»: «6» for
    «б», lookalikes.yaml `digits`) → the letter, where the cell's marker before it is the
    letter before that one; a numbered list («1) … 2) …») has no letter before its
    digits and stays."""
    _latin, digits = lookalikes()
    out = list(found)
    last = ""
    for i, word in enumerate(found):
        text = word[0]
        if m := _LETTER_MARK.fullmatch(text):
            last = m.group(1)
            continue
        m = _DIGIT_MARK.fullmatch(text)
        if not m or not last or last not in _LIST_LETTERS:
            continue
        after = _LIST_LETTERS[_LIST_LETTERS.index(last) + 1:][:1]
        if after and after in digits.get(m.group(1), []):
            out[i] = (f"{after}){m.group(2)}",) + tuple(word[1:])
            last = after
    return out
