"""Abbreviations in a party replaced by their expansions, inflected to the case they stand in."""
from __future__ import annotations

import re

from normalizers.lang.caps import is_abbreviation_caps, match_case
from normalizers.lang.fold import fold_unified
from normalizers.lang.inflect import inflect_expansion
from normalizers.lang.morph import gender as _gender, has_adj_reading, nominal_lemmas, parses
from normalizers.parties.chars import _HYPHEN_CLS, _L
from normalizers.parties.glossary import _Glossary, _glossary_for
from normalizers.parties.lexicon import _lex


_PREV_WORD_RE = re.compile(rf"([{_L}]+(?:[{_HYPHEN_CLS}][{_L}]+)*)(\.?)\s*$")


def _expansion_case(prefix: str, value: str, last_case: str | None, gloss: _Glossary) -> str | None:
    """The case an abbreviation stands in, from the text before it; None: leave it
    unexpanded (it follows its own expansion: «общеобразовательные организации ОО»)."""
    lex = _lex()
    stripped = prefix.rstrip()
    if not stripped:
        return "nomn"
    if stripped.count("«") > stripped.count("»") or stripped.count('"') % 2 == 1:
        return "nomn"
    if value.lower() in fold_unified(prefix).lower():
        return None
    last_char = stripped[-1]
    if last_char in "(«\"„“":
        return "nomn"
    if last_char in ",;/":
        return last_case or "nomn"
    m = _PREV_WORD_RE.search(stripped)
    if not m:
        return "nomn"
    word, dot = m.group(1), m.group(2)
    low = word.lower()
    if low in lex.conjunctions:
        return last_case or "nomn"
    if not dot and low in lex.preposition_cases and not is_abbreviation_caps(word):
        return lex.preposition_cases[low]
    if low in lex.prepositions and not is_abbreviation_caps(word):
        return "nomn"
    if word in lex.org_forms or word in lex.org_form_suffixes or low in lex.name_markers:
        return "nomn"
    if dot or word.isdigit() or len(word) == 1:
        return "nomn"
    if not is_abbreviation_caps(word):
        head = _phrase_head_lemma(value)
        if head and head in nominal_lemmas(word):
            return None  # «организации ОО»
        if _adjective_agrees(word, value):
            return "nomn"  # «Межовская СОШ»: the abbreviation is the head of the name
    return "gent"


def _adjective_agrees(word: str, value: str) -> bool:
    """`word` is an adjective in the nominative agreeing with the head of `value`."""
    if _lex().head_kind(word) or not has_adj_reading(word):
        return False
    grams = _value_head_grams(value)
    if grams is None:
        return False
    number, gender = grams
    for p in parses(word):
        if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn" and (p.tag.number or "sing") == number:
            if number == "plur" or _gender(p) == gender:
                return True
    return False


def _value_head_grams(value: str) -> tuple[str, str | None] | None:
    words = re.findall(rf"[{_L}]+(?:[{_HYPHEN_CLS}][{_L}]+)*", value)[:6]
    for k, w in enumerate(words):
        ps = parses(w)
        noun = [p for p in ps if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
        adj = [p for p in ps if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn"]
        if adj and (not noun or k < len(words) - 1 and not _lex().head_kind(w)):
            continue
        if noun:
            p = max(noun, key=lambda p: p.score)
            return (str(p.tag.number or "sing"), _gender(p))
        return None
    return None


def _phrase_head_lemma(value: str) -> str | None:
    for w in re.findall(rf"[{_L}]+(?:-[{_L}]+)*", value)[:5]:
        nouns = [p for p in parses(w) if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
        if nouns and not (has_adj_reading(w) and not _lex().head_kind(w)):
            return nouns[0].normal_form.replace("ё", "е")
    return None


def _expand(text: str, gloss: _Glossary) -> str:
    folded = fold_unified(text)
    core = folded.rstrip(" .,;:")
    whole = gloss.word_keys.get(core.lower())
    if whole:
        return match_case(whole, core) if core[:1].isupper() else whole
    if gloss.acr_re is None:
        return folded
    out: list[str] = []
    pos = 0
    last_case: str | None = None
    for m in gloss.acr_re.finditer(folded):
        key = " ".join(m.group().split())
        value = gloss.acronyms.get(key)
        if value is None:
            continue
        case = _expansion_case(folded[: m.start()], value, last_case, gloss)
        if case is None:
            continue
        rep = inflect_expansion(value, case, _lex().head_kind)
        before = folded[: m.start()].rstrip()
        if not before.strip(" «\"(„") or before.endswith(("«", "„", "“")) or before.endswith('"') and before.count('"') % 2:
            rep = rep[:1].upper() + rep[1:]
        out.append(folded[pos : m.start()])
        out.append(rep)
        pos = m.end()
        last_case = case
    out.append(folded[pos:])
    return "".join(out)


def expand_abbreviations(text: str, glossary: dict[str, str]) -> str:
    """The text (white space folded) with the glossary's abbreviations replaced by their
    expansions, inflected to the case the abbreviation stands in («руководители ОО» ->
    «руководители образовательных организаций»). Capitalized abbreviations are matched
    as whole words, case-sensitively; a key that is an ordinary word («Отдел») only when
    it is the whole text. Returns the folded text unchanged when nothing matches."""
    if not text:
        return ""
    return _expand(text, _glossary_for(glossary or {}, merge_builtin=False))
