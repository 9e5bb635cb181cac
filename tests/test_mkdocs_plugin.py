"""generator.mkdocs_plugin: MkDocs renders every page, so the user's mkdocs.yml reaches them all.

A copy of the project folder (mkdocs.yml, site_overrides/, docs/, the sample digest) in a
temporary folder; the checkout itself is never written to.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE

from generator.build import build_site

REPO = Path(__file__).resolve().parents[1]

HOOK = '''
def on_page_markdown(markdown, page, config, files):
    return markdown + "\\n\\n**hook-markdown**\\n"


def on_page_content(html, page, config, files):
    return html + '<p class="hook-content">hook-content ' + config.theme["language"] + "</p>"
'''


def project(tmp: Path, extra_config: str = "") -> Path:
    """A project folder like the checkout's, with the sample digest as its content."""
    root = tmp / "project"
    root.mkdir()
    shutil.copytree(REPO / "site_overrides", root / "site_overrides")
    (root / "docs").mkdir()
    (root / "content").mkdir()
    shutil.copy(SAMPLE, root / "content" / SAMPLE.name)
    (root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8") + extra_config, encoding="utf-8")
    return root


def test_a_hook_in_mkdocs_yml_reaches_every_page_in_both_languages(tmp_path):
    root = project(tmp_path, "\nhooks:\n  - hooks/marker.py\n")
    (root / "hooks").mkdir()
    (root / "hooks" / "marker.py").write_text(HOOK, encoding="utf-8")
    site = tmp_path / "site"
    build_site(root / "content", site, config=root / "mkdocs.yml", workdir=root / "build", search=False)
    kinds = {"entry": "e/*/index.html", "tag": "tags/*/*/index.html", "month": "archive/*/*/index.html",
             "digest": "digests/*/index.html", "glossary": "glossary/*/index.html"}
    for lang, tree in (("zh", site), ("en", site / "en")):
        for kind, pattern in kinds.items():
            pages = sorted(tree.glob(pattern))
            assert pages, (lang, kind)
            for page in pages:
                html = page.read_text(encoding="utf-8")
                assert "<strong>hook-markdown</strong>" in html, page  # Markdown, through the user's hook
                assert f'<p class="hook-content">hook-content {lang}</p>' in html, page
        for index in ("index.html", "archive/index.html", "tags/index.html", "glossary/index.html", "search/index.html"):
            assert "hook-content" in (tree / index).read_text(encoding="utf-8"), (lang, index)


def test_a_markdown_extension_in_mkdocs_yml_reaches_entry_bodies(tmp_path):
    # the entry bodies are Markdown: an extension sees them (here: abbreviations defined by a hook)
    root = project(tmp_path, "\nhooks:\n  - hooks/abbr.py\n")
    (root / "hooks").mkdir()
    (root / "hooks" / "abbr.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n"
        "    return markdown + '\\n\\n*[SPD]: Strategic Policy Dialogue\\n'\n", encoding="utf-8")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - attr_list\n", "  - attr_list\n  - abbr\n")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    build_site(root / "content", site, config=root / "mkdocs.yml", workdir=root / "build", search=False)
    pages = [p.read_text(encoding="utf-8") for p in [*site.glob("e/*/index.html"), *site.glob("en/e/*/index.html")]]
    assert sum('<abbr title="Strategic Policy Dialogue">SPD</abbr>' in p for p in pages) >= 2


def test_mkdocs_build_strict_in_the_project_folder(tmp_path):
    """`mkdocs build --strict` works on its own: the plugin gathers the content, builds both
    languages, the feed and the manifests, and MkDocs validates the links of every page."""
    root = project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                         cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert not re.search(r"^WARNING", run.stderr, re.M), run.stderr
    site = tmp_path / "site"
    for path in ("index.html", "en/index.html", "entries.json", "glossary.json", "feeds/atom.xml", "en/feeds/atom.xml",
                 "search-index/meta.json.gz", "sitemap.xml", "en/sitemap.xml", "404.html", "en/404.html"):
        assert (site / path).is_file(), path
    rows = json.loads((site / "entries.json").read_text(encoding="utf-8"))
    assert len(list(site.glob("e/*/index.html"))) == len(list(site.glob("en/e/*/index.html"))) >= len(rows) > 20
    assert (root / "content" / "ids.lock.json").is_file()  # the permanent ids are kept, as by briefing build
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") > 30 and "/e/" in sitemap


def test_a_broken_link_in_a_page_fails_the_strict_build(tmp_path):
    root = project(tmp_path)
    (root / "docs" / "about.md").write_text("# About\n\n[the archive](no-such-page.md)\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                         cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode != 0 and "no-such-page.md" in run.stderr


@pytest.mark.parametrize("name", ["index.md"])
def test_a_page_in_docs_replaces_the_generated_one(tmp_path, name):
    root = project(tmp_path)
    (root / "docs" / name).write_text("# 我们的首页\n\n自己写的首页。\n", encoding="utf-8")
    site = tmp_path / "site"
    build_site(root / "content", site, config=root / "mkdocs.yml", workdir=root / "build", search=False)
    assert "自己写的首页" in (site / "index.html").read_text(encoding="utf-8")
