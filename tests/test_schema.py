"""The output schema (pipeline/schema.py) against SCHEMA.md, the record classes, the store's
models and the stages that carry the same fields under the same names."""
from __future__ import annotations

import dataclasses
import os
import pickle
import re

import pytest

from pipeline import schema
from pipeline.records import (ACTIVITY_COLUMNS, DOCUMENT_COLUMNS, INDICATOR_COLUMNS,
                              ActivityRecord, DocumentRecord, IndicatorRecord)
from pipeline.store import ActivityRow, DocumentRow, IndicatorRow

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_MD = os.path.join(ROOT, "..", "shared", "spec", "SCHEMA.md")


def spec_fields(heading: str) -> list[str]:
    """The field names of the table under `heading` in SCHEMA.md, in its order."""
    if not os.path.isfile(SCHEMA_MD):
        pytest.skip("../shared/spec/SCHEMA.md not here")
    text = open(SCHEMA_MD, encoding="utf-8").read()
    part = text.split(heading, 1)[1].split("\n## ", 1)[0]
    out = []
    for line in part.splitlines():
        m = re.match(r"\|\s*([a-z_0-9, ]+?)\s*\|", line)
        if m and m.group(1) != "field":
            out += [n.strip() for n in m.group(1).split(",")]
    return out


def test_csv_columns_are_schema_md_fields_in_its_order():
    """SCHEMA.md's fields come first, in its order; the pipeline's extra columns after them."""
    documents, activities = spec_fields("## Documents"), spec_fields("## Activity records")
    assert documents[:2] == ["doc_id", "source_file"] and "period_end" in documents
    assert DOCUMENT_COLUMNS[:len(documents)] == documents
    assert ACTIVITY_COLUMNS[:len(activities)] == activities
    assert INDICATOR_COLUMNS == ["doc_id", "indicator", "unit", "year", "value"]


def test_record_classes_have_the_schema_fields():
    assert [f.name for f in dataclasses.fields(ActivityRecord)] == [f.name for f in schema.ACTIVITY]
    assert [f.name for f in dataclasses.fields(IndicatorRecord)] == [f.name for f in schema.INDICATOR]
    own = {f.name for f in dataclasses.fields(DocumentRecord)}
    assert {f.name for f in schema.DOCUMENT if f.source == "record"} <= own
    assert not {f.name for f in schema.DOCUMENT if f.source == "meta"} & own   # in `meta`


@pytest.mark.parametrize("model, fields", [(ActivityRow, schema.ACTIVITY),
                                           (DocumentRow, schema.DOCUMENT),
                                           (IndicatorRow, schema.INDICATOR)])
def test_store_columns_are_the_schema_fields(model, fields):
    """Each field with a SQL type is a column of its table, under its SQL name and type."""
    table = model.__table__
    for f in fields:
        if f.sql is None:
            assert f.name not in table.c or f.name == "doc_id" and model is DocumentRow
            continue
        column = table.c[f.sql_name]
        assert getattr(model, f.name).property.columns[0] is column
        sql_type = schema.sql_type(f)
        assert isinstance(column.type, sql_type if isinstance(sql_type, type) else type(sql_type)), f.name
        assert getattr(column.type, "length", None) == getattr(sql_type, "length", None)


def test_one_csv_form_per_field():
    """A list joined by its separator, None empty, numbers kept for the csv module."""
    a = ActivityRecord(doc_id="d", seq=3, table="plan", section_no="1", section_title="С",
                       item_no="1.1", activity="Дело", year="", expected_result="",
                       deadline_raw="ежегодно (август, февраль)", deadlines=[], months=[8, 2],
                       recurrence="annual", responsible_raw="", responsible=["А", "Б"],
                       report_form="", source_page=None, confidence=87.5)
    row = schema.csv_row(schema.ACTIVITY, a)
    assert list(row) == ACTIVITY_COLUMNS
    assert (row["seq"], row["months"], row["responsible"], row["source_page"], row["confidence"]) \
        == (3, "8; 2", "А; Б", "", 87.5)
    warnings = schema.by_name(schema.DOCUMENT)["warnings"]
    assert schema.csv_value(warnings, ["w1", "w2"]) == "w1 | w2"
    assert schema.sql_value(warnings, ["w1", "w2"]) == "w1 | w2"      # stored as the CSV shows it


def test_records_cross_process_boundaries():
    """The batch's workers send records to their parent by pickle."""
    i = IndicatorRecord(doc_id="d", indicator="Доля", unit="%", year="2022", value="10")
    assert pickle.loads(pickle.dumps(i)) == i


def test_stages_before_and_after_name_fields_as_the_schema():
    """The plan rows of `structure` and the comparison's items carry these fields under the
    schema's names (a rename in schema.py must be followed there)."""
    from pipeline.compare.items import Item
    from pipeline.structure import PlanRow
    names = {f.name for f in schema.ACTIVITY}
    plan_row = {f.name for f in dataclasses.fields(PlanRow)}
    shared = {"table", "section_no", "section_title", "section_parent", "item_no", "activity", "year",
              "expected_result", "responsible_raw", "report_form", "table_index", "row_index",
              "boxes", "confidence"}
    assert shared <= plan_row & names
    item = {f.name for f in dataclasses.fields(Item)}
    assert {"doc_id", "table", "section_no", "section_title", "item_no", "activity",
            "expected_result", "deadline_raw", "deadlines", "recurrence", "months",
            "responsible"} <= item & names


def test_workbook_labels_are_translated(monkeypatch):
    """Every label the workbook takes from the schema has its Russian form."""
    labelled = [f for fields in (schema.ACTIVITY, schema.DOCUMENT, schema.INDICATOR)
                for f in fields if f.xlsx]
    assert len(labelled) > 20
    monkeypatch.setenv("ROADMAPS_LANG", "ru")
    assert all(re.search("[А-Яа-я№]", f.xlsx()) for f in labelled)
    monkeypatch.setenv("ROADMAPS_LANG", "en")
    assert schema.label(schema.ACTIVITY, "activity") == "Activity"
