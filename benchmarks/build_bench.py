"""Build benchmark: a synthetic archive of N entries built end to end, medians of several runs.

    python benchmarks/build_bench.py                 # 10,000 entries, 3 runs
    python benchmarks/build_bench.py --entries 1000 --runs 5

Each run is a fresh process (`briefing build`), so that peak memory (the build's own plus its
children's: the other language's MkDocs run, the search indexer) is that run's
alone. Reports per-stage wall time (split, metadata, ids, pages, MkDocs, feed, search), total
wall time, CPU time (the build process, and its children together), peak memory, site size
and file count, with the ratio to the targets (60 s, 2 GB), and the machine's load average
(the 2 cores may be shared: CPU time is what the build itself needed).

Peak memory is the largest sum, over the process tree, of each process's proportional set
size (PSS: a page shared by n processes counts 1/n in each), sampled every 100 ms. The build
forks (the other language, the search indexer) after gathering the archive, and the children
share the parent's pages until they write them; a sum of resident sizes (RSS) would count
every shared page once per process. That sum is reported too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synthetic import write_archive  # noqa: E402

TARGET_SECONDS = 60.0
TARGET_BYTES = 2 * 1024**3

CHILD = """
import json, resource, sys, time
from pathlib import Path
from generator.build import build_site
start = time.perf_counter()
stats = build_site(Path(sys.argv[1]), Path(sys.argv[2]), workdir=Path(sys.argv[3]), progress=False)
wall = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
self_cpu = resource.getrusage(resource.RUSAGE_SELF)
kids_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "stages": stats["stages"], "peak_kb": max(own, kids), "own_kb": own, "child_kb": kids,
                  "cpu_self": self_cpu.ru_utime + self_cpu.ru_stime, "cpu_children": kids_cpu.ru_utime + kids_cpu.ru_stime}))
"""


def site_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _tree_memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of a process and all its descendants, from /proc (KB)."""
    pss = rss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return pss, rss


def run_once(content: Path, work: Path, cold: bool) -> dict:
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    if cold:  # no cache of an earlier build: split and metadata from scratch
        shutil.rmtree(work / "build", ignore_errors=True)
        (content / "ids.lock.json").unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(content), str(site), str(work / "build")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=HERE.parent,
                            env={**os.environ, "PYTHONHASHSEED": "0"})
    # the build's peak memory: the sum over its process tree (the languages and the search
    # indexer run at once), sampled every 100 ms
    peak = peak_rss = 0
    load = os.getloadavg()[0]
    while proc.poll() is None:
        pss, rss = _tree_memory_kb(proc.pid)
        peak, peak_rss = max(peak, pss), max(peak_rss, rss)
        time.sleep(0.1)  # reading smaps_rollup walks page tables: not too often
    stdout, stderr = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"build failed:\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["tree_peak_kb"], result["tree_peak_rss_kb"] = peak, peak_rss
    result["load"] = (load, os.getloadavg()[0])
    result["bytes"], result["files"] = site_size(site)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--warm", action="store_true",
                        help="keep the build cache between runs (re-runs with nothing changed)")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="build-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    content = work / "content"
    shutil.rmtree(content, ignore_errors=True)
    synthetic = write_archive(content, args.entries)
    runs = [run_once(content, work, cold=not args.warm) for _ in range(args.runs)]
    med = statistics.median
    stages = sorted({k for r in runs for k in r["stages"]}, key=lambda k: list(runs[0]["stages"]).index(k)
                    if k in runs[0]["stages"] else 99)
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        f"archive: {synthetic.entries} entries in {len(synthetic.files)} digests; {args.runs} "
        f"{'warm' if args.warm else 'cold'} runs (medians)",
    ]
    for k in stages:
        lines.append(f"  {k:<14} {med([r['stages'].get(k, 0.0) for r in runs]):8.2f} s")
    wall = med([r["wall"] for r in runs])
    peak = med([r["tree_peak_kb"] for r in runs]) * 1024
    peak_rss = med([r["tree_peak_rss_kb"] for r in runs]) * 1024
    size = med([r["bytes"] for r in runs])
    files = med([r["files"] for r in runs])
    lines += [
        f"  {'total wall':<14} {wall:8.2f} s   ({wall / TARGET_SECONDS:.2f} of the 60 s target)",
        f"  {'cpu':<14} {med([r['cpu_self'] for r in runs]):8.2f} s build process, "
        f"{med([r['cpu_children'] for r in runs]):.2f} s its children (other languages, search)",
        f"  {'peak memory':<14} {peak / 2**20:8.0f} MB  ({peak / TARGET_BYTES:.2f} of the 2 GB target; PSS summed "
        f"over the build's processes; RSS summed: {peak_rss / 2**20:.0f} MB)",
        f"  {'site':<14} {size / 2**20:8.1f} MB in {files:.0f} files ({size / synthetic.entries / 1024:.1f} KB per entry)",
        "  runs (wall s): " + ", ".join(f"{r['wall']:.1f}" for r in runs),
        "  load average at start/end of each run: " + ", ".join(f"{a:.1f}/{b:.1f}" for a, b in (r["load"] for r in runs)),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
