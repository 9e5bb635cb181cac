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
* Exactness: the script searches each Chinese run of a query as a quoted Pagefind phrase: the
  terms must stand at consecutive positions, which for overlapping two-character terms means
  exactly the substring. The closing single character of each run keeps two runs from chaining
  (布林,林肯 is `布林 林 林肯 肯`, so 布林肯 does not match it). Pagefind scores every quoted
  match alike, so the script orders them by the same terms searched unquoted (which also
  weighs titles and names). A query of several runs or of runs and words intersects one
  quoted search per run with an unquoted search of everything. A one-character query is a
  prefix search: every character of a run starts a term or is the run's closing character.
  It is exact while the terms that start with the character fit in the index chunks Pagefind
  loads for it; for the commonest characters (美, 国: most of the archive) it can miss a few
  percent. Indexing each character alone as well made it exact, at +50% indexing time and
  memory and +60% index size at 10,000 entries, for a query no reader needs exact counts of.
* Language: records are `<html lang="en">` and indexed with `--force-language en`, so Pagefind
  neither segments Chinese at index time nor in the browser; the script asks for that `en`
  index whatever the page's own `lang` is.
* Weights: title 8, names and tags (both languages, every alias) 4, the text 1; the title is
  also the `title` metadata (Pagefind ranks metadata matches higher).
* Display: the index holds terms, not text, so the script rebuilds the text from the terms for
  excerpts (`decode_terms`). Sections are separated by marks that Pagefind does not index:
  ¶ ends a paragraph, ⁂ ends a section, ‖ separates names, † separates one name's forms.
* Filters: country, region, person, org, topic, publication as `KEY|中文|English` (the
  script shows the labels and takes the keys), year as `2023`, and `dated: no` on undated
  entries; sort `date` (ISO; undated entries `0000`, as Pagefind drops results without a
  sort value: the script moves them to the end of an oldest-first list).

Records are written to a temporary folder, indexed with the Pagefind binary shipped in the
`pagefind[bin]` package (`--site TMP --output-path SITE/pagefind`), and the folder is removed.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import BuildError
from .model import FAMILIES, Entry
from .pages import replace_dir

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

WEIGHT_TITLE = 8
WEIGHT_NAMES = 4
FILTER_FAMILIES = tuple(FAMILIES)  # country, region, person, org, topic, publication
UNDATED_SORT = "0000"
INCLUDE_CHARACTERS = "+"
MAX_ALIASES = 20  # per name: a runaway glossary must not multiply every record's size  # 2+2 is a word, not 2 and 2


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
    """Every tag and name of an entry with all its forms, Chinese and English, once each."""
    groups: dict[tuple[str, str], list[str]] = {}
    for t in entry.tags:
        groups.setdefault((t.zh, t.en), [t.zh, t.en])
    for n in entry.names:
        forms = groups.setdefault((n.zh, n.en), [n.zh, n.en])
        forms.extend(a for a in n.aliases[:MAX_ALIASES] if a not in forms)
    return [[f for f in forms if f] for forms in groups.values()]


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


def record_html(entry: Entry) -> str:
    """The HTML page Pagefind indexes for one entry (see the module docstring)."""
    body = f" {PARA} ".join(_terms(p.text) for p in entry.raw.paragraphs)
    title = _terms(entry.title)
    title_en = _clean(entry.title_en or "").strip()
    names = f" {GROUP} ".join(f" {FORM} ".join(_terms(f) for f in forms) for forms in name_groups(entry))
    date = entry.date.iso() or ""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title></title></head><body>',
        "<main data-pagefind-body>",
        f"<div>{_esc(body)} {PARA}</div>",
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
    lines.append(f'<span data-pagefind-sort="date">{_esc(date or UNDATED_SORT)}</span>')
    lines.append("</body></html>\n")
    return "\n".join(lines)


# --------------------------------------------------------------------------- indexing
# Pagefind's own UI bundles: the site uses briefing-search.js instead.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
           "wasm.unknown.pagefind")


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


def write_records(entries: Iterable[Entry], folder: Path) -> int:
    count = 0
    for e in entries:
        if not e.id:
            raise BuildError(f"entry without an id (lines {e.source_lines[0]}-{e.source_lines[1]})", e.source)
        (folder / f"{e.id}.html").write_text(record_html(e), encoding="utf-8")
        count += 1
    return count


def index_site(entries: Sequence[Entry], site_dir: Path, *, quiet: bool = True) -> dict:
    """Write SITE/pagefind/ for these entries. Returns stats: records, seconds, index_bytes, files."""
    start = time.perf_counter()
    site_dir = Path(site_dir).resolve()
    if not entries:
        raise BuildError("no entries to index", site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".briefing-search-", dir=site_dir.parent))
    try:
        records = work / "records"
        bundle = work / "pagefind"
        records.mkdir()
        count = write_records(entries, records)
        cmd = [str(pagefind_binary()), "--site", str(records), "--output-path", str(bundle),
               "--force-language", "en", "--include-characters", INCLUDE_CHARACTERS,
               "--silent" if quiet else "--quiet"]
        log.debug("running %s", " ".join(cmd))
        # cwd=work: Pagefind would read a pagefind.yml/.toml/.json from its working directory
        proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True,
                              env={k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")})
        if proc.stdout.strip() and not quiet:
            log.info("%s", proc.stdout.strip())
        if proc.returncode != 0 or not (bundle / "pagefind-entry.json").exists():
            raise BuildError(f"Pagefind failed (exit {proc.returncode}) on {count} records: "
                             f"{(proc.stderr or proc.stdout).strip()[-2000:]}", site_dir / "pagefind")
        for name in _UNUSED:
            (bundle / name).unlink(missing_ok=True)
        index_bytes, files = _tree_size(bundle)
        replace_dir(bundle, site_dir / "pagefind")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - start
    log.info("search index: %d records, %.1f KB in %d files, %.1f s", count, index_bytes / 1024, files, seconds)
    return {"records": count, "seconds": round(seconds, 3), "index_bytes": index_bytes, "files": files}
