"""The comparison as one self-contained HTML page for an analyst (Russian), from a template."""
from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter

from .evidence import COVERED, NOT_COVERED, PARTLY, REGIONAL_ONLY
from .matching import Comparison
from .periods import EARLIER, LATE, NO_DATE, ON_TIME
from .settings import TEMPLATE_PATH
from .tables import coverage_rows, local_rows, regional_sections, share, summary_rows

LABELS = {COVERED: "покрыт", PARTLY: "частично", NOT_COVERED: "не покрыт",
          REGIONAL_ONLY: "только регион", ON_TIME: "в срок", LATE: "позже",
          EARLIER: "в прошлом цикле", NO_DATE: "нет срока"}
STATUS_COLOR = {COVERED: "#1a9850", PARTLY: "#fdae61", NOT_COVERED: "#d73027",
                REGIONAL_ONLY: "#9fb3c8"}
ACTION_LABELS = {"correct": "корректировка", "develop": "разработка", "appoint": "назначение",
                 "study": "анализ / мониторинг", "expertise": "экспертиза", "event": "мероприятие",
                 "train": "обучение", "publish": "размещение на сайте", "support": "сопровождение",
                 "share": "распространение практик", "inform": "информирование",
                 "parents": "работа с родителями", "partner": "партнёрство, соглашения",
                 "engage": "привлечение", "use": "внедрение / применение",
                 "participation": "участие"}
# why a link was made (evidence.BASES); «score» goes unsaid
BASIS_LABELS = {"participation": "участие в том, что проводит регион",
                "whole object": "то же действие над всем объектом пункта",
                "part of the item": "то же действие над частью объекта пункта",
                "programme object": "то же действие над программой, которую называет пункт",
                "best match": "то же действие, лучшее соответствие в обоих планах"}


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _wrap(text: str, width: int = 60) -> str:
    import html
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    return "<br>".join(html.escape(l) for l in lines)


def _link_data(l) -> dict:
    e = l.evidence
    return {"text": l.mun.activity, "score": round(l.score, 3), "shared": l.shared,
            "deadline": l.mun.deadline_text(), "responsible": "; ".join(l.mun.responsible),
            "status": l.lag_status, "days": l.lag_days,
            "actions": [" ~ ".join(ACTION_LABELS.get(x, x) for x in a.split("~"))
                        for a in (e.actions if e else [])],
            "object": e.object_terms if e else [], "object_score": round(e.object_score, 3) if e else 0,
            "basis": BASIS_LABELS.get(e.basis, "") if e else ""}


def report_data(c: Comparison) -> dict:
    """The JSON the page's script reads: per municipality and direction, every regional item
    with its status, score and links (with their evidence)."""
    cells: list[dict] = []
    for p in c.municipal:
        per_sec = {}
        for no, title, its in regional_sections(c):
            entries, st = [], Counter()
            for it in its:
                m, score = c.best[(it.key, p.doc_id)]
                status = c.status_of(it, p.doc_id)
                st[status] += 1
                entries.append({"key": it.key, "activity": it.activity, "deadline": it.deadline_text(),
                                "status": status, "score": round(score, 3),
                                "best": m.activity if m is not None else "",
                                "links": [_link_data(l) for l in c.links_of(it, p.doc_id)]})
            per_sec[no] = {"title": title, "items": entries, "covered": st[COVERED],
                           "partly": st[PARTLY], "none": st[NOT_COVERED], "regional": st[REGIONAL_ONLY]}
        cells.append(per_sec)
    return {"municipalities": [p.name for p in c.municipal], "cells": cells, "labels": LABELS}


def _heat(c: Comparison, data: dict):
    """Heat-map arrays: z (coverage %, None where every item is regional only), text, hover."""
    z, custom, text = [], [], []
    for mi, p in enumerate(c.municipal):
        zr, cr, tr = [], [], []
        for no, title, its in regional_sections(c):
            cell = data["cells"][mi][no]
            must = len(its) - cell["regional"]
            pct = 100.0 * share(cell["covered"], cell["partly"], must) if must else None
            zr.append(None if pct is None else round(pct, 1))
            tr.append("—" if pct is None else f"{pct:.0f}%")
            tops = sorted((l for e in cell["items"] for l in e["links"]), key=lambda l: -l["score"])
            seen, lines = set(), []
            for l in tops:
                if l["text"] not in seen and len(lines) < 3:
                    seen.add(l["text"])
                    lines.append(f"• {_wrap(_short(l['text'], 150), 70)} ({l['score']:.2f})")
            hover = (f"<b>{_wrap(p.name, 70)}</b><br>Направление {_wrap(str(no))}: {_wrap(title, 70)}<br>"
                     f"покрыто {cell['covered']}, частично {cell['partly']}, не покрыто {cell['none']}, "
                     f"только регион {cell['regional']} из {len(its)}<br>"
                     + ("<br>".join(lines) if lines else "<i>совпадений нет</i>"))
            cr.append([mi, no, hover])
        z.append(zr)
        custom.append(cr)
        text.append(tr)
    return z, custom, text


def _figures(c: Comparison, data: dict) -> tuple[str, str]:
    """The heat map (municipality × direction) and the stacked status bars, as plotly HTML
    fragments; the first carries plotly.js itself, inline (the page needs no network)."""
    import plotly.graph_objects as go

    secs = regional_sections(c)
    x = [f"{no}. {_short(title, 28)}" if title else str(no) for no, title, _ in secs]
    y = [p.name for p in c.municipal]
    z, custom, text = _heat(c, data)
    font = {"family": "DejaVu Sans, Arial, sans-serif", "size": 12}
    heat = go.Figure(go.Heatmap(
        z=z, x=x, y=y, customdata=custom, text=text, texttemplate="%{text}",
        hovertemplate="%{customdata[2]}<extra></extra>", zmin=0, zmax=100, xgap=2, ygap=2,
        colorscale=[[0, "#d73027"], [0.5, "#fee08b"], [1, "#1a9850"]],
        colorbar={"title": {"text": "покрытие, %"}}))
    heat.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, height=140 + 48 * len(y),
                       xaxis={"side": "top", "tickangle": -25}, yaxis={"autorange": "reversed"},
                       font=font, hoverlabel={"align": "left"})
    bars = go.Figure()
    rows = summary_rows(c)
    for status, key in ((COVERED, "covered"), (PARTLY, "partly"), (NOT_COVERED, "not_covered"),
                        (REGIONAL_ONLY, "regional_only")):
        bars.add_trace(go.Bar(name=LABELS[status], y=[r["municipality"] for r in rows],
                              x=[r[key] for r in rows], orientation="h",
                              marker_color=STATUS_COLOR[status],
                              hovertemplate="%{y}: %{x} пунктов<extra>" + LABELS[status] + "</extra>"))
    bars.update_layout(barmode="stack", height=110 + 36 * len(rows),
                       margin={"l": 10, "r": 10, "t": 30, "b": 30},
                       title={"text": "Пункты регионального плана по статусу", "font": {"size": 13}},
                       yaxis={"autorange": "reversed"}, legend={"orientation": "h", "y": -0.25}, font=font)
    config = {"displaylogo": False, "responsive": True,
              "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"]}
    return (heat.to_html(full_html=False, include_plotlyjs=True, div_id="heatmap", config=config),
            bars.to_html(full_html=False, include_plotlyjs=False, div_id="bars", config=config))


def _plural(n: int, one: str, few: str, many: str) -> str:
    n10, n100 = n % 10, n % 100
    form = one if n10 == 1 and n100 != 11 else few if 2 <= n10 <= 4 and not 12 <= n100 <= 14 else many
    return f"{n} {form}"


def municipality_words(c: Comparison) -> list[dict]:
    """Per municipality, in plain words: the share of the items it must act on that it covers,
    the items it does not cover, the items it plans later than the region asks."""
    out = []
    for r, p in zip(summary_rows(c), c.municipal):
        must = r["must_act"]
        done = r["covered"] + r["partly"]
        gaps = [it for it in c.regional.items if c.status_of(it, p.doc_id) == NOT_COVERED]
        late = [(it, l) for it in c.regional.items if c.status_of(it, p.doc_id) in (COVERED, PARTLY)
                for l in c.links_of(it, p.doc_id)[:1] if l.lag_status == LATE]
        pct = round(100 * done / must) if must else 0
        lead = (f"Из {_plural(must, 'пункта', 'пунктов', 'пунктов')} регионального плана, по которым "
                f"муниципалитет должен действовать, план {p.name} предусматривает {done} ({pct}%): "
                f"{r['covered']} полностью, {r['partly']} частично. Не предусматривает "
                f"{_plural(len(gaps), 'пункт', 'пункта', 'пунктов')}; "
                f"{_plural(len(late), 'пункт', 'пункта', 'пунктов')} запланированы позже срока региона. "
                f"Ещё {_plural(r['regional_only'], 'пункт', 'пункта', 'пунктов')} — работа самого "
                f"регионального органа, в долю не входят.") if must else (
                f"В региональном плане нет пунктов, по которым {p.name} должен действовать сам "
                f"(все {len(c.regional.items)} — работа регионального органа).")
        out.append({"name": p.name, "doc_id": p.doc_id, "pct": pct, "row": r, "lead": lead,
                    "gaps": [(it.key, it.activity, it.deadline_text()) for it in gaps],
                    "late": [(it.key, it.activity, it.deadline_text(), l.mun.activity,
                              l.mun.deadline_text(), l.lag_days) for it, l in late]})
    return out


def render_report(c: Comparison) -> str:
    """report.html: the template pipeline/data/compare_report.html filled with the comparison."""
    import jinja2

    data = report_data(c)
    heat, bars = _figures(c, data)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.dirname(TEMPLATE_PATH)),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["actions"] = lambda text: "; ".join(
        " ~ ".join(ACTION_LABELS.get(x, x) for x in a.split("~")) for a in text.split("; ") if a)
    page = env.get_template(os.path.basename(TEMPLATE_PATH))
    reg = c.regional
    uncovered = [it for it in reg.items if c.municipal and
                 all(c.status_of(it, p.doc_id) == NOT_COVERED for p in c.municipal)]
    missing = [(it, [p.name for p in c.municipal if c.status_of(it, p.doc_id) == NOT_COVERED])
               for it in reg.items]
    late = sorted(((p, l) for p in c.municipal for l in c.links[p.doc_id] if l.lag_status == LATE
                   and c.status_of(l.reg, p.doc_id) in (COVERED, PARTLY)), key=lambda x: -x[1].lag_days)
    return page.render(
        c=c, reg=reg, labels=LABELS, colors=STATUS_COLOR, summary=summary_rows(c),
        words=municipality_words(c), uncovered=uncovered,
        partial=[(it, m) for it, m in missing if m and len(m) < len(c.municipal)],
        late=late, local=local_rows(c), coverage=coverage_rows(c), heatmap=heat, bars=bars,
        settings=c.settings, now=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        data=json.dumps(data, ensure_ascii=False).replace("</", "<\\/"))
