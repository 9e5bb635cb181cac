"""The pipeline up to entries: read -> split -> metadata -> permanent ids.

`process` gathers everything in memory and returns it; it writes nothing except what the
caller asks for afterwards (pages, the lock file, the site).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import dates, entities, guard, ids
from .config import load_overrides, unknown_sections
from .errors import InputError
from .metadata import apply_override, assemble
from .model import DateInfo, Digest, Dropped, Entry, Overrides, RawEntry, SplitResult
from .read import check_name, digest_from_bytes, read_bytes
from .split import HEADER_REASON, SplitModel, split_digest

log = logging.getLogger(__name__)

DIGEST_SUFFIXES = (".txt", ".md", ".markdown")
LOCK_NAME = "ids.lock.json"
OVERRIDES_NAME = "overrides.yml"


@dataclass(frozen=True)
class Archive:
    entries: tuple[Entry, ...]
    results: tuple[SplitResult, ...]
    glossary: entities.Glossary
    lock: dict[str, ids.Locked]
    warnings: tuple[str, ...] = ()
    duplicates: tuple[Dropped, ...] = field(default=())


def find_digests(content_dir: str | Path) -> list[Path]:
    """Digests in a content folder (any case of .txt/.md), sorted so that builds are deterministic.

    A symbolic link that leads out of the folder is not followed, and a file that is not a
    digest is not read; both are reported (a link to /etc/passwd is never published)."""
    found, warnings = scan_content(content_dir)
    for w in warnings:
        log.warning("%s", w)
    return found


_CONTENT_FILES = {OVERRIDES_NAME, "taxonomy.yml", LOCK_NAME, "readme.md", "readme.txt"}


def scan_content(content_dir: str | Path) -> tuple[list[Path], list[str]]:
    """find_digests, plus a warning for each file it leaves out."""
    root = Path(content_dir)
    real_root = root.resolve()
    found, warnings = [], []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if any(part.startswith(".") for part in p.relative_to(root).parts):
            continue
        target = p.resolve()
        if real_root not in target.parents:  # a symbolic link (or a link in its path) leads out
            warnings.append(f"{p}: a link to {target}, outside the content folder: not read "
                            "(copy the file into the folder instead)")
            continue
        if not p.is_file():
            continue
        if p.suffix.lower() in DIGEST_SUFFIXES and p.name.lower() != "readme.md":
            found.append(p)
        elif rel.lower() not in _CONTENT_FILES:
            warnings.append(f"{p}: not a digest (only .txt and .md files are read): skipped")
    return found, warnings


def label(path: str | Path, content_dir: str | Path | None) -> str:
    """A digest's label (the `source` of its entries): its path relative to content/ (so two
    files of the same name in different subfolders differ), or its file name outside it."""
    p = Path(path)
    if content_dir is not None:
        root = Path(content_dir)
        for a, b in ((p.absolute(), root.absolute()), (p.resolve(), root.resolve())):  # the link's own name first
            with contextlib.suppress(ValueError):
                return a.relative_to(b).as_posix()
    return p.name


def code_files() -> list[Path]:
    """The generator's code and built-in data (names, taxonomy, the splitter's weights)."""
    root = Path(__file__).parent
    return sorted([*root.glob("*.py"), *root.glob("data/*.yml"), *root.glob("data/*.json")])


@functools.cache
def code_version() -> str:
    """A hash of the generator's code and built-in data: a cached result is reused only by the
    code that made it (refitted weights split anew)."""
    h = hashlib.sha1()
    for f in code_files():
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


def _key(*parts: object) -> str:
    return hashlib.sha1(repr((code_version(), *parts)).encode("utf-8")).hexdigest()


def read_all(sources: Sequence[str | Path], memo: dict | None = None,
             keys: list[str] | None = None, content_dir: str | Path | None = None) -> tuple[list[Digest], list[str]]:
    """Read every source; a digest whose bytes repeat an earlier one is skipped with a warning.

    `keys`, when given, receives one hash per digest read (of its label, path and bytes).
    Digests are labelled by their path relative to `content_dir` (see `label`); two sources
    with the same label are an error.
    """
    digests: list[Digest] = []
    warnings: list[str] = []
    seen: dict[str, str] = {}
    labels: dict[str, Path] = {}
    memo = memo if memo is not None else {}
    for src in sources:
        path = Path(src)
        name = label(path, content_dir)
        check_name(name, path)
        if name in labels and labels[name].resolve() != path.resolve():
            raise InputError(f"two digests are labelled {name!r} (this one and {labels[name]}): rename one, "
                             "or put both under the content folder, where labels are relative paths", path)
        labels[name] = path
        data = read_bytes(path)
        key = _key("read", name, str(path), hashlib.sha1(data).hexdigest())
        digest = memo.get(key)
        if digest is None:
            digest = memo[key] = digest_from_bytes(data, path, name)
        text_key = hashlib.sha1("\n".join(p.text for p in digest.paragraphs).encode()).hexdigest()
        if text_key in seen:
            msg = f"{src}: same text as {seen[text_key]}; skipped (no duplicate entries)"
            log.warning(msg)
            warnings.append(msg)
            continue
        seen[text_key] = str(src)
        digests.append(digest)
        if keys is not None:
            keys.append(key)
    return digests, warnings


def digest_dates(result: SplitResult, as_of: Mapping[str, dt.date] | dt.date | None = None) -> tuple[dt.date | None, list[DateInfo]]:
    """A digest's issue date and its entries' dates, placed by their neighbours.

    `as_of` overrides the issue date of the digests it names (by file name), or of a lone digest."""
    # by label (its path under content/) or by file name
    override = (as_of.get(result.digest.name, as_of.get(result.digest.name.rpartition("/")[2]))
                if isinstance(as_of, Mapping) else as_of)
    hint = dates.period_hint(result.digest.name)
    header = next((dates.header_date(p) for p in result.digest.paragraphs
                   if any(d.number == p.number and d.reason == HEADER_REASON for d in result.dropped)), None)
    issue = dates.issue_date(result.entries, override, hint, header)
    return issue, dates.date_entries(result.entries, issue, hint)


def describe(raw: RawEntry, when: tuple[DateInfo, dt.date | None], glossary: entities.Glossary,
             country_model: entities.CountryModel | None = None) -> Entry:
    """One entry's metadata: tags and names, titles; its date and issue date as placed by
    `dates.date_entries` and `dates.issue_date` over its whole digest."""
    tags, names = entities.tag_entry(raw, glossary, country_model)
    return replace(assemble(raw, when[0], tags, names, entities.article_title_en(raw)), issue=when[1])


# set in forked workers (describe_all): the glossary and the country model
_WORKER_GLOSSARY: tuple[entities.Glossary, entities.CountryModel | None] | None = None
PARALLEL_FROM = 2000  # entries, or paragraphs to split: below this, starting workers costs more than it saves


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _can_fork(size: int) -> bool:
    import multiprocessing

    return size >= PARALLEL_FROM and _cores() >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _fork_map(func, items: list) -> list:
    """func over items in one forked worker per core (items in chunks, results in order).

    Workers are forked, so they inherit what the parent holds (describe_all's glossary) instead
    of receiving it pickled; the items and the results are pickled. The stop signals are held
    while the workers start (guard.signals_held)."""
    import multiprocessing

    if not items:
        return []
    cores = _cores()
    size = -(-len(items) // (cores * 4))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    with guard.signals_held():
        pool = multiprocessing.get_context("fork").Pool(min(cores, len(chunks)), initializer=guard.forked_child)
    with pool:
        return [out for part in pool.map(func, chunks) for out in part]


def _describe_chunk(chunk: list[tuple[RawEntry, tuple[DateInfo, dt.date | None]]]) -> list[tuple[Entry, tuple]]:
    assert _WORKER_GLOSSARY is not None
    return [(describe(raw, day, *_WORKER_GLOSSARY), ids.fingerprint(raw.text)) for raw, day in chunk]


def describe_all(items: list[tuple[RawEntry, tuple[DateInfo, dt.date | None]]], glossary: entities.Glossary,
                 memo: dict | None = None, country_model: entities.CountryModel | None = None) -> list[Entry]:
    """describe() for many entries; on a large archive, in one forked worker per core.

    The workers also compute each text's fingerprint for the id lock (into `memo`).

    Metadata is pure and per entry, so the work splits cleanly. Where fork is not available it
    runs in-process.
    """
    global _WORKER_GLOSSARY
    if not _can_fork(len(items)):
        return [describe(raw, day, glossary, country_model) for raw, day in items]
    _WORKER_GLOSSARY = (glossary, country_model)
    try:
        done = _fork_map(_describe_chunk, items)
    finally:
        _WORKER_GLOSSARY = None
    if memo is not None:
        for entry, fp in done:
            memo[ids.fingerprint_key(entry.raw.text)] = fp
    return [entry for entry, _ in done]


def _split_chunk(chunk: list[tuple[Digest, Overrides | None, SplitModel | None]]) -> list[SplitResult]:
    return [split_digest(d, ov, model) for d, ov, model in chunk]


def split_all(todo: list[tuple[Digest, Overrides | None, SplitModel | None]]) -> list[SplitResult]:
    """split_digest() for many digests; on a large archive, in one forked worker per core
    (each digest is split on its own, so the work splits cleanly)."""
    if not _can_fork(sum(len(d.paragraphs) for d, _, _ in todo)):
        return _split_chunk(todo)
    return _fork_map(_split_chunk, todo)


def process(sources: Sequence[str | Path], content_dir: str | Path | None = None,
            as_of: Mapping[str, dt.date] | dt.date | None = None, lock_path: str | Path | None = None,
            timings: dict[str, float] | None = None, memo: dict | None = None,
            model: SplitModel | None = None, country_model: entities.CountryModel | None = None) -> Archive:
    """Read, split and describe every digest; assign permanent ids against the lock.

    `model` and `country_model`, when given, replace the splitter's and the country tagger's
    shipped weights (for cross-validation).
    `timings`, when given, receives the seconds spent in each stage (split, metadata, ids).
    `memo`, when given, holds results of earlier runs keyed by hashes of everything they
    depend on (code, bytes, overrides, the archive's glossary); generator.build keeps it on
    disk so that a re-run with nothing changed is near-free. It only ever adds keys.
    """
    memo = memo if memo is not None else {}
    clock = time.perf_counter()
    timings = timings if timings is not None else {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock
        clock = now

    content = Path(content_dir) if content_dir else None
    # the id lock first: a bad one (an id that is a path, a cycle of redirects) fails at once
    lock_file = Path(lock_path) if lock_path else (content / LOCK_NAME if content else None)
    old_lock = ids.read_lock(lock_file) if lock_file else {}
    digest_keys: list[str] = []
    digests, warnings = read_all(sources, memo, digest_keys, content)
    overrides_path = content / OVERRIDES_NAME if content else None
    if overrides_path is not None:  # a section for a misspelt digest name would be ignored silently
        known = {label(p, content) for p in scan_content(content)[0]} | {d.name for d in digests}
        warnings.extend(unknown_sections(overrides_path, known))
    taxonomy = entities.load_taxonomy(content)
    split_keys = []
    to_split: dict[str, tuple[Digest, Overrides | None, SplitModel | None]] = {}
    entry_overrides: dict[str, Overrides] = {}
    for d, digest_key in zip(digests, digest_keys):
        ov = load_overrides(overrides_path, d.name) if overrides_path else None
        if ov is not None and ov.entries:
            entry_overrides[d.name] = ov
        key = _key("split", digest_key, ov, model)
        if key not in memo:
            to_split[key] = (d, ov, model)
        split_keys.append(key)
    memo.update(zip(to_split, split_all(list(to_split.values()))))
    results = [memo[key] for key in split_keys]
    for result in results:
        warnings.extend(result.warnings)
    lap("split")
    taxonomy_file = content / "taxonomy.yml" if content else None
    taxonomy_bytes = taxonomy_file.read_bytes() if taxonomy_file and taxonomy_file.is_file() else b""
    glossary_key = _key("glossary", split_keys, taxonomy_bytes)
    glossary = memo.get(glossary_key)
    if glossary is None:
        glossary = memo[glossary_key] = entities.build_glossary([e for r in results for e in r.entries], taxonomy)

    # Two digests that share one identical entry: keep the first, report the second's lines.
    entries: list[Entry | None] = []
    todo: list[tuple[int, str, RawEntry, tuple[DateInfo, dt.date | None]]] = []
    duplicates: list[Dropped] = []
    seen_text: dict[str, str] = {}
    for result, split_key in zip(results, split_keys):
        day_key = _key("dates", split_key, as_of)
        if day_key not in memo:
            memo[day_key] = digest_dates(result, as_of)
        issue, placed = memo[day_key]
        for raw, info in zip(result.entries, placed):
            day = (info, issue)
            key = ids.text_hash(raw.text)
            if key in seen_text and seen_text[key] != raw.source:
                msg = f"{raw.source}:{raw.first_line}-{raw.last_line}: same text as an entry of {seen_text[key]}; kept once"
                log.warning(msg)
                warnings.append(msg)
                duplicates.extend(Dropped(p.number, p.text, f"duplicate of an entry in {seen_text[key]}")
                                  for p in raw.paragraphs)
                continue
            seen_text.setdefault(key, raw.source)
            meta_key = _key("meta", glossary_key, day, raw.source, raw.first_line, raw.last_line, raw.cue, raw.text,
                            *([] if country_model is None else [country_model]))
            entries.append(memo.get(meta_key))
            todo.append((len(entries) - 1, meta_key, raw, day))
    todo = [t for t in todo if entries[t[0]] is None]
    for (n, meta_key, _, _), entry in zip(todo, describe_all([(raw, day) for _, _, raw, day in todo], glossary, memo,
                                                                     country_model)):
        entries[n] = memo[meta_key] = entry
    warnings.extend(_apply_entry_overrides(entries, entry_overrides, glossary))  # type: ignore[arg-type]

    lap("metadata")
    assigned, new_lock = ids.assign_ids(entries, old_lock, memo)
    aliases: dict[str, list[str]] = {}
    for lk in new_lock.values():
        if lk.redirect:
            aliases.setdefault(lk.redirect, []).append(lk.id)
    entries = [replace(e, id=i, aliases=tuple(sorted(aliases.get(i, ())))) for e, i in zip(entries, assigned)]
    lap("ids")
    return Archive(tuple(entries), tuple(results), glossary, new_lock, tuple(warnings), tuple(duplicates))


def _apply_entry_overrides(entries: list[Entry], overrides: Mapping[str, Overrides],
                           glossary: entities.Glossary) -> list[str]:
    """Editors' metadata corrections, in place; a message for each that matched no entry or
    could not be applied."""
    problems: list[str] = []
    used: set[tuple[str, str]] = set()
    for n, entry in enumerate(entries):
        ov = overrides.get(entry.source)
        match = ov.for_entry(entry.raw.paragraphs[0].norm) if ov else None
        if ov is None or match is None:
            continue
        used.add((entry.source, match.opening))
        entries[n], found = apply_override(entry, match, glossary, ov.source)
        problems.extend(found)
    for name, ov in overrides.items():
        for e in ov.entries:
            if (name, e.opening) not in used:
                problems.append(f"{ov.source}:{e.line or '?'}: entry '{e.opening}' matches no entry of {name} "
                                "(name an entry by the opening words of its first paragraph)")
    for msg in problems:
        log.warning("%s", msg)
    return problems


def write_lock(lock: dict[str, ids.Locked], path: str | Path) -> None:
    """Write the id lock only when it changed (a re-run with nothing new leaves it untouched)."""
    text = ids.lock_text(lock)
    p = Path(path)
    if not p.is_file() or p.read_text(encoding="utf-8") != text:
        import os
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)  # atomic: a temporary file, then a rename
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, p)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
