"""generator.pipeline: broken and hostile input across digests (issue: 10,000-entry archive)."""

from __future__ import annotations

from conftest import DIGESTS, SAMPLE, gold_of, prf
from opencc import OpenCC

from generator.pipeline import process


def _starts(archive) -> set[int]:
    return {e.source_lines[0] for e in archive.entries}


def test_a_1mb_single_paragraph(tmp_path):
    d = tmp_path / "big.txt"
    para = "1月5日,美国国务院称," + "美国与日本加强合作,双方同意深化同盟关系。" * 50_000
    d.write_text(para + "\n", encoding="utf-8")
    assert len(para.encode()) > 1_000_000
    archive = process([d], None)
    assert len(archive.entries) == 1 and archive.entries[0].raw.text == para
    assert len(archive.entries[0].title) <= 41


def test_a_digest_without_dates(tmp_path):
    d = tmp_path / "nodates.txt"
    d.write_text("美国国务卿布林肯(Antony J. Blinken)访问日本。\n布林肯表示,双方同意合作。\n"
                 "马修·罗查特(Matthew Rochat)在《国家利益》上发表了一篇名为《非洲》(Africa)的文章。\n"
                 "文章指出,美国需要投入。\n", encoding="utf-8")
    archive = process([d], None)
    assert [e.source_lines for e in archive.entries] == [(1, 2), (3, 4)]
    assert all(e.date.value is None and e.date.precision == "none" for e in archive.entries)


def test_a_digest_in_traditional_chinese(tmp_path):
    d = tmp_path / "trad.txt"
    d.write_text(OpenCC("s2t").convert(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    archive = process([d], None)
    gold = gold_of(SAMPLE)
    _, _, f1 = prf(_starts(archive), {e["first_line"] for e in gold["entries"]})
    assert f1 >= 0.9
    assert "美國" in archive.entries[0].raw.text  # pages keep the source's characters
    blinken = [e for e in archive.entries if any(t.key == "antony-blinken" for t in e.tags)]
    assert blinken  # names resolve through the simplified analysis form


def test_the_same_digest_added_twice(tmp_path, caplog):
    a = tmp_path / "a.txt"
    b = tmp_path / "copy-of-a.txt"
    a.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    b.write_bytes(a.read_bytes())
    archive = process([a, b], None)
    assert len(archive.entries) == len(process([a], None).entries) > 1
    assert any("copy-of-a.txt" in w and "skipped" in w for w in archive.warnings)


def test_two_digests_sharing_one_entry(tmp_path):
    shared = "2月3日,俄国防部公布了最新的T-90M“突破”主战坦克在训练场的射击视频,称该型坦克已交付前线部队并投入作战。"
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(f"1月1日,美国国务卿布林肯抵达东京开始对日本进行为期三天的访问,与日方讨论同盟合作和地区安全议题。\n{shared}\n",
                 encoding="utf-8")
    b.write_text(f"{shared}\n2月5日,韩国国防部宣布韩美两军将于下月在京畿道一带举行大规模联合军事演习,参演兵力和装备规模均为近年之最。\n",
                 encoding="utf-8")
    archive = process([a, b], None)
    texts = [e.raw.text for e in archive.entries]
    assert texts.count(shared) == 1 and len(texts) == 3
    assert [(d.number, d.reason) for d in archive.duplicates] == [(1, "duplicate of an entry in a.txt")]
    assert any("b.txt:1-1" in w for w in archive.warnings)


def test_every_line_is_accounted_for_in_own_digests():
    for path in sorted(DIGESTS.glob("*.txt")):
        archive = process([path], None)
        placed = sorted([p.number for e in archive.entries for p in e.raw.paragraphs]
                        + [d.number for r in archive.results for d in r.dropped])
        total = len(path.read_text(encoding="utf-8").splitlines())
        assert placed == list(range(1, total + 1)), path.name


def test_gold_dates_of_own_digests_mostly_match():
    for path in sorted(DIGESTS.glob("*.txt")):
        gold = {e["first_line"]: e["date"] for e in gold_of(path)["entries"]}
        archive = process([path], None)
        got = {e.source_lines[0]: e.date.iso() for e in archive.entries}
        dated = [k for k, v in gold.items() if v]
        # (end to end: an entry start the splitter misses counts as a wrong date)
        assert sum(got.get(k) == gold[k] for k in dated) >= 0.8 * len(dated), path.name
