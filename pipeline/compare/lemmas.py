"""Lemma lists of activity texts: abbreviations expanded, set phrases contracted."""
from __future__ import annotations

import re

from normalizers.lang.abbreviations import expansion
from normalizers.lang.morph import morph, parses

_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")
_SKIP_POS = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "NUMR", "PRED"}


def _glossary_expansion(abbreviation: str) -> str:
    """An abbreviation listed without its own reading: the field's glossary's expansion."""
    value = expansion(abbreviation)
    if value is None:
        raise ValueError(f"compare settings: {abbreviation!r} has no expansion and is not in "
                         "normalizers/data/glossary.yaml")
    return value


class Lemmatizer:
    """Lemma lists of texts, each text and each word analysed once (`normalizers.lang.morph`).

    Three normalisations make differently worded plans comparable:
    * abbreviation variants map to one spelling (ШНРО → шнор);
    * abbreviations that stand for a phrase are read as that phrase (МППКО → «муниципальная
      программа повышения качества образования»; an abbreviation listed without a reading
      takes the expansion of the field's glossary, `normalizers.lang.abbreviations`);
    * set phrases of the field contract to one term («школа с низкими образовательными
      результатами» → шнор, «повышение квалификации» → пк), so that a phrase shared by two
      texts counts once, not once per word, and its words do not match other phrases
      («повышение квалификации» vs «повышение качества»);
    * the terms of the field's thesaurus (`pipeline/data/compare_thesaurus.yaml`) are read the
      same way: «укомплектованность» as «обеспеченность», «тьютор» as «куратор»;
    * an infinitive is read as its verbal noun (`verbal_nouns`: «Провести мониторинг» as
      «проведение мониторинга», «Направить педагогов на курсы» as «направление …»): plans word
      their actions either way, and the action lexicon, the stop words and the scorers then see
      one lemma for both.
    """

    def __init__(self, settings: dict):
        self.stop = set(settings.get("stop_lemmas") or [])
        self.variants = {k.lower(): v.lower() for k, v in (settings.get("abbreviation_variants") or {}).items()}
        self.abbr_text = {k.lower(): v or _glossary_expansion(k)
                          for k, v in (settings.get("abbreviations") or {}).items()}
        # set phrases, then the thesaurus: each a term and the texts (phrases or single words)
        # read as that term
        self.phrase_text = [(term, texts) for source in ("phrases", "thesaurus")
                            for term, texts in (settings.get(source) or {}).items()]
        self._phrases: dict[str, list[tuple[tuple[str, ...], str]]] | None = None
        self._abbr: dict[str, list[str]] = {}
        self._morph = None
        self._words: dict[str, str | None] = {}
        self._texts: dict[tuple[str, bool], list[str]] = {}
        vn = settings.get("verbal_nouns") or {}
        self.vn_pairs = {k.replace("ё", "е"): v.replace("ё", "е")
                         for k, v in (vn.get("pairs") or {}).items()}
        self.vn_rules = [(str(end), [str(n) for n in nouns])
                         for rule in vn.get("rules") or [] for end, nouns in rule.items()]
        self.vn_prefixes = [str(p) for p in vn.get("prefixes") or []]
        self.vn_min_stem = int(vn.get("min_stem") or 5)
        self._nouns: dict[str, str | None] = {}
        self.caps_share = settings.get("caps_text_share")

    @property
    def morph(self):
        """The process's one pymorphy3 analyzer (`normalizers.lang.morph`)."""
        if self._morph is None:
            self._morph = morph()
        return self._morph

    def word(self, w: str) -> str | None:
        low = w.lower().replace("ё", "е")
        if low in self._words:
            return self._words[low]
        p = parses(low)[0]  # the best reading (the language layer's cache)
        lemma = p.normal_form.replace("ё", "е")
        if p.tag.POS == "INFN" and (self.vn_pairs or self.vn_rules):
            lemma = self.verbal_noun(lemma) or lemma
        if p.tag.POS in _SKIP_POS or len(lemma) < 2 or lemma in self.stop:
            lemma = None
        self._words[low] = lemma
        return lemma

    def verbal_noun(self, verb: str) -> str | None:
        """The verbal noun of an infinitive: a listed pair («собрать» → «сбор»), else the first
        ending rule whose noun the dictionary knows, tried on the verb and then on the verb
        without a perfective prefix («проинформировать» → «информирование»); None if none."""
        if verb in self._nouns:
            return self._nouns[verb]
        out = self.vn_pairs.get(verb)
        stems = [verb] + [verb[len(p):] for p in self.vn_prefixes
                          if verb.startswith(p) and len(verb) - len(p) >= self.vn_min_stem]
        for stem in stems if out is None else ():
            for end, nouns in self.vn_rules:
                if not stem.endswith(end):
                    continue
                for ending in nouns:
                    cand = stem[:-len(end)] + ending
                    if any(q.tag.POS == "NOUN" and q.is_known and q.normal_form == cand
                           for q in parses(cand)):
                        out = cand
                        break
                break               # the longest ending that fits decides
            if out is not None:
                break
        self._nouns[verb] = out
        return out

    def _words_of(self, text: str, expand: bool) -> list[str]:
        out: list[str] = []
        for w in _WORD.findall(text):
            if len(w) >= 2 and w.isupper():
                low = self.variants.get(w.lower(), w.lower())
                if expand and low in self.abbr_text:
                    if low not in self._abbr:
                        self._abbr[low] = self._words_of(self.abbr_text[low], expand=False)
                    out += self._abbr[low]
                else:
                    out.append(low)
                continue
            lemma = self.word(w)
            if lemma:
                out.append(self.variants.get(lemma, lemma))
        return out

    @property
    def phrases(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """{first lemma: [(lemma sequence, term)], longest first}."""
        if self._phrases is None:
            ph: dict[str, list[tuple[tuple[str, ...], str]]] = {}
            for term, texts in self.phrase_text:
                for t in ([texts] if isinstance(texts, str) else texts):
                    seq = tuple(self._words_of(t, expand=False))
                    if seq:
                        ph.setdefault(seq[0], []).append((seq, term))
            for seqs in ph.values():
                seqs.sort(key=lambda p: -len(p[0]))
            self._phrases = ph
        return self._phrases

    def contract(self, lemmas: list[str]) -> list[str]:
        out, i = [], 0
        phrases = self.phrases
        while i < len(lemmas):
            for seq, term in phrases.get(lemmas[i], ()):
                if tuple(lemmas[i:i + len(seq)]) == seq:
                    out.append(term)
                    i += len(seq)
                    break
            else:
                out.append(lemmas[i])
                i += 1
        return out

    def uncapped(self, text: str) -> str:
        """A text typed in capitals («ПРОВЕДЕНИЕ СЕМИНАРА ДЛЯ ПЕДАГОГОВ ШНОР»: at least
        `caps_text_share` of its letters, three words or more) in lower case, but for the
        abbreviations the settings or the field's glossary know («ШНОР», «ПК»): a word in
        capitals is otherwise read as an abbreviation."""
        if self.caps_share is None:
            return text
        letters = [ch for ch in text if ch.isalpha()]
        if len(_WORD.findall(text)) < 3 or not letters:
            return text
        if sum(ch.isupper() for ch in letters) < float(self.caps_share) * len(letters):
            return text

        def word(m: re.Match) -> str:
            w = m.group(0)
            low = w.lower()
            known = low in self.variants or low in self.abbr_text or expansion(w) is not None
            return w if known else low
        return _WORD.sub(word, text)

    def lemmas(self, text: str, contract: bool = True) -> list[str]:
        """The text's lemmas (abbreviations expanded); with `contract`, set phrases as one
        term each (the lexical scorers' view), else word by word (the word vectors' view)."""
        key = (text, contract)
        cached = self._texts.get(key)
        if cached is None:
            words = self._words_of(self.uncapped(text), expand=True)
            cached = self._texts[key] = self.contract(words) if contract else words
        return cached

