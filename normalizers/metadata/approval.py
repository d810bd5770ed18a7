"""An approval stamp («УТВЕРЖДАЮ / Директор … / Приказ № … от …»): approver, date and number."""
from __future__ import annotations

import re

from normalizers import institutions
from normalizers.lang.caps import cap_first, is_caps_line
from normalizers.lang.morph import all_lemmas
from normalizers.lang.nominative import phrase_nominative
from normalizers.metadata.dates import clean_number, parse_date
from normalizers.metadata.document import ActInfo
from normalizers.metadata.lines import join_lines
from normalizers.metadata.resources import lexicon, word_set
from normalizers.metadata.sentence_case import restore_case


_FORM_CODE = re.compile(r"унифицированн|форм[аы]\s*(?:№|по\s+окуд)|\bокуд\b|\bокпо\b", re.I)


_APPROVE_RE = re.compile(r"^[«\"“]?\s*утверждаю\b", re.I)


_SIGNATURE_RE = re.compile(r"_{3,}|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.")


_ACT_NUMBER_RE = re.compile(r"\b(?:приказ|распоряжени|постановлени|решени)[а-я]*\b[^№\n]{0,30}?"
                            r"(?:№|N(?=\s*\d))\s*(?P<num>\d[0-9A-Za-zА-Яа-яЁё/.]*(?:-[0-9A-Za-zА-Яа-яЁё]+)*)", re.I)


_REF_NUMBER_FIRST = re.compile(
    r"\bк\s+(?:приказу|постановлению|распоряжению|решению)\b[^№]{0,60}?(?:№|N(?=\s*\d))\s*"
    r"(?P<num>\d[0-9A-Za-zА-Яа-яЁё/.]*(?:\s?-\s?[0-9A-Za-zА-Яа-яЁё]+)*)\s+от\s+(?P<date>[^\n]{6,25})", re.I)


def approval_number_first(text: str) -> tuple[str, str, int] | None:
    """«к приказу №57-од от 08.06.2020» → ("2020-06-08", "57-од", where it starts)."""
    for m in _REF_NUMBER_FIRST.finditer(text or ""):
        date = parse_date(m.group("date"))
        if date:
            return date, clean_number(m.group("num")), m.start()
    return None


def _approver_lines(lines: list[str]) -> list[str]:
    """The position-and-body lines of an approval block, up to the signature, date or act line;
    a signature printed at the end of a line («г. Уссурийска____ Жовниренко И.А.») is cut off."""
    parts = []
    for nxt in lines:
        cut = _SIGNATURE_RE.search(nxt)
        head = nxt[:cut.start()].strip() if cut else nxt
        if head and not parse_date(head) and not re.match(r"^(?:приказ|протокол|от)\b", head, re.I):
            parts.append(head)
        if cut or parse_date(nxt) or not head:
            break
    return parts


_POSITION_WORDS = word_set("approver_position_words")


def _approver_block(lines: list[str], context: str) -> ActInfo | None:
    """«УТВЕРЖДАЮ / Начальник отдела образования администрации … / ____ И.И. Иванов /
    «__» ______ 2022 г.»: the body the signing official heads, in the nominative."""
    for i, line in enumerate(lines):
        if not _APPROVE_RE.match(line):
            continue
        tail = join_lines(lines[i + 1:i + 8])
        number = _ACT_NUMBER_RE.search(tail)
        date, number = parse_date(tail), clean_number(number.group("num")) if number else ""
        words = join_lines(_approver_lines(lines[i + 1:i + 6])).split()
        k = 0
        while k < len(words) and (all_lemmas(words[k].strip(".,")) & _POSITION_WORDS or
                                  re.fullmatch(r"и\.?\s?о\.?", words[k], re.I)):
            k += 1
        if k == 0 or k >= len(words):
            continue
        org = " ".join(words[k:])
        if not (all_lemmas(words[k]) & set(lexicon()["org_heads"]) or institutions.institution_level(words[k])):
            continue
        own = bool(institutions.institution_level(words[k]))
        issuer = org if own else cap_first(phrase_nominative(org))
        if is_caps_line(issuer) and not own:
            issuer = restore_case(issuer, context)
        return ActInfo(issuer=issuer, date=date, number=number, kind="approver")
    return None
