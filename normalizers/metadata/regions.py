"""Subjects of the RF named or implied in a text: generated case forms, institution clues, capitals."""
from __future__ import annotations

import functools
import re
from typing import Iterable

from normalizers.lang.fold import match_form
from normalizers.lang.inflect import inflect_name
from normalizers.lang.morph import adj_parses, all_lemmas
from normalizers.metadata.lines import _most_common
from normalizers.metadata.resources import _load_yaml


_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


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
            forms.setdefault(match_form(variant), canon)
            for case in _CASES + ("loc2",):
                f = inflect_name(variant, case)
                if f:
                    forms.setdefault(match_form(f), canon)
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
    norm = match_form(text)
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
            for p in adj_parses(first):
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
        for lemma in all_lemmas(m.group(1)):
            if (lemma, kind) in adj:
                out.append(adj[(lemma, kind)])
                break
    return out


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """{normalized capital city: region}."""
    data = _load_yaml("regions.yaml")["subjects"]
    return {match_form(s["capital"]): s["name"] for s in data if s.get("capital")}


def capital_regions(municipalities: Iterable[str]) -> list[str]:
    """Regions whose administrative centre one of the municipalities is («город Калуга»,
    «городской округ город Красноярск» → Калужская область, Красноярский край)."""
    out = []
    caps = _capitals()
    for mun in municipalities:
        m = re.search(r"\bгород\s+(.+)$", mun)
        if m and match_form(m.group(1)) in caps:
            out.append(caps[match_form(m.group(1))])
    return out


def region_of(*texts: str, clues: bool = True) -> str:
    """The region most often named in the texts (the first named on a tie); with clues, the
    institution clues count too."""
    found = [r for t in texts for r, _, _ in find_regions(t)]
    if clues:
        found += [r for t in texts for r in region_clues(t)]
    return _most_common(found)
