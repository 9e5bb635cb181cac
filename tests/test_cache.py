"""generator.cache: the build's memo is JSON data; a crafted or corrupt cache is never code."""

from __future__ import annotations

import datetime as dt
import json
import logging
import pickle

from conftest import SAMPLE

from generator import cache
from generator.build import build_site
from generator.pipeline import process


def test_the_memo_round_trips_through_json(tmp_path):
    memo: dict = {}
    archive = process([SAMPLE], None, memo=memo)
    assert memo and {type(v).__name__ for v in memo.values()} >= {"Digest", "SplitResult", "Glossary", "Entry"}
    cache.save(memo, tmp_path / "cache.json")
    json.loads((tmp_path / "cache.json").read_text(encoding="utf-8"))  # plain JSON
    loaded = cache.load(tmp_path / "cache.json")
    assert loaded.keys() == memo.keys()
    for k, v in memo.items():
        if type(v).__name__ != "Glossary":  # compared by identity; its items are compared below
            assert loaded[k] == v, k
    glossary = next(v for v in loaded.values() if type(v).__name__ == "Glossary")
    assert glossary.items == archive.glossary.items and glossary.get("布林肯") == archive.glossary.get("布林肯")
    assert glossary.offices and glossary.offices == archive.glossary.offices  # (a field after private ones)
    again = process([SAMPLE], None, memo=loaded)  # every stage answered from the loaded memo
    assert again.entries == archive.entries
    assert cache.loads(cache.dumps({"d": dt.date(2023, 1, 2), "t": (1, ("a",))})) == {"d": dt.date(2023, 1, 2), "t": (1, ("a",))}


def _project(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    return content


class _Boom:
    def __reduce__(self):
        import os

        return (os.system, ("touch pwned",))


def test_a_crafted_pickle_is_never_loaded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    (work / "cache.pickle").write_bytes(pickle.dumps({"x": _Boom()}))
    (work / "cache.json").write_text(json.dumps({"format": 1, "memo": {"m": [["k", {"c": "_Boom", "v": []}]]}}))
    config = tmp_path / "mkdocs.yml"
    import shutil
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    shutil.copy(repo / "mkdocs.yml", config)
    shutil.copytree(repo / "site_overrides", tmp_path / "site_overrides")
    build_site(_project(tmp_path), tmp_path / "site", workdir=work, config=config, search=False)
    assert not (tmp_path / "pwned").exists() and not (work / "cache.pickle").exists()
    assert "cache.json" in {p.name for p in work.iterdir()}


def test_a_corrupt_cache_is_discarded_with_a_warning(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    path = tmp_path / "cache.json"
    for text in ('{"format":1,"memo":{"m":[["k",{"c":"Entry","v":[1]}]]}}', '{"format":1,"memo":', "\x00garbage",
                 '{"format":1,"memo":{"m":[["k",{"c":"subprocess.Popen","v":[["id"]]}]]}}', '{"format":99,"memo":{}}'):
        path.write_text(text, encoding="utf-8")
        caplog.clear()
        assert cache.load(path) == {}
        assert "not a valid cache" in caplog.text and str(path) in caplog.text
        assert not path.exists()
    assert cache.load(tmp_path / "missing.json") == {}


def test_a_run_that_changes_nothing_does_not_rewrite_the_cache(tmp_path):
    from generator.build import _load_memo, _save_memo

    path = tmp_path / "cache.json"
    cache.save({"a": (1, 2), "b": "x"}, path)
    before = path.stat().st_mtime_ns
    memo = _load_memo(path)
    memo.get("a"), memo.get("b")
    _save_memo(memo, path)
    assert path.stat().st_mtime_ns == before
    memo = _load_memo(path)
    memo.get("a")  # "b" is stale: dropped, so the file is written
    _save_memo(memo, path)
    assert cache.load(path) == {"a": (1, 2)}


def test_cached_results_are_keyed_by_the_splitters_weights_and_built_in_data_too():
    from generator import split
    from generator.pipeline import code_files

    files = code_files()
    assert split._MODEL_FILE in files  # refitted weights split every digest anew
    assert any(f.name == "names.yml" for f in files) and any(f.name == "split.py" for f in files)
