"""normalizers.deadlines against the deadline table and year cells in tests/data/.

* tests/data/deadline_phrases.csv: every distinct deadline cell of the gold files (source
  ``gold:<doc_id>``) plus variants (other months and years, dashes, case, quarters, half-years,
  decades, «до …», open starts, recurrences, text without a year). Columns: ``text``,
  ``deadlines`` and ``months`` joined by ``; ``, ``recurrence``, ``warning`` (a substring one
  of the warnings must contain; empty = no warning at all), ``source``.
* tests/data/deadline_year_cells.json: year-cell texts (kedrovy_2022 and variants) with the
  phrases find_deadline_phrases must return (``accept``: other answers also right).

Nothing here reads ../shared: a clone of the project has everything it needs.
"""
from __future__ import annotations

import csv
import datetime
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalizers import deadlines as dl
from normalizers.deadlines import Deadline, Interval, find_deadline_phrases, parse_deadline

DATA = Path(__file__).resolve().parent / "data"


def _load_table() -> list[dict]:
    with open(DATA / "deadline_phrases.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


TABLE = _load_table()
YEAR_CELLS = json.loads((DATA / "deadline_year_cells.json").read_text(encoding="utf-8"))


def test_table_size_and_coverage():
    assert len(TABLE) >= 150
    texts = [r["text"] for r in TABLE]
    assert len(texts) == len(set(texts)), "duplicate phrases in the table"
    assert sum(r["source"].startswith("gold:") for r in TABLE) >= 100
    assert {r["recurrence"] for r in TABLE} >= set(dl.RECURRENCES) | {""}


@pytest.mark.parametrize("row", TABLE, ids=[f"{k:03d}-{r['text'][:40]}" for k, r in enumerate(TABLE)])
def test_phrase_table(row):
    got = parse_deadline(row["text"])
    isos = [i.iso() for i in got.intervals]
    assert len(isos) == len(set(isos)), "duplicate intervals"
    assert set(isos) == set(_split(row["deadlines"]))
    assert got.recurrence == row["recurrence"]
    months = [int(m) for m in _split(row["months"])]
    assert set(got.months) == set(months) and len(got.months) == len(months)
    if row["warning"]:
        assert any(row["warning"] in w for w in got.warnings), got.warnings
    else:
        assert got.warnings == []


# ---------------------------------------------------------------- conventions, one by one

def test_interval_iso():
    assert Interval(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)).iso() == "2022-01-01/2022-12-31"
    assert Interval(datetime.date(2022, 1, 1), None).iso() == "2022-01-01/.."


def test_open_end_and_recurrence():
    d = parse_deadline("С 2022 года")
    assert d.intervals == [Interval(datetime.date(2022, 1, 1), None)]
    assert d.recurrence == "continuous"


def test_empty_text():
    assert parse_deadline("") == Deadline([], "", [], [])
    assert parse_deadline("   \n ") == Deadline([], "", [], [])
    assert find_deadline_phrases("") == []


def test_unreadable_is_not_guessed():
    d = parse_deadline("по согласованию с министерством")
    assert d.intervals == [] and d.recurrence == "" and d.months == []
    assert d.warnings and "unreadable" in d.warnings[0]


def test_period_never_supplies_a_year():
    d = parse_deadline("Сентябрь-декабрь", period=(2022, 2024))
    assert d.intervals == []
    assert d.months == [9, 10, 11, 12]
    d = parse_deadline("август 2019 года", period=(2022, 2024))
    assert [i.iso() for i in d.intervals] == ["2019-08-01/2019-08-31"]
    assert any("outside the plan period" in w for w in d.warnings)


def test_results_are_independent_copies():
    a = parse_deadline("Май, ноябрь 2020-2022г.")
    a.intervals.clear()
    a.months.append(99)
    b = parse_deadline("Май, ноябрь 2020-2022г.")
    assert len(b.intervals) == 6 and b.months == []


def test_months_keep_printed_order():
    assert parse_deadline("ежегодно (август, февраль)").months == [8, 2]
    assert parse_deadline("ежегодно (июнь –август)").months == [6, 7, 8]


def test_year_cell_phrases_joined_by_comma_still_read():
    """The pipeline re-reads a year cell's phrases joined by ', '."""
    d = parse_deadline("Июнь 2022, Декабрь 2022")
    assert [i.iso() for i in d.intervals] == ["2022-06-01/2022-06-30", "2022-12-01/2022-12-31"]
    assert d.recurrence == "once"


def test_line_breaks():
    """A line starting with a capital starts a new entry; a wrapped year does not."""
    assert [i.iso() for i in parse_deadline("Сентябрь-декабрь\n2022").intervals] == ["2022-09-01/2022-12-31"]
    assert [i.iso() for i in parse_deadline("январь 2024\nавгуст 2025").intervals] == ["2024-01-01/2025-08-31"]
    d = parse_deadline("Январь 2024\nАвгуст 2025")
    assert [i.iso() for i in d.intervals] == ["2024-01-01/2024-01-31", "2025-08-01/2025-08-31"]
    assert d.recurrence == "once"
    assert [i.iso() for i in parse_deadline("№ 5\nАвгуст 2023").intervals] == ["2023-08-01/2023-08-31"]


def test_lexicon_has_every_pymorphy_form():
    pymorphy3 = pytest.importorskip("pymorphy3")
    morph = pymorphy3.MorphAnalyzer()
    lex = dl._lexicon()
    lemmas = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
              "сентябрь", "октябрь", "ноябрь", "декабрь"]
    for num, lemma in enumerate(lemmas, start=1):
        parse = next(p for p in morph.parse(lemma) if p.normal_form == lemma and "NOUN" in p.tag)
        for form in parse.lexeme:
            word = form.word.replace("ё", "е")
            assert lex.words.get(word) == ("M", num), word
    for word in ("квартал", "полугодие", "декада"):
        parse = next(p for p in morph.parse(word) if p.normal_form == word)
        letter = {"квартал": "Q", "полугодие": "H", "декада": "K"}[word]
        for form in parse.lexeme:
            assert lex.words.get(form.word.replace("ё", "е"), ("?",))[0] == letter, form.word


# ---------------------------------------------------------------- find_deadline_phrases

@pytest.mark.parametrize("case", YEAR_CELLS, ids=[f"{k:02d}-{c['source']}" for k, c in enumerate(YEAR_CELLS)])
def test_find_deadline_phrases(case):
    got = find_deadline_phrases(case["cell"])
    assert got == case["phrases"] or got in case["accept"]


def _fold(s: str) -> str:
    s = re.sub(r"(?<=[^\W\d_])-[ \t]*\n\s*(?=[^\W\d_])", "-", s)
    return re.sub(r"\s+", " ", s).strip()


@pytest.mark.parametrize("case", YEAR_CELLS, ids=[f"{k:02d}" for k in range(len(YEAR_CELLS))])
def test_found_phrases_are_printed_text_and_readable(case):
    folded = _fold(case["cell"])
    for phrase in find_deadline_phrases(case["cell"]):
        assert phrase in folded
        assert phrase == phrase.strip() and not phrase.endswith((".", ",", ";")) or phrase.endswith("г.")
        d = parse_deadline(phrase)
        assert d.intervals or d.recurrence, phrase


def test_find_example_from_the_brief():
    cell = ("1. Создана рабочая группа.\nФевраль 2022\n2. Анализ и оценка реализации МППКО\n"
            "3. Выработка предложений ... программ.\nМай- июнь 2022")
    assert find_deadline_phrases(cell) == ["Февраль 2022", "Май- июнь 2022"]


def test_references_to_another_time_are_skipped():
    cell = ("Разработаны программы с учетом Анализа 2022 года, выявленных в ходе идентификации "
            "в 2020 году, приказ от 18.12.2019 № 5\nАвгуст 2023")
    assert find_deadline_phrases(cell) == ["Август 2023"]


# ---------------------------------------------------------------- properties

_PIECES = st.sampled_from([
    "январь", "Февраля", "МАЙ", "июнь", "сентябрь", "декабря", "сент.", "2020", "2021", "2022",
    "2099", "1900", "1", "15", "31", "29", "02", "13", "00", "14.01.2022", "31.02.2023", "21.03",
    "2022-2023", "-", "–", "—", " ", " ", ",", ";", ".", "(", ")", "/", "\n", "г.", "гг", "года",
    "год", "учебный", "квартал", "I", "IV", "первое", "полугодие", "декада", "вторая", "с", "по",
    "до", "не позднее", "начиная", "ежегодно", "постоянно", "раз в", "не менее", "по запросу",
    "в течение года", "в соответствии с графиком", "конца", "и", "ё", "x",
])
_DATEISH = st.lists(_PIECES, max_size=14).map(" ".join) | st.lists(_PIECES, max_size=14).map("".join)


def _check(d: Deadline):
    assert isinstance(d, Deadline)
    assert d.recurrence in dl.RECURRENCES + ("",)
    assert all(1 <= m <= 12 for m in d.months)
    assert all(isinstance(w, str) and w for w in d.warnings)
    for iv in d.intervals:
        assert isinstance(iv.start, datetime.date)
        assert iv.end is None or isinstance(iv.end, datetime.date)
        if iv.end is not None:
            assert iv.start <= iv.end
        assert re.fullmatch(r"\d{4}-\d\d-\d\d/(\d{4}-\d\d-\d\d|\.\.)", iv.iso())


_FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(st.text(max_size=80))
def test_never_raises_on_any_text(text):
    _check(parse_deadline(text))
    for phrase in find_deadline_phrases(text):
        assert isinstance(phrase, str) and phrase


@_FAST
@given(_DATEISH, st.one_of(st.none(), st.tuples(st.integers(1990, 2030), st.integers(1990, 2030))))
def test_date_like_text_gives_valid_intervals(text, period):
    d = parse_deadline(text, period)
    _check(d)
    for phrase in find_deadline_phrases(text):
        assert phrase in _fold(text)


@_FAST
@given(_DATEISH)
def test_deterministic(text):
    first = parse_deadline(text)
    again = parse_deadline(text)
    fresh = dl._parse_cached.__wrapped__(text, None).copy() if text.strip() else Deadline()
    assert first == again == fresh
    assert find_deadline_phrases(text) == find_deadline_phrases(text)


@pytest.mark.parametrize("cell,expected", [
    # a PDF wraps «не реже 1 раз в полугодие» so that a line starts with the frequency:
    # that line continues a sentence and is not a deadline entry of its own
    ("Проведены заседания рабочей группы не реже 1 раз в\nполугодие\nЯнварь-декабрь 2024",
     ["Январь-декабрь 2024"]),
    ("Проведены заседания не реже 1\nраз в полугодие Январь-декабрь 2024", ["Январь-декабрь 2024"]),
    ("Мониторинг (не менее\nпяти в год)\n2022 год", ["2022 год"]),
    # a narrow column wrapped the sentence before «в 2020 году»: a reference, no entry
    ("Реализованы программы ШНРО и ШНСУ\nв 2020 году, с\nиспользованием\nСентябрь 2023",
     ["Сентябрь 2023"]),
    ("Создана рабочая группа.\nВ 2022 году", ["2022 году"]),
    ("Проведен мониторинг.\nЕжегодно (сентябрь)", ["Ежегодно (сентябрь)"]),
])
def test_wrapped_lines_are_not_recurrence_entries(cell, expected):
    assert find_deadline_phrases(cell) == expected


@pytest.fixture(autouse=True, scope="module")
def _english_messages():
    """These tests read the English messages (LANG=en); the Russian ones: tests/test_i18n.py."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROADMAPS_LANG", "en")
        yield
