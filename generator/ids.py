"""Permanent ids: short ASCII ids that survive edits, kept in a small lock file.

`content/ids.lock.json` maps every id ever published to the entry it names: the source
digest, its lines, a hash of its text and a bottom-k sketch of its character trigrams.
On each build, entries are matched to the lock in three passes:

1. the same text (hash) keeps its id, wherever the entry moved (reordering, new digests);
2. an edited entry (a typo fix, a re-split) keeps the id of the most similar locked entry
   (estimated trigram Jaccard >= 0.5);
3. anything else gets a new id from a hash of its source and text (plus a counter, so
   two entries with identical text still get distinct ids).

Ids in the lock that match no entry any more (an entry joined into another by an editor)
become redirects to the entry that now holds their lines (or, failing that, the nearest entry
of the same digest), so old links keep working. The lock only ever grows: an id is never
dropped, even when its whole digest is gone (it then stays in the lock unresolved, so that it
is never given to another entry and comes back if its text does).

The lock is a file the user owns and may edit by hand: every id and redirect read from it is
validated (`ID_PATTERN`; a redirect names an id of the lock and chains of redirects end at an
entry, never in a cycle) before any of it is used as a path.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from .model import Entry

log = logging.getLogger(__name__)

# What an id may be: it becomes a folder name (e/<id>/) and a file name (<id>.md), so nothing
# that a path could read as a separator, a parent or a hidden file. Generated ids are 8
# characters of lowercase base32; hand-made ones up to 64 of [a-z0-9_-], starting alphanumeric.
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_SKETCH_K = 12
_SIMILAR = 0.5
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Locked:
    """One id in the lock file."""

    id: str
    source: str
    lines: tuple[int, int]
    hash: str
    sketch: tuple[int, ...]
    redirect: str | None = None  # set when the entry is gone and its lines live in another


def text_hash(text: str) -> str:
    return hashlib.sha1(_WS.sub("", text).encode("utf-8")).hexdigest()[:16]


def sketch(text: str, k: int = _SKETCH_K) -> tuple[int, ...]:
    """Bottom-k MinHash sketch of character trigrams: a few numbers that estimate similarity."""
    compact = _WS.sub("", text)
    grams = {zlib.crc32(compact[i:i + 3].encode("utf-8")) for i in range(max(1, len(compact) - 2))}
    return tuple(sorted(grams)[:k])


def similarity(a: tuple[int, ...], b: tuple[int, ...], k: int = _SKETCH_K) -> float:
    """Estimated Jaccard similarity of two bottom-k sketches."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:k]
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


def new_id(source: str, text: str, taken: set[str]) -> str:
    """An 8-character lowercase base32 id from the source and text; a counter breaks ties."""
    for n in range(1000):
        digest = hashlib.sha1(f"{source}\n{n}\n{text}".encode("utf-8")).digest()
        candidate = base64.b32encode(digest).decode("ascii")[:8].lower()
        if candidate not in taken:
            return candidate
    raise RuntimeError("no free id")  # pragma: no cover - 1000 collisions of a 40-bit hash


def fingerprint_key(text: str) -> str:
    return "fingerprint:" + hashlib.sha1(text.encode("utf-8")).hexdigest()


def fingerprint(text: str) -> tuple[str, tuple[int, ...]]:
    """What the lock remembers of a text: its hash and its sketch."""
    return text_hash(text), sketch(text)


def _fingerprint(text: str, cache: dict | None) -> tuple[str, tuple[int, ...]]:
    key = fingerprint_key(text)
    if cache is not None and key in cache:
        return cache[key]
    value = fingerprint(text)
    if cache is not None:
        cache[key] = value
    return value


def assign_ids(entries: list[Entry], lock: dict[str, Locked],
               cache: dict | None = None) -> tuple[list[str], dict[str, Locked]]:
    """Give each entry a permanent id. Returns (ids in entry order, the new lock).

    `cache` (the pipeline's memo) keeps each text's hash and sketch between runs.
    """
    texts = [e.raw.text for e in entries]
    prints = [_fingerprint(t, cache) for t in texts]
    hashes = [h for h, _ in prints]
    sketches = [k for _, k in prints]
    ids: list[str | None] = [None] * len(entries)
    free = {i: lk for i, lk in lock.items() if lk.redirect is None}

    # 1. identical text keeps its id; among duplicates, prefer the same source and lines.
    by_hash: dict[str, list[Locked]] = {}
    for lk in free.values():
        by_hash.setdefault(lk.hash, []).append(lk)
    for n, e in enumerate(entries):
        cands = by_hash.get(hashes[n], [])
        if cands:
            cands.sort(key=lambda lk: (lk.source != e.source, abs(lk.lines[0] - e.source_lines[0])))
            chosen = cands.pop(0)
            ids[n] = chosen.id
            del free[chosen.id]

    # 2. edited entries: the most similar remaining locked entry, best pairs first.
    index: dict[int, set[str]] = {}
    for lk in free.values():
        for h in lk.sketch:
            index.setdefault(h, set()).add(lk.id)
    pairs: list[tuple[float, int, str]] = []
    for n in range(len(entries)):
        if ids[n] is not None:
            continue
        cands = set().union(*(index.get(h, set()) for h in sketches[n])) if sketches[n] else set()
        for cid in cands:
            s = similarity(sketches[n], free[cid].sketch)
            if entries[n].source == free[cid].source:
                s += 0.05  # the same digest breaks ties between equally similar entries
            if s >= _SIMILAR:
                pairs.append((s, n, cid))
    for _, n, cid in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if ids[n] is None and cid in free:
            ids[n] = cid
            del free[cid]

    # 3. new ids for the rest.
    taken = set(lock) | {i for i in ids if i}
    for n, e in enumerate(entries):
        if ids[n] is None:
            ids[n] = new_id(e.source, texts[n], taken)
            taken.add(ids[n])

    final = [i for i in ids if i is not None]
    new_lock = {
        i: Locked(i, e.source, e.source_lines, hashes[n], sketches[n])
        for n, (i, e) in enumerate(zip(final, entries))
    }
    # 4. ids that lost their entry redirect to the entry that now holds their first line, or
    # else to the nearest entry of the same digest; none is ever dropped from the lock.
    live = set(final)
    by_source: dict[str, list[tuple[int, int, str]]] = {}
    for i, e in zip(final, entries):
        by_source.setdefault(e.source, []).append((e.source_lines[0], e.source_lines[1], i))
    unread: dict[str, int] = {}  # ids of the digests this run has no entry of (not given it, or removed)
    for lk in lock.values():
        if lk.id in new_lock:
            continue
        target = _resolve(lk.redirect, lock) if lk.redirect else None
        spans = by_source.get(lk.source, [])
        if target not in live:
            target = next((i for first, last, i in spans if first <= lk.lines[0] <= last), None)
        if target is None and spans:
            target = min(spans, key=lambda s: (abs(s[0] - lk.lines[0]), s[0]))[2]
        if target in live:
            new_lock[lk.id] = Locked(lk.id, lk.source, lk.lines, lk.hash, lk.sketch, target)
        else:
            if lk.source in by_source:
                log.warning("id %s (%s:%d-%d) no longer names an entry: kept in the lock", lk.id, lk.source, *lk.lines)
            else:
                unread[lk.source] = unread.get(lk.source, 0) + 1
            new_lock[lk.id] = Locked(lk.id, lk.source, lk.lines, lk.hash, lk.sketch, None)
    for source, count in sorted(unread.items()):  # one line per digest, not one per id
        log.warning("%d id(s) of %s name no entry: the digest is not among those read; kept in the lock", count, source)
    assert set(lock) <= set(new_lock), "the lock only grows"
    return final, new_lock


def _resolve(target: str, lock: dict[str, Locked]) -> str:
    """The id at the end of a chain of redirects (the lock was validated: no cycles)."""
    while lock.get(target) is not None and lock[target].redirect:
        target = lock[target].redirect  # type: ignore[assignment]
    return target


def lock_text(lock: dict[str, Locked]) -> str:
    """The lock file: JSON, one id per line sorted by id, so that it diffs well and loads fast."""
    rows = []
    for i in sorted(lock):
        lk = lock[i]
        item = {"source": lk.source, "lines": list(lk.lines), "hash": lk.hash,
                "sketch": " ".join(f"{h:08x}" for h in lk.sketch)}
        if lk.redirect:
            item["redirect"] = lk.redirect
        rows.append(f"{json.dumps(i)}: {json.dumps(item, ensure_ascii=False)}")
    return ('{"comment": "Permanent ids of entries: updated by the build, committed with the content. '
            'See README, Permanent links.",\n "version": 1,\n "ids": {\n' + ",\n".join(rows) + "\n}}\n")


def read_lock(path: str | Path) -> dict[str, Locked]:
    """The lock file's ids; a missing file is an empty lock, a malformed one an error naming the
    line and the id: ids that are not ID_PATTERN, redirects to unknown ids, cycles of redirects."""
    from .errors import ConfigError

    p = Path(path)
    if not p.exists():
        return {}
    try:
        text = p.read_text(encoding="utf-8")
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"malformed id lock: {exc.msg}; fix it or restore it from version control", p,
                          line=exc.lineno) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 ({exc.reason})", p, offset=exc.start) from None
    except OSError as exc:
        raise ConfigError(f"cannot read the id lock: {exc.strerror}", p) from None
    if not isinstance(data, dict) or not isinstance(data.get("ids", {}), dict):
        raise ConfigError("expected 'version' and an 'ids' mapping", p, line=1)

    def fail(i: object, reason: str) -> ConfigError:
        return ConfigError(f"id {json.dumps(i, ensure_ascii=False)}: {reason}; fix the entry or restore the "
                           "lock from version control", p, line=_line_of(text, i))

    lock: dict[str, Locked] = {}
    for i, item in (data.get("ids") or {}).items():
        if not isinstance(i, str) or not ID_PATTERN.fullmatch(i):
            raise fail(i, "not a valid id (1-64 of a-z 0-9 _ -, starting with a letter or digit)")
        try:
            first, last = (int(n) for n in item["lines"])
            redirect = item.get("redirect")
            lock[i] = Locked(i, str(item["source"]), (first, last), str(item["hash"]),
                             tuple(int(h, 16) for h in str(item.get("sketch", "")).split()), redirect)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise fail(i, f"malformed entry ({exc!r})") from None
        if not (1 <= first <= last):
            raise fail(i, f"lines {first}-{last} are not a range of line numbers")
        if redirect is not None and (not isinstance(redirect, str) or not ID_PATTERN.fullmatch(redirect)):
            raise fail(i, f"redirect {json.dumps(redirect, ensure_ascii=False)} is not a valid id")
    # every chain of redirects ends at an id without one: a cycle would make the build loop
    done: set[str] = set()
    for i in lock:
        chain: list[str] = []
        seen: set[str] = set()
        at: str | None = i
        while at is not None and at not in done:
            if at in seen:
                cycle = chain[chain.index(at):] + [at]
                raise fail(i, "redirects in a cycle: " + " -> ".join(cycle))
            seen.add(at)
            chain.append(at)
            target = lock[at].redirect
            if target is not None and target not in lock:
                raise fail(at, f"redirects to {target!r}, which is not in the lock")
            at = target
        done.update(chain)
    return lock


def _line_of(text: str, key: object) -> int | None:
    """The line of the lock where an id is a key (the file has one id per line)."""
    needle = json.dumps(key, ensure_ascii=False) + ":"
    at = text.find(needle)
    if at < 0:
        at = text.find(json.dumps(key) + ":")
    return text.count("\n", 0, at) + 1 if at >= 0 else None
