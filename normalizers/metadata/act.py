"""The approving act: an act's header, a letter head, an «Приложение … к приказу …» reference."""
from __future__ import annotations

import re

from normalizers import institutions
from normalizers.lang.caps import cap_first, is_caps_line
from normalizers.lang.morph import adj_parses, all_lemmas, parses
from normalizers.lang.nominative import phrase_nominative
from normalizers.metadata.approval import _approver_block, _FORM_CODE
from normalizers.metadata.dates import clean_number, NUMBER_RE, parse_date
from normalizers.metadata.document import ActInfo
from normalizers.metadata.lines import _WORD, join_lines
from normalizers.metadata.resources import lexicon, ner_spans
from normalizers.metadata.sentence_case import restore_case
from extractors.settings import MetadataSettings, defaults
from normalizers.metadata.title import _SETTLEMENT_WORDS, _SUBJECT_RE


def _is_act_line(line: str) -> bool:
    """«ПОСТАНОВЛЕНИЕ», «П Р И К А З», «Распоряжение»: the header line naming the act."""
    word = _squeeze(line).lower()
    return word in set(lexicon()["act_types"]) - {"письмо"}


_ADDRESS = re.compile(r"@|https?:|www\.|\bул\.|\bд\.\s*\d|\bтел(?:\.|ефон|\b)|\bфакс|\bинн\b|\bогрн\b|\bокпо\b|"
                      r"\bокогу\b|\d{6}", re.I)


_BODY_START = re.compile(r"^(?:уважаем|на основании|в соответствии|в целях|руководствуясь|"
                         r"в рамках|во исполнение)", re.I)


def _squeeze(line: str) -> str:
    """«П О С Т А Н О В Л Е Н И Е» → «ПОСТАНОВЛЕНИЕ»."""
    if re.fullmatch(r"(?:[А-ЯЁA-Z]\s){3,}[А-ЯЁA-Z]\s*:?", line.strip()):
        return re.sub(r"\s+", "", line).rstrip(":")
    return line.strip()


def _org_head(line: str) -> bool:
    """Does the line start with the nominative name of a body («Администрация …»,
    «МИНИСТЕРСТВО ОБРАЗОВАНИЯ», «Муниципальное казенное учреждение …», «МКУ …»)?"""
    heads = set(lexicon()["org_heads"])
    if institutions.institution_level(line[:60]) and re.match(
            r"^(?:кра|обл|респ|госуд|муниц)[а-яё]+\s", line, re.I):
        return True                    # «Краевое государственное казённое учреждение …»
    for k, m in enumerate(_WORD.finditer(line.lstrip("«\"")), start=0):
        w = m.group(0)
        if k == 0 and w.isupper() and w.lower() in heads and len(w) <= 4:
            return True
        if any(p.normal_form.replace("ё", "е") in heads and p.tag.case == "nomn"
               and p.tag.number == "sing" for p in parses(w)):
            return True
        if k >= 2 or not any(p.tag.case == "nomn" for p in adj_parses(w)):
            return False
    return False


def _header_zone_end(lines: list[str], title_at: int, cfg: MetadataSettings) -> int:
    limit = min(len(lines), cfg.header_max_lines, title_at if title_at >= 0 else len(lines))
    for i in range(limit):
        line = lines[i]
        if _SUBJECT_RE.match(line) or _BODY_START.match(line) or len(line) > 250:
            return i
    return limit


def _issuer_from_header(lines: list[str], end: int, context: str,
                        cfg: MetadataSettings) -> tuple[str, int]:
    for i in range(end):
        line = lines[i]
        if not _org_head(line) or re.search(r"\d", line):
            continue
        parts = [line]
        caps = is_caps_line(line)
        for nxt in lines[i + 1:end]:
            if len(parts) >= cfg.issuer_max_lines or re.search(r"\d", nxt) or \
                    _ADDRESS.search(nxt) or _is_act_line(nxt) or len(nxt) > 120 or \
                    is_caps_line(nxt) != caps or (_org_head(nxt) and nxt[:1] not in "«\""):
                break
            first = _WORD.match(nxt.lstrip("«\"("))
            prev_last = _WORD.findall(parts[-1])[-1].lower()
            if not first or not (nxt.lstrip("«\"(")[:1].islower() or prev_last in _SETTLEMENT_WORDS or
                                 nxt[:1] in "«\"" or
                                 any(p.tag.case == "gent" for p in parses(first.group(0)))):
                break
            parts.append(nxt)
        issuer = join_lines(parts)
        if caps:
            issuer = restore_case(issuer, context)
        return cap_first(issuer), i
    return "", -1


_REF_RE = re.compile(
    r"(?:приложени[ея]|утвержд[её]н[аоы]?|утверждаю|одобрен[аоы]?)\b(?:\s*№?\s*\d+)?[^.;]{0,40}?"
    r"\b(?:к\s+)?(?P<act>постановлени|приказ|распоряжени|решени|письм)[а-я]*\s+"
    r"(?P<org>(?:(?!\bот\s+[«\"“]?\d)[^;№])*?)\s*\bот\s+(?P<date>[«\"“]?\d{1,2}[^№]{3,20}?\d{4})"
    r"\s*(?:г\.|года|г\b)?\s*(?:(?:№|N(?=\s*\d))\s*(?P<num>[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/.]*"
    r"(?:\s*[-–—]\s*[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/.]*)*)|(?P<bare>\d[\d/]*-\d+))?",
    re.I)


def _approval_reference(flow: str, context: str) -> ActInfo | None:
    """«Приложение № 2 к приказу Отдела образования … от 19.10.2021 года № 50а»,
    «УТВЕРЖДЕНА постановлением администрации … от 05.03.2023 № 112-од»."""
    for m in _REF_RE.finditer(flow):
        date = parse_date(m.group("date"))
        if not date:
            continue
        org = m.group("org").strip(" ,")
        issuer = ""
        if org and _WORD.match(org):
            words = org.split()
            heads = set(lexicon()["org_heads"])
            if all_lemmas(words[0]) & heads or any(all_lemmas(w) & heads for w in words[:3]):
                issuer = cap_first(phrase_nominative(org))
                if is_caps_line(issuer):
                    issuer = restore_case(issuer, context)
        num = m.group("num") or m.group("bare") or ""
        return ActInfo(issuer=issuer, date=date, number=clean_number(num), kind="reference")
    return None


def find_act(lines: list[str], title_at: int = -1, context: str = "",
             cfg: MetadataSettings | None = None) -> ActInfo:
    """The approving act or covering letter: its body (issuer), date and number, from the
    act's header (the lines before «Об утверждении …» / «О направлении …» / the title) or,
    failing that, from an «Приложение … к приказу <body> от <date> № <n>» reference."""
    cfg = cfg or defaults().metadata
    context = context or join_lines(lines)
    end = _header_zone_end(lines, title_at, cfg)
    info = ActInfo(header_end=end)
    issuer, at = _issuer_from_header(lines, end, context, cfg)
    zone = lines[:end]
    has_act = any(_is_act_line(line) for line in zone)
    is_letter = any(re.match(r"^(?:уважаем|о направлении)", l, re.I) for l in lines[end:end + 3])
    if issuer or has_act or is_letter:
        info.issuer, info.kind = issuer, "header"
        for line in zone[max(at, 0):]:
            if re.match(r"^на\s*№", line, re.I) or "___" in line or len(line) > 80 or \
                    _FORM_CODE.search(line):
                continue
            if not info.date:
                d = parse_date(line)
                if d and not _ADDRESS.search(line):
                    info.date = d
            if not info.number:
                n = NUMBER_RE.search(line)
                if n and not _ADDRESS.search(line):
                    info.number = clean_number(n.group("num"))
        if not info.issuer and has_act:
            info.issuer = _ner_org(join_lines(zone), cfg)
    # the approving act is referred to before the title («Приложение № 1 к постановлению …»)
    before = lines[:title_at] if title_at >= 0 else lines[:cfg.header_max_lines]
    ref = _approval_reference(join_lines(before), context)
    if ref is None and not info.issuer:
        ref = _approver_block(before, context)
    if ref:
        if not info.issuer:
            info.issuer = ref.issuer
        if not info.date and not info.number:
            info.date, info.number = ref.date, ref.number
        if not info.kind:
            info.kind = ref.kind
    return info


def _ner_org(text: str, cfg: MetadataSettings) -> str:
    """The first ORG natasha finds in an act header, in the nominative (fallback)."""
    heads = set(lexicon()["org_heads"])
    try:
        for kind, _, normal in ner_spans(text, cfg):
            words = _WORD.findall(normal)
            if kind == "ORG" and words and any(all_lemmas(w) & heads for w in words[:3]):
                return cap_first(normal)
    except Exception:                                   # pragma: no cover - model trouble
        return ""
    return ""
