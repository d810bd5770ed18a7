"""The plan's title: its first line and the lines that continue it, or the act's subject line."""
from __future__ import annotations

import functools
import re

from normalizers import institutions
from normalizers.lang.caps import cap_first
from normalizers.lang.morph import parses
from normalizers.lang.nominative import agreeing_head, phrase_nominative
from normalizers.metadata.lines import _WORD, join_lines
from normalizers.metadata.resources import lexicon, word_set
from extractors.settings import MetadataSettings, defaults


@functools.lru_cache(maxsize=1)
def _title_re():
    lex = lexicon()
    heads = "|".join(lex["title_heads"])
    mods = lex["title_head_modifiers"]
    return re.compile(rf"^[«\"“]?\s*(?:(?:{mods})[а-яё]*\s+)?(?:{heads})(?![\w-])", re.I)


_PREPS = word_set("title_continuation_words")


_SETTLEMENT_WORDS = word_set("settlement_words")


def _page_number(line: str) -> bool:
    return bool(re.fullmatch(r"[-–\s]*\d{1,3}[-–\s]*", line))


def _continues_title(prev: str, line: str) -> bool:
    """Does `line` continue a title whose last printed line is `prev`?"""
    lex = lexicon()
    low = line.lower()
    if low.startswith("(далее"):
        return False
    p = prev.rstrip()
    if p.endswith((":", ";", "!", "?")):
        return False
    if p.endswith(".") and not re.search(r"(?:\bгг?|\bг\.г|\bст|\bим)\.$", p, re.I):
        return False
    if line[:1].isupper() and any(low.startswith(s) for s in lex["title_stops"]):
        return False
    last_words = _WORD.findall(p)
    last = last_words[-1].lower() if last_words else ""
    if p.endswith((",", "-", "–", "—")) or last in _PREPS or last in _SETTLEMENT_WORDS:
        return True
    if re.match(r"^(?:\d|[-•—–*]\s|[IVXLC]+[.)]\s)", line):
        return False
    first = _WORD.match(line.lstrip("«\"“(„"))
    if line[:1] in "(«\"“„" or (first and line.lstrip("«\"“(„")[:1].islower()):
        return True
    if p.count("«") > p.count("»") or p.count("(") > p.count(")") or p.count('"') % 2:
        return True
    if not first:
        return False
    w = first.group(0)
    if w.lower() in _PREPS:
        return True
    if institutions.institution_level(w) and not p.endswith("."):
        return True                      # «ПЛАН РАБОТЫ⏎МУ «Спортивная школа …»»: whose plan
    if _title_re().match(line):
        return False
    # an upper-case word in an oblique case continues («Лесном муниципальном округе»,
    # «Красноярского края»); a nominative starts something new («Цель …», «Пояснительная …»)
    head = agreeing_head(_WORD.findall(line)[:4])
    if head is not None:
        return head[1] != "nomn"
    return not any(q.tag.case == "nomn" for q in parses(w)) and bool(parses(w))


def _without_form_captions(title: str) -> str:
    """The title without a form's captions under its blanks («… в КГКУ «Центр …»
    (наименование муниципального образования) в рамках …»): they name what to fill in."""
    starts = tuple(lexicon().get("form_captions") or ())

    def keep(m: re.Match) -> str:
        return " " if m.group(1).strip().lower().startswith(starts) else m.group(0)

    return re.sub(r"\s*\(([^()]{1,80})\)\s*", keep, title).strip() if starts else title


def _is_sentence(title: str) -> bool:
    """A candidate title that says something about the plan: it holds a predicate of the
    word list, or a word that can only be a finite verb or a short participle («Программа
    призвана способствовать …», «… повысит доступность»): a heading names, it does not say."""
    words = set(re.findall(r"[а-яё]+", title.lower()))
    if words & set(lexicon()["title_sentence_words"]):
        return True
    return any(len(w) > 3 and (found := parses(w)) and
               all(q.tag.POS in ("VERB", "PRTS") for q in found) for w in words)


def find_title(lines: list[str], cfg: MetadataSettings | None = None) -> tuple[str, int, int]:
    """(title, first line index, index after the last line) of the plan's own title; the
    first heading that names the plan, continued over the lines that carry it on.
    ("", -1, -1) when there is none."""
    cfg = cfg or defaults().metadata
    rx = _title_re()
    fallback = None
    for i, line in enumerate(lines):
        # a heading starts with a capital; «…направляет региональный план-график …» wrapped
        # onto a new line is running text
        if not rx.match(line) or not line.lstrip("«\"“")[:1].isupper():
            continue
        parts = [line]
        j = i + 1
        while j < len(lines) and len(parts) < cfg.title_max_lines:
            nxt = lines[j]
            if _page_number(nxt):
                j += 1
                continue
            if not _continues_title(parts[-1], nxt) or \
                    len(join_lines(parts + [nxt])) > cfg.title_max_chars:
                break
            parts.append(nxt)
            j += 1
        title = _without_form_captions(join_lines(parts))
        cut = re.search(r"\s*\((?:далее|далее\s*[-–—])", title, re.I)
        if cut:
            if fallback is None and not _is_sentence(title[:cut.start()]):
                fallback = (title[:cut.start()].rstrip(" ,"), i, j)
            continue
        if _is_sentence(title):
            continue
        return title.rstrip(" ,;:"), i, j
    return fallback or ("", -1, -1)


_SUBJECT_RE = re.compile(r"^(?:Об?|ОБ?)\s+(?:утвержд|направлен|согласован|внесени|реализаци|"
                         r"организаци|разработк|проведени)", re.I)


def _subject_text(lines: list[str]) -> str:
    """The approving act's subject line(s): «Об утверждении дорожной карты … на 2022-2024
    годы», with the lower-case lines that continue it."""
    for i, line in enumerate(lines):
        if _SUBJECT_RE.match(line):
            parts = [line]
            for nxt in lines[i + 1:i + 8]:
                if not nxt[:1].islower():
                    break
                parts.append(nxt)
            return join_lines(parts)
    return ""


def _title_from_subject(lines: list[str]) -> str:
    """«Об утверждении дорожной карты по …» → «Дорожная карта по …» (a fallback title)."""
    for i, line in enumerate(lines):
        if not _SUBJECT_RE.match(line):
            continue
        parts = [line]
        for nxt in lines[i + 1:i + 6]:
            if nxt[:1].islower():
                parts.append(nxt)
            else:
                break
        text = join_lines(parts)
        m = re.match(r"^(?:Об?)\s+\w+\s+(.*)$", text, re.I | re.S)
        if not m:
            continue
        rest = m.group(1)
        words = rest.split()
        for n in (3, 2, 1):
            head = " ".join(words[:n])
            nom = phrase_nominative(head)
            if nom != head and _title_re().match(nom):
                return cap_first(" ".join([nom] + words[n:]))
    return ""
