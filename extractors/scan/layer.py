"""Whether a PDF page's own text layer can be trusted: the share of its Russian words that
the dictionary (pymorphy3) knows. A scanner's OCR layer made with a poor model reads
«Центр содействия семейному» as «Цент|^щаещ|;эй(^»: such a layer is replaced by OCR."""
from __future__ import annotations

import re

from ..settings import LayerSettings, defaults

_WORD = re.compile(r"\S+")
_CYR = re.compile(r"^[А-Яа-яЁё]+(-[А-Яа-яЁё]+)?$")


def hit_rate(text: str, settings: LayerSettings | None = None) -> tuple[float | None, int]:
    """(share of words a Russian dictionary knows, how many were judged); words are the
    whitespace-separated tokens with Cyrillic letters, stripped of punctuation; a token
    that mixes Cyrillic with other letters or digits counts as unknown."""
    from normalizers.text import morph

    min_letters = (settings or defaults().layer).min_letters
    analyzer = morph()
    judged = known = 0
    for token in _WORD.findall(text):
        word = token.strip(".,;:!?()«»\"'“”„-–—/№")
        if not any("\u0400" <= ch <= "\u04ff" for ch in word):
            continue
        if len(word) < min_letters:
            continue
        judged += 1
        if word.isupper() and len(word) <= 6:
            known += 1            # an abbreviation (ОМВД, МППКО): not in the dictionary
            continue
        if _CYR.match(word) and all(analyzer.word_is_known(p.lower()) for p in word.split("-")):
            known += 1
    return (known / judged if judged else None), judged


def untrusted(text: str, settings: LayerSettings | None = None) -> float | None:
    """The hit rate when the layer is garbage (below the threshold), else None."""
    settings = settings or defaults().layer
    rate, judged = hit_rate(text, settings)
    if rate is None or judged < settings.min_words or rate >= settings.min_hit_rate:
        return None
    return rate


_JUNK = re.compile(r"[^\W\d_][^\w\s.,;:!?()«»\"'“”„\-–—/№%]+\w|[A-Za-z][А-Яа-яЁё]|[А-Яа-яЁё][A-Za-z]")


def junk_share(text: str) -> float:
    """Share of the words holding a stray symbol inside («се&ешюму», «Цент|^щаещ») or
    mixing Latin and Cyrillic letters («кJ»): what a poor OCR model leaves."""
    words = text.split()
    return sum(1 for w in words if _JUNK.search(w)) / len(words) if words else 0.0


def compare(layer_text: str, ocr_text: str,
            settings: LayerSettings | None = None) -> tuple[int, int] | None:
    """Why a page's own text layer should give way to our OCR of its image (None: keep it):
    its words, judged by the dictionary's hit rate less the share of words with stray
    symbols, are clearly worse than the OCR's. Returns the two hit rates in %."""
    settings = settings or defaults().layer
    layer, judged = hit_rate(layer_text, settings)
    ocr, _ = hit_rate(ocr_text, settings)
    if ocr is None or judged < settings.min_words:
        return None
    layer_score = (layer or 0.0) - junk_share(layer_text)
    ocr_score = ocr - junk_share(ocr_text)
    if layer is None or layer_score < ocr_score - settings.compare_margin or \
            layer < settings.min_hit_rate <= ocr:
        return round(100 * (layer or 0)), round(100 * ocr)
    return None
