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
become redirects to the entry that now holds their lines, so old links keep working.
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
    # 4. ids that lost their entry redirect to the entry that now holds their first line.
    for lk in lock.values():
        if lk.id in new_lock:
            continue
        target = lk.redirect
        if target is None:
            target = next((i for i, e in zip(final, entries)
                           if e.source == lk.source and e.source_lines[0] <= lk.lines[0] <= e.source_lines[1]), None)
        while target is not None and target not in new_lock and lock.get(target) and lock[target].redirect:
            target = lock[target].redirect  # follow chains of redirects
        if target in new_lock:
            new_lock[lk.id] = Locked(lk.id, lk.source, lk.lines, lk.hash, lk.sketch, target)
        else:
            log.info("id %s (%s:%d-%d) no longer names an entry", lk.id, lk.source, *lk.lines)
    return final, new_lock


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
    """The lock file's ids; a missing file is an empty lock, a malformed one an error with its line."""
    from .errors import ConfigError

    p = Path(path)
    if not p.exists():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"malformed id lock: {exc.msg}", p, line=exc.lineno) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 ({exc.reason})", p, offset=exc.start) from None
    if not isinstance(data, dict) or not isinstance(data.get("ids", {}), dict):
        raise ConfigError("expected 'version' and an 'ids' mapping", p, line=1)
    lock = {}
    for i, item in (data.get("ids") or {}).items():
        try:
            lock[str(i)] = Locked(str(i), str(item["source"]), (int(item["lines"][0]), int(item["lines"][1])),
                                  str(item["hash"]), tuple(int(h, 16) for h in str(item.get("sketch", "")).split()),
                                  item.get("redirect"))
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ConfigError(f"malformed lock entry '{i}': {exc!r}", p) from None
    return lock
