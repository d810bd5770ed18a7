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


# ---------------------------------------------------------------- completed from the plan
# SCHEMA.md «A deadline printed without its year (or month)»: the plan's period, an academic
# year, a month heading row; seasons; cells of days only.

_CAL_2020 = {"period": (2020, 2020)}
_ACAD_2019 = {"period": (2019, 2020), "academic": True}


@pytest.mark.parametrize("text,kw,deadlines,recurrence,months", [
    ("май", _CAL_2020, ["2020-05-01/2020-05-31"], "once", []),
    ("сентябрь, январь", _ACAD_2019, ["2019-09-01/2019-09-30", "2020-01-01/2020-01-31"], "once", []),
    ("до 15.09", _ACAD_2019, ["2019-09-15/2019-09-15"], "once", []),
    ("осень", _ACAD_2019, ["2019-09-01/2019-11-30"], "once", []),
    ("весна", _ACAD_2019, ["2020-03-01/2020-05-31"], "once", []),
    ("зима", _ACAD_2019, ["2019-12-01/2020-02-29"], "once", []),
    ("летом", _ACAD_2019, ["2020-06-01/2020-08-31"], "once", []),
    ("Ноябрь-февраль", _ACAD_2019, ["2019-11-01/2020-02-29"], "once", []),
    ("1-10", dict(_CAL_2020, month=1), ["2020-01-01/2020-01-10"], "once", []),
    ("25", dict(_CAL_2020, month=1), ["2020-01-25/2020-01-25"], "once", []),
    ("2, 3", dict(_ACAD_2019, month=2), ["2020-02-02/2020-02-02", "2020-02-03/2020-02-03"], "once", []),
    ("В теч. месяца", dict(_ACAD_2019, month=10), ["2019-10-01/2019-10-31"], "once", []),
    ("2 неделя", dict(_ACAD_2019, month=2), ["2020-02-08/2020-02-14"], "once", []),
    ("II–III недели", dict(_ACAD_2019, month=12), ["2019-12-08/2019-12-21"], "once", []),
    ("4 неделя", dict(_ACAD_2019, month=2), ["2020-02-22/2020-02-29"], "once", []),
    ("1 половина месяца", dict(_ACAD_2019, month=9), ["2019-09-01/2019-09-15"], "once", []),
    ("В теч. года", _ACAD_2019, [], "continuous", []),
    ("5", {"month": 9, "month_year": 2016}, ["2016-09-05/2016-09-05"], "once", []),
    ("октябрь", {"month": 9, "month_year": 2016}, ["2016-10-01/2016-10-31"], "once", []),
    ("январь", {"month": 12, "month_year": 2016}, ["2017-01-01/2017-01-31"], "once", []),
    ("ежемесячно", _CAL_2020, [], "monthly", []),
    ("в течение года", _ACAD_2019, [], "continuous", []),
    ("по плану", _CAL_2020, [], "per_schedule", []),
    ("ежегодно (май)", _CAL_2020, [], "annual", [5]),
    ("осень 2020", {}, ["2020-09-01/2020-11-30"], "once", []),
    ("зима 2020", {}, ["2020-12-01/2021-02-28"], "once", []),
    # a yearless date after a dated one in the same cell takes its year
    ("29 июня 2020 г., до 01 июля", {}, ["2020-06-29/2020-06-29", "2020-07-01/2020-07-01"], "once", []),
])
def test_deadline_completed_from_the_plan(text, kw, deadlines, recurrence, months):
    got = parse_deadline(text, **kw)
    assert [i.iso() for i in got.intervals] == deadlines
    assert got.recurrence == recurrence and got.months == months
    assert got.warnings == []


@pytest.mark.parametrize("kw", [{"period": (2022, 2025)}, {"period": (2019, 2020)}, {}])
def test_year_not_settled_by_the_plan_gives_months_and_a_warning(kw):
    # several calendar years, or two years that are not an academic one, or no plan at all
    got = parse_deadline("сентябрь", **kw)
    assert got.intervals == [] and got.months == [9] and got.recurrence == ""
    assert any("no year" in w for w in got.warnings)
    days = parse_deadline("1-10", **kw)          # no month heading: days alone mean nothing
    assert days.intervals == [] and days.warnings


def test_plan_context_object_and_bad_arguments():
    ctx = dl.PlanContext(period=(2019, 2020), academic=True, month=3)
    assert [i.iso() for i in parse_deadline("15", context=ctx).intervals] == ["2020-03-15/2020-03-15"]
    # nonsense context values are dropped, never raised
    assert parse_deadline("май", period=("x", None), month=13, month_year="?").intervals == []
    assert parse_deadline("май", (2020, 2020)).intervals[0].iso() == "2020-05-01/2020-05-31"


@pytest.mark.parametrize("text,expected", [
    ("Сентябрь, 2016 год", (9, 2016)),
    ("ЯНВАРЬ", (1, None)),
    ("Октябрь", (10, None)),
    ("Май 2017 г.", (5, 2017)),
    ("Сентябрь:", (9, None)),
    ("В октябре провести родительское собрание", None),
    ("Методическая работа", None),
    ("Сентябрь-октябрь", None),
    ("", None),
])
def test_heading_month(text, expected):
    assert dl.heading_month(text) == expected


# ---------------------------------------------------------------- cells holding a date with something else

@pytest.mark.parametrize("cell,expected", [
    ("Большой зал, 26.04.2016", ["26.04.2016"]),
    ("до 01.07 / отчет в КДН", ["до 01.07"]),
    ("20 июля 2020 г/ согласованный план", ["20 июля 2020 г"]),
    ("Постоянно/ведение журнала по выявленным фактам", ["Постоянно"]),
    ("25 июня 2020 г., 25 июля 2020 г, 25 августа 2020 г./ план, протоколы совещаний, рекомендации",
     ["25 июня 2020 г., 25 июля 2020 г, 25 августа 2020 г."]),
    ("июнь, июль, август 2020 г./ план, предоставление отчета в КДН до 01.09.2020 г.",
     ["июнь, июль, август 2020 г.", "до 01.09.2020 г."]),
    # a cell that is only a deadline stays whole, as printed
    ("Сентябрь", ["Сентябрь"]),
    ("в течение года", ["в течение года"]),
    ("ежемесячно", ["ежемесячно"]),
    ("по плану", ["по плану"]),
    ("В соответствии с графиком СКИРО ПК и ПРО", ["В соответствии с графиком СКИРО ПК и ПРО"]),
    ("Сентябрь, 1 неделя", ["Сентябрь, 1 неделя"]),
    ("по запросу д/д, в течение года", ["по запросу д/д, в течение года"]),
    ("Май,\nноябрь 2020-2022г.", ["Май, ноябрь 2020-2022г."]),
    ("", []),
])
def test_deadline_phrases(cell, expected):
    assert dl.deadline_phrases(cell) == expected


def test_every_deadline_cell_of_the_table_stays_whole():
    """The corpus's deadline cells (and the table's variants) are deadlines only: kept whole."""
    for row in TABLE:
        assert dl.deadline_phrases(row["text"]) == [_fold(row["text"])], row["text"]


# ---------------------------------------------------------------- real plans against their gold

def _gold_pairs(doc_id):
    from realworld_records import gold, record
    rec, g = record(doc_id), gold(doc_id)
    assert len(rec.activities) == len(g["records"])
    return list(zip(rec.activities, g["records"]))


@pytest.mark.parametrize("doc_id", ["ussuriysk_cssu_security_plan_2019",
                                    "ussuriysk_detdom_police_joint_plan_2013",
                                    "ussuriysk_cssu_runaway_prevention_plan_2020"])
def test_real_plans_deadlines_match_gold(doc_id):
    """Month-only and day.month deadlines of academic-year plans completed from the plan's
    period (and a mixed «срок / форма отчета» cell reduced to its dates), as the gold reads them."""
    wrong = []
    for a, g in _gold_pairs(doc_id):
        accept = g.get("accept") or {}
        ok_sets = [set(g["deadlines"])] + [set(x) for x in accept.get("deadlines", [])]
        if set(a.deadlines) not in ok_sets:
            wrong.append((a.deadline_raw, a.deadlines, g["deadlines"]))
    assert not wrong


def test_real_plan_mixed_cells_give_their_date_phrases():
    from realworld_records import norm
    pairs = _gold_pairs("ussuriysk_cssu_runaway_prevention_plan_2020")
    right = sum(norm(a.deadline_raw) in [norm(g["deadline_raw"])] + [norm(x) for x in
                (g.get("accept") or {}).get("deadline_raw", [])] for a, g in pairs)
    # read by our OCR (the scan's own layer is replaced): one cell comes out in capitals
    # («20 ИЮЛЯ 2020 Г»), the tenth holds more than the gold's phrases
    assert right >= 8


def test_days_under_month_headings_of_a_real_plan():
    """rybinsk_sport_events_2020: «1-10», «25» under «ЯНВАРЬ» rows of a plan «на 2020 год»."""
    from realworld_records import record
    acts = record("rybinsk_sport_events_2020").activities
    days = [a for a in acts if re.fullmatch(r"\d{1,2}(?:-\d{1,2})?", a.deadline_raw)]
    assert len(days) >= 40
    assert all(a.deadlines and a.recurrence == "once" for a in days)
    first = next(a for a in days if a.deadline_raw == "1-10")
    assert first.deadlines == ["2020-01-01/2020-01-10"]
    for a in days:
        month = dl.heading_month(a.section_title)
        assert month and all(d.startswith(f"2020-{month[0]:02d}-") for d in a.deadlines), a


@pytest.mark.parametrize("cell,report", [
    ("20 июля 2020 г/ согласованный план", "согласованный план"),
    ("до 01.07 / отчет в КДН", "отчет в КДН"),
    ("июнь, июль, август 2020 г./ план, предоставление отчета в КДН до 01.09.2020 г.",
     "план, предоставление отчета в КДН до 01.09.2020 г."),
    ("составление плана до 20 июля 2020/ г., первый отчет", ""),   # not a deadline before the slash
    ("Большой зал, 26.04.2016", ""),                                 # a venue, not a report
    ("2022/2023 учебный год", ""),
    ("сентябрь/октябрь", ""),
    ("по запросу д/д", ""),
])
def test_report_form_after_the_slash_of_a_deadline_cell(cell, report):
    from normalizers.deadline_cells import report_after_slash
    assert report_after_slash(cell) == report


def test_real_plan_report_forms_from_the_deadline_cell():
    from realworld_records import norm
    pairs = _gold_pairs("ussuriysk_cssu_runaway_prevention_plan_2020")
    right = sum(norm(a.report_form) in [norm(g["report_form"])] + [norm(x) for x in
                (g.get("accept") or {}).get("report_form", [])] for a, g in pairs)
    # the eighth cell prints its report with no slash; one report has OCR misreadings
    assert right >= 8


def test_half_years_of_a_school_year_plan_are_the_school_years_halves():
    """In a plan of one academic year, «I полугодие» is September–December and «II полугодие»
    from January (as «I полугодие 2024-2025 уч. года» already read); before, the calendar's
    halves put the first half-year in January–June of the second year. A calendar-year plan
    keeps the calendar's halves."""
    from normalizers.deadlines import parse_deadline

    def spans(text, period, academic):
        return [(str(i.start), str(i.end)) for i in parse_deadline(text, period, academic=academic).intervals]
    assert spans("I полугодие", (2024, 2025), True) == [("2024-09-01", "2024-12-31")]
    assert spans("II полугодие", (2024, 2025), True) == [("2025-01-01", "2025-08-31")]
    assert spans("I полугодие", (2024, 2024), False) == [("2024-01-01", "2024-06-30")]
    assert spans("II полугодие 2025", (2024, 2025), True) == [("2025-07-01", "2025-12-31")]
