"""Evidence that a municipal activity serves a regional item: same action, same object (issue 15).

A pair is judged on three measures, each a matrix over regional × municipal items:

* action: the two texts share an action class (corrects / develops / studies / runs an event …,
  `pipeline/data/compare_evidence.yaml`), or the municipal activity takes part in the event,
  course or forum the item runs (then at most «partly»);
* object: cosine of the two objects, the lemmas left when action words and stop words are
  removed, with the words every plan of the programme repeats (ШНОР, качество образования,
  муниципальный, программа …) down-weighted so that they alone never reach a threshold;
* score: the scorer's similarity of the two texts (`scoring.Matcher`).

«covered»: same action, object and score at the covered thresholds; «partly»: same action (or
taking part) at the partly thresholds, or the same object with another action. An item whose
responsible parties are all regional bodies and whose text names no municipal object of its own
is «regional only» where no municipal activity serves it.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from normalizers.lang.derivation import root
from normalizers.text import load_yaml

from .items import Item
from .lemmas import Lemmatizer
from .settings import EVIDENCE_PATH

COVERED, PARTLY, NOT_COVERED, REGIONAL_ONLY = "covered", "partly", "not covered", "regional only"
STATUSES = (COVERED, PARTLY, NOT_COVERED, REGIONAL_ONLY)
# Why a pair is a link. Only «score» links must reach the link threshold (--threshold): the
# others are admitted below it on evidence stronger than a shared action and a part of the object.
BASES = ("score", "participation", "whole object", "part of the item", "programme object",
         "best match")


@dataclass
class PairEvidence:
    """Why a municipal activity was (or was not) taken for a regional item."""

    level: int                  # 2 covered, 1 partly, 0 no evidence
    actions: list[str]          # action classes the two share (or «участие»)
    object_terms: list[str]     # object lemmas the two share, specific ones first
    object_score: float
    score: float
    basis: str = "score"        # BASES: why the pair is a link


def load_evidence(path: str | None = None) -> dict:
    return load_yaml(path or EVIDENCE_PATH)


class Evidence:
    """Actions, objects and responsible levels of items, and the pair judgement."""

    def __init__(self, settings: dict, conf: dict | None = None):
        self.conf = dict(conf or load_evidence())
        # the two score thresholds are the comparison's own settings (--threshold,
        # --covered-threshold): a pair below `link_threshold` is a link only on stronger
        # evidence than its text score (BASES other than «score»: taking part, the whole object …)
        self.conf.setdefault("partly_score", float(settings["link_threshold"]))
        self.conf.setdefault("covered_score", float(settings["covered_threshold"]))
        self.lem = Lemmatizer(dict(settings, stop_lemmas=[]))
        self.stop = set(settings.get("stop_lemmas") or [])
        # the lexicon's groups (compare_evidence.yaml `lexicon`: words of the field by what an
        # administration does, each group kept or dropped whole) add to the action classes
        actions = {c: list(words or []) for c, words in self.conf["actions"].items()}
        for group in (self.conf.get("lexicon") or {}).values():
            for c, words in (group or {}).items():
                actions.setdefault(c, []).extend(w for w in words if w not in actions[c])
        self.conf["actions"] = actions
        self.action_of = {w: c for c, words in self.conf["actions"].items() for w in words}
        self.classes = list(self.conf["actions"])
        self.participation = set(self.conf.get("participation") or [])
        self.hosted = set(self.conf.get("hosted_actions") or [])
        self.part_after = set(self.conf.get("participation_after_head") or [])
        # a participation word takes part only before the text's first object word
        # («направление учителей на курсы», not «… по педагогическим направлениям»)
        self.part_leads = bool(self.conf.get("participation_leads"))
        self.informs = set(self.conf.get("informs_of_event") or [])
        self.about = set(self.conf.get("about_words") or [])
        preps = [re.escape(w) for w in self.conf.get("participation_not_after") or []]
        self.not_after = (re.compile(r"(?i)(?<!\w)((?:" + "|".join(preps) + r")\s+)(\w+)")
                          if preps else None)
        # «организация работы объединений», «обеспечение деятельности служб»: these words
        # leading the text (after stop words only) name the action of running a standing body
        self.operate = dict(self.conf.get("operate_heads") or {})
        self.classes += [c for c in dict.fromkeys(self.operate.values()) if c not in self.classes]
        # «разработка и реализация мер …»: these words joined to the head action by «и»
        self.implement = set(self.conf.get("implement_words") or [])
        self.object_classes = set(self.conf.get("object_classes") or [])
        self.related = {frozenset(p) for p in self.conf.get("related_actions") or []}
        self.programme = set(self.conf.get("programme_terms") or [])
        self.w_programme = float(self.conf.get("programme_term_weight", 0.3))
        self.level_words = settings.get("level_lemmas") or {}
        # «тиражирование опыта в рамках семинара» runs an event too, not only «семинар …»
        self.hosted_any = bool(self.conf.get("hosted_any_action"))
        self.later_actions_object = bool(self.conf.get("later_actions_in_object"))
        stems = self.conf.get("object_stems") or {}
        self.stem_suffixes = sorted(stems.get("suffixes") or [], key=len, reverse=True)
        self.stem_endings = set(stems.get("endings") or "")
        self.stem_min = int(stems.get("min_stem") or 4)
        # one root across parts of speech (the language layer's derivational root) instead
        self.derivation = bool(stems.get("derivation"))
        self._keys: dict[str, str] = {}
        self.drop_verbs = bool(self.conf.get("verbs_out_of_object"))
        self._verbs: dict[str, bool] = {}
        self.synonym = {self.stem(w): group[0] for group in self.conf.get("object_synonyms") or []
                        for w in group}
        self.programme_keys = {self.key(t) for t in self.programme}
        self._event_syn = {w: g[0] for g in self.conf.get("event_synonyms") or [] for w in g}
        self._cache: dict[str, tuple] = {}
        self.idf: dict[str, float] = {}

    def _verb(self, t: str) -> bool:
        """A verb's lemma (an infinitive: «включенных» → «включить», «используемой» →
        «использовать»): it says how the object is qualified, not what it is."""
        if not self.drop_verbs:
            return False
        v = self._verbs.get(t)
        if v is None:
            v = self._verbs[t] = self.lem.morph.parse(t)[0].tag.POS == "INFN"
        return v

    def stem(self, t: str) -> str:
        """The adjective suffix and the final vowels cut off (`object_stems`), never shorter
        than `min_stem` letters; set phrases («дорожная_карта») as they are."""
        k = t
        if self.derivation and "_" not in t:
            return root(t)
        if self.stem_suffixes and "_" not in t:
            for suf in self.stem_suffixes:
                if k.endswith(suf) and len(k) - len(suf) >= self.stem_min:
                    k = k[:-len(suf)]
                    break
            while len(k) > self.stem_min and k[-1] in self.stem_endings:
                k = k[:-1]
        return k

    def key(self, t: str) -> str:
        """The term two object lemmas of one root or of one synonym group share
        («родительский» ~ «родитель», «педагогический» ~ «учитель»)."""
        k = self._keys.get(t)
        if k is None:
            k = self.stem(t)
            if k in self.synonym:
                k = "=" + self.synonym[k]
            self._keys[t] = k
        return k

    # ------------------------------------------------------------------ one text

    def parse(self, text: str) -> tuple[list[str], list[str], bool]:
        """(action classes in text order, object lemmas, takes part?) of an activity text.
        An activity takes part when a participation word comes before any action word
        («участие в вебинарах», «организация прохождения курсов», «направление практик в
        банк»): it does not run the action, it joins someone else's."""
        hit = self._cache.get(text)
        if hit is None:
            actions, obj, part = [], [], False
            head_at = None
            content = False         # an object word seen
            first = None            # the first word that is not a stop word
            about = False           # past a word that says the rest is what is discussed
            for i, t in enumerate(self.lem.lemmas(self._not_joining(text))):
                cls = self.action_of.get(t)
                if actions and t in self.about:
                    about = True
                if about and cls:
                    # «совещание по итогам проверок готовности»: the checks are what the meeting
                    # discusses, not an action of the activity (`about_words`)
                    cls = None
                if first is None and t not in self.stop:
                    first = t
                if t in self.participation and not actions and not (self.part_leads and content):
                    part = True
                # «подготовка заявки на конкурс», «подготовка к участию в форуме»: the head
                # action's own object is taking part (`participation_after_head`)
                if t in self.participation and head_at == i - 1 and actions[0] in self.part_after:
                    part = True
                # «информирование родителей о региональных вебинарах»: telling the people of an
                # event or a course is bringing them to it (`informs_of_event`)
                if (cls in self.hosted and actions and actions[0] in self.informs
                        and cls not in actions):
                    part = True
                if cls and head_at is None:
                    head_at = i
                if cls:
                    if cls not in actions:
                        actions.append(cls)
                    # «анализ результатов мониторинга», «методика идентификации»: an action
                    # word of another class than the head action names what is acted on
                    named = self.later_actions_object and cls != actions[0]
                    if cls not in self.object_classes and not named:
                        continue
                if t not in self.stop and t not in self.participation and not self._verb(t):
                    obj.append(t)
                    content = True
            # no action of the lexicon, and the text leads with the running of a standing body
            # («организация работы методических объединений», «функционирование команды»)
            if first in self.operate and (not actions or self.conf.get("operate_leads")):
                actions.insert(0, self.operate[first])
            hit = self._cache[text] = (actions, obj, part)
        return hit

    def _not_joining(self, text: str) -> str:
        """The text without the participation words that follow a preposition of
        `participation_not_after` («совещание с участием представителей ГИБДД», «уроки мужества
        с участием военнослужащих»: the others take part in the activity, the activity joins
        nothing)."""
        if not self.not_after:
            return text

        def drop(m: re.Match) -> str:
            return m.group(1) if self.lem.word(m.group(2)) in self.participation else m.group(0)
        return self.not_after.sub(drop, text)

    def implements(self, text: str) -> bool:
        """The head action is joined by «и» to a word of carrying it out («разработка и
        реализация мер поддержки», «создание и обеспечение деятельности служб»): the item
        asks for the thing to be done, not only designed (`implement_words`)."""
        if not self.implement:
            return False
        words = re.findall(r"\w+", text.lower().replace("ё", "е"))
        lemma = [(self.lem.lemmas(w) or [""])[0] for w in words[:12]]
        for i, t in enumerate(lemma):
            if self.action_of.get(t):       # the head action, «разработка» of «разработка и …»
                return (i + 2 < len(lemma) and words[i + 1] == "и"
                        and lemma[i + 2] in self.implement)
        return False

    def fit(self, items: list[Item]) -> None:
        """IDF of object lemmas over every item compared (or held in the store)."""
        df = Counter()
        for it in items:
            df.update({self.key(t) for t in self.parse(it.activity)[1]})
        n = len(items) or 1
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}

    # ------------------------------------------------------------------ who acts

    def party_level(self, party: str) -> str:
        text = " " + " ".join((party or "").lower().replace("ё", "е").split()) + " "
        for level in ("school", "municipal", "regional"):
            if any(p in text for p in self.conf["parties"][level]):
                return level
        return ""

    def regional_only(self, it: Item) -> bool:
        """The regional body's own work: its parties are all regional and its text does not
        ask for a municipal object («корректировка муниципальных программ», «сайты МОУО»)."""
        levels = {self.party_level(p) for p in it.responsible if p.strip()}
        levels.discard("")
        if not levels or levels - {"regional"}:
            return False
        actions = self.parse(it.activity)[0]
        named = [self.level_words[t] for t in self.lem.lemmas(it.activity) if t in self.level_words]
        first_municipal = bool(named) and named[0] == "municipal"
        head = actions[0] if actions else ""
        return not (first_municipal and head in set(self.conf.get("municipal_object_actions") or []))

    def _run_by_region(self, items: list[Item]) -> np.ndarray:
        """Items a regional body runs together with the municipalities («стажировки
        управленческих команд», institute and municipal bodies responsible): a municipality
        that takes part in them serves them «partly» (`hosted_with_municipalities`)."""
        if not self.conf.get("hosted_with_municipalities"):
            return np.zeros(len(items), dtype=bool)
        return np.array([any(self.party_level(p) == "regional" for p in it.responsible)
                         for it in items], dtype=bool)

    # ------------------------------------------------------------------ pairs

    def _matrices(self, items: list[Item], head_only: bool = False):
        """Action classes (all, or the head one), takes-part flags, hosted flags (the head
        action is an event or a course) and object lemmas of items."""
        k = {c: i for i, c in enumerate(self.classes)}
        acts = np.zeros((len(items), len(self.classes)))
        part = np.zeros(len(items), dtype=bool)
        hosted = np.zeros(len(items), dtype=bool)
        objs = []
        for r, it in enumerate(items):
            actions, obj, p = self.parse(it.activity)
            for c in actions[:1] if head_only else actions:
                acts[r, k[c]] = 1.0
            part[r] = p
            named = actions if self.hosted_any else actions[:1]
            hosted[r] = any(a in self.hosted for a in named)
            objs.append(obj)
        return acts, part, hosted, objs

    def _weights(self, objs: list[list[str]], vocab: dict[str, int],
                 generic: set[str] | None = None) -> np.ndarray:
        """IDF weight of each object term present (programme terms × `programme_term_weight`)."""
        generic = generic or self.programme_keys
        m = np.zeros((len(objs), len(vocab)))
        for r, obj in enumerate(objs):
            for t in set(obj):
                w = self.idf.get(t, 1.0)
                m[r, vocab[t]] = w * self.w_programme if t in generic else w
        return m

    def pair_theme(self, obj_r: list[list[str]], obj_m: list[list[str]]) -> set[str]:
        """Object terms that both compared plans repeat (each in at least `pair_theme_share` of
        its items: «ВПР» in two plans on the ВПР): the theme of this pair of plans, no more
        evidence of what is done than the programme terms."""
        share = self.conf.get("pair_theme_share")
        if share is None or not obj_r or not obj_m:
            return set()
        def frequent(objs):
            df = Counter(k for o in objs for k in {self.key(t) for t in o})
            return {k for k, c in df.items() if c >= share * len(objs)}
        return frequent(obj_r) & frequent(obj_m)

    def object_overlap(self, obj_r: list[list[str]], obj_m: list[list[str]]) -> np.ndarray:
        """How much of the regional item's object the municipal activity names: the shared
        weight over the item's object weight; 0 when the item names something specific (a
        word that is not a programme term) and the activity shares none of it, or when they
        share programme terms only and not `programme_only_min` of the item's object — then
        only the theme is shared."""
        return self._object_measures(obj_r, obj_m)[0]

    def _object_measures(self, obj_r: list[list[str]], obj_m: list[list[str]]):
        """(object_overlap, the share of the municipal activity's object weight the item
        names, the number of specific object words the two share)."""
        generic = self.programme_keys | self.pair_theme(obj_r, obj_m)
        obj_r = [[self.key(t) for t in o] for o in obj_r]
        obj_m = [[self.key(t) for t in o] for o in obj_m]
        vocab: dict[str, int] = {}
        for obj in obj_r + obj_m:
            for t in obj:
                vocab.setdefault(t, len(vocab))
        wr, wm = self._weights(obj_r, vocab, generic), self._weights(obj_m, vocab, generic)
        specific = np.array([0.0 if t in generic else 1.0 for t in vocab])
        shared = (wr @ (wm > 0).T)
        total = wr.sum(axis=1, keepdims=True)
        if self.conf.get("object_norm") == "min":      # the shorter object, contained
            total = np.minimum(total, wm.sum(axis=1)[None, :])
        total = np.where(total == 0, 1.0, total)
        ratio = shared / total
        has_specific = (wr * specific).sum(axis=1) > 0
        shares_specific = ((wr * specific) @ (wm > 0).T) > 0
        # only programme terms shared: evidence only when they are nearly all the item names
        # («корректировка МППКО» ~ «коррекция программ ПКО»)
        weak = ~shares_specific & (ratio < float(self.conf.get("programme_only_min", 0.6)))
        # the other direction: how much of the municipal activity's object the item names,
        # and how many specific words the two share
        tm = wm.sum(axis=1)
        share_m = (wm @ (wr > 0).T).T / np.where(tm == 0, 1.0, tm)[None, :]
        n_specific = ((wr * specific) > 0).astype(float) @ ((wm * specific) > 0).T
        return (np.where((has_specific[:, None] & ~shares_specific) | weak, 0.0, ratio),
                share_m, n_specific)

    def features(self, reg: list[Item], mun: list[Item], score: np.ndarray, reg_only: np.ndarray,
                 same_level: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """The pair measures `decide` reads: score, object cosine, shared action, taking part
        in a hosted item, the municipal activity takes part, same administrative level."""
        ar, part_r, hosted_r, obj_r = self._matrices(reg, head_only=True)
        am, part_m, _, obj_m = self._matrices(mun)
        obj, obj_m_share, n_specific = self._object_measures(obj_r, obj_m)
        vec = np.zeros(score.shape)
        if self.conf.get("object_vectors_weight"):
            vec = self.object_cosine(obj_r, obj_m)
            lo, hi = self.conf.get("object_vectors_range", (0.5, 0.9))
            mapped = np.clip((vec - lo) / (hi - lo), 0.0, 1.0)
            obj = np.maximum(obj, self.conf["object_vectors_weight"] * mapped)
        soft = obj
        if self.conf.get("object_word_similarity") is not None:
            soft = np.maximum(obj, self.object_soft(obj_r, obj_m,
                                                    float(self.conf["object_word_similarity"])))
        part = np.broadcast_to(part_m[None, :], score.shape)
        head_m = self._matrices(mun, head_only=True)[0]
        same_head = ((ar @ head_m.T) > 0) & ~part
        generic = np.array([not any(t not in self.programme for t in o) for o in obj_r])
        # taking part is not doing it, unless the item itself asks to take part
        act = (((ar @ am.T) > 0) & ~part) | (part_r[:, None] & part_m[None, :])
        if self.conf.get("nominal_heads"):
            # neither text names an action of the lexicon: the word each leads with (after
            # «организация», «обеспечение» …) is its action, one root the same action
            # («организация проведения тестирования» ~ «проведение тестирования»)
            nr, nm = self._nominal(reg), self._nominal(mun)
            act = act | (np.array([[a is not None and a == b for b in nm] for a in nr],
                                  dtype=bool).reshape(len(reg), len(mun)) & ~part)
        if self.conf.get("nominal_head_named"):
            # an item that names no action of the lexicon («организация питания обучающихся»,
            # «обеспечение занятости несовершеннолетних», «организация проведения
            # тестирования»): what it organises or ensures, its first noun that is not a
            # programme term, is its action; a municipal activity naming it acts on it
            heads = [self._nominal_noun(it) for it in reg]
            keys_m = [{self.key(t) for t in o} for o in obj_m]
            act = act | (np.array([[h is not None and h in k for k in keys_m] for h in heads],
                                  dtype=bool).reshape(len(reg), len(mun)) & ~part)
        if self.conf.get("action_means"):
            # the item's head action word done by its usual means («информирование родителей» by
            # a parents' meeting): the same action (`action_means`)
            act = act | (self._by_means(reg, am) & ~part)
        same_event = self._same_event(reg, mun)
        if self.conf.get("same_event_word"):
            # a seminar is not a contest: an item whose head action is of these classes is
            # acted on only by a text naming the same event word (or taking part, as it asks)
            event_head = np.zeros(len(reg), dtype=bool)
            for c in self.conf["same_event_word"]:
                event_head |= ar[:, self.classes.index(c)] > 0
            act = act & (~event_head[:, None] | same_event | (part_r[:, None] & part_m[None, :]))
        if self.conf.get("regional_event_needs_taking_part"):
            # «краевое совещание», «региональная конференция»: the region's own event is not
            # served by a municipal event of that kind («совещание … об итогах краевой
            # конференции»), only by taking part in it
            act = act & ~(self._regional_event(reg) & reg_only)[:, None]
        not_own = np.ones(score.shape, dtype=bool)
        if self.conf.get("own_product_actions"):
            # the regional body's own product («сборник лучших практик», «аналитический
            # доклад»): the municipality making one of its own («отчёт о реализации
            # муниципальной дорожной карты», «материалы для краевого сборника») does not make it
            own = np.zeros(len(reg), dtype=bool)
            for c in self.conf["own_product_actions"]:
                own |= ar[:, self.classes.index(c)] > 0
            # nor by a related action on its own one («приведение муниципальной программы в
            # соответствие с региональным перечнем» for «формирование перечня школ»)
            not_own = ~(own & reg_only)[:, None]
            act = act & not_own
        # taking part in what the region's item organises, named by its noun: the same kind
        joins_org = self._joins_organised(reg, obj_m, reg_only, part)
        same_kind = same_event | self._both_share(ar, am) | joins_org
        impl = np.array([self.implements(it.activity) for it in reg], dtype=bool)
        # the item shares what a municipality does («тиражирование опыта муниципалитета»):
        # its text names a municipal party or level (`municipal_words`)
        mw = set(self.conf.get("municipal_words") or [])
        names_mun = np.array([any(t in mw for t in self.lem.lemmas(it.activity)) for it in reg],
                             dtype=bool)
        # among the pairs with the same action, each is the other's best text match: the
        # municipal activity scores highest for the item, and the item for the activity
        sa = np.where(act, score, -1.0)
        mutual = (act & (sa >= sa.max(axis=1, keepdims=True, initial=-1.0))
                  & (sa >= sa.max(axis=0, keepdims=True, initial=-1.0)))
        if self.conf.get("own_event_not_by_match"):
            # the region's own event or course (its parties all regional) is joined, not matched:
            # a municipal course of its own is not the institute's course, however near the texts
            mutual = mutual & ~(hosted_r & reg_only)[:, None]
        own_part = np.zeros(score.shape, dtype=bool)
        if self.conf.get("own_part_classes"):
            k = {c: i for i, c in enumerate(self.classes)}
            for c in self.conf["own_part_classes"]:
                own_part |= np.outer((ar[:, k[c]] > 0) & reg_only, head_m[:, k[c]] > 0)
            own_part &= ~part
        head_named = np.zeros(score.shape, dtype=bool)
        if self.conf.get("head_object_score") is not None:
            # the same action; or a related one (`head_object_related`); or an activity that
            # names no action of the lexicon and leads with a noun of its own, its action unknown
            # (`head_object_unnamed`, as the `unnamed` rule reads it)
            gate = act
            if self.conf.get("head_object_related"):
                gate = gate | ((self._related(ar, am) & ~part) & not_own)
            if self.conf.get("head_object_unnamed"):
                unknown = (head_m.sum(axis=1) == 0) & self._leads_with_noun(mun)
                gate = gate | (unknown[None, :] & ~part & not_own)
            head_named = gate & self._head_object_named(obj_r, obj_m)
        named = np.zeros(score.shape, dtype=bool)
        if self.conf.get("quoted_name_score") is not None:
            gate = act | same_event | self._joins_same_action(reg, ar, am, same_kind)
            if self.conf.get("quoted_name_related"):
                gate = gate | (self._related(ar, am) & ~part & not_own)
            named = gate & self._shared_names(reg, mun)
        same_word = np.zeros(score.shape, dtype=bool)
        if self.conf.get("same_word_score") is not None:
            hr = [self.head_word(it.activity) for it in reg]
            hm = [self.head_word(it.activity) for it in mun]
            same_word = act & np.array([[a is not None and a == b for b in hm] for a in hr],
                                       dtype=bool).reshape(score.shape)
            if not self.conf.get("same_word_regional"):
                # items that ask the municipality to act: the region's own seminar is not the
                # district's seminar, however alike the words
                same_word = same_word & ~reg_only[:, None]
        distinct = np.zeros(score.shape, dtype=bool)
        if (self.conf.get("distinct_score") is not None
                and len(reg) >= int(self.conf.get("distinct_min_items") or 0)):
            # a specific object word that no other item of the regional plan names (a plan of
            # `distinct_min_items` items at least: in a plan of few items every word is one
            # item's), named by the activity, with the same action or an activity whose action is
            # unknown
            df = Counter(k for o in obj_r for k in {self.key(t) for t in o})
            own = [{self.key(t) for t in o if self.key(t) not in self.programme_keys
                    and df[self.key(t)] == 1} for o in obj_r]
            keys_m = [{self.key(t) for t in o} for o in obj_m]
            hit = np.array([[bool(a & b) for b in keys_m] for a in own],
                           dtype=bool).reshape(score.shape)
            gate = act
            if self.conf.get("distinct_unnamed"):
                unknown = (head_m.sum(axis=1) == 0) & self._leads_with_noun(mun)
                gate = gate | (unknown[None, :] & ~part & not_own)
            distinct = hit & gate
            if not self.conf.get("distinct_regional", True):
                # only items that ask the municipality to act (as `same_word_regional`)
                distinct = distinct & ~reg_only[:, None]
        return {"mutual": mutual, "score": score, "object": obj, "act": act, "vector": vec,
                "distinct": distinct,
                "head_named": head_named, "named": named, "same_word": same_word,
                "object_soft": soft,
                "own_part": own_part,
                "related": (self._related(ar, am) & ~part) & ~act & not_own,
                "takes_part": ((hosted_r & (reg_only | self._run_by_region(reg)))[:, None] & part)
                              | joins_org | self._ensures_taking_part(ar, reg_only, part, same_kind),
                "part": part,
                "generic": generic[:, None] & same_head,
                "generic_head": (generic[:, None] & same_head) & self._head_noun_named(obj_r, obj_m),
                "same_event": same_event,
                "same_kind": same_kind,
                "object_m": obj_m_share, "n_specific": n_specific,
                "joins_same": self._joins_same_action(reg, ar, am, same_kind) & part
                              & (self._participation_leads(mun)[None, :]
                                 if self.conf.get("joins_same_leading") else True),
                "implements": impl[:, None] & ~part & not_own,
                "no_action": (ar.sum(axis=1) == 0)[:, None] & ~part & not_own,
                # the municipal activity names no action of the lexicon («регистрация первичных
                # отделений», «паспортизация музея», «включение мероприятий в программу»): its
                # action is unknown, not another one
                "unnamed": ((head_m.sum(axis=1) == 0) & self._leads_with_noun(mun))[None, :]
                           & ~part & not_own & ~act,
                "shares_municipal": (names_mun & hosted_r & reg_only)[:, None] & part
                                    & self._both_share(ar, am),
                "same_level": np.ones(score.shape, dtype=bool) if same_level is None else same_level}

    def _nominal(self, items: list[Item]) -> list[str | None]:
        """The root of the first word that is not a stop word, for a text that names no
        action of the lexicon (None otherwise)."""
        out = []
        for it in items:
            actions = self.parse(it.activity)[0]
            first = next((t for t in self.lem.lemmas(it.activity) if t not in self.stop), None)
            out.append(None if actions or first is None else self.key(first))
        return out

    def _nominal_noun(self, it: Item) -> str | None:
        """For a text naming no action of the lexicon: the key of its first noun that is not a
        stop word, a programme term or an administrative level (None otherwise). With
        `nominal_before_action`, also for a text whose first action word comes after that noun
        («организация проведения тестирования, направленного на раннее выявление …»: the
        «выявление» says what the testing is for)."""
        actions, obj, _ = self.parse(it.activity)
        late = bool(self.conf.get("nominal_before_action"))
        if actions and not late:
            return None
        for t in self.lem.lemmas(it.activity):
            if self.action_of.get(t):
                return None             # an action of the lexicon comes first
            if self._own_noun(t):
                return self.key(t)
        return None

    def _own_noun(self, t: str) -> bool:
        """A noun (or a glossary phrase) that is not a stop word, a programme term or an
        administrative level: what a text acts on or what it names as its action."""
        return (t not in self.stop and t not in self.programme and t not in self.level_words
                and ("_" in t or self.lem.morph.parse(t)[0].tag.POS == "NOUN"))

    def _joins_organised(self, reg: list[Item], obj_m: list[list[str]], reg_only: np.ndarray,
                         part: np.ndarray) -> np.ndarray:
        """The region's own item names no action of the lexicon, only what it organises
        («организация летних профильных смен»: its noun, `nominal_head_named`): a municipal
        activity that takes part and names that noun («направление детей на профильные смены»)
        takes part in it (`joins_organised`)."""
        out = np.zeros(part.shape, dtype=bool)
        if not self.conf.get("joins_organised"):
            return out
        keys_m = [{self.key(t) for t in o} for o in obj_m]
        for r, it in enumerate(reg):
            if not reg_only[r]:
                continue
            h = self._nominal_noun(it)
            if h is None or self.parse(it.activity)[0]:
                continue
            out[r] = part[r] & np.array([h in k for k in keys_m], dtype=bool)
        return out

    def _leads_with_noun(self, items: list[Item]) -> np.ndarray:
        """The text's first word is a noun of its own, not a stop word («регистрация …»,
        «паспортизация …», not «организация …», «обеспечение …», «проведение …»: those say
        only that something is done), nor a product (`unnamed_products`: «отчёт о реализации
        плана» makes a report, not the plan). With `unnamed_any_lead` every text."""
        if self.conf.get("unnamed_any_lead"):
            return np.ones(len(items), dtype=bool)
        out = np.zeros(len(items), dtype=bool)
        products = set(self.conf.get("unnamed_products") or [])
        for r, it in enumerate(items):
            lemmas = self.lem.lemmas(it.activity)
            if self.conf.get("unnamed_past_stop"):
                lemmas = [t for t in lemmas if t not in self.stop]
            t = lemmas[0] if lemmas else None
            out[r] = t is not None and t not in products and self._own_noun(t)
        return out

    def _regional_event(self, items: list[Item]) -> np.ndarray:
        """Items whose head action is an event or a course the text names as regional."""
        out = np.zeros(len(items), dtype=bool)
        for r, it in enumerate(items):
            actions = self.parse(it.activity)[0]
            levels = {self.level_words[t] for t in self.lem.lemmas(it.activity) if t in self.level_words}
            # the head action, or (`regional_event_after_object_class`) the first action after
            # words that also name the object («онлайн-родительское собрание»: parents, event)
            head = actions[0] if actions else None
            if head in self.object_classes and self.conf.get("regional_event_after_object_class"):
                head = next((a for a in actions if a not in self.object_classes), head)
            out[r] = head in self.hosted and "regional" in levels
        return out

    def _both_share(self, ar: np.ndarray, am: np.ndarray) -> np.ndarray:
        """Pairs that both name an action of the `same_kind_classes` (the sharing of
        practices: «тиражирование опыта» ~ «трансляция опыта»): one kind of event."""
        out = np.zeros((ar.shape[0], am.shape[0]), dtype=bool)
        k = {c: i for i, c in enumerate(self.classes)}
        for c in self.conf.get("same_kind_classes") or []:
            out |= np.outer(ar[:, k[c]] > 0, am[:, k[c]] > 0)
        return out

    def _joins_same_action(self, reg: list[Item], ar: np.ndarray, am: np.ndarray,
                           same_kind: np.ndarray) -> np.ndarray:
        """The municipal activity names the item's head action class («участие … в краевой
        диагностике профессиональных дефицитов» for «проведение диагностики …»); for an
        event, a course or the sharing of practices the same kind of it."""
        k = {c: i for i, c in enumerate(self.classes)}
        out = np.zeros((len(reg), am.shape[0]), dtype=bool)
        for r, it in enumerate(reg):
            actions = self.parse(it.activity)[0]
            if not actions:
                continue
            head = actions[0]
            row = am[:, k[head]] > 0
            out[r] = row & same_kind[r] if head in self.hosted else row
        return out

    def _head_noun_named(self, obj_r: list[list[str]], obj_m: list[list[str]]) -> np.ndarray:
        """The first word of the item's object that is not an administrative level
        («мониторинг реализации муниципальных *программ* …», «мониторинг *ШНОР* и ШНСУ») is
        named in the municipal activity's object: for an item whose object is the programme
        only, what it acts on."""
        heads = [next((self.key(t) for t in o if t not in self.level_words), None) for o in obj_r]
        keys = [{self.key(t) for t in o if t not in self.level_words} for o in obj_m]
        return np.array([[h is not None and h in b for b in keys] for h in heads],
                        dtype=bool).reshape(len(obj_r), len(obj_m))

    def _ensures_taking_part(self, ar: np.ndarray, reg_only: np.ndarray, part: np.ndarray,
                             same_kind: np.ndarray) -> np.ndarray:
        """An item that asks the municipality to act (not the region's own work) whose head
        action is of `municipal_joins` («обеспечение повышения квалификации педагогов»): a
        municipality does that by sending its people to that kind of course («направление
        педагогов на курсы повышения квалификации»): taking part in the same kind."""
        out = np.zeros(part.shape, dtype=bool)
        cls = self.conf.get("municipal_joins") or []
        if not cls:
            return out
        k = {c: i for i, c in enumerate(self.classes)}
        head = np.zeros(ar.shape[0], dtype=bool)
        for c in cls:
            head |= ar[:, k[c]] > 0
        return (head & ~reg_only)[:, None] & part & same_kind

    _QUOTED = re.compile(r"«([^«»]{2,80})»|\"([^\"]{2,80})\"|“([^“”]{2,80})”")

    def names(self, text: str) -> list[frozenset[str]]:
        """The keys of the names a text quotes («Учитель года», «Безопасное колесо»: a contest, a
        programme, a project by its title), each without stop words; names of programme terms
        only are left out."""
        out = []
        for m in self._QUOTED.finditer(text or ""):
            name = next(g for g in m.groups() if g)
            keys = frozenset(self.key(t) for t in self.lem.lemmas(name) if t not in self.stop
                             and not t.isdigit())
            if keys - self.programme_keys:
                out.append(keys)
        return out

    def _shared_names(self, reg: list[Item], mun: list[Item]) -> np.ndarray:
        """Pairs that quote one name: a name of one text contains the other's (the same contest,
        programme or project, whatever else each text says)."""
        nr = [self.names(it.activity) for it in reg]
        nm = [self.names(it.activity) for it in mun]
        out = np.zeros((len(reg), len(mun)), dtype=bool)
        for i, a in enumerate(nr):
            if not a:
                continue
            for j, b in enumerate(nm):
                out[i, j] = any(x <= y or y <= x for x in a for y in b)
        return out

    def _participation_leads(self, items: list[Item]) -> np.ndarray:
        """The text's participation word comes before its first action word («участие учителей в
        диагностике»), not after it («подготовка заявки на участие …»: its own action first)."""
        out = np.zeros(len(items), dtype=bool)
        for r, it in enumerate(items):
            for t in self.lem.lemmas(it.activity):
                if t in self.participation:
                    out[r] = True
                    break
                if self.action_of.get(t):
                    break
        return out

    def head_word(self, text: str) -> str | None:
        """The text's first word of an action class (its head action, as a word)."""
        return next((t for t in self.lem.lemmas(text) if self.action_of.get(t)), None)

    def _by_means(self, reg: list[Item], am: np.ndarray) -> np.ndarray:
        """Pairs whose item's head action word is done by the municipal activity's means: it
        names every action class of one of the means `action_means` lists for that word."""
        k = {c: i for i, c in enumerate(self.classes)}
        out = np.zeros((len(reg), am.shape[0]), dtype=bool)
        for rule in self.conf.get("action_means") or []:
            words = set(rule["item"])
            has = np.ones(am.shape[0], dtype=bool)
            for c in rule["activity"]:
                has &= am[:, k[c]] > 0
            rows = np.array([self.head_word(it.activity) in words for it in reg], dtype=bool)
            out |= np.outer(rows, has)
        return out

    def _head_object_named(self, obj_r: list[list[str]], obj_m: list[list[str]]) -> np.ndarray:
        """The item's head object — the first noun of its object that is not a stop word, a
        programme term or an administrative level («оснащение … специальным *оборудованием*»,
        «создание первичных *отделений* …») — is named in the municipal activity's object."""
        heads = [next((self.key(t) for t in o if self._own_noun(t)), None) for o in obj_r]
        keys = [{self.key(t) for t in o} for o in obj_m]
        return np.array([[h is not None and h in b for b in keys] for h in heads],
                        dtype=bool).reshape(len(obj_r), len(obj_m))

    def object_soft(self, obj_r: list[list[str]], obj_m: list[list[str]], theta: float
                    ) -> np.ndarray:
        """How much of the item's object the activity names, a word of the item counting as
        named when the activity has a word of its root, or a specific word (not a programme or
        pair-theme term) whose navec vector is at least `theta` near its own («соглашение» ~
        «договор», «партнёрство» ~ «сотрудничество»); 0 unless a specific word of the item is
        named. Word by word, unlike `object_cosine`: a theme word does not pull two objects
        together, each word of the item must find its counterpart."""
        from .scoring import navec_model
        nv = navec_model()
        generic = self.programme_keys | self.pair_theme(obj_r, obj_m)
        lem_r = sorted({t for o in obj_r for t in o})
        lem_m = sorted({t for o in obj_m for t in o})
        out = np.zeros((len(obj_r), len(obj_m)))
        if not lem_r or not lem_m:
            return out
        keys_r = sorted({self.key(t) for t in lem_r})
        kr = {k: i for i, k in enumerate(keys_r)}
        im = {t: i for i, t in enumerate(lem_m)}

        def vectors(lemmas):
            v = np.array([nv[t] if t in nv else np.zeros(300) for t in lemmas], dtype=float)
            n = np.linalg.norm(v, axis=1, keepdims=True)
            return v / np.where(n == 0, 1.0, n)

        spec_r = np.array([self.key(t) not in generic for t in lem_r])
        spec_m = np.array([self.key(t) not in generic for t in lem_m])
        near = (vectors(lem_r) @ vectors(lem_m).T >= theta) & spec_r[:, None] & spec_m[None, :]
        same = np.array([[self.key(a) == self.key(b) for b in lem_m] for a in lem_r], dtype=bool)
        lk = np.zeros((len(lem_r), len(keys_r)))           # lemma → its key
        for i, t in enumerate(lem_r):
            lk[i, kr[self.key(t)]] = 1.0
        member = np.zeros((len(lem_m), len(obj_m)))        # municipal lemma ∈ activity
        for j, o in enumerate(obj_m):
            for t in o:
                member[im[t], j] = 1.0
        hit = (lk.T @ (same | near).astype(float) @ member) > 0      # key of the item × activity
        spec_k = np.array([k not in generic for k in keys_r], dtype=float)
        w = np.zeros((len(obj_r), len(keys_r)))
        for r, o in enumerate(obj_r):
            for k in {self.key(t) for t in o}:
                w[r, kr[k]] = self.idf.get(k, 1.0) * (self.w_programme if k in generic else 1.0)
        total = w.sum(axis=1, keepdims=True)
        ratio = (w @ hit) / np.where(total == 0, 1.0, total)
        return np.where(((w * spec_k) @ hit) > 0, ratio, 0.0)

    def object_cosine(self, obj_r: list[list[str]], obj_m: list[list[str]]) -> np.ndarray:
        """Cosine of the specific parts of the two objects as IDF-weighted mean navec word
        vectors: «профессиональные дефициты педагогов» is near «потребности кадров в
        компетенциях» with no word in common."""
        from .scoring import navec_model
        nv = navec_model()

        def vectors(objs):
            out = np.zeros((len(objs), 300))
            for r, obj in enumerate(objs):
                for t in set(obj):
                    if t not in self.programme and t in nv:
                        out[r] += self.idf.get(self.key(t), 1.0) * nv[t]
            n = np.linalg.norm(out, axis=1, keepdims=True)
            n[n == 0] = 1.0
            return out / n

        return vectors(obj_r) @ vectors(obj_m).T

    def _event_words(self, text: str) -> set[str]:
        """The event and course words of a text, a word of an `event_synonyms` group as the
        group's first word («вебинар» → «семинар»)."""
        syn = self._event_syn
        return {syn.get(t, t) for t in self.lem.lemmas(text) if self.action_of.get(t) in self.hosted}

    def _same_event(self, reg: list[Item], mun: list[Item]) -> np.ndarray:
        """Pairs that name the same kind of event or course («десант», «форум»): what a
        municipal activity that takes part in it joins."""
        er = [self._event_words(it.activity) for it in reg]
        em = [self._event_words(it.activity) for it in mun]
        return np.array([[bool(a & b) for b in em] for a in er], dtype=bool).reshape(len(reg), len(mun))

    def _related(self, ar: np.ndarray, am: np.ndarray) -> np.ndarray:
        """Pairs whose actions are related but not the same (develops ~ corrects)."""
        out = np.zeros((ar.shape[0], am.shape[0]), dtype=bool)
        k = {c: i for i, c in enumerate(self.classes)}
        for pair in self.related:
            a, b = sorted(pair)
            out |= np.outer(ar[:, k[a]] > 0, am[:, k[b]] > 0) | np.outer(ar[:, k[b]] > 0, am[:, k[a]] > 0)
        return out

    def rules(self, f: dict[str, np.ndarray], conf: dict | None = None
              ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """(covered pairs, {basis: pairs at least «partly» by it}) under the thresholds of
        `conf`. The basis says why a pair is a link: «score», the text score at the link
        threshold with the same action and object; the others admit a pair below it on
        stronger evidence (BASES)."""
        c = conf or self.conf
        s, obj = f["score"], f["object"]
        none = np.zeros(s.shape, dtype=bool)
        # the same action: its object may be named in other words (`object_word_similarity`)
        soft = f.get("object_soft", obj)
        covered = f["act"] & (soft >= c["covered_object"]) & (s >= c["covered_score"])
        by_score = f["act"] & (soft >= c["partly_object"]) & (s >= c["partly_score"])
        by_score |= f["related"] & (obj >= c["object_only"]) & (s >= c["partly_score"])
        # two stages: the same action, then an object near in meaning (navec) at a lower score
        if c.get("vector_object") is not None:
            by_score |= f["act"] & (f["vector"] >= c["vector_object"]) & (s >= c["vector_score"])
        # taking part in another kind of event than the item runs (a forum for a seminar)
        # needs the item's object in full
        takes_part = f["takes_part"]
        if c.get("other_event_object") is not None:
            takes_part = takes_part & (f["same_kind"] | (obj >= c["other_event_object"]))
        part = takes_part & (obj >= c["participation_object"]) & (s >= c["participation_score"])
        # taking part in the very kind of event the region runs («участие в … десанте»)
        if c.get("same_event_score") is not None:
            part |= f["takes_part"] & f["same_event"] & (s >= c["same_event_score"])
        # taking part in the very action the item runs, on its object («участие учителей в
        # краевой диагностике профессиональных дефицитов»)
        if c.get("joins_same_object") is not None:
            part |= f["joins_same"] & (obj >= c["joins_same_object"]) & (s >= c["partly_score"])
        # the same action on (nearly) the whole object: a short municipal activity against a
        # long item scores low as text, but names what the item asks for
        whole = none
        if c.get("whole_object") is not None:
            whole = f["act"] & (obj >= c["whole_object"]) & (s >= c["whole_object_score"])
        # one line instead of two corners: the more of the item's object the activity names,
        # the lower the text score it needs (`score_object_slope` per unit of object above
        # `partly_object`; 0.25 joins the two corners above, 0.35 / 0.2 and 0.2 / 0.8)
        if c.get("score_object_slope") is not None:
            need = c["partly_score"] - c["score_object_slope"] * (obj - c["partly_object"])
            floor = max(c["partly_object"], c.get("score_object_min") or 0.0)
            whole = whole | (f["act"] & (obj >= floor) & (s >= need))
        # the same action on the item's object, its words named or near in meaning word by word
        # (`object_word_similarity`), more of it than the same words name: a lower text score
        # will do (basis «whole object»)
        if c.get("soft_object") is not None:
            whole = whole | (f["act"] & (soft >= c["soft_object"]) & (soft > obj)
                             & (s >= c["soft_object_score"]))
        # a long item of several objects: the municipal activity names a part of it when most
        # of its own object is in the item and they share specific words («мониторинг
        # потребности в повышении квалификации … педагогических кадров» for «сбор и анализ
        # данных … потребностей (квалификационных дефицитов) педагогических кадров»)
        of_item = none
        if c.get("municipal_object") is not None:
            of_item = (f["act"] & (f["object_m"] >= c["municipal_object"])
                       & (f["n_specific"] >= c["municipal_object_words"])
                       & (s >= c["municipal_object_score"]))
        # the item names nothing but the programme («мониторинг ШНОР»): the same action on
        # the municipality's own programme work is a part of it (`generic_score`), or only when
        # the municipal activity names what the item acts on, its first object word
        programme = none
        if c.get("generic_score") is not None:
            programme = programme | (f["generic"] & (s >= c["generic_score"]))
        if c.get("generic_head_score") is not None:
            programme = programme | (f["generic_head"] & (s >= c["generic_head_score"]))
        # the same action, each the other's best text match, and a part of the item's object:
        # however low the text score, nothing else in either plan is nearer
        best = none
        if c.get("mutual_object") is not None:
            best = f["mutual"] & (obj >= c["mutual_object"])
        # taking part in the sharing of practices that shares the municipalities' own
        # experience («тиражирование опыта муниципалитета в рамках семинара» ~ «участие в
        # мероприятиях по трансляции опыта»): the item asks them to take part
        if c.get("shared_practice_score") is not None:
            part |= f["shares_municipal"] & (s >= c["shared_practice_score"])
        # «разработка и реализация мер поддержки»: carrying out (a part of) what the item asks
        # to design and carry out, on most of its object, whatever the action word
        # («выплата подъёмных молодым специалистам»)
        if c.get("implement_object") is not None:
            of_item = of_item | (f["implements"] & (obj >= c["implement_object"])
                                 & (s >= c["implement_score"]))
        # an item naming no action at all, nearly the same text and most of its object
        if c.get("no_action_object") is not None:
            of_item = of_item | (f["no_action"] & (obj >= c["no_action_object"])
                                 & (s >= c["no_action_score"]))
        # the region's own work of these classes (its monitoring, its analysis): the same head
        # action on a part of its object at the municipality's level is its own part of it
        if c.get("own_part_classes"):
            of_item = of_item | (f["own_part"] & (obj >= c["own_part_object"])
                                 & (s >= c["own_part_score"]))
        # the municipal activity names no action of the lexicon: most of the item's object at a
        # text score near the covered one (`unnamed_object`, `unnamed_score`)
        if c.get("unnamed_object") is not None:
            of_item = of_item | (f["unnamed"] & (obj >= c["unnamed_object"])
                                 & (s >= c["unnamed_score"]))
        # the same action on the item's head object (its first own noun), with a part of the
        # rest: a short municipal activity on that very thing scores low against a long item
        if c.get("head_object_score") is not None:
            of_item = of_item | (f["head_named"] & (obj >= c["head_object_min"])
                                 & (s >= c["head_object_score"]))
        # both quote one name (a contest, a programme by its title) with the same action, the
        # same kind of event or taking part in the item's own action: a low text score will do
        named = none
        if c.get("quoted_name_score") is not None:
            named = f["named"] & (s >= c["quoted_name_score"])
            of_item = of_item | named
        if c.get("distinct_score") is not None:
            of_item = of_item | (f["distinct"] & (obj >= c["distinct_object"])
                                 & (s >= c["distinct_score"]))
        if c.get("same_word_score") is not None:
            of_item = of_item | (f["same_word"] & (obj >= c["same_word_object"])
                                 & (s >= c["same_word_score"]))
        same = f["same_level"]
        masks = dict(zip(BASES, (by_score, part, whole, of_item, programme, best)))
        out = {k: m & same for k, m in masks.items()}
        if c.get("participation_any_level"):
            # taking part in the region's event names the region's level, whatever level the
            # activity's own words name first («опыт школьных служб … на областном форуме»)
            out["participation"] = part
        if c.get("quoted_name_any_level"):
            # the named contest is one, whatever level each text names («районный этап конкурса
            # «X»» of the region's contest «X»)
            out["part of the item"] = out["part of the item"] | named
        return covered & same, out

    def decide(self, f: dict[str, np.ndarray], conf: dict | None = None) -> np.ndarray:
        """Level of every pair: 2 covered, 1 partly, 0 no evidence (thresholds of `conf`)."""
        covered, masks = self.rules(f, conf)
        partly = np.logical_or.reduce(list(masks.values()))
        return np.where(covered, 2, np.where(partly, 1, 0))

    def basis(self, f: dict[str, np.ndarray], conf: dict | None = None) -> np.ndarray:
        """The basis (BASES) of every pair with evidence, the first that holds; «» without."""
        covered, masks = self.rules(f, conf)
        out = np.full(f["score"].shape, "", dtype=object)
        for name in reversed(BASES):
            out[masks[name]] = name
        out[covered] = BASES[0]
        return out

    def judge(self, reg: list[Item], mun: list[Item], score: np.ndarray, reg_only: np.ndarray,
              same_level: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(level matrix, object overlap, basis of each link: BASES) of all pairs. `same_level` False where the two texts
        name different administrative levels (the regional programme is not the municipal
        one): no evidence there."""
        f = self.features(reg, mun, score, reg_only, same_level)
        return self.decide(f), f["object"], self.basis(f)

    def explain(self, a: Item, b: Item, level: int, obj: float, score: float,
                basis: str = "score") -> PairEvidence:
        aa, oa, _ = self.parse(a.activity)
        ab, ob, pb = self.parse(b.activity)
        shared = ["participation"] if pb else [x for x in aa[:1] if x in ab]
        if not shared and not pb:       # a related action: «develop~correct»
            shared = [f"{x}~{y}" for x in aa[:1] for y in ab if frozenset((x, y)) in self.related]
        keys_b = {self.key(t) for t in ob}
        terms = sorted({t for t in oa if self.key(t) in keys_b},
                       key=lambda t: (t in self.programme, -self.idf.get(self.key(t), 1.0), t))
        return PairEvidence(level=level, actions=shared, object_terms=terms[:8],
                            object_score=float(obj), score=float(score), basis=basis or "score")
