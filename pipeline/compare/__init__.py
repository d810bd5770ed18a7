"""Municipal plans against the regional plan: coverage, evidence, deadline lag, gaps (issues 6, 15).

    roadmaps compare --regional DOC_ID [--municipal DOC_ID ...] --out DIR [--db URL]
                     [--override ITEM MUNICIPAL_DOC STATUS] [--overrides FILE.csv]

Modules, in the order a comparison runs:

* `settings`  the settings (compare_settings.yaml) and which scorers are installed;
* `matching`  reads the store's current plan versions, one rendition each (`load_plans`),
              scores, judges and links every regional item × municipal plan (`compare`);
* `items`     records of one activity → one `Item`; `periods` its deadlines as intervals
              (the store's `deadline_intervals`) and the municipal lag;
* `lemmas`, `scoring`  lemma lists and the similarity of two texts (TF-IDF + navec);
* `evidence`  same action and same object (compare_evidence.yaml): covered / partly /
              not covered / regional only, with the evidence of each link;
* `tables`    coverage.csv, links.csv, sections.csv, local_initiatives.csv;
* `report`    report.html from the template pipeline/data/compare_report.html.
"""
from .evidence import COVERED, NOT_COVERED, PARTLY, REGIONAL_ONLY, STATUSES, Evidence
from .items import Item, build_items, fold, items_of
from .lemmas import Lemmatizer
from .matching import (Comparison, CompareError, Link, Plan, Plans, apply_overrides, compare,
                       compare_plans, load_plans)
from .periods import (EARLIER, LATE, NO_DATE, ON_TIME, attach_intervals, document_period,
                      fmt_interval, fmt_intervals, interval_lag, item_lag, parse_intervals, spread)
from .scoring import Bm25Scorer, Matcher, TfidfScorer, make_matcher, place_lemmas
from .settings import (MethodUnavailable, check_methods, installed_methods, load_settings)
from .tables import (COVERAGE_COLUMNS, LINK_COLUMNS, LOCAL_COLUMNS, SECTION_COLUMNS,
                     coverage_rows, link_rows, local_rows, regional_sections, section_rows,
                     summary_rows, write_outputs)
from .overrides import read_override_args, save_overrides, status_word
