"""How long `roadmaps compare` takes on a large comparison (issue 15 target: < 30 s, one core).

    .venv/bin/python bench/compare_speed.py [--municipal 60] [--items 100] [--regional-items 100]
                                            [--out DIR]

Builds synthetic plans in memory from the phrasing of real plans (an action, an object, a
group, a qualifier; responsible bodies and monthly deadlines), so that the lemmatizer sees as
many distinct texts as real plans would give it: one regional plan of --regional-items items
and --municipal plans of --items items each. Times the comparison (`compare_plans`: scores,
evidence, links, lags) and the outputs (CSVs and report.html) apart, on one core (numpy's
threads limited to one). Prints one line per stage and the total.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from pipeline import compare as cmp  # noqa: E402

ACTIONS = ["Проведение анализа", "Корректировка", "Разработка", "Проведение мониторинга",
           "Организация участия педагогов в", "Проведение семинара по вопросам",
           "Обновление", "Утверждение", "Размещение на сайте", "Сопровождение",
           "Проведение совещания по вопросам", "Организация курсов повышения квалификации по теме",
           "Формирование банка практик", "Подготовка методических рекомендаций по",
           "Проведение родительских собраний по вопросам", "Диагностика"]
OBJECTS = ["муниципальной программы повышения качества образования", "дорожной карты",
           "результатов всероссийских проверочных работ", "профессиональных дефицитов педагогов",
           "функциональной грамотности обучающихся", "школьной системы оценки качества",
           "работы методических объединений", "индивидуальных планов профессионального развития",
           "наставничества молодых педагогов", "объективности оценочных процедур",
           "результатов государственной итоговой аттестации", "программ развития школ",
           "адресных рекомендаций для школ", "материально-технической базы",
           "профилактики учебной неуспешности", "сетевого взаимодействия школ",
           "кадрового потенциала", "управленческих команд", "читательской грамотности",
           "математической подготовки", "электронного журнала", "инклюзивного образования",
           "одарённых детей", "профориентационной работы", "школьных библиотек",
           "цифровой образовательной среды", "воспитательной работы", "внеурочной деятельности"]
GROUPS = ["в школах с низкими образовательными результатами", "в общеобразовательных организациях",
          "в школах, функционирующих в неблагоприятных социальных условиях", "в сельских школах",
          "для учителей математики", "для руководителей образовательных организаций",
          "для заместителей директоров", "в муниципальной системе образования"]
QUALIFIERS = ["на основе данных мониторинга", "с привлечением специалистов", "по итогам учебного года",
              "с учётом региональных рекомендаций", "в дистанционном формате", "по запросу школ",
              "с участием родительской общественности", "в рамках сетевого взаимодействия", ""]
REGIONAL_BODIES = ["Министерство образования области", "Институт развития образования", "ЦОКО"]
MUNICIPAL_BODIES = ["Управление образования", "Отдел образования", "Методический кабинет",
                    "Руководители общеобразовательных организаций"]


def item(rng: random.Random, doc_id: str, k: int, bodies: list[str], year: int) -> cmp.Item:
    text = " ".join(x for x in (rng.choice(ACTIONS), rng.choice(OBJECTS), rng.choice(GROUPS),
                                rng.choice(QUALIFIERS)) if x)
    month = rng.randint(1, 12)
    end = dt.date(year, month, 28)
    it = cmp.Item(doc_id=doc_id, key=str(k), table="plan", section_no=str(1 + k // 20),
                  section_title=f"Направление {1 + k // 20}", item_no=str(k), activity=text,
                  seqs=[k], deadline_raw=[f"{month:02d}.{year}"],
                  responsible=rng.sample(bodies, rng.randint(1, 2)))
    it.intervals = [(dt.date(year, month, 1), end)]
    return it


def plans(n_mun: int, n_items: int, n_reg: int, seed: int = 7) -> tuple[cmp.Plan, list[cmp.Plan]]:
    rng = random.Random(seed)
    reg = cmp.Plan({"doc_id": "region", "level": "regional", "region": "Синтетическая область",
                    "municipality": ""},
                   [item(rng, "region", k + 1, REGIONAL_BODIES + MUNICIPAL_BODIES[:1], 2024)
                    for k in range(n_reg)], (2024, 2024))
    muns = []
    for m in range(n_mun):
        doc = f"mun_{m:02d}"
        muns.append(cmp.Plan({"doc_id": doc, "level": "municipal", "region": "Синтетическая область",
                              "municipality": f"Муниципалитет {m:02d}"},
                             [item(rng, doc, k + 1, MUNICIPAL_BODIES, 2024) for k in range(n_items)],
                             (2024, 2024)))
    return reg, muns


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--municipal", type=int, default=60)
    ap.add_argument("--items", type=int, default=100)
    ap.add_argument("--regional-items", type=int, default=100)
    ap.add_argument("--out", default=None, help="folder for the outputs (default: a temporary one)")
    args = ap.parse_args(argv)
    reg, muns = plans(args.municipal, args.items, args.regional_items)
    n_texts = len({it.activity for p in [reg] + muns for it in p.items})
    t0, cpu0 = time.perf_counter(), time.process_time()
    c = cmp.compare_plans(reg, muns, cmp.load_settings())
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        counts = cmp.write_outputs(c, args.out or tmp)
    t2 = time.perf_counter()
    links = sum(len(v) for v in c.links.values())
    print(f"compare: {len(reg.items)} regional items × {len(muns)} municipal plans × "
          f"{args.items} items ({n_texts} distinct texts)")
    print(f"  comparison (scores, evidence, links, lags): {t1 - t0:6.2f} s; {links} links")
    print(f"  outputs (4 CSVs, report.html):               {t2 - t1:6.2f} s; "
          f"{counts['coverage.csv']} coverage rows")
    total = t2 - t0
    print(f"  total: {total:.2f} s wall, {time.process_time() - cpu0:.2f} s CPU "
          f"(target < 30 s on one core): {'met' if total < 30 else 'NOT met'}")
    return 0 if total < 30 else 1


if __name__ == "__main__":
    sys.exit(main())
