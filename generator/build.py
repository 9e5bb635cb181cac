"""Building the site: gather everything, then let MkDocs render it, then swap it into place.

`build_site` is the one command's frame: gather the archive (read, split, metadata, ids:
generator.pipeline, cached in build/cache.pickle), run MkDocs on the user's mkdocs.yml into
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
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError
from .pages import replace_dir
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


MEMO_NAME = "cache.pickle"


class _Memo(dict):
    """The pipeline's memo, remembering which keys this run used so that stale ones are dropped."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.used: set[str] = set()

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
    """Results of the previous build (a cache: anything unreadable is simply rebuilt)."""
    import pickle

    try:
        with path.open("rb") as f:
            data = pickle.load(f)
        return _Memo(data if isinstance(data, dict) else {})
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return _Memo()


def _save_memo(memo: _Memo, path: Path) -> None:
    import pickle

    kept = {k: v for k, v in dict.items(memo) if k in memo.used}
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        pickle.dump(kept, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


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
    workdir: Path
    archive: Archive
    memo: _Memo
    timings: dict[str, float]

    def commit(self) -> None:
        """Keep the permanent ids (content/ids.lock.json) and the cache for the next build."""
        write_lock(self.archive.lock, self.content_dir / LOCK_NAME)
        _save_memo(self.memo, self.workdir / MEMO_NAME)
        for w in self.archive.warnings:
            log.warning("%s", w)


def gather(content_dir: Path, workdir: Path, as_of: dt.date | None = None,
           timings: dict[str, float] | None = None, progress: bool = False) -> Gathered:
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
    return Gathered(content_dir, workdir, archive, memo, timings)


def _run_mkdocs(config_file: Path, site_dir: Path, gathered: Gathered, *, search: bool, quiet: bool) -> dict:
    """Build every language with MkDocs and the briefing plugin into site_dir; the plugin's stats."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8's banner on every build
    try:
        cfg = load_config(config_file=str(config_file), site_dir=str(site_dir))
        plugin = cfg.plugins.get("briefing")
        if plugin is None:
            raise BuildError("mkdocs.yml does not enable the briefing plugin (plugins: [briefing])", config_file)
        plugin.use(gathered, search=search, quiet=quiet)
        build(cfg)
        return plugin.stats
    except MkDocsException as exc:
        raise BuildError(f"MkDocs failed: {exc}", config_file) from None
    except SystemExit as exc:  # mkdocs' Abort in strict mode
        raise BuildError(f"MkDocs aborted (warnings in strict mode): {exc}", config_file) from None


def build_site(content_dir: Path, site_dir: Path, *, as_of: dt.date | None = None, progress: bool | None = None,
               config: Path | None = None, workdir: Path | None = None, search: bool = True) -> dict:
    """Build the whole site into site_dir. Returns timings and counts."""
    progress = sys.stderr.isatty() if progress is None else progress
    config = (config or Path.cwd() / "mkdocs.yml").resolve()
    if not config.is_file():
        raise BuildError("no mkdocs.yml: run `briefing build` in the project's folder", config)
    site_dir = site_dir.resolve()
    workdir = (workdir or config.parent / "build").resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    t = Timings()

    gathered = gather(content_dir, workdir, as_of, t.stages, progress)
    staging = site_dir.with_name(f".{site_dir.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with t.stage("mkdocs", progress):
            stats = _run_mkdocs(config, staging, gathered, search=search, quiet=not progress)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with t.stage("swap", progress):
        replace_dir(staging, site_dir)
        gathered.commit()
    log.info("built %d entries into %s in %.1f s", len(gathered.archive.entries), site_dir, sum(t.stages.values()))
    return {"entries": len(gathered.archive.entries), "stages": t.stages, "search": stats.get("search", {})}


def serve_site(content_dir: Path, *, as_of: dt.date | None = None, port: int = 8000,
               config: Path | None = None) -> None:
    """`mkdocs serve` with live reload: rebuilds when content/, mkdocs.yml or docs/ change.

    The plugin reads the content folder from its settings (`content_dir`, `content_as_of`):
    a --content or --as-of other than mkdocs.yml's is passed on through the environment.
    """
    from mkdocs.commands.serve import serve

    config = (config or Path.cwd() / "mkdocs.yml").resolve()
    if not config.is_file():
        raise BuildError("no mkdocs.yml: run `briefing serve` in the project's folder", config)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ["BRIEFING_CONTENT_DIR"] = str(Path(content_dir).resolve())
    if as_of:
        os.environ["BRIEFING_AS_OF"] = as_of.isoformat()
    serve(config_file=str(config), dev_addr=f"127.0.0.1:{port}", livereload=True)
