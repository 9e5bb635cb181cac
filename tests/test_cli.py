"""generator.cli: `briefing split` and `briefing check`, called through main(argv)."""

from __future__ import annotations

from conftest import SAMPLE

from generator.cli import main
from generator.pages import parse_page


def test_split_writes_one_page_per_entry(tmp_path):
    out = tmp_path / "out"
    lock = tmp_path / "ids.lock.json"
    assert main(["-q", "split", str(SAMPLE), "--out", str(out), "--lock", str(lock), "--content", str(tmp_path)]) == 0
    pages = sorted(out.glob("*.md"))
    assert len(pages) == 30 and lock.is_file()
    metas = [parse_page(p.read_text(encoding="utf-8"))[0] for p in pages]
    first = next(m for m in metas if m["source_lines"] == [1, 1])
    assert first["source"] == SAMPLE.name and first["date"] == "2022-11-21" and first["date_end"] == "2022-11-22"
    assert list(first)[:4] == ["id", "title", "title_en", "date"]
    assert all(m["id"] == p.stem for m, p in zip(metas, pages))
    body = parse_page(next(p for p in pages if p.stem == first["id"]).read_text(encoding="utf-8"))[1]
    assert body.startswith("11月21日至22日,美国会同澳大利亚政府在堪培拉举行了年度战略政策对话(SPD)")


def test_check_reports_cues_unsure_boundaries_and_dropped_lines(tmp_path, capsys):
    assert main(["check", str(SAMPLE), "--content", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "30 entries" in out
    assert "[article-intro]" in out and "[leading-date]" in out
    assert "least sure boundaries" in out
    assert "line 81: web page control: 按条件查询" in out


def test_errors_exit_non_zero_and_name_the_file(tmp_path, caplog):
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\x00\x01")
    out = tmp_path / "out"
    assert main(["split", str(bad), "--out", str(out), "--content", str(tmp_path)]) == 2
    assert "bin.txt" in caplog.text and "binary" in caplog.text
    assert not out.exists()  # nothing written half-way
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
