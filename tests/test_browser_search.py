"""Search in the browser, on the sample digest: queries with their expected entries (named by
their first source line, not by id), filters, the header search, the search page, both
languages. The site is built with the site builder when it exists (else the index plus a
minimal page, see benchmarks/search_bench.py) and served from a sub-path, /archive/, of
127.0.0.1; any request to another host fails the test."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import search_bench  # noqa: E402

SAMPLE = REPO / "tests" / "fixtures" / "digests" / "briefing-2022-11_2023-02.txt"

pytestmark = pytest.mark.browser


def marked_sample(content: Path) -> tuple[Path, dict[int, int]]:
    """The sample as a marked digest (its gold entries, `---` between them), so that these
    tests do not depend on the splitter; returns its path and its line numbers -> the .txt's."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    gold = json.loads(SAMPLE.with_suffix(".gold.json").read_text(encoding="utf-8"))["entries"]
    out: list[str] = []
    to_txt: dict[int, int] = {}
    for i, e in enumerate(gold):
        if i:
            out.append("---")
        for n in range(e["first_line"], e["last_line"] + 1):
            out.append(lines[n - 1])
            to_txt[len(out)] = n
    path = content / (SAMPLE.stem + ".md")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path, to_txt


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from generator.pipeline import process

    root = tmp_path_factory.mktemp("browser-search")
    content = root / "content"
    content.mkdir()
    sample, to_txt = marked_sample(content)
    site = root / "archive"
    info = search_bench.build(content, site, workdir=root / "work",
                              minimal=os.environ.get("BRIEFING_SEARCH_MINIMAL") == "1")
    archive = process([sample], content)
    return {"root": root, "real": info["mode"] == "site builder",
            "ids": {to_txt[e.source_lines[0]]: e.id for e in archive.entries},
            "lines": {e.id: to_txt[e.source_lines[0]] for e in archive.entries},
            "entries": {e.id: e for e in archive.entries}}


@pytest.fixture(scope="module")
def base(built):
    with search_bench.serve(built["root"]) as (url, _served):
        yield url + "archive/"


def _guarded_context(browser):
    """A browser context that records every request to a host other than 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    foreign: list[str] = []

    def check(request):
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            foreign.append(request.url)

    context.on("request", check)
    context.route(lambda url: urlsplit(url).hostname not in (None, "127.0.0.1") and url.startswith("http"),
                  lambda route: route.abort())
    return context, foreign


@pytest.fixture
def page(browser):
    context, foreign = _guarded_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    if foreign:
        pytest.fail(f"requests to other hosts: {foreign}")
    if errors:
        pytest.fail(f"script errors: {errors}")


@pytest.fixture(scope="module")
def api(browser, base):
    """One page for the API queries (zh interface, the site root)."""
    context, foreign = _guarded_context(browser)
    page = context.new_page()
    page.goto(base)
    page.wait_for_function("typeof window.briefingSearch === 'function'")
    yield page
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


def search(api, query, filters=None, related=False, **options):
    """briefingSearch's answer; its matches only (the related entries listed after a query's few
    matches left out, `total` theirs) unless `related`."""
    options.setdefault("limit", 100)
    r = api.evaluate("([q, f, o]) => window.briefingSearch(q, f, o)", [query, filters or {}, options])
    if not related:
        r = {**r, "results": [x for x in r["results"] if not x["related"]], "total": r["total"] - r["related"]}
    return r


# the result links of a page's matches (not of the related entries listed after them)
MATCH = ".bs-result:not(.bs-result--related) > [data-testid=search-result]"


def lines_of(built, result):
    return [built["lines"][r["id"]] for r in result["results"]]


# ------------------------------------------------------------------ queries and their entries
@dataclass(frozen=True)
class Case:
    query: str
    lines: tuple[int, ...]  # first source lines of the expected entries
    filters: dict = field(default_factory=dict)
    exact: bool = True  # the results are exactly these (else: they include these)
    first: int | None = None  # the entry that must rank first
    why: str = ""


CASES = [
    # transliterated names (a Chinese word segmenter finds none of them)
    Case("卢卡斯", (9,)), Case("拉特纳", (9,)), Case("普赖斯", (14,)), Case("波佩斯库", (42,)),
    Case("瓦兰德", (9,)), Case("纳尔逊", (5,)), Case("谢尔曼", (10,)), Case("默里", (36,)),
    Case("杰克沙利文", (3,), why="a name typed without its dot"),
    Case("伊利拉特纳", (9,), why="without its dot, a name whose short form (拉特纳) is not typed"),
    Case("林芳正", (4, 25)), Case("布林肯 奥斯汀", (4, 25, 39), why="two names: both, each as a phrase"),
    # English names, including entries that give the name only in Chinese (36: 安东尼·布林肯)
    Case("Blinken", (4, 5, 25, 31, 35, 36, 39), why="36 says only 布林肯"),
    Case("Ratner", (9,)), Case("Nelson", (5,)), Case("Sherman", (10,)), Case("Wallander", (9,)),
    Case("Popescu", (42,)), Case("Murray", (36,)), Case("Jake Sullivan", (3,)),
    # English-only acronyms and words with digits and signs
    Case("SOCKOR", (78,)), Case("BIS", (53,), exact=False, first=53), Case("SPD", (1,)), Case("CCM", (78,)),
    Case("T-90M", (28,)), Case("2+2", (25,)),
    # Chinese phrases typed without spaces: the phrase, not its pairs anywhere
    Case("朝鲜弹道导弹", (2,)), Case("延伸威慑", (1, 62, 71)), Case("韩美日", (62,)),
    # article titles in both languages
    Case("只有进攻现实主义", (42,)), Case("Offensive Realism", (42,), exact=False, first=42),
    Case("为什么欧洲在美国对中国的出口管制中挣扎", (53,)),
    # across languages through the glossary and the taxonomy
    Case("extended deterrence", (1, 62, 71), why="topic 延伸威慑 in English; 1 says 延伸威慑 only"),
    Case("The Diplomat", (53,), exact=False, first=53, why="publication 《外交学人》"),
    Case("外交学人", (53,)), Case("North Korea", (2, 8, 62, 66, 71), exact=False),
    # filters, alone and with a query
    Case("", (2, 8, 71), {"country": ["KP"], "topic": ["missiles"]}, why="country + topic"),
    Case("", (31, 35, 39), {"person": ["antony-blinken"], "year": ["2022"]}, why="person + year"),
    Case("布林肯", (4, 5, 25), {"year": ["2023"]}),
    Case("", (62, 71), {"country": ["US"], "topic": ["extended-deterrence"]}),
    Case("奥斯汀", (7, 62, 71), {"country": ["KR"]}),
    Case("", (53,), {"publication": ["the-diplomat"]}),
    Case("", (), {"country": ["XX"]}, why="an unknown key matches nothing"),
    # query understanding: words apart, places in compounds, names in every spelling
    Case("奥斯汀访韩", (7,), exact=False, why="访韩: 韩 is South Korea; 奥斯汀 any form of Lloyd Austin"),
    Case("弹道导弹朝鲜", (2,), exact=False, first=2, why="two words, in the other order"),
    Case("Lloyd J. Austin", (7, 62, 71), exact=False, why="a middle initial the query has and the text not"),
    Case("antony j blinken", (36,), exact=False, why="case, initial without its dot; 36 says 布林肯 only"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.query or '-'}|{','.join(f'{k}={v[0]}' for k, v in c.filters.items())}"
                                             for c in CASES])
def test_query_finds_its_entries(api, built, case):
    result = search(api, case.query, case.filters)
    found = lines_of(built, result)
    assert result["total"] == len(found)
    if case.exact and not case.query.strip():
        assert sorted(found) == sorted(case.lines), case.why
    elif case.exact:  # the phrase's own entries first; entries holding its words apart may follow
        assert sorted(found[:len(case.lines)]) == sorted(case.lines), case.why
    else:
        assert set(case.lines) <= set(found), case.why
    if case.first is not None:
        assert found[0] == case.first


def test_a_query_no_entry_holds_whole_falls_back_on_partial_matches(api):
    r = search(api, "布林肯 T-90M")
    assert r["partial"] is True and r["total"] > 0
    assert search(api, "布林肯")["partial"] is False


def test_search_page_says_the_matches_are_partial(page, built, base):
    page.goto(base + "search/?q=" + "布林肯%20T-90M")
    page.wait_for_selector('[data-testid="search-result"]')
    status = page.locator('[data-testid="search-status"]')
    assert "部分匹配" in status.inner_text()
    page.screenshot(path=str(built["root"] / "search-partial.png"), full_page=False)


def test_a_query_of_three_parts_goes_on_with_entries_that_miss_one(api, built, page, base):
    r = search(api, "奥斯汀韩国菲律宾")
    assert r["parts"] == ["奥斯汀", "韩国", "菲律宾"] and r["partial"] is False
    full = r["total"] - r["near"]
    assert full >= 1 and r["near"] >= 1
    for hit in r["results"][:full]:  # every part held, the person by name
        text = built["entries"][hit["id"]].raw.text
        assert "奥斯汀" in text or "Austin" in text, hit["id"]
    page.goto(base + "search/?q=" + "奥斯汀韩国菲律宾")
    page.wait_for_selector('[data-testid="search-result"]')
    assert f"最后 {r['near']} 条缺少一个词语" in page.locator('[data-testid="search-status"]').inner_text()


def test_a_place_and_a_word_go_on_with_entries_on_the_place(api, built):
    # 菲律宾防务: the entries that hold both first, then (near) those on the Philippines that never
    # say 防务; none that holds 防务 alone
    r = search(api, "菲律宾防务")
    assert r["parts"] == ["菲律宾", "防务"] and r["kinds"] == ["entity", "word"] and r["partial"] is False
    full = r["total"] - r["near"]
    assert full >= 1 and r["near"] >= 1
    for i, hit in enumerate(r["results"]):
        text = built["entries"][hit["id"]].raw.text
        assert "菲" in text, hit["id"]  # 菲律宾, or 美菲 in a compound
        assert ("防务" in text) == (i < full), hit["id"]


def test_enough_cases():
    assert len(CASES) >= 30


def test_english_name_finds_an_entry_that_has_it_only_in_chinese(api, built):
    entry = built["entries"][built["ids"][36]]
    assert "Blinken" not in entry.raw.text and "布林肯" in entry.raw.text
    assert 36 in lines_of(built, search(api, "Blinken"))
    assert 36 in lines_of(built, search(api, "Antony Blinken"))


def test_chinese_name_finds_entries_that_give_it_in_english(api, built):
    """Every entry tagged with a person is found by the person's Chinese name."""
    for line, eid in built["ids"].items():
        for tag in built["entries"][eid].tags:
            if tag.family == "person":
                assert line in lines_of(built, search(api, tag.zh)), (tag.zh, line)


@pytest.mark.parametrize("query, words", [
    ("ballistic missiles", ["弹道导弹"]), ("semiconductors", ["半导体"]), ("joint declaration", ["联合声明"]),
    ("ballistic missile allies", ["弹道导弹", "盟友"]),
])
def test_english_words_find_entries_that_say_them_in_chinese(api, built, query, words):
    """An English reader's words, through the dictionary's glosses of the archive's words: every
    entry that holds the Chinese words is found, and nothing is partial."""
    held = {line for line, eid in built["ids"].items() if all(w in built["entries"][eid].raw.text for w in words)}
    result = search(api, query)
    assert held and held <= set(lines_of(built, result)) and not result["partial"], query
    assert not any(w in query for w in words)  # the query is English


def test_a_phrase_that_opens_with_a_one_character_place_finds_every_entry_that_holds_it(api, built):
    """中导条约 is cut into 中 (China) and 条约, and no entry on the treaty says 中国: an entry that
    holds the typed phrase holds each of its parts all the same (exact substring recall)."""
    texts = {line: re.sub(r"\s", "", built["entries"][eid].raw.text) for line, eid in built["ids"].items()}
    phrases = sorted({m for t in texts.values() for m in re.findall(r"(?=([中美日韩俄朝英法德][\u4e00-\u9fff]{3}))", t)
                      if m[1] not in "国本方鲜罗美日韩俄朝英法德中"})
    assert len(phrases) > 50
    for q in phrases[::5]:
        held = {line for line, t in texts.items() if q in t}
        found = lines_of(built, search(api, q))
        assert held <= set(found) and set(found[:len(held)]) == held, q


def test_one_character_finds_every_entry_that_has_it(api, built):
    from generator.search import searchable_texts

    for ch in ("美", "克", "鲜"):
        expected = sorted(line for line, eid in built["ids"].items()
                          if any(ch in t for t in searchable_texts(built["entries"][eid])))
        assert sorted(lines_of(built, search(api, ch))) == expected


def test_results_have_title_date_tags_excerpt_and_links(api, built, base):
    r = search(api, "拉特纳")
    (hit,) = r["results"]
    assert hit["title"].startswith("美国国防部印太安全事务助理部长伊利·拉特纳")
    assert hit["date"] == "2023-02-08" and hit["dateText"] == "2023年2月8日"
    assert {"family": "person", "key": "ely-ratner"} in [{"family": t["family"], "key": t["key"]} for t in hit["tags"]]
    assert "<mark>伊利·拉特纳</mark>" in hit["excerpt"] and "Ely Ratner" in hit["excerpt"]
    assert hit["path"] == f"e/{hit['id']}/" and hit["url"] == f"{base}e/{hit['id']}/"


def test_total_counts_all_matches_not_the_page(api):
    r = search(api, "美国", limit=5)
    assert len(r["results"]) == 5 and r["total"] > 20
    assert search(api, "美国", limit=5, offset=5)["results"][0]["id"] not in [x["id"] for x in r["results"]]


def test_filter_counts(api):
    r = search(api, "布林肯", counts=True)
    assert r["filters"]["person"]["antony-blinken"] == 7
    assert r["filters"]["year"] == {"2022": 3, "2023": 3}
    assert r["countsExact"] is True
    mixed = search(api, "布林肯 Austin", counts=True)  # runs and words: counted from the fragments
    assert mixed["filters"]["person"]["lloyd-austin"] == mixed["total"] == 3


def test_sort_by_date(api, built):
    r = search(api, "布林肯", sort="date")
    assert lines_of(built, r)[0] == 5 and lines_of(built, r)[-1] == 36  # newest first, undated last
    dates = [x["date"] for x in r["results"] if x["date"]]
    assert dates == sorted(dates, reverse=True)
    assert lines_of(built, search(api, "布林肯", sort="date-asc"))[0] == 39


# ------------------------------------------------------------------ the interface
def _entry_page(built, base, line):
    return f"{base}e/{built['ids'][line]}/" if built["real"] else base


def test_header_search_shows_highlighted_results(page, built, base):
    page.goto(_entry_page(built, base, 4))
    page.get_by_test_id("search-button").click()
    page.get_by_test_id("search-input").fill("拉特纳")
    results = page.locator(MATCH)
    results.first.wait_for()
    assert results.count() == 1
    assert page.locator(".bs-result mark").first.inner_text() == "伊利·拉特纳"
    assert "2023年2月8日" in results.first.inner_text()
    assert page.locator(".bs-result .bs-chip").count() >= 3
    href = results.first.evaluate("a => a.href")
    assert href == f"{base}e/{built['ids'][9]}/"
    if built["real"]:
        results.first.click()
        page.wait_for_url(href)
        assert "拉特纳" in page.locator("article.entry").inner_text()


@pytest.mark.parametrize("key", ["/", "s"])
def test_keyboard_shortcut_opens_search(page, base, key):
    page.goto(base)
    page.wait_for_function("typeof window.briefingSearch === 'function'")
    page.keyboard.press(key)
    box = page.get_by_test_id("search-input")
    box.wait_for()
    assert box.evaluate("el => el === document.activeElement")
    page.keyboard.type("Nelson")
    page.get_by_test_id("search-result").first.wait_for()
    page.keyboard.press("Escape")
    assert not box.is_visible()


def test_search_page_takes_the_query_from_the_url(page, built, base):
    page.goto(base + "search/?q=布林肯&year=2022")
    results = page.locator(MATCH)
    results.first.wait_for()
    assert page.get_by_test_id("search-input").input_value() == "布林肯"
    page.wait_for_function(f"document.querySelectorAll('{MATCH}').length === 3")
    assert "3" in page.get_by_test_id("search-status").inner_text()
    assert page.locator("input[data-family=year][value='2022']").is_checked()
    hrefs = [a.evaluate("a => a.href") for a in results.all()]
    assert {urlsplit(h).path.split("/")[-2] for h in hrefs} == {built["ids"][n] for n in (31, 35, 39)}


def test_search_page_filters_go_into_the_url(page, built, base):
    page.goto(base + "search/?q=布林肯")
    page.wait_for_function(f"document.querySelectorAll('{MATCH}').length === 7")
    page.locator("input[data-family=year][value='2023']").check()
    page.wait_for_function(f"document.querySelectorAll('{MATCH}').length === 3")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["布林肯"], "year": ["2023"]}
    page.locator("input[data-family=country][value='JP']").check()
    page.wait_for_function(f"document.querySelectorAll('{MATCH}').length === 3")
    assert parse_qs(urlsplit(page.url).query)["country"] == ["JP"]
    page.select_option("[data-testid=search-sort]", "date")
    page.wait_for_function("new URL(location.href).searchParams.get('sort') === 'date'")


def test_search_page_conditions_without_a_query(page, base):
    page.goto(base + "search/?country=KP&topic=missiles")
    page.wait_for_function("document.querySelectorAll('[data-testid=search-result]').length === 3")
    counts = page.locator("input[data-family=topic][value=missiles] ~ .bs-facet__count").inner_text()
    assert counts == "3"


def test_english_interface(page, built, base):
    page.goto(base + "en/search/?q=Offensive%20Realism")
    results = page.get_by_test_id("search-result")
    results.first.wait_for()
    assert results.first.locator(".bs-result__title").inner_text() == "Only Offensive Realism Can Contain China"
    assert results.first.evaluate("a => a.href") == f"{base}en/e/{built['ids'][42]}/"
    assert "Countries and regions" in page.locator(".bs-facets").inner_text()
    page.goto(base + "en/")
    page.wait_for_function("typeof window.briefingSearch === 'function'")
    page.keyboard.press("/")
    page.get_by_test_id("search-input").fill("Blinken")
    page.locator(MATCH).first.wait_for()
    hrefs = [a.evaluate("a => a.href") for a in page.locator(MATCH).all()]
    assert len(hrefs) == 7 and all(h.startswith(base + "en/e/") for h in hrefs)
    assert "11 January 2023" in page.locator(".bs-results").inner_text()


def test_zh_interface_labels(page, base):
    page.goto(base + "search/?q=布林肯")
    page.get_by_test_id("search-result").first.wait_for()
    assert "共 7 条结果" in page.get_by_test_id("search-status").inner_text()
    assert "国家/地区" in page.locator(".bs-facets").inner_text()


# ------------------------------------------------------------------ the index in the browser
def test_search_page_counts_and_sorts(page, base):
    page.goto(base + "search/?country=KP&topic=missiles")
    page.wait_for_function("document.querySelectorAll('[data-testid=search-result]').length === 3")
    counts = page.locator("input[data-family=topic][value=missiles] ~ .bs-facet__count").inner_text()
    assert counts == "3"
    page.goto(base + "en/search/?q=Blinken&sort=date")
    page.wait_for_function("document.querySelectorAll('[data-testid=search-result]').length === 7")
    times = [t.get_attribute("datetime") for t in page.locator(".bs-result time").all()]
    dated = [t for t in times if t]
    assert dated == sorted(dated, reverse=True) and times[-1] == ""  # newest first, undated last


def test_a_query_fetches_only_what_it_needs(browser, built):
    """The header's query: the meta file, its terms' chunks, its vocabulary buckets and the
    fragments of the results shown; the filter file only when counts or filters are asked for."""
    with search_bench.serve(built["root"]) as (url, served):
        context, foreign = _guarded_context(browser)
        page = context.new_page()
        page.goto(url + "archive/")
        page.wait_for_function("typeof window.briefingSearch === 'function'")
        before = len(served)
        r = page.evaluate("window.briefingSearch('布林肯', {}, {limit: 3})")
        plain = [p for p, _ in served[before:]]
        page.evaluate("window.briefingSearch('布林肯', {}, {limit: 3, counts: true})")
        counted = [p for p, _ in served[before + len(plain):]]
        context.close()
    assert not foreign
    index = [p.split("/archive/search-index/")[1] for p in plain if "/search-index/" in p]
    assert "meta.json.gz" in index and "filters.bin.gz" not in index
    assert sum(p.startswith("f/") for p in index) == len(r["results"]) == 3
    chunks = [p for p in index if p.startswith("c/")]
    assert chunks and len(chunks) == len(set(chunks))  # the chunks of its forms' terms, each once
    assert [p for p in counted if "/search-index/" in p] == ["/archive/search-index/filters.bin.gz"]


def test_a_server_that_sends_the_index_with_content_encoding(browser, built, api):
    """A host may serve the .gz files with `Content-Encoding: gzip` (the browser then
    decompresses them itself): the same answers."""
    import functools
    import http.server
    import threading

    class Encoding(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            if self.path.split("?")[0].endswith(".gz"):
                self.send_header("Content-Encoding", "gzip")
            super().end_headers()

        def guess_type(self, path):
            return "application/json" if str(path).endswith(".gz") else super().guess_type(path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Encoding, directory=str(built["root"])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context, foreign = _guarded_context(browser)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/archive/")
        page.wait_for_function("typeof window.briefingSearch === 'function'")
        got = search(page, "布林肯", {"country": ["US"]}, counts=True)
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    assert not foreign
    want = search(api, "布林肯", {"country": ["US"]}, counts=True)
    assert got["total"] == want["total"] > 0 and got["filters"] == want["filters"]
    assert [x["id"] for x in got["results"]] == [x["id"] for x in want["results"]]


def test_a_compound_word_goes_on_with_entries_that_hold_its_head(api, built):
    """私营部门, which two entries hold: after them, the entries on 部门 alone, counted as near."""
    r = search(api, "私营部门")
    assert r["partial"] is False and r["near"] >= 1
    full = r["total"] - r["near"]
    texts = [built["entries"][hit["id"]].raw.text for hit in r["results"]]
    assert full >= 1 and all("私营部门" in t for t in texts[:full])
    assert all("部门" in t and "私营部门" not in t for t in texts[full:])


def test_an_english_word_the_dictionary_lacks_finds_the_chinese_word_the_supplement_glosses(api, built):
    """"partnership" (generator/data/glosses.yml: 伙伴关系, which CC-CEDICT lacks) finds the
    entries that say 伙伴关系, though no entry of the sample says partnership in English."""
    r = search(api, "partnership")
    texts = [built["entries"][hit["id"]].raw.text for hit in r["results"]]
    want = sum("伙伴关系" in e.raw.text for e in built["entries"].values())
    assert want >= 1 and r["total"] >= want
    assert all("伙伴关系" in t for t in texts[:want])


def test_a_word_of_two_places_finds_the_entries_on_both(api, built):
    """中美关系 (a topic too), which one entry says whole: the entries that say it or have the
    topic or say one of its strong words (中美元首: a query of the topic alone searches them), or
    are on China and the United States and say 关系; after them (near), the entries on both
    that never say it; none that only says 关系."""
    from generator.entities import default_taxonomy
    from generator.search import searchable_texts

    r = search(api, "中美关系")
    assert r["parts"] == ["中美关系"] and r["partial"] is False
    full = r["total"] - r["near"]
    assert full >= 1 and r["near"] >= 1
    strong = default_taxonomy().topic_by_key["us-china"].strong

    for i, hit in enumerate(r["results"]):
        e = built["entries"][hit["id"]]
        held = "\n".join(searchable_texts(e))  # text, titles, names and tags: what the index holds
        on_both = ("中国" in held or "中方" in held) and ("美国" in held or "美方" in held)
        if i < full:
            assert any(w in held for w in strong) or (on_both and "关系" in held), hit["id"]
        else:
            assert on_both, hit["id"]


# ------------------------------------------------------------------ related entries after few matches
def _related_of(built):
    from generator.site import link_entries

    return link_entries(list(built["entries"].values())).related


def test_a_query_of_few_matches_lists_the_related_entries_after_them(api, built):
    """拉特纳 names one entry: after it, its related entries (the entry page's list, in its
    order, four at most), each marked related, counted apart."""
    r = search(api, "拉特纳", related=True)
    (match,) = [x for x in r["results"] if not x["related"]]
    assert not r["results"][0]["related"]
    expected = [e.id for e in _related_of(built)[match["id"]]][:4]
    assert expected and [x["id"] for x in r["results"][1:]] == expected
    assert all(x["related"] for x in r["results"][1:]) and r["related"] == len(expected)
    assert r["total"] == 1 + len(expected)


def test_related_entries_keep_to_the_filters_and_not_to_date_order(api, built):
    r = search(api, "拉特纳", {"year": ["2023"]}, related=True)
    years = {built["entries"][x["id"]].date.iso()[:4] for x in r["results"] if built["entries"][x["id"]].date.iso()}
    assert r["related"] >= 1 and years == {"2023"}
    assert search(api, "拉特纳", sort="date", related=True)["related"] == 0
    r = search(api, "布林肯", related=True)  # 7 matches: up to ten in all
    assert r["total"] - r["related"] == 7 and 1 <= r["related"] <= 3
    r = search(api, "林芳正", related=True)  # 2 matches: four related at most
    assert r["total"] - r["related"] == 2 and 1 <= r["related"] <= 4


def test_search_page_lists_related_entries_under_a_heading(page, built, base):
    page.goto(base + "search/?q=" + "拉特纳")
    page.wait_for_selector(".bs-result--related")
    items = page.locator(".bs-results > li")
    classes = [items.nth(i).get_attribute("class") for i in range(items.count())]
    assert classes[0] == "bs-result" and classes[1] == "bs-related-head"
    assert all("bs-result--related" in c for c in classes[2:]) and len(classes) > 2
    status = page.get_by_test_id("search-status").inner_text()
    assert "共 1 条结果" in status and f"另附 {len(classes) - 2} 条相关条目" in status
    page.screenshot(path=str(built["root"] / "search-related.png"), full_page=True)
    page.goto(base + "en/search/?q=" + "Ratner")
    page.wait_for_selector(".bs-result--related")
    assert "Related entries" in page.locator(".bs-related-head").inner_text()
    assert "1 result" in page.get_by_test_id("search-status").inner_text()
