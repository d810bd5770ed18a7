"""Document metadata: whose plan it is, read from the text around the plan tables.

    meta = extract_metadata(paragraphs, deadline_years=[2022, 2024], table_text="…")
    meta.title, meta.level, meta.region, meta.municipality, meta.issuer,
    meta.approved_date, meta.approved_number, meta.period_start, meta.period_end

`paragraphs` are the text blocks outside tables in reading order. They come either one per
Word paragraph (DOCX) or one per printed line (PDF); every rule here works on runs of lines
(a title or an act header printed over several lines is joined first), so both give one
answer. Pure functions, no I/O except the data files in `normalizers/data/`:

* `regions.yaml`        the 89 subjects of the RF, canonical nominative names and aliases;
                        every name is inflected into all cases with pymorphy3 (a generated
                        table of forms), so «в Красноярском крае» → «Красноярский край».
* `region_clues.yaml`   institutions that imply a region («КК ИПК» → Красноярский край).
* `metadata_lexicon.yaml` title heads, act types, body names, municipality types.

The rules, in the order `extract_metadata` applies them:

1. title: the first line that starts (with a capital) with a plan head («Дорожная карта»,
   «План мероприятий», «Комплекс мер», «Региональный план-график» …) and the lines that
   continue it (lower-case lines, lines after a preposition, capitalised lines in an oblique
   case such as «Лесном муниципальном округе»); a sentence about the plan is not a title;
   failing all, «Об утверждении дорожной карты …» gives «Дорожная карта …» (with a warning);
2. approving act: the act's header (a body's name in the nominative, «ПОСТАНОВЛЕНИЕ» /
   «ПРИКАЗ», the date and «№» lines, before «Об утверждении …» / «О направлении …») or a
   letter head; else an «Приложение … к приказу <body> от <date> № <n>» / «УТВЕРЖДЕН
   приказом …» reference before the title; else an «УТВЕРЖДАЮ / Начальник <body>» block.
   A name printed in capitals is put in sentence case from the spellings the text uses;
   natasha's NER (ORG) is the fallback for a header whose body no rule recognises;
3. municipality: «<Adj> район / муниципальный округ / городской округ / сельское поселение»
   and «поселок / город / село … <Name>» phrases, put into the nominative; from the title,
   else the issuer, else the prose and the tables together (most named; «г. X» counts half),
   else the act's header; natasha's NER (LOC) on the title is the last resort;
4. region: a subject named in the issuer/title/header; else named in the prose; else implied
   by the prose (institution clues, «<Adj> краевой/областной …», a regional capital); else
   named in the tables; else implied by the tables; else empty, with a warning;
   An institution's own place counts right after a region named in its title or stamp: a
   town («г. Уссурийска») or an abbreviated municipality («НГО») known to `places.yaml`
   (`normalizers/institutions.py`). The tables tell about activities, not about the plan's
   owner: a region they name counts only when named there twice and no other is;
5. level: the plan of a regional institution (КГКУ, «краевое государственное …») is regional
   and names the town it works in; else municipal when the title names a municipality;
   regional for a «региональный» title
   or a regional body (министерство, правительство …); municipal for any municipality or
   «муниципальный» in the title/issuer/text; regional when only a region is known;
6. period: «на 2022-2025 гг.» in the title, the act's subject line or a sentence about the
   plan; else the academic year the prose names most; else the span of `deadline_years`
   (with a warning). `academic` says the period is one academic year («на 2019-2020 учебный
   год»), which completes deadlines printed without a year;
7. approval stamp «УТВЕРЖДАЮ / Директор МБОУ … / Приказ № 01.04/81 «27» августа 2019 г.»:
   the date and number under it; «к приказу №57-од от 08.06.2020» under the title.
"""
from __future__ import annotations

import datetime as _dt
import functools
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from extractors.settings import MetadataSettings, defaults
from normalizers import institutions
from normalizers.text import fold, load_yaml, parses

__all__ = ["DocumentMetadata", "extract_metadata", "find_title", "find_regions", "region_of",
           "find_municipalities", "municipality_of", "find_act", "find_period", "to_nominative",
           "inflect_phrase", "restore_case", "parse_date", "clean_number", "join_lines",
           "region_forms", "warm_up", "is_academic_period", "period_from_deadlines"]

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")



@dataclass
class DocumentMetadata:
    title: str = ""
    level: str = ""            # "regional" | "municipal"
    region: str = ""           # subject of the RF, nominative canonical: "Красноярский край"
    municipality: str = ""     # nominative as the plan names itself; "" for a regional plan
    issuer: str = ""           # body that approved or sent the plan
    approved_date: str = ""    # ISO "2022-01-27"
    approved_number: str = ""  # "13-п"
    period_start: int | None = None
    period_end: int | None = None
    warnings: list[str] = field(default_factory=list)
    academic: bool = False     # the period is one academic year (September – August)


# ============================================================================ resources

def _load_yaml(name: str) -> dict:
    return load_yaml(os.path.join(DATA_DIR, name))


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    return _load_yaml("metadata_lexicon.yaml")


_parses = parses


@functools.lru_cache(maxsize=100000)
def _lemmas(word: str) -> frozenset[str]:
    return frozenset(p.normal_form.replace("ё", "е") for p in _parses(word))


@functools.lru_cache(maxsize=1)
def _natasha():
    """natasha's segmenter, NER and syntax models, loaded once per process on first use
    (they ship inside the pip package; nothing is downloaded)."""
    from natasha import (Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger,
                         NewsSyntaxParser, Segmenter)
    emb = NewsEmbedding()
    return {"Doc": Doc, "segmenter": Segmenter(), "morph_vocab": MorphVocab(),
            "morph": NewsMorphTagger(emb), "syntax": NewsSyntaxParser(emb),
            "ner": NewsNERTagger(emb)}


def ner_spans(text: str, cfg: MetadataSettings | None = None) -> list[tuple[str, str, str]]:
    """(type, text, nominative) of the PER/LOC/ORG spans natasha finds in a short text."""
    text = text[:(cfg or defaults().metadata).ner_max_chars]
    if not text.strip():
        return []
    nt = _natasha()
    doc = nt["Doc"](text)
    doc.segment(nt["segmenter"])
    doc.tag_morph(nt["morph"])
    doc.parse_syntax(nt["syntax"])
    doc.tag_ner(nt["ner"])
    out = []
    for span in doc.spans:
        span.normalize(nt["morph_vocab"])
        out.append((span.type, span.text, span.normal or span.text))
    return out


def warm_up(ner: bool = False) -> None:
    """Load the lexicons and the generated table of region forms (and, with ner=True, the
    natasha models) before forking workers."""
    lexicon()
    _region_index()
    _clues()
    if ner:
        _natasha()


# ============================================================================ text helpers

_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:-[A-Za-zА-Яа-яЁё0-9]+)*")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def join_lines(lines: Iterable[str]) -> str:
    """Lines (or paragraphs) → one string: a space between them, none after an in-word
    hyphen at the end of a line («план-» + «графика» → «план-графика»)."""
    return fold("\n".join(lines))


def _norm(text: str) -> str:
    """Lowercase, «ё» → «е», dashes → «-», each white-space character → « »: the form
    regions are matched in (same length as the text, so positions carry over)."""
    text = text.lower().replace("ё", "е")
    for d in _DASHES:
        text = text.replace(d, "-")
    return re.sub(r"\s", " ", text)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _apply_case(template: str, word: str) -> str:
    """`word` with the letter case of `template` (per hyphen-separated part), and without
    «ё» when the template had none."""
    if "ё" not in template.lower():
        word = word.replace("ё", "е").replace("Ё", "Е")
    tparts, wparts = template.split("-"), word.split("-")
    if len(tparts) != len(wparts):
        tparts = [template] * len(wparts)
    out = []
    for t, w in zip(tparts, wparts):
        if len(t) > 1 and t.isupper():
            out.append(w.upper())
        elif t[:1].isupper():
            out.append(w[:1].upper() + w[1:].lower())
        else:
            out.append(w.lower())
    return "-".join(out)


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# ============================================================================ morphology

_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_CASE_PREF = ("nomn", "gent", "loct", "datv", "ablt", "accs", "loc2", "gen2")


def _noun_parses(word: str):
    return [p for p in _parses(word) if p.tag.POS == "NOUN"]


def _adj_parses(word: str):
    return [p for p in _parses(word) if p.tag.POS in ("ADJF", "PRTF")]


def inflect_phrase(phrase: str, case: str) -> str | None:
    """A nominative name put into `case`: the head noun and the adjectives before it agree,
    words after the head stay («Республика Марий Эл» → «Республики Марий Эл»)."""
    words = phrase.split()
    head = None
    # the head is the last word of the leading run that can be a nominative noun, with every
    # word before it a nominative adjective («Тверская область»: «Тверская» is no head)
    for i, w in enumerate(words):
        if any(p.tag.case == "nomn" for p in _noun_parses(w)):
            head = i
        if not any(p.tag.case == "nomn" for p in _adj_parses(w)):
            break
    if head is None:
        return None
    noun = max((p for p in _noun_parses(words[head]) if p.tag.case == "nomn"),
               key=lambda p: (p.tag.number == "sing", p.score))
    number = noun.tag.number or "sing"
    out = []
    for i, w in enumerate(words):
        if i < head:
            adj = [p for p in _adj_parses(w) if p.tag.case == "nomn"
                   and (p.tag.number == "plur" if number == "plur" else p.tag.gender == noun.tag.gender)]
            if not adj:
                return None
            grams = {case, "plur"} if number == "plur" else {case, noun.tag.gender, "sing"}
            if case == "accs" and number == "sing" and noun.tag.gender == "masc":
                grams.add("anim" if "anim" in noun.tag else "inan")
            form = adj[0].inflect(grams)
        elif i == head:
            form = noun.inflect({case, number})
        else:
            out.append(w)
            continue
        if form is None:
            return None
        out.append(_apply_case(w, form.word))
    return " ".join(out)


def _agreeing(words: list[str]) -> tuple[int, str, str, str] | None:
    """For words «adj* noun …»: (head index, case, gender, number) read from the agreement of
    the leading adjectives with a noun; the longest agreeing adjective run wins («Лесного
    муниципального округа»: the head is «округа»), singular readings are preferred."""
    found = None
    for h, w in enumerate(words):
        if not re.search(r"[А-Яа-яЁё]", w):
            break
        combos = []
        for noun in _noun_parses(w):
            t = noun.tag
            if all(any(p.tag.case == t.case and p.tag.number == t.number
                       and (t.number == "plur" or p.tag.gender in (t.gender, None))
                       for p in _adj_parses(a)) for a in words[:h]):
                combos.append(noun)
        if combos:
            def key(p):
                c = p.tag.case
                return (p.tag.number != "sing", _CASE_PREF.index(c) if c in _CASE_PREF else 99,
                        -p.score)
            best = sorted(combos, key=key)[0]
            found = (h, best.tag.case, best.tag.gender or "masc", best.tag.number or "sing")
        if not _adj_parses(w):
            break
    return found


def to_nominative(phrase: str) -> str:
    """«Саянского района» → «Саянский район», «Андроповском муниципальном округе» →
    «Андроповский муниципальный округ», «Отдела образования Администрации …» → «Отдел
    образования Администрации …»: the leading adjectives and the first noun go to the
    nominative singular, the words after that noun (its genitive dependents) stay."""
    words = phrase.split()
    if not words:
        return phrase
    found = _agreeing(words)
    if found is None:
        return phrase
    head, case, gender, number = found
    if case == "nomn":
        return phrase
    out = []
    for i, w in enumerate(words):
        if i > head:
            out.append(w)
            continue
        cands = _noun_parses(w) if i == head else _adj_parses(w)
        cands = [p for p in cands if p.tag.case == case and p.tag.number == number
                 and (i == head or number == "plur" or p.tag.gender in (gender, None))]
        if not cands:
            out.append(w)
            continue
        grams = {"nomn", number} if i == head else ({"nomn", "plur"} if number == "plur"
                                                     else {"nomn", gender, "sing"})
        form = cands[0].inflect(grams)
        out.append(_apply_case(w, form.word) if form else w)
    return " ".join(out)


# ============================================================================ regions

@functools.lru_cache(maxsize=1)
def _region_index():
    """(canonical names in file order, {normalized form: canonical}, compiled regex)."""
    data = _load_yaml("regions.yaml")["subjects"]
    names, forms = [], {}
    for subj in data:
        canon = subj["name"]
        names.append(canon)
        core = re.split(r"\s+[—–-]\s+|\s*\(", canon)[0].strip()
        for variant in [core] + list(subj.get("aliases") or []):
            forms.setdefault(_norm(variant), canon)
            for case in _CASES + ("loc2",):
                f = inflect_phrase(variant, case)
                if f:
                    forms.setdefault(_norm(f), canon)
    alts = sorted(forms, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(r"\s+".join(re.escape(p) for p in a.split())
                                                   for a in alts) + r")(?![\w-])")
    return names, forms, pattern


def region_forms(name: str) -> list[str]:
    """All generated forms (normalized) that resolve to the canonical `name`."""
    _, forms, _ = _region_index()
    return sorted(f for f, c in forms.items() if c == name)


def find_regions(text: str) -> list[tuple[str, int, int]]:
    """(canonical region, start, end) for every mention of a subject of the RF in `text`
    (positions in `text`; «Российской Федерации» is not a subject)."""
    return list(_find_regions(text))


@functools.lru_cache(maxsize=64)
def _find_regions(text: str) -> tuple[tuple[str, int, int], ...]:
    _, forms, pattern = _region_index()
    norm = _norm(text)
    out = []
    for m in pattern.finditer(norm):
        canon = forms.get(re.sub(r"\s+", " ", m.group(1)))
        if canon:
            out.append((canon, m.start(), m.end()))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _clues():
    data = _load_yaml("region_clues.yaml")["clues"]
    names, _, _ = _region_index()
    out = []
    for c in data:
        if c["region"] not in names:
            raise ValueError(f"region_clues.yaml: unknown region {c['region']!r}")
        out.append((re.compile(r"(?<!\w)(?:" + c["pattern"] + ")"), c["region"]))
    return out


@functools.lru_cache(maxsize=1)
def _adjective_regions() -> dict[tuple[str, str], str]:
    """{(adjective lemma, 'krai'|'oblast'): region} for «Красноярский краевой …» clues."""
    names, _, _ = _region_index()
    data = _load_yaml("regions.yaml")["subjects"]
    out = {}
    for subj in data:
        if subj["type"] in ("krai", "oblast"):
            first = subj["name"].split()[0]
            for p in _adj_parses(first):
                out[(p.normal_form.replace("ё", "е"), subj["type"])] = subj["name"]
    return out


_INSTITUTION_ADJ = re.compile(r"([А-ЯЁ][а-яё]+(?:-[А-Яа-яЁё]+)?)\s+(краев|областн)[а-яё]*", re.I)


def region_clues(text: str) -> list[str]:
    """Regions implied by institutions named in `text` («КК ИПК», «СКИРО ПК и ПРО»,
    «Тверской областной институт …»), one entry per mention."""
    out = []
    for rx, region in _clues():
        out.extend(region for _ in rx.finditer(text))
    adj = _adjective_regions()
    for m in _INSTITUTION_ADJ.finditer(text):
        kind = "krai" if m.group(2).lower().startswith("краев") else "oblast"
        for lemma in _lemmas(m.group(1)):
            if (lemma, kind) in adj:
                out.append(adj[(lemma, kind)])
                break
    return out


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """{normalized capital city: region}."""
    data = _load_yaml("regions.yaml")["subjects"]
    return {_norm(s["capital"]): s["name"] for s in data if s.get("capital")}


def capital_regions(municipalities: Iterable[str]) -> list[str]:
    """Regions whose administrative centre one of the municipalities is («город Калуга»,
    «городской округ город Красноярск» → Калужская область, Красноярский край)."""
    out = []
    caps = _capitals()
    for mun in municipalities:
        m = re.search(r"\bгород\s+(.+)$", mun)
        if m and _norm(m.group(1)) in caps:
            out.append(caps[_norm(m.group(1))])
    return out


def _most_common(items: list[str]) -> str:
    if not items:
        return ""
    counts = Counter(items)
    best = max(counts.values())
    return next(i for i in items if counts[i] == best)


def region_of(*texts: str, clues: bool = True) -> str:
    """The region most often named in the texts (the first named on a tie); with clues, the
    institution clues count too."""
    found = [r for t in texts for r, _, _ in find_regions(t)]
    if clues:
        found += [r for t in texts for r in region_clues(t)]
    return _most_common(found)


# ============================================================================ municipality

@functools.lru_cache(maxsize=1)
def _mun_types():
    lex = lexicon()["municipality_types"]
    after = [(tuple(t["lemmas"]), t["nominative"]) for t in lex["after_adjective"]]
    before = [(tuple(t["lemmas"]), t["nominative"], tuple(t.get("abbr") or ()))
              for t in lex["before_name"]]
    after.sort(key=lambda t: -len(t[0]))
    before.sort(key=lambda t: -len(t[0]))
    stop = set(lexicon()["municipality_adjective_stoplist"])
    return after, before, stop


@functools.lru_cache(maxsize=1)
def _mun_type_starts() -> tuple[frozenset[str], frozenset[str]]:
    """The first lemmas of every municipality type, and every type abbreviation."""
    after, before, _ = _mun_types()
    starts = {lemmas[0].replace("ё", "е") for lemmas, *_ in after + before if lemmas}
    return frozenset(starts), frozenset(a.lower() for *_, abbrs in before for a in abbrs)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def _lemma_match(tokens, i, lemmas) -> bool:
    if i + len(lemmas) > len(tokens):
        return False
    return all(lem.replace("ё", "е") in _lemmas(tokens[i + k][0]) for k, lem in enumerate(lemmas))


def _is_proper(word: str) -> bool:
    return word[:1].isupper()


def _proper_adjective(word: str, stop: set[str]) -> bool:
    if not _is_proper(word) or not re.match(r"[А-Яа-яЁё]", word):
        return False
    adjs = _adj_parses(word)
    if not adjs:
        return False
    return not ({p.normal_form.replace("ё", "е") for p in adjs} & stop)


def _name_to_nominative(word: str, case: str) -> str:
    """A proper name after a type word, put into the nominative when it agrees with the type
    word's case («городе Рыбинске» → «Рыбинск»); an unchanging name («поселке Кедровый»)
    stays."""
    if word.isupper() or case == "nomn":
        return word
    if case is None:                 # after an abbreviation: «г. Рыбинске» → «Рыбинск»
        geo = [p for p in _parses(word) if "Geox" in p.tag and p.tag.POS == "NOUN"]
        if geo and not any(p.tag.case == "nomn" for p in geo):
            form = max(geo, key=lambda p: p.score).inflect({"nomn"})
            return _apply_case(word, form.word) if form else word
        return word
    parses = [p for p in _parses(word) if p.tag.case == case and p.tag.POS in ("NOUN", "ADJF")]
    if not parses:
        return word
    if any(p.tag.case == "nomn" for p in _parses(word)) and not any(
            "Geox" in p.tag for p in parses):
        return word
    p = max(parses, key=lambda p: ("Geox" in p.tag, p.score))
    grams = {"nomn"} | ({p.tag.number} if p.tag.number else set())
    if p.tag.POS == "ADJF" and p.tag.gender:
        grams.add(p.tag.gender)
    form = p.inflect(grams)
    return _apply_case(word, form.word) if form else word


def _title_word(w: str) -> str:
    """«САЯНСКИЙ» / «Усть-илимский» → «Саянский» / «Усть-Илимский»."""
    if w.isupper() or w.islower():
        return "-".join(_cap_first(p.lower()) for p in w.split("-"))
    return w


def _type_case(word: str, lemma: str) -> str | None:
    """The case of a type word («поселке» → loct); None when its readings disagree."""
    cases = {p.tag.case for p in _noun_parses(word)
             if p.normal_form.replace("ё", "е") == lemma.replace("ё", "е") and p.tag.number == "sing"}
    return cases.pop() if len(cases) == 1 else ("nomn" if "nomn" in cases else None)


def find_municipalities(text: str) -> list[tuple[str, int]]:
    """(municipality in the nominative, position) for every phrase naming a municipal
    formation (see `_find_municipalities`)."""
    return [(name, pos) for name, pos, _ in _find_municipalities(text)]


@functools.lru_cache(maxsize=64)
def _find_municipalities(text: str) -> tuple[tuple[str, int, float], ...]:
    """(municipality in the nominative, position, weight) for every phrase naming a municipal
    formation: «Саянского района» → «Саянский район», «в поселке Кедровый» → «поселок
    Кедровый», «городского округа город Рыбинск» → «городской округ город Рыбинск»,
    «г. Рыбинска» → «город Рыбинск»."""
    after, before, stop = _mun_types()
    tokens = _tokens(text)
    if not tokens:
        return ()
    region_spans = [(s, e) for _, s, e in find_regions(text)]

    def in_region(k):
        return any(rs <= tokens[k][1] < re_ for rs, re_ in region_spans)

    def gap(k):                      # text between token k-1 and token k
        return text[tokens[k - 1][2]:tokens[k][1]]

    out = []
    i = 0
    starts, abbr_words = _mun_type_starts()
    while i < len(tokens):
        hit = None
        if not (_lemmas(tokens[i][0]) & starts) and tokens[i][0].lower() not in abbr_words:
            i += 1                   # no type word starts here (most words): nothing to try
            continue
        # --- «<Adj> <type>»: Саянский район, Андроповский муниципальный округ
        for lemmas, nominative in after:
            if not _lemma_match(tokens, i, lemmas) or in_region(i):
                continue
            adjs = []
            k = i - 1
            while k >= 0 and len(adjs) < 2 and _proper_adjective(tokens[k][0], stop) \
                    and not in_region(k) and gap(k + 1).strip() == "":
                adjs.insert(0, k)
                k -= 1
            if not adjs:
                continue
            words = [tokens[j][0] for j in adjs] + [tokens[i + n][0] for n in range(len(lemmas))]
            nom = to_nominative(" ".join(words)).split()
            name = " ".join(_title_word(w) for w in nom[:len(adjs)])
            hit = (f"{name} {nominative}", tokens[adjs[0]][1], i + len(lemmas), 1.0)
            break
        if hit is None:
            # --- «<type> <Name>»: поселок Кедровый, город Рыбинск, г. Рыбинск
            for lemmas, nominative, abbrs in before:
                tok = tokens[i][0]
                if _lemma_match(tokens, i, lemmas):
                    n, case = len(lemmas), _type_case(tokens[i + len(lemmas) - 1][0], lemmas[-1])
                    dot_ok, weight = False, 1.0
                elif tok.lower() in abbrs and text[tokens[i][2]:tokens[i][2] + 1] == ".":
                    n, case, dot_ok = 1, None, True
                    weight = 0.5         # «г. Красноярск» is as often a venue as the plan's own place
                else:
                    continue
                j = i + n
                prefix = nominative
                # «городской округ город Рыбинск»: a second, lower-case type word
                if j + 1 < len(tokens) and tokens[j][0].islower():
                    for lem2, nom2, _ in before:
                        if len(lem2) == 1 and _lemma_match(tokens, j, lem2) and _is_proper(tokens[j + 1][0]):
                            prefix = f"{nominative} {nom2}"
                            case = _type_case(tokens[j][0], lem2[0])
                            j += 1
                            break
                q = re.match(r"[ .]?\s?[«\"]([^»\"\n]{1,60})[»\"]", text[tokens[j - 1][2]:])
                if q and not dot_ok and text[tokens[j - 1][2]:tokens[j - 1][2] + 1] != ".":
                    end = tokens[j - 1][2] + q.end()
                    nxt = next((k for k in range(j, len(tokens)) if tokens[k][1] >= end), len(tokens))
                    hit = (f"{prefix} «{q.group(1).strip()}»", tokens[i][1], nxt, weight)
                    break
                if j >= len(tokens):
                    continue
                g = gap(j)
                if "\n" in g or g.strip(" ") not in ("", ".") or (g.strip() == "." and not dot_ok) \
                        or (dot_ok and g.strip() != "."):
                    continue
                names = []
                while j < len(tokens) and len(names) < 3 and _is_proper(tokens[j][0]) \
                        and not in_region(j) and re.match(r"[А-Яа-яЁё]", tokens[j][0]):
                    w = tokens[j][0]
                    if names and (gap(j).strip() not in ("", "-") or not case or
                                  not any(p.tag.case == case for p in _parses(w))):
                        break
                    if names and _lemmas(w) & {"район", "округ", "край", "область", "республика"}:
                        break
                    names.append(w)
                    j += 1
                heads = set(lexicon()["org_heads"]) | {"район", "округ", "поселение"}
                if names and not (_lemmas(names[0]) & heads):
                    name = " ".join(_title_word(w) if w.isupper() else _name_to_nominative(w, case)
                                    for w in names)
                    hit = (f"{prefix} {name}", tokens[i][1], j, weight)
                    break
        if hit:
            out.append((hit[0], hit[1], hit[3]))
            i = hit[2]
        else:
            i += 1
    return tuple(out)


def municipality_of(*texts: str) -> str:
    """The municipality named most in the texts (the first on a tie); a mention through an
    abbreviated type («г. Красноярск», «п. Кедровый») counts half."""
    weights: dict[str, float] = {}
    for t in texts:
        for name, _, w in _find_municipalities(t or ""):
            weights[name] = weights.get(name, 0.0) + w
    if not weights:
        return ""
    best = max(weights.values())
    return next(n for n, w in weights.items() if w == best)


# ============================================================================ dates, numbers

_MONTHS = {"янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "июн": 6, "июл": 7,
           "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12}
DATE_RE = re.compile(
    r"(?<![\d/])(?P<d>\d{1,2})\s?(?P<sep>[./])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4}|\d{2})(?![\d/])"
    r"|[«\"“]?(?<!\d)(?P<d2>\d{1,2})[»\"”]?[\s.]*(?P<mon>янв[а-я]*|фев[а-я]*|мар[а-я]*|апр[а-я]*|"
    r"ма[йя]|июн[а-я]*|июл[а-я]*|авг[а-я]*|сен[а-я]*|окт[а-я]*|ноя[а-я]*|дек[а-я]*)\.?[\s.]*"
    r"(?P<y2>\d{4})(?!\d)", re.I)
NUMBER_RE = re.compile(
    r"(?:№|N(?=\s*\d)|No\.?(?=\s*\d))\s*(?P<num>[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/.]*"
    r"(?:\s*[-–—]\s*[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/.]*)*)")


def parse_date(text: str) -> str:
    """The first date in `text` as ISO («27.01.2022», «16 ИЮН 2022», «“7” мая 2018 г.»)."""
    for m in DATE_RE.finditer(text or ""):
        try:
            if m.group("d"):
                y = int(m.group("y"))
                y = y + 2000 if y < 100 else y
                return _dt.date(y, int(m.group("m")), int(m.group("d"))).isoformat()
            mon = _MONTHS[m.group("mon")[:3].lower()]
            return _dt.date(int(m.group("y2")), mon, int(m.group("d2"))).isoformat()
        except (ValueError, KeyError):
            continue
    return ""


def clean_number(raw: str) -> str:
    """An act number as printed, spaces around its hyphens dropped: «13 -п» → «13-п»."""
    raw = re.sub(r"\s*([-–—])\s*", r"\1", raw.strip())
    return raw.rstrip(".,;:")


# ============================================================================ title

@functools.lru_cache(maxsize=1)
def _title_re():
    lex = lexicon()
    heads = "|".join(lex["title_heads"])
    mods = lex["title_head_modifiers"]
    return re.compile(rf"^[«\"“]?\s*(?:(?:{mods})[а-яё]*\s+)?(?:{heads})(?![\w-])", re.I)


_PREPS = {"в", "во", "на", "по", "и", "для", "с", "со", "о", "об", "к", "ко", "при", "из", "от",
          "до", "за", "между", "а", "или", "их", "его", "ее", "рамках", "целях", "части", "сфере"}
_SETTLEMENT_WORDS = {"поселок", "посёлок", "поселке", "посёлке", "поселка", "город", "городе",
                     "города", "села", "селе", "село", "деревне", "деревни", "станице", "станицы"}


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
    head = _agreeing(_WORD.findall(line)[:4])
    if head is not None:
        return head[1] != "nomn"
    return not any(q.tag.case == "nomn" for q in _parses(w)) and bool(_parses(w))


def _is_sentence(title: str) -> bool:
    words = set(re.findall(r"[а-яё]+", title.lower()))
    return bool(words & set(lexicon()["title_sentence_words"]))


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
        title = join_lines(parts)
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
            nom = to_nominative(head)
            if nom != head and _title_re().match(nom):
                return _cap_first(" ".join([nom] + words[n:]))
    return ""


# ============================================================================ act header

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
               and p.tag.number == "sing" for p in _parses(w)):
            return True
        if k >= 2 or not any(p.tag.case == "nomn" for p in _adj_parses(w)):
            return False
    return False


def _word_cases(words: Iterable[str]) -> dict[str, str]:
    """{lowercased word: its mixed-case spelling} seen in the text outside capitals-only
    runs: lower-case wins (a common word), then a capitalised spelling (a proper name)."""
    seen: dict[str, str] = {}
    for w in words:
        if w.isupper() or not w[:1].isalpha():
            continue
        key = w.lower()
        if w.islower():
            seen[key] = w
        elif key not in seen:
            seen[key] = w
    return seen


@functools.lru_cache(maxsize=1)
def _region_name_lemmas() -> frozenset[str]:
    """Lemmas of the proper words of the subjects' names («красноярский», «башкортостан»)."""
    generic = {"край", "область", "республика", "автономный", "округ", "народный", "город"}
    out = set()
    for name in _region_index()[0]:
        for w in _WORD.findall(name):
            lem = _lemmas(w)
            if not lem & generic:
                out |= lem
    return frozenset(out)


def restore_case(caps: str, context: str = "") -> str:
    """A name printed in capitals, in sentence case with its proper words capitalised the way
    `context` spells them («АДМИНИСТРАЦИЯ ПОСЕЛКА КЕДРОВЫЙ» → «Администрация поселка
    Кедровый»); without evidence, geographic names and region words are capitalised."""
    seen = _word_cases(_WORD.findall(context))
    region_words = _region_name_lemmas()
    # words inside a region's name take the capitals of the canonical name
    in_region: dict[int, bool] = {}
    for canon, rs, re_ in find_regions(caps):
        core = re.split(r"\s+[—–-]\s+|\s*\(", canon)[0].split()
        span_words = list(re.finditer(r"\S+", caps[rs:re_]))
        for n, sw in enumerate(span_words):
            upper = core[n][:1].isupper() if len(span_words) == len(core) else \
                not (_lemmas(sw.group(0)) & {"край", "область", "округ", "автономный"})
            in_region[rs + sw.start()] = upper
    out = []
    for k, m in enumerate(re.finditer(r"\S+", caps)):
        tok = m.group(0)
        wm = _WORD.search(tok)
        if not wm:
            out.append(tok)
            continue
        w = wm.group(0)
        key = w.lower()
        if m.start() in in_region:
            new = _title_word(key) if in_region[m.start()] or k == 0 else key
        elif key in seen and not (k == 0 and seen[key].islower()):
            new = seen[key]
        elif k == 0:
            new = _cap_first(key)
        elif len(w) <= 4 and not _parses(w)[0].is_known:
            new = w                                       # an abbreviation: МКУ, РФ
        elif any(g in _parses(w)[0].tag for g in ("Geox", "Name", "Surn", "Patr")) or \
                _lemmas(w) & region_words:
            new = _title_word(key)
        else:
            new = key
        if tok.startswith("«") or tok.startswith('"'):
            new = _cap_first(new)
        out.append(tok[:wm.start()] + new + tok[wm.end():])
    return " ".join(out)


@dataclass
class ActInfo:
    issuer: str = ""
    date: str = ""
    number: str = ""
    kind: str = ""            # "header" | "reference" | "approver" | ""
    header_end: int = 0       # index of the first line after the header zone


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
        caps = _is_caps(line)
        for nxt in lines[i + 1:end]:
            if len(parts) >= cfg.issuer_max_lines or re.search(r"\d", nxt) or \
                    _ADDRESS.search(nxt) or _is_act_line(nxt) or len(nxt) > 120 or \
                    _is_caps(nxt) != caps or (_org_head(nxt) and nxt[:1] not in "«\""):
                break
            first = _WORD.match(nxt.lstrip("«\"("))
            prev_last = _WORD.findall(parts[-1])[-1].lower()
            if not first or not (nxt.lstrip("«\"(")[:1].islower() or prev_last in _SETTLEMENT_WORDS or
                                 nxt[:1] in "«\"" or
                                 any(p.tag.case == "gent" for p in _parses(first.group(0)))):
                break
            parts.append(nxt)
        issuer = join_lines(parts)
        if caps:
            issuer = restore_case(issuer, context)
        return _cap_first(issuer), i
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
            if _lemmas(words[0]) & heads or any(_lemmas(w) & heads for w in words[:3]):
                issuer = _cap_first(to_nominative(org))
                if _is_caps(issuer):
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


_POSITION_WORDS = {"начальник", "руководитель", "директор", "глава", "министр", "заместитель",
                   "первый", "исполнять", "исполняющий", "обязанность", "и", "о", "врио", "председатель"}


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
        while k < len(words) and (_lemmas(words[k].strip(".,")) & _POSITION_WORDS or
                                  re.fullmatch(r"и\.?\s?о\.?", words[k], re.I)):
            k += 1
        if k == 0 or k >= len(words):
            continue
        org = " ".join(words[k:])
        if not (_lemmas(words[k]) & set(lexicon()["org_heads"]) or institutions.institution_level(words[k])):
            continue
        own = bool(institutions.institution_level(words[k]))
        issuer = org if own else _cap_first(to_nominative(org))
        if _is_caps(issuer) and not own:
            issuer = restore_case(issuer, context)
        return ActInfo(issuer=issuer, date=date, number=number, kind="approver")
    return None


def _ner_org(text: str, cfg: MetadataSettings) -> str:
    """The first ORG natasha finds in an act header, in the nominative (fallback)."""
    heads = set(lexicon()["org_heads"])
    try:
        for kind, _, normal in ner_spans(text, cfg):
            words = _WORD.findall(normal)
            if kind == "ORG" and words and any(_lemmas(w) & heads for w in words[:3]):
                return _cap_first(normal)
    except Exception:                                   # pragma: no cover - model trouble
        return ""
    return ""


def _ner_municipality(text: str, cfg: MetadataSettings) -> str:
    """A LOC natasha finds in the title that is not a subject of the RF (fallback)."""
    try:
        spans = ner_spans(text, cfg)
    except Exception:                                   # pragma: no cover - model trouble
        return ""
    for kind, raw, normal in spans:
        words = normal.split()
        if kind == "LOC" and words and not find_regions(raw) and not re.search(
                r"росси|федераци", raw, re.I) and any(
                "Geox" in p.tag and p.tag.case == "nomn" for p in _parses(words[-1])):
            return normal
    return ""


# ============================================================================ period

_YEAR = r"(?:19|20)\d{2}"
_RANGE = re.compile(
    rf"(?<!\d)(?P<a>{_YEAR})\s*(?:г(?:ода|г)?\.?\s*)?(?:[-–—/]|\s+по\s+)\s*(?P<b>{_YEAR})(?!\d)"
    r"(?:\s*(?:гг?\.?|годы|годов|год[а-я]*|уч\.?\s*г|учебн[а-я]*\s+год[а-я]*))?", re.I)
_SINGLE = re.compile(rf"\bна\s+(?P<a>{_YEAR})\s*(?:год|г\.)", re.I)


def find_period(text: str, cfg: MetadataSettings | None = None) -> tuple[int | None, int | None]:
    """«на 2022-2025 гг.» → (2022, 2025); «с 2021 по 2023 годы», «на 2022 год»; the range
    after «на» wins over another one, else the last range."""
    max_span = (cfg or defaults().metadata).period_max_span
    best = None
    for m in _RANGE.finditer(text or ""):
        a, b = int(m.group("a")), int(m.group("b"))
        if a > b:
            a, b = b, a
        if b - a > max_span:
            continue
        on = bool(re.search(r"\b(?:на|период|с)\s*(?:период\s*)?$", text[:m.start()][-20:], re.I))
        if best is None or on or not best[2]:
            best = (a, b, on)
    if best:
        return best[0], best[1]
    m = _SINGLE.search(text or "")
    if m:
        return int(m.group("a")), int(m.group("a"))
    return None, None


def is_academic_period(text: str, start: int | None, end: int | None) -> bool:
    """Does `text` call the period start–end an academic year («на 2019-2020 учебный год»,
    «2015/2016 уч. г.»)?"""
    if start is None or end is None or end - start > 1:
        return False
    words = "|".join(lexicon().get("academic_year_words") or ["учебн"])
    tail = rf"\s*(?:гг?\.?|годы?)?\s*(?:{words})"
    years = rf"{start}\s*(?:г\.?\s*)?[-–—/]\s*(?:{end}|{end % 100:02d})" if end != start else str(start)
    return bool(re.search(rf"(?<!\d){years}(?!\d){tail}", text or "", re.I) or
                re.search(rf"(?:{words})[а-яё]*\s+(?:год[а-яё]*\s+)?{years}(?!\d)", text or "", re.I))


def period_from_deadlines(meta: DocumentMetadata, deadline_years: Iterable[int]) -> None:
    """A plan whose text names no period: the span of its deadlines' years (with a warning)."""
    if meta.period_start is not None:
        return
    years = sorted({int(y) for y in deadline_years if y and 1990 <= int(y) <= 2100})
    if not years:
        return
    meta.period_start, meta.period_end = years[0], years[-1]
    meta.warnings = [w for w in meta.warnings if w != "metadata: no period found"]
    meta.warnings.append("metadata: period taken from the span of the deadlines")


_ACADEMIC_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—/]\s*((?:19|20)?\d\d)(?!\d)\s*(?:гг?\.?\s*)?"
                          r"(?:уч\.|учебн)", re.I)


def _academic_year_in_prose(flow: str) -> tuple[int | None, int | None]:
    """The academic year the prose names most («… на 2013-2014 учебный год»): a school plan
    whose title names no period works in it."""
    years = []
    for m in _ACADEMIC_RE.finditer(flow or ""):
        a, b = int(m.group(1)), int(m.group(2))
        b = b if b >= 100 else a - a % 100 + b
        if b == a + 1:
            years.append((a, b))
    if not years:
        return None, None
    return Counter(years).most_common(1)[0][0]


def _plan_sentences(flow: str) -> list[str]:
    """Sentences that speak about the plan itself («Комплекс мер является … 2020-2022 годы»)."""
    out = []
    rx = _title_re()
    for s in re.split(r"(?<=[.!?])\s+(?=[А-ЯЁ])", flow):
        s2 = re.sub(r"^(?:настоящ|данн)[а-яё]+\s+", "", s, flags=re.I)
        if rx.match(s2):
            out.append(s[:400])
    return out


# ============================================================================ the whole

def _region_tiers(issuer: str, title: str, head: str, flow: str, tables: str):
    """Region evidence from strongest to weakest, one list of mentions per tier: named in the
    issuer/title/act header; implied by the place in them (a town «г. Уссурийска», an
    abbreviated municipality «НГО»); named in the prose; implied by the prose (institutions, a
    regional capital); then the tables, which tell about activities, not about the plan's
    owner: a region they name counts only when named there at least twice and no other is,
    and an institution clue in them only when it is the only one."""
    own = (issuer, title, head)
    yield [r for t in own for r, _, _ in find_regions(t)]
    yield [r for t in own for r in institutions.town_regions(t)] + \
        [r for t in own for _, r in institutions.abbreviated_municipalities(t)] + \
        [r for t in own for m, _ in find_municipalities(t) for r in institutions.municipality_regions(m)]
    yield [r for r, _, _ in find_regions(flow)]
    yield region_clues(flow) + capital_regions(m for t in (title, issuer, flow)
                                               for m, _ in find_municipalities(t)) + \
        [r for _, r in institutions.abbreviated_municipalities(flow)]
    named = [r for r, _, _ in find_regions(tables)]
    yield named if len(named) >= 2 and len(set(named)) == 1 else []
    clues = region_clues(tables)
    yield clues if len(set(clues)) == 1 else []


def _is_regional_body(issuer: str) -> bool:
    if not issuer:
        return False
    words = issuer.split()
    heads = set(lexicon()["regional_org_heads"])
    if _lemmas(words[0]) & heads:
        return True
    if _lemmas(words[0]) & {"департамент", "комитет", "управление", "служба"}:
        return bool(find_regions(issuer)) and not find_municipalities(issuer)
    return False


def extract_metadata(paragraphs: list[str], deadline_years: Iterable[int] = (),
                     table_text: str = "",
                     settings: MetadataSettings | None = None) -> DocumentMetadata:
    """Whose plan it is: title, level, region, municipality, issuer, approving act, period,
    read from the paragraphs outside the tables (DOCX paragraphs or PDF lines alike) and,
    for clues the prose lacks, from the tables' text."""
    cfg = settings or defaults().metadata
    lines = [fold(p) for p in paragraphs]
    lines = [l for l in lines if l]
    meta = DocumentMetadata()
    flow = join_lines(lines)
    context = flow + "\n" + (table_text or "")

    # --- title
    title, t_start, t_end = find_title(lines, cfg)
    if not title:
        title = _title_from_subject(lines)
        if title:
            meta.warnings.append("metadata: title taken from the approving act's subject line")
        else:
            meta.warnings.append("metadata: no plan title found")
    meta.title = title

    # --- approving act / covering letter
    act = find_act(lines, t_start, context, cfg)
    meta.issuer, meta.approved_date, meta.approved_number = act.issuer, act.date, act.number
    # «План … к приказу №57-од от 08.06.2020»: the act the title itself refers to
    ref = approval_number_first(title)
    if ref:
        if not (meta.approved_date or meta.approved_number) or act.kind == "approver":
            meta.approved_date, meta.approved_number = ref[0], ref[1]
        meta.title = title = title[:ref[2]].rstrip(" ,")

    # --- municipality, region
    subject = _subject_text(lines[:t_start if t_start >= 0 else cfg.header_max_lines])
    head_text = join_lines(lines[:act.header_end])
    body = join_lines(lines[act.header_end:])
    own_place = [m for t in (title, meta.issuer, head_text)
                 for m, _ in institutions.abbreviated_municipalities(t)]
    mun = (municipality_of(title) or (own_place[0] if own_place else "") or
           municipality_of(meta.issuer) or municipality_of(body, table_text or "") or
           municipality_of(head_text))
    if mun and len(re.sub(r"[^А-Яа-яЁё]", "", mun.split()[-1])) < 2:
        mun = ""                                   # «село В»: a stray letter, not a name
    region = ""
    for tier in _region_tiers(meta.issuer, title, head_text, flow, table_text or ""):
        region = _most_common(tier)
        if region:
            break
    if not region:
        meta.warnings.append("metadata: no region named or implied")

    # --- level
    title_low = title.lower()
    owner = (institutions.institution_level(title) or institutions.institution_level(meta.issuer)
             or institutions.institution_level(head_text))
    if owner == "regional" and not re.search(r"\bмуниципальн", title_low):
        level = "regional"                  # a regional (краевое, областное) institution's plan
    elif municipality_of(title):
        level = "municipal"
    elif re.search(r"\bрегиональн", title_low):
        level = "regional"
    elif _is_regional_body(meta.issuer):
        level = "regional"
    elif mun or re.search(r"муниципальн", title_low + " " + meta.issuer.lower()):
        level = "municipal"
    elif re.search(r"муниципальн", flow.lower()):
        level = "municipal"
    elif region:
        level = "regional"
    else:
        level = ""
    if level in ("municipal", "") and not mun and title:
        mun = _ner_municipality(title, cfg)
        if mun:
            level = "municipal"
            meta.warnings.append("metadata: municipality taken from natasha NER (no type word)")
    if not level:
        meta.warnings.append("metadata: level (regional/municipal) not decided")
    if level == "municipal" and not mun:
        meta.warnings.append("metadata: municipal plan, but no municipality named")
    meta.level = level
    # a regional institution's plan names the town it works in (a town the data knows)
    town = owner == "regional" and bool(institutions.town_regions(re.sub(r"^город\s+", "г. ", mun)))
    meta.municipality = mun if level == "municipal" or town else ""
    meta.region = region

    # --- period
    start, end = find_period(title, cfg)
    source = title
    if start is None and subject:
        start, end = find_period(subject, cfg)
        source = subject
    if start is None:
        rest = lines[:t_start] + lines[t_end:] if t_start >= 0 else lines
        for s in _plan_sentences(join_lines(rest)):
            start, end = find_period(s, cfg)
            source = s
            if start is not None:
                break
    meta.academic = is_academic_period(source, start, end)
    if start is None:
        start, end = _academic_year_in_prose(flow)
        meta.academic = start is not None
    if start is None:
        years = sorted({int(y) for y in deadline_years if y and 1990 <= int(y) <= 2100})
        if years:
            start, end = years[0], years[-1]
            meta.warnings.append("metadata: period taken from the span of the deadlines")
        else:
            meta.warnings.append("metadata: no period found")
    meta.period_start, meta.period_end = start, end
    return meta
