"""generator.ids: permanent ids survive inserts, reordering, typo fixes and re-splits."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLE, within

from generator.cli import main
from generator.errors import ConfigError
from generator.ids import read_lock
from generator.pipeline import process, write_lock

NEW_ITEMS = [
    "2月12日,联合国安理会就也门局势举行公开会议,多国代表发言呼吁冲突各方立即停火并保障人道主义物资运输通道畅通。",
    "2月13日,欧盟委员会公布了新的对俄制裁方案,涉及多个能源和科技领域,并首次将部分第三国企业列入出口管制清单。",
    "欧盟委员会表示,新方案将在成员国批准后生效。",
    "2月14日,日本防卫省宣布将在西南诸岛增设雷达站,以加强对周边海空域的警戒监视能力,相关部署计划于明年完成。",
]


def _ids_by_text(archive) -> dict[str, str]:
    return {e.raw.paragraphs[0].text: e.id for e in archive.entries}


def _entries_as_blocks(text: str, archive) -> list[list[str]]:
    lines = text.splitlines()
    return [lines[e.source_lines[0] - 1: e.source_lines[1]] for e in archive.entries]


def _marked(blocks: list[list[str]]) -> str:
    """A digest that marks its entries ('---' between them): the split is fixed, the ids are tested."""
    return "\n---\n".join("\n".join(b) for b in blocks) + "\n"


def test_ids_survive_inserts_swaps_and_a_typo_fix(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    digest = content / SAMPLE.with_suffix(".md").name
    split_once = process([SAMPLE], None)
    blocks = _entries_as_blocks(SAMPLE.read_text(encoding="utf-8"), split_once)
    digest.write_text(_marked(blocks), encoding="utf-8")
    lock = content / "ids.lock.json"
    first = process([digest], content)
    write_lock(first.lock, lock)
    before = {e.id: e for e in first.entries}
    assert len(before) == len(first.entries) == len(blocks) > 1

    blocks[3], blocks[4] = blocks[4], blocks[3]  # two entries swapped
    typo_entry = blocks[10]
    typo_entry[0] = typo_entry[0].replace("五角大楼", "五角大厦", 1)  # a typo fixed in a first paragraph
    digest.write_text(_marked([NEW_ITEMS[:1], NEW_ITEMS[1:3], NEW_ITEMS[3:]] + blocks), encoding="utf-8")
    second = process([digest], content)
    after = {e.id: e for e in second.entries}

    assert len(second.entries) == len(first.entries) + 3  # three new entries at the top
    for entry_id, old in before.items():
        assert entry_id in after, f"id {entry_id} ({old.title}) lost"
        new = after[entry_id]
        # the id still leads to the same entry: same paragraphs, but for the typo fix
        old_text = old.raw.text.replace("五角大楼", "五角大厦", 1) if old.raw.text.startswith(typo_entry[0][:10]) else old.raw.text
        assert new.raw.text in (old.raw.text, old_text)


def test_identical_text_gets_distinct_ids(tmp_path):
    d = tmp_path / "dup.txt"
    same = "1月1日,美国国务院宣布对伊朗实施新一轮制裁,涉及石油出口、航运公司和为其提供服务的多家第三国企业。"
    other = "1月2日,日本首相岸田文雄在东京宣布将于下月访问东南亚三国,与各国领导人讨论经济安全和海洋合作议题。"
    d.write_text(f"{same}\n{other}\n{same}\n", encoding="utf-8")
    archive = process([d], None)
    ids = [e.id for e in archive.entries]
    assert len(ids) == 3 and len(set(ids)) == 3
    assert all(i.isascii() and i.isalnum() and len(i) == 8 for i in ids)


def test_join_by_editor_leaves_a_redirect(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    d = content / "d.txt"
    d.write_text("1月1日,美国国务卿布林肯抵达东京开始对日本进行为期三天的访问,与日方讨论同盟合作和地区安全议题。\n"
                 "1月5日,韩国国防部长官李钟燮(Lee Jong-sup)宣布,韩美两军将于下月举行大规模联合军事演习,"
                 "参演兵力和装备规模均为近年之最。\n", encoding="utf-8")
    first = process([d], content)
    assert len(first.entries) == 2
    write_lock(first.lock, content / "ids.lock.json")
    (content / "overrides.yml").write_text('d.txt:\n  join: ["1月5日,韩国国防部"]\n', encoding="utf-8")
    second = process([d], content)
    assert len(second.entries) == 1
    kept = second.entries[0]
    assert kept.id == first.entries[0].id
    assert kept.aliases == (first.entries[1].id,)  # the second entry's old URL redirects here


def test_unrelated_digests_do_not_move_ids(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    a = content / "a.txt"
    a.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    first = process([a], content)
    write_lock(first.lock, content / "ids.lock.json")
    b = content / "0-earlier.txt"
    b.write_text("\n".join(NEW_ITEMS) + "\n", encoding="utf-8")
    second = process([b, a], content)
    assert _ids_by_text(first).items() <= _ids_by_text(second).items()


# --------------------------------------------------------------------------- a lock the user owns
def _lock_with(path, rows: dict) -> None:
    data = {"version": 1, "ids": {i: {"source": "d.txt", "lines": [1, 1], "hash": "0" * 16, "sketch": "", **row}
                                  for i, row in rows.items()}}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


@pytest.mark.parametrize("bad", ["../../../../tmp/x", "/tmp/x", "a/b", ".hidden", "", "A" * 65, "x\u00e9"])
def test_an_id_that_could_leave_the_site_is_a_clear_error(tmp_path, bad):
    lock = tmp_path / "ids.lock.json"
    _lock_with(lock, {"abcd2345": {}, bad: {}})
    with within(10), pytest.raises(ConfigError) as exc:
        read_lock(lock)
    assert str(exc.value).startswith(f"{lock}:") and json.dumps(bad, ensure_ascii=False) in str(exc.value)
    assert "not a valid id" in str(exc.value) and exc.value.line is not None


@pytest.mark.parametrize("rows,cycle", [
    ({"aaaa2222": {"redirect": "aaaa2222"}}, "aaaa2222 -> aaaa2222"),
    ({"aaaa2222": {"redirect": "bbbb3333"}, "bbbb3333": {"redirect": "aaaa2222"}}, "aaaa2222 -> bbbb3333 -> aaaa2222"),
    ({"cccc4444": {"redirect": "aaaa2222"}, "aaaa2222": {"redirect": "bbbb3333"},
      "bbbb3333": {"redirect": "aaaa2222"}}, "aaaa2222 -> bbbb3333 -> aaaa2222"),
])
def test_a_redirect_cycle_is_a_clear_error_within_a_second(tmp_path, rows, cycle):
    lock = tmp_path / "ids.lock.json"
    _lock_with(lock, rows)
    with within(10), pytest.raises(ConfigError) as exc:  # it used to loop forever at 100 % CPU
        read_lock(lock)
    assert "redirects in a cycle: " + cycle in str(exc.value) and str(lock) in str(exc.value)


def test_a_bad_lock_fails_build_and_check_at_once_with_one_line(tmp_path, monkeypatch, caplog):
    content = tmp_path / "content"
    content.mkdir()
    (content / "d.txt").write_text("1月1日,美国宣布。\n", encoding="utf-8")
    _lock_with(content / "ids.lock.json", {"aaaa2222": {"redirect": "bbbb3333"}, "bbbb3333": {"redirect": "aaaa2222"}})
    with within(20):
        assert main(["check", str(content / "d.txt"), "--content", str(content)]) == 2
    assert "redirects in a cycle" in caplog.text and len(caplog.records) == 1
    _lock_with(content / "ids.lock.json", {"../../x": {}})
    with within(20):
        assert main(["split", str(content / "d.txt"), "--content", str(content), "--out", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists() and "not a valid id" in caplog.text


def test_a_redirect_to_an_unknown_id_is_an_error(tmp_path):
    lock = tmp_path / "ids.lock.json"
    _lock_with(lock, {"aaaa2222": {"redirect": "zzzz9999"}})
    with pytest.raises(ConfigError, match="redirects to 'zzzz9999', which is not in the lock"):
        read_lock(lock)


def _two_digests(tmp_path):
    """content/ with a.txt (the sample) and b.txt (NEW_ITEMS): (content, a, b)."""
    content = tmp_path / "content"
    content.mkdir()
    a, b = content / "a.txt", content / "b.txt"
    a.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text("\n".join(NEW_ITEMS) + "\n", encoding="utf-8")
    return content, a, b


def test_split_of_one_digest_leaves_the_lock_unchanged(tmp_path):
    content, a, b = _two_digests(tmp_path)
    write_lock(process([a, b], content).lock, content / "ids.lock.json")
    before = (content / "ids.lock.json").read_bytes()
    assert main(["-q", "split", str(b), "--out", str(tmp_path / "out"), "--content", str(content)]) == 0
    assert main(["-q", "check", str(b), "--content", str(content)]) == 0
    assert (content / "ids.lock.json").read_bytes() == before
    assert len(list((tmp_path / "out").glob("*.md"))) == 3


def test_ids_of_a_digest_not_read_are_one_warning_line(tmp_path, caplog):
    """`check b.txt` with a lock that also holds a.txt's ids: one line about a.txt, not one per id."""
    content, a, b = _two_digests(tmp_path)
    archive = process([a, b], content)
    write_lock(archive.lock, content / "ids.lock.json")
    a_ids = sum(e.source == "a.txt" for e in archive.entries)
    caplog.clear()
    with caplog.at_level("WARNING"):
        assert set(process([b], content).lock) == set(archive.lock)
    lines = [r.getMessage() for r in caplog.records if "a.txt" in r.getMessage()]
    assert lines == [f"{a_ids} id(s) of a.txt name no entry: the digest is not among those read; kept in the lock"]


def test_the_lock_only_grows(tmp_path):
    content, a, b = _two_digests(tmp_path)
    first = process([a, b], content)
    write_lock(first.lock, content / "ids.lock.json")
    # an entry deleted from a digest: its id redirects to the nearest entry of that digest
    lines = b.read_text(encoding="utf-8").splitlines()
    b.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    second = process([a, b], content)
    gone = next(e.id for e in first.entries if e.source == "b.txt" and e.source_lines[0] == 4)
    assert set(first.lock) <= set(second.lock)
    assert second.lock[gone].redirect in {e.id for e in second.entries if e.source == "b.txt"}
    write_lock(second.lock, content / "ids.lock.json")
    # a whole digest removed: its ids stay in the lock (never given to another entry)
    b.unlink()
    third = process([a], content)
    assert set(second.lock) <= set(third.lock)
    b_ids = {e.id for e in first.entries if e.source == "b.txt"}
    assert b_ids <= set(third.lock) and not b_ids & {e.id for e in third.entries}
    write_lock(third.lock, content / "ids.lock.json")
    # and it comes back with its ids when its text does
    b.write_text("\n".join(NEW_ITEMS) + "\n", encoding="utf-8")
    fourth = process([a, b], content)
    assert {e.id for e in fourth.entries if e.source == "b.txt"} == b_ids


def test_a_bad_lock_fails_before_any_digest_is_split(tmp_path, monkeypatch):
    """So that a large archive fails as fast as a small one: the lock is read first."""
    import generator.pipeline as pipeline

    content = tmp_path / "content"
    content.mkdir()
    (content / "d.txt").write_text("1月1日,美国宣布。\n", encoding="utf-8")
    _lock_with(content / "ids.lock.json", {"/tmp/x": {}})

    def no_split(*args, **kwargs):
        raise AssertionError("split before the lock was checked")

    monkeypatch.setattr(pipeline, "split_digest", no_split)
    with pytest.raises(ConfigError, match="not a valid id"):
        process([content / "d.txt"], content)
