"""The site as a bilingual reader uses it (issue 11): English pages in English, undated entries
under their digest's issue date, the home page, entry metadata, listings, clamped headlines.

One build of the sample digest and the two shared development digests (../shared/corpus, beside
the checkout; the two development digests in tests/fixtures when it is not there). Static checks
read the built files; layout checks and screenshots (zh and en: home, an entry, a tag page, the
tag index, a digest page, the glossary; 1280 and 390 wide) use Debian chromium. Screenshots go to
test-artifacts/reading/ (git-ignored).
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.build import build_site

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "digests"
CORPUS = REPO.parent / "shared" / "corpus"
ARTIFACTS = REPO / "test-artifacts" / "reading"
ATOM = "{http://www.w3.org/2005/Atom}"
SAMPLE = "briefing-2022-11_2023-02.txt"
DEVELOPMENT = ("briefing-2023-03_2023-04.txt", "briefing-2023-10_2024-01.txt")
FALLBACK = ("briefing-2023-03_2023-06.txt", "briefing-2023-07_2023-10.txt")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WIDTHS = {"desktop": 1280, "mobile": 390}


def _digests() -> list[Path]:
    if all((CORPUS / name).is_file() for name in DEVELOPMENT):
        return [REPO / "content" / SAMPLE, *(CORPUS / name for name in DEVELOPMENT)]
    return [REPO / "content" / SAMPLE, *(FIXTURES / name for name in FALLBACK)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("reading")
    content = tmp / "content"
    content.mkdir()
    for path in _digests():
        shutil.copy(path, content / path.name)
    site = tmp / "site"
    build_site(content, site, config=REPO / "mkdocs.yml", workdir=tmp / "build", progress=False)
    return site


@pytest.fixture(scope="module")
def manifest(site) -> list[dict]:
    return json.loads((site / "entries.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 (the base class's signature)
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def newest_digest(manifest: list[dict]) -> str:
    return max(manifest, key=lambda r: (r["issue"] or "", r["date"] or r["issue"] or "", r["source"]))["source"]


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def h1_of(page_html: str) -> str:
    m = re.search(r'<h1 class="entry-title[^"]*"[^>]*>(.*?)</h1>', page_html, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()


def title_of(page_html: str) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", page_html, re.S).group(1)).strip()


def english_share(text: str) -> float:
    """Latin letters among the letters of a text (1.0: all English, 0.0: all Chinese)."""
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if c.isascii()) / max(1, len(letters))


# ------------------------------------------------------------------ 1. headlines
def test_every_english_entry_page_has_a_predominantly_english_h1_and_title(site, manifest):
    bad = []
    for row in manifest:
        page = read(site, row["url_en"])
        head = h1_of(page)
        if english_share(head) < 0.8 or head != row["title_en"] or not title_of(page).startswith(head):
            bad.append(f"{row['id']}: {head!r} / {title_of(page)!r}")
        # the Chinese headline beside it, marked as Chinese
        if f'class="entry-title-other" lang="zh">{html.escape(row["title"], quote=False)}<' not in page:
            bad.append(f"{row['id']}: no Chinese headline beside the English one")
    assert not bad, "\n".join(bad[:20])


def test_no_chinese_h1_ends_in_an_ellipsis(site, manifest):
    heads = {row["id"]: h1_of(read(site, row["url"])) for row in manifest}
    assert all(heads[r["id"]] == r["title"] for r in manifest)
    cut = [f"{i}: {h}" for i, h in heads.items() if h.rstrip().endswith(("…", "...", "⋯"))]
    assert not cut, "\n".join(cut)


def test_a_composed_english_headline_is_marked(site, manifest):
    row = next(r for r in manifest if r["title_en_generated"])
    assert re.search(r'<h1 class="entry-title generated" title="[^"]+">', read(site, row["url_en"]))
    assert re.search(r'class="entry-title-other generated" lang="en" title="[^"]+">', read(site, row["url"]))


# ------------------------------------------------------------------ 2. the newest digest: home and feed
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_entry_of_the_newest_digest_is_on_the_home_page_and_in_the_feed(site, manifest, lang):
    prefix = "en/" if lang == "en" else ""
    newest = [r for r in manifest if r["source"] == newest_digest(manifest)]
    assert any(not r["date"] for r in newest)  # undated entries (article summaries) included
    home = read(site, prefix)
    missing = [r["id"] for r in newest if f'href="e/{r["id"]}/"' not in home]
    assert not missing
    feed = ET.parse(site / prefix / "feeds" / "atom.xml").getroot()
    fed = {item.find(f"{ATOM}id").text.rstrip("/").rsplit("/", 1)[-1]: item for item in feed.findall(f"{ATOM}entry")}
    assert {r["id"] for r in newest} <= set(fed)
    for r in newest:  # an undated entry is fed under its digest's issue date
        assert fed[r["id"]].find(f"{ATOM}published").text[:10] == (r["date"] or r["issue"])
    # the home page names the digest and links to its page and to the archive
    digest_href = "digests/" + newest[0]["source"].rsplit(".", 1)[0] + "/"
    assert f'href="{digest_href}"' in home and 'href="archive/"' in home
    assert (site / prefix / digest_href / "index.html").is_file()


def test_undated_entries_show_their_issue_date_marked_as_such(site, manifest):
    row = next(r for r in manifest if not r["date"] and r["issue"])
    month = f"archive/{row['issue'][:4]}/{row['issue'][5:7]}/"
    y, m, d = (int(x) for x in row["issue"].split("-"))
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    for prefix, shown in (("", f"期 {row['issue']}"), ("en/", f"issue of {d} {months[m - 1]} {y}")):
        page = read(site, prefix + month)
        item = page[page.index(f'href="../../../e/{row["id"]}/"') - 400: page.index(f'href="../../../e/{row["id"]}/"')]
        assert 'class="date-issue" title="' in item and f">{shown}</time>" in item, prefix
    assert not (site / "archive" / "undated").exists()  # nothing is left without a month


# ------------------------------------------------------------------ 3. entry pages
def test_entry_pages_label_metadata_once_in_their_own_language(site, manifest):
    for row in manifest:
        zh = read(site, row["url"])
        labels = re.findall(r'<span class="chip-family">([^<]*)</span>', zh) + re.findall(r"<b>([^<]*)</b>", zh)
        assert labels and all(CJK.search(x) and not re.search(r"[A-Za-z]", x) for x in labels), (row["id"], labels)
        assert "简报: <a" in zh and "来源:" not in zh
        if any(t.startswith("来源/") for t in row["tags"]):
            assert '<span class="chip-family">来源刊物</span>' in zh
        en = read(site, row["url_en"])
        labels = re.findall(r'<span class="chip-family">([^<]*)</span>', en)
        assert all(not CJK.search(x) for x in labels), (row["id"], labels)
        assert "Digest: <a" in en
        # a person or organisation with a chip is not listed again below the chips
        names = re.search(r'<p class="entry-names">(.*?)</p>', zh, re.S)
        for tag in row["tags"]:
            family, label = tag.split("/", 1)
            if family in ("人物", "机构") and names:
                assert f'<span lang="zh">{html.escape(label, quote=False)}</span>' not in names.group(1), (row["id"], tag)


def test_region_and_topic_labels_are_distinct(site):
    for prefix in ("", "en/"):
        page = read(site, prefix + "tags")
        labels = {}
        for family in ("region", "topic"):
            labels[family] = set(re.findall(rf'href="{family}/[^/]+/"[^>]*>([^<]+?) <span class="count">', page))
        assert labels["region"] and labels["topic"] and not labels["region"] & labels["topic"], prefix


# ------------------------------------------------------------------ 4. listings
def test_every_digest_has_a_page_that_links_its_entries_and_back(site, manifest):
    for prefix, url in (("", "url"), ("en/", "url_en")):
        archive = read(site, prefix + "archive")
        for source in {r["source"] for r in manifest}:
            digest = "digests/" + source.rsplit(".", 1)[0] + "/"
            page = read(site, prefix + digest)
            assert f'href="../{digest}"' in archive  # listed on the archive page
            for r in (r for r in manifest if r["source"] == source):
                assert f'href="../../e/{r["id"]}/"' in page
                assert f'href="../../{digest}"' in read(site, r[url])  # the entry links back


def test_month_pages_link_the_previous_and_next_month(site):
    months = sorted(p.parent for p in (site / "archive").glob("[0-9]*/[0-9]*/index.html"))
    assert len(months) > 3
    for i, folder in enumerate(months):
        page = (folder / "index.html").read_text(encoding="utf-8")
        for rel, near in (("prev", months[i - 1] if i else None), ("next", months[i + 1] if i + 1 < len(months) else None)):
            m = re.search(rf'rel="{rel}" href="\.\./\.\./\.\./(archive/\d+/\d+/)"', page)
            if near is None:
                assert m is None, folder
            else:
                assert m and site / m.group(1) == near, (folder, rel)


def test_tag_index_is_grouped_by_family_most_used_first(site):
    page = read(site, "tags")
    families = re.findall(r'<h2 id="([a-z]+)">', page)
    assert families[:2] == ["country", "region"] and "topic" in families and len(set(families)) == len(families)
    for family in families:
        section = page.split(f'<h2 id="{family}">', 1)[1].split("<h2", 1)[0]
        counts = [int(c) for c in re.findall(r'<span class="count">(\d+)</span></a></li>', section)]
        assert counts and counts == sorted(counts, reverse=True), family


# ------------------------------------------------------------------ 5. in the browser: layout and screenshots
def _pages(manifest: list[dict]) -> dict[str, str]:
    row = max((r for r in manifest if r["date"]), key=lambda r: (len(r["tags"]), r["id"]))
    return {"home": "", "entry": row["url"], "tag": "tags/" + row["tag_keys"][0].replace(":", "/").lower() + "/",
            "tags": "tags/", "digest": "digests/" + newest_digest(manifest).rsplit(".", 1)[0] + "/",
            "glossary": "glossary/person/"}


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots_and_layout(browser, base, manifest, lang, width):
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = "en/" if lang == "en" else ""
    try:
        for name, url in _pages(manifest).items():
            page.goto(base + prefix + url.removeprefix("en/"), wait_until="networkidle")
            shot = ARTIFACTS / f"{name}-{lang}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000, shot
            # nothing wider than the screen (the glossary's table scrolls in its own box)
            assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width], (name, width)
        # headlines are clamped to two lines by CSS, their text whole
        page.goto(base + prefix + _pages(manifest)["digest"], wait_until="networkidle")
        links = page.locator(".entry-list .entry-link")
        heights = links.evaluate_all("as => as.map(a => [a.getBoundingClientRect().height,"
                                     " parseFloat(getComputedStyle(a).lineHeight), a.textContent])")
        titles = {r["title_en"] if lang == "en" else r["title"] for r in manifest}
        assert all(text in titles for _, _, text in heights)
        assert all(h <= 2 * line + 1 for h, line, _ in heights), heights
        # the tag index: chips never break inside a name (every chip one line high)
        page.goto(base + prefix + "tags/", wait_until="networkidle")
        broken = page.locator(".tag-chips .chip").evaluate_all("""cs => cs.filter(c => {
            const lh = parseFloat(getComputedStyle(c).lineHeight), h = c.getBoundingClientRect().height;
            c.style.whiteSpace = "nowrap";
            const fits = c.getBoundingClientRect().width <= c.parentElement.parentElement.clientWidth;
            c.style.whiteSpace = "";
            return fits && h > 1.6 * lh;
        }).map(c => c.textContent)""")
        assert page.locator(".tag-chips .chip").count() > 20 and not broken, broken
        # the home page: each of the newest digest's entries with a date, tags and an excerpt
        page.goto(base + prefix, wait_until="networkidle")
        rows = page.locator(".entry-list--teasers > li")
        assert rows.count() >= len([r for r in manifest if r["source"] == newest_digest(manifest)])
        first = rows.first
        for selector in ("time", ".entry-link", ".entry-tags .chip", ".entry-excerpt"):
            box = first.locator(selector).first.bounding_box()
            assert box and box["width"] > 10 and box["height"] > 5, selector
        assert all(u.startswith(base) for u in requests), [u for u in requests if not u.startswith(base)][:5]
    finally:
        context.close()
