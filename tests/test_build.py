"""generator.build: the sample site end to end (MkDocs strict, manifest, sizes, determinism, failures)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE, gold_of

from generator.build import build_site
from generator.errors import BriefingError
from generator.read import read_digest
from generator.split import split_digest


def _content(tmp: Path, *digests: Path) -> Path:
    content = tmp / "content"
    content.mkdir(parents=True, exist_ok=True)
    for d in digests:
        shutil.copy(d, content / d.name)
    return content


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("build")
    site = tmp / "site"
    build_site(_content(tmp, SAMPLE), site, workdir=tmp / "work")
    return site


def test_manifest_lists_every_entry(sample_site):
    rows = json.loads((sample_site / "entries.json").read_text(encoding="utf-8"))
    gold = gold_of(SAMPLE)
    assert len(rows) == len(split_digest(read_digest(SAMPLE)).entries) > 1
    for row in rows:
        assert set(row) >= {"id", "url", "title", "title_en", "date", "tags", "source", "source_lines"}
        assert (sample_site / row["url"] / "index.html").is_file()
        assert (sample_site / "en" / row["url"] / "index.html").is_file()
    covered = sorted(n for r in rows for n in range(r["source_lines"][0], r["source_lines"][1] + 1))
    assert covered == [n for n in range(1, gold["lines"] + 1) if n not in gold["junk_lines"]]


def test_entry_pages_are_small_and_not_in_the_nav(sample_site):
    pages = list(sample_site.glob("e/*/index.html")) + list(sample_site.glob("en/e/*/index.html"))
    assert pages
    largest = max(p.stat().st_size for p in pages)
    assert largest < 30_000, largest
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    entry = pages[0].read_text(encoding="utf-8")
    # entries are not in the navigation: only the five index pages are (rendered twice: tabs and drawer)
    assert entry.count("md-nav__link") < 20
    assert not re.search(r'class="md-(?:nav|tabs)__link[^"]*"[^>]*href="[^"]*e/[a-z0-9]{8}/"', entry)
    assert not re.search(r'href="[^"]*e/[a-z0-9]{8}/"[^>]*class="md-(?:nav|tabs)__link', entry)
    assert 'lang="zh"' in home[:200]


def test_languages_and_pages(sample_site):
    assert '<html lang="en"' in (sample_site / "en" / "index.html").read_text(encoding="utf-8")
    for page in ("archive", "tags", "glossary", "search"):
        assert (sample_site / page / "index.html").is_file() and (sample_site / "en" / page / "index.html").is_file()
    assert list(sample_site.glob("archive/2023/01/index.html"))
    assert list(sample_site.glob("tags/country/us/index.html"))
    assert "<svg" in (sample_site / "archive" / "index.html").read_text(encoding="utf-8")
    glossary = (sample_site / "en" / "glossary" / "person" / "index.html").read_text(encoding="utf-8")
    assert "Antony J. Blinken" in glossary and "布林肯" in glossary
    assert 'href="../../tags/person/antony-blinken/"' in glossary  # a name links to its entries
    for kind in ("org", "publication", "acronym"):
        assert (sample_site / "glossary" / kind / "index.html").is_file()
    names = json.loads((sample_site / "glossary.json").read_text(encoding="utf-8"))
    blinken = next(n for n in names if n["en"].startswith("Antony") and n["kind"] == "person")
    assert "布林肯" in [blinken["zh"], *blinken["aliases"]] and len(blinken["entries"]) >= 5
    assert (sample_site / "feeds" / "atom.xml").is_file() and (sample_site / "sitemap.xml").is_file()


def test_no_outside_host_in_built_html(sample_site):
    import re

    pattern = re.compile(r'<(?:script|img|iframe)[^>]+src="(https?:)?//|<link[^>]+rel="(?:stylesheet|preconnect|preload)"[^>]+href="(https?:)?//')
    offenders = [p for p in sample_site.rglob("*.html") if pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders
    assert not any("fonts.googleapis" in p.read_text(encoding="utf-8") for p in sample_site.rglob("*.html"))


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_from_scratch_are_byte_identical(tmp_path, sample_site):
    """The whole tree, the search index included."""
    content = _content(tmp_path, SAMPLE)
    site = tmp_path / "site"
    build_site(content, site, workdir=tmp_path / "work")
    first = _tree_digest(site)
    assert any(k.startswith("search-index/c/") for k in first)
    assert _tree_digest(sample_site) == first  # another folder, another from-scratch build
    build_site(content, site, workdir=tmp_path / "work")  # and a re-run with its caches
    assert _tree_digest(site) == first


@pytest.mark.parametrize("bad,expect", [
    (b"\x00\x01\x02binary\x00", "binary"),
    (bytes(range(0x80, 0x100)) * 8, "bad.txt"),
])
def test_bad_file_fails_the_build_and_keeps_the_previous_site(tmp_path, bad, expect):
    content = _content(tmp_path, SAMPLE)
    site = tmp_path / "site"
    build_site(content, site, workdir=tmp_path / "work")
    before = _tree_digest(site)
    (content / "bad.txt").write_bytes(bad)
    with pytest.raises(BriefingError) as exc:
        build_site(content, site, workdir=tmp_path / "work")
    assert expect in str(exc.value) and "bad.txt" in str(exc.value)
    assert _tree_digest(site) == before


@pytest.mark.parametrize("name,text,line", [
    ("taxonomy.yml", "topics:\n  - zh: 出口管制\n    en: [unclosed\n", 3),
    ("overrides.yml", "briefing.txt:\n  split_before: [\"a\"\n  join: 3\n", 3),
])
def test_malformed_yaml_names_file_and_line(tmp_path, name, text, line):
    content = _content(tmp_path, SAMPLE)
    (content / name).write_text(text, encoding="utf-8")
    with pytest.raises(BriefingError) as exc:
        build_site(content, tmp_path / "site", workdir=tmp_path / "work")
    assert name in str(exc.value) and exc.value.line is not None and abs(exc.value.line - line) <= 1


def test_mkdocs_strict_build_logs_no_warnings(tmp_path, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="mkdocs")
    build_site(_content(tmp_path, SAMPLE), tmp_path / "site", workdir=tmp_path / "work", search=False)
    warnings = [r for r in caplog.records if r.name.startswith("mkdocs") and r.levelno >= logging.WARNING]
    assert not warnings, [r.getMessage() for r in warnings]
    assert any("Documentation built" in r.getMessage() for r in caplog.records)  # the log was captured
