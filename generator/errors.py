"""A small exception tree: every error names the file, and the line or byte where it applies."""

from __future__ import annotations

from pathlib import Path


class BriefingError(Exception):
    """Base class of every error the generator raises on purpose."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None,
                 offset: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.offset = offset
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where += f":{self.line}"
        if self.offset is not None:
            where += f" (byte {self.offset})"
        return f"{where}: {self.message}" if where else self.message


class InputError(BriefingError):
    """A digest cannot be read: missing, empty, binary or undecodable."""


class ConfigError(BriefingError):
    """An editable file under content/ (overrides.yml, taxonomy.yml, ids.lock.json) is malformed."""


class BuildError(BriefingError):
    """The site could not be built (MkDocs or the search indexer failed)."""
