"""Search index: one small HTML record per entry, indexed by the Pagefind CLI.

Pipeline position: last. `index_site` takes the entries (not the rendered pages: nothing of
the theme's chrome is indexed) and writes SITE/pagefind/, which
site_overrides/assets/javascripts/briefing-search.js queries in the browser.

How it works
------------
* Tokenisation (`cjk_terms`), identical here and in the browser script: every run of Chinese
  characters becomes overlapping two-character terms plus its last character alone
  (布林肯称 -> 布林 林肯 肯称 称); everything else (English words, acronyms, numbers) is left to
  Pagefind. A single separator between two Chinese characters stays inside the run and the
  term that spans it (杰克·沙利文 -> 杰克 克·沙 沙利 利文 文; Pagefind drops the dot), so 杰克沙利文
  and 杰克·沙利文 both find the name. A query is turned into the same pairs, without the closing
  single character (布林肯 -> 布林 林肯).
* Exactness: a phrase of a query (a Chinese run, or each form of a part of it) is its terms
  at consecutive positions, which for overlapping two-character terms means exactly the
  substring: a quoted Pagefind search, or, in one bundle, the unquoted search's word positions
  (which the script needs anyway, for ranking and closeness). The closing single character of
  each run keeps two runs from chaining (布林,林肯 is `布林 林 林肯 肯`, so 布林肯 does not match
  it). Query understanding (parts, forms, ranking) is the script's; the vocabulary it cuts a
  query into is search_vocab's, written to SITE/pagefind/vocab/. A one-character query is a
  prefix search: every character of a run starts a term or is the run's closing character.
  It never finds a wrong entry, but only the terms that start with the character in the
  index chunks Pagefind loads for it: for the commonest characters (美, 国: most of the
  archive) it can miss many. Indexing each character alone as well made it exact, at +50%
  indexing time and memory and +60% index size at 10,000 entries, for a query no reader needs
  exact counts of.
* Language: records are `<html lang="en">` and indexed with `--force-language en`, so Pagefind
  neither segments Chinese at index time nor in the browser; the script asks for that `en`
  index whatever the page's own `lang` is.
* Weights: title 8, names and tags (both languages, every alias, and the English spellings a
  reader may type: search_vocab.latin_variants) 4, the first paragraph 2, the rest of the text
  1; the title is also the `title` metadata (Pagefind ranks metadata matches higher).
* Display: the index holds terms, not text, so the script rebuilds the text from the terms for
  excerpts (`decode_terms`). Sections are separated by marks that Pagefind does not index:
  ¶ ends a paragraph, ⁂ ends a section, ‖ separates names, † separates one name's forms.
* Filters: country, region, person, org, topic, publication as `KEY|中文|English` (the
  script shows the labels and takes the keys), year as `2023`, and `dated: no` on undated
  entries; sort `date` (ISO; undated entries `0000`, as Pagefind drops results without a
  sort value: the script moves them to the end of an oldest-first list).
* Shards: Pagefind's peak memory grows with what it indexes (~56 bytes per byte of record HTML:
  3.2 GB for 10,000 synthetic entries), so the records are indexed in shards of at most
  SHARD_SIZE records and SHARD_BYTES of HTML, one Pagefind run after another (never at once:
  their memory would add up). The entries, in date order (by sort value: undated first), are
  cut into shards from the oldest (shard 1), so that a growing archive only changes its newest
  shard or starts another. The newest shard's bundle is SITE/pagefind/ itself; the others are
  SITE/pagefind/shard-k/, without Pagefind's script and WebAssembly (the main bundle's run
  them); SITE/pagefind/shards.json lists them all, newest first. The script merges them into
  one Pagefind instance with the multisite API (mergeIndex): Pagefind adds up totals and
  filter counts, and orders results by score. Relevance scores come from each shard's own
  statistics. A date sort's score is only a position within one shard, so the script puts
  date-sorted results in shard order (each shard is a span of dates), keeping each shard's
  own; SITE/pagefind/pages.json gives the Pagefind ids of the older shards' pages (a
  filter-only search would do it, but Pagefind loads the whole index for one) and of the
  undated entries (which an oldest-first list puts last). An archive of up to SHARD_SIZE
  entries (and SHARD_BYTES) is one bundle, as before.
* Lexicons: an unquoted word that Pagefind finds nowhere in an index is cut short until it
  matches something (Wallander -> Wall, Jake -> J.), which is right for one index but not for a
  shard that merely lacks a word the others have. So each shard of several also indexes a
  page `lexicon.html` with every word (`vocabulary`: other words in lower case, and each
  Chinese character, which is what an unquoted query word can start) of the archive that its
  records lack, a few thousand words; shards.json names its Pagefind id and the script drops
  it from every result list (it has no filters and no sort value, so no count includes it).
  Chinese phrases need none: quoted searches are never cut short.

Records are written to a temporary folder, indexed with the Pagefind binary shipped in the
`pagefind[bin]` package (`--site TMP/records/k --output-path TMP/bundle-k`), and the folder is removed.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import guard
from .errors import BuildError
from .model import FAMILIES, Entry
from .pagefind_stable import normalise_bundle
from .pages import replace_dir
from .search_vocab import build_vocabulary, fold, latin_variants, write_vocabulary

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- tokeniser
# Mirrored character for character in briefing-search.js (tests/test_search.py compares them).
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f"
# One of these between two Chinese characters joins them: 劳埃德·奥斯汀, 安东尼娅-赫迈迪.
JOINERS = "·・‧•‐-–"
_RUN = re.compile(f"[{CJK}](?:[{re.escape(JOINERS)}]?[{CJK}])*")
_IS_CJK = re.compile(f"[{CJK}]")
_HAS_JOINER = re.compile(f"[{re.escape(JOINERS)}]")
# Full-width letters and digits (ＳＰＤ, ２０２３) and CJK compatibility ideographs: NFKC, on both
# sides. Full-width punctuation is kept, so that excerpts show the source's own ，。.
_WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uf900-\ufaff]")

# White space as Pagefind (Rust's split_whitespace) splits words; the script uses the same class.
_WS = re.compile("[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")

PARA, SECTION, GROUP, FORM = "¶", "⁂", "‖", "†"  # structure marks; Pagefind indexes no punctuation
_MARKS = re.compile(f"[{PARA}{SECTION}{GROUP}{FORM}]")
_ACCENTED = re.compile(r"\w*[\u00c0-\u024f]\w*")  # a word with a diacritic: Sánchez, Türkiye

WEIGHT_TITLE = 8
WEIGHT_NAMES = 4
WEIGHT_HEAD = 2  # the first paragraph: an entry about the query says so at its start
FILTER_FAMILIES = tuple(FAMILIES)  # country, region, person, org, topic, publication
UNDATED_SORT = "0000"
INCLUDE_CHARACTERS = "+"  # 2+2 is a word, not 2 and 2
MAX_ALIASES = 20  # per name: a runaway glossary must not multiply every record's size

# One Pagefind run indexes at most SHARD_SIZE records and SHARD_BYTES of record HTML; the runs
# are sequential. Its peak memory is ~56 times the HTML it indexes (10,000 synthetic entries:
# 57 MB, 3.2 GB). Records now carry name variants, so the byte limit is the one that binds: 17 MB
# keeps a run near 1 GB, and the whole build (renders and index at once) under 2 GB.
SHARD_SIZE = 4000
SHARD_BYTES = 17_000_000
SHARDS_FILE = "shards.json"  # in SITE/pagefind/: every bundle, newest first
PAGES_FILE = "pages.json"  # in SITE/pagefind/: the Pagefind ids of each older shard and of undated entries
LEXICON_PAGE = "lexicon"  # a shard's page of the words it lacks (ids are 8 characters: no clash)


def normalize(text: str) -> str:
    return _WIDE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _run_terms(run: str, query: bool) -> list[str]:
    """Terms of one run of Chinese characters (with any single joiners inside it)."""
    if len(run) == 1:
        return [run]
    if not _HAS_JOINER.search(run):  # the common case: Chinese characters only
        units = list(run)
    else:
        units = []
        for ch in run:
            if _IS_CJK.match(ch):
                units.append(ch)
            else:
                units[-1] += ch
    terms = [units[i] + units[i + 1][0] for i in range(len(units) - 1)]
    return terms if query else [*terms, units[-1][0]]


def cjk_terms(text: str, *, query: bool = False) -> str:
    """Text with every run of Chinese characters replaced by its terms, white space normalised.

    >>> cjk_terms("布林肯称,T-90M")
    '布林 林肯 肯称 称 ,T-90M'
    >>> cjk_terms("布林肯", query=True)
    '布林 林肯'
    """
    text = normalize(text)
    out: list[str] = []
    pos = 0
    for m in _RUN.finditer(text):
        out.append(text[pos:m.start()])
        out.append(" " + " ".join(_run_terms(m.group(), query)) + " ")
        pos = m.end()
    out.append(text[pos:])
    return " ".join(_split("".join(out)))


def _split(text: str) -> list[str]:
    return [w for w in _WS.split(text) if w]


def query_parts(query: str) -> list[tuple[str, list[str]]]:
    """A query as the script searches it: ("phrase", terms) per run of two or more Chinese
    characters, ("word", [w]) per other word (a single Chinese character is a prefix word)."""
    text = normalize(query)
    parts: list[tuple[str, list[str]]] = []
    pos = 0

    def words(segment: str) -> None:
        for w in _split(segment.replace('"', " ")):
            if any(c == "+" or unicodedata.category(c)[0] in "LN" for c in w):  # Pagefind drops the rest
                parts.append(("word", [w]))

    for m in _RUN.finditer(text):
        words(text[pos:m.start()])
        terms = _run_terms(m.group(), True)
        parts.append(("phrase", terms) if len(terms[0]) > 1 else ("word", terms))
        pos = m.end()
    words(text[pos:])
    return parts


def decode_terms(terms: str) -> str:
    """Text back from index-mode terms (the script's excerpts do the same).

    Exact for the Chinese runs; the spaces around them are dropped, the others kept.
    """
    tokens = _split(terms)
    out: list[str] = []
    prev_other = False
    for i, t in enumerate(tokens):
        if _IS_CJK.match(t):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            out.append(t[:-1] if len(t) > 1 and nxt[:1] == t[-1] else t)
            prev_other = False
        else:
            if prev_other:
                out.append(" ")
            out.append(t)
            prev_other = True
    return "".join(out)


# --------------------------------------------------------------------------- records
def _esc(text: str) -> str:
    """Element text: & < > escaped; quotes stay (the apostrophe in every term is one byte)."""
    return html.escape(text, quote=False)


def _clean(text: str) -> str:
    """Source text for a record: structure marks removed (they never occur in real digests)."""
    return _MARKS.sub(" ", text)


def _terms(text: str) -> str:
    return cjk_terms(_clean(text))


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
    folded = sorted({fold(w) for p in entry.raw.paragraphs for w in _ACCENTED.findall(p.text)} - {""}
                    - {w for p in entry.raw.paragraphs for w in _ACCENTED.findall(p.text)})
    if folded:  # Gaspar Sánchez in the text is found by Gaspar Sanchez too
        out.append(folded)
    return out


def searchable_texts(entry: Entry) -> list[str]:
    """Every text of an entry that the index holds: paragraphs, titles, every form of its names."""
    forms = [f for group in name_groups(entry) for f in group]
    return [*(p.text for p in entry.raw.paragraphs), entry.title, entry.title_en or "", *forms]


def filter_values(entry: Entry) -> list[tuple[str, str]]:
    """(filter, value) pairs: KEY|中文|English per tag, plus the year."""
    values = [(t.family, f"{t.key}|{_label(t.zh)}|{_label(t.en)}") for t in entry.tags if t.family in FAMILIES]
    if entry.date.value is not None:
        values.append(("year", str(entry.date.value.year)))
    else:  # lets the script put undated entries last in an oldest-first list too
        values.append(("dated", "no"))
    return values


def sort_value(entry: Entry) -> str:
    """The entry's `date` sort value: ISO date or month, UNDATED_SORT without a date."""
    return entry.date.iso() or UNDATED_SORT


def _indexed(entry: Entry) -> tuple[str, str, str, str]:
    """A record's indexed texts: body, title, English title, names (terms and marks)."""
    body = f" {PARA} ".join(_terms(p.text) for p in entry.raw.paragraphs)
    names = f" {GROUP} ".join(f" {FORM} ".join(_terms(f) for f in forms) for forms in name_groups(entry))
    return body, _terms(entry.title), _clean(entry.title_en or "").strip(), names


def record_html(entry: Entry) -> str:
    """The HTML page Pagefind indexes for one entry (see the module docstring)."""
    return _record_html(entry, _indexed(entry))


def _record_html(entry: Entry, texts: tuple[str, str, str, str]) -> str:
    body, title, title_en, names = texts
    head, _, rest = body.partition(f" {PARA} ")
    date = entry.date.iso() or ""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title></title></head><body>',
        "<main data-pagefind-body>",
        f'<div data-pagefind-weight="{WEIGHT_HEAD}">{_esc(head)} {PARA}</div>',
        *([f"<div>{_esc(rest)} {PARA}</div>"] if rest else []),
        f"<div>{SECTION}</div>",
        f'<div data-pagefind-weight="{WEIGHT_TITLE}">{_esc(title)} {FORM} {_esc(title_en)} {PARA}</div>',
        f"<div>{SECTION}</div>",
        f'<div data-pagefind-weight="{WEIGHT_NAMES}">{_esc(names)} {PARA}</div>',
        "</main>",
        f'<span data-pagefind-meta="title">{_esc(title)}</span>',
    ]
    if title_en:
        lines.append(f'<span data-pagefind-meta="title_en">{_esc(title_en)}</span>')
    if date:
        lines.append(f'<span data-pagefind-meta="date">{_esc(date)}</span>')
    lines += [f'<span data-pagefind-filter="{f}">{_esc(v)}</span>' for f, v in filter_values(entry)]
    lines.append(f'<span data-pagefind-sort="date">{_esc(sort_value(entry))}</span>')
    lines.append("</body></html>\n")
    return "\n".join(lines)


_CJK_CHAR = re.compile(f"[{CJK}]")
_OTHER_WORD = re.compile(f"(?<!\\S)[^\\s{CJK}{PARA}{SECTION}{GROUP}{FORM}]\\S*(?!\\S)")


def vocabulary(terms: str) -> set[str]:
    """What an unquoted query word can find in index-mode text: every Chinese character (each
    one starts a term) and every other word, in lower case."""
    words = set(_CJK_CHAR.findall(terms))
    words.update(w for w in _OTHER_WORD.findall(terms.lower()) if not _IS_CJK.search(w))
    return words


def lexicon_html(words: Iterable[str]) -> str:
    """A shard's lexicon page: the words of the archive that its records lack (module docstring)."""
    return ("<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8"><title></title></head><body>\n'
            f"<main data-pagefind-body><div>{_esc(' '.join(sorted(words)))}</div></main>\n"
            "</body></html>\n")


# --------------------------------------------------------------------------- indexing
# Pagefind's own UI bundles: the site uses briefing-search.js instead.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
           "wasm.unknown.pagefind")
# What a merged bundle needs no copy of: the main bundle's script, worker and WebAssembly run it.
_MERGED_UNUSED = ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind")


def pagefind_binary() -> Path:
    """The Pagefind executable shipped inside the `pagefind[bin]` package."""
    try:
        import pagefind_bin

        return Path(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise BuildError(f"the Pagefind binary is missing: install pagefind[bin] ({exc})") from None


def _tree_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def shard_dir(shard: int) -> str:
    """Where shard `shard`'s bundle goes inside SITE/pagefind/ (when it is not the newest)."""
    return f"shard-{shard}/"


def _record_order(entry: Entry) -> tuple[str, str]:
    return sort_value(entry), entry.id


def write_records(entries: Iterable[Entry], folder: Path) -> list[dict]:
    """Every entry's record, oldest first (by sort value, then id), into FOLDER/1/, FOLDER/2/, …,
    and, when there are several shards, each shard's lexicon page.

    A shard is closed when the next record would take it past SHARD_SIZE records or
    SHARD_BYTES bytes. Cut from the oldest, so that new entries change only the newest shard
    (or start one). Returns each shard's {shard, records, bytes, oldest, newest} (sort values),
    `lexicon`, the number of words in its lexicon page (0: none), `ids` and `undated`, the
    ids of its entries and of its undated entries.
    """
    if SHARD_SIZE < 1 or SHARD_BYTES < 1:
        raise ValueError(f"SHARD_SIZE ({SHARD_SIZE}) and SHARD_BYTES ({SHARD_BYTES}) must be positive")
    shards: list[dict] = []
    words: list[set[str]] = []
    for e in sorted(entries, key=_record_order):
        if not e.id:
            raise BuildError(f"entry without an id (lines {e.source_lines[0]}-{e.source_lines[1]})", e.source)
        texts = _indexed(e)
        data = _record_html(e, texts).encode("utf-8")
        current = shards[-1] if shards else None
        if current is None or current["records"] >= SHARD_SIZE or current["bytes"] + len(data) > SHARD_BYTES:
            current = {"shard": len(shards) + 1, "records": 0, "bytes": 0, "oldest": sort_value(e), "ids": [],
                       "undated": []}
            shards.append(current)
            words.append(set())
            (folder / str(current["shard"])).mkdir(parents=True)
        (folder / str(current["shard"]) / f"{e.id}.html").write_bytes(data)
        current["records"] += 1
        current["bytes"] += len(data)
        current["newest"] = sort_value(e)
        current["ids"].append(e.id)
        if e.date.value is None:
            current["undated"].append(e.id)
        words[-1].update(vocabulary(" ".join(texts)))
    every = set().union(*words) if len(shards) > 1 else set()
    for shard, own in zip(shards, words, strict=True):
        missing = every - own
        shard["lexicon"] = len(missing)
        if missing:
            (folder / str(shard["shard"]) / f"{LEXICON_PAGE}.html").write_text(lexicon_html(missing), encoding="utf-8")
    return shards


_URL = re.compile(rb'"url":"([^"]*)"')


def page_ids(bundle: Path) -> dict[str, str]:
    """Page URL -> Pagefind id in a bundle: the id is the name of the page's fragment, which is
    gzipped `pagefind_dcd{"url":…` (only its start is decompressed)."""
    ids: dict[str, str] = {}
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        start = zlib.decompressobj(wbits=31).decompress(fragment.read_bytes(), 4096)
        m = _URL.search(start)
        if not m:
            raise BuildError("a Pagefind fragment without its URL", fragment)
        ids[json.loads(b'"' + m.group(1) + b'"')] = fragment.name.removesuffix(".pf_fragment")
    return ids


def _run(cmd: list[str], cwd: Path) -> tuple[int, str, int]:
    """Run a command; returns its exit code, its output, and its peak memory in KB (0: unknown)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    with tempfile.TemporaryFile() as out:
        # guard.spawn: killed with the build, even when the build itself is killed
        proc = guard.spawn(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            if hasattr(os, "wait4"):  # this child's own rusage, not the maximum over all children
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                peak = usage.ru_maxrss
            else:
                proc.wait()
                peak = 0
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        finally:
            guard.forget(proc)
        out.seek(0)
        return proc.returncode, out.read().decode("utf-8", "replace"), peak


def _link_or_copy(src: str, dst: str) -> None:
    """Hard-link a cached file (no copy), or copy it where the cache is on another filesystem."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _records_key(records: Path, flags: list[str]) -> str:
    """A hash of a shard's records and of how Pagefind is run on them."""
    h = hashlib.sha1(repr((pagefind_binary().stat().st_size, flags)).encode())
    for f in sorted(records.iterdir()):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _index_shard(records: Path, bundle: Path, shard: dict, site_dir: Path, quiet: bool,
                 cache_dir: Path | None = None) -> dict:
    """One Pagefind run: the records of one shard into its bundle. Returns the run's stats,
    with `pages` (entry id -> Pagefind id) and `lexicon_id`.

    With `cache_dir`, a shard whose records are byte for byte those of an earlier build is
    not indexed again: its bundle is hard-linked from the cache (a re-run with nothing
    changed skips Pagefind altogether)."""
    start = time.perf_counter()
    flags = ["--force-language", "en", "--include-characters", INCLUDE_CHARACTERS]
    cached = None
    if cache_dir is not None:
        cached = cache_dir / _records_key(records, flags)
        if (cached / "run.json").is_file() and (cached / "bundle" / "pagefind-entry.json").is_file():
            shutil.copytree(cached / "bundle", bundle, copy_function=_link_or_copy)
            shutil.rmtree(records, ignore_errors=True)
            run = json.loads((cached / "run.json").read_text(encoding="utf-8"))
            run["seconds"] = round(time.perf_counter() - start, 3)
            run["cache_key"] = cached.name
            log.info("search index: shard %d unchanged, taken from the cache", run["shard"])
            return run
    cmd = [str(pagefind_binary()), "--site", str(records), "--output-path", str(bundle), *flags,
           "--silent" if quiet else "--quiet"]
    log.debug("running %s", " ".join(cmd))
    # cwd: Pagefind would read a pagefind.yml/.toml/.json from its working directory
    code, output, peak_kb = _run(cmd, bundle.parent)
    shutil.rmtree(records, ignore_errors=True)
    if output.strip() and not quiet:
        log.info("%s", output.strip())
    if code != 0 or not (bundle / "pagefind-entry.json").exists():
        raise BuildError(f"Pagefind failed (exit {code}) on shard {shard['shard']} ({shard['records']} records): "
                         f"{output.strip()[-2000:]}", site_dir / "pagefind")
    for name in _UNUSED:
        (bundle / name).unlink(missing_ok=True)
    normalise_bundle(bundle)  # filter and metadata files in a fixed order (Pagefind #638)
    pages = {url.strip("/").removesuffix(".html"): pid for url, pid in page_ids(bundle).items()}
    lexicon_id = pages.pop(LEXICON_PAGE, None)
    unknown = pages.keys() - set(shard["ids"])
    if unknown or bool(lexicon_id) != bool(shard["lexicon"]):
        raise BuildError(f"Pagefind's pages in shard {shard['shard']} are not its records: "
                         f"{sorted(unknown)[:5]}, lexicon {lexicon_id}", site_dir / "pagefind")
    if len(pages) < shard["records"]:  # Pagefind skips a page without any text
        log.warning("search index: Pagefind left out %d records of shard %d: %s", shard["records"] - len(pages),
                    shard["shard"], ", ".join(sorted(set(shard["ids"]) - pages.keys())[:10]))
    run = {**shard, "seconds": round(time.perf_counter() - start, 3), "peak_mb": round(peak_kb / 1024),
           "pages": pages, "lexicon_id": lexicon_id}
    log.info("search index: shard %d, %d records (%s to %s), %.1f MB of records: %.1f s, %d MB peak",
             run["shard"], run["records"], run["oldest"], run["newest"], run["bytes"] / 1e6, run["seconds"],
             run["peak_mb"])
    if cached is not None:
        run["cache_key"] = cached.name
        tmp = cached.with_name(cached.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(bundle, tmp / "bundle", copy_function=_link_or_copy)
        tmp.mkdir(parents=True, exist_ok=True)
        (tmp / "run.json").write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
        shutil.rmtree(cached, ignore_errors=True)
        os.replace(tmp, cached)
    return run


def _listing(runs: list[dict]) -> tuple[dict, dict]:
    """shards.json (every bundle, newest first) and pages.json (the Pagefind ids of the older
    shards' pages and of the undated entries: what the script needs for a date sort)."""
    shards = [{"path": shard_dir(run["shard"]) if run is not runs[-1] else "",
               **{k: run[k] for k in ("shard", "records", "oldest", "newest")},
               **({"lexicon": run["lexicon_id"]} if run["lexicon_id"] else {})} for run in reversed(runs)]
    pages = {"shards": {str(run["shard"]): " ".join(sorted(run["pages"].values())) for run in runs[:-1]},
             "undated": " ".join(sorted(run["pages"][i] for run in runs for i in run["undated"] if i in run["pages"]))}
    return {"shards": shards}, pages


def index_site(entries: Sequence[Entry], site_dir: Path, *, quiet: bool = True, cache_dir: Path | None = None,
               glossary=None) -> dict:
    """Write SITE/pagefind/ for these entries: the newest shard's bundle, the others' in
    shard-K/, shards.json, pages.json and the query vocabulary vocab/ (search_vocab: from the
    entries, and from `glossary` (entities.Glossary, with its taxonomy) when given) (see the
    module docstring). Returns stats: records,
    seconds, index_bytes, files, shards, peak_mb (the largest Pagefind run's) and runs (per
    shard: records, bytes, oldest, newest, lexicon words, seconds, peak_mb)."""
    start = time.perf_counter()
    site_dir = Path(site_dir).resolve()
    if not entries:
        raise BuildError("no entries to index", site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".briefing-search-", dir=site_dir.parent))
    # The query vocabulary is gathered (Python) while Pagefind indexes (its own process).
    vocab_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-vocab")
    vocab = vocab_pool.submit(build_vocabulary, entries, glossary)
    try:
        shards = write_records(entries, work / "records")
        runs = [_index_shard(work / "records" / str(s["shard"]), work / f"bundle-{s['shard']}", s, site_dir, quiet,
                             cache_dir) for s in shards]  # one after another: each run's memory is its own
        if cache_dir is not None:  # the cache keeps the shards of this build only
            kept = {r.get("cache_key") for r in runs}
            for old in cache_dir.iterdir() if cache_dir.is_dir() else ():
                if old.name not in kept:
                    shutil.rmtree(old, ignore_errors=True)
        main = work / f"bundle-{runs[-1]['shard']}"
        for run in runs[:-1]:
            bundle = work / f"bundle-{run['shard']}"
            for name in _MERGED_UNUSED:
                (bundle / name).unlink(missing_ok=True)
            os.replace(bundle, main / shard_dir(run["shard"]))
        listing, pages = _listing(runs)
        listing["vocab"] = write_vocabulary(vocab.result(), main)
        (main / SHARDS_FILE).write_text(json.dumps(listing, indent=1) + "\n", encoding="utf-8")
        (main / PAGES_FILE).write_text(json.dumps(pages, indent=1) + "\n", encoding="utf-8")
        index_bytes, files = _tree_size(main)
        replace_dir(main, site_dir / "pagefind")
    finally:
        vocab_pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - start
    count = sum(run["records"] for run in runs)
    log.info("search index: %d records in %d shards, %.1f KB in %d files, %.1f s", count, len(runs),
             index_bytes / 1024, files, seconds)
    keep = ("shard", "records", "bytes", "oldest", "newest", "lexicon", "seconds", "peak_mb")
    return {"records": count, "seconds": round(seconds, 3), "index_bytes": index_bytes, "files": files,
            "shards": len(runs), "peak_mb": max(run["peak_mb"] for run in runs), "vocab": listing["vocab"],
            "runs": [{k: run[k] for k in keep} for run in runs]}
