"""The built site in a real browser (Debian chromium, headless, through Playwright).

One build of the sample content and one of a hostile digest per module. The sample site is
served twice by http.server: at the root (http://127.0.0.1:PORT/) and under a sub-path
(http://127.0.0.1:PORT/archive/, the path of site_url in mkdocs.yml, so that the absolute
links MkDocs writes into 404.html resolve there). Screenshots go to test-artifacts/
(git-ignored). Static checks of the built files (sizes, external resources, feed) live here
too, because they share the build.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.build import build_site

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
SITE_URL = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
SUB = urlsplit(SITE_URL).path.strip("/") + "/"  # the sub-path mount: "archive/", as in site_url
SITE_NAME = {"zh": "国际动态简报档案", "en": "Briefing Archive"}
ATOM = "{http://www.w3.org/2005/Atom}"
ENTRY_PAGE_LIMIT = 30 * 1024
ID = r"[a-z0-9]{8}"

# Strings that must reach the reader as text: never markup, Markdown or template.
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
           "<iframe src=https://example.com>", "{{ config }}", "{% raw %}"]
HOSTILE_DIGEST = "\n".join([
    "2023年1月5日,美国国务院称<script>alert(1)</script>将与日本(Japan)举行会谈。"
    "国务院发言人普赖斯(Ned <b>Price</b>)表示,双方将讨论印太地区安全问题。",
    "文章指出,<img src=x onerror=alert(1)>是一种常见的攻击方式,[x](javascript:alert(1))也同样危险。",
    "1月9日,英国外交部发表声明<iframe src=https://example.com>称,英国将继续支持乌克兰(Ukraine)。",
    "# 此外,声明还提到了{{ config }}和{% raw %}等模板语法。",
    "1月12日,《外交事务》(Foreign Affairs)发表了一篇名为《<script>alert(1)</script>与{{ config }}》的文章。",
    "* 作者认为,美国应当加强与盟友的合作。",
    "1. 文章指出,第一点是加强威慑。",
    "2月3日,日本防卫省称{% raw %}朝鲜发射了一枚弹道导弹[x](javascript:alert(1))。",
    "# 2月10日,韩国国防部表示<img src=x onerror=alert(1)>,韩美将举行联合军演。",
]) + "\n"
# Paragraphs that Markdown would turn into a heading or a list if the body were Markdown.
MARKDOWN_STARTS = ["# 此外,声明还提到了", "* 作者认为", "1. 文章指出", "# 2月10日,韩国国防部表示"]


# ------------------------------------------------------------------ builds and servers
def _build(tmp: Path, digests: dict[str, str] | None = None) -> Path:
    """Build tmp/site from a tmp copy of the repo's content (or from the given digests)."""
    content = tmp / "content"
    content.mkdir()
    if digests is None:
        # the .yml files too (ids.lock.json, corrections): the ids are the committed ones
        for p in [*sorted((REPO / "content").glob("*.txt")), *sorted((REPO / "content").glob("*.yml"))]:
            shutil.copy(p, content / p.name)
    else:
        for name, text in digests.items():
            (content / name).write_text(text, encoding="utf-8")
    site = tmp / "site"
    # workdir in tmp: never the checkout's build/, which a parallel build may be using
    build_site(content, site, config=REPO / "mkdocs.yml", workdir=tmp / "build", progress=False)
    return site


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A quiet static server; with `not_found` set, a missing path gets that page with status
    404, as static hosts do (GitHub Pages, Netlify, nginx's error_page)."""

    not_found: Path | None = None

    def log_message(self, format, *args):  # noqa: A002 (the base class's signature)
        pass

    def send_error(self, code, message=None, explain=None):
        if code == 404 and self.not_found is not None and self.command == "GET":
            body = self.not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@pytest.fixture(scope="module")
def serve() -> Iterator:
    """serve(directory, not_found=None) -> http://127.0.0.1:PORT/ ; all stopped at the end."""
    servers = []

    def start(directory: Path, not_found: Path | None = None) -> str:
        handler = type("Handler", (_Handler,), {"not_found": not_found})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                 functools.partial(handler, directory=str(directory)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("hostile"), {"briefing-2023-01_2023-02.txt": HOSTILE_DIGEST})


@pytest.fixture(scope="module")
def manifest(site) -> list[dict]:
    return json.loads((site / "entries.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bases(site, serve, tmp_path_factory) -> dict[str, str]:
    """The sample site at the root of one server and under /archive/ on another."""
    parent = tmp_path_factory.mktemp("mount")
    try:
        (parent / SUB.strip("/")).symlink_to(site, target_is_directory=True)
    except OSError:
        shutil.copytree(site, parent / SUB.strip("/"))
    return {"root": serve(site), "sub": serve(parent, not_found=site / "404.html") + SUB}


class Recorder:
    """Everything a page did that a test may want to refuse: requests, dialogs, errors."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        # ERR_ABORTED: a request still in flight when the test moves on to the next page
        page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
                and self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} ({r.status})"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def dialog(d):
            self.dialogs.append(f"{d.type}: {d.message} on {page.url}")
            d.dismiss()

        page.on("dialog", dialog)


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    p = context.new_page()
    p.rec = Recorder(p)
    return p


def html_lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def h1(page) -> str:
    """The page's heading, without the "¶" anchor that the toc extension appends."""
    return page.locator("article.md-content__inner h1").first.evaluate(
        "h => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove());"
        " return c.textContent.trim(); }")


def click(page, locator) -> None:
    """Click a link and wait for the next page to load."""
    with page.expect_navigation():
        locator.click()


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "search-index" not in p.parts)


# ------------------------------------------------------------------ 1. navigation
@pytest.mark.parametrize("where", ["root", "sub"])
def test_navigation_home_entry_tag_archive_and_languages(page, bases, manifest, where):
    base = bases[where]
    by_id = {r["id"]: r for r in manifest}

    page.goto(base)
    assert page.title() == SITE_NAME["zh"] and html_lang(page) == "zh"

    # home -> the newest entry
    click(page, page.locator(".entry-list a").first)
    m = re.fullmatch(re.escape(base) + f"e/({ID})/", page.url)
    assert m, page.url
    eid = m.group(1)
    row = by_id[eid]
    assert h1(page) == row["title"]
    assert page.title() == f"{row['title']} - {SITE_NAME['zh']}"
    assert page.locator("article.entry").get_attribute("data-entry-id") == eid
    assert html_lang(page) == "zh"

    # entry -> its first tag chip -> the tag page lists the entry
    chip = page.locator(".entry-chips a.chip").first
    label = chip.inner_text().strip()
    click(page, chip)
    assert re.fullmatch(re.escape(base) + r"tags/[a-z]+/[^/]+/", page.url), page.url
    assert h1(page) == label and page.title() == f"{label} - {SITE_NAME['zh']}"
    assert page.locator(f'.entry-list a[href$="e/{eid}/"]').count() == 1
    assert html_lang(page) == "zh"

    # back to the entry; the archive tab; the entry's month
    page.go_back()
    assert page.url == f"{base}e/{eid}/"
    click(page, page.locator(".md-tabs__link", has_text="归档"))
    assert page.url == f"{base}archive/" and h1(page) == "归档"
    listed = row["date"] or row["issue"]  # an undated entry is listed under its digest's issue date
    year, month = int(listed[:4]), int(listed[5:7])
    click(page, page.locator(f'article a[href="{year}/{month:02d}/"]'))
    assert page.url == f"{base}archive/{year}/{month:02d}/"
    assert h1(page) == f"{year}年{month}月" and page.title() == f"{year}年{month}月 - {SITE_NAME['zh']}"
    assert page.locator(f'.entry-list a[href$="e/{eid}/"]').count() == 1

    # the month page in English and back
    click(page, page.get_by_test_id("lang-switch"))
    assert page.url == f"{base}en/archive/{year}/{month:02d}/"
    assert html_lang(page) == "en" and re.fullmatch(rf"[A-Z][a-z]+ {year}", h1(page))
    assert page.title().endswith(f" - {SITE_NAME['en']}")
    click(page, page.get_by_test_id("lang-switch"))
    assert page.url == f"{base}archive/{year}/{month:02d}/" and html_lang(page) == "zh"

    # the entry in English: same id, English chips lead to English tag pages, and back
    page.goto(f"{base}e/{eid}/")
    click(page, page.get_by_test_id("lang-switch"))
    assert page.url == f"{base}en/e/{eid}/" and html_lang(page) == "en"
    assert h1(page) == (row["title_en"] or row["title"])
    assert page.get_by_test_id("lang-switch").inner_text().strip() == "中文"
    click(page, page.locator(".entry-chips a.chip").first)
    assert re.fullmatch(re.escape(base) + r"en/tags/[a-z]+/[^/]+/", page.url) and html_lang(page) == "en"
    page.go_back()
    click(page, page.get_by_test_id("lang-switch"))
    assert page.url == f"{base}e/{eid}/" and html_lang(page) == "zh"

    # home in English and back, through the header link
    page.goto(base)
    click(page, page.get_by_test_id("lang-switch"))
    assert page.url == f"{base}en/" and page.title() == SITE_NAME["en"] and html_lang(page) == "en"
    click(page, page.get_by_test_id("lang-switch"))
    assert page.url == base and html_lang(page) == "zh"

    assert not page.rec.errors and not page.rec.dialogs


def test_archive_chart_bars_link_to_month_pages(page, bases):
    base = bases["root"]
    page.goto(f"{base}archive/")
    bar = page.locator("svg.month-chart a").first
    href = bar.get_attribute("href")
    assert urljoin(page.url, href).startswith(f"{base}archive/20")
    assert page.request.get(urljoin(page.url, href)).ok


# ------------------------------------------------------------------ 2. copy link, permalinks
@pytest.mark.parametrize("where", ["root", "sub"])
def test_copy_link_puts_the_permanent_url_on_the_clipboard(context, bases, manifest, where):
    base = bases[where]
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    rec = Recorder(page)
    eid = manifest[len(manifest) // 2]["id"]
    # reached through index.html, with a query and a fragment: the copied link has none of them
    for path, expected in ((f"e/{eid}/index.html?from=feed#l3", f"{base}e/{eid}/"),
                           (f"en/e/{eid}/#top", f"{base}en/e/{eid}/")):
        page.goto(base + path)
        button = page.get_by_test_id("copy-link")
        assert button.evaluate("b => b.matches('.entry-copy')")
        label = button.inner_text()
        button.click()
        page.wait_for_function("([b, l]) => b.textContent !== l", arg=[button.element_handle(), label])
        assert page.evaluate("navigator.clipboard.readText()") == expected
        assert re.fullmatch(re.escape(base) + f"(en/)?e/{ID}/", expected)
    assert not rec.dialogs and not rec.errors


def test_permalinks_match_the_manifest(site, manifest):
    ids = [r["id"] for r in manifest]
    assert len(ids) == len(set(ids)) and ids
    for r in manifest:
        assert re.fullmatch(ID, r["id"]), r
        assert r["url"] == f"e/{r['id']}/" and r["url_en"] == f"en/e/{r['id']}/"
        for url in (r["url"], r["url_en"]):
            page = (site / url / "index.html").read_text(encoding="utf-8")
            assert f'data-entry-id="{r["id"]}"' in page
            permalink = re.search(r'data-permalink="([^"]*)"', page).group(1)
            assert urljoin(f"/{url}index.html", permalink) == f"/{url}", permalink
    # every entry folder is an entry or a former id (an alias) of one
    aliases = {a for r in manifest for a in r["aliases"]}
    for lang_root in (site / "e", site / "en" / "e"):
        assert {p.name for p in lang_root.iterdir()} == set(ids) | aliases


# ------------------------------------------------------------------ 3. nothing from another host
def test_every_request_stays_on_the_local_server(page, bases, manifest):
    base = bases["sub"]
    eid = manifest[-1]["id"]
    row = manifest[-1]
    tag = "tags/" + row["tag_keys"][0].replace(":", "/").lower() + "/"
    listed = row["date"] or row["issue"]  # an undated entry's month is its digest's issue month
    paths = ["", f"e/{eid}/", tag, "archive/", f"archive/{listed[:4]}/{listed[5:7]}/", "tags/",
             "glossary/", "search/", "404.html", "no/such/page/"]
    paths += ["en/" + p for p in paths[:8]]
    for path in paths:
        page.goto(base + path, wait_until="networkidle" if path in ("", "search/") else "load")
    # the search: whatever it loads (the index's meta, chunks, fragments), it loads from here
    for path in ("search/", "en/search/"):
        page.goto(base + path)
        page.locator("#briefing-search-page").get_by_test_id("search-input").fill("布林肯")
        page.get_by_test_id("search-result").first.wait_for()
    page.goto(f"{base}e/{eid}/")
    page.get_by_test_id("search-button").click()
    page.get_by_test_id("search-input").first.fill("Blinken")
    page.get_by_test_id("search-result").first.wait_for()
    assert [u for u in page.rec.requests if "/search-index/" in u]

    local = "{0.scheme}://{0.netloc}/".format(urlsplit(base))
    foreign = [u for u in page.rec.requests if not u.startswith(local) and not u.startswith(("data:", "blob:"))]
    assert not foreign, foreign
    assert not [u for u in page.rec.requests if re.search(r"googleapis|gstatic|cdn|unpkg|jsdelivr|github", u)]
    assert len(page.rec.requests) > len(paths)


def test_no_local_request_fails(page, bases, manifest):
    """Every stylesheet, script, image and index file a page asks for exists."""
    base = bases["root"]
    eid = manifest[-1]["id"]
    for path in ("", f"e/{eid}/", "archive/", "tags/", "glossary/", "search/", f"en/e/{eid}/", "en/search/"):
        page.goto(base + path)
    page.wait_for_load_state("networkidle")
    assert not page.rec.failed, page.rec.failed
    assert not page.rec.errors, page.rec.errors


class _Resources(HTMLParser):
    """The URLs a page makes the browser fetch by itself, and the <head> links to check."""

    FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect",
                     "dns-prefetch", "manifest", "apple-touch-icon"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fetched: list[tuple[str, str]] = []
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link":
            self.links.append(a)
            if set((a.get("rel") or "").lower().split()) & self.FETCHED_LINKS:
                self.fetched.append((tag, a.get("href") or ""))
        elif tag in ("script", "img", "iframe", "frame", "embed", "source", "audio", "video", "track", "input"):
            for key in ("src", "srcset", "poster"):
                if a.get(key):
                    self.fetched.append((tag, a[key]))
        elif tag == "object" and a.get("data"):
            self.fetched.append((tag, a["data"]))
        elif tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.fetched.append((tag, (a.get("content") or "").partition("url=")[2]))
        elif a.get("style") and "url(" in a["style"]:
            self.fetched.append((tag, a["style"]))


def _parse(path: Path) -> _Resources:
    p = _Resources()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_built_pages_load_nothing_from_another_host(site):
    offenders = []
    pages = html_files(site)
    assert len(pages) > 50
    for path in pages:
        p = _parse(path)
        for tag, url in p.fetched:
            if re.search(r"(^|[\s,(])(https?:)?//", url):
                offenders.append(f"{path.relative_to(site)}: <{tag}> {url}")
        for link in p.links:  # canonical, feed, sitemap: only to site_url
            href = link.get("href") or ""
            if re.match(r"(https?:)?//", href) and not href.startswith(SITE_URL):
                offenders.append(f"{path.relative_to(site)}: <link rel={link.get('rel')}> {href}")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for m in re.finditer(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)|url\(\s*['\"]?((?:https?:)?//[^'\")]+)", text):
            url = m.group(1) or m.group(2)
            if re.match(r"(https?:)?//", url):
                offenders.append(f"{css.relative_to(site)}: {url}")
    assert not offenders, "\n".join(offenders[:20])


# ------------------------------------------------------------------ 4. screenshots
def _showcase(manifest: list[dict]) -> dict:
    """A dated entry in the middle of the archive with the most tags: chips, names, prev/next."""
    inner = [r for r in manifest[1:-1] if r["date"]]
    return max(inner, key=lambda r: (len(r["tags"]), r["id"]))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_entry_page_screenshot(page, bases, manifest, lang):
    row = _showcase(manifest)
    base = bases["root"]
    page.goto(f"{base}{'en/' if lang == 'en' else ''}e/{row['id']}/", wait_until="networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"entry-{lang}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    # the pieces a reader needs are on screen and laid out, not collapsed or overlapping
    switch = page.get_by_test_id("lang-switch").bounding_box()
    assert switch and switch["width"] > 20 and switch["y"] < 60
    for selector in (".entry-title", ".entry-chips a.chip", ".entry-meta", ".entry-nav a", ".entry-body"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["width"] > 10 and box["height"] > 5, selector
    prev, nxt = (page.locator(s).bounding_box() for s in (".entry-prev", ".entry-next"))
    assert prev["x"] + prev["width"] <= nxt["x"] + 1 or prev["y"] + prev["height"] <= nxt["y"] + 1
    # a narrow screen: nothing wider than the viewport
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / f"entry-{lang}-mobile.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tag_page_screenshot(page, bases, manifest, lang):
    row = _showcase(manifest)
    prefix = "en/" if lang == "en" else ""
    page.goto(f"{bases['root']}{prefix}tags/{row['tag_keys'][0].replace(':', '/').lower()}/", wait_until="networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"tag-{lang}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert page.locator(".entry-list li").count() >= 1 and page.locator(".list-head").is_visible()
    assert page.locator(f'.entry-list a[href$="e/{row["id"]}/"]').count() == 1
    assert page.locator(".md-tabs__link").count() >= 5  # the tabs, rendered once per folder, are there


# ------------------------------------------------------------------ 5. hostile strings
@pytest.fixture(scope="module")
def hostile(hostile_site, serve) -> tuple[Path, str, list[dict]]:
    rows = json.loads((hostile_site / "entries.json").read_text(encoding="utf-8"))
    return hostile_site, serve(hostile_site), rows


def test_hostile_digest_builds_into_several_entries(hostile):
    site, _, rows = hostile
    assert len(rows) >= 4
    assert any("<script>alert(1)</script>" in r["title"] for r in rows)
    for lang_root in (site, site / "en"):
        ET.parse(lang_root / "feeds" / "atom.xml")  # titles with markup are escaped in the feed too


SAFE_DOM = """() => {
  const q = s => document.querySelectorAll(s).length;
  const scripts = [...document.scripts].filter(s => !s.src && /alert/.test(s.textContent)).length;
  const body = document.querySelector('.entry-body');
  return {
    scripts, iframes: q('iframe'), imgs: q('img[src="x"], img[onerror]'), onerror: q('[onerror]'),
    jslinks: q('a[href^="javascript:" i]'), bold: q('.entry-names .name b, .entry-body b'),
    body: body ? {markup: body.querySelectorAll('script, img, iframe, a, h1, h2, ul, ol, li, b').length,
                  paras: [...body.querySelectorAll('p')].map(p => p.innerText), text: body.innerText} : null,
  };
}"""


def test_hostile_strings_render_as_text(browser, hostile):
    site, base, rows = hostile
    ctx = browser.new_context()
    page = ctx.new_page()
    rec = Recorder(page)
    # every entry page, and the pages that list titles: home, archive, months, the entries' tag pages
    paths = []
    for prefix in ("", "en/"):
        paths += [prefix, f"{prefix}archive/", f"{prefix}tags/", f"{prefix}glossary/"]
        paths += [f"{prefix}{p.relative_to(site / prefix).parent.as_posix()}/"
                  for p in sorted((site / prefix / "archive").glob("*/*/index.html"))]
        paths += [f"{prefix}e/{r['id']}/" for r in rows]
        paths += sorted({f"{prefix}tags/{k.replace(':', '/').lower()}/" for r in rows for k in r["tag_keys"][:2]})
    assert len(paths) > 20
    texts = {"zh": "", "en": ""}
    paras: list[str] = []
    for path in paths:
        page.goto(base + path)
        dom = page.evaluate(SAFE_DOM)
        where = path or "/"
        assert dom["scripts"] == dom["iframes"] == dom["imgs"] == dom["onerror"] == dom["jslinks"] == 0, (where, dom)
        assert dom["bold"] == 0, where
        body = dom["body"]
        if body is not None:
            assert body["markup"] == 0, where
            texts["en" if path.startswith("en/") else "zh"] += body["text"]
            paras += body["paras"]
        visible = page.locator("body").inner_text()
        assert "site_name" not in visible and "extra_css" not in visible, where  # no {{ config }} dump
    assert not rec.dialogs, rec.dialogs
    for lang, text in texts.items():
        for s in HOSTILE:
            assert s in text, (lang, s)
    for start in MARKDOWN_STARTS:
        assert any(p.startswith(start) for p in paras), start
    assert "Ned <b>Price</b>" in texts["zh"]

    # titles: the entry page's <title> and heading, and the lists on home, archive and tag pages
    row = next(r for r in rows if "<script>alert(1)</script>" in r["title"])
    page.goto(f"{base}e/{row['id']}/")
    assert page.title() == f"{row['title']} - {SITE_NAME['zh']}"
    assert h1(page) == row["title"]
    assert row["title"] in page.locator(".md-header__topic").last.inner_text()
    listed = row["date"] or row["issue"]
    month = f"archive/{listed[:4]}/{listed[5:7]}/"
    tag = "tags/" + row["tag_keys"][0].replace(":", "/").lower() + "/"
    for path in ("", month, tag, "en/", "en/" + month, "en/" + tag):
        page.goto(base + path)
        # English pages list an entry under its English headline (every entry has one, given or composed)
        shown = (row["title_en"] or row["title"]) if path.startswith("en/") else row["title"]
        assert shown in page.locator(".entry-list").inner_text(), path
    # prev/next and related titles on the neighbours' pages
    for other in rows:
        if other["id"] != row["id"]:
            page.goto(f"{base}e/{other['id']}/")
            nav = page.locator("article.entry").inner_text()
            if f"/e/{row['id']}/" in page.content() or f"../{row['id']}/" in page.content():
                assert row["title"] in nav
    assert not rec.dialogs, rec.dialogs
    ctx.close()


# ------------------------------------------------------------------ 6. sizes
def test_entry_pages_are_small(site):
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size
             for p in [*site.glob("e/*/index.html"), *site.glob("en/e/*/index.html")]}
    largest = max(sizes, key=sizes.get)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "sizes.json").write_text(json.dumps(
        {"largest_entry_page": largest, "largest_entry_page_bytes": sizes[largest], "site_bytes": total,
         "html_files": len(html_files(site))}, indent=1) + "\n", encoding="utf-8")
    assert sizes[largest] < ENTRY_PAGE_LIMIT, (largest, sizes[largest])


# ------------------------------------------------------------------ 7. 404
def _check_404(page, base: str, lang: str) -> None:
    root = base + ("en/" if lang == "en" else "")
    assert page.locator("#briefing-search-page").count() == 1
    assert h1(page).startswith("404")
    hrefs = page.locator("article a").evaluate_all("as => as.map(a => a.href)")
    assert {root, f"{root}archive/", f"{root}tags/"} <= set(hrefs), hrefs
    assert not [h for h in hrefs if "//" in urlsplit(h).path]
    # styled: Material's stylesheet loaded (the header is fixed at the top, not in the flow)
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.get_by_test_id("lang-switch").get_attribute("href")
    click(page, page.locator("article a", has_text="归档" if lang == "zh" else "Archive"))
    assert page.url == f"{root}archive/" and html_lang(page) == lang


def test_404_page_links_home_archive_tags_and_search(page, bases):
    base = bases["sub"]
    page.goto(base + "404.html")
    _check_404(page, base, "zh")
    # a missing address, answered with 404.html by the server, at any depth
    response = page.goto(base + "e/nosuchid/deeper/")
    assert response.status == 404
    _check_404(page, base, "zh")
    assert not page.rec.errors


def test_english_404_and_canonical_urls(page, bases, site, manifest):
    eid = manifest[0]["id"]
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"',
                          (site / "en" / "e" / eid / "index.html").read_text(encoding="utf-8")).group(1)
    assert canonical == f"{SITE_URL}en/e/{eid}/"
    page.goto(bases["sub"] + "en/404.html")
    _check_404(page, bases["sub"], "en")


# ------------------------------------------------------------------ 8. feed
def test_every_page_links_its_languages_feed(site):
    missing = []
    site_path = urlsplit(SITE_URL).path
    for path in html_files(site):
        rel = path.relative_to(site).as_posix()
        feeds = [link for link in _parse(path).links
                 if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"]
        if len(feeds) != 1:
            missing.append(f"{rel}: {len(feeds)} feed links")
            continue
        href = feeds[0]["href"]
        # relative to the page, or absolute from the site_url path (404.html)
        url = href[len(site_path):] if href.startswith(site_path) else urljoin(rel, href)
        want = "en/feeds/atom.xml" if rel.startswith("en/") else "feeds/atom.xml"
        if url != want or not (site / url).is_file():
            missing.append(f"{rel}: {href}")
    assert not missing, "\n".join(missing[:20])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_feed_parses_with_entry_dates(site, manifest, lang):
    root = ET.parse(site / ("en/" if lang == "en" else "") / "feeds" / "atom.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    by_id = {r["id"]: r for r in manifest}
    entries = root.findall(f"{ATOM}entry")
    # undated entries are fed under their digest's issue date
    dated = [r for r in manifest if r["date"] or r["issue"]]
    assert len(entries) == min(50, len(dated))
    prefix = SITE_URL + ("en/" if lang == "en" else "")
    dates = []
    for item in entries:
        link = item.find(f"{ATOM}link").get("href")
        m = re.fullmatch(re.escape(prefix) + f"e/({ID})/", link)
        assert m, link
        row = by_id[m.group(1)]
        listed = row["date"] or row["issue"]
        updated = item.find(f"{ATOM}updated").text
        assert updated[:10] == listed, (row["id"], updated)
        assert item.find(f"{ATOM}published").text[:10] == listed
        assert item.find(f"{ATOM}title").text == (row["title_en"] or row["title"] if lang == "en" else row["title"])
        dates.append(listed)
    assert dates == sorted(dates, reverse=True)  # newest first
    assert root.find(f"{ATOM}updated").text[:10] == dates[0]
