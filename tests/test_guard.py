"""generator.guard: one build at a time, private temporary folders, cleanup on kill, output paths.

The end-to-end cases run `briefing build` as a child process on a 1,500-entry synthetic
project and kill it (SIGTERM like `kill`, SIGINT like Ctrl-C, SIGKILL like the OOM killer)
while its child processes (the search indexer, the other language's MkDocs run) run and at
seeded random moments; the previous site must stay complete and, once the build is gone,
nothing of it may be left: no temporary folder, no child process.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLE

from generator import guard
from generator.cli import main
from generator.errors import BuildError

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
from benchmarks import synthetic  # noqa: E402

BRIEFING = [sys.executable, "-m", "generator.cli"]


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _project(root: Path, entries: int | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site_overrides", root / "site_overrides")
    if entries:
        synthetic.write_archive(root / "content", entries, seed=7)
    else:
        (root / "content").mkdir()
        shutil.copy(SAMPLE, root / "content" / SAMPLE.name)
    return root


def _build(project: Path, *extra: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([*BRIEFING, "build", "--progress", *extra], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True, **kwargs)


def _build_processes(project: Path) -> list[int]:
    """Pids of this project's build processes: `briefing build` and the children it forks (the
    search indexer, the other language's run), which share its command line and folder."""
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes().split(b"\0")
                cwd = os.readlink(d / "cwd")
            except OSError:
                continue
            if b"generator.cli" in cmd and cwd == str(project):
                found.append(int(d.name))
    return found


def _children(project: Path, proc: subprocess.Popen) -> list[int]:
    return [p for p in _build_processes(project) if p != proc.pid]


def _assert_no_children(project: Path, note: str) -> None:
    """No process of this project's build once the build has exited. The kernel (PR_SET_PDEATHSIG)
    or the build's signal handler stops them at once: two seconds' grace are for the scheduler
    only, an orphan would run on for the seconds its work still takes."""
    deadline = time.monotonic() + 2.0
    while _build_processes(project) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _build_processes(project), note


def _leftovers(project: Path) -> list[str]:
    build = project / "build"
    names = [p.name for p in build.iterdir()] if build.is_dir() else []
    stray = [n for n in names if n not in {".lock", "cache.json"}]
    stray += [p.name for p in project.iterdir() if p.name.startswith(".site")]
    return stray


def _settled(project: Path, seconds: float = 60.0) -> list[str]:
    """Leftovers once the detached `rm` of a swapped-out site (if any) has had time to finish."""
    deadline = time.monotonic() + seconds
    while (left := _leftovers(project)) and all(n.startswith(".site.old-") for n in left) \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def _site_complete(site: Path) -> None:
    rows = json.loads((site / "entries.json").read_text(encoding="utf-8"))
    assert rows
    for row in rows:
        assert (site / row["url"] / "index.html").is_file() and (site / "en" / row["url"] / "index.html").is_file()
    assert (site / "search-index" / "meta.json.gz").is_file() and (site / "index.html").is_file()


@pytest.fixture(scope="module")
def big_project(tmp_path_factory) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A 1,500-entry project built once: (project, its site's files, its content's files)."""
    project = _project(tmp_path_factory.mktemp("guard") / "proj", entries=1500)
    proc = _build(project)
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out
    return project, _tree(project / "site"), _tree(project / "content")


def _wait_for(predicate, proc: subprocess.Popen, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_build_killed_while_its_children_run_leaves_the_previous_site_and_nothing_else(big_project, signum):
    project, site, content = big_project
    (project / "build" / "cache.json").unlink(missing_ok=True)
    proc = _build(project)
    assert _wait_for(lambda: _children(project, proc), proc), "the build never started its children"
    os.kill(proc.pid, signum)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode != 0
    if signum == signal.SIGTERM:
        assert "interrupted (SIGTERM)" in out and "Traceback" not in out
    _assert_no_children(project, "an orphaned child process")
    assert _tree(project / "site") == site
    assert _tree(project / "content") == content
    if signum == signal.SIGKILL:  # nothing can clean up after SIGKILL: the next build does, first thing
        with guard.project_lock(project / "build"):
            guard.sweep(project / "build", project / "site")
    assert _settled(project) == []


def test_builds_killed_at_random_moments_leave_the_previous_site_and_nothing_else(big_project):
    project, site, content = big_project
    rng = random.Random(13)
    for trial in range(4):
        if trial % 2 == 0:  # every other run from scratch: the metadata, MkDocs and the index all run
            (project / "build" / "cache.json").unlink(missing_ok=True)
        signum = rng.choice([signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
        delay = rng.uniform(0.0, 6.0)
        proc = _build(project)
        # from the build's first line on (before it, Python is still starting: no handler yet)
        first = proc.stdout.readline()
        try:
            out, _ = proc.communicate(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signum)
            out, _ = proc.communicate(timeout=120)
        out = first + out
        note = f"trial {trial}: {signal.Signals(signum).name} after {delay:.2f} s, exit {proc.returncode}"
        assert "Traceback" not in out, note + "\n" + out
        _assert_no_children(project, note)
        _site_complete(project / "site")
        assert _tree(project / "site") == site, note  # the same content: the same site, old or new
        assert _tree(project / "content") == content, note
        if signum == signal.SIGKILL:
            with guard.project_lock(project / "build"):
                guard.sweep(project / "build", project / "site")
        assert _settled(project) == [], note


def test_two_builds_started_together_never_publish_an_incomplete_site(big_project):
    project, site, _ = big_project
    for _ in range(2):
        procs = [_build(project), _build(project)]
        results = [(p.returncode, out) for p in procs for out in [p.communicate(timeout=600)[0]]]
        codes = sorted(code for code, _ in results)
        assert codes[0] == 0, results  # one of them built the site
        for code, out in results:
            assert code == 0 or "another build of this project is running" in out, out
            assert "Traceback" not in out
        _site_complete(project / "site")
        assert _tree(project / "site") == site
        assert _settled(project) == []


# --------------------------------------------------------------------------- the lock, in-process
def test_a_second_build_exits_at_once_naming_the_first(tmp_path):
    with guard.project_lock(tmp_path):
        with pytest.raises(BuildError) as exc:
            with guard.project_lock(tmp_path):
                pass
    assert f"pid {os.getpid()}" in str(exc.value) and str(tmp_path / ".lock") in str(exc.value)
    with guard.project_lock(tmp_path):  # released
        pass


def test_sweep_removes_what_a_killed_build_left(tmp_path):
    work, site = tmp_path / "build", tmp_path / "site"
    for d in (work / ".briefing-abc", work / "search-out", tmp_path / ".site.new-x", tmp_path / ".site.old-1"):
        (d / "e").mkdir(parents=True)
    (work / "cache.pickle").write_bytes(b"\x80\x04.")
    (work / "search-cache" / "k").mkdir(parents=True)  # Pagefind's shards, before version 0.3
    (work / "cache.json").write_text("{}")
    site.mkdir()
    guard.sweep(work, site)
    assert sorted(p.name for p in work.iterdir()) == ["cache.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "site"]


def test_swap_exchanges_in_one_step(tmp_path):
    old, new = tmp_path / "site", tmp_path / ".site.new"
    old.mkdir()
    (old / "a").write_text("old")
    new.mkdir()
    (new / "a").write_text("new")
    guard.swap_dir(new, old)
    assert (old / "a").read_text() == "new" and not new.exists()


def test_interruptible_turns_sigterm_into_interrupted_and_kills_children():
    with pytest.raises(guard.Interrupted) as exc:
        with guard.interruptible():
            child = guard.spawn(["sleep", "60"])
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # pragma: no cover - the signal arrives first
    assert exc.value.signum == signal.SIGTERM
    assert child.wait(timeout=5) != 0
    guard.forget(child)


# --------------------------------------------------------------------------- output paths
@pytest.mark.parametrize("site", ["content", ".", "..", "content/site", "site_overrides", "build", "mkdocs.yml"])
def test_build_refuses_an_output_that_would_destroy_the_project(tmp_path, monkeypatch, caplog, site):
    project = _project(tmp_path / "proj")
    monkeypatch.chdir(project)
    before = _tree(tmp_path)
    assert main(["build", "--site", site]) == 2
    assert "--site" in caplog.text and "choose" in caplog.text
    assert len(caplog.records) == 1 and "\n" not in caplog.records[0].getMessage()
    assert _tree(tmp_path) == before


def test_build_refuses_a_folder_that_is_not_a_site(tmp_path, monkeypatch, caplog):
    project = _project(tmp_path / "proj")
    (project / "notes").mkdir()
    (project / "notes" / "todo.txt").write_text("keep me")
    monkeypatch.chdir(project)
    assert main(["build", "--site", "notes"]) == 2
    assert "not an earlier output of `briefing build`" in caplog.text
    assert (project / "notes" / "todo.txt").read_text() == "keep me"


@pytest.mark.parametrize("out", ["content", ".", "content/pages", "{sample_dir}"])
def test_split_refuses_an_output_that_would_destroy_inputs(tmp_path, monkeypatch, caplog, out):
    project = _project(tmp_path / "proj")
    monkeypatch.chdir(project)
    digest = project / "content" / SAMPLE.name
    before = _tree(project)
    out = out.format(sample_dir=digest.parent)
    assert main(["split", str(digest), "--out", out]) == 2
    assert "--out" in caplog.text
    assert _tree(project) == before


def test_a_forked_child_holds_the_stop_signals_until_it_has_its_own_handlers():
    """A SIGTERM that reaches a child before `forked_child` (multiprocessing terminates its
    daemon children at exit) waits, then stops it quietly: the parent's handler never runs in it."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    received, sent = ctx.Pipe(duplex=False)

    def target(conn) -> None:
        conn.send(signal.SIGTERM in signal.pthread_sigmask(signal.SIG_BLOCK, []))
        os.kill(os.getpid(), signal.SIGTERM)  # held: nothing happens yet
        conn.send("still here")
        guard.forked_child()  # let through: the default action stops the child
        conn.send("not reached")

    def handler(*_) -> None:
        raise RuntimeError("the parent's handler ran")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        with guard.signals_held():
            child = ctx.Process(target=target, args=(sent,))
            child.start()
        assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])  # the parent's are back
        sent.close()
        child.join(10)
        got = []
        while received.poll(1):
            try:
                got.append(received.recv())
            except EOFError:
                break
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert got == [True, "still here"]
    assert child.exitcode == -signal.SIGTERM
