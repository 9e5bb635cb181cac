"""Search index: an inverted index of the entries, written as static files that
site_overrides/assets/javascripts/briefing-search.js reads in the browser.

Pipeline position: last. `index_site` takes the entries (not the rendered pages: nothing of
the theme's chrome is indexed) and writes SITE/search-index/.

Why an index of our own
-----------------------
Pagefind (used up to version 0.2) loads its script, its WebAssembly and every shard's metadata
before the first result (216 KB at 10,000 entries), then an index chunk of 40-100 KB per term,
so a first query of a few words fetched 460-1,170 KB and a later one took ~130 ms, 80 % of it
in the WebAssembly; and indexing took 1.2 GB and 30 s. The queries this archive gets are
already cut into parts and forms by the script (query understanding needs positions, exact
phrases and its own ranking anyway), so the index only has to answer "where does this term
stand", which a sorted, chunked posting file answers with a few kilobytes a term.

Terms (`index_tokens`, mirrored by the script's `formTerms` for what it searches)
------------------------------------------------------------------------------------
* Every run of Chinese characters becomes overlapping two-character terms plus its last
  character alone (布林肯称 -> 布林 林肯 肯称 称). A single joiner between two Chinese characters
  keeps the run going and is left out of its terms (杰克·沙利文 -> 杰克 克沙 沙利 利文 文, the terms
  of 杰克沙利文: a reader types the name with or without its dot). A text
  is found as a phrase: its terms at consecutive positions (without the closing character:
  布林肯 is 布林 林肯, which 布林肯称 holds), which for overlapping pairs is exactly the substring;
  the closing character keeps two runs from chaining (布林,林肯 is 布林 林 林肯 肯).
* Other text is cut into words (search_vocab.latin_words: case, diacritics and apostrophes
  folded; hyphens and punctuation separate words; `+` stays: 2+2).
* Every Chinese character an entry holds is also a term `*X` with its count and no positions:
  a one-character query (美) is a set look-up, exact and small.
* Positions run through the entry's texts in order, one more between two paragraphs or two
  name forms (no phrase spans them); each position carries its field in its low two bits:
  the text (weight 1), the first paragraph (2: an entry about the query says so at its start),
  names and tags (4: both languages, every alias, and the English spellings a reader may
  type: search_vocab.latin_variants), the title (8).

Files (gzip-compressed, and decompressed by the script; a server may send them with
`Content-Encoding: gzip` instead, and the browser decompresses them)
* `meta.json.gz`: the number of entries, how many are undated, each year's span of entries,
  each entry's length (log-scaled, one byte, base64), the chunk directory (where each chunk
  starts: the shortest start of its first term that sorts after the previous chunk's last,
  terms sorted in UTF-16 order as the script compares strings) and the
  vocabulary's one-character forms (俄 -> Russia).
* `c/K.json.gz`: chunk K, {"t": {term: postings}, "v": {key: vocabulary}}; postings are
  flat lists of integers, per entry [entry delta, n, n position deltas] (position = 4 *
  position + field), or [entry delta, count] for a `*X` term. A chunk closes at CHUNK_CHARS
  characters of JSON (postings and vocabulary together), so a term costs its own postings plus
  at most that much of its neighbours'. "v" holds the query vocabulary's keys whose head
  (search_vocab.head: first two characters, or first word) sorts in the chunk: the chunk a
  query's pair or word is looked up in holds the keys that start with it.
* `filters.bin.gz`: the entries of each value ("KEY|中文|English") of the six tag families
  (`filter_file`: a JSON header, then Rice-coded gaps); years come from meta (entries are
  numbered in date order).
* `f/N.json.gz`: entry N's fragment (id, date, titles, text, name forms, tags, the numbers of
  its related entries), fetched for the results shown.
Entries are numbered in date order (undated first, then oldest to newest; ties by id), so a
date sort is a sort by number and a year is a span of numbers.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import math
import re
import shutil
import tempfile
import time
import unicodedata
from array import array
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import repeat
from pathlib import Path

from .errors import BuildError
from .model import FAMILIES, Entry
from .pages import replace_dir
from .search_vocab import build_vocabulary, head, latin_key, latin_variants, latin_words, vocab_values

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- tokeniser
# Mirrored character for character in briefing-search.js (tests/test_search.py compares them).
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f"
# One of these between two Chinese characters joins them: 劳埃德·奥斯汀, 安东尼娅-赫迈迪.
JOINERS = "·・‧•‐-–"
_RUN = re.compile(f"[{CJK}](?:[{re.escape(JOINERS)}]?[{CJK}])*")
_IS_CJK = re.compile(f"[{CJK}]")
_JOINER = re.compile(f"[{re.escape(JOINERS)}]")
# Full-width letters and digits (ＳＰＤ, ２０２３) and CJK compatibility ideographs: NFKC, on both
# sides. Full-width punctuation is kept, so that excerpts show the source's own ，。.
_WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uf900-\ufaff]")

# Fields, in the low two bits of a position, and their weights (the script's WEIGHTS).
TEXT, HEAD, NAMES, TITLE = 0, 1, 2, 3
WEIGHTS = (1, 2, 4, 8)
FILTER_FAMILIES = tuple(FAMILIES)  # country, region, person, org, topic, publication
UNDATED_SORT = "0000"
MAX_ALIASES = 20  # per name: a runaway glossary must not multiply every entry's names
INDEX_DIR = "search-index"  # in SITE/
CHUNK_CHARS = 12_000  # of JSON text per posting chunk (about 5 KB compressed; benchmarks/search_bench.py)
FILTER_MAGIC = b"BSF2"  # filters.bin.gz starts so (never as gzip's 1f 8b, which the script looks for)
FORMAT = 1


def normalize(text: str) -> str:
    return _WIDE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _run_terms(run: str, query: bool) -> list[str]:
    """Terms of one run of Chinese characters; a single joiner inside it is left out
    (杰克·沙利文 is 杰克 克沙 沙利 利文 文, as 杰克沙利文 is: a reader types either)."""
    chars = _JOINER.sub("", run) if _JOINER.search(run) else run
    if len(chars) == 1:
        return [chars]
    terms = [chars[i:i + 2] for i in range(len(chars) - 1)]
    return terms if query else [*terms, chars[-1]]


def index_tokens(text: str) -> list[str]:
    """The terms of a text, in order, as the index holds them.

    >>> index_tokens("美国国务卿布林肯(Antony J. Blinken)称")
    ['美国', '国国', '国务', '务卿', '卿布', '布林', '林肯', '肯', 'antony', 'j', 'blinken', '称']
    >>> index_tokens("杰克·沙利文")
    ['杰克', '克沙', '沙利', '利文', '文']
    """
    text = normalize(text)
    out: list[str] = []
    pos = 0
    for m in _RUN.finditer(text):
        if m.start() > pos:
            out.extend(latin_words(text[pos:m.start()]))
        out.extend(_run_terms(m.group(), False))
        pos = m.end()
    if pos < len(text):
        out.extend(latin_words(text[pos:]))
    return out


def form_terms(text: str) -> list[str]:
    """The terms the script searches for a text at consecutive positions (its formTerms):
    the text's own terms, without the closing character of a last run of two characters or
    more, and English stretches canonical (search_vocab.latin_key: a middle initial dropped).

    >>> form_terms("布林肯")
    ['布林', '林肯']
    >>> form_terms("Antony J. Blinken")
    ['antony', 'blinken']
    """
    text = normalize(text)
    out: list[str] = []
    pos = 0
    closing = False
    for m in _RUN.finditer(text):
        if m.start() > pos:
            out.extend(latin_key(text[pos:m.start()]).split())
        terms = _run_terms(m.group(), False)
        out.extend(terms)
        closing = len(terms) > 1
        pos = m.end()
    if pos < len(text) and latin_key(text[pos:]):
        out.extend(latin_key(text[pos:]).split())
        closing = False
    return out[:-1] if closing else out


# --------------------------------------------------------------------------- entries
def _label(text: str) -> str:
    return text.replace("|", "/").strip()


def name_groups(entry: Entry) -> list[list[str]]:
    """Every tag and name of an entry with all its forms, Chinese and English, once each, and
    the other spellings of its English forms that a reader may type (search_vocab.latin_variants:
    Yoon Suk-yeol, Yoon Suk yeol, Yoon Sukyeol; Antony J. Blinken, Antony Blinken)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for t in entry.tags:
        groups.setdefault((t.zh, t.en), [t.zh, t.en])
    for n in entry.names:
        forms = groups.setdefault((n.zh, n.en), [n.zh, n.en])
        forms.extend(a for a in n.aliases[:MAX_ALIASES] if a not in forms)
    out = []
    for forms in groups.values():
        forms = [f for f in forms if f]
        for f in list(forms):
            if not _IS_CJK.search(f):
                forms.extend(v for v in latin_variants(f) if v not in forms)
        out.append(forms)
    return out


def searchable_texts(entry: Entry) -> list[str]:
    """Every text of an entry that the index holds: paragraphs, titles, every form of its names."""
    forms = [f for group in name_groups(entry) for f in group]
    return [*(p.text for p in entry.raw.paragraphs), entry.title, entry.title_en or "", *forms]


def filter_values(entry: Entry) -> list[tuple[str, str]]:
    """(family, value) pairs, KEY|中文|English, of an entry's tags."""
    return [(t.family, f"{t.key}|{_label(t.zh)}|{_label(t.en)}") for t in entry.tags if t.family in FAMILIES]


def sort_value(entry: Entry) -> str:
    """The entry's place in date order: ISO date or month, UNDATED_SORT without a date."""
    return entry.date.iso() or UNDATED_SORT


def _order(entry: Entry) -> tuple[str, str]:
    return sort_value(entry), entry.id


def fields(entry: Entry, groups: list[list[str]]) -> list[tuple[int, list[str]]]:
    """An entry's indexed texts by field, in position order (`groups`: its name_groups)."""
    paras = [p.text for p in entry.raw.paragraphs]
    return [(HEAD, paras[:1]), (TEXT, paras[1:]), (TITLE, [entry.title, entry.title_en or ""]),
            (NAMES, [f for group in groups for f in group])]


def fragment(entry: Entry, groups: list[list[str]], related: Sequence[int] = ()) -> dict:
    """What the script shows of a result: id, date, titles, text, name forms (`groups`, its
    name_groups: to highlight every form of a name the query names), tags (KEY|中文|English
    per family), and the numbers of its related entries (the entry page's, site.link_entries:
    the script lists them after a query's few matches)."""
    out = {"id": entry.id, "date": entry.date.iso() or None, "title": entry.title, "title_en": entry.title_en,
           "text": [p.text for p in entry.raw.paragraphs], "names": groups,
           "tags": [[f, v] for f, v in filter_values(entry)]}
    if related:
        out["related"] = list(related)
    return out


# --------------------------------------------------------------------------- the index
_CACHED_TEXT = 40  # characters: a text this short (a name's form, a title) is coded once


class _Postings:
    """Terms -> flat posting lists, entry by entry (entries come in number order).

    A term's list holds, for each entry that has it: the entry's number less the previous
    such entry's, how many positions, the first (position * 4 + field), then the gaps between
    them. A character's list ("*" + character) holds, for each entry: the delta and the count.
    The entries' terms are gathered as integer arrays and the lists computed at once with numpy
    (`texts`): a loop of Python per term and entry cost most of the index's time."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}  # term -> its number
        self._char_ids: dict[str, int] = {}  # character -> its number
        self._terms = array("i")  # per occurrence: the term's number,
        self._entries = array("i")  # the entry's,
        self._places = array("i")  # and position * 4 + field
        self._chars = array("i")  # per character occurrence: its number,
        self._char_entries = array("i")  # and the entry's
        self.lengths: list[int] = []
        self._cache: dict[str, tuple[list[int], list[int]]] = {}

    @staticmethod
    def _numbers(ids: dict[str, int], words: list[str]) -> list[int]:
        numbers = list(map(ids.get, words))
        if None in numbers:
            numbers = [ids.setdefault(w, len(ids)) for w in words]
        return numbers  # type: ignore[return-value]

    def _coded(self, text: str) -> tuple[list[int], list[int]]:
        """A text's term numbers and character numbers (a name's forms recur in many entries:
        short texts are coded once)."""
        coded = self._cache.get(text)
        if coded is None:
            coded = (self._numbers(self._ids, index_tokens(text)),
                     self._numbers(self._char_ids, _IS_CJK.findall(normalize(text))))  # 﨑 and 崎 are one character
            if len(text) <= _CACHED_TEXT:
                self._cache[text] = coded
        return coded

    def add(self, number: int, texts_by_field: list[tuple[int, list[str]]]) -> None:
        pos = 0
        for field, texts in texts_by_field:
            for text in texts:
                if not text:
                    continue
                terms, chars = self._coded(text)
                self._terms.extend(terms)
                self._places.extend(range(pos * 4 + field, (pos + len(terms)) * 4 + field, 4))
                self._entries.extend(repeat(number, len(terms)))
                pos += len(terms) + 1  # no phrase spans two paragraphs or two forms
                self._chars.extend(chars)
                self._char_entries.extend(repeat(number, len(chars)))
        self.lengths.append(pos)

    def texts(self) -> dict[str, str]:
        """Each term's list as JSON numbers ("3,2,17,4"), by term ("*" + character for a character)."""
        import numpy as np

        out: dict[str, str] = {}
        for ids, keys, entries, places in (
                (self._ids, self._terms, self._entries, self._places),
                (self._char_ids, self._chars, self._char_entries, None)):
            if not len(keys):
                continue
            names = list(ids)  # (numbered in the order they were first met)
            if places is None:
                names = ["*" + ch for ch in names]
            key = np.frombuffer(keys, dtype=np.int32)
            order = np.argsort(key, kind="stable")  # entries and positions stay in order within a term
            key = key[order]
            entry = np.frombuffer(entries, dtype=np.int32)[order]
            n = len(key)
            term_start = np.ones(n, dtype=bool)
            term_start[1:] = key[1:] != key[:-1]
            group_start = term_start.copy()  # a term's occurrences in one entry
            group_start[1:] |= entry[1:] != entry[:-1]
            starts = np.flatnonzero(group_start)
            counts = np.diff(starts, append=n).astype(np.int32)
            delta = entry[starts]
            first_of_term = term_start[starts]
            delta[1:] -= np.where(first_of_term[1:], 0, delta[:-1])
            del entry
            if places is None:  # [delta, count] per entry
                flat = np.empty(2 * len(starts), dtype=np.int32)
                flat[0::2], flat[1::2] = delta, counts
                bounds = 2 * np.flatnonzero(first_of_term)
            else:  # [delta, count, first, gaps…] per entry
                place = np.frombuffer(places, dtype=np.int32)[order]
                flat = np.empty(n + 2 * len(starts), dtype=np.int32)
                width = np.where(group_start, 3, 1)
                at = np.cumsum(width, dtype=np.int64) - width  # where each occurrence's numbers go
                flat[at[1:]] = place[1:] - place[:-1]  # a gap, or (at a group's start) overwritten below
                at = at[starts]
                flat[at], flat[at + 1], flat[at + 2] = delta, counts, place[starts]
                bounds = at[first_of_term]
                del place, at, width
            del order, group_start, starts, counts, delta
            self._spell(flat, bounds, [names[t] for t in key[term_start].tolist()], out)
        return out

    @staticmethod
    def _spell(flat, bounds, terms: list[str], out: dict[str, str]) -> None:
        """Each term's numbers as text, a block of about _SPELL_BLOCK numbers at a time: one
        str() of the block, cut where each term starts (all numbers are 0 or more, so each one's
        length is its count of digits)."""
        import numpy as np

        digits = np.ones(len(flat), dtype=np.int8)
        for power in range(1, 10):
            big = flat >= 10 ** power
            if not big.any():
                break
            digits += big
        firsts = bounds.tolist()
        ends = [*firsts[1:], len(flat)]
        t = 0
        while t < len(terms):
            a = firsts[t]
            last = max(t + 1, int(np.searchsorted(bounds, a + _SPELL_BLOCK, side="right")))
            b = ends[last - 1]
            text = str(flat[a:b].tolist())[1:-1].replace(", ", ",")
            width = digits[a:b].astype(np.int64) + 1
            where = (np.cumsum(width) - width).tolist()  # where each number starts in the text
            where.append(len(text) + 1)
            for k in range(t, last):
                out[terms[k]] = text[where[firsts[k] - a]:where[ends[k] - a] - 1]
            t = last


_SPELL_BLOCK = 1 << 20  # numbers turned into text at once (bounds the memory of the conversion)


_JSON_PLAIN = re.compile(r'[^"\\\x00-\x1f\u2028\u2029]*')


def _json_string(text: str) -> str:
    """json.dumps(text, ensure_ascii=False), without its cost for the index's many plain terms."""
    return f'"{text}"' if _JSON_PLAIN.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be")  # the order of JavaScript's string comparison


def _separator(before: str, term: str) -> str:
    """The shortest start of `term` that sorts after `before` (which sorts before `term`): a
    chunk's entry in the directory, shorter than its first term (美军 after 美元 is 美军; 美国
    after 羊 is 美)."""
    key = _utf16(before)
    for n in range(1, len(term)):
        if _utf16(term[:n]) > key:
            return term[:n]
    return term


def _write(path: Path, data, thorough: bool = False) -> int:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    packed = _pack_thoroughly(raw) if thorough else gzip.compress(raw, compresslevel=6, mtime=0)
    path.write_bytes(packed)
    return len(packed)


def _pack_thoroughly(raw: bytes) -> bytes:
    """gzip as small as it gets (Zopfli: 5-6 % below gzip -9, the same format, ~50 times
    slower): for the files every first query loads, the meta file and the filter file (9 KB
    less at 10,000 entries, 0.8 s)."""
    import zopfli.gzip

    return zopfli.gzip.compress(raw, numiterations=15)


def _length_byte(n: int) -> int:
    return min(255, round(16 * math.log2(n + 1)))


def rice_parameter(listed: int, entries: int) -> int:
    """The Rice parameter of a list of `listed` of `entries` entries: the largest k with
    2**k <= ln 2 * entries / listed (gaps then cost about k + 2 bits; integer arithmetic, so
    that the script computes the same k)."""
    k = 0
    while listed and listed * 1000 << (k + 1) <= entries * 693:
        k += 1
    return k


class _Bits:
    """Bits written most significant first."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.used = 0

    def write(self, value: int, width: int) -> None:
        self.acc = self.acc << width | value
        self.used += width
        while self.used >= 8:
            self.used -= 8
            self.out.append(self.acc >> self.used & 0xFF)
        self.acc &= (1 << self.used) - 1

    def bytes(self) -> bytes:
        return bytes(self.out) + (bytes([self.acc << (8 - self.used) & 0xFF]) if self.used else b"")


def _listed(numbers: Sequence[int], entries: int) -> list[int]:
    """What a value's list stores: its entries, or the others where it holds more than half."""
    if 2 * len(numbers) <= entries:
        return list(numbers)
    held = set(numbers)
    return [n for n in range(entries) if n not in held]


_MARKS = re.compile("[\u0300-\u036f]")
_NOT_SLUG = re.compile("[^a-z0-9]+")


def label_key(en: str) -> str:
    """The key a filter value's English label implies, as the script derives it: 'Abdullah
    Gül' -> 'abdullah-gul' (the glossary's keys are mostly so: entities.slugify, which drops
    every combining mark; this drops U+0300-036F only, as the script's labelKey can, character for
    character). A value whose key is its label's goes into the filter file without it
    ("|居尔|Abdullah Gül")."""
    text = unicodedata.normalize("NFKD", en.replace("ł", "l").replace("Ł", "L"))
    text = _MARKS.sub("", text).replace(".", "").replace("'", "").replace("\u2019", "").lower()
    return _NOT_SLUG.sub("-", text).strip("-")


def _short_value(value: str) -> str:
    key, _, labels = value.partition("|")
    return "|" + labels if key and key == label_key(labels.rpartition("|")[2]) else value


def _full_value(value: str) -> str:
    return label_key(value.rpartition("|")[2]) + value if value.startswith("|") else value


def filter_file(filters: Mapping[str, Mapping[str, Sequence[int]]], entries: int) -> bytes:
    """filters.bin.gz before compression: `BSF2`, a 4-byte little-endian length, a JSON header
    {"entries": N, "values": {family: [[value, count], ...]}} (a value without its key where
    label_key gives it), then one bit stream of every value's list in header order: its sorted
    entry numbers, once each (the others', where it holds more than half), as Rice-coded gaps (the first from -1; gap - 1 in unary quotient and k-bit
    remainder, k = rice_parameter). About 1 % above the entropy of the lists; gaps in LEB128
    and bitmaps of the dense lists (the first format) took 9 % more, gzip or not."""
    header: dict[str, list] = {}
    bits = _Bits()
    for family, values in filters.items():
        rows = header.setdefault(family, [])
        for value, given in sorted(values.items()):
            numbers = sorted(set(given))
            rows.append([_short_value(value), len(numbers)])
            listed = _listed(numbers, entries)
            k = rice_parameter(len(listed), entries)
            previous = -1
            for n in listed:
                gap = n - previous - 1
                previous = n
                quotient = gap >> k
                bits.write((1 << (quotient + 1)) - 2, quotient + 1)  # quotient ones, then a zero
                if k:
                    bits.write(gap & ((1 << k) - 1), k)
    head = json.dumps({"entries": entries, "values": header}, ensure_ascii=False, separators=(",", ":")).encode()
    return FILTER_MAGIC + len(head).to_bytes(4, "little") + head + bits.bytes()


def read_filter_file(data: bytes) -> tuple[int, dict[str, dict[str, list[int]]]]:
    """filter_file's bytes read back, as the script reads them: (entries, family -> value ->
    entry numbers)."""
    if data[:4] != FILTER_MAGIC:
        raise ValueError("not a filter file")
    n = int.from_bytes(data[4:8], "little")
    header = json.loads(data[8:8 + n])
    entries = header["entries"]
    stream = data[8 + n:]
    width = 8 * len(stream)
    pos = 0

    def bit() -> int:
        nonlocal pos
        pos += 1
        return stream[(pos - 1) >> 3] >> (7 - (pos - 1) & 7) & 1

    out: dict[str, dict[str, list[int]]] = {}
    for family, rows in header["values"].items():
        for value, count in rows:
            listed = entries - count if 2 * count > entries else count
            k = rice_parameter(listed, entries)
            numbers, doc = [], -1
            for _ in range(listed):
                quotient = 0
                while bit():
                    quotient += 1
                rest = 0
                for _ in range(k):
                    rest = rest << 1 | bit()
                doc += (quotient << k | rest) + 1
                numbers.append(doc)
            if listed != count:
                held = set(numbers)
                numbers = [d for d in range(entries) if d not in held]
            out.setdefault(family, {})[_full_value(value)] = numbers
    if (width - pos) >= 8:
        raise ValueError("filter file: bytes after the last list")
    return entries, out


def write_index(entries: Sequence[Entry], folder: Path, vocabulary: Callable[[], object] | None = None,
                related: Mapping[str, Sequence[str]] | None = None) -> dict:
    """The index files of these entries (numbered in date order) into FOLDER (see the module
    docstring). `vocabulary` gives the query vocabulary (search_vocab.build_vocabulary's), asked
    for once the postings are gathered (it may be computed meanwhile); `related`, entry id -> the
    ids of its related entries, goes into the fragments as numbers. Returns {records, chunks,
    terms, bytes, meta}."""
    ordered = sorted(entries, key=_order)
    number_of = {e.id: n for n, e in enumerate(ordered)}
    related = related or {}
    postings = _Postings()
    filters: dict[str, dict[str, list[int]]] = {f: {} for f in FILTER_FAMILIES}
    years: dict[str, list[int]] = {}
    undated = 0
    (folder / "f").mkdir(parents=True)
    (folder / "c").mkdir()
    total = 0
    for number, e in enumerate(ordered):
        if not e.id:
            raise BuildError(f"entry without an id (lines {e.source_lines[0]}-{e.source_lines[1]})", e.source)
        groups = name_groups(e)
        postings.add(number, fields(e, groups))
        for family, value in filter_values(e):
            filters[family].setdefault(value, []).append(number)
        if e.date.value is None:
            undated += 1
        else:
            span = years.setdefault(str(e.date.value.year), [number, number])
            span[1] = number
        others = [number_of[r] for r in related.get(e.id, ()) if r in number_of]
        total += _write(folder / "f" / f"{number}.json.gz", fragment(e, groups, others))
    # the vocabulary: each key beside the postings of its head (as the script looks it up)
    vocab = vocabulary() if vocabulary is not None else None
    by_head: dict[str, list[str]] = {}  # head -> its keys' JSON members ("key":value)
    for key, value in (vocab_values(vocab) if vocab is not None else {}).items():
        by_head.setdefault(head(key), []).append(
            _json_string(key) + ":" + json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    # chunks: terms and heads in the script's string order, cut at CHUNK_CHARS characters of
    # JSON of both (English glosses have heads no text holds: they take chunks of their own)
    chunks: list[list[str]] = [[]]
    filed: list[list[str]] = [[]]
    firsts = [""]  # the directory: where each chunk starts (a term sorts in the last not after it)
    size = 0
    previous = ""
    lists = postings.texts()
    for name in sorted(lists.keys() | by_head.keys(), key=_utf16):
        item = ""
        if name in lists:
            item = f"{_json_string(name)}:[{lists[name]}]"
        keys = by_head.get(name, [])
        cost = len(item) + sum(len(k) + 1 for k in keys)
        if (chunks[-1] or filed[-1]) and size + cost > CHUNK_CHARS:
            chunks.append([])
            filed.append([])
            firsts.append(_separator(previous, name))
            size = 0
        if item:
            chunks[-1].append(item)
        filed[-1].extend(keys)
        size += cost
        previous = name
    for k, (items, keys) in enumerate(zip(chunks, filed, strict=True)):
        data = ('{"t":{' + ",".join(items) + '},"v":{' + ",".join(keys) + "}}").encode("utf-8")
        packed = gzip.compress(data, compresslevel=6, mtime=0)
        (folder / "c" / f"{k}.json.gz").write_bytes(packed)
        total += len(packed)
    packed = _pack_thoroughly(filter_file(filters, len(ordered)))
    (folder / "filters.bin.gz").write_bytes(packed)
    total += len(packed)
    lengths = postings.lengths
    meta = {"format": FORMAT, "entries": len(ordered), "undated": undated, "years": years,
            "avglen": round(sum(lengths) / max(1, len(lengths)), 2),
            "lengths": base64.b64encode(bytes(_length_byte(n) for n in lengths)).decode("ascii"),
            "chunks": firsts, "chars": dict(sorted(vocab.chars.items())) if vocab is not None else {},
            "vocab": {"keys": len(vocab.keys) if vocab is not None else 0}}
    return {"records": len(ordered), "chunks": len(chunks), "terms": len(lists), "bytes": total, "meta": meta}


def _tree_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def index_site(entries: Sequence[Entry], site_dir: Path, *, quiet: bool = True, glossary=None,
               related: Mapping[str, Sequence[str]] | None = None) -> dict:
    """Write SITE/search-index/ for these entries: the index and the query vocabulary
    (search_vocab: from the entries, and from `glossary` (entities.Glossary, with its taxonomy)
    when given); `related` (entry id -> related ids) as write_index takes it. The folder is
    written aside and swapped in whole. Returns stats: records, seconds, index_bytes, files,
    chunks, terms, vocab."""
    start = time.perf_counter()
    site_dir = Path(site_dir).resolve()
    if not entries:
        raise BuildError("no entries to index", site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".briefing-search-", dir=site_dir.parent))
    out = work / INDEX_DIR
    out.mkdir()
    # The query vocabulary (rjieba, in Rust: it lets go of the interpreter lock) beside the index.
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-vocab")
    vocab = pool.submit(build_vocabulary, entries, glossary)
    try:
        stats = write_index(entries, out, vocab.result, related)
        meta = stats.pop("meta")
        _write(out / "meta.json.gz", meta, thorough=True)
        index_bytes, files = _tree_size(out)
        replace_dir(out, site_dir / INDEX_DIR)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - start
    (log.debug if quiet else log.info)("search index: %d entries, %d terms in %d chunks, %.1f MB in %d files, %.1f s",
                                       stats["records"], stats["terms"], stats["chunks"], index_bytes / 1e6, files, seconds)
    return {**stats, "seconds": round(seconds, 3), "index_bytes": index_bytes, "files": files, "vocab": meta["vocab"]}
