"""generator.cli: `briefing split` and `briefing check`, called through main(argv)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import socket
from pathlib import Path

import pytest
from conftest import SAMPLE

from generator.cli import main
from generator.pages import parse_page
from generator.read import read_digest
from generator.split import default_model, split_digest


def test_split_writes_one_page_per_entry(tmp_path):
    out = tmp_path / "out"
    content = tmp_path / "content"
    content.mkdir()
    lock = content / "ids.lock.json"
    assert main(["-q", "split", str(SAMPLE), "--out", str(out), "--lock", str(lock), "--content", str(content)]) == 0
    pages = sorted(out.glob("*.md"))
    assert len(pages) == len(split_digest(read_digest(SAMPLE)).entries) > 1
    assert not lock.exists()  # split reads the lock, only build writes it
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
    assert f"{len(split_digest(read_digest(SAMPLE)).entries)} entries" in out
    # each entry shows the evidence that weighed most for its start: a feature of the splitter
    cues = set(re.findall(r"\[([a-z:-]+)\]", out))
    weighed = {k.partition("|")[0] for k in default_model().weights}
    # ("sequence": the decoder's likeliest split overruled a boundary's own odds)
    assert "first-paragraph" in cues and len(cues) >= 3 and cues - {"first-paragraph", "sequence"} <= weighed, cues
    assert "P=0." in out
    assert "en: " in out and "(generated)" in out and "tags: 国家/" in out
    assert "least sure boundaries" in out
    assert "line 81: web page control: 按条件查询" in out


def test_errors_exit_non_zero_and_name_the_file(tmp_path, caplog):
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\x00\x01")
    out = tmp_path / "out"
    assert main(["split", str(bad), "--out", str(out), "--content", str(tmp_path / "content")]) == 2
    assert "bin.txt" in caplog.text and "binary" in caplog.text
    assert not out.exists()  # nothing written half-way
    assert main(["check", str(tmp_path / "missing.txt")]) == 2


# --------------------------------------------------------------------------- careless and hostile files
REPO = Path(__file__).resolve().parents[1]


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cli") / "proj"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root)
    shutil.copytree(REPO / "site_overrides", root / "site_overrides")
    (root / "content").mkdir()
    shutil.copy(SAMPLE, root / "content" / SAMPLE.name)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert main(["-q", "build"]) == 0
    return root


@pytest.fixture
def built(built_once, tmp_path, monkeypatch) -> Path:
    """A project with a built site (built once per module, copied for each test), as the working folder."""
    project = tmp_path / "proj"
    shutil.copytree(built_once, project, symlinks=True)
    monkeypatch.chdir(project)
    return project


def _one_line_error(caplog) -> str:
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "\n" not in errors[0] and "Traceback" not in caplog.text, errors
    return errors[0]


@pytest.mark.parametrize("name", ["mkdocs.yml", "content/overrides.yml", "content/taxonomy.yml", "content/ids.lock.json"])
def test_a_folder_where_a_file_should_be_is_one_line(built, caplog, name):
    site = _tree(built / "site")
    target = built / name
    target.unlink(missing_ok=True)
    target.mkdir()
    assert main(["build"]) == 2
    message = _one_line_error(caplog)
    assert name.split("/")[-1] in message and ("folder" in message or "directory" in message.lower())
    assert _tree(built / "site") == site


def test_a_noncharacter_fails_the_build_with_file_and_line(built, caplog):
    site = _tree(built / "site")
    (built / "content" / "bad.txt").write_text("1月1日,美国宣布。\n1月2日,日本\ufffe宣布。\n", encoding="utf-8")
    assert main(["build"]) == 2
    assert "bad.txt:2: U+FFFE" in _one_line_error(caplog)
    assert _tree(built / "site") == site


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS])
def test_a_full_disk_or_read_only_folder_is_one_line_and_keeps_the_site(built, caplog, monkeypatch, err):
    import generator.mkdocs_plugin.plugin as b

    site = _tree(built / "site")
    content = _tree(built / "content")

    def fail(*args, **kwargs):
        raise OSError(err, os.strerror(err), str(built / "site" / "entries.json"))

    monkeypatch.setattr(b, "manifest", fail)  # the disk fills up half-way through writing the site
    assert main(["build"]) == 2
    message = _one_line_error(caplog)
    assert "entries.json" in message and os.strerror(err) in message and "previous site is kept" in message
    assert _tree(built / "site") == site and _tree(built / "content") == content
    assert not [p for p in built.iterdir() if p.name.startswith(".site")]
    assert sorted(p.name for p in (built / "build").iterdir()) == [".lock", "cache.json"]


def test_a_site_that_cannot_be_swapped_is_one_line_and_keeps_the_site(built, caplog, monkeypatch):
    from generator import guard

    site = _tree(built / "site")

    def refuse(new, old):
        raise PermissionError(errno.EACCES, "Permission denied", str(old))

    monkeypatch.setattr(guard, "swap_dir", refuse)
    assert main(["build"]) == 2
    assert "cannot put the new site in place (Permission denied)" in _one_line_error(caplog)
    assert _tree(built / "site") == site and not [p for p in built.iterdir() if p.name.startswith(".site")]


def test_a_busy_port_is_one_line(built, caplog):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert f"cannot serve on 127.0.0.1:{port}" in _one_line_error(caplog) and "--port" in caplog.text


def test_an_upper_case_digest_is_built(built):
    shutil.move(built / "content" / SAMPLE.name, built / "content" / SAMPLE.name.upper())
    assert main(["-q", "build"]) == 0
    rows = json.loads((built / "site" / "entries.json").read_text(encoding="utf-8"))
    assert {r["source"] for r in rows} == {SAMPLE.name.upper()}


def test_a_symlink_to_a_secret_is_not_published(built, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("1月1日,root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (built / "content" / "passwd.txt").symlink_to(secret)
    assert main(["-q", "build"]) == 0
    assert not any(b"root:x:0:0" in p.read_bytes() for p in (built / "site").rglob("*") if p.is_file())


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
