"""Municipalities named in a text («Саянский район», «поселок Кедровый»), in the nominative."""
from __future__ import annotations

import functools
import re

from normalizers.lang.caps import apply_case, cap_first
from normalizers.lang.lexicon import region_words
from normalizers.lang.morph import adj_parses, all_lemmas, noun_parses, parses
from normalizers.lang.nominative import phrase_nominative
from normalizers.metadata.lines import _WORD
from normalizers.metadata.regions import find_regions
from normalizers.metadata.resources import lexicon, ner_spans, word_set


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
    return all(lem.replace("ё", "е") in all_lemmas(tokens[i + k][0]) for k, lem in enumerate(lemmas))


def _is_proper(word: str) -> bool:
    return word[:1].isupper()


def _proper_adjective(word: str, stop: set[str]) -> bool:
    if not _is_proper(word) or not re.match(r"[А-Яа-яЁё]", word):
        return False
    adjs = adj_parses(word)
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
        geo = [p for p in parses(word) if "Geox" in p.tag and p.tag.POS == "NOUN"]
        if geo and not any(p.tag.case == "nomn" for p in geo):
            form = max(geo, key=lambda p: p.score).inflect({"nomn"})
            return apply_case(word, form.word) if form else word
        return word
    readings = [p for p in parses(word) if p.tag.case == case and p.tag.POS in ("NOUN", "ADJF")]
    if not readings:
        return word
    if any(p.tag.case == "nomn" for p in parses(word)) and not any(
            "Geox" in p.tag for p in readings):
        return word
    p = max(readings, key=lambda p: ("Geox" in p.tag, p.score))
    grams = {"nomn"} | ({p.tag.number} if p.tag.number else set())
    if p.tag.POS == "ADJF" and p.tag.gender:
        grams.add(p.tag.gender)
    form = p.inflect(grams)
    return apply_case(word, form.word) if form else word


def _initials_before(text: str, token: tuple[str, int, int]) -> bool:
    """A one-letter capital abbreviation right after another capital with a stop: a
    person's initials («М.П.Нечаев», «М. П. Нечаев»), not a settlement's type («п. Нечаев»)."""
    word, start, _end = token
    return len(word) == 1 and word.isupper() and \
        bool(re.search(r"(?<!\w)[А-ЯЁ]\.\s?$", text[max(0, start - 3):start]))


def _title_word(w: str) -> str:
    """«САЯНСКИЙ» / «Усть-илимский» → «Саянский» / «Усть-Илимский»."""
    if w.isupper() or w.islower():
        return "-".join(cap_first(p.lower()) for p in w.split("-"))
    return w


def _type_case(word: str, lemma: str) -> str | None:
    """The case of a type word («поселке» → loct); None when its readings disagree."""
    cases = {p.tag.case for p in noun_parses(word)
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
        if not (all_lemmas(tokens[i][0]) & starts) and tokens[i][0].lower() not in abbr_words:
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
            nom = phrase_nominative(" ".join(words)).split()
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
                elif tok.lower() in abbrs and text[tokens[i][2]:tokens[i][2] + 1] == "." and \
                        not _initials_before(text, tokens[i]):
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
                                  not any(p.tag.case == case for p in parses(w))):
                        break
                    if names and all_lemmas(w) & region_words("unit_words"):
                        break
                    names.append(w)
                    j += 1
                heads = set(lexicon()["org_heads"]) | word_set("municipality_name_heads")
                if names and not (all_lemmas(names[0]) & heads):
                    # a name in capitals («г. УССУРИЙСКА»): in the nominative as a name is
                    name = " ".join(_name_to_nominative(_title_word(w) if w.isupper() else w, case)
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


def _ner_municipality(text: str, cfg=None) -> str:
    """A LOC natasha finds in the title that is not a subject of the RF (fallback)."""
    try:
        spans = ner_spans(text, cfg)
    except Exception:                                   # pragma: no cover - model trouble
        return ""
    for kind, raw, normal in spans:
        words = normal.split()
        if kind == "LOC" and words and not find_regions(raw) and not re.search(
                r"росси|федераци", raw, re.I) and any(
                "Geox" in p.tag and p.tag.case == "nomn" for p in parses(words[-1])):
            return normal
    return ""
