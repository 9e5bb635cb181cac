"""Search benchmark: a synthetic archive built and indexed, served on 127.0.0.1, queried in
headless Chromium.

Reports: for each query of a fixed list of at least 20 varied queries (names in Chinese and
English, topics, multi-word Chinese queries, a place in a compound, mixed queries, acronyms),
the bytes fetched and the time until the results when it is the first query of a cold browser
context (the index's meta file, the posting chunks of the query's terms, the query
vocabulary's buckets, and the fragments of the first ten results): median and largest, for the
query alone (`window.briefingSearch(q)`, as the header search asks it) and with the filter
counts (`counts: true`, as the search page asks it: the filter file too); the median time of
the later queries (the whole list, in --runs warm contexts: the median of the runs' medians);
and the index size and indexing time; with the ratio of each to its target (first query <=
300 KB whatever the query, and <= 1 s; later queries <= 50 ms median).

    python benchmarks/search_bench.py                 # 10,000 entries, 3 runs
    python benchmarks/search_bench.py --entries 3000 --runs 5 --minimal

The site is built with the site builder (generator.build.build_site: MkDocs, both languages)
when it exists, else (or with --minimal) from the pipeline and generator.search.index_site
plus a minimal page that loads the search script. Bytes are counted by the server (response
bodies, as stored: the index files are gzip-compressed JSON).

The helpers here (serve, launch, write_minimal_site) are shared with tests/test_*search.py.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import importlib
import io
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import synthetic  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGETS = {"first_bytes": 300 * 1024, "first_seconds": 1.0, "later_ms": 50.0}
ASSETS = REPO / "site_overrides" / "assets"


# --------------------------------------------------------------------------- serving
class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that counts the bytes it serves and logs nothing."""

    served: list[tuple[str, int]]

    def log_message(self, *args) -> None:  # quiet
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:
        # logged before the body is sent: logged after, a page could have the whole file, go
        # on, and ask for the next before this one was counted (a test then saw it out of turn)
        # (the source may be a file or, for a folder's listing, an in-memory buffer)
        pos = source.tell()
        size = source.seek(0, io.SEEK_END) - pos
        source.seek(pos)
        self.served.append((self.path, size))
        super().copyfile(source, outputfile)


@contextlib.contextmanager
def serve(folder: str | Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Serve a folder on 127.0.0.1 (a free port) in a thread: yields (base URL, served log)."""
    served: list[tuple[str, int]] = []
    handler = type("Handler", (_Handler,), {"served": served})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", served
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    """Debian's Chromium, headless: never a downloaded browser."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# --------------------------------------------------------------------------- sites
_PAGE = """<!DOCTYPE html>
<html lang="{lang}" data-site-root="{root}" data-lang="{lang}">
<head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{root}{prefix}assets/stylesheets/briefing-search.css"></head>
<body><header><h1>{title}</h1></header>
<main>{body}</main>
<script src="{root}{prefix}assets/javascripts/briefing-search.js"></script>
</body></html>
"""


def write_minimal_site(site_dir: str | Path) -> None:
    """Pages that load the search script, for a site without MkDocs: a home and a search
    page per language (zh at the root, en under en/), each with its data-site-root."""
    site = Path(site_dir)
    for lang, prefix in (("zh", ""), ("en", "en/")):
        for sub in ("javascripts/briefing-search.js", "stylesheets/briefing-search.css"):
            dest = site / prefix / "assets" / sub
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ASSETS / sub, dest)
        root = "../" if lang == "en" else "./"
        home = site / prefix / "index.html"
        home.write_text(_PAGE.format(lang=lang, root=root, prefix=prefix, title="Briefing", body="<p>home</p>"),
                        encoding="utf-8")
        search = site / prefix / "search" / "index.html"
        search.parent.mkdir(parents=True, exist_ok=True)
        search.write_text(_PAGE.format(lang=lang, root=root + "../", prefix=prefix, title="Search",
                                       body='<div id="briefing-search-page"></div>'), encoding="utf-8")


def site_builder():
    """generator.build.build_site (or generator.site.build_site), if the site builder exists."""
    for name in ("generator.build", "generator.site"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "build_site"):
            return module.build_site
    return None


def index_minimal(archive, site_dir: Path) -> dict:
    """A processed archive's search index (with its related entries, as the site builder's index
    has them) and the minimal pages that load the script; returns the index stats."""
    from generator.search import index_site
    from generator.site import link_entries

    related = link_entries(archive.entries).related_ids()
    stats = index_site(archive.entries, site_dir, glossary=archive.glossary, related=related)
    write_minimal_site(site_dir)
    return stats


def build(content_dir: Path, site_dir: Path, *, minimal: bool = False, workdir: Path | None = None) -> dict:
    """Build a site with search from a content folder; returns timings and index stats."""
    from generator.pipeline import find_digests, process

    builder = None if minimal else site_builder()
    start = time.perf_counter()
    if builder is not None:
        result = builder(content_dir, site_dir, workdir=workdir or site_dir.parent / "work", progress=False,
                         config=REPO / "mkdocs.yml")
        return {"mode": "site builder", "seconds": time.perf_counter() - start,
                "entries": result.get("entries"), "search": result.get("search", {}), "stages": result.get("stages")}
    archive = process(find_digests(content_dir), content_dir)
    processed = time.perf_counter() - start
    stats = index_minimal(archive, site_dir)
    return {"mode": "minimal page", "seconds": time.perf_counter() - start, "entries": len(archive.entries),
            "search": stats, "stages": {"process": processed, "search": stats["seconds"]}}


# --------------------------------------------------------------------------- queries
def bench_queries(s: synthetic.Synthetic, count: int = 24) -> list[str]:
    """Names (Chinese and English), topics, multi-word and mixed queries of the synthetic archive."""
    people, m = s.people, count // 3
    # spread on a log scale, as the generator uses names (a few often, most rarely)
    picks = [people[round(len(people) ** (k / m)) - 1] for k in range(m)]
    queries: list[str] = []
    for i, p in enumerate(picks):
        queries.append(p.en.split()[-1] if i % 3 == 2 else (p.surname if i % 3 else p.zh.replace("·", "")))
    queries += synthetic.TOPICS[: count // 6]
    queries += ["extended deterrence", "The Diplomat", "SPD", "2+2", "朝鲜半岛 延伸威慑", "国务卿",
                "美国出口管制半导体", "访俄", f"{picks[1].surname}访问日本", f"{picks[2].en.split()[-1]} 供应链",
                "日本弹道导弹", "国家利益 供应链"]
    return queries[: max(count, 20)]


def _search_js(query: str, limit: int = 10, counts: bool = False) -> str:
    return (f"(async () => {{ const t = performance.now(); const r = await window.briefingSearch("
            f"{json.dumps(query)}, {{}}, {{limit: {limit}, counts: {json.dumps(counts)}}}); "
            f"return [performance.now() - t, r.total]; }})()")


def _first(browser, base_url: str, page_path: str, served: list, query: str, counts: bool) -> tuple[float, int]:
    """A query as the first of a cold browser context: its time and the bytes it fetched."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base_url + page_path)
        page.wait_for_function("typeof window.briefingSearch === 'function'")
        before = len(served)
        ms, _total = page.evaluate(_search_js(query, counts=counts))
        page.wait_for_timeout(50)  # requests still being answered count too
        return ms, sum(size for _, size in served[before:])
    finally:
        context.close()


def measure(base_url: str, served: list[tuple[str, int]], queries: list[str], runs: int,
            page_path: str = "") -> dict:
    """Every query as the first of a cold browser context, then all of them as later queries
    in `runs` warm contexts."""
    from playwright.sync_api import sync_playwright

    first_bytes, first_ms, later_ms, totals, counted_bytes = [], [], [], {}, []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for q in queries:
                ms, size = _first(browser, base_url, page_path, served, q, counts=False)
                first_ms.append(ms)
                first_bytes.append(size)
                counted_bytes.append(_first(browser, base_url, page_path, served, q, counts=True)[1])
            for _run in range(runs):
                context = browser.new_context()
                page = context.new_page()
                page.goto(base_url + page_path)
                page.wait_for_function("typeof window.briefingSearch === 'function'")
                page.evaluate(_search_js(queries[0]))
                times = []
                for q in queries:
                    ms, total = page.evaluate(_search_js(q))
                    times.append(ms)
                    totals[q] = total
                later_ms.append(statistics.median(times))
                context.close()
        finally:
            browser.close()
    return {"first_bytes": statistics.median(first_bytes), "first_bytes_max": max(first_bytes),
            "first_ms": statistics.median(first_ms), "later_ms": statistics.median(later_ms), "runs": runs,
            "queries": len(queries), "first_bytes_all": dict(zip(queries, first_bytes, strict=True)),
            "counted_bytes": statistics.median(counted_bytes), "counted_bytes_max": max(counted_bytes),
            "counted_bytes_all": dict(zip(queries, counted_bytes, strict=True)),
            "first_ms_all": [round(x) for x in first_ms], "later_ms_all": [round(x, 1) for x in later_ms],
            "totals": totals}


def report(built: dict, measured: dict) -> str:
    stats = built["search"]
    vocab = stats.get("vocab") or {}
    worst = max(measured["first_bytes_all"].items(), key=lambda kv: kv[1])
    lines = [
        f"site: {built['mode']}, {built['entries']} entries, built in {built['seconds']:.1f} s",
        f"index: {stats.get('records')} records, {stats.get('index_bytes', 0) / 1e6:.1f} MB in "
        f"{stats.get('files')} files ({stats.get('terms', 0)} terms in {stats.get('chunks', 0)} chunks), "
        f"indexed in {stats.get('seconds', 0):.1f} s; "
        f"vocabulary {vocab.get('keys', 0)} keys",
        f"first query ({measured['queries']} queries, each in a cold context): median "
        f"{measured['first_bytes'] / 1024:.0f} KB, largest {measured['first_bytes_max'] / 1024:.0f} KB ({worst[0]}) "
        f"({measured['first_bytes_max'] / TARGETS['first_bytes']:.2f} of the 300 KB target); "
        f"median {measured['first_ms']:.0f} ms ({measured['first_ms'] / 1000 / TARGETS['first_seconds']:.2f} of 1 s)",
        f"first query with filter counts (the search page's): median {measured['counted_bytes'] / 1024:.0f} KB, "
        f"largest {measured['counted_bytes_max'] / 1024:.0f} KB "
        f"({measured['counted_bytes_max'] / TARGETS['first_bytes']:.2f} of the 300 KB target)",
        f"later queries: median {measured['later_ms']:.1f} ms over {measured['runs']} warm runs "
        f"({measured['later_ms'] / TARGETS['later_ms']:.2f} of 50 ms)",
        f"per run: later median ms {measured['later_ms_all']}; first-query ms {measured['first_ms_all']}",
        "first-query KB: " + ", ".join(f"{q} {b / 1024:.0f}" for q, b in measured["first_bytes_all"].items()),
        "with counts KB: " + ", ".join(f"{q} {b / 1024:.0f}" for q, b in measured["counted_bytes_all"].items()),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--minimal", action="store_true", help="skip MkDocs: index plus a minimal page")
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temporary folder)")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON too")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        content, site = work / "content", work / "site"
        shutil.rmtree(content, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        s = synthetic.write_archive(content, args.entries, seed=args.seed)
        built = build(content, site, minimal=args.minimal, workdir=work / "work")
        queries = bench_queries(s, args.queries)
        with serve(site) as (base, served):
            measured = measure(base, served, queries, args.runs)
        sys.stdout.write(report(built, measured) + "\n")
        if args.json:
            sys.stdout.write(json.dumps({"build": built, "measure": measured}, ensure_ascii=False, default=str) + "\n")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
