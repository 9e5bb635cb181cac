"""Loading the editable YAML files under content/ (overrides.yml, taxonomy.yml).

Every error names the file and the line: a malformed file is never read as empty.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .model import EntryOverride, Overrides

log = logging.getLogger(__name__)


def load_yaml(path: str | Path) -> Any:
    """Parse a YAML file; a missing file is None, a malformed one a ConfigError with its line."""
    p = Path(path)
    if not p.exists():
        return None
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 ({exc.reason})", p, offset=exc.start) from None
    except IsADirectoryError:
        raise ConfigError("is a folder, not a file: remove or rename it", p) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", p) from None
    try:
        # libyaml's loader when PyYAML has it: the same safe constructor, and the id lock of a
        # 10,000-entry archive loads in a fraction of a second instead of seconds
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"malformed YAML: {exc.problem or exc}", p, line=line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"malformed YAML: {exc}", p) from None
    except ValueError as exc:  # a scalar YAML reads as a date that is none: "2022-13-40"
        raise ConfigError(f"malformed value: {exc}", p, line=_bad_date_line(text)) from None


def _bad_date_line(text: str) -> int | None:
    """The line of the first scalar that looks like a date but is not one."""
    def walk(node: yaml.Node) -> int | None:
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":timestamp"):
                try:
                    dt.date.fromisoformat(node.value[:10])
                except ValueError:
                    return node.start_mark.line + 1
            return None
        children = node.value if isinstance(node, yaml.SequenceNode) else [x for kv in node.value for x in kv]
        return next((n for c in children if (n := walk(c)) is not None), None)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    return walk(root) if root is not None else None


def _line_of(path: Path, needle: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if needle in line:
            return number
    return None


def load_overrides(path: str | Path, digest_name: str) -> Overrides:
    """The editor's split/join corrections that apply to one digest.

    Format (keys are digest file names, or "*" for every digest)::

        briefing-2022-11_2023-02.txt:
          split_before: ["美国国务卿安东尼·布林肯在《华尔街日报》"]
          join: ["2022年5月,美国与"]
    """
    p = Path(path)
    data = load_yaml(p)
    if data is None:
        return Overrides()
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of digest file names to split_before/join lists", p, line=1)
    from .read import normalise

    split_before: list[str] = []
    join: list[str] = []
    entries: list[EntryOverride] = []
    for key in ("*", digest_name):
        section = data.get(key)
        if section is None:
            continue
        if not isinstance(section, dict):
            raise ConfigError(f"'{key}' must map to split_before/join lists", p, line=_line_of(p, str(key)))
        for kind, target in (("split_before", split_before), ("join", join)):
            values = section.get(kind, []) or []
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise ConfigError(f"'{key}.{kind}' must be a list of opening words", p,
                                  line=_line_of(p, kind))
            target.extend(normalise(v.strip()) for v in values)
        entries.extend(_entry_overrides(section.get("entries"), p, normalise))
        unknown = set(section) - {"split_before", "join", "entries"}
        if unknown:
            raise ConfigError(f"unknown keys {sorted(unknown)} under '{key}'", p,
                              line=_line_of(p, sorted(unknown)[0]))
    return Overrides(tuple(split_before), tuple(join), str(p), tuple(entries))


_ENTRY_KEYS = {"date", "title", "title_en", "tags"}


def _entry_overrides(section: Any, p: Path, normalise: Any) -> list[EntryOverride]:
    """The `entries:` mapping of one digest: opening words -> date, title, title_en, tags.

        entries:
          "美国国务卿安东尼·布林肯在《华尔街日报》":
            date: 2022-12-07
            title: 布林肯接受《华尔街日报》采访谈中美关系
            title_en: Blinken on US–China relations at the WSJ CEO Council
            tags: {add: [议题/中美关系], remove: [国家/德国]}
    """
    if section is None:
        return []
    if not isinstance(section, dict):
        raise ConfigError("'entries' must map an entry's opening words to its corrections", p, line=_line_of(p, "entries"))
    out = []
    for opening, fields in section.items():
        line = _line_of(p, str(opening))
        where = f"entry '{opening}'"
        if not isinstance(opening, str) or not opening.strip():
            raise ConfigError("an entry is named by its opening words (a string)", p, line=line)
        if not isinstance(fields, dict) or not fields:
            raise ConfigError(f"{where}: expected date, title, title_en or tags", p, line=line)
        unknown = set(fields) - _ENTRY_KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(_ENTRY_KEYS)})", p, line=line)
        date = fields.get("date")
        if isinstance(date, dt.date):
            date = date.isoformat()
        if date is not None:
            date = str(date)
            try:
                dt.date.fromisoformat(date if len(date) > 7 else f"{date}-01")
            except ValueError:
                raise ConfigError(f"{where}: date '{date}' is not YYYY-MM-DD or YYYY-MM", p, line=line) from None
        for key in ("title", "title_en"):
            if key in fields and (not isinstance(fields[key], str) or not fields[key].strip()):
                raise ConfigError(f"{where}: {key} must be a non-empty string", p, line=line)
        tags = fields.get("tags") or {}
        if not isinstance(tags, dict) or set(tags) - {"add", "remove"} or not all(
                isinstance(v, list) and all(isinstance(t, str) and "/" in t for t in v) for v in tags.values()):
            raise ConfigError(f"{where}: tags must be {{add: [族/标签, …], remove: [族/标签, …]}}, e.g. 议题/中美关系",
                              p, line=line)
        out.append(EntryOverride(
            opening=normalise(opening.strip()), line=line, date=date,
            title=fields.get("title", "").strip() or None, title_en=fields.get("title_en", "").strip() or None,
            tags_add=tuple(tags.get("add", ())), tags_remove=tuple(tags.get("remove", ()))))
    return out


def unknown_sections(path: str | Path, known: set[str]) -> list[str]:
    """A warning for each section of overrides.yml that names no known digest (a misspelt name
    would otherwise be ignored without a word)."""
    p = Path(path)
    data = load_yaml(p)
    if not isinstance(data, dict):
        return []
    out = []
    for key in data:
        if key != "*" and str(key) not in known:
            line = _line_of(p, str(key))
            out.append(f"{p}{f':{line}' if line else ''}: section '{key}' names no digest in the content folder "
                       f"(digests are named by their path under it, e.g. {sorted(known)[0] if known else 'x.txt'}); "
                       "check the spelling")
    for w in out:
        log.warning("%s", w)
    return out
