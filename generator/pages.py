"""Writing entry pages: one Markdown file per entry, YAML front matter plus a literal body.

The body is one Markdown paragraph per source paragraph, with every ASCII character that
Markdown or a common extension could read as syntax written as a numeric character reference
(`#` as `&#35;`, `<` as `&lt;`). Any Markdown engine turns a reference back into the character
and none reads it as syntax, so nothing in the source (`# `, `* `, `1. `, `[x](javascript:…)`,
`<script>`, `{{ config }}`, `:emoji:`, `==mark==`, `| table |`) is ever read as Markdown, HTML
or a template: it renders as the text it is, and Python-Markdown parses no raw HTML for it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from .entities import iso_codes
from .model import FAMILIES, Entry

log = logging.getLogger(__name__)


def _pairs(entry: Entry, family: str) -> list[dict[str, str]]:
    return [{"zh": t.zh, "en": t.en, "key": t.key} for t in entry.tags if t.family == family]


def front_matter(entry: Entry) -> dict:
    """The entry's metadata as plain data, in a fixed key order."""
    data: dict = {
        "id": entry.id,
        "title": entry.title,
        "title_en": entry.title_en,
        "date": entry.date.iso(),
        "date_precision": entry.date.precision,
        "date_basis": entry.date.basis,
        "date_end": entry.date.end.isoformat() if entry.date.end else None,
        "issue": entry.issue.isoformat() if entry.issue else None,
        "title_en_generated": entry.title_en_generated,
        "source": entry.source,
        "source_lines": list(entry.source_lines),
        "tags": [t.label for t in entry.tags],
        "tags_en": [f"{FAMILIES[t.family][1]}/{t.en}" for t in entry.tags],
        # ISO 3166 codes of the places the entry is about, Taiwan, Hong Kong and Macao included
        # (which the site lists as regions)
        "countries": iso_codes(entry.tags),
        "regions": _pairs(entry, "region"),
        "people": _pairs(entry, "person"),
        "organisations": _pairs(entry, "org"),
        "topics": _pairs(entry, "topic"),
        "publications": _pairs(entry, "publication"),
        "acronyms": [{"zh": n.zh, "en": n.en} for n in entry.names if n.kind == "acronym"],
        "split_cue": entry.raw.cue,
    }
    if entry.aliases:
        data["aliases"] = list(entry.aliases)
    if entry.edited:
        data["edited"] = list(entry.edited)
    return data


# Characters written as references: CommonMark's and Python-Markdown's syntax (emphasis, code,
# links, headings, lists, rules, raw HTML, entities, escapes), and that of the common extensions
# (attr_list `{}`, tables `|`, tilde/caret/mark `~^=`, emoji and definition lists `:`,
# arithmatex `$`, smarty quotes `"'`). Commas, parentheses and slashes are left as they are: a
# parenthesis only matters after `]`, which is escaped.
_MARKDOWN_SYNTAX = "\\`*_{}[]<>#+-.!|~^=:$\"'&"
# A tab is written as its reference too: Markdown expands it to spaces ("0\t0" -> "0   0").
_ESCAPE = str.maketrans({c: f"&#{ord(c)};" for c in _MARKDOWN_SYNTAX + "\t"}
                        | {"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def markdown_escape(text: str) -> str:
    """Text as Markdown that renders as exactly this text, in any engine and with any extension."""
    return text.translate(_ESCAPE)


def render_body(entry: Entry) -> str:
    """The paragraphs as literal Markdown paragraphs, one per source paragraph."""
    return "\n\n".join(markdown_escape(p.text) for p in entry.raw.paragraphs)


# yaml.safe_dump with libyaml's emitter when PyYAML has it: the same safe representer (plain
# data only), ten times faster; at 10,000 entries the pure-Python emitter was the build's
# largest cost (profiled: 76 s of 83 s of page generation at 1,000 entries).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dump_front_matter(data: Mapping) -> str:
    return yaml.dump(dict(data), Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)


def render_page(entry: Entry, extra: Mapping | None = None) -> str:
    data = front_matter(entry)
    if extra:
        data.update(extra)
    return f"---\n{dump_front_matter(data)}---\n\n{render_body(entry)}\n"


def parse_page(text: str) -> tuple[dict, str]:
    """Read a page written by render_page back into (front matter, body)."""
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    head, _, body = text[4:].partition("\n---\n")
    return yaml.load(head, Loader=_LOADER), body.lstrip("\n")


def write_tree(files: Iterable[tuple[str, str]], out_dir: str | Path) -> int:
    """Write (relative path, text) pairs as a whole new tree that replaces out_dir at once.

    Files are written to a temporary sibling first; out_dir is only replaced when every
    file is written, so a failure never leaves a half-written tree behind.
    """
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    count = 0
    try:
        for rel, text in files:
            dest = tmp / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
            count += 1
        replace_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count


def replace_dir(new: Path, old: Path) -> None:
    """Swap a finished directory into place; the previous one is removed only afterwards.

    The two renames are the swap. Removing the old tree (tens of thousands of files for a
    large archive: seconds) is left to a detached `rm`, so the build does not wait for it.
    """
    if old.exists():
        trash = old.with_name(f".{old.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        os.replace(old, trash)
        os.replace(new, old)
        subprocess.Popen(["rm", "-rf", "--", str(trash)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    else:
        os.replace(new, old)


def page_files(entries: Iterable[Entry], folder: str = "") -> list[tuple[str, str]]:
    prefix = f"{folder}/" if folder else ""
    return [(f"{prefix}{e.id}.md", render_page(e)) for e in entries]
