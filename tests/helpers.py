"""Paths shared by the tests: everything a test reads lives in the repository."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RAW = os.path.join(ROOT, "data", "raw")
GOLD = os.path.join(ROOT, "tests", "data", "gold")
DOC_IDS = ["andropovsky_2022", "kedrovy_2022", "krasnoyarsk_region_2022", "lesnoy_2021",
           "sayansky_2020"]


def raw(doc_id: str, ext: str) -> str:
    return os.path.join(RAW, f"{doc_id}.{ext}")
