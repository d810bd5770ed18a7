"""The language layer of every stage: morphology, inflection, letter case, NER, folding, word lists.

    morph        the one pymorphy3 analyzer; readings and lemmas (cached)
    inflect      a nominative phrase put into another case
    nominative   an oblique phrase or surname put into the nominative
    caps         letter-case predicates (abbreviations, capitals) and case transfer
    ner          the one lazily loaded natasha (NER, and morphology/syntax for normal forms)
    fold         white-space and hyphen folding variants, each under its own name
    lexicon      data files (YAML) and the word lists read from them, shape-checked once
    derivation   one root of a word across parts of speech («кадровый» ~ «кадры»)
    abbreviations the one glossary of abbreviations (``normalizers/data/glossary.yaml``)
"""
