"""generator.cli: `briefing split` and `briefing check`, called through main(argv)."""

from __future__ import annotations

from conftest import SAMPLE

from generator.cli import main
from generator.pages import parse_page
from generator.read import read_digest
from generator.split import split_digest


def test_split_writes_one_page_per_entry(tmp_path):
    out = tmp_path / "out"
    lock = tmp_path / "ids.lock.json"
    assert main(["-q", "split", str(SAMPLE), "--out", str(out), "--lock", str(lock), "--content", str(tmp_path)]) == 0
    pages = sorted(out.glob("*.md"))
    assert len(pages) == len(split_digest(read_digest(SAMPLE)).entries) > 1
    metas = [parse_page(p.read_text(encoding="utf-8"))[0] for p in pages]
    first = next(m for m in metas if m["source_lines"] == [1, 1])
    assert first["source"] == SAMPLE.name and first["date"] == "2022-11-21" and first["date_end"] == "2022-11-22"
    assert list(first)[:4] == ["id", "title", "title_en", "date"]
    assert all(m["id"] == p.stem for m, p in zip(metas, pages))
    body = parse_page(next(p for p in pages if p.stem == first["id"]).read_text(encoding="utf-8"))[1]
    assert body.startswith('<p class="entry-para" id="l1">11月21日至22日,美国会同')


def test_check_reports_cues_unsure_boundaries_and_dropped_lines(tmp_path, capsys):
    assert main(["check", str(SAMPLE), "--content", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"{len(split_digest(read_digest(SAMPLE)).entries)} entries" in out
    assert "[article-intro]" in out and "[lead-date]" in out and "P=0." in out
    assert "en: " in out and "(generated)" in out and "tags: 国家/" in out
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


def test_as_of_is_per_digest(tmp_path, capsys, caplog):
    # a bare date is one digest's issue date; with two digests it must name one
    other = tmp_path / "other.txt"
    other.write_text("1月5日,韩国国防部宣布韩美两军将于下月举行大规模联合军事演习,参演兵力和装备规模均为近年之最。\n", encoding="utf-8")
    assert main(["check", str(SAMPLE), str(other), "--as-of", "2023-03-01", "--content", str(tmp_path)]) != 0
    assert "name the digest" in caplog.text
    assert main(["check", str(SAMPLE), str(other), "--as-of", f"{other.name}=2023-03-01", "--content", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2023-01-05" in out  # other.txt's day placed before its own issue date


def test_version(capsys):
    import re

    import pytest as _pytest

    with _pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and re.fullmatch(r"briefing \d+\.\d+\.\d+", capsys.readouterr().out.strip())
