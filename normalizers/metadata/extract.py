"""All rules together: `extract_metadata` over a document's paragraphs; `warm_up` before workers fork."""
from __future__ import annotations

import re
from typing import Iterable

from normalizers import institutions
from normalizers.lang import ner as lang_ner
from normalizers.lang.morph import all_lemmas
from normalizers.metadata.act import find_act
from normalizers.metadata.approval import approval_number_first
from normalizers.metadata.document import DocumentMetadata
from normalizers.metadata.lines import _most_common, join_lines, unspace_letters
from normalizers.metadata.municipalities import _ner_municipality, find_municipalities, municipality_of
from normalizers.metadata.period import _academic_year_in_prose, _plan_sentences, find_period, is_academic_period
from normalizers.metadata.regions import _clues, _region_index, capital_regions, find_regions, region_clues
from normalizers.metadata.resources import lexicon, word_set
from extractors.settings import MetadataSettings, defaults
from normalizers.metadata.title import _subject_text, _title_from_subject, find_title
from normalizers.text import fold


def warm_up(ner: bool = False) -> None:
    """Load the lexicons and the generated table of region forms (and, with ner=True, the
    natasha models) before forking workers."""
    lexicon()
    _region_index()
    _clues()
    if ner:
        lang_ner.models()


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
    if all_lemmas(words[0]) & heads:
        return True
    if all_lemmas(words[0]) & word_set("regional_department_heads"):
        return bool(find_regions(issuer)) and not find_municipalities(issuer)
    return False


def extract_metadata(paragraphs: list[str], deadline_years: Iterable[int] = (),
                     table_text: str = "",
                     settings: MetadataSettings | None = None) -> DocumentMetadata:
    """Whose plan it is: title, level, region, municipality, issuer, approving act, period,
    read from the paragraphs outside the tables (DOCX paragraphs or PDF lines alike) and,
    for clues the prose lacks, from the tables' text."""
    cfg = settings or defaults().metadata
    lines = [fold(unspace_letters(p)) for p in paragraphs]
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
