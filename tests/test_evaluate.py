"""`roadmaps evaluate` (pipeline/evaluate.py): the scoring rules, one test per rule, on small
synthetic predictions written to tmp_path, plus one shipped prediction folder
(tests/data/evaluate_pred/) whose figures were worked out by hand and agree with the shared
scorer to the last digit."""
import csv
import json
import os

import pytest

from helpers import GOLD, ROOT
from pipeline.evaluate import (EvaluationError, evaluate, fold, matching_form, parse_minimums,
                               party_form, render, unmet_minimums, write_json)

PRED = os.path.join(ROOT, "tests", "data", "evaluate_pred")

ACT_COLS = ["doc_id", "seq", "table", "section_no", "section_title", "item_no", "activity", "year",
            "expected_result", "deadline_raw", "deadlines", "months", "recurrence",
            "responsible_raw", "responsible", "report_form", "source_page"]
DOC_COLS = ["doc_id", "title", "level", "region", "municipality", "issuer", "approved_date",
            "approved_number", "period_start", "period_end"]
DOCUMENT = {"title": "План", "level": "municipal", "region": "Красноярский край",
            "municipality": "поселок Кедровый", "issuer": "", "approved_date": "2022-01-27",
            "approved_number": "13-п", "period_start": 2022, "period_end": 2024}
DOC_ROW = {"doc_id": "d", "title": "План", "level": "municipal", "region": "Красноярский край",
           "municipality": "поселок Кедровый", "approved_date": "2022-01-27",
           "approved_number": "13-п", "period_start": "2022", "period_end": "2024"}
A = "Проведение совещания с руководителями школ по итогам мониторинга"
B = "Организация курсов повышения квалификации для учителей математики"
C = "Открытие центра «Точка роста» в основной школе"


def g(activity=A, **kw):
    """A gold record (FORMAT.md) with empty defaults."""
    rec = {"table": "plan", "section_no": "", "section_title": "", "item_no": None,
           "activity": activity, "year": None, "expected_result": "", "deadline_raw": "",
           "deadlines": [], "months": [], "recurrence": "", "responsible_raw": "",
           "responsible": [], "report_form": "", "accept": {}}
    rec.update(kw)
    return rec


def p(activity=A, doc_id="d", **kw):
    """A predicted activities.csv row with empty defaults."""
    row = {c: "" for c in ACT_COLS}
    row.update(doc_id=doc_id, table="plan", activity=activity)
    row.update(kw)
    return row


def write_case(tmp_path, golds, preds, *, document=None, doc_rows=None, indicators=None,
               ind_rows=None, act_cols=ACT_COLS, doc_cols=DOC_COLS, gold_docs=None):
    """gold/d.json (+ more via gold_docs) and pred/{activities,documents,indicators}.csv."""
    gdir, pdir = tmp_path / "gold", tmp_path / "pred"
    gdir.mkdir(parents=True)
    pdir.mkdir()
    docs = {"d": (golds, document or DOCUMENT, indicators or [])}
    docs.update(gold_docs or {})
    for doc_id, (recs, doc, inds) in docs.items():
        recs = [dict(r, seq=r.get("seq", i + 1)) for i, r in enumerate(recs)]
        (gdir / f"{doc_id}.json").write_text(json.dumps(
            {"doc_id": doc_id, "document": doc, "records": recs, "indicators": inds},
            ensure_ascii=False), encoding="utf-8")
    with open(pdir / "activities.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, act_cols, extrasaction="ignore")
        w.writeheader()
        for i, row in enumerate(preds):
            w.writerow(dict(row, seq=row.get("seq") or i + 1))
    with open(pdir / "documents.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, doc_cols, extrasaction="ignore")
        w.writeheader()
        for row in ([DOC_ROW] if doc_rows is None else doc_rows):
            w.writerow(row)
    if ind_rows is not None:
        with open(pdir / "indicators.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["doc_id", "indicator", "unit", "year", "value"])
            w.writerows(ind_rows)
    return str(gdir), str(pdir)


def run(tmp_path, golds, preds, **kw):
    return evaluate(*write_case(tmp_path, golds, preds, **kw))


def fig(report, key, doc=None):
    """(num, den) of a ratio figure or (tp, fp, fn) of an F1 figure."""
    f = (report.doc_figures(doc) if doc else report.figures())[key]
    return (f.tp, f.fp, f.fn) if hasattr(f, "tp") else (f.num, f.den)


def missing_seqs(report, doc="d"):
    return [m["seq"] for m in report.docs[doc].missing_rows]


# --------------------------------------------------------------------------- text forms

def test_fold_whitespace_and_in_word_hyphen():
    assert fold("  a \n\t b  ") == "a b"
    assert fold("a\u00a0b") == "a b"
    assert fold(None) == "" and fold(2022) == "2022"
    assert fold("август-\nсентябрь") == "август-сентябрь"
    assert fold("Май- июнь 2022") == "Май-июнь 2022"       # hyphen + space inside a word
    assert fold("1-\n 2") == "1-2"
    assert fold("июнь – август") == "июнь – август"        # a dash between words stays
    assert fold("а -\nб") == "а - б"                        # not in-word: space before the hyphen
    assert fold("a-\n(b") == "a- (b"


def test_matching_form_and_party_form():
    assert matching_form(" Проведение,  «совещания»\n– ИТОГ. ") == "проведение совещания итог"
    assert matching_form("МКОУ №2 + 5°") == "мкоу №2 + 5°"   # symbols are not punctuation
    assert matching_form("Straße") == "strasse"                # case folded
    assert party_form(" МКУ «АМЦСО» ") == "мку «амцсо"
    assert party_form("Отдел образования .") == "отдел образования"
    assert party_form("(Отдел)") == "(отдел"
    assert party_form("Отдел+") == "отдел+"


# --------------------------------------------------------------------------- exact fields

def test_exact_fields_fold_whitespace_but_keep_case_quotes_and_dashes(tmp_path):
    golds = [g(expected_result="Создана рабочая группа. Февраль 2022",
               deadline_raw="Май- июнь 2022", report_form="Приказ «О группе»",
               section_title="Создание структур", responsible_raw="Отдел, МКУ")]
    preds = [p(expected_result="Создана\nрабочая   группа.  Февраль 2022 ",
               deadline_raw="Май-\nиюнь 2022", report_form="Приказ \"О группе\"",
               section_title="создание структур", responsible_raw=" Отдел,\nМКУ")]
    r = run(tmp_path, golds, preds)
    assert fig(r, "rows_f1") == (1, 0, 0)
    assert fig(r, "expected_result") == (1, 1)
    assert fig(r, "deadline_raw") == (1, 1)      # in-word hyphen at a line break joins
    assert fig(r, "responsible_raw") == (1, 1)
    assert fig(r, "report_form") == (0, 1)       # quotes count
    assert fig(r, "section_title") == (0, 1)     # case counts
    assert fig(r, "item_no") == (1, 1)           # gold null = empty


def test_accept_alternatives_for_text_fields(tmp_path):
    golds = [g(recurrence="per_schedule", deadline_raw="2024 год",
               accept={"recurrence": ["continuous"], "deadline_raw": ["2024  год."]}),
             g(B, item_no="1", accept={"item_no": ["2"]}),
             g(C, item_no="1", accept={"item_no": ["2"]})]
    preds = [p(recurrence="continuous", deadline_raw="2024 год."), p(B, item_no="2"),
             p(C, item_no="3")]
    r = run(tmp_path, golds, preds)
    assert fig(r, "recurrence") == (3, 3)   # B, C: both empty
    assert fig(r, "deadline_raw") == (3, 3)
    assert fig(r, "item_no") == (2, 3)      # C: "3" is neither the gold nor an alternative
    wrong = [(w["seq"], w["field"]) for w in r.docs["d"].wrong_fields]
    assert wrong == [(3, "item_no")]


# --------------------------------------------------------------------------- matching

def test_activity_ratio_threshold(tmp_path):
    near = A.replace("совещания", "совещаний").replace("руководителями", "руководитилями")
    far = "Проведение совещания с родителями"
    r = run(tmp_path, [g(A), g(B)], [p(near), p(far)])
    assert fig(r, "rows_p") == (1, 2) and fig(r, "rows_r") == (1, 2)
    assert fig(r, "activity") == (0, 1)               # matched, but not exactly
    assert missing_seqs(r) == [2]
    assert [x["line"] for x in r.docs["d"].extra_rows] == [3]


def test_matching_ignores_case_punctuation_and_order(tmp_path):
    golds = [g(A), g(B), g(C)]
    preds = [p(C.upper().replace("«", "").replace("»", "")), p(B + "."), p(A.replace(" ", "\n", 2))]
    r = run(tmp_path, golds, preds)
    assert fig(r, "rows_f1") == (3, 0, 0)
    assert fig(r, "activity") == (1, 3)


def test_year_restricts_matching(tmp_path):
    golds = [g(year="2022"), g(year="2023"), g(B, year=None)]
    preds = [p(year="2023"), p(year="2024"), p(B, year="2022")]
    r = run(tmp_path, golds, preds)
    assert fig(r, "rows_f1") == (2, 1, 1)
    assert missing_seqs(r) == [1]                    # no 2022 prediction for A
    assert fig(r, "year") == (1, 2)                  # B matched (gold has no year) but year differs


def test_year_column_missing_matches_without_year(tmp_path):
    cols = [c for c in ACT_COLS if c != "year"]
    r = run(tmp_path, [g(year="2022")], [p()], act_cols=cols)
    assert fig(r, "rows_f1") == (1, 0, 0)
    assert fig(r, "year") == (0, 1)
    assert any("no year column" in w for w in r.warnings)


def test_float_year_warned_and_not_matched(tmp_path):
    r = run(tmp_path, [g(year="2022")], [p(year="2022.0")])
    assert fig(r, "rows_f1") == (0, 1, 1)
    assert any("float-formatted" in w for w in r.warnings)


def test_tie_broken_by_expected_result_ratio(tmp_path):
    golds = [g(expected_result="Совещание проведено"), g(expected_result="Приказ издан")]
    r = run(tmp_path, golds, [p(expected_result="Приказ издан.")])
    assert missing_seqs(r) == [1]


def test_tie_broken_by_fields_in_exact_agreement(tmp_path):
    # the same activity and expected result twice (a merged cell); the pred is nearer to seq 1
    golds = [g(item_no="1", deadlines=["2022-05-01/2022-05-31"]),
             g(item_no="2", deadlines=["2022-06-01/2022-06-30"])]
    r = run(tmp_path, golds, [p(item_no="2", deadlines="2022-06-01/2022-06-30")])
    assert missing_seqs(r) == [1]
    r = run(tmp_path / "b", golds, [p(item_no="2", deadlines="2022-05-01/2022-05-31")])
    # one agreement each: a tie, so the closer position wins (pred 0 → gold 0)
    assert missing_seqs(r) == [2]


def test_tie_agreement_ignores_accept(tmp_path):
    golds = [g(item_no="1"), g(item_no="3", accept={"item_no": ["2"]})]
    r = run(tmp_path, golds, [p(item_no="2")])
    assert missing_seqs(r) == [2]            # no exact agreement either way: position decides
    assert fig(r, "item_no") == (0, 1)


def test_tie_broken_by_position_then_order(tmp_path):
    other = [g(f"Совершенно другое мероприятие номер {i}") for i in range(5)]
    golds = [g()] + other + [g()]
    preds = [p("Посторонняя строка без пары один"), p("Посторонняя строка без пары два"), p()]
    r = run(tmp_path, golds, preds)
    assert missing_seqs(r) == [2, 3, 4, 5, 6, 7]         # pred index 2 is closer to gold 0 than 6
    # equal distance: the earlier gold record, then the earlier prediction
    r = run(tmp_path / "b", [g(), g(B), g()], [p(B), p()])
    assert missing_seqs(r) == [3]
    r = run(tmp_path / "c", [g(B), g()], [p(), p(B), p()])
    assert [x["line"] for x in r.docs["d"].extra_rows] == [4]


def test_each_record_used_once(tmp_path):
    r = run(tmp_path, [g(), g()], [p()])
    assert fig(r, "rows_f1") == (1, 0, 1)
    r = run(tmp_path / "b", [g()], [p(), p()])
    assert fig(r, "rows_f1") == (1, 1, 0)


# --------------------------------------------------------------------------- set fields

def test_deadlines_set_equality_and_accept(tmp_path):
    two = ["2022-02-01/2022-02-28", "2022-05-01/2022-06-30"]
    golds = [g(deadlines=two),
             g(B, deadlines=["2024-01-01/2025-08-31"],
               accept={"deadlines": [["2024-01-01/2024-01-31", "2025-08-01/2025-08-31"]]}),
             g(C, deadlines=[])]
    preds = [p(deadlines="2022-05-01/2022-06-30;2022-02-01 / 2022-02-28; 2022-05-01/2022-06-30"),
             p(B, deadlines="2025-08-01/2025-08-31; 2024-01-01/2024-01-31"),
             p(C, deadlines="2022-01-01/2022-12-31")]
    r = run(tmp_path, golds, preds)
    assert fig(r, "deadlines") == (2, 3)
    assert fig(r, "deadlines_any") == (2, 2)        # C's gold has no deadlines


def test_months_set_equality(tmp_path):
    golds = [g(months=[8, 2]), g(B, months=[10]), g(C, months=[6, 7, 8])]
    preds = [p(months="2; 8"), p(B, months="010;"), p(C, months="6, 7, 8")]
    r = run(tmp_path, golds, preds)
    assert fig(r, "months") == (2, 3)               # ';' separates, ',' does not


def test_responsible_f1_with_party_normalization(tmp_path):
    golds = [g(responsible=["Отдел образования", "МКУ «АМЦСО»"]),
             g(B, responsible=["Отдел образования", "МКУ «АМЦСО»", "ОО"]),
             g(C, responsible=[])]
    preds = [p(responsible="мку «амцсо;  ОТДЕЛ\nобразования."),
             p(B, responsible="Отдел образования; Школа"),
             p(C, responsible="")]
    r = run(tmp_path, golds, preds)
    f = r.figures()["responsible_f1"]
    assert f.den == 3
    assert f.num == pytest.approx(1 + 2 * 1 / (3 + 2) + 1)
    wrong = [w for w in r.docs["d"].wrong_fields if w["field"] == "responsible"]
    assert [(w["seq"], w["f1"]) for w in wrong] == [(2, 0.4)]


def test_responsible_accept_takes_the_best_alternative(tmp_path):
    golds = [g(responsible=["a", "b"], accept={"responsible": [["a"]]})]
    r = run(tmp_path, golds, [p(responsible="a; c")])
    assert r.figures()["responsible_f1"].num == pytest.approx(2 / 3)


# --------------------------------------------------------------------------- columns, documents

def test_missing_optional_column_scores_zero(tmp_path):
    cols = [c for c in ACT_COLS if c not in ("deadlines", "responsible", "report_form")]
    r = run(tmp_path, [g(deadlines=[], report_form="")], [p()], act_cols=cols)
    assert fig(r, "rows_f1") == (1, 0, 0)
    assert fig(r, "deadlines") == (0, 1)
    assert fig(r, "report_form") == (0, 1)
    assert fig(r, "responsible_f1") == (0, 1)
    assert fig(r, "months") == (1, 1)
    assert any("deadlines, responsible" in w or "report_form" in w for w in r.warnings)


def test_document_fields(tmp_path):
    row = dict(DOC_ROW, title=" План\n", approved_number="13-П", period_start="2021")
    doc = dict(DOCUMENT, accept={"period_start": [2021]})
    r = run(tmp_path, [g()], [p()], doc_rows=[row], document=doc)
    assert fig(r, "docs") == (7, 8)
    assert fig(r, "doc_approved_number") == (0, 1)
    assert fig(r, "doc_period_start") == (1, 1)
    assert [w["field"] for w in r.docs["d"].wrong_doc_fields] == ["approved_number"]


def test_document_missing_from_documents_csv_gets_all_wrong(tmp_path):
    r = run(tmp_path, [g()], [p()], doc_rows=[])
    assert fig(r, "docs") == (0, 8)
    assert all(fig(r, f"doc_{f}") == (0, 1) for f in
               ["level", "region", "municipality", "approved_date", "approved_number",
                "period_start", "period_end", "title"])


def test_documents_column_missing_scores_zero(tmp_path):
    r = run(tmp_path, [g()], [p()], doc_cols=[c for c in DOC_COLS if c != "level"])
    assert fig(r, "doc_level") == (0, 1) and fig(r, "docs") == (7, 8)


def test_scored_documents_and_unknown_prediction(tmp_path):
    gold_docs = {"e": ([g(B)], DOCUMENT, []), "f": ([g(C)], DOCUMENT, [])}
    preds = [p(), p("Что-то", doc_id="zz")]
    rows = [DOC_ROW, dict(DOC_ROW, doc_id="e")]
    gdir, pdir = write_case(tmp_path, [g()], preds, doc_rows=rows, gold_docs=gold_docs)
    r = evaluate(gdir, pdir)
    assert list(r.docs) == ["d", "e"]              # e: only in documents.csv; f: not predicted
    assert fig(r, "rows_r", "e") == (0, 1)
    assert any("no gold file for zz" in w for w in r.warnings)
    assert list(evaluate(gdir, pdir, docs="all").docs) == ["d", "e", "f"]
    with pytest.raises(EvaluationError):
        evaluate(gdir, pdir, docs=["nope"])


# --------------------------------------------------------------------------- indicators

GI = [{"indicator": "Доля педагогов, прошедших диагностику", "unit": "%",
       "values": {"2023": "9", "2024": "11"}},
      {"indicator": "Число школ", "unit": "ед.", "values": {"2023": "1", "2024": "1"}}]


def test_indicators(tmp_path):
    rows = [["d", "ДОЛЯ педагогов прошедших диагностику.", "", "2023", " 9 "],
            ["d", "Доля педагогов, прошедших диагностику", "%", "2024", "12"],
            ["d", "Число школ", "ед.", "2023", "1"],
            ["d", "Число школ", "ед.", "2023", "1"]]            # a duplicate counts once
    r = run(tmp_path, [g()], [p()], indicators=GI, ind_rows=rows)
    assert fig(r, "indicators_f1") == (2, 2, 2)
    assert fig(r, "indicators_p") == (2, 4) and fig(r, "indicators_r") == (2, 4)
    assert r.docs["d"].extra_indicators == [                   # in file order
        ["доля педагогов прошедших диагностику", "2024", "12"], ["число школ", "2023", "1"]]
    assert r.docs["d"].missing_indicators == [                 # sorted
        ["доля педагогов прошедших диагностику", "2024", "11"], ["число школ", "2024", "1"]]


def test_indicators_not_scored_without_csv_or_gold(tmp_path):
    r = run(tmp_path, [g()], [p()], indicators=GI)
    assert "indicators_f1" not in r.figures()
    assert "not scored (no indicators.csv)" in render(r)
    r = run(tmp_path / "b", [g()], [p()], ind_rows=[["d", "Число школ", "", "2023", "1"]])
    assert "indicators_f1" not in r.figures()
    assert "not scored (the scored gold has no indicators)" in render(r)


# --------------------------------------------------------------------------- unusable input

def test_unusable_input_raises_evaluation_error(tmp_path):
    gdir, pdir = write_case(tmp_path, [g()], [p()])
    with pytest.raises(EvaluationError, match="gold directory not found"):
        evaluate(str(tmp_path / "nope"), pdir)
    with pytest.raises(EvaluationError, match="prediction directory not found"):
        evaluate(gdir, str(tmp_path / "nope"))

    def broken(name, text, match, where=pdir):
        path = os.path.join(where, name)
        keep = open(path, encoding="utf-8").read()
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        with pytest.raises(EvaluationError, match=match) as exc:
            evaluate(gdir, pdir)
        assert "\n" not in str(exc.value)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(keep)

    broken("activities.csv", "doc_id,title\nd,x\n", "missing required column.*activity")
    broken("activities.csv", "doc_id;activity\nd;x\n", "missing required column")
    broken("activities.csv", "", "empty file")
    broken("documents.csv", "title\nx\n", "missing required column.*doc_id")
    broken("d.json", "{broken", "not valid JSON", where=gdir)
    broken("d.json", '{"document": {}}', "no 'records' list", where=gdir)
    with open(os.path.join(pdir, "documents.csv"), "w", encoding="utf-8") as fh:
        fh.write("doc_id,title\nzz,x\n")
    broken("activities.csv", "doc_id,activity\nzz,x\n", "nothing to score")
    os.remove(os.path.join(pdir, "documents.csv"))
    with pytest.raises(EvaluationError, match="documents.csv not found"):
        evaluate(gdir, pdir)


def test_minimums_and_json(tmp_path):
    r = run(tmp_path, [g(), g(B)], [p()])
    assert parse_minimums(["rows_f1=0.5", "doc_level=1"]) == {"rows_f1": 0.5, "doc_level": 1.0}
    for bad in ["rows_f1", "foo=1", "rows_f1=x", "rows_f1=2"]:
        with pytest.raises(EvaluationError):
            parse_minimums([bad])
    assert unmet_minimums(r, {"rows_f1": 0.5}) == []
    assert len(unmet_minimums(r, {"rows_r": 0.6, "deadlines_any": 0.1})) == 2   # n/a fails
    out = tmp_path / "score.json"
    write_json(r, str(out), {"rows_r": 0.6})
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["overall"]["rows_r"] == {"value": 0.5, "num": 1, "den": 2}
    assert data["docs"]["d"]["errors"]["missing_rows"][0]["seq"] == 2
    assert data["min_failures"]


# --------------------------------------------------------------------------- the shipped folder

def test_shipped_prediction_folder_exact_figures():
    """tests/data/evaluate_pred: gold of kedrovy_2022 and andropovsky_2022 with deliberate
    errors (see its README.md); every figure below agrees with the shared scorer."""
    r = evaluate(GOLD, PRED)
    assert list(r.docs) == ["andropovsky_2022", "kedrovy_2022"]
    assert r.warnings == ["no gold file for other_plan_2023: not scored"]
    k = {key: fig(r, key, "kedrovy_2022") for key in r.doc_figures("kedrovy_2022")}
    assert k["rows_p"] == (42, 44) and k["rows_r"] == (42, 45)
    assert missing_seqs(r, "kedrovy_2022") == [5, 9, 33]
    assert [x["line"] for x in r.docs["kedrovy_2022"].extra_rows] == [9, 12]
    assert k["activity"] == (41, 42) and k["recurrence"] == (41, 42)
    assert k["deadline_raw"] == (42, 42) and k["expected_result"] == (42, 42)
    assert k["deadlines"] == (41, 42) and k["deadlines_any"] == (41, 42)
    assert k["docs"] == (7, 8) and k["doc_approved_number"] == (0, 1)
    assert r.doc_figures("kedrovy_2022")["responsible_f1"].num == pytest.approx(41 + 2 / 3)
    a = {key: fig(r, key, "andropovsky_2022") for key in r.doc_figures("andropovsky_2022")}
    assert a["rows_p"] == (41, 41) and a["rows_r"] == (41, 42)
    assert a["item_no"] == (40, 41) and a["deadline_raw"] == (40, 41) and a["months"] == (40, 41)
    assert a["recurrence"] == (41, 41) and a["deadlines"] == (41, 41)
    assert a["deadlines_any"] == (17, 17)
    assert a["docs"] == (0, 8)
    assert a["indicators_f1"] == (24, 2, 3)
    assert r.doc_figures("andropovsky_2022")["responsible_f1"].num == pytest.approx(40 + 10 / 12)
    o = {key: fig(r, key) for key in r.figures()}
    assert o["rows_f1"] == (83, 2, 4)
    for name in ["item_no", "activity", "deadline_raw", "recurrence", "deadlines", "months"]:
        assert o[name] == (82, 83), name
    for name in ["section_no", "section_title", "year", "expected_result", "report_form",
                 "responsible_raw"]:
        assert o[name] == (83, 83), name
    assert o["deadlines_any"] == (58, 59)
    assert o["docs"] == (7, 16) and o["doc_approved_number"] == (0, 2)
    assert o["indicators_p"] == (24, 26) and o["indicators_r"] == (24, 27)
    text = render(r)
    assert text.splitlines()[-1] == "rows_f1=0.965 deadlines=0.988 responsible_f1=0.994 docs=0.438"
    assert "  responsible_f1  0.994 (82.50/83)   (mean set F1 per pair)" in text
    assert "indicators        P 0.923 (24/26)  R 0.889 (24/27)  F1 0.906 (tp 24, fp 2, fn 3)" in text
    verbose = render(r, verbose=True)
    assert "  MISSING gold seq 36 year -: Участие обучающихся" in verbose
    assert "  EXTRA   pred line 12 year 2023: Проведение родительских собраний" in verbose
    assert "  WRONG   recurrence (gold seq 20, pred line 21): gold «once» pred «annual»" in verbose
    assert "  WRONG   months (gold seq 21, pred line 66): gold «5; 9» pred «9»" in verbose
    assert "  EXTRA   indicator ['количество вакантных ставок', '2026', '1']" in verbose
    assert "approved_number 0.000 (0/1)   gold «13-п» pred «13-П»" in verbose
    assert "WRONG" not in text


def test_large_document_with_shared_activities_matches_every_row(tmp_path):
    """600 gold × 600 predicted rows, many sharing an activity (year-column tables);
    its speed is measured by make bench, not here."""
    acts = [f"Мероприятие {i // 3} по повышению качества образования в школах округа, этап {i % 7}"
            for i in range(600)]
    golds = [g(a, year=str(2022 + i % 3), expected_result=f"Результат {i}") for i, a in enumerate(acts)]
    preds = [p(a + (" уточнено" if i % 10 == 0 else ""), year=str(2022 + i % 3),
               expected_result=f"Результат {i}") for i, a in enumerate(acts)]
    preds.reverse()
    r = run(tmp_path, golds, preds)
    assert fig(r, "rows_f1") == (600, 0, 0)
    assert fig(r, "expected_result") == (600, 600)
