"""An institution's own kind and place: level, region and municipality from its name and address.

Plans of schools and centres seldom name their region; their institution's name does
(«КГКУ «Центр содействия семейному устройству г. Уссурийска»» → a regional (краевое)
institution in Уссурийск, Приморский край; «МБОУ «СОШ № 11» НГО» → a municipal school of the
Находкинский городской округ). The knowledge is data: ``normalizers/data/places.yaml`` (towns
→ region, abbreviated municipal formations, institution types) and the regional capitals of
``regions.yaml``.

* :func:`institution_level`: ``regional`` / ``municipal`` from the first institution type
  named in a text (КГКУ, «краевое государственное …» / МБОУ, «муниципальное бюджетное …»).
* :func:`town_regions`: the regions of the towns a text names with «г.» / «город».
* :func:`abbreviated_municipalities`: (municipality, region) for abbreviations like «НГО».
"""
from __future__ import annotations

import functools
import os
import re

from normalizers.lang.lexicon import load_yaml
from normalizers.lang.morph import parses

__all__ = ["institution_level", "town_regions", "abbreviated_municipalities", "municipality_regions"]

_DATA = os.path.join(os.path.dirname(__file__), "data")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("ё", "е"))


@functools.lru_cache(maxsize=1)
def _places() -> dict:
    data = load_yaml(os.path.join(_DATA, "places.yaml"))
    regions = load_yaml(os.path.join(_DATA, "regions.yaml"))["subjects"]
    names = {s["name"] for s in regions}
    towns = {_key(s["capital"]): s["name"] for s in regions if s.get("capital")}
    for town, info in (data.get("towns") or {}).items():
        if info["region"] not in names:
            raise ValueError(f"places.yaml: unknown region {info['region']!r}")
        towns[_key(town)] = info["region"]
    abbrs = {k: (v["municipality"], v["region"]) for k, v in (data.get("abbreviations") or {}).items()}
    districts = {_key(v["district"]): v["region"] for v in (data.get("towns") or {}).values()
                 if v.get("district")}
    districts.update({_key(m): r for m, r in abbrs.values()})
    kinds = []
    for level, spec in (data.get("institution_types") or {}).items():
        alts = [re.escape(a) for a in spec.get("abbreviations") or []]
        if alts:
            kinds.append((re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])"), level))
        for pattern in spec.get("full") or []:
            kinds.append((re.compile(r"(?<!\w)" + pattern, re.I), level))
    return {"towns": towns, "abbrs": abbrs, "kinds": kinds, "districts": districts}


def institution_level(text: str) -> str:
    """``regional`` or ``municipal`` for the institution type named first in `text`, else ''."""
    best = None
    for rx, level in _places()["kinds"]:
        m = rx.search(text or "")
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), level)
    return best[1] if best else ""


# «г.», and «г» without its stop (a scan's stamp or a typist's slip: «устройству г Уссурийска»);
# only towns of the data count, so a lone «г» before another capitalised word is no town
_TOWN_RE = re.compile(r"(?<![\w-])(?:г\.\s*|г\s+|гор\.\s*|город[а-я]*\s+)"
                      r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?:\s+[А-ЯЁ][а-яё]+)?)")


def _nominatives(words: list[str]) -> list[str]:
    """Lower-case readings of a (one- or two-word) town name in the nominative."""
    options = [[w.lower()] + [p.normal_form for p in parses(w)] for w in words]
    out = {" ".join(options[0][:1] + [o[0] for o in options[1:]])}
    if len(options) == 1:
        out |= set(options[0])
    else:
        out |= {f"{a} {b}" for a in options[0] for b in options[1]}
    return [_key(x) for x in out]


def town_regions(text: str) -> list[str]:
    """Regions of the towns `text` names with «г.» / «город» («г. Уссурийска» → Приморский
    край), one entry per mention; towns not in the data are skipped."""
    towns = _places()["towns"]
    out = []
    for m in _TOWN_RE.finditer(text or ""):
        words = m.group(1).split()
        for n in (len(words), 1):
            hit = next((towns[k] for k in _nominatives(words[:n]) if k in towns), None)
            if hit:
                out.append(hit)
                break
    return out


def abbreviated_municipalities(text: str) -> list[tuple[str, str]]:
    """(municipality, region) for every abbreviated municipal formation in `text` («НГО»)."""
    out = []
    for abbr, value in _places()["abbrs"].items():
        for _ in re.finditer(r"(?<![\w-])" + re.escape(abbr) + r"(?![\w-])", text or ""):
            out.append(value)
    return out


def municipality_regions(municipality: str) -> list[str]:
    """The region of a municipal formation the data knows («Рыбинский муниципальный район»,
    «город Уссурийск»), as a list of zero or one."""
    places = _places()
    key = _key(municipality or "")
    if key in places["districts"]:
        return [places["districts"][key]]
    town = re.sub(r"^город\s+", "", key)
    return [places["towns"][town]] if town != key and town in places["towns"] else []
