"""benchmarks/search_quality.py: a digest marked as its gold entries; a query judged as
../shared/eval/search_eval.py judges it (recall@10, reciprocal rank); a small run in Chromium."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import search_quality  # noqa: E402
from benchmarks.split_eval import GOLD_DIRS, find_gold  # noqa: E402

SAMPLE = "briefing-2022-11_2023-02.txt"  # its gold and queries are in ../shared/corpus
pytestmark = pytest.mark.skipif(not any(g.name == SAMPLE for g in find_gold(GOLD_DIRS)),
                                reason="../shared/corpus is not beside the checkout")


def test_a_marked_digest_holds_every_line_once_with_a_rule_between_gold_entries(tmp_path):
    gold = next(g for g in find_gold(GOLD_DIRS) if g.name == SAMPLE)
    path, to_txt = search_quality.mark(gold, tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    txt = gold.source.read_text(encoding="utf-8-sig").splitlines()
    assert lines.count("---") == len(gold.data["entries"]) - 1
    assert sorted(to_txt.values()) == list(range(1, len(txt) + 1))
    assert all(lines[n - 1] == txt[t - 1] for n, t in to_txt.items())
    for e in gold.data["entries"][1:]:  # the rule stands right before each entry but the first
        at = next(n for n, t in to_txt.items() if t == e["first_line"])
        assert lines[at - 2] == "---"


@pytest.mark.parametrize("found, relevant, recall, rr", [
    ([3, 1, 2], {1, 2}, 1.0, 0.5),
    ([None, 5, 7], {7, 9}, 0.5, 1 / 3),
    ([0] * 10 + [4], {4}, 0.0, 0.0),  # the eleventh is out of the top ten
    ([], {1}, 0.0, 0.0),
])
def test_judge(found, relevant, recall, rr):
    assert search_quality.judge(found, relevant) == (recall, rr)


@pytest.mark.browser
def test_a_run_on_the_sample_finds_its_queries(tmp_path):
    gold = next(g for g in find_gold(GOLD_DIRS) if g.name == SAMPLE)
    rows = search_quality.run([gold], tmp_path)
    queries = json.loads(gold.source.with_name(SAMPLE.replace(".txt", ".queries.json")).read_text(encoding="utf-8"))
    assert len(rows) == len([q for q in queries if q.get("kind") != "needs-world-knowledge"])
    s = search_quality.summary(rows)
    assert s["digests"] == 1 and 0 <= s["recall@10"] <= 1
    assert s["recall@10"] >= 0.9  # the sample's queries on its marked entries (1.000 when written)
    assert all(r["found"] and len(r["found"]) <= 10 for r in rows if r["recall"] > 0)
