"""Tests of normalizers.metadata: title, level, region, municipality, issuer, approving act
and period of a plan, read from the text around its tables.

The corpus cases (tests/data/metadata_cases.json: paragraphs and table text of the 5
documents as DOCX and as PDF, with the hand-checked metadata) were copied from the corpus's
gold files; this file reads nothing outside the repository. Most unit tests use phrases of
the corpus; the rest use text no corpus document contains (other regions, other types of
municipality, other acts), so the rules are general.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalizers import metadata as M
from normalizers.metadata import (
    DocumentMetadata,
    clean_number,
    extract_metadata,
    find_municipalities,
    find_period,
    find_regions,
    find_title,
    parse_date,
    region_clues,
    restore_case,
    to_nominative,
)

HERE = Path(__file__).parent
DATA = json.loads((HERE / "data" / "metadata_cases.json").read_text(encoding="utf-8"))
CASES = DATA["cases"]
RAW = HERE.parent / "data" / "raw"
FIELDS = ["title", "level", "region", "municipality", "issuer", "approved_date",
          "approved_number", "period_start", "period_end"]


def _meta(case) -> DocumentMetadata:
    return extract_metadata(case["paragraphs"], case["deadline_years"], case["table_text"])


def _agrees(case, meta: DocumentMetadata, name: str) -> bool:
    got, want = getattr(meta, name), case["expected"][name]
    if isinstance(got, str) and isinstance(want, str):
        got, want = " ".join(got.split()), " ".join(want.split())
    return got == want or got in case["accept"].get(name, [])


def _regions(text: str) -> list[str]:
    return [r for r, _, _ in find_regions(text)]


def _municipalities(text: str) -> list[str]:
    return [m for m, _ in find_municipalities(text)]


# ============================================================================ the corpus

@pytest.mark.parametrize("case", CASES, ids=[f"{c['doc_id']}.{c['format']}" for c in CASES])
def test_corpus_document_metadata(case):
    meta = _meta(case)
    wrong = {f: (getattr(meta, f), case["expected"][f]) for f in FIELDS if not _agrees(case, meta, f)}
    assert not wrong, wrong


def test_corpus_every_field_agrees_on_at_least_90_percent():
    metas = [(_meta(c), c) for c in CASES]
    for f in FIELDS:
        share = sum(_agrees(c, m, f) for m, c in metas) / len(metas)
        assert share >= 0.9, (f, share)


@pytest.mark.parametrize("doc_id", sorted({c["doc_id"] for c in CASES}))
def test_docx_and_pdf_give_the_same_answer(doc_id):
    docx, pdf = (next(c for c in CASES if c["doc_id"] == doc_id and c["format"] == f)
                 for f in ("docx", "pdf"))
    a, b = _meta(docx), _meta(pdf)
    assert {f: getattr(a, f) for f in FIELDS} == {f: getattr(b, f) for f in FIELDS}


@pytest.mark.parametrize("case", CASES[::3], ids=[f"{c['doc_id']}.{c['format']}" for c in CASES[::3]])
def test_extractor_output_end_to_end(case):
    """The same cases through the real extractors on data/raw (skipped without them)."""
    path = RAW / f"{case['doc_id']}.{case['format']}"
    if not path.exists():
        pytest.skip("data/raw not present")
    extractors = pytest.importorskip("extractors")
    doc = extractors.extract(str(path))
    meta = extract_metadata([p.text for p in doc.paragraphs], case["deadline_years"],
                            "\n".join(c.text for t in doc.tables for c in t.cells))
    wrong = {f: getattr(meta, f) for f in FIELDS if not _agrees(case, meta, f)}
    assert not wrong, wrong


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.sampled_from([c for c in CASES if c["format"] == "docx"]),
       width=st.integers(min_value=28, max_value=150))
def test_rewrapping_paragraphs_into_printed_lines_changes_nothing(doc, width):
    """A PDF gives one string per printed line: wrapping the DOCX paragraphs at any width
    must give the same metadata."""
    lines = [line for p in doc["paragraphs"]
             for line in (textwrap.wrap(p, width, break_on_hyphens=False) or [p])]
    a = _meta(doc)
    b = extract_metadata(lines, doc["deadline_years"], doc["table_text"])
    assert {f: getattr(a, f) for f in FIELDS} == {f: getattr(b, f) for f in FIELDS}


# ============================================================================ regions

def test_region_list_has_the_89_subjects_with_unique_names():
    data = yaml.safe_load((Path(M.DATA_DIR) / "regions.yaml").read_text(encoding="utf-8"))
    names = [s["name"] for s in data["subjects"]]
    assert len(names) == 89 == len(set(names))
    kinds = {k: sum(1 for s in data["subjects"] if s["type"] == k) for k in
             ("republic", "krai", "oblast", "federal_city", "autonomous_oblast", "autonomous_okrug")}
    assert kinds == {"republic": 24, "krai": 9, "oblast": 48, "federal_city": 3,
                     "autonomous_oblast": 1, "autonomous_okrug": 4}


def test_every_subject_resolves_from_its_own_name():
    for name in M._region_index()[0]:
        assert name in _regions(f"в субъекте: {name}."), name


@pytest.mark.parametrize("text, region", [
    # corpus phrases
    ("в Красноярском крае.", "Красноярский край"),
    ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ КРАСНОЯРСКОГО КРАЯ", "Красноярский край"),
    ("по Российской Федерации и по Тверской области.", "Тверская область"),
    # hand-written inflected forms no corpus document has
    ("Министерство образования Республики Башкортостан", "Республика Башкортостан"),
    ("школы в Башкортостане", "Республика Башкортостан"),
    ("в Республике Татарстан", "Республика Татарстан"),
    ("Ярославской области", "Ярославская область"),
    ("в Пермском крае", "Пермский край"),
    ("Амурской области", "Амурская область"),
    ("Ханты-Мансийского автономного округа", "Ханты-Мансийский автономный округ — Югра"),
    ("в Югре", "Ханты-Мансийский автономный округ — Югра"),
    ("Кемеровской области", "Кемеровская область — Кузбасс"),
    ("в Кузбассе", "Кемеровская область — Кузбасс"),
    ("в Республике Саха (Якутия)", "Республика Саха (Якутия)"),
    ("Чувашской Республики", "Чувашская Республика"),
    ("Кабардино-Балкарской Республики", "Кабардино-Балкарская Республика"),
    ("Еврейской автономной области", "Еврейская автономная область"),
    ("в Ямало-Ненецком автономном округе", "Ямало-Ненецкий автономный округ"),
    ("Донецкой Народной Республики", "Донецкая Народная Республика"),
    ("Республики Марий Эл", "Республика Марий Эл"),
    ("в городе Севастополе", "Севастополь"),
    ("Санкт-Петербурга", "Санкт-Петербург"),
    ("в Удмуртской Республике", "Удмуртская Республика"),
    ("Ставропольского  края", "Ставропольский край"),
    ("Красноярского\nкрая", "Красноярский край"),
])
def test_region_mentions_resolve_to_the_canonical_nominative(text, region):
    assert set(_regions(text)) == {region}


@pytest.mark.parametrize("text", [
    "Министерство просвещения Российской Федерации",
    "краевой этап конкурса, областной семинар",
    "ул. Тверская, д. 5",                 # a street, not «Тверская область»
    "Алтайская часть",                     # not «Алтайский край»
])
def test_no_region_in_text_that_names_none(text):
    assert _regions(text) == []


@pytest.mark.parametrize("text, region", [
    ("Курсы на базе КК ИПК", "Красноярский край"),
    ("Информация размещена на сайте ККИПК", "Красноярский край"),
    ("В соответствии с графиком СКИРО ПК и ПРО", "Ставропольский край"),
    ("КК ИПК - Красноярский краевой институт повышения квалификации", "Красноярский край"),
    ("курсы Тверского областного института усовершенствования учителей", "Тверская область"),
    ("ГАУ ДПО ИРО РБ", "Республика Башкортостан"),
])
def test_institution_clues_imply_the_region(text, region):
    assert set(region_clues(text)) == {region}


def test_no_clue_where_there_is_none():
    assert region_clues("Районный методический кабинет, ЦОКО, краевой семинар") == []


def test_regional_capital_implies_the_region():
    meta = extract_metadata(["План мероприятий по повышению качества образования в городе Калуге"])
    assert (meta.municipality, meta.region, meta.level) == ("город Калуга", "Калужская область", "municipal")


def test_no_region_is_guessed_without_evidence():
    meta = extract_metadata(["Дорожная карта по поддержке школ в сельском поселении Ивановское"])
    assert meta.region == ""
    assert any("region" in w for w in meta.warnings)


# ============================================================================ municipality

@pytest.mark.parametrize("text, municipality", [
    # corpus phrases
    ("функционирующей в неблагоприятных социальных условиях в поселке Кедровый Красноярского края",
     "поселок Кедровый"),
    ("в общеобразовательных организациях Саянского района со стабильно низкими", "Саянский район"),
    ("результатов в Андроповском муниципальном округе на 2022-2025 гг.",
     "Андроповский муниципальный округ"),
    ("Отдел образования Администрации Лесного муниципального округа", "Лесной муниципальный округ"),
    ("АДМИНИСТРАЦИЯ ПОСЕЛКА КЕДРОВЫЙ", "поселок Кедровый"),
    # other municipality types
    ("Рыбинский муниципальный район Ярославской области", "Рыбинский муниципальный район"),
    ("в Рыбинском муниципальном районе", "Рыбинский муниципальный район"),
    ("администрации города Рыбинска Ярославской области", "город Рыбинск"),
    ("в г. Рыбинске", "город Рыбинск"),
    ("городского округа город Рыбинск", "городской округ город Рыбинск"),
    ("в городском округе Тольятти", "городской округ Тольятти"),
    ("Новоселовского сельского поселения", "Новоселовское сельское поселение"),
    ("в сельском поселении Ивановское", "сельское поселение Ивановское"),
    ("сельского поселения «Деревня Ивановка»", "сельское поселение «Деревня Ивановка»"),
    ("в городе Мирном", "город Мирный"),
    ("в селе Агинском Саянского района", "село Агинское"),
    ("Шушенского района Красноярского края", "Шушенский район"),
    ("СЕМЕЙНОМУ УСТРОЙСТВУ ДЕТЕЙ г. УССУРИЙСКА", "город Уссурийск"),   # capitals: was «Уссурийска»
])
def test_municipality_in_the_nominative(text, municipality):
    assert _municipalities(text)[0] == municipality


@pytest.mark.parametrize("text", [
    "на муниципальном и школьном уровнях",
    "Муниципальный район обеспечивает",
    "в Красноярском крае",
    "Ханты-Мансийского автономного округа",   # a region, not a municipality
    "школ района, округа",
    'М.П.Нечаев "Диагностика воспитанности школьника"',   # initials, not «п.»: was «поселок Нечаев»
    "автор М. П. Нечаев",
])
def test_no_municipality_where_none_is_named(text):
    assert _municipalities(text) == []


# ============================================================================ morphology, case

@pytest.mark.parametrize("phrase, nominative", [
    ("Саянского района", "Саянский район"),
    ("Андроповском муниципальном округе", "Андроповский муниципальный округ"),
    ("Отдела образования Администрации Лесного муниципального округа",
     "Отдел образования Администрации Лесного муниципального округа"),
    ("министерства образования Красноярского края", "министерство образования Красноярского края"),
    ("управления образования администрации города Рыбинска",
     "управление образования администрации города Рыбинска"),
    ("Управление образования", "Управление образования"),
])
def test_to_nominative_changes_the_head_only(phrase, nominative):
    assert to_nominative(phrase) == nominative


@pytest.mark.parametrize("caps, context, expected", [
    ("АДМИНИСТРАЦИЯ ПОСЕЛКА КЕДРОВЫЙ КРАСНОЯРСКОГО КРАЯ",
     "к постановлению администрации поселка Кедровый Красноярского края",
     "Администрация поселка Кедровый Красноярского края"),
    ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ КРАСНОЯРСКОГО КРАЯ", "",
     "Министерство образования Красноярского края"),
    ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ БАШКОРТОСТАН", "",
     "Министерство образования и науки Республики Башкортостан"),
    ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДСКОГО ОКРУГА ГОРОД РЫБИНСК", "",
     "Управление образования администрации городского округа город Рыбинск"),
])
def test_restore_case_of_a_name_printed_in_capitals(caps, context, expected):
    assert restore_case(caps, context) == expected


# ============================================================================ act: date, number

@pytest.mark.parametrize("text, iso", [
    ("от 27.01.2022 № 13-п", "2022-01-27"),
    ("16 ИЮН 2022", "2022-06-16"),
    ("от 19.10.2021 года № 50а", "2021-10-19"),
    ("от «05» марта 2023 г. № 112-од", "2023-03-05"),
    ("от 7 мая 2018 года", "2018-05-07"),
    ("31.02.2022", ""),
    ("Телефон: (391) 211-93-10", ""),
    ("Протокол № 1 от «29».08.2019г.", "2019-08-29"),     # a form's day in quotes: was ""
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("raw, number", [
    ("13 -п", "13-п"), ("75-7747", "75-7747"), ("50а", "50а"), ("112 - од.", "112-од"),
    ("1292/ПК", "1292/ПК"),
])
def test_clean_number(raw, number):
    assert clean_number(raw) == number


def test_postanovlenie_header_printed_as_separate_lines():
    lines = ["АДМИНИСТРАЦИЯ ПОСЕЛКА КЕДРОВЫЙ", "КРАСНОЯРСКОГО КРАЯ", "П О С Т А Н О В Л Е Н И Е",
             "27.01.2022", "п. Кедровый", "№ 13 -п", "Об утверждении дорожной карты",
             "На основании Приказа от 18.12.2019 № 1684/694/1377 руководствуясь Уставом"]
    act = M.find_act(lines)
    assert (act.issuer, act.date, act.number) == (
        "Администрация поселка Кедровый Красноярского края", "2022-01-27", "13-п")


def test_letter_head_wins_over_the_appendix_reference():
    lines = ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ", "КРАСНОЯРСКОГО КРАЯ", "К. Маркса ул., д. 122, г. Красноярск, 660021",
             "Телефон: (391) 211-93-10", "ИНН/КПП 2460210378/246001001", "Директору ФГБУ «ФИОКО»",
             "16 ИЮН 2022", "№ 75-7747", "На № _____ от _____", "О направлении регионального",
             "плана-графика (дорожной карты)", "Уважаемый Сергей Владимирович!",
             "Приложение", "к письму министерства", "образования Красноярского края",
             "от 16 ИЮН 2022 15-7747"]
    act = M.find_act(lines)
    assert (act.issuer, act.date, act.number) == (
        "Министерство образования Красноярского края", "2022-06-16", "75-7747")


def test_appendix_reference_gives_body_date_and_number():
    lines = ["Приложение № 2 к приказу Отдела", "образования", "Администрации Лесного",
             "муниципального округа", "от 19.10.2021 года № 50а", "План мероприятий"]
    act = M.find_act(lines, title_at=5)
    assert (act.issuer, act.date, act.number) == (
        "Отдел образования Администрации Лесного муниципального округа", "2021-10-19", "50а")


def test_prikaz_of_another_municipality():
    lines = ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "АДМИНИСТРАЦИИ ГОРОДСКОГО ОКРУГА ГОРОД РЫБИНСК",
             "ЯРОСЛАВСКОЙ ОБЛАСТИ", "ПРИКАЗ", "05.03.2023 № 112-од",
             "Об утверждении плана мероприятий по повышению качества образования",
             "В соответствии с решением коллегии ПРИКАЗЫВАЮ:", "1. Утвердить план мероприятий.",
             "Приложение к приказу управления образования от 05.03.2023 № 112-од",
             "План мероприятий («дорожная карта») по повышению качества образования",
             "в городском округе город Рыбинск на 2023-2025 годы", "Цель: повышение качества"]
    meta = extract_metadata(lines, [2023, 2024])
    assert meta.title == ("План мероприятий («дорожная карта») по повышению качества образования "
                          "в городском округе город Рыбинск на 2023-2025 годы")
    assert (meta.level, meta.region, meta.municipality) == (
        "municipal", "Ярославская область", "городской округ город Рыбинск")
    assert meta.issuer == ("Управление образования администрации городского округа город Рыбинск "
                           "Ярославской области")
    assert (meta.approved_date, meta.approved_number) == ("2023-03-05", "112-од")
    assert (meta.period_start, meta.period_end) == (2023, 2025)


def test_approved_by_prikaz_reference_before_the_title():
    lines = ["УТВЕРЖДЕН", "приказом управления образования", "администрации Рыбинского муниципального района",
             "от 05.03.2023 № 112-од", "Комплекс мер по повышению качества образования",
             "в Рыбинском муниципальном районе Ярославской области"]
    meta = extract_metadata(lines, [2023, 2024])
    assert meta.issuer == "Управление образования администрации Рыбинского муниципального района"
    assert (meta.approved_date, meta.approved_number) == ("2023-03-05", "112-од")
    assert (meta.municipality, meta.region) == ("Рыбинский муниципальный район", "Ярославская область")
    assert (meta.period_start, meta.period_end) == (2023, 2024)


def test_approver_signature_block():
    lines = ["УТВЕРЖДАЮ", "Начальник отдела образования", "администрации Андроповского",
             "муниципального округа", "__________ И.И. Иванова", "Дорожная карта",
             "по поддержке школ на 2022-2025 гг."]
    meta = extract_metadata(lines)
    assert meta.issuer == "Отдел образования администрации Андроповского муниципального округа"
    assert meta.municipality == "Андроповский муниципальный округ"


def test_references_to_other_acts_in_the_prose_are_not_the_approving_act():
    lines = ["Комплекс мер по реализации программы на 2020-2022 годы",
             "Приказ Минобрнауки России от 17.05.2012 № 413 «Об утверждении стандарта»;",
             "Приложение к приказу Министерства образования от 10.01.2023 № 1-пп"]
    meta = extract_metadata(lines)
    assert (meta.issuer, meta.approved_date, meta.approved_number) == ("", "", "")


# ============================================================================ title

def test_title_printed_over_several_lines_ends_before_the_goal():
    lines = ["Дорожная карта", "по организации ресурсной поддержки школ с низкими результатами",
             "обучения, школ, функционирующих в зоне риска снижения образовательных", "результатов",
             "в Андроповском муниципальном округе на 2022-2025 гг.",
             "Цель реализации дорожной карты: к 2025 году повысить качество образования"]
    title, start, end = find_title(lines)
    assert title.endswith("в Андроповском муниципальном округе на 2022-2025 гг.")
    assert (start, end) == (0, 5)


def test_title_continues_on_a_capitalised_line_in_an_oblique_case():
    lines = ["План мероприятий («дорожной карты») по развитию муниципальной системы",
             "оценки качества образования и механизмов управления качеством образования в",
             "Лесном муниципальном округе", "Пояснительная записка"]
    assert find_title(lines)[0].endswith("в Лесном муниципальном округе")


def test_title_stops_before_a_sentence_that_starts_with_the_plan_word():
    lines = ["Комплекс мер по реализации муниципальной Программы повышения качества образования и поддержки школ с низкими",
             "результатами обучения на 2020-2022 годы",
             "Комплекс мер является неотъемлемой частью муниципальной Программы"]
    assert find_title(lines)[0].endswith("обучения на 2020-2022 годы")


def test_subject_and_covering_letter_lines_are_not_the_title():
    lines = ["Об утверждении дорожной карты по реализации программы", "О направлении регионального",
             "плана-графика (дорожной карты)", "Министерство направляет скорректированный",
             "региональный план-график (дорожную карту) работ",
             "Региональный план-график (дорожная карта) работ по повышению качества образования"]
    assert find_title(lines)[0] == "Региональный план-график (дорожная карта) работ по повышению качества образования"


def test_title_fallback_from_the_subject_line():
    meta = extract_metadata(["Об утверждении дорожной карты по поддержке школ в Чеченской Республике"])
    assert meta.title == "Дорожная карта по поддержке школ в Чеченской Республике"
    assert (meta.level, meta.region) == ("regional", "Чеченская Республика")


def test_title_in_capitals_over_two_lines():
    lines = ["ДОРОЖНАЯ КАРТА", "ПО ПОВЫШЕНИЮ КАЧЕСТВА ОБРАЗОВАНИЯ В ЛЕСНОМ МУНИЦИПАЛЬНОМ ОКРУГЕ",
             "ТВЕРСКОЙ ОБЛАСТИ", "Пояснительная записка"]
    meta = extract_metadata(lines)
    assert meta.title.endswith("МУНИЦИПАЛЬНОМ ОКРУГЕ ТВЕРСКОЙ ОБЛАСТИ")
    assert (meta.municipality, meta.region) == ("Лесной муниципальный округ", "Тверская область")


def test_programme_titles_also_when_typed_with_spaced_capitals():
    """A programme holding its plan table is titled by its heading, also when the heading is
    typed letter by letter («П Р О Г Р А М М А»); a «Детальный план» is a plan. Before,
    these files had no title (and were taken for versions of one another in the store)."""
    meta = extract_metadata(["УТВЕРЖДАЮ", "Директор КГКУ «Центр содействия»",
                             "П Р О Г Р А М М А", "«Развитие физкультуры и спорта»", "2019 г.",
                             "1. Актуальность программы"])
    assert meta.title == "ПРОГРАММА «Развитие физкультуры и спорта»"
    assert find_title(["Детальный план", "мероприятий в рамках Всероссийского дня правовой помощи детям",
                       "Место проведения мероприятия, дата, время"])[0] == \
        "Детальный план мероприятий в рамках Всероссийского дня правовой помощи детям"


def test_a_forms_caption_is_no_part_of_the_title():
    """«(наименование муниципального образования)» under a blank of a form: not the title's,
    and its «муниципального» does not make a regional institution's plan municipal."""
    meta = extract_metadata(["Детальный план", "мероприятий, проводимых в КГКУ «Центр содействия "
                             "семейному устройству г. Уссурийска»",
                             "(наименование муниципального образования)",
                             "в рамках Всероссийского дня правовой помощи детям"])
    assert meta.title == ("Детальный план мероприятий, проводимых в КГКУ «Центр содействия "
                          "семейному устройству г. Уссурийска» в рамках Всероссийского дня "
                          "правовой помощи детям")
    assert (meta.level, meta.region) == ("regional", "Приморский край")
    assert find_title(["Региональный план-график (дорожная карта) работ"])[0] == \
        "Региональный план-график (дорожная карта) работ"


def test_a_sentence_about_the_programme_is_not_its_title():
    """«Программа призвана способствовать …» says something (a short participle, a finite
    verb): the heading further on is the title."""
    lines = ["Программа призвана способствовать решению проблем в области физической культуры",
             "Ведомственная целевая программа «Физическая культура и спорт» на 2017-2022 годы"]
    assert find_title(lines)[0] == lines[1]


# ============================================================================ period, level

@pytest.mark.parametrize("text, period", [
    ("в Андроповском муниципальном округе на 2022-2025 гг.", (2022, 2025)),
    ("поддержки школ с низкими результатами обучения на 2020-2022 годы", (2020, 2022)),
    ("на период с 2021 по 2023 год", (2021, 2023)),
    ("на 2023 – 2025 годы", (2023, 2025)),
    ("на 2022/2023 учебный год", (2022, 2023)),
    ("на 2024 год", (2024, 2024)),
    ("повысить качество к 2025 году", (None, None)),
    ("программы 2020-2022 на 2021-2022 годы", (2021, 2022)),
    ("План работы на летний период 2018 год", (2018, 2018)),     # a season between: was None
    ("План мероприятий на лето 2020 г.", (2020, 2020)),
    ("направлено на 2 этапа 2020 года и далее", (None, None)),
])
def test_find_period(text, period):
    assert find_period(text) == period


def test_period_falls_back_to_the_deadlines():
    meta = extract_metadata(["Дорожная карта по поддержке школ в Саянском районе"], [2023, 2021, 2022])
    assert (meta.period_start, meta.period_end) == (2021, 2023)
    assert any("deadline" in w for w in meta.warnings)


def test_period_of_another_program_in_the_prose_is_not_the_plans():
    lines = ["План мероприятий по развитию системы оценки качества в Лесном муниципальном округе",
             "Государственная программа Тверской области «Развитие образования Тверской области» "
             "на 2023 – 2030 годы»"]
    meta = extract_metadata(lines, [2021, 2023])
    assert (meta.period_start, meta.period_end) == (2021, 2023)


def test_regional_plan_of_a_republic():
    lines = ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ", "РЕСПУБЛИКИ БАШКОРТОСТАН", "ПРИКАЗ",
             "«05» марта 2023 г.  № 112-од", "г. Уфа", "Об утверждении региональной дорожной карты",
             "Региональная дорожная карта по поддержке школ с низкими результатами",
             "обучения в Республике Башкортостан на 2023–2024 годы"]
    meta = extract_metadata(lines)
    assert (meta.level, meta.region, meta.municipality) == ("regional", "Республика Башкортостан", "")
    assert meta.issuer == "Министерство образования и науки Республики Башкортостан"
    assert (meta.approved_date, meta.approved_number) == ("2023-03-05", "112-од")
    assert (meta.period_start, meta.period_end) == (2023, 2024)


def test_municipal_plan_named_by_its_district_only_in_the_tables():
    meta = extract_metadata(["Комплекс мер по реализации муниципальной Программы на 2020-2022 годы"],
                            table_text="Совещания в школах Ачинского района\nСеминар в г. Красноярске")
    assert (meta.level, meta.municipality) == ("municipal", "Ачинский район")


def test_empty_input():
    meta = extract_metadata([])
    assert (meta.title, meta.level, meta.region, meta.period_start) == ("", "", "", None)
    assert meta.warnings


def test_covering_letter_of_a_municipal_education_office():
    lines = ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "АДМИНИСТРАЦИИ САЯНСКОГО РАЙОНА", "ул. Советская, 1, с. Агинское",
             "от 16.06.2022 г. № 01-15/123", "О направлении дорожной карты", "Уважаемая Ольга Ивановна!",
             "Направляем дорожную карту.", "Дорожная карта по повышению качества образования на 2022-2024 годы"]
    meta = extract_metadata(lines, [2022])
    assert meta.issuer == "Управление образования администрации Саянского района"
    assert (meta.approved_date, meta.approved_number) == ("2022-06-16", "01-15/123")
    assert (meta.level, meta.municipality) == ("municipal", "Саянский район")
    assert (meta.period_start, meta.period_end) == (2022, 2024)


def test_issuer_with_a_quoted_name_on_the_next_line():
    lines = ["Администрация муниципального образования", "«Город Саянск»", "ПОСТАНОВЛЕНИЕ",
             "от 01.02.2023 № 110-37-45-23", "Об утверждении комплекса мер",
             "Комплекс мер по повышению качества образования на 2023 год"]
    meta = extract_metadata(lines)
    assert meta.issuer == "Администрация муниципального образования «Город Саянск»"
    assert (meta.approved_date, meta.approved_number) == ("2023-02-01", "110-37-45-23")
    assert (meta.period_start, meta.period_end) == (2023, 2023)


def test_city_administration_department():
    lines = ["Департамент образования", "администрации города Нижнего Новгорода", "ПРИКАЗ",
             "от 10.02.2023 № 150", "Об утверждении плана", "План мероприятий по повышению качества образования"]
    meta = extract_metadata(lines, [2023])
    assert meta.issuer == "Департамент образования администрации города Нижнего Новгорода"
    assert (meta.level, meta.municipality, meta.region) == (
        "municipal", "город Нижний Новгород", "Нижегородская область")


# ---------------------------------------------------------------- plans of institutions

from normalizers import institutions as I  # noqa: E402


@pytest.mark.parametrize("text,level", [
    ("Директор КГКУ «Центр содействия семейному устройству г.Уссурийска»", "regional"),
    ("Краевое государственное казённое учреждение «Центр содействия …»", "regional"),
    ("ГАПОУ «Колледж»", "regional"),
    ("План работы МБОУ «СОШ № 11» НГО", "municipal"),
    ("муниципального бюджетного общеобразовательного учреждения «Средняя школа № 11»", "municipal"),
    ("Отдел образования администрации", ""),
])
def test_institution_level(text, level):
    assert I.institution_level(text) == level


def test_towns_and_abbreviated_municipalities_imply_the_region():
    assert I.town_regions("КГКУ «Центр содействия семейному устройству г.Уссурийска»") == ["Приморский край"]
    assert I.town_regions("г. Находки и города Нижнего Тагила") == ["Приморский край", "Свердловская область"]
    assert I.town_regions("г. Неизвестноград") == []
    assert I.town_regions("семейному устройству г Уссурийска»") == ["Приморский край"]   # no stop
    assert I.abbreviated_municipalities("МБОУ «СОШ № 11» НГО") == [("Находкинский городской округ", "Приморский край")]
    assert I.abbreviated_municipalities("НГОК и УГОЛ") == []
    assert I.municipality_regions("Рыбинский муниципальный район") == ["Ярославская область"]
    assert I.municipality_regions("город Уссурийск") == ["Приморский край"]


def _meta_of(text: str, tables: str = "") -> DocumentMetadata:
    return extract_metadata([l.strip() for l in textwrap.dedent(text).strip().splitlines()], table_text=tables)


def test_school_plan_metadata_from_its_title_page():
    m = _meta_of("""
        Утверждаю
        Директор МБОУ «СОШ № 11» НГО
        ____________ / А.В. Деркачев
        Приказ от 31 августа 2016 года № 112-а
        План работы
        муниципального бюджетного общеобразовательного учреждения
        «Средняя общеобразовательная школа № 11» НГО на 2016- 2017 учебный год
        Тема работы школы:
    """)
    assert m.title.startswith("План работы муниципального бюджетного") and m.title.endswith("учебный год")
    assert (m.level, m.region, m.municipality) == ("municipal", "Приморский край", "Находкинский городской округ")
    assert (m.approved_date, m.approved_number) == ("2016-08-31", "112-а")
    assert (m.period_start, m.period_end, m.academic) == (2016, 2017, True)
    assert m.issuer == "МБОУ «СОШ № 11» НГО"


def test_regional_institution_plan_and_its_approval_stamp():
    m = _meta_of("""
        «УТВЕРЖДАЮ»
        Директор КГКУ «Центр содействия семейному устройству г.Уссурийска»
        24.августа.2019
        И.А. Жовниренко
        План
        мероприятий по обеспечению комплексной безопасности центра
        на 2019-2020 учебный год
    """)
    assert (m.level, m.region, m.municipality) == ("regional", "Приморский край", "город Уссурийск")
    assert m.approved_date == "2019-08-24" and m.academic


def test_act_number_before_its_date_in_the_title_and_a_form_code_is_no_number():
    m = _meta_of("""
        Унифицированная форма№ Т-5
        ПРИКАЗ
        В целях профилактики самовольных уходов
        ПРИКАЗЫВАЮ: разработать на 2020/2021 учебный год план.
        План по профилактике самовольных уходов КГКУ «Центр г. Уссурийска»
        к приказу №57-од от 08.06.2020
    """)
    assert (m.approved_date, m.approved_number) == ("2020-06-08", "57-од")
    assert m.title == "План по профилактике самовольных уходов КГКУ «Центр г. Уссурийска»"
    assert (m.period_start, m.period_end) == (2020, 2021)


def test_table_text_does_not_name_the_plans_region():
    """Issue 18: an activity «…участниками боевых действий в Чечне» is not the plan's place."""
    m = _meta_of("""
        ПЛАН РАБОТЫ
        МОБУ СОШ с. Целинный
        на 2015/2016 учебный год
    """, tables="Встреча с участниками боевых действий в Чечне\nКлассный час")
    assert m.region == "" and m.municipality == "село Целинный"
    # a region the tables name again and again, and no other, still counts
    many = _meta_of("План работы школы на 2020 год", tables="\n".join(["Конкурс Красноярского края"] * 3))
    assert many.region == "Красноярский край"


def test_period_from_deadlines_only_when_the_text_names_none():
    m = DocumentMetadata(warnings=["metadata: no period found"])
    M.period_from_deadlines(m, [2021, 2020])
    assert (m.period_start, m.period_end) == (2020, 2021)
    assert m.warnings == ["metadata: period taken from the span of the deadlines"]
    named = DocumentMetadata(period_start=2019, period_end=2020)
    M.period_from_deadlines(named, [2030])
    assert (named.period_start, named.period_end) == (2019, 2020)


@pytest.mark.parametrize("text,start,end,academic", [
    ("на 2019-2020 учебный год", 2019, 2020, True),
    ("на 2018-2019 уч. год", 2018, 2019, True),
    ("на 2015/2016 учебный год", 2015, 2016, True),
    ("на 2019-2020 тренировочный год.", 2019, 2020, True),
    ("на 2019-2020 годы", 2019, 2020, False),
    ("на 2022-2025 учебные годы", 2022, 2025, False),
])
def test_academic_period(text, start, end, academic):
    assert M.is_academic_period(text, start, end) is academic


@pytest.mark.parametrize("doc_id", ["ussuriysk_cssu_security_plan_2019",
                                    "ussuriysk_detdom_police_joint_plan_2013",
                                    "ussuriysk_cssu_runaway_prevention_plan_2020"])
def test_real_institution_plans_document_fields(doc_id):
    from realworld_records import gold, norm, record
    meta, want = record(doc_id).meta, gold(doc_id)["document"]
    accept = want.get("accept") or {}
    fields = ["level", "region", "municipality", "approved_date", "approved_number",
              "period_start", "period_end", "title"]
    wrong = []
    for f in fields:
        value = getattr(meta, f)
        ok = [want.get(f)] + list(accept.get(f, []))
        if norm("" if value is None else value) not in [norm("" if v is None else v) for v in ok]:
            wrong.append((f, value, want.get(f)))
    # the scanned order's title carries OCR noise («в рамках ,4 ' ;• .»): the only miss allowed
    allowed = [("title",)] if doc_id.endswith("runaway_prevention_plan_2020") else []
    assert [w[:1] for w in wrong] in ([], allowed), wrong
