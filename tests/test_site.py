"""generator.site and generator.i18n: pages generated from entries (pure, no MkDocs)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import yaml

from generator import site
from generator.i18n import format_date, format_list_date
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
    assert links.prev[es[0].id] is None and links.next[es[0].id] is es[1]
    assert {e.id for e in links.related[es[1].id]} <= {es[3].id, es[5].id}
    assert [e.id for e in links.by_tag[US]] == [es[5].id, es[3].id, es[1].id]  # newest first


def test_entry_page_is_engine_neutral_markdown_with_literal_body():
    e = make_entry(1, text="<script>alert(1)</script> [x](javascript:alert(1)) {{ config }}", tags=[US])
    (page,) = site.entry_pages([e], site.link_entries([e]), "en")
    assert page.url == "e/id00001/" and page.src_uri == "e/id00001/index.md" and page.template == "entry.html"
    text = page.markdown()
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["id"] == "id00001" and meta["countries"] == ["US"] and meta["title"] == e.title
    en = site.entry_pages([replace(e, title_en="An English title")], site.link_entries([e]), "en")[0]
    assert en.front_matter()["title"] == "An English title" and en.front_matter()["title_en"] == "An English title"
    assert site.entry_pages([e], site.link_entries([e]), "zh")[0].front_matter()["title"] == e.title
    body = text.split("---\n", 2)[2]
    assert "<script" not in body and "[x]" not in body and "{{" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#91;x&#93;(javascript&#58;alert(1)) &#123;&#123; config &#125;&#125;" in body
    view = page.data["view"]
    assert view.chips == (("country", (US,)),) and view.digest_url == "digests/d/"


def test_every_kind_of_page_and_the_navigation():
    es = [make_entry(i, tags=[US]) for i in range(3)]
    pages = site.site_pages(es, "zh")
    urls = {p.url: p for p in pages}
    assert {"", "archive/", "tags/", "glossary/", "search/", "e/id00000/", "tags/country/us/", "archive/2023/01/",
            "digests/d/"} <= set(urls)
    assert [p.url for p in pages if p.in_nav] == ["", "archive/", "tags/", "glossary/", "search/"]
    assert len(urls) == len(pages)  # one page per URL
    assert urls["digests/d/"].data["entries"] == tuple(sorted(es, key=lambda e: e.source_lines[0]))


def test_tag_pages_are_paginated():
    es = [make_entry(i, day=dt.date(2020, 1, 1) + dt.timedelta(days=i), tags=[US]) for i in range(site.PER_PAGE + 5)]
    pages = {p.url: p for p in site.tag_pages(site.link_entries(es), "zh", site.PER_PAGE) if p.kind == "tag"}
    assert set(pages) == {"tags/country/us/", "tags/country/us/2/"}
    assert len(pages["tags/country/us/2/"].data["entries"]) == 5
    assert pages["tags/country/us/2/"].data["pager"].urls == ("tags/country/us/", "tags/country/us/2/")


def test_archive_has_month_pages_linked_to_their_neighbours_and_a_chart():
    es = [make_entry(1, day=dt.date(2023, 1, 5)), make_entry(2, day=dt.date(2023, 3, 5)), make_entry(3, day=None)]
    pages = {p.url: p for p in site.archive_pages(site.link_entries(es), "zh", site.PER_PAGE)}
    assert set(pages) == {"archive/", "archive/2023/01/", "archive/2023/03/", "archive/undated/"}
    bars = pages["archive/"].data["chart"]["bars"]
    assert [b["count"] for b in bars] == [1, 0, 1]  # January, an empty February, March
    january, march = pages["archive/2023/01/"].data, pages["archive/2023/03/"].data
    assert january["prev"] is None and january["next"] == site.Ref("archive/2023/03/", "2023年3月")
    assert march["prev"].url == "archive/2023/01/" and march["next"] is None


def test_manifest_and_feed():
    es = [make_entry(1, day=dt.date(2023, 1, 5)), make_entry(2, day=None)]
    rows = yaml.safe_load(site.manifest(es))
    assert rows[0]["url"] == "e/id00002/" and rows[1]["date"] == "2023-01-05"
    feed = site.feed_xml(es, "en", "https://example.org/archive/")
    assert "<updated>2023-01-05T00:00:00+00:00</updated>" in feed
    assert "https://example.org/archive/en/e/id00001/" in feed


def in_digest(e: Entry, source: str, issue: dt.date) -> Entry:
    return replace(e, raw=replace(e.raw, source=source), issue=issue)


def test_undated_entries_list_sort_and_feed_under_their_digests_issue_date():
    old = in_digest(make_entry(1, day=dt.date(2023, 1, 5)), "a.txt", dt.date(2023, 1, 31))
    undated = in_digest(make_entry(2, day=None), "a.txt", dt.date(2023, 1, 31))
    newer = in_digest(make_entry(3, day=dt.date(2023, 3, 1)), "b.txt", dt.date(2023, 3, 31))
    links = site.link_entries([undated, newer, old])
    assert [e.id for e in links.ordered] == [old.id, undated.id, newer.id]  # not first, not last
    months = {p.url: p for p in site.archive_pages(links, "zh", site.PER_PAGE)}
    assert "archive/undated/" not in months and undated in months["archive/2023/01/"].data["entries"]
    feed = site.feed_xml([old, undated, newer], "en", "https://example.org/archive/")
    assert "https://example.org/archive/en/e/id00002/" in feed and "<published>2023-01-31T00:00:00+00:00" in feed
    assert format_list_date(undated.date, undated.issue, "zh")[0] == "期 2023-01-31"
    text, note = format_list_date(undated.date, undated.issue, "en")
    assert text == "issue of 31 Jan 2023" and "31 January 2023" in note
    assert format_list_date(old.date, old.issue, "en") == ("5 January 2023", "")


def test_home_page_shows_every_entry_of_the_newest_digest_with_tags_and_an_excerpt():
    older = [in_digest(make_entry(i, day=dt.date(2023, 1, 1 + i)), "a.txt", dt.date(2023, 1, 31)) for i in range(5)]
    newest = [in_digest(make_entry(10 + i, text="标题。接着的句子。", day=None if i % 2 else dt.date(2023, 2, 1 + i),
                                    tags=[US, Tag("topic", "alliances", "同盟关系", "Alliances")]), "b.txt",
                        dt.date(2023, 2, 28)) for i in range(4)]
    home = site.home_page(site.link_entries(older + newest), "zh", latest=2)
    assert {e.id for e in home.data["entries"]} == {e.id for e in newest}  # every one, over `latest`
    assert home.data["digest"] == "b.txt" and home.data["digest_url"] == "digests/b/"
    tags, excerpt = home.data["teasers"][newest[0].id]
    assert tags[0].family == "topic" and excerpt == "接着的句子。"
    padded = site.home_page(site.link_entries(older + newest), "zh", latest=6)
    assert len(padded.data["entries"]) == 6 and padded.data["entries"][4].source == "a.txt"


def test_entry_view_shows_a_tagged_name_once():
    from generator.model import Name

    blinken = Tag("person", "antony-blinken", "布林肯", "Antony J. Blinken")
    e = replace(make_entry(1, tags=[blinken]), names=(Name("person", "布林肯", "Antony J. Blinken"),
                                                      Name("acronym", "北约", "NATO"),
                                                      Name("other", "开城", "Kaesong")))  # for search only
    view = site.entry_view(e, site.link_entries([e]))
    assert view.chips == (("person", (blinken,)),)
    assert [(k, [n.en for n in ns]) for k, ns in view.names] == [("acronym", ["NATO"])]
