"""The records metadata extraction fills: a plan's metadata, an approving act."""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field


@dataclass
class DocumentMetadata:
    title: str = ""
    level: str = ""            # "regional" | "municipal"
    region: str = ""           # subject of the RF, nominative canonical: "Красноярский край"
    municipality: str = ""     # nominative as the plan names itself; "" for a regional plan
    issuer: str = ""           # body that approved or sent the plan
    approved_date: str = ""    # ISO "2022-01-27"
    approved_number: str = ""  # "13-п"
    period_start: int | None = None
    period_end: int | None = None
    warnings: list[str] = field(default_factory=list)
    academic: bool = False     # the period is one academic year (September – August)


@dataclass
class ActInfo:
    issuer: str = ""
    date: str = ""
    number: str = ""
    kind: str = ""            # "header" | "reference" | "approver" | ""
    header_end: int = 0       # index of the first line after the header zone
