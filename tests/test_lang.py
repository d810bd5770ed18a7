"""Tests of normalizers.lang, the language layer every stage shares: morphology, case,
inflection, folding, word lists read from the data files, the one glossary, natasha's loader."""
from __future__ import annotations

import pytest

from normalizers.lang import abbreviations, caps, derivation, fold, inflect, lexicon, morph, ner, nominative


def test_one_analyzer_and_one_reading_cache():
    assert morph.morph() is morph.morph()
    assert morph.parses("школы") is morph.parses("школы")
    assert morph.parses("Школы") == morph.parses("школы")  # read lowercased


def test_one_root_across_parts_of_speech():
    root = derivation.root
    for a, b in [("кадровый", "кадры"), ("методический", "методист"), ("обеспеченность", "обеспечить"),
                 ("оценочный", "оценка"), ("педагогический", "педагог"), ("управленческий", "управление"),
                 ("стажировочный", "стажировка"), ("итоговый", "итог"), ("грамотность", "грамотный")]:
        assert root(a) == root(b), (a, b)
    # «н» is a suffix of adjectives only: «орган» is not «организация» cut short
    assert root("орган") == "орган"
    assert root("ВПР") == "впр" and root("шнор") == "шнор"       # short or not Cyrillic: as is
    assert len(root("учитель")) >= 4


def test_lemmas_of_three_kinds():
    # the best reading: header words, compare's words
    assert morph.lemma("Ответственные") == "ответственный"
    assert morph.lemma("ЁЛКИ") == "елка"
    assert morph.lemma("SOS") == "sos"
    assert morph.lemmas("Срок исполнения, № п/п") == ["срок", "исполнение", "№", "п", "п"]
    # every reading: «стали» is the noun «сталь» or the verb «стать»
    assert morph.all_lemmas("стали") == {"сталь", "стать"}
    # the word itself and its nominal readings only
    lem = morph.nominal_lemmas("Руководители")
    assert "руководители" in lem and "руководитель" in lem


def test_two_caps_predicates_answer_two_questions():
    # an abbreviation: every letter a capital, two letters or more
    assert caps.is_abbreviation_caps("ОО") and caps.is_abbreviation_caps("ГИА-9")
    assert not caps.is_abbreviation_caps("ВсОШ") and caps.looks_acronym("ВсОШ")
    # a line set in capitals: a few lower-case letters allowed, three letters or more
    assert caps.is_caps_line("АДМИНИСТРАЦИЯ ЛЕСНОГО МУНИЦИПАЛЬНОГО ОКРУГА от")
    assert not caps.is_caps_line("ОО")
    assert caps.is_abbreviation_caps("ОО") != caps.is_caps_line("ОО")
    assert caps.is_capitalized("Отдел") and not caps.is_capitalized("ОО")


def test_case_transfer():
    assert caps.match_case("образовательные организации", "ОО") == "ОБРАЗОВАТЕЛЬНЫЕ ОРГАНИЗАЦИИ"
    assert caps.apply_case("САЯНСКОГО", "саянский") == "САЯНСКИЙ"
    assert caps.apply_case("Ханты-Мансийского", "ханты-мансийский") == "Ханты-Мансийский"
    assert caps.apply_case("Орла", "орёл") == "Орел"


def test_fold_variants_keep_their_differences():
    text = "Отдел\u00a0обра-\nзования\r\n МКУ\u00ad «АМЦСО»"
    assert fold.unify_breaks(text) == "Отдел обра-зования\n МКУ «АМЦСО»"
    assert fold.fold_unified(text) == "Отдел обра-зования МКУ «АМЦСО»"
    assert fold.fold_hyphen_wraps("август-\n сентябрь  2022") == "август-сентябрь 2022"
    assert fold.fold_hyphen_wraps("2021-\n2022") == "2021-\n2022".replace("\n", " ")
    norm = fold.match_form("Ханты\u2013Мансийский\nавтономный округ — Югра")
    assert norm == "ханты-мансийский автономный округ - югра"
    assert len(norm) == len("Ханты\u2013Мансийский\nавтономный округ — Югра")


def test_inflect_name_and_expansion():
    assert inflect.inflect_name("Республика Марий Эл", "gent") == "Республики Марий Эл"
    assert inflect.inflect_name("Красноярский край", "loct") == "Красноярском крае"
    assert inflect.inflect_name("быстро", "gent") is None  # no noun to head it
    assert inflect.inflect_expansion("образовательные организации", "gent", lambda w: None) == \
        "образовательных организаций"
    assert inflect.inflect_expansion("Районный методический кабинет", "datv", lambda w: None) == \
        "Районному методическому кабинету"


def test_nominative():
    assert nominative.phrase_nominative("Саянского района") == "Саянский район"
    assert nominative.phrase_nominative("Андроповском муниципальном округе") == \
        "Андроповский муниципальный округ"
    assert nominative.surname_nominative("Зубареву") == "Зубарева"
    assert nominative.surname_nominative("Иванова", gender="masc", case="gent") == "Иванов"


def test_month_prefixes_come_from_the_deadline_lexicon():
    prefixes = lexicon.month_prefixes()
    assert {"янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "июн": 6, "июл": 7,
            "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12}.items() <= prefixes.items()
    assert set(lexicon.month_forms()) == set(range(1, 13))


def test_region_word_lists_are_checked():
    assert lexicon.region_words("unit_words") == {"район", "округ", "край", "область", "республика"}
    with pytest.raises(ValueError):
        lexicon.region_words("no_such_list")


def test_the_one_glossary():
    assert abbreviations.expansion("ОО") == "образовательные организации"
    assert abbreviations.expansion("шнор") == "школы с низкими образовательными результатами"
    assert abbreviations.expansion("НЕТ-ТАКОГО") is None


def test_compare_reads_abbreviations_from_the_glossary():
    from pipeline.compare import Lemmatizer
    lem = Lemmatizer({"abbreviations": {"мппко": None, "пк": "повышение квалификации"}})
    assert lem.abbr_text["мппко"] == abbreviations.expansion("МППКО")
    assert lem.lemmas("курсы ПК", contract=False) == ["курс", "повышение", "квалификация"]
    with pytest.raises(ValueError):
        Lemmatizer({"abbreviations": {"нетакого": None}})


def test_natasha_loads_once_per_process():
    first = ner.tagger()
    assert ner.tagger() is first
    loads = ner.STATS["loads"]
    if first is not None:
        assert any(t == "PER" for _s, _e, t in ner.spans("Иванов Иван Петрович"))
    ner.tagger()
    assert ner.STATS["loads"] == loads
