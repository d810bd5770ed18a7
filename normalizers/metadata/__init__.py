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

The package (morphology, inflection, letter case, folding and natasha come from the language
layer, `normalizers.lang`):

    document        `DocumentMetadata`, `ActInfo`
    resources       the metadata lexicon and its word lists; natasha's spans
    lines           joining lines, words
    regions         subjects of the RF (generated case forms, clues, capitals)
    municipalities  municipalities in the nominative
    dates           dates and act numbers
    title           the title (rule 1)
    sentence_case   a name printed in capitals in sentence case
    act, approval   the approving act (rule 2) and an approval stamp (rule 7)
    period          the period (rule 6)
    extract         `extract_metadata`: the rules together; `warm_up`
"""
from __future__ import annotations

# ruff: noqa: F401 (re-exports)
from normalizers.lang import ner as _lang_ner
from normalizers.lang.inflect import inflect_name as inflect_phrase
from normalizers.lang.lexicon import DATA_DIR
from normalizers.lang.nominative import phrase_nominative as to_nominative
from normalizers.metadata.act import find_act
from normalizers.metadata.approval import approval_number_first
from normalizers.metadata.dates import DATE_RE, NUMBER_RE, clean_number, parse_date
from normalizers.metadata.document import ActInfo, DocumentMetadata
from normalizers.metadata.extract import extract_metadata, warm_up
from normalizers.metadata.lines import join_lines
from normalizers.metadata.municipalities import find_municipalities, municipality_of
from normalizers.metadata.period import find_period, is_academic_period, period_from_deadlines
from normalizers.metadata.regions import (_region_index, capital_regions, find_regions, region_clues,
                                          region_forms, region_of)
from normalizers.metadata.resources import lexicon, ner_spans
from normalizers.metadata.sentence_case import restore_case
from normalizers.metadata.title import find_title

__all__ = ["DocumentMetadata", "extract_metadata", "find_title", "find_regions", "region_of",
           "find_municipalities", "municipality_of", "find_act", "find_period", "to_nominative",
           "inflect_phrase", "restore_case", "parse_date", "clean_number", "join_lines",
           "region_forms", "warm_up", "is_academic_period", "period_from_deadlines"]

# also importable from here (re-exported): DATA_DIR, ActInfo, DATE_RE, NUMBER_RE,
# lexicon, ner_spans, region_clues, capital_regions, approval_number_first, _region_index
# (tests); _natasha (bench/run.py times natasha's load)
_natasha = _lang_ner.models
