"""The built site in a real browser (Debian chromium, headless, through Playwright).

One build of the sample digest and one of a hostile digest per module; the sample site is
served twice by http.server: at the root (http://127.0.0.1:PORT/) and under a sub-path
(http://127.0.0.1:PORT/archive/, which is also the path of site_url, so the absolute links
of 404.html resolve there). Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import datetime as dt
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
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SUB = "archive/"  # the sub-path mount; the same as the path of site_url in mkdocs.yml
ATOM = "{http://www.w3.org/2005/Atom}"
ENTRY_PAGE_LIMIT = 30 * 1024

# Strings that must reach the reader as text, never as markup, Markdown or template.
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


# ------------------------------------------------------------------ builds and servers
def _build(tmp: Path, digests: dict[str, str] | None = None) -> Path:
    """Build into tmp/site from the repo's content (or the given digests) in a tmp content dir."""
    content = tmp / "content"
    content.mkdir()
    if digests is None:
        for p in [*sorted((REPO / "content").glob("*.txt")), *sorted((REPO / "content").glob("*.yml"))]:
            shutil.copy(p, content / p.name)  # the .yml files too: the committed ids and corrections
    else:
        for name, text in digests.items():
            (content / name).write_text(text, encoding="utf-8")
    site = tmp / "site"
    # workdir in tmp: never the shared build/ of the checkout
    build_site(content, site, config=REPO / "mkdocs.yml", workdir=tmp / "build", progress=False)
    return site


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A quiet static server that answers a missing path with the site's 404.html, as static
    hosts (GitHub Pages, Netlify, nginx error_page) do."""

    not_found_page: Path | None = None

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_error(self, code, message=None, explain=None):
        if code == 404 and self.not_found_page and self.command == "GET":
            body = self.not_found_page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@contextlib_contextmanager := None  # placeholder removed below
