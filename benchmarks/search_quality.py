"""Search quality over every gold digest's queries at once, on entries marked by hand.

Each gold digest (the shared corpus and tests/fixtures/digests, as benchmarks/split_eval.py
finds them) that has a `.queries.json` is written as a marked digest (its gold entries, `---`
between them), all of them into one content folder; the archive is processed and indexed with
its related entries (benchmarks/search_bench.index_minimal, the minimal page: no MkDocs), served on
127.0.0.1, and every query is run through `window.briefingSearch` in headless Chromium. As
../shared/eval/search_eval.py judges a query: results that are entries of another digest are
unjudged and left out before the top ten is taken (here with no depth limit: the shared scorer
reads the search page's first 20, and one site holds only a few digests there), recall@10 is
the share of the query's relevant entries among the first ten, MRR the reciprocal rank of the
first. Queries of kind "needs-world-knowledge" are left out, as the scorer leaves them.

    python benchmarks/search_quality.py             # every gold digest with queries
    python benchmarks/search_quality.py --only 2005-03 2006-06 --misses
    python benchmarks/search_quality.py --json > quality.json

Prints recall@10 and MRR over all queries, by kind of query, and per digest (with --misses,
each query that missed a relevant entry). A result is a gold entry when its first source line
is that entry's first line (the digests are marked, so entries are the gold ones).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import search_bench  # noqa: E402
from benchmarks.split_eval import GOLD_DIRS, Gold, find_gold  # noqa: E402

DEPTH = 400  # results asked of each query: deep enough that other digests' entries never crowd it out
TOP = 10


@dataclass(frozen=True)
class Marked:
    gold: Gold
    queries: list[dict]
    path: Path  # the marked digest written
    to_txt: dict[int, int]  # its line numbers -> the .txt's


def mark(gold: Gold, folder: Path) -> tuple[Path, dict[int, int]]:
    """The digest with a `---` line before every gold entry but the first (junk lines stay where
    they fall), as NAME.md in FOLDER; returns its path and its line numbers -> the .txt's."""
    lines = gold.source.read_text(encoding="utf-8-sig").splitlines()
    starts = {e["first_line"] for e in gold.data["entries"]}
    first = min(starts)
    out: list[str] = []
    to_txt: dict[int, int] = {}
    for n, line in enumerate(lines, 1):
        if n in starts and n != first:
            out.append("---")
        out.append(line)
        to_txt[len(out)] = n
    path = folder / (gold.source.stem + ".md")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path, to_txt


def judge(found: list[int | None], relevant: set[int]) -> tuple[float, float]:
    """recall@10 and reciprocal rank of one query, from its results as gold entry indices of
    its own digest (None: an entry of its digest that is no gold entry), others' left out."""
    top = found[:TOP]
    got = {f for f in top if f in relevant}
    first = next((k for k, f in enumerate(top) if f in relevant), None)
    return len(got) / len(relevant), 0.0 if first is None else 1 / (first + 1)


def run(golds: list[Gold], workdir: Path) -> list[dict]:
    """Every query of these digests, one row each: digest, query, kind, recall, rr, relevant, found."""
    from playwright.sync_api import sync_playwright

    from generator.pipeline import find_digests, process

    content = workdir / "content"
    content.mkdir()
    marked = []
    for g in golds:
        queries = g.source.with_name(g.source.name.replace(".txt", ".queries.json"))
        if not queries.is_file():
            continue
        path, to_txt = mark(g, content)
        marked.append(Marked(g, json.loads(queries.read_text(encoding="utf-8")), path, to_txt))
    site = workdir / "site"
    archive = process(find_digests(content), content)
    search_bench.index_minimal(archive, site)
    where: dict[str, tuple[str, int]] = {}  # entry id -> (digest, gold entry index)
    by_md = {m.path.name: m for m in marked}
    for e in archive.entries:
        m = by_md[e.source]
        first = m.to_txt[e.source_lines[0]]
        index = next((i for i, x in enumerate(m.gold.data["entries"]) if x["first_line"] == first), None)
        where[e.id] = (m.gold.name, index)
    rows = []
    with sync_playwright() as p, search_bench.serve(site) as (base, _served):
        browser = search_bench.launch(p)
        page = browser.new_page()
        page.goto(base + "search/")
        page.wait_for_function("typeof window.briefingSearch === 'function'")
        for m in marked:
            asked = [q for q in m.queries if q.get("kind") != "needs-world-knowledge"]
            ids = page.evaluate("async ([qs, n]) => { const out = []; for (const q of qs) { "
                                "const r = await window.briefingSearch(q, {}, {limit: n}); "
                                "out.push(r.results.map(x => x.id)); } return out; }",
                                [[q["q"] for q in asked], DEPTH])
            for q, got in zip(asked, ids, strict=True):
                found = [where[i][1] for i in got if where[i][0] == m.gold.name]
                recall, rr = judge(found, set(q["relevant"]))
                rows.append({"digest": m.gold.name, "q": q["q"], "kind": q.get("kind", ""), "recall": recall,
                             "rr": rr, "relevant": sorted(q["relevant"]), "found": found[:TOP]})
        browser.close()
    return rows


def summary(rows: list[dict]) -> dict:
    def mean(rs: list[dict], k: str) -> float:
        return round(statistics.fmean(r[k] for r in rs), 4)

    by_kind: dict[str, list[dict]] = defaultdict(list)
    by_digest: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(r)
        by_digest[r["digest"]].append(r)
    digests = {d: {"queries": len(rs), "recall@10": mean(rs, "recall"), "mrr": mean(rs, "rr")}
               for d, rs in sorted(by_digest.items())}
    return {"queries": len(rows), "digests": len(digests), "recall@10": mean(rows, "recall"), "mrr": mean(rows, "rr"),
            "digests_at_0.95_recall": sum(d["recall@10"] >= 0.95 for d in digests.values()),
            "digests_at_0.90_mrr": sum(d["mrr"] >= 0.90 for d in digests.values()),
            "kinds": {k: {"queries": len(rs), "recall@10": mean(rs, "recall"), "mrr": mean(rs, "rr")}
                      for k, rs in sorted(by_kind.items(), key=lambda kv: -len(kv[1]))},
            "per_digest": digests}


def out(line: str) -> None:
    sys.stdout.write(line + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=[], help="digests whose names contain one of these")
    parser.add_argument("--misses", action="store_true", help="list each query that missed a relevant entry")
    parser.add_argument("--json", action="store_true", help="the summary (and rows) as JSON")
    args = parser.parse_args(argv)
    golds = [g for g in find_gold(GOLD_DIRS) if not args.only or any(o in g.name for o in args.only)]
    with tempfile.TemporaryDirectory(prefix="search-quality-") as tmp:
        rows = run(golds, Path(tmp))
    if not rows:
        sys.stderr.write("no gold digest with queries\n")
        return 1
    s = summary(rows)
    if args.json:
        out(json.dumps({**s, "rows": rows}, ensure_ascii=False, indent=1))
        return 0
    out(f"{s['queries']} queries of {s['digests']} digests (marked): recall@10 {s['recall@10']:.4f}, "
          f"MRR {s['mrr']:.4f}; digests at 0.95 recall@10: {s['digests_at_0.95_recall']}, "
          f"at 0.90 MRR: {s['digests_at_0.90_mrr']}")
    out(f"{'kind':24} {'queries':>7} {'recall@10':>9} {'MRR':>6}")
    for k, v in s["kinds"].items():
        out(f"{k:24} {v['queries']:7d} {v['recall@10']:9.3f} {v['mrr']:6.3f}")
    if args.misses:
        for r in rows:
            if r["recall"] < 1:
                out(f"  {r['digest'][9:24]}  {r['q']}  ({r['kind']}): {round(r['recall'] * len(r['relevant']))}"
                      f"/{len(r['relevant'])}, found {r['found']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
