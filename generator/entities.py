"""Entities and tags: the archive-wide glossary of names, and the tags of one entry.

Pipeline position: after split (RawEntry), before metadata/pages.  Everything here is a
pure function on text, except `load_taxonomy`, which reads the built-in data in
generator/data/ and the editor's optional content/taxonomy.yml.

Families (model.FAMILIES): country (ISO alpha-2 key), region (slug), person, org, topic,
publication (slugs of the English name).

How it works
------------
* Glossary (`build_glossary`): every ``中文(English)`` pair in every digest is harvested
  (`find_pairs`), classified (person / org / programme / acronym / publication / ship /
  other), merged (one person per English surname + Chinese surname transliteration) and
  joined with the built-in names (generator/data/names.yml, publications.yml).
* Tagging (`tag_entry`): three scans of the entry's NFKC text, each with one precompiled
  trie regex (no per-name loop): names (glossary forms), places (countries, regions,
  blockers) and topic synonyms.

content/taxonomy.yml (all keys optional; a malformed file is a ConfigError with file:line)::

    topics:                       # matched by key (default: slug of en); new keys are added
      - key: export-controls
        zh: 出口管制              # renames the label (the key stays)
        en: Export controls
        synonyms: [出口禁令]      # added to the built-in synonyms
        en_synonyms: [export ban]
        strong: [出口禁令]
        remove_synonyms: [制裁]
    regions:                      # same shape as topics
      - {key: arctic, zh: 北极, en: Arctic, synonyms: [北冰洋]}
    countries: {KR: [南朝鲜]}     # extra Chinese forms of a country
    names:                        # matched by Chinese form; en/kind/aliases override
      - {kind: person, zh: 金成, en: Sung Y. Kim, aliases: []}
    publications:
      - {zh: 国家利益, en: The National Interest}
    titles: [海军作战部长]        # extra title words cut off before names
    blockers: [美德]              # extra words that are not country mentions
"""

from __future__ import annotations

import bisect
import functools
import gettext
import itertools
import json
import logging
import math
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pycountry
import yaml

from .config import load_yaml
from .errors import ConfigError
from .model import FAMILIES, Name, RawEntry, Tag
from .text import ARTICLE_INTRO, cjk_count, first_sentence

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{CJK}]+")
_CJK_CHAR = re.compile(f"[{CJK}]")
SEPARATORS = "·・•‧‐-–"  # name separators: 劳埃德·奥斯汀, 安东尼娅-赫迈迪
_SEP_SPLIT = re.compile(f"[{re.escape(SEPARATORS)}]")

KINDS = ("person", "org", "programme", "acronym", "publication", "ship", "other")
_CURATED = ("content", "builtin")


# ---------------------------------------------------------------------------
# Data model of this stage


@dataclass(frozen=True)
class Bloc:
    """A group of countries whose meeting or statement tags its members ("七国集团(G7)外长会议")."""

    key: str
    forms: tuple[str, ...]  # 七国集团, G7
    members: tuple[str, ...]  # alpha-2 codes
    events: tuple[str, ...]  # words of a meeting or statement: 会议, 峰会, 声明


@dataclass(frozen=True)
class Topic:
    """A topic (or region): bilingual labels plus the words that signal it."""

    key: str
    zh: str
    en: str
    synonyms: tuple[str, ...] = ()
    en_synonyms: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()


@dataclass(frozen=True)
class CuratedName:
    """A name from generator/data or content/taxonomy.yml."""

    kind: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    en_aliases: tuple[str, ...] = ()
    region: str | None = None  # the region tag this name stands for (东盟 -> asean)
    source: str = "builtin"


@dataclass(frozen=True, eq=False)
class Taxonomy:
    """Everything the tagger knows before it reads the archive."""

    topics: tuple[Topic, ...]
    regions: tuple[Topic, ...]
    countries: Mapping[str, tuple[str, str]]  # alpha-2 -> (zh, en) display names
    country_forms: Mapping[str, str]  # Chinese form -> alpha-2
    abbreviations: Mapping[str, str]  # one-character form -> alpha-2
    prefixes: tuple[str, ...]
    prefix_targets: Mapping[str, str]
    prefix_not_before: frozenset[str]
    blockers: tuple[str, ...]
    names: tuple[CuratedName, ...]
    publications: tuple[CuratedName, ...]
    titles: tuple[str, ...]
    sources: tuple[str, ...] = ()
    blocs: tuple[Bloc, ...] = ()
    seats: Mapping[str, str] = field(default_factory=dict)  # seat of government -> alpha-2 (白宫: US)
    offices: Mapping[str, str] = field(default_factory=dict)  # an office named bare -> alpha-2 (国家主席: CN)
    pairs: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # 印巴 -> (IN, PK)

    @functools.cached_property
    def _geo(self) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
        """One trie regex over country forms, region words, blockers and 对华-style pairs."""
        lookup: dict[str, tuple[str, str]] = {}
        for region in self.regions:
            for word in (region.zh, *region.synonyms):
                lookup.setdefault(word, ("region", region.key))
        for word, code in self.country_forms.items():
            lookup.setdefault(word, ("country", code))
        for prefix in self.prefixes:
            for target, code in self.prefix_targets.items():
                lookup.setdefault(prefix + target, ("prefixed", code))
        for word, code in self.seats.items():
            lookup.setdefault(word, ("seat", code))
        for word, code in self.offices.items():
            lookup.setdefault(word, ("office", code))
        for word in self.pairs:
            lookup.setdefault(word, ("pair", word))
        for word in self.blockers:  # a region or country form that is also a blocker stays a place
            lookup.setdefault(word, ("block", ""))
        # 1月11日, 31日, 三十日: a day of the month, never Japan
        pattern = re.compile(f"[0-9一二三四五六七八九十廿卅]+日|{trie_regex(lookup)}")
        return pattern, lookup

    @functools.cached_property
    def person_forms(self) -> frozenset[str]:
        """The Chinese forms of the people the editor's and built-in lists name."""
        return frozenset(z for n in self.names if n.kind == "person" for z in (n.zh, *n.aliases))

    @functools.cached_property
    def chinese_people(self) -> frozenset[str]:
        """The Chinese names, in Hanyu Pinyin in English, of the people the lists name: 胡锦涛
        (Hu Jintao), not 金正恩 (Kim Jong Un)."""
        return frozenset(n.zh for n in self.names if n.kind == "person" and 2 <= len(n.zh) <= 3
                         and n.zh[0] in CN_SURNAMES and n.en.lower() == pinyin_name(n.zh).lower())

    @functools.cached_property
    def _abbrev_run(self) -> re.Pattern[str]:
        chars = "".join(sorted(self.abbreviations))
        return re.compile(f"[{re.escape(chars)}]{{2,}}")

    @functools.cached_property
    def _topic_scan(self) -> tuple[re.Pattern[str], dict[str, list[tuple[str, bool]]]]:
        lookup: dict[str, list[tuple[str, bool]]] = defaultdict(list)
        for topic in self.topics:
            for word in dict.fromkeys((*topic.synonyms, *topic.strong)):
                strong = any(s in word for s in topic.strong)
                lookup[word].append((topic.key, strong))
        return re.compile(trie_regex(lookup)), dict(lookup)

    @functools.cached_property
    def topic_by_key(self) -> dict[str, Topic]:
        return {t.key: t for t in self.topics}

    @functools.cached_property
    def region_by_key(self) -> dict[str, Topic]:
        return {r.key: r for r in self.regions}

    @functools.cached_property
    def publication_titles(self) -> frozenset[str]:
        return frozenset(t for p in self.publications for t in (p.zh, *p.aliases))

    @functools.cached_property
    def publication_names(self) -> frozenset[str]:
        """The publications' English names, case folded."""
        return frozenset(e.casefold() for p in self.publications for e in (p.en, *p.en_aliases))


@dataclass(frozen=True)
class Pair:
    """One ``中文(English)`` pair found in a paragraph."""

    kind: str
    zh: str
    en: str
    titled: bool = False  # a title word stood before the name (国防部长奥斯汀(Austin))


@dataclass(frozen=True)
class GlossaryItem:
    """One glossary name with all its forms; `family` is the tag family, None = no tag."""

    kind: str
    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()  # other Chinese forms, including short forms (布林肯)
    en_aliases: tuple[str, ...] = ()  # other English forms (Antony Blinken, BIS)
    family: str | None = None
    tag_key: str | None = None  # key of the tag when it differs from `key` (regions)
    count: int = 0  # mentions with the English form (or, for a Chinese official, the title) across the archive
    source: str = "text"  # text, builtin or content
    country: str | None = None  # a person's country, from the titles before their name (美国国务卿布林肯)
    digests: tuple[str, ...] = ()  # the digests that introduce it with its English form

    @property
    def name(self) -> Name:
        return Name(kind=self.kind, zh=self.zh, en=self.en, aliases=self.aliases)

    @property
    def tag(self) -> Tag | None:
        if self.family is None:
            return None
        if self.family == "region":
            return Tag("region", self.tag_key or self.key, self.zh, self.en)
        return Tag(self.family, self.key, self.zh, self.en)


@dataclass(frozen=True, eq=False)
class Glossary:
    items: tuple[GlossaryItem, ...]
    taxonomy: Taxonomy
    _forms: dict[str, int] = field(default_factory=dict, repr=False)
    _shared: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)  # forms of several items
    _zh_re: re.Pattern[str] | None = field(default=None, repr=False)
    _en_re: re.Pattern[str] | None = field(default=None, repr=False)
    # (digest, office, item key): the one person a digest names with that office ("法国总统", "联合国
    # 秘书长"), whom the office alone stands for in that digest (_with_countries finds them)
    offices: tuple[tuple[str, str, str], ...] = ()
    _initials: dict[str, int] = field(default_factory=dict, repr=False)  # 梅 -> 特雷莎·梅
    # digest -> (its offices' regex, office -> item)
    _offices: dict[str, tuple[re.Pattern[str], dict[str, int]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_initials", _one_character_surnames(self.items))
        by_key = {item.key: i for i, item in enumerate(self.items) if item.kind == "person"}
        offices: dict[str, dict[str, int]] = defaultdict(dict)
        for digest, office, key in self.offices:
            if key in by_key:
                offices[digest][office] = by_key[key]
        object.__setattr__(self, "_offices", {d: (re.compile(trie_regex(o)), o) for d, o in offices.items()})
        forms, shared = _item_forms(self.items)
        zh = [f for f in {**forms, **shared} if _CJK_CHAR.search(f)]
        en = [f for f in {**forms, **shared} if not _CJK_CHAR.search(f)]
        object.__setattr__(self, "_forms", forms)
        object.__setattr__(self, "_shared", shared)
        object.__setattr__(self, "_zh_re", re.compile(trie_regex(zh)) if zh else None)
        object.__setattr__(self, "_en_re", re.compile(
            f"(?<![A-Za-z0-9])(?:{trie_regex(en)})(?![A-Za-z0-9])") if en else None)

    def get(self, form: str, source: str | None = None) -> GlossaryItem | None:
        """The item a Chinese or English form (or 《publication》) stands for; in digest `source`,
        a form several items share (费尔南德斯: Alberto Fernández in one digest, María-José
        Fernández in another) stands for the one that digest introduces."""
        for f in (form, f"《{form}》"):
            index = self._index(f, source)
            if index is not None:
                return self.items[index]
        return None

    def _index(self, form: str, source: str | None) -> int | None:
        if source is not None and form in self._shared:
            local = [i for i in self._shared[form] if source in self.items[i].digests]
            if len(local) == 1:
                return local[0]
        return self._forms.get(form)

    def find_surnames(self, norm: str, source: str | None = None) -> list[tuple[int, int, GlossaryItem]]:
        """Mentions of a person by a one-character surname (特雷莎·梅 as 梅, 雅各布·卢 as 卢), where
        the context says it is a person: after a title or opening a clause, and before a day or
        what a person does (`美国财政部长卢此前…`, `梅20日对德国进行…`, `。梅表示`); never inside a
        longer name (梅德韦杰夫, 卢布, 外相李勇浩). Only in a digest that introduces
        the person (`source`), so that 梅 is Theresa May only where the digest names her."""
        hits: list[tuple[int, int, GlossaryItem]] = []
        if not self._initials:
            return hits
        for m in re.finditer(f"[{''.join(self._initials)}]", norm):
            item = self.items[self._initials[m.group()]]
            start, end = m.span()
            if source is not None and source not in item.digests:
                continue
            if norm[end:end + 1] in _TRANSLITERATION or norm[start - 1:start] in _TRANSLITERATION_BEFORE:
                continue
            if not _SURNAME_ACTS.match(norm, end):  # (外相李勇浩, 候选人梅朗雄: longer names)
                continue
            if start == 0 or norm[start - 1] in _CLAUSE_OPENERS or any(norm.endswith(t, 0, start) for t in self.taxonomy.titles):
                hits.append((start, end, item))
        return hits

    def find_offices(self, norm: str, source: str | None = None) -> list[tuple[int, int, GlossaryItem]]:
        """Mentions of a person by office alone, in a digest that names one person with it
        ("法国总统萨科齐(Nicolas Sarkozy)…" then "法国总统在讲话中表示"): the office not followed by a
        name ("法国总统奥朗德" is someone else's), nor a former or future holder's (前法国总统)."""
        hits: list[tuple[int, int, GlossaryItem]] = []
        if (source or "") not in self._offices:
            return hits
        rx, offices = self._offices[source or ""]
        for m in rx.finditer(norm):
            start, end = m.span()
            if (norm[start - 1:start] in _NOT_HOLDER or not _OFFICE_ALONE.match(norm, end)
                    or _OFFICE_AS_ROLE.search(norm, max(0, start - 8), start)):
                continue
            hits.append((start, end, self.items[offices[m.group()]]))
        return hits

    def of_kind(self, kind: str) -> list[GlossaryItem]:
        return [item for item in self.items if item.kind == kind]

    def find(self, norm: str, source: str | None = None) -> list[tuple[int, int, GlossaryItem]]:
        """Every mention of a glossary name in an NFKC text (of digest `source`: see `get`),
        longest match first."""
        hits: list[tuple[int, int, GlossaryItem]] = []
        for rx, check in ((self._zh_re, True), (self._en_re, False)):
            if rx is None:
                continue
            pos = 0
            while (m := rx.search(norm, pos)) is not None:
                index = self._index(m.group(), source)
                if index is None:  # a shared form that this digest does not settle
                    pos = m.start() + 1
                    continue
                item = self.items[index]
                if check and not _accept_name(norm, m.start(), m.end(), item, self.taxonomy):
                    pos = m.start() + 1
                    continue
                hits.append((m.start(), m.end(), item))
                pos = m.end()
        hits.sort(key=lambda h: h[0])
        return hits


# ---------------------------------------------------------------------------
# Small helpers


def slugify(text: str) -> str:
    """ASCII slug: 'U.S. Department of State' -> 'us-department-of-state', 'António' -> 'antonio'."""
    text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace(".", "").replace("'", "").replace("’", "").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of `words`, longest first, built as a trie (fast on 1000s of words)."""
    trie: dict[str, Any] = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie) or "(?!)"


def _cjk_only(text: str) -> bool:
    return bool(text) and all(_CJK_CHAR.match(ch) or ch in SEPARATORS for ch in text)


_ZH_SUFFIX = re.compile(r"(?:二世|三世|四世)$")  # 劳埃德·J·奥斯汀三世 (Lloyd J. Austin III)


# Arabic articles and kin words that open a surname: al-Sharaa, bin Salman, abu Mazen
_ARABIC_PARTICLES = "al|el|ad|an|as|ash|at|az|ibn|bin|abu"
_ARTICLE_PREFIX = re.compile(rf"^(?:{_ARABIC_PARTICLES})[-‐]")


def _last_segment(zh: str, en: str = "") -> str:
    """The surname transliteration: the last ·/- segment (安东尼·J·布林肯 -> 布林肯).

    A hyphenated English surname keeps its hyphen: 索菲娅·陈-拉米雷斯 (Sofia Chen-Ramirez) -> 陈-拉米雷斯.
    """
    zh = _ZH_SUFFIX.sub("", zh)
    if zh.startswith("小") and _SEP_SPLIT.search(zh):  # 小费迪南德·R·马科斯 (Ferdinand R. Marcos Jr.)
        zh = zh[1:]
    pieces = re.split(f"([{re.escape(SEPARATORS)}])", zh)  # segments and the separators between
    # (al-Sharaa is 沙拉: an Arabic article is no part of a double surname)
    n = _ARTICLE_PREFIX.sub("", _en_surname(en)).count("-") + 1 if en else 1
    segments = [i for i in range(0, len(pieces), 2) if _CJK_CHAR.search(pieces[i])]
    if not segments:
        return zh
    start = segments[-n] if len(segments) >= n else segments[-1]
    return "".join(pieces[start:]) if n > 1 else pieces[segments[-1]]


_EN_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def _en_tokens(en: str) -> list[str]:
    return [t for t in re.split(r"[\s,]+", en) if t]


def _en_surname(en: str) -> str:
    tokens = [t for t in _en_tokens(en) if t.lower() not in _EN_SUFFIXES]
    return tokens[-1].lower().strip(".") if tokens else en.lower()


def _en_plain(en: str) -> str:
    """A person's English name without initials and suffixes: Lloyd J. Austin III -> lloyd austin."""
    tokens = [t for t in _en_tokens(en)
              if t.lower() not in _EN_SUFFIXES and not re.fullmatch(r"[A-Z]\.?", t)]
    return " ".join(tokens).lower()


# ---------------------------------------------------------------------------
# Loading the taxonomy (the only I/O)


class _Map(dict):
    line: int = 0
    lines: dict[Any, int]


class _Seq(list):
    line: int = 0
    lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader whose mappings and lists remember their line numbers."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    result = _Map(loader.construct_mapping(node, deep=True))
    result.line = node.start_mark.line + 1
    result.lines = {loader.construct_object(k, deep=True): v.start_mark.line + 1 for k, v in node.value}
    return result


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> _Seq:
    result = _Seq(loader.construct_sequence(node, deep=True))
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def _read(path: Path) -> Any:
    """load_yaml for syntax errors (file:line), then a line-aware parse for validation."""
    if load_yaml(path) is None:
        return None
    return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_LineLoader)  # noqa: S506


class _Checker:
    """Structure validation that names the file and line of the offending value."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, message: str, line: int | None) -> None:
        raise ConfigError(message, self.path, line=line)

    def mapping(self, value: Any, what: str, line: int | None) -> _Map:
        if not isinstance(value, dict):
            self.fail(f"{what} must be a mapping", line)
        return value

    def seq(self, value: Any, what: str, line: int | None) -> _Seq:
        if not isinstance(value, list):
            self.fail(f"{what} must be a list", line)
        return value

    def strings(self, value: Any, what: str, line: int | None) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        items = self.seq(value, what, line)
        lines = getattr(items, "lines", [line] * len(items))
        for item, item_line in zip(items, lines):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{what} must hold non-empty strings, not {item!r}", item_line)
        return tuple(s.strip() for s in items)

    def string(self, record: _Map, key: str, what: str, required: bool = True) -> str | None:
        value = record.get(key)
        line = getattr(record, "lines", {}).get(key, getattr(record, "line", None))
        if value is None:
            if required:
                self.fail(f"{what} needs '{key}'", getattr(record, "line", None))
            return None
        if not isinstance(value, (str, int, float)) or not str(value).strip():
            self.fail(f"{what}: '{key}' must be a non-empty string", line)
        return str(value).strip()

    def known_keys(self, record: _Map, allowed: set[str], what: str) -> None:
        unknown = [k for k in record if k not in allowed]
        if unknown:
            self.fail(f"unknown key '{unknown[0]}' in {what} (allowed: {', '.join(sorted(allowed))})",
                      getattr(record, "lines", {}).get(unknown[0], getattr(record, "line", None)))


_TOPIC_KEYS = {"key", "zh", "en", "synonyms", "en_synonyms", "strong", "remove_synonyms"}
_NAME_KEYS = {"kind", "zh", "en", "aliases", "en_aliases", "region"}
_TOP_KEYS = {"topics", "regions", "countries", "names", "publications", "titles", "blockers"}


def _merge_topics(base: list[Topic], records: Any, chk: _Checker, what: str, line: int | None) -> list[Topic]:
    result = {t.key: t for t in base}
    seq = chk.seq(records, what, line)
    for rec, rec_line in zip(seq, getattr(seq, "lines", [line] * len(seq))):
        rec = chk.mapping(rec, f"each item of '{what}'", rec_line)
        chk.known_keys(rec, _TOPIC_KEYS, f"'{what}'")
        key = chk.string(rec, "key", what, required=False)
        zh = chk.string(rec, "zh", what, required=key is None or key not in result)
        en = chk.string(rec, "en", what, required=key is None or key not in result)
        key = key or slugify(en or "")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key):
            chk.fail(f"{what}: key '{key}' must be a lowercase ASCII slug", rec.lines.get("key", rec.line))
        lines = rec.lines
        syn = chk.strings(rec.get("synonyms"), f"{what}.synonyms", lines.get("synonyms"))
        ens = chk.strings(rec.get("en_synonyms"), f"{what}.en_synonyms", lines.get("en_synonyms"))
        strong = chk.strings(rec.get("strong"), f"{what}.strong", lines.get("strong"))
        remove = set(chk.strings(rec.get("remove_synonyms"), f"{what}.remove_synonyms",
                                 lines.get("remove_synonyms")))
        old = result.get(key, Topic(key, zh or "", en or ""))
        zh, en = zh or old.zh, en or old.en
        synonyms = [s for s in dict.fromkeys((zh, *old.synonyms, *syn, *strong)) if s not in remove]
        result[key] = Topic(key, zh, en, tuple(synonyms),
                            tuple(s for s in dict.fromkeys((*old.en_synonyms, *ens)) if s not in remove),
                            tuple(s for s in dict.fromkeys((*old.strong, *strong)) if s not in remove))
    return list(result.values())


def _merge_names(base: list[CuratedName], records: Any, chk: _Checker, what: str, line: int | None,
                 source: str, default_kind: str | None = None) -> list[CuratedName]:
    result = list(base)
    index = {n.zh: i for i, n in enumerate(result)}
    seq = chk.seq(records, what, line)
    for rec, rec_line in zip(seq, getattr(seq, "lines", [line] * len(seq))):
        rec = chk.mapping(rec, f"each item of '{what}'", rec_line)
        chk.known_keys(rec, _NAME_KEYS, f"'{what}'")
        zh = chk.string(rec, "zh", what)
        zh = zh.strip("《》") if default_kind == "publication" else zh
        kind = chk.string(rec, "kind", what, required=False) or default_kind
        if zh in index:
            old = result[index[zh]]
        else:
            old = CuratedName(kind or "org", zh, "", source=source)
        kind = kind or old.kind
        if kind not in KINDS:
            chk.fail(f"{what}: kind must be one of {', '.join(KINDS)}, not '{kind}'",
                     rec.lines.get("kind", rec.line))
        en = chk.string(rec, "en", what, required=not old.en) or old.en
        aliases = chk.strings(rec.get("aliases"), f"{what}.aliases", rec.lines.get("aliases"))
        en_aliases = chk.strings(rec.get("en_aliases"), f"{what}.en_aliases", rec.lines.get("en_aliases"))
        region = chk.string(rec, "region", what, required=False) or old.region
        new = CuratedName(kind, zh, en, tuple(dict.fromkeys((*old.aliases, *aliases))),
                          tuple(dict.fromkeys((*old.en_aliases, *en_aliases))), region, source)
        if zh in index:
            result[index[zh]] = new
        else:
            index[zh] = len(result)
            result.append(new)
    return result


KOSOVO = "XK"  # a user-assigned code of ISO 3166-1 alpha-2


def _country_names() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Display names and Chinese forms of every ISO 3166-1 country, from pycountry's zh_CN."""
    try:
        zh_cn = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:  # pragma: no cover - pycountry always ships zh_CN
        zh_cn = gettext.NullTranslations()
    display: dict[str, tuple[str, str]] = {}
    forms: dict[str, str] = {}
    for c in pycountry.countries:
        names = [n for n in (getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)) if n]
        zh = [zh_cn.gettext(n) for n in names]
        zh = [z for z in zh if _CJK_CHAR.search(z)]
        display[c.alpha_2] = (zh[0] if zh else names[0], names[0])
        for z in zh:
            forms.setdefault(z, c.alpha_2)
    # Kosovo, which ISO 3166-1 does not list, by the code the EU, the IMF and the World Bank use
    display.setdefault(KOSOVO, ("科索沃", "Kosovo"))
    forms.setdefault("科索沃", KOSOVO)
    return display, forms


# Taiwan, Hong Kong and Macao are regions (family "region": taiwan, hong-kong, macao), not
# countries: pycountry's zh_CN calls TW 中国台湾省, and the archive tags places, not statehood.
_NOT_COUNTRIES = {"TW", "HK", "MO"}
REGION_ISO = {"taiwan": "TW", "hong-kong": "HK", "macao": "MO"}  # their ISO 3166 codes, for data exports


def iso_codes(tags: Iterable[Tag]) -> list[str]:
    """The ISO 3166 codes of the places tags name: countries, then Taiwan, Hong Kong and Macao
    (which the site lists as regions)."""
    tags = list(tags)
    return ([t.key for t in tags if t.family == "country"]
            + [REGION_ISO[t.key] for t in tags if t.family == "region" and t.key in REGION_ISO])
_ENGLISH = {"PS": "Palestine", "IR": "Iran", "VE": "Venezuela", "BO": "Bolivia", "TZ": "Tanzania", "LA": "Laos",
            "VN": "Vietnam", "KP": "North Korea", "KR": "South Korea", "FM": "Micronesia", "CD": "DR Congo",
            "RU": "Russia", "BN": "Brunei", "US": "United States", "GB": "United Kingdom",
            "CZ": "Czechia", "TR": "Türkiye", "SY": "Syria", "MD": "Moldova"}


def _builtin(path: Path) -> Any:
    data = _read(path)
    if data is None:
        raise ConfigError("built-in data file missing", path)
    return data


@functools.lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The built-in taxonomy (generator/data), without content/ overrides."""
    return _build_taxonomy(None)


def load_taxonomy(content_dir: str | Path | None = None) -> Taxonomy:
    """Built-in data plus content_dir/taxonomy.yml when it exists (it extends and overrides)."""
    if content_dir is None:
        return default_taxonomy()
    path = Path(content_dir) / "taxonomy.yml"
    return _build_taxonomy(path if path.exists() else None)


def _build_taxonomy(content: Path | None) -> Taxonomy:
    tax_path, names_path = DATA_DIR / "taxonomy.yml", DATA_DIR / "names.yml"
    pubs_path, countries_path = DATA_DIR / "publications.yml", DATA_DIR / "countries.yml"
    tax, names, pubs, countries = (_builtin(p) for p in (tax_path, names_path, pubs_path, countries_path))

    chk = _Checker(tax_path)
    topics = _merge_topics([], tax.get("topics"), chk, "topics", tax.line)
    regions = _merge_topics([], tax.get("regions"), chk, "regions", tax.line)
    titles = list(chk.strings(tax.get("titles"), "titles", tax.lines.get("titles")))
    chk = _Checker(names_path)
    curated = _merge_names([], names.get("orgs"), chk, "orgs", names.line, "builtin", "org")
    curated = _merge_names(curated, names.get("people"), chk, "people", names.line, "builtin", "person")
    publications = _merge_names([], pubs, _Checker(pubs_path), "publications", 1, "builtin", "publication")

    chk = _Checker(countries_path)
    display, forms = _country_names()
    extra: dict[str, tuple[str, ...]] = {}
    for code, words in chk.mapping(countries.get("forms"), "forms", countries.line).items():
        extra[code] = chk.strings(words, f"forms.{code}", countries.lines.get("forms"))
    abbreviations = dict(chk.mapping(countries.get("abbreviations"), "abbreviations", countries.line))
    prefixed = chk.mapping(countries.get("prefixed"), "prefixed", countries.line)
    blockers = list(chk.strings(countries.get("blockers"), "blockers", countries.lines.get("blockers")))
    seats = {str(word): str(code) for code, words in chk.mapping(countries.get("seats"), "seats", countries.line).items()
             for word in chk.strings(words, f"seats.{code}", countries.lines.get("seats"))}
    offices = {str(word): str(code) for code, words in chk.mapping(countries.get("offices"), "offices", countries.line).items()
               for word in chk.strings(words, f"offices.{code}", countries.lines.get("offices"))}
    pairs: dict[str, tuple[str, str]] = {}
    for word, codes in chk.mapping(countries.get("pairs"), "pairs", countries.line).items():
        codes = chk.strings(codes, f"pairs.{word}", countries.lines.get("pairs"))
        if len(codes) != 2 or len(str(word)) != 2:
            chk.fail(f"pairs.{word}: a word of two characters and two country codes", countries.lines.get("pairs"))
        pairs[str(word)] = (str(codes[0]), str(codes[1]))
    blocs = []
    for key, spec in chk.mapping(countries.get("blocs"), "blocs", countries.line).items():
        spec = chk.mapping(spec, f"blocs.{key}", countries.lines.get("blocs"))
        line = countries.lines.get("blocs")
        blocs.append(Bloc(str(key), chk.strings(spec.get("forms"), f"blocs.{key}.forms", line),
                          chk.strings(spec.get("members"), f"blocs.{key}.members", line),
                          chk.strings(spec.get("events"), f"blocs.{key}.events", line)))

    sources = [str(tax_path), str(names_path), str(pubs_path), str(countries_path)]
    if content is not None:
        data = _read(content)
        sources.append(str(content))
        chk = _Checker(content)
        if data is not None:
            data = chk.mapping(data, "taxonomy.yml", 1)
            chk.known_keys(data, _TOP_KEYS, "taxonomy.yml")
            lines = data.lines
            if data.get("topics") is not None:
                topics = _merge_topics(topics, data["topics"], chk, "topics", lines["topics"])
            if data.get("regions") is not None:
                regions = _merge_topics(regions, data["regions"], chk, "regions", lines["regions"])
            if data.get("names") is not None:
                curated = _merge_names(curated, data["names"], chk, "names", lines["names"], "content")
            if data.get("publications") is not None:
                publications = _merge_names(publications, data["publications"], chk, "publications",
                                            lines["publications"], "content", "publication")
            titles += chk.strings(data.get("titles"), "titles", lines.get("titles"))
            blockers += chk.strings(data.get("blockers"), "blockers", lines.get("blockers"))
            if data.get("countries") is not None:
                cmap = chk.mapping(data["countries"], "countries", lines["countries"])
                for code, words in cmap.items():
                    line = cmap.lines.get(code)
                    code = str(code).upper()
                    if code not in display:
                        chk.fail(f"countries: '{code}' is not an ISO 3166-1 alpha-2 code", line)
                    extra[code] = extra.get(code, ()) + chk.strings(words, f"countries.{code}", line)

    country_forms: dict[str, str] = {}
    for code, words in extra.items():  # the data file's forms first: they win over pycountry's
        for word in words:
            country_forms.setdefault(word, code)
    for word, code in forms.items():
        country_forms.setdefault(word, code)
    # a word the data file lists as a seat is not a country's own form (关岛 is pycountry's GU)
    country_forms = {w: c for w, c in country_forms.items() if c not in _NOT_COUNTRIES and w not in seats}
    shown = {code: ((extra[code][0] if extra.get(code) else zh), _ENGLISH.get(code, en))
             for code, (zh, en) in display.items() if code not in _NOT_COUNTRIES}
    return Taxonomy(
        topics=tuple(topics), regions=tuple(regions), countries=shown, country_forms=country_forms,
        abbreviations={str(k): str(v) for k, v in abbreviations.items()},
        prefixes=tuple(str(p) for p in prefixed.get("prefixes", [])),
        prefix_targets={str(k): str(v) for k, v in (prefixed.get("targets") or {}).items()},
        prefix_not_before=frozenset(str(c) for c in prefixed.get("not_before", [])),
        blockers=tuple(dict.fromkeys(blockers)), names=tuple(curated), publications=tuple(publications),
        titles=tuple(sorted(set(titles), key=len, reverse=True)), sources=tuple(sources), blocs=tuple(blocs),
        seats=seats, offices=offices, pairs=pairs,
    )


# ---------------------------------------------------------------------------
# Harvesting 中文(English) pairs

_PAREN = re.compile(r"\(([^()]{1,160})\)")
# A person's English name: 1-5 capitalised words or initials (Antony J. Blinken, Lloyd J. Austin III).
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"  # María-José Fernández, Łukasz
# (a particle joined by a hyphen or apostrophe: Abdel Fattah el-Sisi, Saleh al-Arouri, d'Estaing)
_PERSON_TOKEN = re.compile(rf"(?:(?:{_ARABIC_PARTICLES}|de|di|da|du|d|l)['’\-][{_UPPER}][^\W\d_]*"
                           rf"|[{_UPPER}][^\W\d_]*(?:['’\-][{_UPPER}]?[^\W\d_]+)*|(?:[A-Z]\.){{2,3}}|[A-Z]\.?|de|van|von|"
                           r"bin|al|da|der|la|le|del|Jr\.?|Sr\.?|II|III|IV)")
_ORG_WORDS = set("""Department Ministry Office Agency Bureau Command Council Committee Commission Institute
Institution Center Centre University College School Foundation Association Organization Organisation
Forum Dialogue Framework Strategy Initiative Program Programme Plan Act Treaty Agreement Partnership
Alliance Union Group Force Forces Army Navy Corps Bank Fund Company Corporation Inc Ltd Times Post News
Journal Review Interest Affairs Policy Summit Conference Meeting Talks Exercise Operation Fleet Service
Party Parliament Congress Senate House Court Nations States Republic Kingdom Economic Security Defense
Defence Cyber Space Business Investment Technology Quad Review Posture Strategic International National
Assembly Network Project System Administration Authority Board Cooperation Consultation Mechanism
Report Review Declaration Statement Charter Summit Task Team Squadron Division Brigade Regiment
Electronics Steel Motors Motor Holdings Industries Airlines Airways Energy Oil Petroleum Semiconductor
Semiconductors Systems Technologies Communications Telecom Pharmaceuticals Capital Partners""".split())
_PROGRAMME_WORDS = {"Dialogue", "Framework", "Strategy", "Initiative", "Program", "Programme", "Plan", "Act",
                    "Treaty", "Agreement", "Partnership", "Summit", "Conference", "Meeting", "Talks",
                    "Exercise", "Operation", "Forum", "Review", "Posture", "Mechanism", "Consultation",
                    "Report", "Declaration", "Statement", "Charter", "Project"}
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&\-]{1,11}s?|[A-Z][0-9]{1,3}|[A-Z]+-[0-9]+")
_SHIP_PREFIX = re.compile(r"(?:HMS|USS|USNS|HMAS|HMCS|HMNZS|JS|ROKS|INS|FS|BRP|KRI|RSS|TCG|ITS|ESPS)\b")
# Org and programme endings on the Chinese side: 工业和安全局, 特种作战司令部, 印太经济繁荣框架.
_ORG_SUFFIX = re.compile(r"(?:部|局|院|署|处|厅|办公室|委员会|理事会|司令部|组织|机构|中心|集团|公司|银行|基金会|"
                         r"学会|研究所|研究院|大学|学院|部队|舰队|军|政府|议会|国会|党|协会|联合会|法院|"
                         r"智库|实验室|社|台|联盟|同盟|集团军|军团|总部|小组|团队|法庭|央行|特派团|代表团|观察团|使团|"
                         # armed groups and movements: 胡塞武装(Houthis), 快速支援部队, 民族解放阵线
                         r"武装|民兵|游击队|阵线|运动|组织)$")
_PROGRAMME_SUFFIX = re.compile(r"(?:框架|战略|对话|倡议|计划|协议|协定|条约|法案|机制|会议|峰会|论坛|演习|"
                               r"行动|项目|评估|报告|政策|伙伴关系|磋商|声明|宣言|愿景|系统|能力|体系|"
                               r"委员会会议|会晤|联演|军演|网络|监视|条款|规划|方案)$")
# A treaty, law or agreement in 《》: 《中导条约》(INF Treaty), 《通胀削减法案》(Inflation Reduction Act);
# unless an article's title ("发表题为《…协定》的文章").
# (法 a law, not 兵法 or 做法: 《孙子兵法》(The Art of War) is a book; a statement is issued, 发表
# 《联合声明》, while what is published in a publication, 在《外交事务》上发表《…》, is an article)
_DOCUMENT = re.compile(r"(?:条约|公约|协定|协议|法案|宣言|议定书|决议|条例|声明|(?<![兵方看做说办手想语文算魔书技戏写句])法)$")
_ARTICLE_BEFORE = re.compile(r"(?:题为|名为|标题为|题目为|文章|撰文|刊文|刊登|刊发|评论|(?:》|上)发表了?)[^,。]{0,6}$")
# The words that end the text before a name (verbs and prepositions): 会见了金成(Sung Kim),
# 在印太经济繁荣框架(...), 据驻韩美军特种作战司令部(SOCKOR).
_BOUNDARY_ORG = re.compile(
    r"(?:了|的|在|于|据|向|将(?!军)|由|称|是|从|被|把|对(?!话|外)|就|即|为|以(?!色列)|包括|举行|开展|发起|先后|分别|随后|"
    r"启动|出席|参加|加入|签署|发布|公布|提出|推进|推动|会见|访问|宣布|表示|指出|认为|投入|部署|关于|"
    r"有关|通过|参与|主持|接受|领导|介绍|消息|报道|共同|一起|一道|加强|召开|成立|建立|设立|重申|修改|"
    r"完成|争取|尽早|讨论|探讨|强调|支持|批准|实施|落实|制定|等|即将|正式|宣布|同意|决定|针对|"
    # "宣布美国永久退出跨太平洋伙伴关系协定(TPP)": what is done to a body or an accord, before its name
    r"退出|重返|撤出|废除|终止|暂停|批评|抨击|"
    # "宣布划设东海防空识别区(…, ADIZ)", "扩大韩国防空识别区(KADIZ)", "2万人涌入联合国南苏丹特派团(UNMISS)"
    r"划设|划定|扩大|缩小|涌入|逃往|撤往|纳入|"
    # "指控美国外国投资委员会", "普京因国际刑事法院…", "前全国民主联盟" (a former party)
    r"指控|起诉|谴责|因|前(?=[\u4e00-\u9fff]{3,})|"
    # "要求叙利亚按照禁止化学武器组织(OPCW)执行理事会的决定"
    r"按照|依照|遵照|依据|"
    # "联邦调查局已有证据证明巴基斯坦塔利班运动(…)参与策划": what evidence shows about a body
    r"证明|证实|表明|显示|认定|"
    # "杂志网站刊发乔治·华盛顿大学(…)", "届时韩美联合司令部(CFC)将解散", "决议要求国际原子能机构"
    r"刊发|刊登|刊文|撰文|发表|届时|此时|当时|随后|同时|要求|关闭|避免|"
    # "极右翼政党国民联盟": what kind of body it is, before its name; "解散国民议会"
    r"政党|党派|解散|"
    # where something happens: "在阿曼湾靠近霍尔木兹海峡(Strait of Hormuz)的海域", "驶入黑海"
    r"靠近|接近|邻近|毗邻|途经|经过|穿越|穿过|前往|抵达|进入|驶入|驶离|驶向|飞越|逼近|离开)")
_BOUNDARY_PERSON = re.compile(
    r"(?:了|的|在|位于|与|和|及|同|据|称|由|向|被|把|将(?!军)|对|是|从|为|会见|表示|指出|认为|包括|接受|采访|会晤|致电|"
    r"邀请|陪同|主持|出席|称赞|批评|呼吁|宣布|作者|"
    # "杜特尔特之女莎拉·杜特尔特", "普京因…": kin words and causes before a name
    r"之[女子妻夫母父弟兄姐妹]|其[子女妻夫弟兄]|[长次幼]子|女儿|儿子|妻子|丈夫|遗孀|[妹姐]夫|女婿|侄子|外甥|"
    r"父亲|母亲|哥哥|弟弟|姐姐|妹妹|孙子|因|指控)")
_LEADING = re.compile(r"^(?:今年|去年|明年|本届|上届|此次|本次|这次|该|这一|这个|一个|首次|首届|年度|"
                      r"第[一二三四五六七八九十百0-9]+(?:届|次|轮|期))+")
_MEASURE = re.compile(r"^[个艘架名枚辆支套座台部位项届次轮期]")  # 2艘..., 第33届..., 第28次...
# A conjunction or 联合 before a second organisation: 与印度斯坦航空有限公司(HAL), 联合美国联邦调查局(FBI)
_LEADING_LINK = re.compile(r"^(?:与|和|及|并|而|联合(?=美国|中国|日本|韩国|英国|法国|德国|澳大利亚|欧盟|北约))")
_ORDINAL_EN = re.compile(r"^(?:The\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                         r"\d+(?:st|nd|rd|th))\s+", re.I)
_PUB_CONTEXT_BEFORE = re.compile(r"(?:在|据|于|自|刊登于|发表于|来自|援引|接受|^|[。;!?])$")
_PUB_CONTEXT_AFTER = re.compile(r"^(?:上|杂志|网站|报道|刊文|刊登|发文|发表|撰文|称|的报道|的一篇)")


def _run_before(text: str) -> str:
    """The run of Chinese characters, name separators and ·J· initials that ends `text`."""
    i = len(text)
    while i > 0:
        ch = text[i - 1]
        if _CJK_CHAR.match(ch) or ch in SEPARATORS:
            i -= 1
        elif ch.isascii() and ch.isupper() and i >= 2 and text[i - 2] in SEPARATORS and \
                i < len(text) and text[i] in SEPARATORS + ".":
            i -= 1  # 安东尼·J·布林肯
        elif ch == "." and i >= 2 and text[i - 2].isupper() and i < len(text) and text[i] in SEPARATORS:
            i -= 1
        else:
            break
    return text[i:].strip(SEPARATORS)


def _strip_title(run: str, titles: tuple[str, ...]) -> tuple[str, bool]:
    """Cut the run after its last title word: 美国国务卿布林肯 -> 布林肯 (titles are sorted longest first);
    not a title word that is the first part of the name: 埃米尔·施泰因 (Emil Stein)."""
    best = -1
    for title in titles:
        at = run.rfind(title)
        while at >= 0:
            end = at + len(title)
            if len(run) - end >= 2 and end > best and not _SEP_SPLIT.match(run, end):
                best = end
                break
            at = run.rfind(title, 0, at)
    if best < 0 and "·" in run:
        # an office ending in 官 that no list names, before a foreign name: 首席法律官大卫·德拉蒙德
        # (首席财务官, 首席运营官, 新闻官…); a transliteration never writes 官
        given = run[:run.index("·")]
        if (at := given.rfind("官")) >= 0 and len(given) - at - 1 >= 2:
            return run[at + 1:], True
    return (run[best:], True) if best >= 0 else (run, False)


# The words a company's name ends with, which are no name alone: 技术有限公司, 集团
_GENERIC_COMPANY = re.compile(r"(?:技术|科技|股份|有限|责任|集团|公司|控股|国际|电子|通信)+")
_COMPANY_NAME = re.compile(rf"([{CJK}]{{2,}}?)(?:技术|科技|股份)?(?:有限责任公司|股份有限公司|有限公司|集团公司|集团|公司)")


def _cut_boundary(run: str, pattern: re.Pattern[str], limit: int | None = None,
                  words: bool = False) -> str:
    """Keep what follows the last verb/preposition: 会见了金成 -> 金成; but not when that leaves
    only a company's generic words (将华为技术有限公司: 为 of 华为 is no preposition); with
    `words`, a verb or preposition inside a longer word of the dictionary segmenter (rjieba)
    cuts after that word: 反对派|维法克民族伊斯兰协会, 经由|西班牙有序银行重组基金, and not inside
    南方共同市场 (共同) at all."""
    starts = sorted(_word_bounds(run)) if words else []

    def cut_at(m: re.Match[str]) -> int:
        if not starts:
            return m.end()
        k = bisect.bisect_right(starts, m.start()) - 1
        return max(m.end(), starts[k + 1]) if starts[k] < m.start() and k + 1 < len(starts) else m.end()

    ends = sorted((e for m in pattern.finditer(run, 0, limit if limit is not None else len(run))
                   if len(run) - (e := cut_at(m)) >= 2), reverse=True)
    return next((run[e:] for e in ends if not _GENERIC_COMPANY.fullmatch(run[e:])), run[ends[-1]:] if ends else run)


# Places and things whose English names look like people's: 加沙地带(Gaza Strip), 红海(Red Sea),
# 布莱奇利园(Bletchley Park), 菲洛利庄园(Filoli Estate), 行政命令(Executive Order).
# Places by their Chinese ending: 曼德海峡(Bab el-Mandeb), 斐洛里庄园(Filoli Estate), 仁爱礁.
_PLACE_ZH = re.compile(r"(?:海峡|海|湾|岛|群岛|河|谷|山|湖|港|角|半岛|地带|庄园|园|宫|基地|礁|运河|沙漠|平原|高原|盆地|走廊|广场|大街"
                       # buildings and sites: 丽笙酒店(Radisson Blu), 巴塔克兰剧院(Bataclan), 法兰西体育场
                       r"|酒店|饭店|宾馆|旅馆|剧院|体育场|体育馆|机场|车站|大厦|大楼|医院|清真寺|教堂|监狱|电站|大坝|大桥|桥)$")
# The area a place is said to lie in, before it: 拉达克地区|加勒万河谷(Galwan Valley).
# (not 联邦 of 纽约联邦广场, not 州立 of 纽约州立公园: the place left has three characters or more)
_PLACE_AREA = re.compile(rf"^[{CJK}]{{2,10}}?(?:地区|特别行政区|自治区|省|州|市|县|郡)(?!立)(?=[{CJK}]{{3,}}$)")
# Only as the last word: Park Jin and Hall are people too.
_PLACE_WORDS = set("""Strip Sea Ocean Gulf Bay Strait Straits Canal River Lake Island Islands Peninsula Mountains
Desert Valley Coast Bank Park Estate Square Avenue Palace Hall Castle Airport Harbor Harbour Base
Order Doctrine Resolution Communique Communiqué Accords Protocol Convention Pact Missile
Rocket Drone Satellite Systems Carrier Vessel Zone Corridor Pipeline Prize
Station Mosque Church Cathedral Temple Shrine Stadium Bridge Dam Tower Hotel Theatre Theater Hospital Prison""".split())


def _looks_like_person(en: str, dotted: bool = False) -> bool:
    """A person's English name, roughly; `dotted`: the Chinese is a transliteration with a middle
    dot (丹尼尔·帕克), so a last name that is also a place word (Park, Hill) is still a name."""
    tokens = _en_tokens(en)
    return (1 <= len(tokens) <= 5 and all(_PERSON_TOKEN.fullmatch(t) for t in tokens)
            and not any(t in _ORG_WORDS for t in tokens) and (dotted or tokens[-1] not in _PLACE_WORDS)
            and not _ACRONYM.fullmatch(en) and any(len(t.strip(".")) > 1 for t in tokens))


def _person_zh(run: str, titles: tuple[str, ...], en: str = "") -> tuple[str, bool]:
    zh, titled = _strip_title(run, titles)
    first_sep = _SEP_SPLIT.search(zh)
    zh = _cut_boundary(zh, _BOUNDARY_PERSON, first_sep.start() if first_sep else None, words=True)
    parts = _SEP_SPLIT.split(zh)
    if len(parts) > 1 and len(parts[0]) > 4 and not titled:  # 约翰 of 约翰·史密斯: a short given name
        zh = zh[len(parts[0]) - 4:]
    elif len(parts) == 1 and not titled and len(zh) >= 3 and (name := _name_after_words(zh)):
        zh = name  # 加上|高盛, 和|摩根士丹利: a name rjieba reads after words that are not names
    elif len(parts) == 1 and not titled and len(zh) >= 5 and family_first(zh[-5:], en) and (
            len(zh) == 5 or _verb_ends_at(zh, len(zh) - 6)):
        zh = zh[-5:]  # 宣布解除|田中真纪子 (Makiko Tanaka): a Japanese given name of three characters
    elif len(parts) == 1 and len(zh) > 4:
        # (after a title the run is the name, unless a verb opens it: 特朗普宣布解除博尔顿)
        zh = zh[-3:] if _word_across(zh, len(zh) - 4, verb=titled) else zh if titled else zh[-4:]
    return zh, titled


@functools.lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[tuple[str, str], ...]:
    """rjieba's reading of a short run, (word, part-of-speech tag) in order: once per run, however
    many of the harvest's rules below ask (a pair's run is read by several)."""
    import rjieba

    return tuple(rjieba.tag(text))


# The parts of speech of words that open a run and are no part of the name after them
# (rjieba's tags: verbs, conjunctions, prepositions, adverbs, particles, pronouns).
_FUNCTION_TAGS = frozenset({"v", "vd", "vn", "c", "p", "d", "uj", "ul", "uz", "ug", "r"})


def _name_after_words(run: str) -> str | None:
    """The name that ends an untitled run of Chinese characters with no middle dot, where rjieba
    reads it as one word tagged a name (of a person, place or other proper noun) after words that
    are verbs, conjunctions and the like: 加上|高盛 -> 高盛, 和|摩根士丹利 -> 摩根士丹利; None when it
    reads otherwise (the run's length then decides)."""
    words = _tags(run)
    last, tag = words[-1]
    # (a word of one character is as often part of a transliteration: 比|拉瓦尔 is Bilawal, 加|巴拉 Gabala)
    if len(last) >= 2 and tag in (*_NAME_TAGS, "nz") and all(t in _FUNCTION_TAGS and len(w) >= 2 for w, t in words[:-1]):
        return last
    return None


def _person_word(zh: str) -> bool:
    """Whether rjieba reads `zh` as one word, a person's name: 拉姆斯菲尔德, 内塔尼亚胡."""
    words = _tags(zh)
    return len(words) == 1 and words[0][1] in ("nr", "nrt")


_NAME_TAGS = ("nr", "nrt", "nrfg", "ns")  # jieba's tags of a person's or a place's name


def _word_across(run: str, at: int, verb: bool = False) -> bool:
    """Whether the dictionary segmenter (rjieba) reads `run` as a word that ends at character
    `at`, having begun before it, and then a name: 摧毁|卡扎菲, so the name is 卡扎菲, not 毁卡扎菲.
    Not where the word before is a name too (普罗塔|塞维奇 is one transliteration); with `verb`,
    only where it is a verb (解除|博尔顿, not 恰武|什奥卢)."""
    start = 0
    words = _tags(run)
    for k, (word, tag) in enumerate(words):
        end = start + len(word)
        if end == at + 1:
            rest = words[k + 1:]
            return (start < at and tag not in (*_NAME_TAGS, "nz", "j") and (not verb or tag.startswith("v"))
                    and len(rest) == 1 and rest[0][1] in _NAME_TAGS)
        if end > at:
            return False
        start = end
    return False


def _verb_ends_at(run: str, at: int) -> bool:
    """Whether rjieba reads a verb of two characters or more ending at character `at` of `run`
    (宣布解除|田中真纪子: 解除)."""
    start = 0
    for word, tag in _tags(run):
        start += len(word)
        if start == at + 1:
            return len(word) >= 2 and tag.startswith("v")
        if start > at:
            return False
    return False


def _verb_before_name(zh: str) -> int:
    """How many characters a verb that opens an organisation's run takes, when a place's or a
    body's name follows it (rjieba's tags): 允许|欧洲稳定机制(ESM), 敦促|欧洲央行; not 拯救儿童会,
    whose verb is part of the name (0)."""
    words = _tags(zh)
    if (len(words) >= 2 and words[0][1] == "v" and len(words[0][0]) == 2 and words[1][1] in ("ns", "nt", "j")
            and len(zh) - 2 >= 4):
        return 2
    return 0


# The words that end a clause's lead-in before a body's name (rjieba's tags): verbs, adverbs,
# conjunctions, prepositions, times, localisers (已|与|德国拜耳公司, 航班|和|联合航空公司).
_LEAD_IN_TAGS = frozenset({"v", "vd", "d", "c", "p", "t", "f", "r", "uj", "ul", "uz", "ug"})


def _body_after_lead_in(zh: str, en: str) -> str:
    """A body's name after the words that lead into it, where the segmenter knows the name's
    last word as a body's (tag nt): 寄给|全国广播公司(NBC), 相继撞上|纽约世界贸易中心, 已与|德国拜耳公司.
    Not in a name whose English has an "and" (战略与国际研究中心: the 与 is the name's), nor where
    the rest is shorter than four characters."""
    words = _tags(zh)
    if len(words) < 2 or words[-1][1] != "nt" or re.search(r"\band\b|&", en):
        return zh
    rest = _after_last(words, _LEAD_IN_TAGS)
    return rest if len(rest) >= 4 else zh


def _after_last(words: Sequence[tuple[str, str]], tags: Iterable[str]) -> str:
    """The words after the last one (but the last word) tagged one of `tags`; all of them
    without one."""
    at = next((k for k in range(len(words) - 2, -1, -1) if words[k][1] in tags), -1)
    return "".join(w for w, _ in words[at + 1:])


def _org_zh(run: str, before_run: str, en: str = "") -> str:
    zh = _cut_boundary(run, _BOUNDARY_ORG, words=True)
    zh = _LEADING.sub("", zh) or zh
    zh = zh[_verb_before_name(zh):]
    zh = _LEADING_LINK.sub("", zh) if len(zh) > 3 else zh
    zh = _body_after_lead_in(zh, en)
    if before_run[-1:].isdigit() and _MEASURE.match(zh) and len(zh) > 2:  # 2艘美军中型战斗艇(CCM)
        zh = zh[1:]
    return zh


def _classify_org(zh: str, en: str) -> str:
    if _ACRONYM.fullmatch(en):
        return "acronym"
    if _PROGRAMME_SUFFIX.search(zh):
        return "programme"
    if _ORG_SUFFIX.search(zh):
        return "org"
    tokens = _en_tokens(en)
    if any(t in _PROGRAMME_WORDS for t in tokens):
        return "programme"
    if any(t in _ORG_WORDS for t in tokens):
        return "org"
    return "other"


# How much text before and after a parenthesis the harvest reads: the 《title》 (60), the
# “quoted name” (40) and the run of Chinese characters before it (a name, a title, an org;
# real runs are under 60 characters). Keeps the harvest linear in the paragraph's length.
_PAIR_WINDOW = 400
# "(Nagorno-Karabakh,简称纳卡)", "(Indo-Pacific Economic Framework; 以下简称“框架”)"
_SHORT_FORM = re.compile(rf"\s*[,;]\s*(?:以下简称|下称|简称)[“\"]?([{CJK}]{{1,10}})[”\"]?\s*$")  # (text is NFKC: ,; only)
_NAME_AND_ACRONYM = re.compile(r"(.{6,}?[a-z].*?)\s*[,;]\s*([A-Z][A-Za-z0-9&.\-]{1,9})")
# "马尔维纳斯群岛(英国称福克兰群岛,Falkland Islands)": the place's or
# body's other Chinese name, before its English one
_OTHER_NAME = re.compile(rf"^\s*(?:[{CJK}]{{1,6}}?(?:称|称之为)|又称|又名|亦称|也称|或称|旧称|原称|通称)"
                         rf"([{CJK}]{{2,12}})\s*[,;]\s*(?=[A-Z])")
# "(Rodrigo Londoño,化名“季莫琴科”)": a note on a person's other names, after the name (not any
# Chinese after a comma: "美国智库(Brookings Institution,布鲁金斯学会)" names no 美国智库)
_CHINESE_NOTE = re.compile(r"\s*[,;]\s*(?:化名|又名|又称|别名|绰号|外号|原名|本名|人称).*$")


# The commonest Chinese family names (a name of two or three characters that starts with one is
# romanised in Hanyu Pinyin: 秦刚 -> Qin Gang).
CN_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程苏魏吕丁"
                "任沈姚卢姜崔钟谭陆汪范廖石金贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严"
                "覃武戴莫孔向汤习甘栗娄解蔺翟"
                # more, none of them a character that often opens the word after a title (常务, 安全,
                # 尚未, 包括, 应邀, 明确, 成为: not 常, 安, 尚, 包, 应, 明, 成)
                "陶温康施牛樊葛邢乔伍庞颜倪庄聂章鲁岳殷詹耿焦俞柳祝舒阮柯纪梅童凌毕裴霍涂苗盛曲翁冉骆蓝游辛靳管柴鲍"
                "喻祁蒲滕屈饶牟艾尤穆卓缪褚窦戚岑宫卜晏柏瞿桂佟臧闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄仲虞敖巩佘邝傅洪薄楼尉")
# A Chinese official named in Chinese only, after the title that shows the office is China's:
# "外交部发言人汪文斌14日表示", "中国驻美国大使馆发言人刘鹏宇26日", "国务院台湾事务办公室主任宋涛".
# The name is romanised in Hanyu Pinyin (Wang Wenbin), as English texts write it.
_CN_OFFICE = (r"(?:中国|中方|国家|国务院|国务(?=委员(?!会))|中共中央|中央|全国人大|全国政协|(?:外交|国防|商务|公安|财政|科技)(?=部长|部副部长)"
              r"|海峡两岸关系协会|海协会"
              r"|外交部|国防部|商务部|公安部|财政部|科技部"
              r"|工业和信息化部|生态环境部|海关总署|中国海警局|国台办|国务院台湾事务办公室|中国人民银行|中国人民解放军"
              r"|中国驻[^,。;、]{1,10}?(?:大使馆|使馆|代表团)"
              # any other ministry by its name and its minister: 住房和城乡建设部部长姜伟新, 水利部部长
              rf"|[{CJK}]{{2,10}}?部(?=副?部长))")
_CN_TITLE = (r"(?:新闻发言人|发言人|团长|部长助理|副部长|部长|副主任|主任|特别代表|特使|大使|副主席|主席|副总理|总理|国务委员"
             r"|委员长|委员|局长|署长|司长|行长|外长|总书记|书记|参赞|代表|参谋长|司令员|政委|秘书长|副会长|会长)")
_CN_OFFICIAL_BODY = (rf"[^,。;、:“”()]{{0,30}}?(?P<office>{_CN_OFFICE})[^,。;、:“”()0-9A-Za-z]{{0,16}}?{_CN_TITLE}"
                     rf"(?:、[^,。;、]{{0,12}}?{_CN_TITLE})?"
                     rf"(?P<name>[{CN_SURNAMES}][{CJK}]{{1,2}})")
# (a clause opens after punctuation or 和/与/及: 外交部长杨洁篪和国务委员戴秉国; and goes on after a
# name: 国务委员唐家璇作为国家主席胡锦涛的特使, `_official_matches`)
_CN_OFFICIAL = re.compile(rf"(?:^|(?<=[,。;、:“”()和与及])){_CN_OFFICIAL_BODY}")
_CN_OFFICIAL_NEXT = re.compile(_CN_OFFICIAL_BODY)
_AFTER_NAME = set("在称说同与对向就等于并将也已则还率及")  # never the last character of a given name here
_WORDS_AFTER_NAME = {"表示", "强调", "指出", "会见", "举行", "出席", "主持", "访问", "同日", "当天", "当日", "会谈",
                     "通电", "介绍", "透露", "回应", "宣布", "发表", "签署", "抵达", "参加", "率团", "接受", "答记",
                     "重申", "呼吁", "批评", "谴责", "敦促", "警告", "确认", "证实", "否认", "承认", "提出", "认为",
                     "补充", "应约", "分别", "一行", "会晤", "致电", "致辞", "出访", "前往", "今天", "昨天", "近日",
                     "进行", "大使", "应邀", "先后", "随后", "此前", "一同", "共同", "再次", "此次", "日前", "昨日"}
_CN_OFFICE_AT = re.compile(rf"{_CN_OFFICE}|美国|俄罗斯|日本|韩国|欧盟")  # 韩正和国务院总理李强: 韩正, and another
_FOREIGN_BEFORE = re.compile(r"(?:美|日|韩|朝|俄|英|法|德|澳|印|菲|越|老|乌|以|伊|台|港)[国方共]?$")


def _official_matches(norm: str) -> Iterator[re.Match[str]]:
    """Each office-title-name match of `_CN_OFFICIAL`, and the ones that follow it in the same
    clause (`_CN_OFFICIAL_NEXT`, from the end of the one before)."""
    pos = 0
    while (m := _CN_OFFICIAL.search(norm, pos)) is not None:
        yield m
        while (more := _CN_OFFICIAL_NEXT.match(norm, m.end())) is not None:
            yield more
            m = more
        pos = m.end()


def find_officials(norm: str, taxonomy: Taxonomy | None = None) -> list[Pair]:
    """Chinese officials the text names in Chinese only, with their Hanyu Pinyin name
    (外交部发言人汪文斌 -> Wang Wenbin); a name the text gives in English is `find_pairs`'."""
    tax = taxonomy or default_taxonomy()
    known = tax.person_forms  # 王毅和布林肯: 王毅, a name the built-in list knows
    out: list[Pair] = []
    for m in _official_matches(norm):
        zh = m.group("name")
        start = m.start("name")
        if len(zh) == 3 and (zh[:2] in known or zh[2] in _AFTER_NAME or norm[start + 2: start + 4] in _WORDS_AFTER_NAME
                             or (zh[2] in "和及" and _CN_OFFICE_AT.match(norm, start + 3))
                             or _word_from(norm, start + 2)):
            zh = zh[:2]  # 王毅同日…, 王毅举行…: not 王毅同, 王毅举 (but 魏凤和同…, 解振华举行…)
        if norm[start + len(zh): start + len(zh) + 1] == "(":
            continue  # 王毅(Wang Yi): a pair of its own
        before = norm[:m.start("office")]
        if before.rfind("《") > before.rfind("》"):
            continue  # a newspaper's office: 前《中央日报》会长洪锡炫 (a Korean)
        clause = before[max(before.rfind(c) for c in ",。;:、()与和同及") + 1:]
        if _FOREIGN_BEFORE.search(clause) or set(find_countries(clause + m.group("office"), taxonomy)[0]) - {"CN"}:
            continue  # 韩国外交部发言人…, 朝鲜劳动党中央…, 越共中央总书记…: another country's office
        out.append(Pair("person", zh, pinyin_name(zh), True))
    return out + _listed_with_known(norm, tax)


# A list of two- or three-character names: "胡锦涛、吴邦国、温家宝、贾庆林、曾庆红、黄菊、吴官正、李长春、罗干"
_NAME_LIST = re.compile(rf"[{CJK}]{{2,3}}(?:、[{CJK}]{{2,3}})+")


def _listed_with_known(norm: str, tax: Taxonomy) -> list[Pair]:
    """The Chinese people of a list of names that holds two or more the lists know as Chinese
    (胡锦涛、吴邦国、…、黄菊、…、罗干: Huang Ju, Luo Gan), each of its names a Chinese family name
    and one or two characters; a list's last name without the word after it (罗干9人组成, 罗干等)."""
    known = tax.chinese_people
    out: list[Pair] = []
    for m in _NAME_LIST.finditer(norm):
        items = m.group().split("、")
        if len(items[0]) == 3 and items[0][1:] in known:  # 会见李强、王毅: the list starts at 李强
            items[0] = items[0][1:]
        last = items[-1]
        if len(last) == 3 and (last[2] in _AFTER_NAME or last[2] in "等们" or last[:2] in known
                               or _word_from(norm, m.end() - 1)):
            items[-1] = last[:2]
        if sum(item in known for item in items) < 2 or not all(item[0] in CN_SURNAMES for item in items):
            continue
        out += [Pair("person", item, pinyin_name(item), True) for item in items
                if item not in known and item not in tax.person_forms]
    return out


@functools.cache
def pinyin_name(zh: str) -> str:
    """汪文斌 -> Wang Wenbin (family name, then the given name in one word); ü as u, as names are
    written in English (吕新华 -> Lu Xinhua)."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(zh)
    family = _SURNAME_READINGS.get(zh[0], syllables[0])
    given = [_GIVEN_READINGS.get(c, s) for c, s in zip(zh[1:], syllables[1:])]
    return " ".join([family.capitalize(), "".join(given).capitalize()]).replace("v", "u").replace("V", "U")


# Family names read otherwise than the character's common reading (解 is Xie, not jie).
_SURNAME_READINGS = {"解": "xie", "单": "shan", "曾": "zeng", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
                     "盖": "ge", "乐": "yue", "翟": "zhai", "缪": "miao", "覃": "qin", "尉": "wei", "种": "chong",
                     "薄": "bo", "繁": "po", "员": "yun", "秘": "bi"}
# Characters of given names read otherwise than their common reading (马朝旭 is Ma Zhaoxu: 朝 as in 朝阳).
_GIVEN_READINGS = {"朝": "zhao"}


def _pairs_at(m: re.Match[str], inside: str, norm: str, tax: Taxonomy) -> list[Pair]:
    """The pairs of one parenthesis `m` of a paragraph, whose English is `inside` (none, one, or
    one per person it names)."""
    found: list[Pair] = []
    en = re.sub(r"\s+", " ", inside).strip()
    # (编译者注:...), (驻韩): Chinese asides; (ironclad): a glossed word, not a name
    if _CJK_CHAR.search(en) or not re.search(r"[A-Z0-9]", en) or not re.search(r"[A-Za-z]", en):
        return found
    # the context a pair needs is short: a window, not the whole paragraph before and after
    # it (slicing and searching those made the harvest quadratic: 132 s for a 2 MB line)
    before, after = norm[max(0, m.start() - _PAIR_WINDOW): m.start()], norm[m.end(): m.end() + _PAIR_WINDOW]
    # 《国家利益》(The National Interest) is a publication; 《只有进攻现实主义才能遏制中国》(Only ...) an article
    book = re.search(r"《([^《》]{1,60})》$", before)
    if book:
        title = book.group(1)
        # (a known publication's English name, or a title that opens a sentence and is
        # followed by what a publication does: "《外交学者》(The Diplomat)刊文")
        if title in tax.publication_titles or en.casefold() in tax.publication_names or (
                _PUB_CONTEXT_BEFORE.search(before[: book.start()])
                and _PUB_CONTEXT_AFTER.match(after)):
            found.append(Pair("publication", title, en))
        elif _ACRONYM.fullmatch(en):  # 《联合国气候变化框架公约》(UNFCCC): a treaty, named by its acronym
            found.append(Pair("acronym", title, en))
        elif _DOCUMENT.search(title) and not _ARTICLE_BEFORE.search(before[: book.start()]):
            found.append(Pair("programme", title, en))  # 《中导条约》(INF Treaty), not an article's title
        elif (spelt := _NAME_AND_ACRONYM.fullmatch(en)) and _ACRONYM.fullmatch(spelt.group(2)) \
                and not _ARTICLE_BEFORE.search(before[: book.start()]):
            # 《联合行动计划》(Joint Plan of Action, JPOA): a plan named in full and by its acronym,
            # which no article's title carries (the two English forms: _with_acronym)
            found.append(Pair("programme", title, en))
        return found
    # “斯佩”号(HMS spey), “四国技术商业和投资论坛”(Quad Technology Business and Investment Forum)
    quoted = re.search(r"[“\"]([^“”\"]{1,40})[”\"](号|舰)?$", before)
    if quoted:
        zh = quoted.group(1) + (quoted.group(2) or "")
        if not _CJK_CHAR.search(zh):
            return found
        if quoted.group(2) or _SHIP_PREFIX.match(en):
            found.append(Pair("ship", zh, en))
        else:
            found.append(Pair(_classify_org(quoted.group(1), en), zh, en))
        return found
    run = _run_before(before)
    if len(run) < 2:
        return found
    before_run = before[: len(before) - len(run)]
    # 安东尼娅-赫迈迪和丽贝卡-阿塞萨蒂(Antonia Hmaidi and Rebecca Arcesati): two people
    people = [p.strip() for p in re.split(r"\s+(?:and|&)\s+|\s*,\s*(?=[A-Z][a-z]+ [A-Z])", en)]
    if len(people) > 1 and all(_looks_like_person(p) for p in people):
        zh_parts = re.split(r"[和与及、]", run)
        if len(zh_parts) >= len(people):
            zh_parts = zh_parts[: -len(people)] + zh_parts[-len(people):]
            for zh_part, en_part in zip(zh_parts[-len(people):], people):
                zh, titled = _person_zh(zh_part, tax.titles, en_part)
                if len(zh) >= 2:
                    found.append(Pair("person", zh, en_part, titled))
            return found
    en = _ORDINAL_EN.sub("", en)  # The third ASEAN-U.S. Cyber Policy Dialogue
    if _SHIP_PREFIX.match(en) and re.search("[号舰]$", run):
        found.append(Pair("ship", _org_zh(run, before_run, en), en))
        return found
    org_zh = _org_zh(run, before_run, en)
    kind = _classify_org(org_zh, en)
    dotted = len(_en_tokens(en)) >= 2 and _SEP_SPLIT.search(run) is not None
    if kind == "other" and _looks_like_person(en, dotted) and not _PLACE_ZH.search(run):
        zh, titled = _person_zh(run, tax.titles, en)
        person = (titled or _SEP_SPLIT.search(zh) is not None or len(zh) <= 4 or _person_word(zh)
                  or family_first(zh, en)) and (
            titled or len(_en_tokens(en)) >= 2)
        # 美国佛罗里达州博卡拉顿(Boca Raton): a place in the area before it, not a person
        if (not titled and len(_en_tokens(en)) >= 2 and _SEP_SPLIT.search(zh) is None
                and _PLACE_AREA.match(org_zh) is not None):
            found.append(Pair("other", _PLACE_AREA.sub("", org_zh), en))
            return found
        if person and len(zh) >= 2:
            found.append(Pair("person", zh, en, titled))
            return found
        if len(_en_tokens(en)) == 1:  # 布里斯班(Brisbane): a place, or a surname seen elsewhere
            # (unless the segmenter knows a longer last word as a name: 南方共同市场(Mercosur), not
            # 同|市场; 符拉迪沃斯托克(Vladivostok), not 迪|沃斯托克)
            found.append(Pair("other", _one_word_name(org_zh, zh), en))
            return found
    if kind == "other" and _PLACE_ZH.search(org_zh):
        org_zh = _PLACE_AREA.sub("", org_zh)
        org_zh = _after_link(org_zh)
    if len(org_zh) >= 2:
        found.append(Pair(kind, org_zh, en))
    return found


def _one_word_name(run: str, zh: str) -> str:
    """The Chinese of a name given in one English word, `zh` cut from the end of `run`, as rjieba
    reads the run's last word (one reading of the run for both cases):
    * a body's, a place's or a thing's name longer than `zh` that ends with it: 南方共同市场(Mercosur),
      not 同|市场; 符拉迪沃斯托克(Vladivostok), not 迪|沃斯托克;
    * or a name of three characters or more, shorter than `zh`, after a place or a body it lies in:
      北奥塞梯|别斯兰(Beslan), not 梯别斯兰; not inside one transliteration (埃文|菲尔德, 拉姆|安拉) nor
      a hyphenated name (纳戈尔诺-卡拉巴赫)."""
    words = _tags(run)
    word, tag = words[-1]
    if tag in ("nt", "ns", "nz") and word.endswith(zh) and len(word) > len(zh):
        return word
    if _SEP_SPLIT.search(run) or len(words) < 2 or not zh.endswith(word):
        return zh
    before, before_tag = words[-2]
    place_before = (before_tag in ("ns", "nt") or before[-1:] in "省州市县镇区司"
                    or (before_tag in ("nr", "nrt") and len(before) >= 3))  # 北|奥塞梯|别斯兰
    return word if tag in ("nr", "nrt", "ns", "nz", "nt") and len(word) >= 3 and place_before else zh


def _after_link(zh: str) -> str:
    """A place's name after the last conjunction or preposition of its run (rjieba's tags):
    阿根廷港口与|马尔维纳斯群岛."""
    rest = _after_last(_tags(zh), ("c", "p"))
    return rest if len(rest) >= 2 else zh


def _abbreviates(short: str, full: str) -> bool:
    """纳卡 abbreviates 纳戈尔诺-卡拉巴赫, 北约 北大西洋公约组织: its characters in order, from the first
    (a generic word declared as a short form, "以下简称“框架”", is not a name)."""
    rest = iter(full)
    return len(short) >= 2 and short[0] == full[:1] and all(c in rest for c in short)


def _with_acronym(pair: Pair) -> list[Pair]:
    """(Rassemblement National, RN): the full name, and its acronym as another English form of
    the same Chinese name (a person's "Name, Jr." is left alone)."""
    m = _NAME_AND_ACRONYM.fullmatch(pair.en) if pair.kind != "person" else None
    if m and (_ACRONYM.fullmatch(m.group(2)) or m.group(1).lower().startswith(m.group(2).lower())):  # RN; Quad
        return [replace(pair, en=m.group(1)), replace(pair, en=m.group(2))]
    return [pair]  # (Ministry of Defense, Japan): one name


def find_pairs(norm: str, taxonomy: Taxonomy | None = None) -> list[Pair]:
    """Every ``中文(English)`` name pair in one NFKC paragraph; article titles are left out."""
    tax = taxonomy or default_taxonomy()
    pairs: list[Pair] = []
    for m in _PAREN.finditer(norm):
        # (Nagorno-Karabakh,简称纳卡): the English name, and a short Chinese form of it; any
        # other note in Chinese after the name is left out
        # (英国称福克兰群岛,Falkland Islands): another Chinese name first, then the English
        content = m.group(1)
        other = _OTHER_NAME.match(content)
        if other:
            content = content[other.end():]
        short = _SHORT_FORM.search(content)
        note = short or _CHINESE_NOTE.search(content)
        found = _pairs_at(m, content[: note.start()] if note else content, norm, tax)
        found = [q for p in found for q in _with_acronym(p)]
        if short and len(found) == 1 and found[0].kind != "person" and _abbreviates(short.group(1), found[0].zh):
            found.append(replace(found[0], zh=short.group(1)))
        if other and len(found) == 1 and found[0].kind != "person":
            found.append(replace(found[0], zh=other.group(1)))
        pairs.extend(found)
    return pairs


def article_title_en(entry: RawEntry, taxonomy: Taxonomy | None = None) -> str | None:
    """The English title of the article an entry reports on: 《中文标题》(English Title)."""
    tax = taxonomy or default_taxonomy()
    for par in entry.paragraphs:
        for m in re.finditer(r"《([^《》]{1,80})》\s*\(([^()]{2,200})\)", par.norm):
            title, en = m.group(1), m.group(2).strip()
            if title in tax.publication_titles or _CJK_CHAR.search(en) or not re.search("[A-Za-z]", en):
                continue
            before, after = par.norm[: m.start()], par.norm[m.end():]
            if _PUB_CONTEXT_BEFORE.search(before) and _PUB_CONTEXT_AFTER.match(after):
                continue  # 在《外交学人》(The Diplomat)上: an unknown publication, not an article
            return en
    return None


# ---------------------------------------------------------------------------
# Building the glossary


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


@dataclass
class _Rec:
    kind: str
    zh: str
    en: str
    source: str  # text / builtin / content
    aliases: tuple[str, ...] = ()
    en_aliases: tuple[str, ...] = ()
    region: str | None = None
    count: int = 0
    digests: frozenset[str] = frozenset()  # where the text introduces it


def _groups(recs: list[_Rec], keys_of: Any) -> list[list[_Rec]]:
    """Union the records that share any key; `keys_of(rec)` gives a record's keys."""
    u = _Union(len(recs))
    first: dict[Any, int] = {}
    for i, rec in enumerate(recs):
        for key in keys_of(rec):
            if key in first:
                u.join(first[key], i)
            else:
                first[key] = i
    groups: dict[int, list[_Rec]] = defaultdict(list)
    for i, rec in enumerate(recs):
        groups[u.find(i)].append(rec)
    return list(groups.values())


def _first_name(en: str) -> str | None:
    """The given name of a full English name, folded (Antony J. Blinken -> antony; J. Biden -> j,
    an initial); None for a surname alone."""
    tokens = [t for t in _en_tokens(en) if t.lower() not in _EN_SUFFIXES]
    return _en_plain(tokens[0]).lower().rstrip(".") if len(tokens) >= 2 else None


def _person_keyer(recs: list[_Rec]) -> Any:
    """Keys that join the records of one person.

    One person per (English surname, Chinese surname transliteration, given name): 布林肯 and
    安东尼·J·布林肯 with Antony J. Blinken / Antony Blinken are one person, but 乔·拜登 (Joe Biden) and
    亨特·拜登 (Hunter Biden) are two, and so are Joe and 吉尔·拜登 (Jill Biden), though their initials
    agree. An initial (J. Biden) stands for the one given name of that surname it starts. A
    surname alone (奥斯汀(Austin)) joins the one person of that surname, and stays apart when
    there are several. Also one person per full English name
    without initials (Lloyd Austin), and per full Chinese form of three characters or more
    (curated aliases: 滨田靖一/浜田靖一).
    """
    given: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in recs:
        for en in (r.en, *r.en_aliases):
            first = _first_name(en)
            if first:
                given[(_en_surname(en), _last_segment(r.zh, r.en))].add(first)

    def keys(r: _Rec) -> list[Any]:
        surname = (_en_surname(r.en), _last_segment(r.zh, r.en))
        names = given.get(surname, set())
        first = _first_name(r.en)
        if first is None and len(names) == 1:
            first = next(iter(names))
        elif first is not None and len(first) == 1:  # an initial: the one given name it stands for
            full = {n for n in names if n[0] == first and len(n) > 1}
            first = next(iter(full)) if len(full) == 1 else first
        out: list[Any] = [("surname", *surname, first)]
        # the same Chinese surname and given name, English spelt two ways: 阿卜杜拉赫曼·奇亚尼
        # (Abdourahamane Tiani) and 奇亚尼(Abdourahamane Tchiani) are one person
        if first and len(surname[1]) >= 2:
            out.append(("zh-initial", surname[1], first))
        for en in (r.en, *r.en_aliases):
            plain = _en_plain(en)
            if len(plain.split()) >= 2:
                out.append(("en", plain))
        out += [("zh", z) for z in (r.zh, *r.aliases) if len(z) >= 3]
        return out

    return keys


def _other_keys(r: _Rec) -> list[Any]:
    """Organisations and the rest: one per Chinese form and per English form (BIS = 美国商务部工业和安全局)."""
    pub = r.kind == "publication"
    keys: list[Any] = [(pub, "zh", z) for z in (r.zh, *r.aliases)]
    if r.kind != "other":
        keys += [(pub, "en", e.casefold()) for e in (r.en, *r.en_aliases)]
    return keys


def _curated_first(group: list[_Rec]) -> list[_Rec]:
    order = {"content": 0, "builtin": 1, "text": 2}
    return sorted(group, key=lambda r: order[r.source])


def _digests_of(group: list[_Rec]) -> tuple[str, ...]:
    """The digests that introduce any record of a group (one glossary item)."""
    return tuple(sorted(set().union(*(r.digests for r in group))))


# Characters of transliterated Western names (古特雷斯, 泽连斯基, 拉夫罗夫), rare in Japanese names.
def _one_character_surnames(items: Sequence[GlossaryItem]) -> dict[str, int]:
    """One-character surnames of people named in full with a middle dot (特雷莎·梅: 梅), each
    surname that only one person has (index into `items`)."""
    found: dict[str, set[int]] = defaultdict(set)
    for i, item in enumerate(items):
        if item.kind != "person":
            continue
        for z in (item.zh, *item.aliases):
            parts = _SEP_SPLIT.split(z)
            if len(parts) > 1 and len(parts[-1]) == 1 and _CJK_CHAR.match(parts[-1]):
                found[parts[-1]].add(i)
    return {ch: next(iter(ix)) for ch, ix in found.items() if len(ix) == 1}


_CLAUSE_OPENERS = frozenset(",。;:!?“”\n ")
# what a person does right after their name opening a clause: a day, a time, speaking, acting
_SURNAME_ACTS = re.compile(r"\d{1,2}[日号]|当[天日晚]|次日|此前|随后|表示|称|说|认为|强调|指出|宣布|则|也|还|在|对|于|同|与|将|已|曾|并")
_TRANSLITERATION = set("斯尔克夫基特里德伊娃娜诺拉罗洛卡纳姆森顿恩兹茨奇科维耶亚尼格普泽巴布贝帕马莫梅米迪蒂赫沃")
_TRANSLITERATION_BEFORE = _TRANSLITERATION | {"俄"}  # and 俄 of 俄罗斯, before a name


# A word of Hepburn romanisation, syllable by syllable (Fukuda, Ozawa, Ichirō, Shinzo)
_ROMAJI = re.compile(r"(?:(?:[kgsztdnhbpmr]y|sh|ch|ts|[kgsztdnhbpmyrwjf])?[aiueoāīūēō]|n(?![aiueoāīūēōy]))+", re.I)


# the last character of a Japanese given name of three characters (纯一郎, 由纪夫, 百合子)
_GIVEN_NAME_ENDS = frozenset("郎夫子")


def family_first(zh: str, en: str) -> bool:
    """A name written family name first, whose first two characters are the family name the
    digests use alone: 岸田文雄 (Fumio Kishida) -> 岸田, 滨田靖一 -> 滨田 (not a company taken for a
    person: 三星电子 (Samsung Electronics)). A character that usually transliterates (卢卡申科,
    Alexander Lukashenko) is one of a Japanese name where the English is romanised Japanese
    (福田康夫, Yasuo Fukuda; 小泽一郎, Ichiro Ozawa). Five characters: a Japanese name in
    romanised Japanese whose given name is of three characters (小泉纯一郎, Junichiro Koizumi ->
    小泉; 鸠山由纪夫; not 小野寺五典, whose family name is of three)."""
    tokens = _en_tokens(en)
    if len(tokens) != 2 or cjk_count(zh) != len(zh) or _ORG_SUFFIX.search(zh):
        return False
    romaji = all(_ROMAJI.fullmatch(t) for t in tokens)
    if len(zh) == 5:
        return romaji and zh[-1] in _GIVEN_NAME_ENDS
    return len(zh) == 4 and (not _TRANSLITERATION.intersection(zh) or romaji)


def _person_item(group: list[_Rec], places: frozenset[str] = frozenset()) -> GlossaryItem:
    curated = [r for r in _curated_first(group) if r.source != "text"]
    ens = Counter()
    zhs = Counter()
    for r in group:
        ens[r.en] += max(r.count, 1)
        zhs[r.zh] += max(r.count, 1)
    # English: the editor's form (content/taxonomy.yml), else the longest one, with middle
    # initial and suffix (Lloyd J. Austin III).  Chinese: a curated form, else the commonest full one.
    # The digest's own spelling beats the built-in list's (Yoon Suk-yeol in the text, Yoon Suk Yeol
    # built in): readers search and cite the form the analysts use; the other forms stay aliases.
    text_forms = [r.en for r in group if r.source == "text" and len(_en_tokens(r.en)) >= 2]
    en_forms = list(ens) + [e for r in curated for e in (r.en,)]
    if curated and curated[0].source == "content":
        en = curated[0].en
    else:
        en = max(text_forms or en_forms, key=lambda e: (len(_en_tokens(e)), len(e), ens[e]))
    if curated:
        zh = curated[0].zh
    else:
        zh = max(zhs, key=lambda z: (_SEP_SPLIT.search(z) is not None, zhs[z], len(z)))
    aliases = [z for r in group for z in (r.zh, *r.aliases)]
    # (not where a list gives the first part as the name's short form: 马哈蒂尔 of 马哈蒂尔·穆罕默德,
    # 萨达姆 of 萨达姆·侯赛因; 穆罕默德 or 侯赛因 alone is anyone's name)
    aliases += [_last_segment(z, r.en) for r in group for z in (r.zh, *r.aliases)
                if (_SEP_SPLIT.search(z) or _ZH_SUFFIX.search(z))
                and not (r.source != "text" and _SEP_SPLIT.split(z)[0] == r.zh)]
    aliases += [z[:2] for r in group for z in (r.zh, *r.aliases) if family_first(z, r.en) and z[:2] not in places]
    aliases = [a for a in dict.fromkeys(aliases) if a != zh and len(a) >= 2]
    en_aliases = [e for r in group for e in (r.en, *r.en_aliases)]
    en_aliases = [e for e in dict.fromkeys(en_aliases) if e != en]
    source = curated[0].source if curated else "text"
    return GlossaryItem("person", slugify(_en_plain(en)) or slugify(en), zh, en, tuple(aliases),
                        tuple(en_aliases), "person", None, sum(r.count for r in group), source,
                        digests=_digests_of(group))


# A body that keeps its own name without its country: a bank, an institute, a foundation...
# (not a ministry or an office, which would name any country's: 美国国防部 -> 国防部), unless
# what is left is generic too (欧洲中央银行 -> 中央银行, 印度政策研究中心 -> 政策研究中心, as in 东北亚政策研究中心)
_OWN_NAME_BODY = re.compile(r"(?:研究所|研究院|研究中心|研究会|基金会|学会|银行|公司|大学|学院|集团|协会|小组|理事会)$")
_GENERIC_START = re.compile(r"^(?:中央|国家|国防|联邦|全国|国立|皇家|国际|政策|战略)")


def _without_place(zh: str, tax: Taxonomy) -> str:
    """An organisation's name without the country or region it opens with, as later mentions
    give it (澳门汇业银行 -> 汇业银行, 韩国世宗研究所 -> 世宗研究所); "" when what is left is no
    name only this body has (`_OWN_NAME_BODY`)."""
    rx, lookup = tax._geo
    m = rx.match(zh)
    if not m or lookup.get(m.group(), ("block", ""))[0] not in ("country", "region"):
        return ""
    rest = zh[m.end():]
    return rest if (cjk_count(rest) >= 4 and _OWN_NAME_BODY.search(rest) and not _GENERIC_START.match(rest)
                    and rest not in lookup) else ""


_SHIP_ZH = re.compile(rf"([{CJK}·]{{2,10}})[号舰]")


def _ship_forms(name: str) -> list[str]:
    """The ways a text writes the ship `name`: 天安号, 天安舰, “天安”号, "天安"号, “天安”舰."""
    return [f"{q}{name}{p}{suffix}" for suffix in "号舰" for q, p in (("", ""), ("“", "”"), ('"', '"'))]


def _other_item(group: list[_Rec], tax: Taxonomy) -> GlossaryItem:
    curated = [r for r in _curated_first(group) if r.source != "text"]
    zhs, ens, kinds = Counter(), Counter(), Counter()
    for r in group:
        zhs[r.zh] += max(r.count, 1)
        ens[r.en] += max(r.count, 1)
        kinds[r.kind] += max(r.count, 1)
    if curated:
        head = curated[0]
        zh, en, kind, region = head.zh, head.en, head.kind, head.region
    else:
        zh = max(zhs, key=lambda z: (zhs[z], len(z)))
        # a full English name beats an acronym for display; the acronym is kept as an alias
        en = max(ens, key=lambda e: (not _ACRONYM.fullmatch(e), ens[e], len(e)))
        kind = max(kinds, key=lambda k: (kinds[k], k != "other", k))
        region = None
    if kind == "acronym" and not _ACRONYM.fullmatch(en):
        kind = "org" if _ORG_SUFFIX.search(zh) else "programme"
    forms = [z for r in group for z in (r.zh, *r.aliases)]
    # a company is named without its generic words too: 华为技术有限公司 -> 华为
    forms += [m.group(1) for z in forms if (m := _COMPANY_NAME.fullmatch(z))]
    if kind in ("org", "acronym"):
        forms += [rest for z in forms if (rest := _without_place(z, tax))]
        # ... and without both: 美国谷歌公司 -> 谷歌公司 -> 谷歌
        forms += [m.group(1) for z in forms if (m := _COMPANY_NAME.fullmatch(z))]
    if kind == "ship":  # 天安号 is written “天安”号 and 天安舰 as well
        forms += [f for z in forms if (m := _SHIP_ZH.fullmatch(z)) for f in _ship_forms(m.group(1))]
    aliases = [a for a in dict.fromkeys(forms) if a != zh]
    en_aliases = [e for e in dict.fromkeys(e for r in group for e in (r.en, *r.en_aliases)) if e != en]
    acronyms = [e for e in (en, *en_aliases) if _ACRONYM.fullmatch(e)]
    if kind == "publication":
        family = "publication"
    elif region:
        family = "region"
    elif kind == "org" or (kind == "acronym" and _ORG_SUFFIX.search(zh)):
        family = "org"
    else:
        family = None  # programmes, ships, other: glossary names, not tags
    key = slugify(acronyms[0]) if acronyms and kind != "publication" else slugify(en)
    source = curated[0].source if curated else "text"
    return GlossaryItem(kind, key or slugify(zh) or "name", zh, en, tuple(aliases), tuple(en_aliases),
                        family, region, sum(r.count for r in group), source,
                        digests=_digests_of(group))


def build_glossary(entries: Iterable[RawEntry], taxonomy: Taxonomy | None = None) -> Glossary:
    """The archive-wide glossary: harvested pairs of all entries plus the built-in names."""
    tax = taxonomy or default_taxonomy()
    entries = list(entries)
    harvested: Counter[Pair] = Counter()
    digests: dict[Pair, set[str]] = defaultdict(set)
    officials: list[tuple[Pair, str]] = []
    for entry in entries:
        for par in entry.paragraphs:
            pairs = find_pairs(par.norm, tax)
            harvested.update(pairs)
            for pair in pairs:
                digests[pair].add(entry.source)
            officials += [(pair, entry.source) for pair in find_officials(par.norm, tax)]
    # 商务部长罗斯 in a paragraph that does not say whose minister he is: no Chinese official
    # (Luo Si) when the archive introduces 罗斯 in English (美国商务部长罗斯(Wilbur Ross))
    introduced = {z for p in harvested if p.kind == "person" for z in (p.zh, _last_segment(p.zh, p.en))}
    for pair, source in officials:
        if pair.zh not in introduced:
            harvested[pair] += 1
            digests[pair].add(source)

    people: list[_Rec] = []
    others: list[_Rec] = []
    for name in (*tax.names, *tax.publications):
        rec = _Rec(name.kind, name.zh, name.en, name.source, name.aliases, name.en_aliases, name.region)
        (people if name.kind == "person" else others).append(rec)
    for pair, count in sorted(harvested.items(), key=lambda kv: (kv[0].kind, kv[0].zh, kv[0].en)):
        rec = _Rec(pair.kind, pair.zh, pair.en, "text", count=count, digests=frozenset(digests[pair]))
        (people if pair.kind == "person" else others).append(rec)

    # 布林肯(Blinken) without a title is a person when that surname pair is a known person
    person_keys = {(_en_surname(r.en), _last_segment(z, r.en)) for r in people for z in (r.zh, *r.aliases)}
    for rec in list(others):
        if rec.kind == "other" and rec.source == "text" and \
                (_en_surname(rec.en), _last_segment(rec.zh, rec.en)) in person_keys:
            others.remove(rec)
            people.append(replace(rec, kind="person"))

    items: list[GlossaryItem] = []
    places = frozenset(tax._geo[1])  # 日本 of 日本制铁 is a country, never a family name
    items += [_person_item(group, places) for group in _groups(people, _person_keyer(people))]
    items += [_other_item(group, tax) for group in _groups(others, _other_keys)]
    items = _unique_keys(_with_given_names(_with_abbreviations(items, entries, places), entries, tax))
    items.sort(key=lambda it: (KINDS.index(it.kind), it.key))
    log.debug("glossary: %d names (%s)", len(items),
              ", ".join(f"{k} {v}" for k, v in Counter(i.kind for i in items).items()))
    return _with_countries(Glossary(tuple(items), tax), entries)


def _with_given_names(items: list[GlossaryItem], entries: list[RawEntry], tax: Taxonomy) -> list[GlossaryItem]:
    """A person's first name as their short form, where the archive uses it alone and never the
    last part: Thai and Indonesian names go by the given name (沙马·顺达卫(Samak Sundaravej), then
    `泰国总理沙马9月2日…`; 苏西洛). Not a first part two people of the glossary share (约翰, 大卫),
    nor a place or a country's name, nor another name's form."""
    dotted = [(i, it, pieces) for i, it in enumerate(items) if it.kind == "person" and it.source == "text"
              and len(pieces := [p for p in _SEP_SPLIT.split(_ZH_SUFFIX.sub("", it.zh)) if p]) >= 2]
    if not dotted:
        return items
    # (the first parts of every person's dotted forms, listed or harvested: 大卫 of 戴维·卡梅伦's alias
    # 大卫·卡梅伦 and of 大卫·米利班德 is two people's)
    firsts = Counter(first for it in items if it.kind == "person"
                     for first in {_SEP_SPLIT.split(z)[0] for z in (it.zh, *it.aliases) if _SEP_SPLIT.search(z)})
    taken = {z for it in items for z in (it.zh, *it.aliases)}
    wanted = {pieces[0] for _, _, pieces in dotted if len(pieces[0]) >= 2 and _cjk_only(pieces[0])}
    wanted |= {pieces[-1] for _, _, pieces in dotted}
    alone: Counter[str] = Counter()  # each form's mentions with no separator on either side
    rx = re.compile(trie_regex(wanted))
    for entry in entries:
        for par in entry.paragraphs:
            norm = par.norm
            for m in rx.finditer(norm):
                before, after = norm[max(0, m.start() - 1):m.start()], norm[m.end():m.end() + 1]
                if not (before and before in SEPARATORS) and not (after and after in SEPARATORS):
                    alone[m.group()] += 1
    result = list(items)
    for i, item, pieces in dotted:
        first = pieces[0]
        if (first in wanted and alone[first] and not alone[pieces[-1]] and firsts[first] == 1
                and first not in taken and first not in tax.country_forms and first not in tax._geo[1]):
            result[i] = replace(item, aliases=(*item.aliases, first))
    return result


MIN_ABBREVIATION = 3  # characters: 欧安组织, 拉共体, 美国务院 (two, 哥武, would catch 中美 in 中国—拉美…)
MAX_ABBREVIATION = 6
_ABBREVIATED_KINDS = frozenset({"org", "acronym", "programme", "other"})


def _with_abbreviations(items: list[GlossaryItem], entries: list[RawEntry],
                        places: frozenset[str]) -> list[GlossaryItem]:
    """A long name's contracted form as the archive uses it, as an alias: 欧安组织 for
    欧洲安全与合作组织, 拉共体 for 拉美和加勒比国家共同体. A contraction keeps the name's first
    character, a part only of its first word, and some of its other characters in order, up to
    its last (Chinese names end in their head: 组织, 共同体), in three stretches or more (新计划,
    two, is a new plan); and it is a word of its own where it stands (the segmenter cuts its
    run there).
    One that two names could have, or that is a place or another name's form, is left out."""
    long = [it for it in items if it.kind in _ABBREVIATED_KINDS and len(it.zh) > MIN_ABBREVIATION
            and _cjk_only(it.zh)]
    by_first: dict[str, list[GlossaryItem]] = defaultdict(list)
    for it in long:
        by_first[it.zh[0]].append(it)
    if not by_first:
        return items
    taken = {z for it in items for z in (it.zh, *it.aliases)} | places
    starts = re.compile(f"(?=[{''.join(sorted(by_first))}][{CJK}]{{{MIN_ABBREVIATION - 1}}})")
    found: dict[str, set[str]] = defaultdict(set)  # contraction -> keys of the names it fits
    for entry in entries:
        for par in entry.paragraphs:
            for run in _CJK_RUN.findall(par.norm):
                bounds: set[int] | None = None
                for m in starts.finditer(run):
                    i = m.start()
                    text = run[i:i + MAX_ABBREVIATION]
                    for it in by_first[text[0]]:
                        if it.zh[-1] not in text[2:]:
                            continue
                        short = _contraction(text, it.zh)
                        short = short[:short.rfind(it.zh[-1]) + 1]  # it keeps the name's head: 组织 of …组织
                        if len(short) < MIN_ABBREVIATION or short in taken or _pieces(short, it.zh) < 3 \
                                or not _contracts_first_word(short, it.zh):
                            continue
                        if bounds is None:
                            bounds = _word_bounds(run)
                        if i in bounds and i + len(short) in bounds:
                            found[short].add(it.key)
    new: dict[str, list[str]] = defaultdict(list)
    for short, keys in sorted(found.items()):
        if len(keys) == 1:
            new[next(iter(keys))].append(short)
    if new:
        log.debug("glossary: contractions %s", dict(new))
    return [replace(it, aliases=(*it.aliases, *new[it.key])) if it.key in new else it for it in items]


@functools.lru_cache(maxsize=4096)
def _first_word(zh: str) -> str:
    import rjieba

    return rjieba.cut(zh)[0]


def _contracts_first_word(short: str, full: str) -> bool:
    """欧安组织 takes 欧 of 欧洲 (安全与合作组织): a contraction shortens the name's first word.
    One that keeps it whole is that word and what follows it (伊朗和 in 伊朗和美国, not 伊朗伊斯兰
    共和国通讯社; 经济与 in 经济与社会, not 经济合作与发展组织)."""
    k = len(os.path.commonprefix([short, full]))
    return k < len(_first_word(full))


def _pieces(short: str, full: str) -> int:
    """How many stretches of `full` a contraction of it takes (first fit): 欧安组织 of
    欧洲安全与合作组织 takes 3 (欧, 安, 组织); 新计划 of 新冠肺炎疫苗实施计划 2, like any phrase
    that begins with a name's first character and ends with its last word."""
    pieces, at = 0, -1
    for c in short:
        i = full.index(c, at + 1)
        pieces += at < 0 or i != at + 1
        at = i
    return pieces


def _contraction(text: str, full: str) -> str:
    """The longest start of `text` whose characters are in `full` in order, from its first."""
    rest = iter(full)
    n = 0
    for c in text:
        if c not in rest:
            break
        n += 1
    return text[:n]


_TITLE_WINDOW = 12  # characters before a name where its title and country stand: 美国国务卿|布林肯
_TITLE_STOPS = ")(,。;:!?、"  # where the clause before a name ends


# Offices one person holds at a time in a country or a body: after "法国总统萨科齐", "法国总统"
# alone is him (Glossary.find_offices). Not the titles many hold (发言人, 议员, 研究员).
_OFFICES = ("国务卿", "总统", "副总统", "首相", "总理", "副总理", "外长", "外相", "外交部长", "外交大臣",
            "防长", "防相", "国防部长", "国防大臣", "财长", "财政部长", "财政大臣", "秘书长", "总干事",
            "国王", "女王", "王储", "埃米尔", "总书记", "最高领袖", "教宗", "教皇", "国家安全顾问")
# What follows an office that stands alone: a day, a mark, a verb or a preposition, not a name
_OFFICE_ALONE = re.compile(r"(?:[0-9一二三四五六七八九十]|[,。;:!?、“”\"()]|在|于|当天|当日|当晚|次日|随后|则|也|还|"
                           r"此前|早前|先前|本人|亦|均|"
                           r"表示|称|说|指出|强调|认为|警告|呼吁|宣布|发表|出席|会见|会晤|访问|抵达|致电|通电话|签署|"
                           r"同|与|和|对|向|将|已|曾|的|作为|等|及|就|讲话|声明)")
_NOT_HOLDER = frozenset("前原新候副代")  # 前法国总统, 候任, 副 (a deputy), 代 (acting)
# the office as a role, not its holder: 当选美国总统, 就任第45任美国总统, 无论谁当选
_OFFICE_AS_ROLE = re.compile(r"(?:当选|就任|出任|担任|接任|竞选|成为|第[0-9一二三四五六七八九十]+任)$")


_OFFICE_END = re.compile(f"(?:{trie_regex(_OFFICES)})$")
# a person who takes an office in the sentence they open: "奥朗德15日在爱丽舍宫正式就任法国总统",
# "萨马拉斯宣誓就任希腊总理" (the office: up to its end, for _office_before)
_TAKES_OFFICE = re.compile(rf"(?:\([^()]*\))?[^,。;:!?“”()]{{0,24}}?(?:宣誓|正式)?(?:就任|当选)为?"
                           rf"(?P<office>[^,。;:!?、“”()]{{1,10}}?(?:{trie_regex(_OFFICES)}))")


def _office_before(window: str, glossary: Glossary, countries: re.Pattern[str]) -> str | None:
    """The office a name's title window ends with, with the country or body that qualifies it:
    "20日,法国总统" -> 法国总统, "联合国秘书长" -> 联合国秘书长; None without either.
    `countries`: a regex of the country forms (two characters or more) at the end of a text."""
    found = _OFFICE_END.search(window)
    if found is None:
        return None
    head = window[: found.start()]
    qualifier = m.group() if (m := countries.search(head)) else None
    if qualifier is None:
        qualifier = next((head[start:] for start, end, item in glossary.find(head)
                          if end == len(head) and item.kind in ("org", "acronym")), None)
    return qualifier + found.group() if qualifier else None


def _with_countries(glossary: Glossary, entries: list[RawEntry]) -> Glossary:
    """Each person's country, by vote over the titles before their mentions in the archive
    ("美国国务卿布林肯", "美国国务卿安东尼·布林肯" -> US): an entry where a person acts is about
    their country too, though it may name them alone ("布林肯称…")."""
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)  # (digest, office) -> people
    countries = re.compile(f"(?:{trie_regex(f for f in glossary.taxonomy.country_forms if len(f) >= 2)})$")
    index = {id(item): i for i, item in enumerate(glossary.items)}
    for entry in entries:
        for par in entry.paragraphs:
            for start, end, item in glossary.find(par.norm, entry.source):
                if item.kind != "person" or not _CJK_CHAR.match(par.norm[start]):
                    continue  # (the title stands before the Chinese form, not before "(Girish Linganna)")
                if (start == 0 or par.norm[start - 1] in "。,") and (took := _TAKES_OFFICE.match(par.norm, end)) \
                        and "将" not in par.norm[end:took.start("office")] \
                        and (office := _office_before(took.group("office"), glossary, countries)):
                    holders[(entry.source, office)].add(item.key)  # "奥朗德…正式就任法国总统"
                window = par.norm[max(0, start - _TITLE_WINDOW):start]
                # the title stands in the name's own clause: "…在西班牙马德里举行,岸田文雄…" gives
                # 岸田文雄 no country, "美国总统拜登、日本首相岸田文雄" gives him Japan's
                # and ends with the title: "在新加坡同魏凤和" is where they met, not his country
                window = window[max(window.rfind(c) for c in _TITLE_STOPS) + 1:]
                if not window.endswith(glossary.taxonomy.titles):
                    continue
                if office := _office_before(window, glossary, countries):
                    holders[(entry.source, office)].add(item.key)
                before = find_countries(window, glossary.taxonomy)[0]
                if before:
                    votes[index[id(item)]][before[-1]] += 1
    offices = tuple(sorted((digest, office, next(iter(keys))) for (digest, office), keys in holders.items()
                           if len(keys) == 1))  # (an office two people hold in one digest stands for neither)
    items = list(glossary.items)
    for i, counter in votes.items():
        code, n = counter.most_common(1)[0]
        if n * 2 > sum(counter.values()):
            items[i] = replace(items[i], country=code)
    return Glossary(tuple(items), glossary.taxonomy, offices=offices)


def _unique_keys(items: list[GlossaryItem]) -> list[GlossaryItem]:
    seen: Counter[tuple[str | None, str]] = Counter()
    result = []
    for item in sorted(items, key=lambda it: (it.source != "content", it.source != "builtin", -it.count, it.zh)):
        family = item.family or item.kind
        seen[(family, item.key)] += 1
        n = seen[(family, item.key)]
        result.append(item if n == 1 else replace(item, key=f"{item.key}-{n}"))
    return result


def _item_forms(items: tuple[GlossaryItem, ...]) -> tuple[dict[str, int], dict[str, tuple[int, ...]]]:
    """(Chinese and English surface forms -> item index, forms several items share -> their
    indexes). A shared form goes to the editor's or built-in item, else to the item whose full
    name it is; else to none (a digest that introduces only one of them settles it: `Glossary.get`).

    Publications are matched with their 《》 only (国家利益 alone is the phrase national interest);
    a person's English form must have two words (Austin alone is not matched in text).
    """
    owners: dict[str, set[int]] = defaultdict(set)
    priority: dict[int, int] = {}
    for i, item in enumerate(items):
        priority[i] = {"content": 0, "builtin": 1}.get(item.source, 2)
        zh_forms = (item.zh, *item.aliases)
        if item.kind == "publication":
            zh_forms = tuple(f"《{z}》" for z in zh_forms)
        en_forms = (item.en, *item.en_aliases)
        if item.kind == "person":
            en_forms = tuple(e for e in en_forms if len(_en_tokens(e)) >= 2)
        elif item.kind == "publication":
            en_forms = ()
        for form in (*zh_forms, *en_forms):
            if len(form) >= 2:
                owners[form].add(i)
    forms: dict[str, int] = {}
    shared: dict[str, tuple[int, ...]] = {}
    for form, idx in owners.items():
        if len(idx) == 1:
            forms[form] = next(iter(idx))
            continue
        shared[form] = tuple(sorted(idx))
        best = min(priority[i] for i in idx)
        top = [i for i in idx if priority[i] == best]
        full = [i for i in top if items[i].zh == form or items[i].en == form]
        if len(top) == 1:
            forms[form] = top[0]
        elif len(full) == 1:
            forms[form] = full[0]  # a full name beats another person's short form
        else:
            log.debug("ambiguous glossary form %r left to each digest", form)
    return forms, shared


# Characters around a two-character person name that show it is a word of its own:
# 朴振当天 (start of line), 王毅进行 (after 外交部长), but not 资金成本 (金成).
_NAME_BEFORE = set("与和同及、,:;“”\"'()《》在向对由据称将跟被让把给见了是的为也\n")
_NAME_AFTER_WORDS = ("政府", "当局", "团队", "时期", "任内", "执政")
_NAME_AFTER = set("称说表在与和同及、,。:;!?“”\"'()也还则就向将已曾等的指强认宣提回呼访到致")


def _accept_name(norm: str, start: int, end: int, item: GlossaryItem, tax: Taxonomy) -> bool:
    # a person's name is no other name's first part: 阿什顿 of 阿什顿·卡特 (Ashton Carter) is no Catherine
    # Ashton, 沙马 of 沙马·顺达卫 is his own
    if item.kind == "person" and norm[end:end + 1] and norm[end:end + 1] in SEPARATORS:
        return False
    # curated names are trusted (拜登政府, 王毅); harvested two-character people and places need a
    # word boundary (开城 of 开城(Kaesong) is not the 开城 of 公开城市)
    if item.kind not in ("person", "other") or end - start > 2:
        return True
    # a transliterated family name (克里, 罗斯), curated or not, is no name inside a longer
    # transliteration: 克里姆林宫, 俄罗斯 (a place it starts with a character of another kind,
    # 巴尔干, is not seen: the built-in list leaves such names out)
    if item.kind == "person" and _TRANSLITERATION.issuperset(norm[start:end]) and (
            norm[end: end + 1] in _TRANSLITERATION or norm[start - 1: start] in _TRANSLITERATION_BEFORE):
        return False
    # ... nor where rjieba reads a name that runs on past it into a character of transliterations:
    # 布什|尔 (Bushehr, one word), 马|伦科夫 (not 马伦 then 科夫); but 马伦称 (a word over 称) stands
    if item.kind == "person" and norm[end:end + 1] in _TRANSLITERATION:
        at, word, tag = _tagged_word(norm, end - 1, 3, 4)
        if at < end < at + len(word) and tag in ("nr", "nrt", "ns"):
            return False
    before, after = norm[start - 1: start], norm[end: end + 1]
    if not before or not _CJK_CHAR.match(before) or before in _NAME_BEFORE:
        return True
    if not after or not _CJK_CHAR.match(after) or after in _NAME_AFTER:
        return True
    head = norm[max(0, start - 6): start]
    tail = norm[end: end + 6]
    if any(head.endswith(t) or tail.startswith(t) for t in tax.titles) or tail.startswith(_NAME_AFTER_WORDS):
        return True
    bounds = _word_bounds(head + norm[start:end] + tail)
    at, to = len(head), len(head) + end - start
    if item.source != "text":
        # a curated name inside running text stands unless the dictionary segmenter reads words
        # across both its edges: 主张|军事 holds no 张军 (one edge is not enough: 选举|前岸|田|政权)
        return at in bounds or to in bounds
    # a harvested one stands where the segmenter reads it as a word of its own: 指示|克里|推动
    return at in bounds and to in bounds


def _word_bounds(run: str) -> set[int]:
    """The offsets where rjieba's cut of `run` starts or ends a word."""
    import rjieba

    return {0, *itertools.accumulate(len(w) for w in rjieba.cut(run))}


# ---------------------------------------------------------------------------
# Tagging one entry


def find_countries(norm: str, taxonomy: Taxonomy | None = None) -> tuple[list[str], list[str]]:
    """(country codes, region keys) mentioned in a text, in order of first mention.

    See `country_mentions`, which also tells where each is first mentioned."""
    countries, regions = country_mentions(norm, taxonomy)
    return list(countries), list(regions)


def country_mentions(norm: str, taxonomy: Taxonomy | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """({country code: offset of its first mention}, {region key: offset}), in the order
    `find_countries` gives. See `country_spans`."""
    spans, regions, _ = country_spans(norm, taxonomy)
    return {code: found[0][0] for code, found in spans.items()}, regions


Spans = dict[str, list[tuple[int, int]]]


def country_spans(norm: str, taxonomy: Taxonomy | None = None) -> tuple[Spans, dict[str, int], Spans]:
    """({country code: [(start, end) of every mention]}, {region key: offset of its first
    mention}, {country code: [(start, end) of every mention of its seat of government]}).
    Countries come in the order `find_countries` gives, each one's mentions in the order found
    (a name first, then any one-character abbreviations).

    Rules, each from a real digest line:
    * full names from pycountry's zh_CN plus data/countries.yml forms (澳大利亚, 美方, 俄国防部);
    * one-character abbreviations only in a run of two or more (韩美日三国, 中美双方, 美韩同盟);
    * a verb/preposition + 华/美/日/韩... (对华政策, 驻韩美军), unless the next character makes
      another word (对华盛顿, 在日内瓦);
    * blockers swallow look-alikes first: 1月11日 (no JP), 其中, 印太 (no IN), 中美洲, 方法, 英里.
    """
    tax = taxonomy or default_taxonomy()
    rx, lookup = tax._geo
    countries: Spans = {}
    seats: Spans = {}
    regions: dict[str, int] = {}
    covered = [False] * len(norm)
    place_ends: set[int] = set()  # where a country, seat or region named so far ends
    pos = 0
    while (m := rx.search(norm, pos)) is not None:
        word = m.group()
        kind, key = lookup.get(word, ("block", ""))
        if kind == "prefixed":
            # 对华盛顿, 在日内瓦: the next character makes another word; 部署在乌山, 赴乌鲁木齐: so
            # does a blocker or a name starting at the target character, unless rjieba reads the
            # prefix and the target as one word (访日期间: 访日, not 日期)
            other_word = norm[m.end(): m.end() + 1] in tax.prefix_not_before
            if not other_word:  # (rjieba only where the cheap test leaves it open)
                inner = rx.match(norm, m.start() + 1)
                after, tag = _word_at(norm, m.start() + 1)
                if inner and lookup.get(inner.group(), ("block", ""))[0] == "block" and not after:
                    inner = None
                if inner and lookup.get(inner.group(), ("", ""))[0] == "pair":
                    inner = None  # 访美以“个人关系”…: 美以 is no other word here
                other_word = bool(inner and len(inner.group()) > 1) or _name_at(after, tag, tax)
            if other_word:
                pos = m.start() + 1
                continue
        if kind == "block" and not any(c.isdigit() for c in word):
            # 同日本首相: the blocker 同日 ("the same day") holds the first character of a country
            # name that runs past it: the country is meant
            inner = next((k for k in range(m.start() + 1, m.end())
                          if (n := rx.match(norm, k)) and n.end() > m.end()
                          and lookup.get(n.group(), ("block", ""))[0] == "country"), None)
            if inner is not None:
                pos = inner
                continue
        if kind == "pair" and (_word_across_bounds(norm, m.start(), m.end())
                               or norm[m.start() - 1: m.start()] in tax.abbreviations
                               or norm[m.end(): m.end() + 1] in tax.abbreviations):
            # 以|巴基斯坦, 沙姆沙伊赫: no pair, and the name after it is read; 中印巴南四国 (BASIC): in
            # a longer run of one-character forms 巴 may be Brazil's
            pos = m.start() + 1
            continue
        # 美方/韩军 stay available to an abbreviation run (中美方面 keeps CN)
        keep_open = kind == "country" and len(word) == 2 and word[0] in tax.abbreviations
        keep_open = keep_open or kind == "pair"  # (中印巴三国: 中 and 印 are a run too)
        if kind == "country" and keep_open and word[1] in "军方" and _ends_foreign_name(norm, m.start()):
            pos = m.start() + 1  # 穆罕默德军 (Jaish-e-Mohammed) ends a name with 德: no German army
            continue
        if not keep_open:
            for i in range(m.start(), m.end()):
                covered[i] = True
        if kind in ("country", "prefixed"):
            countries.setdefault(key, []).append((m.start() + (kind == "prefixed"), m.end()))
        elif kind == "pair":  # 印巴: India and Pakistan, a character each
            for k, code in enumerate(tax.pairs[key]):
                countries.setdefault(code, []).append((m.start() + k, m.start() + k + 1))
        elif kind == "seat" or (kind == "office" and _bare(norm, m.start(), place_ends, tax)):
            seats.setdefault(key, []).append((m.start(), m.end()))
        elif kind == "region":
            regions.setdefault(key, m.start())
        if kind != "block":
            place_ends.add(m.end())
        pos = m.end()
    for m in tax._abbrev_run.finditer(norm):
        segment: list[str] = []
        for i in range(m.start(), m.end() + 1):
            if i < m.end() and not covered[i]:
                segment.append(tax.abbreviations[norm[i]])
                continue
            if len(set(segment)) >= 2 and not _in_foreign_name(norm, i - len(segment), i):
                for k, code in enumerate(segment):
                    at = i - len(segment) + k
                    countries.setdefault(code, []).append((at, at + 1))
            segment = []
    return countries, regions, seats


# What follows a country's name when the name only says whose a publication or an institution is
# (英国《卫报》, 美国大西洋理事会(…), 日本共同社): the country is the source's, not a subject.
_OWNER = re.compile(r"《|[^\W\d_]{0,12}?(?:研究所|研究院|研究中心|研究会|学会|理事会|基金会|大学|智库|学院|"
                    r"通讯社|通信社|电视台|广播公司|广播电台|新闻社|日报|时报|邮报|周刊|杂志|网站)")
# ... and when the country acts: its government, an office or its side (美国政府, 日本首相, 俄方面)
_ACTOR = re.compile(r"(?:政府|当局|官方|方面|外交部|外务省|国务院|国防部|防卫省|国防军|军方|军队|部队|海军|"
                    r"空军|陆军|议会|国会|央行|领导人|代表团|总统|总理|首相|外长|外相|防长|国王|总统府|内阁|执政党)")
_LIST_MARK = "、"


@dataclass(frozen=True)
class CountryModel:
    """Whether an entry is about a country it names: a logistic score over `country_features`,
    fitted on the gold digests' `countries` by `benchmarks/country_fit.py`."""

    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.0

    def logit(self, features: Mapping[str, float]) -> float:
        return self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())

    def keeps(self, features: Mapping[str, float]) -> bool:
        return self.logit(features) > self.threshold

    @classmethod
    def every_named(cls) -> CountryModel:
        """Every country the text names is a tag (one only its seat of government or its person stands for is not)."""
        return cls({"seat-only": -2.0, "person-only": -2.0}, 1.0)


_COUNTRY_MODEL_FILE = DATA_DIR / "country_model.json"


@functools.lru_cache(maxsize=1)
def default_country_model() -> CountryModel:
    """The shipped weights (`CountryModel.every_named` where there are none)."""
    if not _COUNTRY_MODEL_FILE.exists():
        return CountryModel.every_named()
    data = json.loads(_COUNTRY_MODEL_FILE.read_text(encoding="utf-8"))
    return CountryModel(data["weights"], data["bias"], data.get("threshold", 0.0))


def country_features(norm: str, spans: Mapping[str, Sequence[tuple[int, int]]], lead: int, first_par: int,
                     people: Iterable[str] = (),
                     seats: Mapping[str, Sequence[tuple[int, int]]] | None = None,
                     offices: Iterable[str] = ()) -> dict[str, dict[str, float]]:
    """Evidence that an entry is about each country it names (`spans`) or names only by its seat
    of government (`seats`: 白宫, 莫斯科) or only by one of its offices named bare (the seats that
    start with one of `offices`: 外交部发言人, 国家主席): where the country is first named (the
    first sentence, the first paragraph, how far in), how often, whether it acts (its government, an office, its
    side), whether it only owns a source (英国《卫报》) or sits in a list (、), how many countries
    the entry names, whether a person of that country is named (`people`: their countries; a
    country only its person stands for is a candidate too), whether only its seat is, whether
    the entry summarises an article. Pure; weighed by `CountryModel`."""
    summary = bool(ARTICLE_INTRO.search(norm[:lead]))
    seats = seats or {}
    named = {code: sorted([*spans.get(code, ()), *seats.get(code, ())]) for code in [*spans, *seats]}
    crowd = math.log2(len(spans)) if spans else 0.0
    people = set(people)
    offices = tuple(offices)
    out: dict[str, dict[str, float]] = {}
    for code, found in named.items():
        start = found[0][0]
        n = len(found)
        owner = sum(1 for _, end in found if _OWNER.match(norm, end)) / n
        listed = sum(1 for a, b in found if norm[a - 1:a] == _LIST_MARK or norm[b:b + 1] == _LIST_MARK) / n
        acts = any(_ACTOR.match(norm, end) for _, end in found)
        f = {
            "lead": float(start < lead),
            "first-paragraph": float(lead <= start < first_par),
            "mentions": math.log2(n),
            "position": start / max(len(norm), 1),
            "crowd": crowd,
            "owner": owner,
            "listed": listed,
            "acts": float(acts),
            "person": float(code in people),
            "summary": float(summary),
            "summary-lead": float(summary and start < lead),
            "china": float(code == "CN"),
            "seat-only": float(code not in spans),
            "office-only": float(code not in spans and all(any(norm.startswith(o, a) for o in offices) for a, _ in found)),
        }
        out[code] = {k: v for k, v in f.items() if v}
    # a country the entry never names whose person acts in it (查韦斯 of 委内瑞拉总统查韦斯, named
    # so in another entry)
    for code in sorted(people - set(named)):
        out[code] = {k: v for k, v in {"person": 1.0, "person-only": 1.0, "crowd": crowd, "summary": float(summary)}.items() if v}
    return out


def _bare(norm: str, start: int, place_ends: set[int], tax: Taxonomy) -> bool:
    """Whether an office (`Taxonomy.offices`) stands without a country or place right before it
    (`place_ends`), so that it is the digest's own country's: 外交部发言人汪文斌, 十四届全国人大常委会,
    not 美国国务院, 越南国家主席, 该国外交部, 韩外交部."""
    before = norm[start - 1:start]
    return not (before and (start in place_ends or before in "国方府省州" or before in tax.abbreviations))


def _tagged_word(norm: str, pos: int, before: int, after: int) -> tuple[int, str, str]:
    """(where it starts, the word, its part-of-speech tag) that rjieba reads over character `pos`,
    cutting the window of `before` characters before it and `after` from it; (pos, "", "") past
    the text's end."""
    import rjieba

    at = max(0, pos - before)
    for word, tag in rjieba.tag(norm[at:pos + after]):
        if at <= pos < at + len(word):
            return at, word, tag
        at += len(word)
    return pos, "", ""


def _word_from(norm: str, at: int) -> bool:
    """Whether rjieba reads a word of two characters or more starting at `at`, the two characters
    before it as context: a name's would-be third character taken by the word after it, 朱民|出任
    (not 朱民出), 李强|调研; but 姜伟|新|出席 (a third character on its own stays the name's)."""
    start, word, _ = _tagged_word(norm, at, 2, 6)
    return start == at and len(word) >= 2


def _word_at(norm: str, at: int) -> tuple[str, str]:
    """The word and part-of-speech tag rjieba reads starting at `at`, with the character before it
    as context ("" where a word runs across `at`: 访日期间 reads 访日)."""
    start, word, tag = _tagged_word(norm, at, 1, 7)
    return (word, tag) if start == at else ("", "")


def _name_at(word: str, tag: str, tax: Taxonomy) -> bool:
    """Whether the word rjieba reads after 赴/在/对 (`_word_at`) is a place or a person's name
    of three characters or more (乌鲁木齐, 俄亥俄州, 菲德尔): its first character is then not a
    country's. Not two characters, which are as often a pair of countries (在美墨边境, 在美沙投资论坛),
    nor a run of abbreviations that rjieba tags as a Chinese person's name (驻韩美军: 韩美军)."""
    return (len(word) > 2 and word not in tax.country_forms
            and (tag in ("ns", "nrt") or (tag == "nr" and word[1] not in tax.abbreviations)))


_FOREIGN_NAME_TAGS = frozenset({"nr", "nrt", "nz"})  # rjieba's tags of transliterated names and proper nouns


def _ends_foreign_name(norm: str, at: int) -> bool:
    """Whether the character at `at` ends a word rjieba tags as a transliterated name that
    starts before it (穆罕默德|军: the 德 of Mohammed, not Germany's)."""
    start, word, tag = _tagged_word(norm, at, 4, 1)
    return tag == "nrt" and start < at and start + len(word) == at + 1


def _word_across_bounds(norm: str, start: int, end: int) -> bool:
    """Whether rjieba reads a word that runs across either end of norm[start:end]: 以|巴基斯坦,
    沙姆沙伊赫 (Sharm el-Sheikh), 所以|巴黎 hold no 以巴 or 沙伊; 巴|以|冲突 and 印巴|双方 do."""
    first_at, _, _ = _tagged_word(norm, start, 6, end - start + 6)
    last_at, last, _ = _tagged_word(norm, end - 1, end - start + 5, 6)
    return first_at < start or last_at + len(last) > end


def _in_foreign_name(norm: str, start: int, end: int) -> bool:
    """Whether a run of one-character abbreviations is part of a name: next to a transliterated
    name's middle dot (国防部长达乌德·拉杰哈 holds 乌德, no Ukraine or Germany), inside a word
    rjieba tags as a foreign name (《后菲德尔时代》 holds 菲德), or opening a place name of another
    kind, known by its Chinese ending (`_PLACE_ZH`: 日德兰半岛, Jutland). (Not any name rjieba
    tags: it takes 过去72小时内美朝双方 for a person 内美朝.)"""
    if norm[end:end + 1] == "·" or norm[start - 1:start] == "·":
        return True
    at, word, tag = _tagged_word(norm, start, 4, end - start + 4)
    if len(word) > end - start and (tag == "nrt" or (tag == "ns" and _PLACE_ZH.search(word) is not None)):
        return True
    # cut across two names rjieba reads: 纳乌|德罗 (Naudero, Bhutto's home town) holds 乌德,
    # 萨伊德|乌兹 (Saiduzzaman) holds 德乌; not 驻德|美军, a place word and an abbreviation
    last_at, last, last_tag = _tagged_word(norm, end - 1, end - start + 3, 5)
    return (at < start and last_at + len(last) > end
            and tag in _FOREIGN_NAME_TAGS and last_tag in _FOREIGN_NAME_TAGS)


def find_topics(entry_norm: str, first: str, taxonomy: Taxonomy | None = None) -> dict[str, float]:
    """Topic key -> score: a mention in the first sentence scores 2, a strong word 1.5, others 1."""
    tax = taxonomy or default_taxonomy()
    rx, lookup = tax._topic_scan
    scores: dict[str, float] = defaultdict(float)
    for m in rx.finditer(entry_norm):
        for key, strong in lookup[m.group()]:
            scores[key] += 2 if m.start() < len(first) else 1.5 if strong else 1
    return dict(scores)


# Substantive discussion, not a passing mention: two mentions, or a strong word plus any other
# mention, or one mention in the first sentence (the entry's title).  Line 3 of the sample lists
# 气候变化和能源安全 once in passing: no climate or energy topic.
TOPIC_THRESHOLD = 2


def _name_hits(entry: RawEntry, glossary: Glossary) -> tuple[list[tuple[int, int, GlossaryItem]], str]:
    """The glossary names an entry mentions (start, end, item), in order, and its text with the
    people's names blanked out (a person's name is not a place: 吉里什·林加纳 holds 加纳, Ghana)."""
    norm = entry.norm
    hits = glossary.find(norm, entry.source)
    hits += [h for h in glossary.find_surnames(norm, entry.source)
             if not any(a <= h[0] < b for a, b, _ in hits)]
    masked = list(norm)
    for start, end, item in hits:
        if item.kind == "person":
            masked[start:end] = "\u3000" * (end - start)
    # (an office alone names its holder, and its country is still a place: 法国总统)
    hits += [h for h in glossary.find_offices(norm, entry.source)
             if not any(a < h[1] and h[0] < b for a, b, item in hits if item.kind == "person")]
    hits.sort(key=lambda h: h[0])
    return hits, "".join(masked)


def country_candidates(entry: RawEntry, glossary: Glossary) -> tuple[dict[str, dict[str, float]], list[str]]:
    """({country code: `country_features`} for every country the entry's text names, the
    entry's region keys)."""
    return _country_candidates(entry, *_name_hits(entry, glossary), glossary.taxonomy)


def _country_candidates(entry: RawEntry, hits: list[tuple[int, int, GlossaryItem]], masked: str,
                        tax: Taxonomy) -> tuple[dict[str, dict[str, float]], list[str]]:
    spans, regions, seats = country_spans(masked, tax)
    lead = len(first_sentence(entry.norm))
    first_par = len(entry.paragraphs[0].norm)
    people = [item.country for _, _, item in hits if item.kind == "person" and item.country]
    return country_features(masked, spans, lead, first_par, people, seats, tax.offices), list(regions)


def tag_entry(entry: RawEntry, glossary: Glossary,
              country_model: CountryModel | None = None) -> tuple[tuple[Tag, ...], tuple[Name, ...]]:
    """Tags of every family and the glossary names an entry mentions.

    A country the text names is a tag where `country_model` (default: the shipped weights)
    finds the entry is about it."""
    tax = glossary.taxonomy
    norm = entry.norm
    tags: dict[tuple[str, str], Tag] = {}
    names: dict[tuple[str, str], Name] = {}  # keyed by (kind, key): hashing a Name hashes all its aliases
    model = country_model or default_country_model()

    hits, masked = _name_hits(entry, glossary)
    candidates, region_keys = _country_candidates(entry, hits, masked, tax)
    codes = [code for code, f in candidates.items() if model.keeps(f)]
    for code in codes:
        zh, en = tax.countries.get(code, (code, code))
        tags.setdefault(("country", code), Tag("country", code, zh, en))
    for key in region_keys:
        region = tax.region_by_key[key]
        tags.setdefault(("region", key), Tag("region", key, region.zh, region.en))

    lead = len(first_sentence(norm))
    for start, _, item in hits:
        # "other" names too (places, things: 开城(Kaesong), 实际控制线(LAC)): they make an entry
        # that says 开城 findable by Kaesong; the entry page lists only the other kinds
        if (item.kind, item.key) not in names:
            names[(item.kind, item.key)] = item.name
        # the country of a person who acts in the entry's first sentence
        if item.country and start < lead and ("country", item.country) not in tags and item.country in tax.countries:
            zh, en = tax.countries[item.country]
            tags[("country", item.country)] = Tag("country", item.country, zh, en)
        tag = item.tag
        if tag is not None:
            tags.setdefault((tag.family, tag.key), tag)

    first = first_sentence(entry.paragraphs[0].norm)
    for bloc in tax.blocs:  # "七国集团(G7)外长会议…": the members are the entry's countries too
        if _bloc_meets(first, bloc):
            for code in bloc.members:
                if code in tax.countries:
                    zh, en = tax.countries[code]
                    tags.setdefault(("country", code), Tag("country", code, zh, en))
    for key, score in find_topics(norm, first, tax).items():
        if score >= TOPIC_THRESHOLD:
            topic = tax.topic_by_key[key]
            tags.setdefault(("topic", key), Tag("topic", key, topic.zh, topic.en))

    order = list(FAMILIES)
    ordered = sorted(tags.values(), key=lambda t: order.index(t.family))  # stable: first mention
    return tuple(ordered), tuple(names.values())


_BLOC_REACH = 16  # characters after a bloc's name where its meeting or statement is named


def _bloc_meets(sentence: str, bloc: Bloc) -> bool:
    """Whether a sentence reports a bloc's meeting or statement: its name, then within a few
    characters an event word ("七国集团(G7)外长会议", "八国集团(G8)第三十九次峰会"); not the name
    in passing ("G20峰会首次在非七国集团成员的亚洲国家召开")."""
    for form in bloc.forms:
        at = sentence.find(form)
        while at >= 0:
            after = sentence[at + len(form): at + len(form) + _BLOC_REACH]
            if sentence[at - 1:at] != "非" and any(w in after for w in bloc.events):
                return True
            at = sentence.find(form, at + 1)
    return False


def tag_by_label(label: str, glossary: Glossary) -> Tag | None:
    """The tag an editor names: "议题/中美关系", "Topics/US–China relations" or "topic/us-china"
    (family label or name, then the tag's Chinese label, English label or key)."""
    family_part, _, name = label.partition("/")
    family = next((f for f, (zh, en) in FAMILIES.items() if family_part in (zh, en, f)), None)
    if family is None or not name:
        return None
    tax = glossary.taxonomy
    candidates: list[Tag] = []
    if family == "country":
        candidates = [Tag("country", code, zh, en) for code, (zh, en) in tax.countries.items()]
    elif family == "region":
        candidates = [Tag("region", r.key, r.zh, r.en) for r in tax.regions]
    elif family == "topic":
        candidates = [Tag("topic", t.key, t.zh, t.en) for t in tax.topics]
    candidates += [t for item in glossary.items if (t := item.tag) is not None and t.family == family]
    return next((t for t in candidates if name in (t.zh, t.en, t.key)), None)


# ---------------------------------------------------------------------------
# Export for the glossary page


def glossary_data(glossary: Glossary, entries_by_id: Mapping[str, Any] | None = None,
                  kinds: Iterable[str] = KINDS) -> list[dict[str, Any]]:
    """Plain data for the glossary page: [{kind, key, zh, en, aliases, en_aliases[, entries]}].

    Built-in names no digest mentions are left out when `entries_by_id` is given (id -> an
    object with `.names`, e.g. model.Entry); otherwise every name is listed.
    """
    wanted = set(kinds)
    mentions: dict[tuple[str, str], list[str]] = defaultdict(list)
    if entries_by_id is not None:
        for entry_id, entry in entries_by_id.items():
            for name in getattr(entry, "names", ()):
                mentions[(name.kind, name.en)].append(entry_id)
    rows = []
    for item in glossary.items:
        if item.kind not in wanted:
            continue
        row: dict[str, Any] = {"kind": item.kind, "key": item.key, "zh": item.zh, "en": item.en,
                               "aliases": list(item.aliases), "en_aliases": list(item.en_aliases)}
        if entries_by_id is not None:
            ids = sorted(set(mentions.get((item.kind, item.en), [])))
            if not ids and item.count == 0:
                continue
            row["entries"] = ids
        rows.append(row)
    rows.sort(key=lambda r: (KINDS.index(r["kind"]), r["en"].casefold()))
    return rows
