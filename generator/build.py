"""Building the site: gather everything, then let MkDocs render it, then swap it into place.

`build_site` is the one command's frame: gather the archive (read, split, metadata, ids:
generator.pipeline, cached in build/cache.json), run MkDocs on the user's mkdocs.yml into
a staging folder, and only then swap the finished site into place. MkDocs renders every page
through the `briefing` plugin (generator.mkdocs_plugin), which also builds the other language,
the feed, the manifests and the search index. A failure at any step leaves the previous site/
untouched. `mkdocs build` and `mkdocs serve` run the same plugin, which then gathers by itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, guard
from .errors import BuildError
from .pipeline import LOCK_NAME, Archive, find_digests, process, write_lock

log = logging.getLogger(__name__)

@dataclass
class Timings:
    stages: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def stage(self, name: str, progress: bool) -> Iterator[None]:
        start = time.perf_counter()
        if progress:
            sys.stderr.write(f"[build] {name} …\n")
        yield
        self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start
        if progress:
            sys.stderr.write(f"[build] {name}: {self.stages[name]:.2f} s\n")


MEMO_NAME = cache.CACHE_NAME


class _Memo(dict):
    """The pipeline's memo, remembering which keys this run used so that stale ones are dropped."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.used: set[str] = set()
        self.loaded = frozenset(self)  # what the cache file holds: a run that adds and drops nothing skips the write

    def get(self, key, default=None):
        self.used.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.used.add(key)
        return super().__getitem__(key)

    def __setitem__(self, key, value) -> None:
        self.used.add(key)
        super().__setitem__(key, value)

    def __contains__(self, key) -> bool:
        self.used.add(key)
        return super().__contains__(key)

    def setdefault(self, key, default=None):
        self.used.add(key)
        return super().setdefault(key, default)


def _load_memo(path: Path) -> _Memo:
    """Results of the previous build (a JSON cache: anything unreadable is discarded with a warning)."""
    return _Memo(cache.load(path))


def _save_memo(memo: _Memo, path: Path) -> None:
    if memo.used == memo.loaded == set(memo) and path.is_file():
        return  # nothing changed (at 10,000 entries the write is 124 MB, 4.6 s)
    cache.save({k: v for k, v in dict.items(memo) if k in memo.used}, path)


def glossary_json(archive: Archive) -> str:
    """site/glossary.json: every name (Chinese, English, other forms) with the entries that mention it."""
    import json

    from .entities import glossary_data

    rows = glossary_data(archive.glossary, {e.id: e for e in archive.entries})
    return json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def source_date_epoch(archive: Archive) -> int:
    """SOURCE_DATE_EPOCH as given, or the newest entry's date: never the build moment."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    dates = [e.date.value for e in archive.entries if e.date.value]
    newest = max(dates) if dates else dt.date(1970, 1, 1)
    return int(dt.datetime.combine(newest, dt.time(), tzinfo=dt.timezone.utc).timestamp())


@dataclass
class Gathered:
    """The archive of one build and what it needs written once the build has succeeded."""

    content_dir: Path
    workdir: Path  # the project's cache (build/): the pipeline's cache
    archive: Archive
    memo: _Memo
    timings: dict[str, float]
    tmp: Path  # this build's own temporary folder (the search index's output, other languages' configs)

    def commit(self) -> None:
        """Keep the permanent ids (content/ids.lock.json) and the cache for the next build
        (`mkdocs build`; `briefing build` does it around the swap)."""
        write_lock(self.archive.lock, self.content_dir / LOCK_NAME)
        _save_memo(self.memo, self.workdir / MEMO_NAME)
        for w in self.archive.warnings:
            log.warning("%s", w)


def gather(content_dir: Path, workdir: Path, as_of: Mapping[str, dt.date] | dt.date | None = None,
           timings: dict[str, float] | None = None, progress: bool = False, tmp: Path | None = None) -> Gathered:
    """Read, split, describe and id every digest of the content folder (generator.pipeline)."""
    content_dir, workdir = Path(content_dir), Path(workdir)
    timings = timings if timings is not None else {}
    sources = find_digests(content_dir)
    if not sources:
        raise BuildError("no digests (*.txt, *.md) in the content folder", content_dir)
    if progress:
        sys.stderr.write(f"[build] {len(sources)} digests: split, metadata, ids …\n")
    workdir.mkdir(parents=True, exist_ok=True)
    memo = _load_memo(workdir / MEMO_NAME)
    archive = process(sources, content_dir, as_of, timings=timings, memo=memo)
    if progress:
        sys.stderr.write(f"[build] {len(archive.entries)} entries: " + ", ".join(
            f"{k} {v:.2f} s" for k, v in timings.items()) + "\n")
    return Gathered(content_dir, workdir, archive, memo, timings, tmp or workdir)


def _docs_dir(config_file: Path) -> Path:
    """docs_dir of the user's mkdocs.yml, read the way MkDocs reads it (it may hold !!python tags)."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open(encoding="utf-8") as f:
        data = yaml_load(f) or {}
    return config_file.parent / str(data.get("docs_dir") or "docs")


def _run_mkdocs(config_file: Path, site_dir: Path, gathered: Gathered, *, search: bool, quiet: bool) -> dict:
    """Build every language with MkDocs and the briefing plugin into site_dir; the plugin's stats."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8's banner on every build
    overrides = {"site_dir": str(site_dir)}
    if not _docs_dir(config_file).is_dir():  # no pages of the user's own: an empty docs folder
        overrides["docs_dir"] = str(gathered.tmp / "docs")
        (gathered.tmp / "docs").mkdir(parents=True, exist_ok=True)
    try:
        cfg = load_config(config_file=str(config_file), **overrides)
        plugin = cfg.plugins.get("briefing")
        if plugin is None:
            raise BuildError("mkdocs.yml does not enable the briefing plugin (plugins: [briefing])", config_file)
        plugin.use(gathered, search=search, quiet=quiet)
        try:
            build(cfg)
        except BaseException:  # MkDocs calls on_build_error for an Exception only: an interrupt too
            plugin.stop()
            raise
        return plugin.stats
    except MkDocsException as exc:
        raise BuildError(f"MkDocs failed: {exc}", config_file) from None
    except SystemExit as exc:  # mkdocs' Abort in strict mode
        raise BuildError(f"MkDocs aborted (warnings in strict mode): {exc}", config_file) from None


def build_site(content_dir: Path, site_dir: Path, *, as_of: Mapping[str, dt.date] | None = None, progress: bool | None = None,
               config: Path | None = None, workdir: Path | None = None, search: bool = True) -> dict:
    """Build the whole site into site_dir. Returns timings and counts."""
    progress = sys.stderr.isatty() if progress is None else progress
    config = (config or Path.cwd() / "mkdocs.yml").resolve()
    if config.is_dir():
        raise BuildError("is a folder, not MkDocs' configuration file: remove or rename it", config)
    if not config.is_file():
        raise BuildError("no mkdocs.yml: run `briefing build` in the project's folder", config)
    site_dir = site_dir.absolute().resolve()
    workdir = (workdir or config.parent / "build").absolute().resolve()
    guard.check_output(site_dir, "--site", content=Path(content_dir), root=config.parent, kind="site",
                       inputs=[config, config.parent / "site_overrides", workdir])
    # one build at a time per project; private temporary folders; cleanup on any exit or signal
    with guard.interruptible(), guard.project_lock(workdir):
        guard.sweep(workdir, site_dir)
        try:
            with guard.temp_dir(workdir) as tmp:
                return _build_locked(content_dir, site_dir, as_of, progress, config, workdir, tmp, search)
        finally:  # a staging folder an interrupt caught between two steps (the old site's `rm` runs on)
            guard.sweep(workdir, site_dir, old=False)


def _build_locked(content_dir: Path, site_dir: Path, as_of: dt.date | None, progress: bool, config: Path,
                  workdir: Path, tmp: Path, search: bool) -> dict:
    """build_site under the project's lock; `tmp` is this build's own temporary folder."""
    t = Timings()
    gathered = gather(content_dir, workdir, as_of, t.stages, progress, tmp)
    archive, memo = gathered.archive, gathered.memo
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))  # same filesystem
    staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from the web server's user
    try:
        with t.stage("mkdocs", progress):
            stats = _run_mkdocs(config, staging, gathered, search=search, quiet=not progress)
    except BaseException:
        guard.kill_children()  # do not wait for a child to finish a build that failed
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with t.stage("swap", progress):
        # the lock first: a published site never names an id the lock lacks
        write_lock(archive.lock, Path(content_dir) / LOCK_NAME)
        try:
            guard.swap_dir(staging, site_dir)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise BuildError(f"cannot put the new site in place ({exc.strerror}); the previous site is kept: "
                             "check the folder's permissions and free space", site_dir) from None
        try:
            _save_memo(memo, workdir / MEMO_NAME)
        except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM after the swap: the new site is in place
            exc.published = True  # type: ignore[attr-defined]
            raise
    for w in archive.warnings:
        log.warning("%s", w)
    log.info("built %d entries into %s in %.1f s", len(archive.entries), site_dir, sum(t.stages.values()))
    return {"entries": len(archive.entries), "stages": t.stages, "search": stats.get("search", {})}


def serve_site(content_dir: Path, *, as_of: Mapping[str, dt.date] | None = None, port: int = 8000,
               config: Path | None = None) -> None:
    """`mkdocs serve` with live reload: rebuilds when content/, mkdocs.yml or docs/ change.

    The plugin reads the content folder from its settings (`content_dir`, `content_as_of`):
    a --content or --as-of other than mkdocs.yml's is passed on through the environment.
    """
    from mkdocs.commands.serve import serve

    config = (config or Path.cwd() / "mkdocs.yml").resolve()
    if not config.is_file():
        raise BuildError("no mkdocs.yml: run `briefing serve` in the project's folder", config)
    import socket

    try:  # the port first: a busy one fails at once, not after a build
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))
    except OSError as exc:
        raise BuildError(f"cannot serve on 127.0.0.1:{port} ({exc.strerror}): use another port (--port)", config) from None
    overrides = {}
    if not _docs_dir(config).is_dir():  # no pages of the user's own: an empty docs folder
        overrides["docs_dir"] = tempfile.mkdtemp(prefix="briefing-docs-")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ["BRIEFING_CONTENT_DIR"] = str(Path(content_dir).resolve())
    if as_of:  # {digest: date}, as the plugin reads it back
        import json

        os.environ["BRIEFING_AS_OF"] = json.dumps({k: v.isoformat() for k, v in as_of.items()})
    serve(config_file=str(config), dev_addr=f"127.0.0.1:{port}", livereload=True, **overrides)
