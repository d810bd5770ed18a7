"""Tests of normalizers.parties: splitting, classifying, normalizing and expanding the
responsible parties of a plan table's cell.

The gold cases (tests/data/parties_cases.json) were copied from the corpus's gold files;
this file reads nothing outside the repository.
"""
from __future__ import annotations

import dataclasses
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalizers import parties as P
from normalizers.parties import (
    Party,
    builtin_glossary,
    document_glossary,
    expand_abbreviations,
    parse_parties,
    split_parties,
)

DATA = json.loads((Path(__file__).parent / "data" / "parties_cases.json").read_text(encoding="utf-8"))
GLOSSARY_PARAGRAPHS = {doc: g["paragraphs"] for doc, g in DATA["glossaries"].items()}


def _norm(s: str) -> str:
    """The scorer's comparison: white space folded, trailing punctuation dropped, case ignored."""
    return re.sub(r"\s+", " ", s).strip().rstrip(".,;:!?").strip().lower()


def _set(items) -> set[str]:
    return {_norm(x) for x in items if _norm(x)}


def _f1(pred, gold) -> float:
    a, b = _set(pred), _set(gold)
    if not a and not b:
        return 1.0
    tp = len(a & b)
    if not tp:
        return 0.0
    p, r = tp / len(a), tp / len(b)
    return 2 * p * r / (p + r)


def _doc_glossary(doc: str | None) -> dict[str, str] | None:
    if not doc:
        return None
    return document_glossary(GLOSSARY_PARAGRAPHS[doc]) or None


def _texts(text: str, glossary=None) -> list[str]:
    return [p.text for p in parse_parties(text, glossary)]


# --------------------------------------------------------------------------- gold cases


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: f"{c['doc_id']}:{c['folded'][:40]}")
def test_gold_cell(case):
    glossary = _doc_glossary(case["glossary"])
    assert _set(_texts(case["cell"], glossary)) == _set(case["expected"])


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: f"{c['doc_id']}:{c['folded'][:40]}")
def test_gold_folded(case):
    """The same cell with its line breaks folded (as responsible_raw prints it)."""
    glossary = _doc_glossary(case["glossary"])
    assert _set(_texts(case["folded"], glossary)) == _set(case["expected"])


@pytest.mark.parametrize("case", DATA["pdf_cases"], ids=lambda c: f"{c['doc_id']}:{c['cell'][:40]!r}")
def test_gold_pdf_wrapped(case):
    """Cells as a PDF extractor returns them: lines wrapped anywhere in a narrow column."""
    glossary = _doc_glossary(case["glossary"])
    assert _set(_texts(case["cell"], glossary)) == _set(case["expected"])


def test_gold_f1_and_no_ner():
    """Mean F1 over the gold cases; the common path never needs natasha."""
    calls = P._NER_STATS["calls"]
    scores = [_f1(_texts(c["cell"], _doc_glossary(c["glossary"])), c["expected"]) for c in DATA["cases"]]
    assert sum(scores) / len(scores) >= 0.97
    assert P._NER_STATS["calls"] == calls


def test_split_parties_matches_gold_without_document_glossary():
    for case in DATA["cases"]:
        if case["glossary"] is None:
            assert _set(split_parties(case["cell"])) == _set(case["expected"]), case["cell"]


# --------------------------------------------------------------------------- splitting rules


def test_split_at_commas_semicolons_and_line_breaks():
    assert split_parties("Управление образования; общеобразовательные организации") == [
        "Управление образования",
        "общеобразовательные организации",
    ]
    assert split_parties("Отдел образования,\nМКУ «АМЦСО»") == ["Отдел образования", "МКУ «АМЦСО»"]
    assert split_parties("Отдел\nРМК\nОО") == ["Отдел", "РМК", "ОО"]
    assert split_parties("Администрация\nОтдел\nРМК") == ["Администрация", "Отдел", "РМК"]


def test_spec_example():
    text = "Отдел образования, МКУ «АМЦСО», руководители МБОУ СОШ № 2, МБОУ СОШ № 14"
    assert "; ".join(split_parties(text)) == (
        "Отдел образования; МКУ «АМЦСО»; руководители МБОУ СОШ № 2; МБОУ СОШ № 14"
    )


def test_quotes_and_parentheses_do_not_split():
    assert split_parties("МБОУ «Школа № 1, корпус 2», ОО") == ["МБОУ «Школа № 1, корпус 2»", "ОО"]
    assert split_parties('ГБУ ДПО "Центр оценки, мониторинга и анализа", МОУО') == [
        'ГБУ ДПО "Центр оценки, мониторинга и анализа"',
        "МОУО",
    ]
    assert split_parties("супервизор (Пылова Л.Ю., Иванова А.А.); ОО") == [
        "супервизор (Пылова Л.Ю., Иванова А.А.)",
        "ОО",
    ]
    assert split_parties("МБОУ «Агинская СОШ №2», общеобразовательные организации") == [
        "МБОУ «Агинская СОШ №2»",
        "общеобразовательные организации",
    ]


def test_initials_are_not_separators():
    assert split_parties("Зубарева Л.Ф., директор СОШ.") == ["Зубарева Л.Ф.", "директор СОШ"]
    assert split_parties("Зубарева Л.Ф. , Директор СОШ.") == ["Зубарева Л.Ф.", "Директор СОШ"]
    assert split_parties("МКУ «АМЦСО», МБОУ СОШ № 1 им. П.М. Стратийчука с. Курсавка") == [
        "МКУ «АМЦСО»",
        "МБОУ СОШ № 1 им. П.М. Стратийчука с. Курсавка",
    ]
    assert split_parties("Иванов И.И., Петров П.П.") == ["Иванов И.И.", "Петров П.П."]


def test_new_party_without_separator():
    assert split_parties("МКОУ Межовская СОШ Муниципальный координатор") == [
        "МКОУ Межовская СОШ",
        "Муниципальный координатор",
    ]
    assert split_parties("МКОУ Орьевская СОШ, Среднеагинская СОШ Муниципальный координатор") == [
        "МКОУ Орьевская СОШ",
        "Среднеагинская СОШ",
        "Муниципальный координатор",
    ]
    assert split_parties("Отдел образования МКУ «АМЦСО», руководители ОО") == [
        "Отдел образования",
        "МКУ «АМЦСО»",
        "руководители ОО",
    ]
    assert split_parties("Отдел образования, МКУ «АМЦСО» МБОУ СОШ № 9 с. Султан") == [
        "Отдел образования",
        "МКУ «АМЦСО»",
        "МБОУ СОШ № 9 с. Султан",
    ]
    assert split_parties("Зубарева Л.Ф. директор СОШ") == ["Зубарева Л.Ф.", "директор СОШ"]
    assert split_parties("РМК Руководители РМО") == ["РМК", "Руководители РМО"]
    assert split_parties("ЦНППМ ЦОКО") == ["ЦНППМ", "ЦОКО"]
    assert split_parties("СОШ № 1 СОШ № 2") == ["СОШ № 1", "СОШ № 2"]
    assert split_parties("МБОУ «Лицей № 1» Директор") == ["МБОУ «Лицей № 1»", "Директор"]


def test_one_party_stays_whole():
    for text in [
        "Директор ШНРО и ШНСУ",
        "Директор МКУ «АМЦСО»",
        "руководители МБОУ СОШ № 2",
        "Руководитель Отдела образования",
        "Муниципальная команда по поддержке и сопровождению ШНРО",
        "Методический кабинет УО",
        "общеобразовательные организации ОО",
        "Министерство образования КК",
        "Министерство образования Красноярского края",
        "школы участники проекта",
        "Муниципальный координатор ШНРО",
        "Отдел образования Администрации Лесного муниципального округа",
        "Министерство образования и науки Республики Татарстан",
        "Управление образования и молодежной политики",
        "Учителя математики и русского языка",
        "руководители ОО и ДОУ",
        "ГБУ ДПО ЯО ИРО",
    ]:
        assert split_parties(text) == [text], text


def test_wrapped_lines_do_not_split_a_party():
    assert split_parties("Муниципальный\nкоординатор ШНРО,\nсупервизор (Пылова Л.Ю.)") == [
        "Муниципальный координатор ШНРО",
        "супервизор (Пылова Л.Ю.)",
    ]
    assert split_parties("Отдел образования МКУ\n«АМЦСО», руководители\nОО") == [
        "Отдел образования",
        "МКУ «АМЦСО»",
        "руководители ОО",
    ]
    assert split_parties("Методический кабинет УО,\nобщеобразовательные\nорганизации ОО") == [
        "Методический кабинет УО",
        "общеобразовательные организации ОО",
    ]
    assert split_parties("Министерство\nобразования, КК\nИПК") == ["Министерство образования", "КК ИПК"]
    assert split_parties("Директор ШНРО\nи ШНСУ") == ["Директор ШНРО и ШНСУ"]
    assert split_parties("Руководитель Отдела\nобразования") == ["Руководитель Отдела образования"]
    assert split_parties("Управление образования\nадминистрации района") == ["Управление образования администрации района"]


def test_hyphen_at_line_end_joins():
    assert split_parties("учебно-\nметодический центр") == ["учебно-методический центр"]


def test_conjunction_between_two_parties():
    assert split_parties("Отдел образования и руководители ОО") == ["Отдел образования", "руководители ОО"]
    assert split_parties("Директор и заместитель директора по УВР") == ["Директор", "заместитель директора по УВР"]
    assert split_parties("ЦОКО и КК ИПК") == ["ЦОКО", "КК ИПК"]
    assert split_parties("Отдел образования, а также МКУ «АМЦСО»") == ["Отдел образования", "МКУ «АМЦСО»"]


def test_comma_inside_an_organization_name():
    assert split_parties("Управление образования, молодежной политики и спорта") == [
        "Управление образования, молодежной политики и спорта"
    ]
    assert split_parties("Управление образования, культуры и спорта администрации района, ОО") == [
        "Управление образования, культуры и спорта администрации района",
        "ОО",
    ]


def test_number_list_after_a_school_stays_with_it():
    assert split_parties("МБОУ СОШ №1, 2, 5") == ["МБОУ СОШ №1, 2, 5"]
    assert split_parties("МБОУ СОШ № 1, № 2; ОО") == ["МБОУ СОШ № 1, № 2", "ОО"]


def test_participle_after_a_comma_stays_with_its_party():
    assert split_parties("Органы местного самоуправления, осуществляющие управление в сфере образования") == [
        "Органы местного самоуправления, осуществляющие управление в сфере образования"
    ]
    assert split_parties("Специалист отдела образования, ведущий специалист УО") == [
        "Специалист отдела образования",
        "ведущий специалист УО",
    ]


def test_bullets_and_numbered_lines():
    assert split_parties("- Отдел образования\n- ОО") == ["Отдел образования", "ОО"]
    assert split_parties("1. Отдел образования\n2) руководители ОО") == ["Отдел образования", "руководители ОО"]
    assert split_parties("• РМК\n• ОО") == ["РМК", "ОО"]


def test_edges_empty_and_duplicates():
    assert split_parties("") == []
    assert split_parties("   \n ") == []
    assert split_parties(" , ; ") == []
    assert parse_parties("") == []
    assert split_parties("Отдел образования,") == ["Отдел образования"]
    assert split_parties("ОО, ОО; оо") == ["ОО"]
    assert split_parties("Отдел  образования") == ["Отдел образования"]


def test_document_glossary_decides_adjacent_keys():
    lesnoy = document_glossary(GLOSSARY_PARAGRAPHS["lesnoy_2021"])
    assert _texts("Отдел РМК ОО", lesnoy) == ["Отдел", "РМК", "ОО"]
    assert _texts("Администрация Отдел РМК", lesnoy) == ["Администрация", "Отдел", "РМК"]
    assert _texts("РМК Руководители РМО", lesnoy) == ["РМК", "Руководители РМО"]


# --------------------------------------------------------------------------- classification and normal forms


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Отдел образования", "organization"),
        ("МКУ «АМЦСО»", "organization"),
        ("МБОУ СОШ № 14", "organization"),
        ("КК ИПК", "organization"),
        ("ЦОКО", "organization"),
        ("Министерство образования Красноярского края", "organization"),
        ("Методический кабинет УО", "organization"),
        ("руководители МБОУ СОШ № 2", "role"),
        ("Директор ШНРО и ШНСУ", "role"),
        ("Муниципальный координатор", "role"),
        ("Руководитель Отдела образования", "role"),
        ("директор СОШ", "role"),
        ("Рабочая группа", "group"),
        ("Муниципальная команда по поддержке и сопровождению ШНРО", "group"),
        ("общеобразовательные организации", "group"),
        ("школы участники проекта", "group"),
        ("ОО", "group"),
        ("МОУО", "group"),
        ("Зубарева Л.Ф.", "person"),
        ("супервизор (Пылова Л.Ю.)", "person"),
        # other regions
        ('ГБУ ДПО "Центр оценки качества образования"', "organization"),
        ("Комитет по образованию администрации городского округа", "organization"),
        ("заместитель директора по УВР", "role"),
        ("Петрова Анна Сергеевна", "person"),
        ("Отдел образования (Петрова А.С.)", "organization"),
        ("педагог-психолог", "role"),
        ("Педагогический совет", "group"),
    ],
)
def test_kind(text, kind):
    parties = parse_parties(text)
    assert len(parties) == 1, parties
    assert parties[0].kind == kind
    assert parties[0].text == text


@pytest.mark.parametrize(
    "text, normal",
    [
        ("Зубарева Л.Ф.", "Зубарева Л.Ф."),
        ("Зубареву Л.Ф.", "Зубарева Л.Ф."),
        ("Зубаревой Л.Ф.", "Зубарева Л.Ф."),
        ("Зубарева Л. Ф.", "Зубарева Л.Ф."),
        ("Л.Ф. Зубарева", "Зубарева Л.Ф."),
        ("Иванов Иван Иванович", "Иванов И.И."),
        ("Иванова Ивана Ивановича", "Иванов И.И."),
        ("Петрова Анна Сергеевна", "Петрова А.С."),
        ("Петровой Анны Сергеевны", "Петрова А.С."),
        ("Анна Сергеевна Петрова", "Петрова А.С."),
        ("Петровым П.П.", "Петров П.П."),
        ("супервизор (Пылова Л.Ю.)", "Пылова Л.Ю."),
        ("Педагог-психолог Сидоренко О.В.", "Сидоренко О.В."),
        ("Заместитель начальника управления образования Иванова Н.П.", "Иванова Н.П."),
    ],
)
def test_person_normal(text, normal):
    parties = parse_parties(text)
    assert [(p.kind, p.normal) for p in parties] == [("person", normal)]


def test_non_person_normal_is_the_text():
    for p in parse_parties("Отдел образования, МКУ «АМЦСО», директор СОШ."):
        assert p.normal == p.text
    assert parse_parties("директор СОШ.")[0].text == "директор СОШ"


def test_party_is_frozen():
    p = parse_parties("ОО")[0]
    assert isinstance(p, Party)
    assert [f.name for f in dataclasses.fields(Party)] == ["text", "kind", "normal", "expanded"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.text = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------- glossaries and expansion


def test_document_glossary_lesnoy():
    assert document_glossary(GLOSSARY_PARAGRAPHS["lesnoy_2021"]) == {
        "Отдел": "Отдел образования Администрации Лесного муниципального округа",
        "РМК": "Районный методический кабинет",
        "ОО": "образовательные организации",
        "Лесной МО": "Лесной муниципальный округ",
        "РМО": "районные методические объединения",
    }


def test_document_glossary_sayansky_separators_vary():
    g = document_glossary(GLOSSARY_PARAGRAPHS["sayansky_2020"])
    assert g["ШНОР"] == "школы с низкими образовательными результатами"  # " - "
    assert g["МППКО"] == "муниципальная программа повышения качества образования"  # no separator
    assert g["ОО"] == "общеобразовательные организации"  # " – "
    assert g["РМО"] == "районные методические объединения"  # "- "
    assert g["КК ИПК"] == "Красноярский краевой институт повышения квалификации"
    assert g["ШСОКО"] == "школьная система оценки качества образования"
    assert len(g) == 10


def test_document_glossary_other_forms():
    paragraphs = [
        "Пояснительная записка к плану.",
        "Список используемых сокращений",
        "ИМЦ — информационно-методический центр;",
        "ШМО: школьные методические объединения",
        "",
        "ГИА-9 – государственная итоговая аттестация по программам основного общего образования",
        "Настоящий план утверждается приказом.",
        "УО - это не сокращение, а строка после списка",
    ]
    assert document_glossary(paragraphs) == {
        "ИМЦ": "информационно-методический центр",
        "ШМО": "школьные методические объединения",
        "ГИА-9": "государственная итоговая аттестация по программам основного общего образования",
    }
    inline = ["Сокращения: ОО – образовательные организации; УО – управление образования"]
    assert document_glossary(inline) == {"ОО": "образовательные организации", "УО": "управление образования"}
    assert document_glossary(["Дорожная карта", "ОО – образовательные организации"]) == {}
    assert document_glossary(["Сокращение численности учащихся", "ОО – образовательные организации"]) == {}
    assert document_glossary([]) == {}


def test_builtin_glossary():
    g = builtin_glossary()
    for key in ["ШНОР", "ШНРО", "ШНСУ", "ОО", "УО", "МОУО", "ЦОКО", "КК ИПК", "ЦНППМ", "МППКО", "ШППКО",
                "ВПР", "ГИА", "ОГЭ", "ЕГЭ", "РМО", "ММС", "МСОКО"]:
        assert g.get(key), key
    assert g["ШНСУ"] == "школы, функционирующие в неблагоприятных социальных условиях"
    g["ОО"] = "changed"
    assert builtin_glossary()["ОО"] != "changed"  # a fresh copy each time


@pytest.mark.parametrize(
    "text, expanded",
    [
        ("руководители ОО", "руководители образовательных организаций"),
        ("ОО", "Образовательные организации"),
        ("Методический кабинет УО", "Методический кабинет управления образования"),
        ("Директор ШНРО и ШНСУ",
         "Директор школ с низкими результатами обучения и школ, функционирующих в неблагоприятных социальных условиях"),
        ("МКУ «АМЦСО»", "Муниципальное казенное учреждение «АМЦСО»"),
        ("Директор МКУ «АМЦСО»", "Директор муниципального казенного учреждения «АМЦСО»"),
        ("МКОУ Межовская СОШ",
         "Муниципальное казенное общеобразовательное учреждение Межовская средняя общеобразовательная школа"),
        ("заместитель директора по УВР", "заместитель директора по учебно-воспитательной работе"),
        ("Руководители ММО", "Руководители муниципальных методических объединений"),
        ("КК ИПК", "Красноярский краевой институт повышения квалификации и профессиональной переподготовки работников образования"),
        ("Отдел образования", ""),
        ("общеобразовательные организации ОО", ""),
    ],
)
def test_expanded_with_builtin_glossary(text, expanded):
    parties = parse_parties(text)
    assert len(parties) == 1
    assert parties[0].expanded == expanded


def test_document_glossary_overrides_builtin():
    sayansky = document_glossary(GLOSSARY_PARAGRAPHS["sayansky_2020"])
    assert parse_parties("ОО", sayansky)[0].expanded == "Общеобразовательные организации"
    assert parse_parties("КК ИПК", sayansky)[0].expanded == "Красноярский краевой институт повышения квалификации"
    assert parse_parties("Муниципальный координатор ШНРО", sayansky)[0].expanded == (
        "Муниципальный координатор школ с низкими результатами обучения"  # built-in entry still there
    )
    lesnoy = document_glossary(GLOSSARY_PARAGRAPHS["lesnoy_2021"])
    assert [p.expanded for p in parse_parties("Отдел\nРМК", lesnoy)] == [
        "Отдел образования Администрации Лесного муниципального округа",
        "Районный методический кабинет",
    ]
    assert parse_parties("Руководители РМО", lesnoy)[0].expanded == "Руководители районных методических объединений"


def test_expand_abbreviations_direct():
    g = {"РМК": "Районный методический кабинет", "ОО": "образовательные организации"}
    assert expand_abbreviations("РМК", g) == "Районный методический кабинет"
    assert expand_abbreviations("руководители ОО и РМК", g) == (
        "руководители образовательных организаций и Районного методического кабинета"
    )
    assert expand_abbreviations("Отдел образования", g) == "Отдел образования"
    assert expand_abbreviations("ГООСТ, ООО", g) == "ГООСТ, ООО"  # whole words only
    assert expand_abbreviations("", g) == ""
    assert expand_abbreviations("ОО", {}) == "ОО"


# --------------------------------------------------------------------------- other regions


def test_other_regions():
    assert _texts('ГБУ ДПО "Центр оценки качества образования", МОУО') == [
        'ГБУ ДПО "Центр оценки качества образования"',
        "МОУО",
    ]
    assert _texts("Комитет по образованию администрации городского округа, заместитель директора по УВР") == [
        "Комитет по образованию администрации городского округа",
        "заместитель директора по УВР",
    ]
    assert _texts("Петрова Анна Сергеевна, Департамент образования Ярославской области") == [
        "Петрова Анна Сергеевна",
        "Департамент образования Ярославской области",
    ]
    parties = parse_parties("КГАУ ДПО «Красноярский краевой институт повышения квалификации» Зубарева Л.Ф.")
    assert [(p.text, p.kind) for p in parties] == [
        ("КГАУ ДПО «Красноярский краевой институт повышения квалификации»", "organization"),
        ("Зубарева Л.Ф.", "person"),
    ]
    assert _texts("учителя-предметники, классные руководители; педагог-психолог") == [
        "учителя-предметники",
        "классные руководители",
        "педагог-психолог",
    ]
    assert _texts("Управление образования администрации Сухобузимского района Руководители ОО") == [
        "Управление образования администрации Сухобузимского района",
        "Руководители ОО",
    ]


def test_ner_fallback_for_a_bare_surname():
    """Lexicon and morphology cannot place a bare surname; natasha's NER can."""
    parties = parse_parties("Отдел образования Сидоренко")
    assert [(p.text, p.kind) for p in parties] == [("Отдел образования", "organization"), ("Сидоренко", "person")]


# --------------------------------------------------------------------------- properties and speed

_SEPARATORS = set(" \t\n\r\f\v\u00a0\u2028\u2029\u200b\u00ad\ufeff,;.:•·*▪●◦‣⁃-‐‑‒–—―−")
_DROPPED_WORDS = {"и", "или", "либо", "также", "а"}
_ENUMERATOR = re.compile(r"(?m)^[ \t]*\d{1,2}[.)](?=[ \t]+\S)")

_PIECES = [
    "Отдел", "образования", "МКУ", "«АМЦСО»", "руководители", "МБОУ", "СОШ", "№", "2", "ОО", "РМК",
    "Зубарева", "Л.Ф.", "Директор", "ШНРО", "и", "ШНСУ", "Муниципальный", "координатор", "(", ")", "«",
    "»", '"', ",", ";", "\n", " ", " ", ".", "-", "–", "им.", "с.", "Курсавка", "КК", "ИПК", "а", "также",
    "1.", "•", "общеобразовательные", "организации", "Иванов", "Иван", "Иванович",
]
_texts_strategy = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=25).map("".join),
    st.lists(st.sampled_from(_PIECES), max_size=25).map(" ".join),
    st.text(alphabet=st.sampled_from(list("АБВОоаб ЛФ.,;«»()\"№12-–\nи")), max_size=40),
    st.text(max_size=30),
)


def _check_nothing_lost(text: str, parts: list[str]) -> None:
    assert all(p and p == p.strip() for p in parts)
    text = re.sub("[\u00ad\u200b\ufeff]", "", text)  # invisible characters are dropped
    in_words = set(re.findall(r"[^\W_]+", _ENUMERATOR.sub(" ", text)))
    all_in_words = set(re.findall(r"[^\W_]+", text))
    out_words = set(re.findall(r"[^\W_]+", " ".join(parts)))
    assert out_words <= all_in_words
    lost = {w for w in in_words - out_words if w.lower() not in _DROPPED_WORDS}
    assert not lost, lost
    # a fragment between separators with no letter or digit is no party: its symbols may go
    fragments = [f for f in re.split(r"[,;\n]", _ENUMERATOR.sub(" ", text))
                 if any(w.lower() not in _DROPPED_WORDS for w in re.findall(r"[^\W_]+", f))]
    in_symbols = {c for f in fragments for c in f
                  if not c.isalnum() and c != "_" and not c.isspace() and c not in _SEPARATORS}
    out_symbols = {c for c in "".join(parts)}
    assert in_symbols <= out_symbols, in_symbols - out_symbols


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts_strategy)
def test_split_parties_never_raises_nor_loses_characters(text):
    parts = split_parties(text)
    _check_nothing_lost(text, parts)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts_strategy)
def test_parse_parties_never_raises(text):
    parties = parse_parties(text)
    assert [p.text for p in parties] == split_parties(text)
    for p in parties:
        assert p.kind in ("person", "organization", "role", "group")
        assert p.normal


def test_warm_up_does_not_load_natasha_unless_asked():
    loads = P._NER_STATS["loads"]
    P.warm_up()
    assert P._NER_STATS["loads"] == loads


def test_speed_of_the_common_path():
    """Thousands of distinct cells per batch: the lexicon path stays fast."""
    cells = [
        f"Отдел образования, МКУ «АМЦСО», руководители МБОУ СОШ № {i}, МБОУ ООШ № {i + 1}"
        if i % 3 == 0 else
        f"МКОУ Межовская СОШ № {i} Муниципальный координатор" if i % 3 == 1 else
        f"Зубарева Л.Ф., директор СОШ № {i}."
        for i in range(1500)
    ]
    calls = P._NER_STATS["calls"]
    start = time.perf_counter()
    for c in cells:
        parse_parties(c)
    elapsed = time.perf_counter() - start
    assert P._NER_STATS["calls"] == calls
    assert elapsed < 15, elapsed


# ---------------------------------------------------------------- work plans of institutions

@pytest.mark.parametrize("cell,expected", [
    # a person and a post with no separator: two parties
    ("Лобанов С.В. инструкторы по спорту", ["Лобанов С.В.", "инструкторы по спорту"]),
    ("Иванов И.И. директор школы", ["Иванов И.И.", "директор школы"]),
    # a post, then the person holding it: one party
    ("Медицинская сестра Азарова Т.И.", ["Медицинская сестра Азарова Т.И."]),
    ("Медицинская сестра Азарова Т.И.\nпедагог-психолог Мосиенко Е.С.",
     ["Медицинская сестра Азарова Т.И.", "педагог-психолог Мосиенко Е.С."]),
    # abbreviated posts go on after their period
    ("Мед. работник", ["Мед. работник"]),
    ("Кл. руководители, администрация детского дома",
     ["Кл. руководители", "администрация детского дома"]),
    ("соц. педагог Назаренко Ю.С. ;\nадминистрация", ["соц. педагог Назаренко Ю.С.", "администрация"]),
    # a new line with a post of its own
    ("Воспитатели\nсоциальный  педагог Назаренко Ю.С.", ["Воспитатели", "социальный педагог Назаренко Ю.С."]),
    ("зам директора по АХЧ. водитель автобуса", ["зам директора по АХЧ", "водитель автобуса"]),
    # still one party
    ("педагог психолог", ["педагог психолог"]),
    ("ст.воспитатель Сонина О.Э.", ["ст.воспитатель Сонина О.Э."]),
])
def test_posts_and_persons_of_work_plans(cell, expected):
    assert split_parties(cell) == expected


@pytest.mark.parametrize("doc_id", ["ussuriysk_cssu_security_plan_2019",
                                    "ussuriysk_detdom_police_joint_plan_2013"])
def test_real_plans_responsible_match_gold(doc_id):
    from realworld_records import gold, party, record
    acts, golds = record(doc_id).activities, gold(doc_id)["records"]
    assert len(acts) == len(golds)
    scores = []
    for a, g in zip(acts, golds):
        pred = {party(p) for p in a.responsible}
        options = [g["responsible"]] + list((g.get("accept") or {}).get("responsible", []))
        best = 0.0
        for opt in options:
            want = {party(p) for p in opt}
            best = max(best, 1.0 if not want and not pred else
                       2 * len(want & pred) / (len(want) + len(pred)) if want or pred else 0.0)
        scores.append(best)
    assert sum(scores) / len(scores) == 1.0, [(a.responsible_raw, a.responsible) for a, s in
                                                zip(acts, scores) if s < 1]
