"""Byte-for-byte reproducible Pagefind bundles (upstream Pagefind issue #638).

Pagefind 1.x writes its filter index and the filter list of its metadata file in hash-map
order, which changes from run to run, and names those files after a hash of their bytes: two
runs over the same records give different `filter/*.pf_filter`, `pagefind.*.pf_meta` and
`pagefind-entry.json`. `normalise_bundle` rewrites them in a canonical order after each run:
every filter file with its values sorted, the metadata's filter list sorted by name, and the
names derived from the new bytes, with the references to them (metadata, entry file) updated.
What the browser reads is unchanged: the same filters, values and pages, only in sorted order.

The files are gzip-compressed, `pagefind_dcd`-prefixed CBOR (definite lengths, shortest
integers, as minicbor writes it); the small codec below reads and writes exactly that subset.
A file this module does not understand is a BuildError naming it (a Pagefind upgrade that
changed the format must be looked at, not silently left unstable).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import struct
from pathlib import Path
from typing import Any

from .errors import BuildError

log = logging.getLogger(__name__)

_MAGIC = b"pagefind_dcd"


class _Map(list):
    """A CBOR map, kept as a list of (key, value) pairs in file order."""


def _decode(b: bytes, i: int = 0) -> tuple[Any, int]:
    ib = b[i]
    major, info = ib >> 5, ib & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(b[i:i + size], "big")
        i += size
    else:
        raise ValueError(f"unsupported CBOR item 0x{ib:02x} at byte {i - 1}")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(b[i:i + n]), i + n
    if major == 3:
        return b[i:i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            v, i = _decode(b, i)
            items.append(v)
        return items, i
    if major == 5:
        pairs = _Map()
        for _ in range(n):
            k, i = _decode(b, i)
            v, i = _decode(b, i)
            pairs.append((k, v))
        return pairs, i
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], i
    raise ValueError(f"unsupported CBOR major type {major} at byte {i - 1}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError("integer too large")


def _encode(v: Any) -> bytes:
    if v is False or v is True or v is None:
        return bytes([0xF4 if v is False else 0xF5 if v is True else 0xF6])
    if isinstance(v, int):
        return _head(0, v) if v >= 0 else _head(1, -1 - v)
    if isinstance(v, bytes):
        return _head(2, len(v)) + v
    if isinstance(v, str):
        data = v.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(v, _Map):
        return _head(5, len(v)) + b"".join(_encode(k) + _encode(x) for k, x in v)
    if isinstance(v, list):
        return _head(4, len(v)) + b"".join(_encode(x) for x in v)
    raise TypeError(type(v).__name__)


def read_pf(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_MAGIC):
        raise ValueError("no pagefind_dcd header")
    value, end = _decode(raw, len(_MAGIC))
    if end != len(raw):
        raise ValueError(f"{len(raw) - end} bytes after the data")
    return value


def _pf_bytes(value: Any) -> bytes:
    return gzip.compress(_MAGIC + _encode(value), compresslevel=9, mtime=0)


def _write_named(folder: Path, prefix: str, suffix: str, width: int, value: Any) -> str:
    """Write a Pagefind file named after its content; returns the hash part of the name."""
    data = _pf_bytes(value)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:width]}"
    target = folder / f"{name}{suffix}"
    tmp = folder / f".{name}{suffix}.tmp"
    tmp.write_bytes(data)  # a new file: never write into one that may be hard-linked from a cache
    os.replace(tmp, target)
    return name


def normalise_bundle(bundle: Path) -> None:
    """Rewrite a Pagefind bundle's filter index and metadata in canonical order (module docstring)."""
    entry_file = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"unreadable Pagefind entry file ({exc})", entry_file) from None
    for lang, info in sorted(languages.items()):
        meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
        try:
            meta = read_pf(meta_file)
            filters = meta[3]
            renamed: dict[str, str] = {}
            for pair in filters:
                name, old = pair
                if old in renamed:
                    continue
                path = bundle / "filter" / f"{old}.pf_filter"
                chunk = read_pf(path)
                if not (isinstance(chunk, list) and len(chunk) == 2 and isinstance(chunk[1], list)):
                    raise ValueError(f"unexpected filter chunk layout in {path.name}")
                chunk[1].sort(key=lambda row: _encode(row[0]))  # each row: [value, [page numbers]]
                for row in chunk[1]:
                    row[1].sort()
                new = _write_named(bundle / "filter", f"{lang}_", ".pf_filter", 7, chunk)
                if new != old:
                    path.unlink()
                renamed[old] = new
            meta[3] = sorted(([n, renamed[h]] for n, h in filters), key=lambda p: p[0])
        except (OSError, ValueError, IndexError, TypeError) as exc:
            raise BuildError(f"Pagefind's metadata is not in the expected format ({exc}); "
                             f"pin the Pagefind version in pyproject.toml", meta_file) from None
        new_meta = _write_named(bundle, f"{lang}_", ".pf_meta", 10, meta)
        target = bundle / f"pagefind.{new_meta}.pf_meta"
        os.replace(bundle / f"{new_meta}.pf_meta", target)
        if target != meta_file:
            meta_file.unlink()
        info["hash"] = new_meta
    tmp = bundle / ".pagefind-entry.json.tmp"
    tmp.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, entry_file)
