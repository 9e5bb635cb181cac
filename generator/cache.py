"""The build's memo on disk (BUILD/cache.json): data, never code.

A pickle runs whatever code its bytes name, so a crafted cache file could take over the build.
This cache is JSON: plain values, tuples, dates, and the pipeline's frozen dataclasses, each
tagged with its class name and rebuilt only from the short list in `_classes()`; anything
else (another class, a malformed or truncated file, another format version) is discarded with
a warning and rebuilt. The file is written atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CACHE_NAME = "cache.json"
FORMAT = 1


@functools.cache
def _classes() -> dict[str, type]:
    """The only classes a cache may hold (by name): the pipeline's frozen data."""
    from . import entities, model

    return {c.__name__: c for c in (
        model.Paragraph, model.Digest, model.Decision, model.Dropped, model.RawEntry, model.SplitResult,
        model.DateInfo, model.Tag, model.Name, model.Entry,
        entities.Topic, entities.Bloc, entities.CuratedName, entities.Taxonomy, entities.GlossaryItem,
        entities.Glossary,
    )}


@functools.cache
def _fields(cls: type) -> tuple[str, ...]:
    # private fields (Glossary's compiled regexes) are derived in __post_init__: not stored
    return tuple(f.name for f in dataclasses.fields(cls) if f.init and not f.name.startswith("_"))


_SCALARS = frozenset({type(None), bool, int, float, str})


def encode(value: Any) -> Any:
    """A JSON-able form of a memo value (tagged lists for tuples, dates, mappings, dataclasses).
    Dispatched on the exact type first (a 10,000-entry memo holds millions of values); a
    subclass falls through to the isinstance checks."""
    cls = type(value)
    if cls in _SCALARS:
        return value
    if cls is tuple:
        return {"t": [encode(v) for v in value]}
    if cls is list:
        return [encode(v) for v in value]
    if cls.__name__ in _classes() and _classes()[cls.__name__] is cls:
        return {"c": cls.__name__, "v": [encode(getattr(value, f)) for f in _fields(cls)]}
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return {"t": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return {"s": sorted((encode(v) for v in value), key=repr)}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _classes():
        return {"c": cls.__name__, "v": [encode(getattr(value, f)) for f in _fields(cls)]}
    if isinstance(value, dict) or hasattr(value, "items"):
        return {"m": [[encode(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"not cacheable: {type(value).__name__}")


def _hook(obj: dict) -> Any:
    if len(obj) == 1:
        (tag, body), = obj.items()
        if tag == "t":
            return tuple(body)
        if tag == "d":
            return dt.date.fromisoformat(body)
        if tag == "m":
            return {_hashable(k): v for k, v in body}
        if tag == "s":
            return frozenset(_hashable(v) for v in body)
    elif obj.keys() == {"c", "v"}:
        cls = _classes().get(obj["c"])
        if cls is None:
            raise ValueError(f"unknown class {obj['c']!r}")
        return cls(**dict(zip(_fields(cls), obj["v"], strict=True)))  # by name: private fields sit between
    raise ValueError(f"unexpected object with keys {sorted(obj)[:4]}")


def _hashable(v: Any) -> Any:
    return tuple(_hashable(x) for x in v) if isinstance(v, list) else v


def dumps(memo: dict[str, Any]) -> str:
    """The cache file's text; a value that cannot be stored is left out (it is only a cache)."""
    rows = []
    for k, v in memo.items():
        try:
            rows.append([k, encode(v)])
        except TypeError as exc:
            log.debug("cache: %s left out (%s)", k, exc)
    return json.dumps({"format": FORMAT, "memo": {"m": rows}}, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> dict[str, Any]:
    """The memo in a cache file's text; ValueError when it is not one."""
    head, sep, _ = text.partition(',"memo":')
    if not sep or head != '{"format":' + str(FORMAT):
        raise ValueError("another format")
    data = json.loads(text, object_hook=lambda o: o if o.keys() == {"format", "memo"} else _hook(o))
    memo = data.get("memo") if isinstance(data, dict) else None
    if not isinstance(memo, dict) or not all(isinstance(k, str) for k in memo):
        raise ValueError("not a memo")
    return memo


def load(path: Path) -> dict[str, Any]:
    """The cached memo, or {} (with a warning) when the file is missing, unreadable or not a cache."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("%s: cache unreadable (%s); discarded, rebuilding", path, exc)
        return {}
    try:
        return loads(text)
    except (ValueError, TypeError, KeyError, RecursionError) as exc:
        log.warning("%s: not a valid cache (%s); discarded, rebuilding", path, str(exc)[:200])
        with contextlib.suppress(OSError):
            path.unlink()
        return {}


def save(memo: dict[str, Any], path: Path) -> None:
    """Write the memo atomically (a temporary file in the same folder, then a rename)."""
    text = dumps(memo)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
