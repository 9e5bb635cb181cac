"""Writing entry pages: one Markdown file per entry, YAML front matter plus a literal body.

The body is HTML-escaped raw-HTML paragraphs. Python-Markdown passes a block of raw HTML
through untouched, so nothing in the source (`# `, `* `, `[x](javascript:…)`, `<script>`,
`{{ config }}`) is ever read as Markdown, HTML or a template: it renders as the text it is.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from .entities import REGION_ISO
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
        "countries": [t.key for t in entry.tags if t.family == "country"]
        + [REGION_ISO[t.key] for t in entry.tags if t.family == "region" and t.key in REGION_ISO],
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


def render_body(entry: Entry) -> str:
    """The paragraphs, each a literal raw-HTML block anchored by its source line."""
    return "\n\n".join(
        f'<p class="entry-para" id="l{p.number}">{html.escape(p.text, quote=True)}</p>'
        for p in entry.raw.paragraphs
    )


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
