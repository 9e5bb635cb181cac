"""Loading the editable YAML files under content/ (overrides.yml, taxonomy.yml).

Every error names the file and the line: a malformed file is never read as empty.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .model import Overrides

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
        unknown = set(section) - {"split_before", "join"}
        if unknown:
            raise ConfigError(f"unknown keys {sorted(unknown)} under '{key}'", p,
                              line=_line_of(p, sorted(unknown)[0]))
    return Overrides(tuple(split_before), tuple(join), str(p))


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
