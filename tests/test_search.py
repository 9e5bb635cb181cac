"""generator.search: the tokeniser (Python and its JavaScript mirror), records, the index,
and recall on a synthetic archive queried through window.briefingSearch in Chromium."""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import search
from generator.errors import BuildError
from generator.model import DateInfo, Entry, Name, Paragraph, RawEntry, Tag
from generator.search import CJK, JOINERS, cjk_terms, decode_terms, index_site, normalize, query_parts, record_html, searchable_texts

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import search_bench, synthetic  # noqa: E402


def make_entry(text: str, *, id: str = "abc12345", title: str | None = None, title_en: str | None = None,
               tags=(), names=(), day: dt.date | None = dt.date(2023, 1, 11)) -> Entry:
    paras = tuple(Paragraph(i + 1, t, t) for i, t in enumerate(text.split("\n")))
    date = DateInfo(day, "day" if day else "none", "test")
    return Entry(raw=RawEntry("d.txt", paras, "leading-date"), title=title or text[:20], title_en=title_en,
                 date=date, tags=tuple(tags), names=tuple(names), id=id)


BLINKEN = Tag("person", "antony-blinken", "安东尼·布林肯", "Antony J. Blinken")
US = Tag("country", "US", "美国", "United States")

# ------------------------------------------------------------------ tokeniser: text in, terms out
TOKENS = [
    # a run: overlapping pairs, then its last character
    ("布林肯称", "布林 林肯 肯称 称"),
    # English, acronyms and numbers are left alone; runs are cut out of them with spaces
    ("美国国务卿布林肯(Antony J. Blinken)称", "美国 国国 国务 务卿 卿布 布林 林肯 肯 (Antony J. Blinken) 称"),
    ("俄国防部公布了T-90M“突破”坦克", "俄国 国防 防部 部公 公布 布了 了 T-90M“ 突破 破 ” 坦克 克"),
    ("举行了“2+2”对话", "举行 行了 了 “2+2” 对话 话"),
    # one separator between two characters stays inside the run (and inside its pair)
    ("杰克·沙利文", "杰克 克·沙 沙利 利文 文"),
    ("安东尼娅-赫迈迪", "安东 东尼 尼娅 娅-赫 赫迈 迈迪 迪"),
    # ... but not two separators, nor one between a character and a letter
    ("安东尼·J·布林肯", "安东 东尼 尼 ·J· 布林 林肯 肯"),
    ("中国——美国", "中国 国 —— 美国 国"),
    # a single character is its own term
    ("美", "美"),
    ("2023年1月5日", "2023 年 1 月 5 日"),
    # full-width letters and digits become ASCII; full-width punctuation stays
    ("ＳＰＤ，２０２３年", "SPD，2023 年"),
    # white space of any kind is one space
    ("美国\u3000 日本\n韩国", "美国 国 日本 本 韩国 国"),
    ("", ""),
]


@pytest.mark.parametrize("text,terms", TOKENS)
def test_cjk_terms(text, terms):
    assert cjk_terms(text) == terms


QUERIES = [
    ("布林肯", [("phrase", ["布林", "林肯"])]),
    ("朝鲜弹道导弹", [("phrase", ["朝鲜", "鲜弹", "弹道", "道导", "导弹"])]),
    ("杰克沙利文", [("phrase", ["杰克", "克沙", "沙利", "利文"])]),
    ("杰克·沙利文", [("phrase", ["杰克", "克·沙", "沙利", "利文"])]),
    ("美", [("word", ["美"])]),
    ("Blinken", [("word", ["Blinken"])]),
    ("T-90M 坦克", [("word", ["T-90M"]), ("phrase", ["坦克"])]),
    ("2+2", [("word", ["2+2"])]),
    ('"extended deterrence"', [("word", ["extended"]), ("word", ["deterrence"])]),
    ("布林肯, 奥斯汀 (SPD)", [("phrase", ["布林", "林肯"]), ("phrase", ["奥斯", "斯汀"]), ("word", ["(SPD)"])]),
    (" , ", []),
]


@pytest.mark.parametrize("query,parts", QUERIES)
def test_query_parts(query, parts):
    assert query_parts(query) == parts


def test_query_terms_are_the_pairs_of_the_index():
    assert cjk_terms("布林肯", query=True) == "布林 林肯"
    index = cjk_terms("美国国务卿布林肯称").split()
    assert all(t in index for t in cjk_terms("国务卿布林肯", query=True).split())


def test_decode_restores_the_text():
    text = "美国国务卿安东尼·J·布林肯(Antony Blinken)与中华人民共和国外交部长王毅通话。T-90M坦克"
    assert decode_terms(cjk_terms(text)) == text
    assert decode_terms(cjk_terms("美国 NDAA 法案")) == "美国NDAA法案"  # spaces beside a run are not kept


TEXT = st.text(alphabet=st.sampled_from(list("美国布林肯称日本韩朝鲜弹道导·-–ab 1,。“”+()") + ["\u3000", "𠀋"]),
               max_size=40)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_decode_inverts_terms_except_spacing(text):
    decoded = decode_terms(cjk_terms(text))
    assert re.sub(r"\s", "", decoded) == re.sub(r"\s", "", normalize(text))


@given(TEXT, st.data())
@settings(max_examples=300, deadline=None)
def test_every_substring_of_a_run_is_a_phrase_of_the_index(text, data):
    """The exactness argument: a query's pairs stand at consecutive positions in the index."""
    runs = re.findall(f"[{CJK}]{{2,}}", normalize(text))
    if not runs:
        return
    run = data.draw(st.sampled_from(runs))
    start = data.draw(st.integers(0, len(run) - 2))
    end = data.draw(st.integers(start + 2, len(run)))
    query = [t for kind, terms in query_parts(run[start:end]) for t in terms]
    index = cjk_terms(text).split()
    k = len(query)
    assert any(index[i:i + k] == query for i in range(len(index) - k + 1))


# ------------------------------------------------------------------ records
def test_record_is_english_data_not_chrome():
    e = make_entry("1月11日,美国国务卿布林肯(Antony J. Blinken)会见<b>记者</b>。", title="美国国务卿布林肯会见记者",
                   title_en="Blinken Meets Reporters", tags=[US, BLINKEN],
                   names=[Name("person", "安东尼·布林肯", "Antony J. Blinken", ("布林肯",))])
    html = record_html(e)
    assert '<html lang="en">' in html and "<main data-pagefind-body>" in html
    assert "<b>" not in html and "&lt;b&gt;" in html  # the text is text
    for weight in (search.WEIGHT_TITLE, search.WEIGHT_NAMES):
        assert f'data-pagefind-weight="{weight}"' in html
    assert '<span data-pagefind-filter="person">antony-blinken|安东尼·布林肯|Antony J. Blinken</span>' in html
    assert '<span data-pagefind-filter="country">US|美国|United States</span>' in html
    assert '<span data-pagefind-filter="year">2023</span>' in html
    assert '<span data-pagefind-sort="date">2023-01-11</span>' in html
    assert '<span data-pagefind-meta="title_en">Blinken Meets Reporters</span>' in html
    assert "布林 林肯 肯" in html and "布林肯" not in html.split("</main>")[0]  # terms, not text
    assert "Antony J. Blinken" in html  # both languages of every name


def test_undated_entries_sort_last_and_have_no_year():
    html = record_html(make_entry("正文", day=None))
    assert f'data-pagefind-sort="date">{search.UNDATED_SORT}<' in html and 'filter="year"' not in html
    assert '<span data-pagefind-filter="dated">no</span>' in html


def test_searchable_texts_hold_every_form_of_a_name():
    e = make_entry("布林肯称", tags=[BLINKEN],
                   names=[Name("person", "安东尼·布林肯", "Antony J. Blinken", ("布林肯",))])
    assert set(searchable_texts(e)) >= {"布林肯称", "安东尼·布林肯", "Antony J. Blinken", "布林肯"}


def test_index_site_writes_the_bundle(tmp_path):
    entries = [make_entry("美国国务卿布林肯称", id="aaaa0001", tags=[US]), make_entry("日本外相林芳正", id="aaaa0002")]
    stats = index_site(entries, tmp_path / "site")
    bundle = tmp_path / "site" / "pagefind"
    assert stats["records"] == 2 and stats["files"] > 5 and stats["index_bytes"] > 10_000
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"] and "+" in entry["include_characters"]
    assert (bundle / "pagefind.js").exists() and not (bundle / "pagefind-ui.js").exists()
    assert not list(tmp_path.glob(".briefing-search-*"))  # the records folder is gone
    index_site(entries[:1], tmp_path / "site")  # again: replaced, not merged
    assert json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"] == 1


def test_a_record_without_words_is_left_out_with_a_warning(tmp_path, caplog):
    entries = [make_entry("美国国务卿布林肯称", id="aaaa0001"), make_entry("。", id="aaaa0002", title="。")]
    assert index_site(entries, tmp_path / "site")["records"] == 2
    assert "left out 1 records of shard 1: aaaa0002" in caplog.text


def test_index_site_names_the_entry_without_an_id(tmp_path):
    with pytest.raises(BuildError, match="d.txt"):
        index_site([make_entry("正文", id="")], tmp_path / "site")
    with pytest.raises(BuildError, match="no entries"):
        index_site([], tmp_path / "site")


# ------------------------------------------------------------------ shards
SAMPLE = REPO / "tests" / "fixtures" / "digests" / "briefing-2022-11_2023-02.txt"


@pytest.fixture(scope="module")
def sample_entries(tmp_path_factory):
    """The sample's entries as its gold segmentation marks them (so the counts below do not
    depend on the splitter)."""
    from conftest import gold_of

    from generator.pipeline import process

    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    blocks = ["\n".join(lines[e["first_line"] - 1:e["last_line"]]) for e in gold_of(SAMPLE)["entries"]]
    marked = tmp_path_factory.mktemp("marked") / SAMPLE.with_suffix(".md").name
    marked.write_text("\n---\n".join(blocks) + "\n", encoding="utf-8")
    return process([marked], None).entries


def _shard_files(folder: Path) -> dict[int, set[str]]:
    return {int(d.name): {f.name for f in d.iterdir()} for d in folder.iterdir()}


def test_vocabulary_is_what_an_unquoted_word_can_start_with():
    assert search.vocabulary(cjk_terms("杰克·沙利文(Jake Sullivan)称, T-90M ¶")) == {
        "杰", "克", "沙", "利", "文", "称", "(jake", "sullivan)", ",", "t-90m"}


def test_the_sample_is_one_shard_without_a_lexicon(tmp_path, sample_entries):
    shards = search.write_records(sample_entries, tmp_path)
    assert [(s["shard"], s["records"], s["lexicon"]) for s in shards] == [(1, len(sample_entries), 0)]
    assert _shard_files(tmp_path) == {1: {f"{e.id}.html" for e in sample_entries}}
    assert sorted(shards[0]["undated"]) == sorted(e.id for e in sample_entries if e.date.value is None) != []


def test_shards_are_spans_of_dates_cut_from_the_oldest(tmp_path, monkeypatch, sample_entries):
    monkeypatch.setattr(search, "SHARD_SIZE", 10)
    shards = search.write_records(sample_entries, tmp_path / "a")
    assert [s["records"] for s in shards] == [10, 10, 10] and len(sample_entries) == 30
    assert shards[0]["oldest"] == search.UNDATED_SORT  # undated entries are the oldest
    assert all(a["newest"] <= b["oldest"] for a, b in zip(shards, shards[1:], strict=False))
    by_id = {e.id: e for e in sample_entries}
    for k, files in _shard_files(tmp_path / "a").items():
        dates = {search.sort_value(by_id[f.removesuffix(".html")]) for f in files - {"lexicon.html"}}
        assert min(dates) == shards[k - 1]["oldest"] and max(dates) == shards[k - 1]["newest"]
    # a growing archive: newer entries change only the newest shard, or start one
    newer = [make_entry(f"新条目{i}", id=f"zzzz{i:04d}", day=dt.date(2024, 1, 1 + i)) for i in range(15)]
    grown = search.write_records([*sample_entries, *newer], tmp_path / "b")
    assert [s["records"] for s in grown] == [10, 10, 10, 10, 5]
    for k in (1, 2, 3):
        assert _shard_files(tmp_path / "b")[k] - {"lexicon.html"} == _shard_files(tmp_path / "a")[k] - {"lexicon.html"}


def test_shards_have_a_byte_limit_too(tmp_path, monkeypatch, sample_entries):
    sizes = sorted(len(record_html(e).encode("utf-8")) for e in sample_entries)
    monkeypatch.setattr(search, "SHARD_BYTES", sizes[-1])  # the largest record alone fills a shard
    shards = search.write_records(sample_entries, tmp_path)
    assert 2 < len(shards) < len(sample_entries)
    assert all(s["bytes"] <= sizes[-1] for s in shards) and sum(s["records"] for s in shards) == 30


def test_each_shard_has_a_lexicon_of_the_words_it_lacks(tmp_path, monkeypatch, sample_entries):
    monkeypatch.setattr(search, "SHARD_SIZE", 10)
    search.write_records(sample_entries, tmp_path)
    words = {}
    for k in (1, 2, 3):
        records = [f.read_text() for f in (tmp_path / str(k)).iterdir() if f.name != "lexicon.html"]
        lexicon = (tmp_path / str(k) / "lexicon.html").read_text()
        assert "data-pagefind-filter" not in lexicon and "data-pagefind-sort" not in lexicon  # no count includes it
        own = set().union(*(search.vocabulary(html.unescape(re.sub("<[^>]+>", " ", r.split("</main>")[0])))
                            for r in records))
        lexicon_words = set(html.unescape(lexicon.split("<div>")[1].split("</div>")[0]).split())
        assert not own & lexicon_words
        words[k] = own | lexicon_words
    assert words[1] == words[2] == words[3]  # every shard knows every word of the archive
    assert "wallander" in words[1] and "瓦" in words[1]


def test_index_site_merges_shards_into_the_main_bundle(tmp_path, monkeypatch, sample_entries):
    monkeypatch.setattr(search, "SHARD_SIZE", 10)
    stats = index_site(sample_entries, tmp_path / "site")
    bundle = tmp_path / "site" / "pagefind"
    assert stats["shards"] == 3 and stats["records"] == 30 and 0 < stats["peak_mb"] < 2048
    assert [r["shard"] for r in stats["runs"]] == [1, 2, 3]  # one Pagefind run after another
    listing = json.loads((bundle / search.SHARDS_FILE).read_text())["shards"]
    assert [(s["path"], s["shard"], s["records"]) for s in listing] == [("", 3, 10), ("shard-2/", 2, 10),
                                                                          ("shard-1/", 1, 10)]
    pages = json.loads((bundle / search.PAGES_FILE).read_text())
    assert set(pages["shards"]) == {"1", "2"}  # the newest shard's ids are left out
    undated = {e.id for e in sample_entries if e.date.value is None}
    for s in listing:
        part = bundle / s["path"]
        assert (part / "fragment" / f"{s['lexicon']}.pf_fragment").exists()
        entry = json.loads((part / "pagefind-entry.json").read_text())
        assert entry["languages"]["en"]["page_count"] == 11  # ten records and the lexicon
        assert (part / "pagefind.js").exists() == (s["path"] == "")  # the main bundle's script runs them all
        assert (part / "wasm.en.pagefind").exists() == (s["path"] == "")
        ids = search.page_ids(part)
        assert ids.pop("/lexicon.html") == s["lexicon"] and len(ids) == 10
        if s["path"]:
            assert pages["shards"][str(s["shard"])].split() == sorted(ids.values())
        own_undated = {i for u, i in ids.items() if u.strip("/").removesuffix(".html") in undated}
        assert own_undated <= set(pages["undated"].split())
    assert len(pages["undated"].split()) == len(undated)
    monkeypatch.undo()
    index_site(sample_entries, tmp_path / "site")  # again, at the default size: one bundle
    assert not list(bundle.glob("shard-*"))
    assert json.loads((bundle / search.SHARDS_FILE).read_text())["shards"] == [
        {"path": "", "shard": 1, "records": 30, "oldest": search.UNDATED_SORT, "newest": "2023-02-10"}]
    assert json.loads((bundle / search.PAGES_FILE).read_text())["shards"] == {}


# ------------------------------------------------------------------ the JavaScript mirror
VECTORS = [t for t, _ in TOKENS] + [q for q, _ in QUERIES] + [
    "韩国产业通商资源部1日发表的《1月进出口动向》显示,1月出口同比减少16.6%",
    "丽贝卡-阿塞萨蒂(Antonia Hmaidi and Rebecca Arcesati)在《外交学人》上", "𠀋𠀌·𠀍 ＡＢＣ",
]


@pytest.fixture(scope="module")
def js_page(browser, tmp_path_factory):
    site = tmp_path_factory.mktemp("jsmirror")
    search_bench.write_minimal_site(site)
    with search_bench.serve(site) as (base, _served):
        page = browser.new_page()
        page.goto(base)
        page.wait_for_function("typeof window.briefingSearch === 'function'")
        yield page
        page.close()


@pytest.mark.browser
def test_javascript_tokeniser_mirrors_python(js_page):
    rng = random.Random(7)
    alphabet = list("美国布林肯称日本韩朝鲜弹道导·-–ab A1,。“”+() \u3000𠀋") + list(JOINERS)
    vectors = VECTORS + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(300)]
    js = js_page.evaluate("""vs => vs.map(v => [window.briefingSearch.cjkTerms(v, false),
        window.briefingSearch.cjkTerms(v, true),
        window.briefingSearch.queryParts(v).map(p => [p.kind, p.terms]),
        window.briefingSearch.decodeTerms(window.briefingSearch.cjkTerms(v, false))])""", vectors)
    for v, (index, query, parts, decoded) in zip(vectors, js, strict=True):
        assert index == cjk_terms(v), v
        assert query == cjk_terms(v, query=True), v
        assert [tuple(p) for p in parts] == [(k, t) for k, t in query_parts(v)], v
        assert decoded == decode_terms(cjk_terms(v)), v


# ------------------------------------------------------------------ recall at 3,000 entries
_JOINED = re.compile(f"(?<=[{CJK}])[{re.escape(JOINERS)}](?=[{CJK}])")


def _plain(entry: Entry) -> str:
    """An entry's searchable text as a query sees it: a separator between two characters is ignored."""
    return _JOINED.sub("", normalize("\n".join(searchable_texts(entry))))


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("shard_size", [search.SHARD_SIZE, 1000], ids=["one-bundle", "three-shards"])
def test_recall_on_a_synthetic_archive(browser, tmp_path, monkeypatch, shard_size):
    """For Chinese names, terms and arbitrary substrings, every entry that contains the string
    (in its text, titles, or any form of its names and tags) is found, and those entries come
    first (a query that is not one word of the archive also finds entries holding its words
    apart, after them), in one index and across shards."""
    from generator.pipeline import find_digests, process

    content, site = tmp_path / "content", tmp_path / "site"
    s = synthetic.write_archive(content, 3000, seed=11)
    archive = process(find_digests(content), content)
    assert len(archive.entries) >= 2900  # the splitter may join a few synthetic items (2,955 of 3,000)
    monkeypatch.setattr(search, "SHARD_SIZE", shard_size)
    monkeypatch.setattr(search, "SHARD_BYTES", 10**12)  # the record count alone cuts the shards here
    assert index_site(archive.entries, site)["shards"] == -(-len(archive.entries) // shard_size)
    search_bench.write_minimal_site(site)
    texts = [_plain(e) for e in archive.entries]
    text_of = {e.id: t for e, t in zip(archive.entries, texts)}

    rng = random.Random(5)
    queries = [p.surname for p in rng.sample(s.people, 10)]  # transliterated surnames
    queries += [p.zh.replace("·", "") for p in rng.sample(s.people, 3)]  # whole names typed without the dot
    queries += ["延伸威慑", "朝鲜半岛无核化", "高超音速武器", "台湾海峡", "出口管制"]  # terms
    runs = [r for t in rng.sample(texts, 50) for r in re.findall(f"[{CJK}]{{6,}}", t)]
    for _ in range(8):  # any substring of two or more characters
        run = rng.choice(runs)
        n = rng.randint(2, 6)
        i = rng.randint(0, len(run) - n)
        queries.append(run[i:i + n])
    # one character: a prefix search, never a wrong entry, but it finds only the terms that start
    # with it in the index chunks Pagefind loads for it (a third to all of them in this archive)
    singles = ["美", "鲜", "曼"]
    expected = {q: sum(q in t for t in texts) for q in queries + singles}
    assert len(queries) >= 20

    with search_bench.serve(site) as (base, _served):
        page = browser.new_page()
        page.goto(base)
        page.wait_for_function("typeof window.briefingSearch === 'function'")
        got = page.evaluate("async qs => { const out = {}; for (const [q, n] of qs) { "
                            "const r = await window.briefingSearch(q, {}, {limit: n}); "
                            "out[q] = [r.total, r.results.map(x => x.id)]; } return out; }",
                            [[q, min(expected[q], 60)] for q in queries] + [[q, 0] for q in singles])
        page.close()
    wrong = {q: (got[q][0], expected[q]) for q in queries if got[q][0] < expected[q]}
    assert not wrong, f"(found, expected): {wrong}"
    not_first = {q: [i for i in got[q][1] if q not in text_of[i]] for q in queries}
    assert not any(not_first.values()), f"entries without the query ahead of those with it: {not_first}"
    got = {q: got[q][0] for q in got}
    assert all(got[q] == expected[q] for q in queries if len(q) <= 2), "a pair of characters is exact"
    assert all(expected[q] > 0 for q in queries)
    for q in singles:  # never a false match
        assert 0 < got[q] <= expected[q], (q, got[q], expected[q])


def test_unchanged_shards_come_from_the_cache(tmp_path, caplog):
    """A re-run with nothing changed skips Pagefind and gives the same index."""
    import logging

    from conftest import SAMPLE

    from generator.pipeline import process

    entries = process([SAMPLE], None).entries
    cache = tmp_path / "cache"
    cache.mkdir()
    first = search.index_site(entries, tmp_path / "a", cache_dir=cache)
    caplog.set_level(logging.INFO, logger="generator.search")
    second = search.index_site(entries, tmp_path / "b", cache_dir=cache)
    assert "taken from the cache" in caplog.text
    files = sorted(p.relative_to(tmp_path / "a" / "pagefind") for p in (tmp_path / "a" / "pagefind").rglob("*"))
    assert files == sorted(p.relative_to(tmp_path / "b" / "pagefind") for p in (tmp_path / "b" / "pagefind").rglob("*"))
    assert first["records"] == second["records"] and len(list(cache.iterdir())) == 1


# ------------------------------------------------------------------ query vocabulary (search_vocab)
from generator import search_vocab  # noqa: E402
from generator.search_vocab import bucket_of, latin_key, latin_variants  # noqa: E402

JS = Path(__file__).resolve().parents[1] / "site_overrides" / "assets" / "javascripts" / "briefing-search.js"


@pytest.mark.parametrize("text, key", [
    ("Antony J. Blinken", "antony blinken"), ("Lloyd J. Austin III", "lloyd austin"),
    ("Yoon Suk-yeol", "yoon suk yeol"), ("YOON SUK YEOL", "yoon suk yeol"), ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
    ("Seoul's Nuclear Temptation", "seouls nuclear temptation"), ("T-90M", "t 90m"), ("J. Smith", "j smith"),
])
def test_latin_key(text, key):
    assert latin_key(text) == key


def test_latin_variants_are_what_readers_type():
    assert latin_variants("Yoon Suk-yeol") == ["Yoon Suk yeol", "Yoon Sukyeol"]  # case: Pagefind folds it
    assert "antony blinken" in latin_variants("Antony J. Blinken")
    assert "Erdogan" in latin_variants("Erdoğan")


def test_vocabulary_holds_names_places_topics_and_words(sample_entries):
    from generator.entities import default_taxonomy

    class G:  # a glossary without names: taxonomy only
        items = ()
        taxonomy = default_taxonomy()

    v = search_vocab.build_vocabulary(sample_entries, G())
    assert v.chars["俄"][0][1][:2] == ["俄罗斯", "Russia"]
    assert v.keys["布林肯"] and v.keys["antony blinken"]  # from the entries' names
    assert v.keys["出口管制"][0][0] == "topic"
    assert v.keys["弹道导弹"] == [] or v.keys["弹道导弹"]  # an ordinary word of the text
    assert sum(1 for k, g in v.keys.items() if not g) > 200


def test_vocabulary_buckets(tmp_path, sample_entries):
    v = search_vocab.build_vocabulary(sample_entries, None)
    meta = search_vocab.write_vocabulary(v, tmp_path)
    n = meta["buckets"]
    assert n >= 1 and (tmp_path / "vocab" / "chars.json").is_file()
    for key in ("布林肯", "antony blinken"):
        bucket = json.loads((tmp_path / "vocab" / f"{bucket_of(key, n)}.json").read_text(encoding="utf-8"))
        assert key in bucket


def _node(script: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    return subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout


def test_javascript_vocabulary_keys_mirror_python():
    texts = ["Antony J. Blinken", "Lloyd J. Austin III", "Yoon Suk-yeol", "Recep Tayyip Erdoğan", "Seoul's", "2+2",
             "T-90M", "Jean-Yves Le Drian", "ŁUKASZ"]
    keys = ["布林肯", "习近平访俄", "antony blinken", "the national interest", "𠀋𠀌", "g7"]
    script = (f"global.window={{}};global.document={{readyState:'complete',documentElement:{{getAttribute:()=>null}},"
              f"addEventListener(){{}},querySelector:()=>({{}}),getElementById:()=>null}};global.location={{href:'x'}};"
              f"require({json.dumps(str(JS))});const b=window.briefingSearch;"
              f"console.log(JSON.stringify([{json.dumps(texts)}.map(b.latinKey),"
              f"{json.dumps(keys)}.map(k=>[1,8,128,1024].map(n=>b.bucketOf(k,n)))]))")
    js_keys, js_buckets = json.loads(_node(script))
    assert js_keys == [latin_key(t) for t in texts]
    assert js_buckets == [[bucket_of(k, n) for n in (1, 8, 128, 1024)] for k in keys]


def test_javascript_unit_tests():
    """tests/js/*.test.js: the script's query planning and ranking, under node's test runner."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    tests = sorted(str(p) for p in (Path(__file__).parent / "js").glob("*.test.js"))
    run = subprocess.run([node, "--test", *tests], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
