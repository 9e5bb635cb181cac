"""generator.pagefind_stable: Pagefind's filter and metadata files in a fixed order (Pagefind #638)."""

from __future__ import annotations

import gzip
import hashlib
import random

import pytest
from conftest import SAMPLE

from generator import pagefind_stable as ps
from generator.pipeline import process
from generator.search import index_site


def _tree(root):
    return {p.relative_to(root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    site = tmp_path_factory.mktemp("pf") / "site"
    index_site(process([SAMPLE], None).entries, site)
    return site / "pagefind"


def test_the_codec_reads_and_writes_pagefind_files_exactly(bundle):
    files = [*bundle.glob("index/*.pf_index"), *bundle.glob("filter/*.pf_filter"), *bundle.glob("*.pf_meta")]
    assert len(files) > 5
    for f in files:
        raw = gzip.decompress(f.read_bytes())
        assert ps._MAGIC + ps._encode(ps.read_pf(f)) == raw, f.name


def test_hash_map_order_is_rewritten_to_one_order(bundle, tmp_path):
    """What Pagefind does between runs (values and filters in another order) changes nothing."""
    import shutil

    before = _tree(bundle)
    copy = tmp_path / "pagefind"
    shutil.copytree(bundle, copy)
    rng = random.Random(5)
    (meta_file,) = copy.glob("*.pf_meta")
    meta = ps.read_pf(meta_file)
    for _name, h in meta[3]:
        path = copy / "filter" / f"{h}.pf_filter"
        chunk = ps.read_pf(path)
        rng.shuffle(chunk[1])
        path.write_bytes(ps._pf_bytes(chunk))
    rng.shuffle(meta[3])
    meta_file.write_bytes(ps._pf_bytes(meta))
    assert _tree(copy) != before
    ps.normalise_bundle(copy)
    assert _tree(copy) == before
    # every filter the metadata names exists, with its values sorted
    meta = ps.read_pf(next(copy.glob("*.pf_meta")))
    assert [n for n, _ in meta[3]] == sorted(n for n, _ in meta[3])
    for _, h in meta[3]:
        values = [v for v, _ in ps.read_pf(copy / "filter" / f"{h}.pf_filter")[1]]
        assert values == sorted(values, key=ps._encode)


def test_two_sharded_indexes_are_byte_identical(tmp_path, monkeypatch):
    from generator import search

    monkeypatch.setattr(search, "SHARD_SIZE", 10)
    entries = process([SAMPLE], None).entries
    trees = []
    for run in ("a", "b"):
        index_site(entries, tmp_path / run)
        trees.append(_tree(tmp_path / run / "pagefind"))
    assert any(k.startswith("shard-2/filter/") for k in trees[0])
    assert trees[0] == trees[1]
