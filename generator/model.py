"""The data model: frozen dataclasses passed between the pipeline stages.

Stages: read (bytes -> Digest) -> split (Digest -> SplitResult of RawEntry) ->
metadata (RawEntry -> Entry) -> ids (Entry -> Entry with a permanent id) -> pages / site / search.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One non-blank source line.

    `text` keeps the source's own characters (only surrounding white space is trimmed);
    `norm` is the NFKC form used for analysis only (full-width ，（）： become , ( ) :).
    """

    number: int  # 1-based physical line number in the source file
    text: str
    norm: str


@dataclass(frozen=True)
class Digest:
    """A decoded source file."""

    name: str  # the file name, e.g. briefing-2022-11_2023-02.txt
    path: str
    encoding: str
    paragraphs: tuple[Paragraph, ...]
    blank_lines: int = 0
    marked: bool = False  # True when the file marks its entries itself (--- or headings)
    markers: tuple[int, ...] = ()  # line numbers of structural markers (--- separators)


@dataclass(frozen=True)
class EntryOverride:
    """An editor's correction of one entry's metadata, the entry named by its opening words."""

    opening: str  # NFKC form of the entry's first words
    line: int | None = None  # where it stands in overrides.yml, for messages
    date: str | None = None  # "2022-12-07" or "2022-12"
    title: str | None = None
    title_en: str | None = None
    tags_add: tuple[str, ...] = ()  # "议题/中美关系", "Countries/Germany" or "country/DE"
    tags_remove: tuple[str, ...] = ()


@dataclass(frozen=True)
class Overrides:
    """Editors' corrections: paragraphs identified by their opening words (NFKC form)."""

    split_before: tuple[str, ...] = ()
    join: tuple[str, ...] = ()
    source: str = ""  # the overrides file, for messages
    entries: tuple[EntryOverride, ...] = ()

    def for_entry(self, first_norm: str) -> EntryOverride | None:
        return next((e for e in self.entries if first_norm.startswith(e.opening)), None)

    def for_paragraph(self, norm: str) -> str | None:
        if any(norm.startswith(p) for p in self.join):
            return "join"
        if any(norm.startswith(p) for p in self.split_before):
            return "split"
        return None


@dataclass(frozen=True)
class Decision:
    """Why a paragraph starts an entry or continues the previous one."""

    number: int
    starts: bool
    cue: str  # what decided: the strongest feature, e.g. "lead-date", or "editor-split"
    score: float  # the boundary's log-odds: >0 start, <0 continuation; |score| small = unsure
    features: tuple[tuple[str, float], ...] = ()  # the top contributions (feature, weight x value)

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, self.score))))


@dataclass(frozen=True)
class Dropped:
    number: int
    text: str
    reason: str


@dataclass(frozen=True)
class RawEntry:
    """A run of consecutive paragraphs that form one entry, before metadata."""

    source: str
    paragraphs: tuple[Paragraph, ...]
    cue: str

    @property
    def first_line(self) -> int:
        return self.paragraphs[0].number

    @property
    def last_line(self) -> int:
        return self.paragraphs[-1].number

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def norm(self) -> str:
        return "\n".join(p.norm for p in self.paragraphs)


@dataclass(frozen=True)
class SplitResult:
    digest: Digest
    entries: tuple[RawEntry, ...]
    dropped: tuple[Dropped, ...]
    decisions: tuple[Decision, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DateInfo:
    """An entry's date: a value plus its precision, decided once in generator.dates."""

    value: dt.date | None
    precision: str  # "day", "month" or "none"
    basis: str  # the text that gave it
    end: dt.date | None = None

    def iso(self) -> str | None:
        if self.value is None:
            return None
        if self.precision == "month":
            return self.value.strftime("%Y-%m")
        return self.value.isoformat()


@dataclass(frozen=True, order=True)
class Tag:
    """A bilingual tag in one family (country, region, person, org, topic, publication)."""

    family: str
    key: str  # stable ASCII slug within the family, e.g. "JP", "antony-blinken"
    zh: str
    en: str

    @property
    def label(self) -> str:
        """The Material tag string, grouped by family, e.g. 国家/日本."""
        return f"{FAMILIES[self.family][0]}/{self.zh}"


# family -> (zh label, en label); the order is the order shown on pages
FAMILIES: dict[str, tuple[str, str]] = {
    "country": ("国家", "Countries"),
    "region": ("地区", "Regions"),
    "person": ("人物", "People"),
    "org": ("机构", "Organisations"),
    "topic": ("议题", "Topics"),
    "publication": ("来源", "Publications"),
}


@dataclass(frozen=True)
class Name:
    """A glossary name: Chinese and English forms of a person, organisation, publication or acronym."""

    kind: str  # "person", "org", "publication", "acronym"
    zh: str
    en: str
    aliases: tuple[str, ...] = ()  # other Chinese forms: short forms, variants


@dataclass(frozen=True)
class Entry:
    """An entry with its metadata; `id` is filled by generator.ids."""

    raw: RawEntry
    title: str
    title_en: str | None
    date: DateInfo
    tags: tuple[Tag, ...]
    names: tuple[Name, ...]  # names mentioned (people, orgs, publications, acronyms; places and things: kind "other")
    id: str = ""
    aliases: tuple[str, ...] = field(default=())  # former ids that redirect here
    issue: dt.date | None = None  # the digest's issue date: undated entries sort and list by it
    title_en_generated: bool = False  # title_en composed from the entry's names and tags, not given by the text
    edited: tuple[str, ...] = ()  # the fields an editor set in overrides.yml

    @property
    def source(self) -> str:
        return self.raw.source

    @property
    def source_lines(self) -> tuple[int, int]:
        return (self.raw.first_line, self.raw.last_line)
