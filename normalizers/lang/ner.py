"""natasha, loaded lazily once per process (its models ship inside the pip package; nothing
is downloaded): the NER tagger alone, or with morphology and syntax for normal forms."""
from __future__ import annotations

import functools

__all__ = ["STATS", "tagger", "models", "spans", "normal_spans"]

STATS = {"loads": 0, "calls": 0}  # NER loads and `spans` runs, for tests and benches
_TAGGER: tuple | None = None


@functools.lru_cache(maxsize=1)
def _embedding():
    from natasha import NewsEmbedding
    return NewsEmbedding()


def tagger() -> tuple | None:
    """(Doc, Segmenter, NewsNERTagger), loaded on first use; None when natasha is missing
    or broken."""
    global _TAGGER
    if _TAGGER is None:
        try:
            from natasha import Doc, NewsNERTagger, Segmenter

            _TAGGER = (Doc, Segmenter(), NewsNERTagger(_embedding()))
        except Exception:  # pragma: no cover - natasha missing or broken
            _TAGGER = ()
        STATS["loads"] += 1
    return _TAGGER or None


@functools.lru_cache(maxsize=1)
def models() -> dict:
    """natasha's segmenter, NER, morphology and syntax models (raises when natasha is missing)."""
    from natasha import Doc, MorphVocab, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter
    emb = _embedding()
    return {"Doc": Doc, "segmenter": Segmenter(), "morph_vocab": MorphVocab(),
            "morph": NewsMorphTagger(emb), "syntax": NewsSyntaxParser(emb),
            "ner": NewsNERTagger(emb)}


@functools.lru_cache(maxsize=20_000)
def spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, stop, type) of the PER/LOC/ORG spans in a text; () without natasha."""
    nat = tagger()
    STATS["calls"] += 1
    if not nat:
        return ()
    Doc, segmenter, ner = nat
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    return tuple((s.start, s.stop, s.type) for s in doc.spans)


def normal_spans(text: str) -> list[tuple[str, str, str]]:
    """(type, text, nominative) of the PER/LOC/ORG spans in a text (morphology and syntax
    give each span its normal form)."""
    if not text.strip():
        return []
    nt = models()
    doc = nt["Doc"](text)
    doc.segment(nt["segmenter"])
    doc.tag_morph(nt["morph"])
    doc.parse_syntax(nt["syntax"])
    doc.tag_ner(nt["ner"])
    out = []
    for span in doc.spans:
        span.normalize(nt["morph_vocab"])
        out.append((span.type, span.text, span.normal or span.text))
    return out
