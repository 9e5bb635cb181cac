"""The site's pages as data (pure): what each page is, lists, links, pagination; feed, manifest.

Everything here turns entries into `SitePage` values for one language: a source path, a
title, an engine-neutral Markdown text (YAML front matter plus a body) and the data its
template lays out (`site_overrides/entry.html`, `list.html`, …). The MkDocs plugin
(generator.mkdocs_plugin) hands them to MkDocs as generated files; nothing here writes HTML.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .i18n import FAMILY_NAMES, LABELS, month_name
from .model import FAMILIES, Entry, Name, Tag
from .pages import dump_front_matter, front_matter, markdown_escape, render_body

log = logging.getLogger(__name__)

HOME_LATEST = 30
RELATED = 5
FEED_SIZE = 50
PER_PAGE = 250  # entries per list page: ~60 KB of HTML, well under 300 KB at any archive size
# The feed lives in a folder of its own: Material's script fetches "sitemap.xml" beside every
# <link rel="alternate"> of a page (to map pages between languages), so a feed at the root
# would make every page view download the whole site map; feeds/sitemap.xml is an empty one.
FEED_PATH = "feeds/atom.xml"
EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')
GLOSSARY_KINDS = ("person", "org", "publication", "acronym", "other")


# ------------------------------------------------------------------ URLs (directory URLs, '' is the root)
def entry_url(entry_id: str) -> str:
    return f"e/{entry_id}/"


def tag_url(tag: Tag) -> str:
    return f"tags/{tag.family}/{tag.key.lower()}/"


def month_url(key: tuple[int, int] | None) -> str:
    return f"archive/{key[0]}/{key[1]:02d}/" if key else "archive/undated/"


def digest_url(name: str) -> str:
    """A digest's page: its file name without the suffix, in URL-safe characters."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return "digests/" + (re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "digest") + "/"


def page_url(base: str, page: int) -> str:
    """Page 1 of a list lives at its base URL, page n at base/n/."""
    return base if page == 1 else f"{base}{page}/"


def src_uri(url: str) -> str:
    """The source path of the page at a directory URL: "e/x/" -> "e/x/index.md"."""
    return url + "index.md"


def rel(from_url: str, to_url: str) -> str:
    """A relative link between two directory URLs of one language tree ('' is the root).

    Always up to the root and down again ("../../tags/x/"): correct under any sub-path, and a
    string operation (posixpath.relpath was a tenth of page generation at 10,000 entries).
    """
    up = "../" * from_url.count("/")
    return (up + to_url) or "./"


def list_date(e: Entry) -> dt.date | None:
    """The date an entry lists, sorts and feeds under: its own, else its digest's issue date."""
    return e.date.value or e.issue


def sort_key(e: Entry) -> tuple:
    """Oldest first, by list_date (an undated entry stands at its digest's issue date); entries
    without either first; then by source and line for a stable order."""
    return (list_date(e) or dt.date.min, e.source, e.source_lines[0])


def title_in(e: Entry, lang: str) -> str:
    return e.title_en if lang == "en" and e.title_en else e.title


def month_key(e: Entry) -> tuple[int, int] | None:
    d = list_date(e)
    return (d.year, d.month) if d else None


# The families a teaser shows first (home page): what the entry is about, then who
TEASER_FAMILIES = ("topic", "person", "org", "country", "region", "publication")
TEASER_TAGS = 4
_SENTENCE_END = re.compile(r"[。!?！？]")


def teaser_tags(e: Entry, count: int = TEASER_TAGS) -> tuple[Tag, ...]:
    """A few of an entry's tags for a list row: topics first, then people, organisations, places."""
    return tuple(sorted(e.tags, key=lambda t: TEASER_FAMILIES.index(t.family))[:count])


def excerpt(e: Entry, limit: int = 240) -> str:
    """What follows the headline's sentence (a list row clamps it to a line or two with CSS);
    the first paragraph when nothing follows. Cut at `limit` characters only to bound the page's
    size: the reader sees the CSS clamp's ellipsis well before that."""
    first = e.raw.paragraphs[0].text
    end = _SENTENCE_END.search(first)
    rest = first[end.end():] if end else ""
    text = " ".join([rest, *(p.text for p in e.raw.paragraphs[1:])]).strip() or first
    return text[:limit]


# ------------------------------------------------------------------ cross-entry data
@dataclass(frozen=True)
class Links:
    """Cross-entry data computed once for the whole archive (both languages)."""

    ordered: tuple[Entry, ...]  # by date
    prev: dict[str, Entry | None]
    next: dict[str, Entry | None]
    related: dict[str, tuple[Entry, ...]]
    by_tag: dict[Tag, tuple[Entry, ...]]  # newest first

    def related_ids(self) -> dict[str, tuple[str, ...]]:
        """Entry id -> the ids of its related entries (what the search index carries)."""
        return {k: tuple(e.id for e in v) for k, v in self.related.items()}


def link_entries(entries: Sequence[Entry], related_count: int = RELATED) -> Links:
    ordered = tuple(sorted(entries, key=sort_key))
    prev = {e.id: (ordered[i - 1] if i else None) for i, e in enumerate(ordered)}
    nxt = {e.id: (ordered[i + 1] if i + 1 < len(ordered) else None) for i, e in enumerate(ordered)}
    postings: dict[Tag, list[int]] = defaultdict(list)
    for i, e in enumerate(ordered):
        for t in e.tags:
            postings[t].append(i)
    n = len(ordered)
    # Related: entries that share tags, rarer tags weighing more (idf), looking only at each
    # tag's nearest entries in time so that the cost stays linear in the archive's size.
    related: dict[str, tuple[Entry, ...]] = {}
    for i, e in enumerate(ordered):
        scores: Counter[int] = Counter()
        for t in e.tags:
            post = postings[t]
            if len(post) < 2:
                continue
            idf = math.log(1 + n / len(post))
            k = bisect.bisect_left(post, i)
            for j in post[max(0, k - 8): k + 9]:
                if j != i:
                    scores[j] += idf
        best = sorted(scores.items(), key=lambda kv: (-kv[1], abs(kv[0] - i), kv[0]))[:related_count]
        related[e.id] = tuple(ordered[j] for j, _ in best)
    by_tag = {t: tuple(ordered[i] for i in reversed(post)) for t, post in postings.items()}
    return Links(ordered, prev, nxt, related, by_tag)


# ------------------------------------------------------------------ pages
@dataclass(frozen=True)
class Ref:
    """A link to another page: its directory URL (from the root of the language tree) and text."""

    url: str
    title: str


@dataclass(frozen=True)
class Pager:
    """Where a list page stands among the pages of its list."""

    number: int
    urls: tuple[str, ...]  # every page of the list, page 1 first

    @property
    def count(self) -> int:
        return len(self.urls)


@dataclass(frozen=True)
class SitePage:
    """One generated page of one language tree.

    `front_matter()` and `text()` are the engine-neutral Markdown page (`markdown()`): plain
    data in the front matter, literal text in the body; an entry page makes them from its
    entry when asked (`meta` and `body` are empty), so that 10,000 of them are not held in
    memory at once. `template` and `data` are for this theme only: the template in
    site_overrides/ that lays the page out, and what it lists.
    """

    url: str  # directory URL, e.g. "e/abc12345/"; '' is the home page
    kind: str  # entry, alias, home, month, tag, digest, archive, tags, glossary, glossary-kind, search
    title: str
    template: str
    meta: Mapping = field(default_factory=dict)
    body: str = ""
    data: Mapping = field(default_factory=dict)
    in_nav: bool = False
    entry: Entry | None = None  # an entry page's entry: its front matter and body

    @property
    def src_uri(self) -> str:
        return src_uri(self.url)

    def front_matter(self) -> dict:
        if self.entry is None:
            return {"title": self.title, **self.meta}
        return {**front_matter(self.entry), "title": self.title}  # the title in this page's language

    def text(self) -> str:
        return render_body(self.entry) if self.entry is not None else self.body

    def markdown(self) -> str:
        return f"---\n{dump_front_matter(self.front_matter())}---\n\n{self.text()}\n"


@dataclass(frozen=True)
class EntryView:
    """What an entry page shows besides its body: tags and names grouped, neighbours."""

    entry: Entry
    chips: tuple[tuple[str, tuple[Tag, ...]], ...]  # (family, tags), in FAMILIES order
    names: tuple[tuple[str, tuple[Name, ...]], ...]  # (kind, names)
    prev: Entry | None
    next: Entry | None
    related: tuple[Entry, ...]
    digest_url: str


def entry_view(e: Entry, links: Links) -> EntryView:
    chips = tuple((f, tuple(t for t in e.tags if t.family == f)) for f in FAMILIES)
    # each name once: a person, organisation or publication with a tag is its chip; the rest
    # (acronyms, names without a tag) are listed below the chips
    tagged = {(t.zh, t.en) for t in e.tags} | {t.zh for t in e.tags}
    kinds: dict[str, list[Name]] = defaultdict(list)
    for n in e.names:
        if (n.zh, n.en) in tagged or n.zh in tagged or n.kind == "other":  # places and things: the glossary's
            continue
        kinds[n.kind if n.kind in GLOSSARY_KINDS else "other"].append(n)
    return EntryView(e, tuple(c for c in chips if c[1]), tuple((k, tuple(kinds[k])) for k in GLOSSARY_KINDS if k in kinds),
                     links.prev.get(e.id), links.next.get(e.id), links.related.get(e.id, ()), digest_url(e.source))


def entry_pages(entries: Sequence[Entry], links: Links, lang: str) -> list[SitePage]:
    """One page per entry, and a redirect page per former id (an editor joined or re-split it)."""
    out = []
    for e in entries:
        out.append(SitePage(entry_url(e.id), "entry", title_in(e, lang), "entry.html", data={"view": entry_view(e, links)},
                            entry=e))
        for alias in e.aliases:
            out.append(SitePage(entry_url(alias), "alias", title_in(e, lang), "redirect.html",
                                {"redirect": rel(entry_url(alias), entry_url(e.id))}, "",
                                {"target": Ref(entry_url(e.id), title_in(e, lang))}))
    return out


def _paginated(base: str, kind: str, name: str, entries: Sequence[Entry], per_page: int,
               data: Mapping | None = None, meta: Mapping | None = None) -> list[SitePage]:
    """A list of entries over pages of per_page, page 1 at `base`, page n at base/n/."""
    count = max(1, math.ceil(len(entries) / per_page))
    urls = tuple(page_url(base, n) for n in range(1, count + 1))
    out = []
    for n, url in enumerate(urls, start=1):
        chunk = tuple(entries[(n - 1) * per_page: n * per_page])
        title = name + (f" ({n}/{count})" if count > 1 else "")
        out.append(SitePage(url, kind, title, "list.html", {**(meta or {}), "entries": [e.id for e in chunk]}, "",
                            {**(data or {}), "entries": chunk, "total": len(entries), "pager": Pager(n, urls)}))
    return out


def newest_digest(entries: Sequence[Entry]) -> str | None:
    """The digest issued last: the greatest issue date (else newest entry date), then name."""
    best: dict[str, tuple] = {}
    for e in entries:
        key = (e.issue or dt.date.min, list_date(e) or dt.date.min, e.source)
        if e.source not in best or key > best[e.source]:
            best[e.source] = key
    return max(best, key=lambda s: best[s]) if best else None


def home_page(links: Links, lang: str, latest: int) -> SitePage:
    """The newest digest's entries, every one of them (dated or not), newest first, each with a
    few tags and an excerpt; topped up to `latest` with the newest entries of earlier digests."""
    L = LABELS[lang]
    digest = newest_digest(links.ordered)
    newest = [e for e in reversed(links.ordered) if e.source == digest]
    if len(newest) < latest:
        newest += [e for e in reversed(links.ordered) if e.source != digest][: latest - len(newest)]
    data = {"entries": tuple(newest), "heading": L["latest"], "total": len(links.ordered), "home": True,
            "digest": digest, "digest_url": digest_url(digest) if digest else None,
            "digest_issue": max((e.issue for e in newest if e.source == digest and e.issue), default=None),
            "teasers": {e.id: (teaser_tags(e), excerpt(e)) for e in newest}}
    return SitePage("", "home", L["home"], "list.html", {"entries": [e.id for e in newest]},
                    markdown_escape(L["home_intro"]), data, in_nav=True)


def chart_bars(counts: Sequence[tuple[tuple[int, int], int]], lang: str) -> dict:
    """Entries per month as bars of a static SVG chart (site_overrides/partials/briefing/chart.html).

    A bar for every month between the first and the last, empty months included; x and height
    in the chart's units, the link from archive/ (where the chart stands) by way of the root."""
    if not counts:
        return {}
    (y0, m0), (y1, m1) = counts[0][0], counts[-1][0]
    months = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    value = dict(counts)
    top = max(value.values())
    bar, gap, height = 8, 2, 80
    bars = []
    for i, key in enumerate(months):
        v = value.get(key, 0)
        bars.append({"x": 30 + i * (bar + gap), "h": 0 if not v else max(1, round(v / top * height)), "count": v,
                     "label": f"{month_name(*key, lang)}: {v}", "href": rel("archive/", month_url(key)) if v else "",
                     "year": key[0] if key[1] == 1 or i == 0 else None})
    return {"bars": bars, "top": top, "bar": bar, "height": height, "width": len(months) * (bar + gap) + 40}


def archive_pages(links: Links, lang: str, per_page: int) -> list[SitePage]:
    """The archive index (years, months, a chart) and one list per month, linked to its neighbours."""
    L = LABELS[lang]
    groups: dict[tuple[int, int] | None, list[Entry]] = defaultdict(list)
    for e in links.ordered:
        groups[month_key(e)].append(e)
    dated = sorted(k for k in groups if k)
    years = []
    for year in sorted({k[0] for k in dated}, reverse=True):
        months = [k for k in reversed(dated) if k[0] == year]
        years.append({"year": year, "total": sum(len(groups[k]) for k in months),
                      "months": [{"href": month_url(k)[len("archive/"):], "name": month_name(*k, lang),
                                  "count": len(groups[k])} for k in months]})
    data = {"years": years, "undated": len(groups.get(None, ())), "digests": digest_list(links.ordered),
            "chart": chart_bars([(k, len(groups[k])) for k in dated], lang)}
    out = [SitePage("archive/", "archive", L["archive"], "archive.html", {}, markdown_escape(L["archive_intro"]),
                    data, in_nav=True)]
    keys: list[tuple[int, int] | None] = ([None] if None in groups else []) + dated
    for i, key in enumerate(keys):
        near = {}
        if key is not None:  # previous and next month that have entries
            before = [k for k in keys[:i] if k is not None]
            after = keys[i + 1:]
            near = {"prev": Ref(month_url(before[-1]), month_name(*before[-1], lang)) if before else None,
                    "next": Ref(month_url(after[0]), month_name(*after[0], lang)) if after else None}
        title = month_name(*key, lang) if key else L["undated"]
        out += _paginated(month_url(key), "month", title, list(reversed(groups[key])), per_page, near,
                          {"month": f"{key[0]}-{key[1]:02d}" if key else None})
    return out


def tag_pages(links: Links, lang: str, per_page: int) -> list[SitePage]:
    """The tag index by family, and one list per tag (newest first), paginated."""
    L = LABELS[lang]
    sections = []
    out: list[SitePage] = []
    for family in FAMILIES:
        tags = sorted((t for t in links.by_tag if t.family == family), key=lambda t: (-len(links.by_tag[t]), t.key))
        if not tags:
            continue
        sections.append({"family": family, "title": FAMILY_NAMES[lang][family],
                         "tags": [(t, len(links.by_tag[t])) for t in tags]})
        for t in tags:
            out += _paginated(tag_url(t), "tag", t.zh if lang == "zh" else t.en, links.by_tag[t], per_page,
                              {"tag": t, "family_title": FAMILY_NAMES[lang][family]},
                              {"tag": {"family": t.family, "key": t.key, "zh": t.zh, "en": t.en}})
    out.insert(0, SitePage("tags/", "tags", L["tags"], "tags.html", {}, markdown_escape(L["tag_index_intro"]),
                           {"sections": sections}, in_nav=True))
    return out


def digest_pages(entries: Sequence[Entry], lang: str, per_page: int) -> list[SitePage]:
    """One list per digest: its entries in their original order."""
    by_source: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_source[e.source].append(e)
    out = []
    for name in sorted(by_source):
        items = sorted(by_source[name], key=lambda e: e.source_lines[0])
        issue = max((e.issue for e in items if e.issue), default=None)
        out += _paginated(digest_url(name), "digest", name, items, per_page, {"digest": name, "issue": issue},
                          {"source": name, "issue": issue.isoformat() if issue else None})
    return out


def digest_list(entries: Sequence[Entry]) -> list[dict]:
    """Every digest, newest issue first, with its page and its number of entries (archive page)."""
    rows: dict[str, dict] = {}
    for e in entries:
        row = rows.setdefault(e.source, {"name": e.source, "href": digest_url(e.source), "count": 0, "issue": None})
        row["count"] += 1
        if e.issue and (row["issue"] is None or e.issue > row["issue"]):
            row["issue"] = e.issue
    return sorted(rows.values(), key=lambda r: (r["issue"] or dt.date.min, r["name"]), reverse=True)


def glossary_pages(entries: Sequence[Entry], lang: str) -> list[SitePage]:
    """The glossary (中英对照): an index page, and one table per kind of name.

    Each name links to its tag page (all its entries, newest first) where it has a tag, and
    otherwise to the latest entries that mention it.
    """
    L = LABELS[lang]
    mentions: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
    tags: dict[tuple[str, str], Tag] = {}
    for e in entries:
        for n in e.names:
            mentions[(n.kind if n.kind in GLOSSARY_KINDS else "other", n.zh, n.en)].append(e)
        for t in e.tags:
            tags.setdefault((t.zh, t.en), t)
    out: list[SitePage] = []
    kinds = []
    for kind in GLOSSARY_KINDS:
        names = sorted((k for k in mentions if k[0] == kind), key=lambda k: (k[2].casefold(), k[1]))
        if not names:
            continue
        rows = []
        for key in names:
            _, zh, en = key
            es = mentions[key]
            rows.append({"zh": zh, "en": en, "count": len(es), "tag": tags.get((zh, en)),
                         "latest": sorted(es, key=sort_key, reverse=True)[:5]})
        url = f"glossary/{kind}/"
        out.append(SitePage(url, "glossary-kind", f'{L["glossary"]}: {L["kind." + kind]}', "glossary.html",
                            {"kind": kind}, "", {"rows": rows}))
        kinds.append({"kind": kind, "href": f"{kind}/", "label": L["kind." + kind], "count": len(names)})
    out.insert(0, SitePage("glossary/", "glossary", L["glossary"], "glossary.html", {}, "", {"kinds": kinds},
                           in_nav=True))
    return out


def search_page(lang: str) -> SitePage:
    # the dictionary whose glosses the index holds is credited where they serve (CC BY-SA 4.0)
    return SitePage("search/", "search", LABELS[lang]["search"], "search.html", {}, LABELS[lang]["search_credit"] + "\n",
                    {}, in_nav=True)


def site_pages(entries: Sequence[Entry], lang: str, links: Links | None = None, *,
               per_page: int = PER_PAGE, latest: int = HOME_LATEST) -> list[SitePage]:
    """Every generated page of one language tree: the five index pages (in the navigation),
    then months, tags, digests, glossary tables and entries (not in it)."""
    links = links or link_entries(entries)
    return [home_page(links, lang, latest), *archive_pages(links, lang, per_page), *tag_pages(links, lang, per_page),
            *glossary_pages(entries, lang), search_page(lang), *digest_pages(entries, lang, per_page),
            *entry_pages(entries, links, lang)]


# ------------------------------------------------------------------ manifest and feed
def manifest(entries: Sequence[Entry]) -> str:
    """site/entries.json: every entry, for other tools and for tests."""
    rows = [{
        "id": e.id, "url": entry_url(e.id), "url_en": f"en/{entry_url(e.id)}", "title": e.title,
        "title_en": e.title_en, "title_en_generated": e.title_en_generated, "date": e.date.iso(),
        "date_precision": e.date.precision, "issue": e.issue.isoformat() if e.issue else None,
        "tags": [t.label for t in e.tags],
        "tag_keys": [f"{t.family}:{t.key}" for t in e.tags],
        "source": e.source, "source_lines": list(e.source_lines), "aliases": list(e.aliases),
    } for e in sorted(entries, key=sort_key)]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def feed_xml(entries: Sequence[Entry], lang: str, site_url: str, size: int = FEED_SIZE) -> str:
    """An Atom feed of the latest entries, with their own dates (never the build moment)."""
    from feedgen.feed import FeedGenerator

    base = site_url.rstrip("/") + "/" + ("en/" if lang == "en" else "")
    # an undated entry (an article summary) is fed under its digest's issue date
    latest = sorted((e for e in entries if list_date(e)), key=sort_key, reverse=True)[:size]
    fg = FeedGenerator()
    fg.id(base)
    fg.title(LABELS[lang]["site_name"])
    fg.link(href=base, rel="alternate")
    fg.link(href=base + FEED_PATH, rel="self")
    fg.language(lang)
    fg.generator("briefing-archive")

    def stamp(e: Entry) -> dt.datetime:
        return dt.datetime.combine(list_date(e), dt.time(0, 0), tzinfo=dt.timezone.utc)

    fg.updated(stamp(latest[0]) if latest else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))
    for e in reversed(latest):  # feedgen prepends: add oldest first so the newest comes first
        item = fg.add_entry()
        item.id(base + entry_url(e.id))
        item.title(title_in(e, lang))
        item.link(href=base + entry_url(e.id))
        item.published(stamp(e))
        item.updated(stamp(e))
        item.summary(e.raw.paragraphs[0].text[:200])
    return fg.atom_str(pretty=True).decode("utf-8")
