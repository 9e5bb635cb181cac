"""Generating the site's pages (pure): entry pages, index pages, glossary, feed, manifest.

Everything here turns an Archive into (relative path, text) pairs per language; the
build module writes them and runs MkDocs. Pages that list many entries are raw HTML
blocks inside Markdown (escaped, with relative links), so that Python-Markdown passes
them through quickly and nothing in a title is read as Markdown.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import html
import json
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .i18n import FAMILY_TITLES, LABELS, LANGS, format_date, month_name
from .model import FAMILIES, DateInfo, Entry, Tag
from .pages import dump_front_matter, render_body

log = logging.getLogger(__name__)

TAG_PAGE_LIMIT = 250  # entries per tag page: ~60 KB of HTML, well under 300 KB at any archive size
HOME_LATEST = 30
RELATED = 5
FEED_SIZE = 50
# The feed lives in a folder of its own: Material's script fetches "sitemap.xml" beside every
# <link rel="alternate"> of a page (to map pages between languages), so a feed at the root
# would make every page view download the whole site map; feeds/sitemap.xml is an empty one.
FEED_PATH = "feeds/atom.xml"
EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def entry_url(entry_id: str) -> str:
    return f"e/{entry_id}/"


def tag_url(tag: Tag) -> str:
    return f"tags/{tag.family}/{tag.key.lower()}/"


def rel(from_url: str, to_url: str) -> str:
    """A relative link between two directory URLs of one language tree ('' is the root).

    Always up to the root and down again ("../../tags/x/"): correct under any sub-path, and a
    string operation (posixpath.relpath was a tenth of page generation at 10,000 entries).
    """
    up = "../" * from_url.count("/")
    return (up + to_url) or "./"


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def sort_key(e: Entry) -> tuple:
    """Oldest first; undated entries first, then by source and line for a stable order."""
    return (e.date.value or dt.date.min, e.source, e.source_lines[0])


def title_in(e: Entry, lang: str) -> str:
    return e.title_en if lang == "en" and e.title_en else e.title


@dataclass(frozen=True)
class Poured:
    """A page rendered here, poured into the theme's shell at build time."""

    url: str  # directory URL within its language tree, e.g. "e/abc12345/"
    title: str  # plain text: escaped when poured
    html: str  # the article's HTML, already escaped


def _poured_body(title: str, body: str) -> str:
    return f"<h1>{esc(title)}</h1>\n{body}"


@dataclass(frozen=True)
class Links:
    """Cross-entry data computed once for the whole archive."""

    ordered: tuple[Entry, ...]  # by date
    prev: dict[str, str | None]
    next: dict[str, str | None]
    related: dict[str, tuple[str, ...]]
    by_tag: dict[Tag, tuple[Entry, ...]]  # newest first


def link_entries(entries: Sequence[Entry]) -> Links:
    ordered = tuple(sorted(entries, key=sort_key))
    prev = {e.id: (ordered[i - 1].id if i else None) for i, e in enumerate(ordered)}
    nxt = {e.id: (ordered[i + 1].id if i + 1 < len(ordered) else None) for i, e in enumerate(ordered)}
    postings: dict[Tag, list[int]] = defaultdict(list)
    for i, e in enumerate(ordered):
        for t in e.tags:
            postings[t].append(i)
    n = len(ordered)
    # Related: entries that share tags, rarer tags weighing more (idf), looking only at each
    # tag's nearest entries in time so that the cost stays linear in the archive's size.
    related: dict[str, tuple[str, ...]] = {}
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
        best = sorted(scores.items(), key=lambda kv: (-kv[1], abs(kv[0] - i), kv[0]))[:RELATED]
        related[e.id] = tuple(ordered[j].id for j, _ in best)
    by_tag = {t: tuple(ordered[i] for i in reversed(post)) for t, post in postings.items()}
    return Links(ordered, prev, nxt, related, by_tag)


# ------------------------------------------------------------------ entry pages
def _lines_label(e: Entry, lang: str) -> str:
    first, last = e.source_lines
    if lang == "en":
        return f"line {first}" if first == last else f"lines {first}–{last}"
    return f"第{first}行" if first == last else f"第{first}–{last}行"


def _ref_html(entry: Entry, lang: str, here: str) -> tuple[str, str, str]:
    return esc(rel(here, entry_url(entry.id))), esc(title_in(entry, lang)), esc(format_date(entry.date, lang))


def entry_html(e: Entry, lang: str, links: Links, by_id: dict[str, Entry]) -> str:
    """The entry's article: title, date, source, copy link, tag chips, names, body, prev/next, related.

    Every value is escaped here: the page is poured into the theme's shell as it is.
    """
    L = LABELS[lang]
    here = entry_url(e.id)
    out = [f'<article class="entry" data-entry-id="{esc(e.id)}">',
           f'<h1 class="entry-title">{esc(title_in(e, lang))}</h1>']
    if lang == "zh" and e.title_en:
        out.append(f'<p class="entry-title-en" lang="en">{esc(e.title_en)}</p>')
    if lang == "en" and e.title_en:
        out.append(f'<p class="entry-title-zh" lang="zh">{esc(e.title)}</p>')
    out.append(
        f'<p class="entry-meta"><time datetime="{esc(e.date.iso())}">{esc(format_date(e.date, lang))}</time>'
        f' <span class="sep" aria-hidden="true">·</span> <span class="entry-source">{esc(L["source"])}: '
        f'{esc(e.source)}, {esc(_lines_label(e, lang))}</span> <span class="sep" aria-hidden="true">·</span> '
        f'<button class="md-button entry-copy" type="button" data-testid="copy-link" data-permalink="./" '
        f'data-copied="{esc(L["copied"])}">{esc(L["copy_link"])}</button></p>')
    groups = []
    for family in FAMILIES:
        tags = [t for t in e.tags if t.family == family]
        if tags:
            chips = " ".join(
                f'<a class="chip" href="{esc(rel(here, tag_url(t)))}" title="{esc(t.en if lang == "zh" else t.zh)}">'
                f'{esc(t.zh if lang == "zh" else t.en)}</a>' for t in tags)
            groups.append(f'<div class="chip-group"><span class="chip-family">{esc(FAMILY_TITLES[lang][family])}'
                          f"</span> {chips}</div>")
    if groups:
        out.append('<div class="entry-chips">' + "".join(groups) + "</div>")
    kinds: dict[str, list] = defaultdict(list)
    for n in e.names:
        kinds[n.kind if n.kind in ("person", "org", "publication", "acronym") else "other"].append(n)
    if kinds:
        # "人物 People: 布林肯 Antony J. Blinken; …": both labels, so either reader can scan it
        rows = []
        for kind in ("person", "org", "publication", "acronym", "other"):
            if kind in kinds:
                names = "; ".join(
                    f'<span class="name name-{kind}">{esc(n.zh)}'
                    + (f' <span lang="en">{esc(n.en)}</span>' if n.en and n.en != n.zh else "") + "</span>"
                    for n in kinds[kind])
                rows.append(f'<span class="names-kind"><b>{esc(LABELS["zh"]["kind." + kind])} '
                            f'{esc(LABELS["en"]["kind." + kind])}:</b> {names}</span>')
        out.append('<p class="entry-names">' + "<br>".join(rows) + "</p>")
    out.append(f'<div class="entry-body" lang="zh">\n{render_body(e)}\n</div>')
    nav = []
    for key, cls, rel_name, label in (("prev", "entry-prev", "prev", f"← {L['previous']}"),
                                      ("next", "entry-next", "next", f"{L['next']} →")):
        other = by_id.get((links.prev if key == "prev" else links.next).get(e.id) or "")
        if other:
            url, title, date = _ref_html(other, lang, here)
            nav.append(f'<a class="{cls}" rel="{rel_name}" href="{url}"><span class="entry-nav-label">'
                       f'{esc(label)}</span> <span class="entry-nav-title">{title}</span> <small>{date}</small></a>')
    if nav:
        out.append(f'<nav class="entry-nav" aria-label="{esc(L["previous"])} / {esc(L["next"])}">'
                   + "".join(nav) + "</nav>")
    related = [by_id[i] for i in links.related.get(e.id, ()) if i in by_id]
    if related:
        items = "".join(f'<li><a href="{u}">{t}</a> <small>{d}</small></li>'
                        for u, t, d in (_ref_html(r, lang, here) for r in related))
        out.append(f'<section class="entry-related"><h2>{esc(L["related"])}</h2><ul>{items}</ul></section>')
    out.append("</article>")
    return "\n".join(out)


def alias_html(alias: str, target: Entry, lang: str) -> str:
    """A former id of an entry (joined or re-split by an editor): a link, and a refresh to it."""
    url = esc(rel(entry_url(alias), entry_url(target.id)))
    return (f'<meta http-equiv="refresh" content="0; url={url}"><h1>{esc(title_in(target, lang))}</h1>'
            f'<p>{esc(LABELS[lang]["moved"])} <a href="{url}">{esc(title_in(target, lang))}</a></p>')


# ------------------------------------------------------------------ lists
_UP = "\x00"  # stands for the way up to the root in a cached list row


@functools.lru_cache(maxsize=100_000)
def _list_row(entry_id: str, title: str, title_en: str | None, date: DateInfo, lang: str) -> str:
    """One entry's row in a list, escaped once: an entry stands in a dozen lists (tags, months)."""
    en = f' <span class="entry-en">{esc(title_en)}</span>' if lang == "zh" and title_en else ""
    shown = title_en if lang == "en" and title_en else title
    return (f'<li><time>{esc(format_date(date, lang))}</time> '
            f'<a href="{_UP}{esc(entry_url(entry_id))}">{esc(shown)}</a>{en}</li>')


def entry_list(entries: Iterable[Entry], lang: str, here: str) -> str:
    up = rel(here, "")
    rows = "\n".join(_list_row(e.id, e.title, e.title_en, e.date, lang) for e in entries)
    rows = rows.replace(_UP, "" if up == "./" else up)
    return '<ul class="entry-list">\n' + rows + "\n</ul>"


def _page(title: str, body: str, **meta) -> str:
    data = {"title": title, "hide": ["navigation", "toc"], **meta}
    return f"---\n{dump_front_matter(data)}---\n\n# {esc(title)}\n\n{body}\n"


def home_page(links: Links, lang: str) -> str:
    L = LABELS[lang]
    latest = list(reversed(links.ordered))[:HOME_LATEST]
    body = (f"<p>{esc(L['home_intro'])}</p>\n\n<h2>{esc(L['latest'])}</h2>\n\n{entry_list(latest, lang, '')}\n\n"
            f'<p><a href="archive/">{esc(L["archive"])} →</a> · <a href="tags/">{esc(L["tags"])} →</a> · '
            f'<a href="glossary/">{esc(L["glossary"])} →</a></p>')
    return _page(L["site_name"], body)


def month_key(e: Entry) -> tuple[int, int] | None:
    return (e.date.value.year, e.date.value.month) if e.date.value else None


def month_url(key: tuple[int, int] | None) -> str:
    return f"archive/{key[0]}/{key[1]:02d}/" if key else "archive/undated/"


def chart_svg(counts: Sequence[tuple[tuple[int, int], int]], lang: str) -> str:
    """Entries per month as a static SVG bar chart, drawn at build time (no script)."""
    if not counts:
        return ""
    # a bar for every month between the first and the last, empty months included
    (y0, m0), (y1, m1) = counts[0][0], counts[-1][0]
    months = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    value = dict(counts)
    top = max(value.values())
    bar, gap, height = 8, 2, 80
    width = len(months) * (bar + gap) + 40
    parts = [f'<svg class="month-chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height + 30}" viewBox="0 0 {width} {height + 30}">',
             f"<title>{esc(LABELS[lang]['entries_per_month'])}</title>",
             f'<text x="0" y="10" font-size="10" fill="currentColor">{top}</text>']
    for i, key in enumerate(months):
        v = value.get(key, 0)
        h = 0 if not v else max(1, round(v / top * height))
        x = 30 + i * (bar + gap)
        label = f"{month_name(*key, lang)}: {v}"
        rect = (f'<rect x="{x}" y="{height + 10 - h}" width="{bar}" height="{h}" fill="currentColor" '
                f'opacity="0.7"><title>{esc(label)}</title></rect>')
        # the chart sits on archive/: a bar links to its month page relative to that
        parts.append(f'<a href="{esc(rel("archive/", month_url(key)))}">{rect}</a>' if v else rect)
        if key[1] == 1 or i == 0:
            parts.append(f'<text x="{x}" y="{height + 25}" font-size="9" fill="currentColor">{key[0]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def archive_pages(links: Links, lang: str) -> tuple[list[tuple[str, str]], list[Poured]]:
    """The archive index (a MkDocs page) and one poured page per month."""
    L = LABELS[lang]
    groups: dict[tuple[int, int] | None, list[Entry]] = defaultdict(list)
    for e in links.ordered:
        groups[month_key(e)].append(e)
    dated = sorted(k for k in groups if k)
    out: list[tuple[str, str]] = []
    poured: list[Poured] = []
    rows = []
    for year in sorted({k[0] for k in dated}, reverse=True):
        months = [k for k in dated if k[0] == year]
        total = sum(len(groups[k]) for k in months)
        items = " · ".join(f'<a href="{month_url(k)[len("archive/"):]}">{esc(month_name(*k, lang))}</a> '
                           f"({len(groups[k])})" for k in reversed(months))
        rows.append(f"<h2>{year}</h2>\n<p>{total} {esc(L['entries'])}: {items}</p>")
    if None in groups:
        rows.append(f'<h2>{esc(L["undated"])}</h2>\n<p><a href="undated/">{esc(L["undated"])}</a> '
                    f"({len(groups[None])})</p>")
    chart = chart_svg([(k, len(groups[k])) for k in dated], lang)
    out.append(("archive/index.md", _page(L["archive"], f"<p>{esc(L['archive_intro'])}</p>\n\n"
                                          f'<figure class="chart">{chart}</figure>\n\n' + "\n\n".join(rows))))
    for key, items in groups.items():
        url = month_url(key)
        title = month_name(*key, lang) if key else L["undated"]
        poured += _paginated(url, title, "", list(reversed(items)), lang)
    return out, poured


def page_url(base: str, page: int) -> str:
    """Page 1 of a list lives at its base URL, page n at base/n/."""
    return base if page == 1 else f"{base}{page}/"


def _paginated(base: str, name: str, head: str, entries: Sequence[Entry], lang: str) -> list[Poured]:
    """A list of entries (newest first) over pages of TAG_PAGE_LIMIT, with a pager on each."""
    pages = max(1, math.ceil(len(entries) / TAG_PAGE_LIMIT))
    out = []
    for n in range(1, pages + 1):
        url = page_url(base, n)
        chunk = entries[(n - 1) * TAG_PAGE_LIMIT: n * TAG_PAGE_LIMIT]
        nav = ""
        if pages > 1:
            nav = '<p class="pager">' + " ".join(
                (f"<strong>{k}</strong>" if k == n else f'<a href="{esc(rel(url, page_url(base, k)))}">{k}</a>')
                for k in range(1, pages + 1)) + "</p>"
        title = name + (f" ({n}/{pages})" if pages > 1 else "")
        out.append(Poured(url, title, _poured_body(title, f"{head}\n{nav}\n{entry_list(chunk, lang, url)}\n{nav}")))
    return out


def tag_pages(links: Links, lang: str) -> tuple[list[tuple[str, str]], list[Poured]]:
    """The tag index per family (a MkDocs page) and poured tag pages, paginated."""
    L = LABELS[lang]
    out: list[tuple[str, str]] = []
    poured: list[Poured] = []
    sections = []
    for family in FAMILIES:
        tags = sorted((t for t in links.by_tag if t.family == family),
                      key=lambda t: (-len(links.by_tag[t]), t.key))
        if not tags:
            continue
        items = " · ".join(
            f'<a href="{esc(tag_url(t)[len("tags/"):])}">{esc(t.zh if lang == "zh" else t.en)}</a>'
            f' <small>{esc(t.en if lang == "zh" else t.zh)}</small> ({len(links.by_tag[t])})' for t in tags)
        sections.append(f'<h2 id="{family}">{esc(FAMILY_TITLES[lang][family])}</h2>\n<p class="tag-cloud">{items}</p>')
        for t in tags:
            entries = links.by_tag[t]
            head = (f'<p>{esc(FAMILY_TITLES[lang][family])} · {esc(t.en if lang == "zh" else t.zh)} · '
                    f'{len(entries)} {esc(L["entries"])}</p>')
            poured += _paginated(tag_url(t), t.zh if lang == "zh" else t.en, head, entries, lang)
    out.append(("tags/index.md", _page(L["tags"], f"<p>{esc(L['tag_index_intro'])}</p>\n\n" + "\n\n".join(sections))))
    return out, poured


GLOSSARY_KINDS = ("person", "org", "publication", "acronym", "other")


def glossary_pages(entries: Sequence[Entry], lang: str) -> tuple[str, list[Poured]]:
    """The glossary (中英对照): an index page, and one page per kind of name.

    Each name links to its tag page (all its entries, newest first) where it has a tag, and
    otherwise to the latest entries that mention it.
    """
    L = LABELS[lang]
    mentions: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
    tags: dict[tuple[str, str], Tag] = {}
    for e in entries:
        for n in e.names:
            kind = n.kind if n.kind in GLOSSARY_KINDS else "other"
            mentions[(kind, n.zh, n.en)].append(e)
        for t in e.tags:
            tags.setdefault((t.zh, t.en), t)
    poured: list[Poured] = []
    overview = []
    for kind in GLOSSARY_KINDS:
        here = f"glossary/{kind}/"
        names = sorted((k for k in mentions if k[0] == kind), key=lambda k: (k[2].casefold(), k[1]))
        if not names:
            continue
        rows = []
        for key in names:
            _, zh, en = key
            es = mentions[key]
            tag = tags.get((zh, en))
            if tag is not None:
                where = f'<a href="{esc(rel(here, tag_url(tag)))}">{len(es)} {esc(L["entries"])}</a>'
            else:
                latest = sorted(es, key=sort_key, reverse=True)[:5]
                where = ", ".join(f'<a href="{esc(rel(here, entry_url(x.id)))}">{esc(format_date(x.date, lang))}</a>'
                                  for x in latest) + (f" (+{len(es) - 5})" if len(es) > 5 else "")
            rows.append(f"<tr><td>{esc(zh)}</td><td>{esc(en)}</td><td>{where}</td></tr>")
        title = f'{L["glossary"]}: {L["kind." + kind]}'
        table = (f'<table class="glossary">\n<thead><tr><th>中文</th><th>English</th><th>{esc(L["mentioned_in"])}'
                 f"</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table>")
        poured.append(Poured(here, title, _poured_body(title, table)))
        overview.append(f'<li><a href="{kind}/">{esc(L["kind." + kind])}</a> ({len(names)})</li>')
    return _page(L["glossary"], '<ul class="glossary-kinds">' + "".join(overview) + "</ul>"), poured


def search_page(lang: str) -> str:
    return _page(LABELS[lang]["search"], '<div id="briefing-search-page"></div>', search_page=True)


SHELL_TITLE = "BRIEFING-SHELL-TITLE-7F3A"
SHELL_CONTENT = "<!--BRIEFING-SHELL-CONTENT-7F3A-->"


def shell_url(depth: int) -> str:
    """The URL of the shell page at a depth: every page at one depth shares its relative links."""
    return "_shell/" + "/".join(["d" + str(depth)] + ["x"] * (depth - 2)) + "/"


def shell_page() -> str:
    data = {"title": SHELL_TITLE, "template": "shell.html", "hide": ["navigation", "toc"]}
    return f"---\n{dump_front_matter(data)}---\n"


def url_depth(url: str) -> int:
    return url.rstrip("/").count("/") + 1


@dataclass(frozen=True)
class SitePages:
    """One language tree: Markdown pages for MkDocs, and pages poured into its theme shells."""

    docs: tuple[tuple[str, str], ...]
    poured: tuple[Poured, ...]


def site_pages(entries: Sequence[Entry], lang: str, links: Links | None = None) -> SitePages:
    """Every page of one language tree.

    MkDocs renders the few index pages, plus one empty "shell" page per URL depth. Entry,
    month and tag pages -- thousands of them -- are rendered here and poured into the shell of
    their depth (generator.build.pour): the same Material HTML, without running the theme's
    templates once per page (the build's hot spot, measured: README, Benchmarks).
    """
    links = links or link_entries(entries)
    by_id = {e.id: e for e in entries}
    docs = [("index.md", home_page(links, lang))]
    archive_docs, poured = archive_pages(links, lang)
    tag_docs, tag_poured = tag_pages(links, lang)
    docs += archive_docs + tag_docs
    poured += tag_poured
    glossary_index, glossary_poured = glossary_pages(entries, lang)
    docs.append(("glossary/index.md", glossary_index))
    poured += glossary_poured
    docs.append(("search/index.md", search_page(lang)))
    for e in entries:
        poured.append(Poured(entry_url(e.id), title_in(e, lang), entry_html(e, lang, links, by_id)))
        for alias in e.aliases:
            poured.append(Poured(entry_url(alias), title_in(e, lang), alias_html(alias, e, lang)))
    for depth in sorted({url_depth(p.url) for p in poured}):
        docs.append((shell_url(depth) + "index.md", shell_page()))
    return SitePages(tuple(docs), tuple(poured))


# ------------------------------------------------------------------ manifest and feed
def manifest(entries: Sequence[Entry]) -> str:
    """site/entries.json: every entry, for other tools and for tests."""
    rows = [{
        "id": e.id, "url": entry_url(e.id), "url_en": f"en/{entry_url(e.id)}", "title": e.title,
        "title_en": e.title_en, "date": e.date.iso(), "date_precision": e.date.precision,
        "tags": [t.label for t in e.tags],
        "tag_keys": [f"{t.family}:{t.key}" for t in e.tags],
        "source": e.source, "source_lines": list(e.source_lines), "aliases": list(e.aliases),
    } for e in sorted(entries, key=sort_key)]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def feed_xml(entries: Sequence[Entry], lang: str, site_url: str) -> str:
    """An Atom feed of the latest entries, with their own dates (never the build moment)."""
    from feedgen.feed import FeedGenerator

    base = site_url.rstrip("/") + "/" + ("en/" if lang == "en" else "")
    latest = sorted((e for e in entries if e.date.value), key=sort_key, reverse=True)[:FEED_SIZE]
    fg = FeedGenerator()
    fg.id(base)
    fg.title(LABELS[lang]["site_name"])
    fg.link(href=base, rel="alternate")
    fg.link(href=base + FEED_PATH, rel="self")
    fg.language(lang)
    fg.generator("briefing-archive")

    def stamp(e: Entry) -> dt.datetime:
        return dt.datetime.combine(e.date.value, dt.time(0, 0), tzinfo=dt.timezone.utc)

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


def all_languages(entries: Sequence[Entry]) -> dict[str, SitePages]:
    links = link_entries(entries)
    return {lang: site_pages(entries, lang, links) for lang in LANGS}
