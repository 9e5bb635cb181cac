"""generator.site and generator.i18n: pages generated from entries (pure, no MkDocs)."""

from __future__ import annotations

import datetime as dt

import yaml

from generator import site
from generator.i18n import format_date
from generator.model import DateInfo, Entry, Paragraph, RawEntry, Tag


def make_entry(n: int, text: str = "正文", day: dt.date | None = dt.date(2023, 1, 1), tags=()) -> Entry:
    raw = RawEntry("d.txt", (Paragraph(n, text, text),), "leading-date")
    date = DateInfo(day, "day" if day else "none", "test")
    return Entry(raw=raw, title=text[:20], title_en=None, date=date, tags=tuple(tags), names=(), id=f"id{n:05d}")


US = Tag("country", "US", "美国", "United States")
JP = Tag("country", "JP", "日本", "Japan")


def test_relative_links():
    assert site.rel("e/abc/", "tags/country/us/") == "../../tags/country/us/"
    assert site.rel("", "archive/") == "archive/"
    assert site.rel("e/abc/", "") == "../../"
    assert site.rel("", "") == "./"
    assert site.rel("tags/country/us/", "tags/country/us/2/") == "../../../tags/country/us/2/"


def test_dates_in_each_language():
    d = DateInfo(dt.date(2023, 1, 11), "day", "x")
    assert format_date(d, "zh") == "2023年1月11日"
    assert format_date(d, "en") == "11 January 2023"
    assert format_date(DateInfo(dt.date(2022, 11, 21), "day", "x", dt.date(2022, 11, 22)), "zh") == "2022年11月21日至22日"
    assert format_date(DateInfo(dt.date(2023, 5, 1), "month", "x"), "en") == "May 2023"
    assert format_date(DateInfo(None, "none", "x"), "en") == "Undated"


def test_prev_next_and_related_by_date_and_tags():
    es = [make_entry(i, day=dt.date(2023, 1, 1) + dt.timedelta(days=i), tags=[US] if i % 2 else [JP]) for i in range(6)]
    links = site.link_entries(list(reversed(es)))
    assert [e.id for e in links.ordered] == [e.id for e in es]
    assert links.prev[es[0].id] is None and links.next[es[0].id] == es[1].id
    assert set(links.related[es[1].id]) <= {es[3].id, es[5].id}
    assert [e.id for e in links.by_tag[US]] == [es[5].id, es[3].id, es[1].id]  # newest first


def test_entry_html_is_escaped_and_links_tags():
    e = make_entry(1, text="<script>alert(1)</script> [x](javascript:alert(1)) {{ config }}", tags=[US])
    links = site.link_entries([e])
    html = site.entry_html(e, "en", links, {e.id: e})
    assert '<a class="chip" href="../../tags/country/us/" title="美国">United States</a>' in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'data-entry-id="id00001"' in html


def test_poured_pages_and_one_shell_per_depth():
    es = [make_entry(i, tags=[US]) for i in range(3)]
    pages = site.site_pages(es, "zh")
    urls = {p.url for p in pages.poured}
    assert {"e/id00000/", "tags/country/us/", "archive/2023/01/"} <= urls
    shells = [d for d, _ in pages.docs if d.startswith("_shell/")]
    assert shells == ["_shell/d2/index.md", "_shell/d3/x/index.md"]
    assert {site.url_depth(u) for u in urls} == {2, 3}


def test_tag_pages_are_paginated():
    es = [make_entry(i, day=dt.date(2020, 1, 1) + dt.timedelta(days=i), tags=[US]) for i in range(site.TAG_PAGE_LIMIT + 5)]
    _, poured = site.tag_pages(site.link_entries(es), "zh")
    pages = {p.url: p.html for p in poured}
    assert set(pages) == {"tags/country/us/", "tags/country/us/2/"}
    assert pages["tags/country/us/2/"].count("<li>") == 5


def test_archive_has_month_pages_and_svg_chart():
    es = [make_entry(1, day=dt.date(2023, 1, 5)), make_entry(2, day=dt.date(2023, 3, 5)), make_entry(3, day=None)]
    docs, poured = site.archive_pages(site.link_entries(es), "zh")
    assert {p.url for p in poured} == {"archive/2023/01/", "archive/2023/03/", "archive/undated/"}
    chart = dict(docs)["archive/index.md"]
    assert chart.count("<rect") == 3  # January, an empty February, March


def test_manifest_and_feed():
    es = [make_entry(1, day=dt.date(2023, 1, 5)), make_entry(2, day=None)]
    rows = yaml.safe_load(site.manifest(es))
    assert rows[0]["url"] == "e/id00002/" and rows[1]["date"] == "2023-01-05"
    feed = site.feed_xml(es, "en", "https://example.org/archive/")
    assert "<updated>2023-01-05T00:00:00+00:00</updated>" in feed
    assert "https://example.org/archive/en/e/id00001/" in feed
