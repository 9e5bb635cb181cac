"""Building the site: gather everything, then write; MkDocs per language, then search.

Steps (each timed, for the benchmark): process the content (read, split, metadata, ids);
generate the pages; run MkDocs for zh (site root) and en (en/) on the index pages and one
"shell" page per URL depth; pour the generated entry, month, tag and glossary pages into
those shells; write the feed, sitemap and manifests; meanwhile, in a thread, build the
search index; and only then swap the finished site into place. A failure at any step
leaves the previous site/ untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import cache, guard
from .errors import BuildError
from .i18n import LABELS, LANGS
from .pages import write_tree
from .pipeline import LOCK_NAME, Archive, find_digests, process, write_lock
from .site import EMPTY_SITEMAP, FEED_PATH, SHELL_CONTENT, SHELL_TITLE, Poured, all_languages, esc, feed_xml, manifest, shell_url, url_depth

log = logging.getLogger(__name__)

NAV = {
    "zh": [{"首页": "index.md"}, {"归档": "archive/index.md"}, {"标签": "tags/index.md"},
           {"中英对照": "glossary/index.md"}, {"搜索": "search/index.md"}],
    "en": [{"Home": "index.md"}, {"Archive": "archive/index.md"}, {"Tags": "tags/index.md"},
           {"Glossary": "glossary/index.md"}, {"Search": "search/index.md"}],
}


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


def _config(lang: str, base_config: Path, docs: Path, out: Path, workdir: Path, site_url: str = "") -> Path:
    """A generated MkDocs config that inherits the user's mkdocs.yml and sets one language."""
    labels = LABELS[lang]
    data = {
        "INHERIT": os.path.relpath(base_config, workdir),
        "docs_dir": os.path.relpath(docs, workdir),
        "site_dir": os.path.relpath(out, workdir),
        # paths in an inherited config are relative to the child: point back at the overrides
        "theme": {"language": lang, "custom_dir": os.path.relpath(base_config.parent / "site_overrides", workdir)},
        "nav": NAV[lang],
        "extra": {
            "lang": lang,
            "labels": labels,
            "site_root_rel": "" if lang == "zh" else "../",
            "other_prefix": "en/" if lang == "zh" else "../",
            # true (not a list): Material then includes partials/alternate.html (our same-page
            # language link) without emitting <link rel=alternate> tags its script would follow
            "alternate": True,
        },
    }
    if lang == "en":
        data["site_name"] = labels["site_name"]
        if site_url:  # canonical links, the sitemap and en/404.html's links live under en/
            data["site_url"] = site_url.rstrip("/") + "/en/"
    path = workdir / f"mkdocs.{lang}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


MEMO_NAME = cache.CACHE_NAME


class _SearchThread(threading.Thread):
    """Builds the search index into its own folder while the main thread renders pages.

    The thread mostly waits on the Pagefind process, so the two stages share the machine's
    two cores. Its folder's contents are moved into the site once the pages are done.
    """

    def __init__(self, entries, out: Path, cache: Path, quiet: bool, glossary=None) -> None:
        super().__init__(name="briefing-search", daemon=True)
        self.entries, self.out, self.cache, self.quiet = entries, out, cache, quiet
        self.glossary = glossary
        self._stats: dict | None = None
        self._error: BaseException | None = None
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        self.start()

    def run(self) -> None:
        from .search import index_site

        try:
            self.cache.mkdir(parents=True, exist_ok=True)
            self._stats = index_site(self.entries, self.out, quiet=self.quiet, cache_dir=self.cache,
                                     glossary=self.glossary)
        except BaseException as exc:  # handed to the main thread by result()
            self._error = exc

    def result(self) -> dict:
        self.join()
        if self._error is not None:
            raise self._error
        return self._stats or {}


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


def _drop_unused_theme_files(out: Path) -> None:
    """Material ships its own search (lunr, a worker) and source maps: unused here, 1.2 MB a language."""
    assets = out / "assets" / "javascripts"
    shutil.rmtree(assets / "lunr", ignore_errors=True)
    shutil.rmtree(assets / "workers", ignore_errors=True)
    for f in [*assets.glob("*.map"), *(out / "assets" / "stylesheets").glob("*.map")]:
        f.unlink()


def _base_site_url(config: Path) -> str:
    """site_url of the user's mkdocs.yml, read the way MkDocs reads it (it may hold !!python tags)."""
    from mkdocs.utils.yaml import yaml_load

    with config.open(encoding="utf-8") as f:
        data = yaml_load(f) or {}
    return str(data.get("site_url") or "")


def _run_mkdocs(config_file: Path) -> str:
    """Build one language with MkDocs; returns the configured site_url."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8's banner on every build
    try:
        cfg = load_config(config_file=str(config_file))
        build(cfg)
        return cfg.site_url or ""
    except MkDocsException as exc:
        raise BuildError(f"MkDocs failed: {exc}", config_file) from None
    except SystemExit as exc:  # mkdocs' Abort in strict mode
        raise BuildError(f"MkDocs aborted (warnings in strict mode): {exc}", config_file) from None


def pour(pages: Sequence[Poured], out: Path) -> int:
    """Write each poured page into the MkDocs-rendered shell of its URL depth, then drop the shells.

    All pages at one depth share the shell's relative links; only the title, the page's own
    URL (language switch, canonical link) and the article differ.
    """
    shells: dict[int, tuple[str, str, str]] = {}
    for depth in sorted({url_depth(p.url) for p in pages}):
        html = (out / shell_url(depth) / "index.html").read_text(encoding="utf-8")
        head, sep, tail = html.partition(SHELL_CONTENT)
        if not sep:
            raise BuildError("the shell template lost its content marker (site_overrides/shell.html)", out)
        shells[depth] = (head, tail, shell_url(depth))
    for p in pages:
        head, tail, url = shells[url_depth(p.url)]
        title = esc(p.title)
        dest = out / p.url / "index.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(head.replace(SHELL_TITLE, title).replace(url, p.url) + p.html
                        + tail.replace(SHELL_TITLE, title).replace(url, p.url), encoding="utf-8")
    shutil.rmtree(out / "_shell", ignore_errors=True)
    return len(pages)


def write_sitemap(out: Path, pages: Iterable[str], site_url: str, lang: str) -> None:
    """sitemap.xml (and .gz) for one language tree, in place of MkDocs' (which lists only its own pages)."""
    import gzip

    base = site_url.rstrip("/") + "/" + ("en/" if lang == "en" else "")
    urls = sorted({"" if d == "index.md" else d[: -len("index.md")] if d.endswith("index.md") else p
                   for d in pages for p in [d]})
    body = "".join(f"<url><loc>{esc(base + u)}</loc></url>\n" for u in urls)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           f"{body}</urlset>\n")
    (out / "sitemap.xml").write_text(xml, encoding="utf-8")
    (out / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))


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

    sources = find_digests(content_dir)
    if not sources:
        raise BuildError("no digests (*.txt, *.md) in the content folder", content_dir)
    if progress:
        sys.stderr.write(f"[build] {len(sources)} digests: split, metadata, ids …\n")
    memo = _load_memo(workdir / MEMO_NAME)
    archive = process(sources, content_dir, as_of, timings=t.stages, memo=memo)
    if progress:
        sys.stderr.write(f"[build] {len(archive.entries)} entries: " + ", ".join(
            f"{k} {v:.2f} s" for k, v in t.stages.items()) + "\n")
    # The search index depends only on the entries: Pagefind runs in its own process on the
    # other core while this one renders the pages (see _SearchThread).
    searcher = (_SearchThread(archive.entries, tmp / "search-out", workdir / "search-cache", quiet=not progress,
                              glossary=archive.glossary)
                if search else None)
    try:
        with t.stage("pages", progress):
            trees = all_languages(archive.entries)
            for lang in LANGS:
                write_tree(trees[lang].docs, tmp / f"docs-{lang}")
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))  # same filesystem
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from the web server's user
        epoch = source_date_epoch(archive)
        old_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        try:
            with t.stage("mkdocs", progress):
                site_url = _base_site_url(config)
                for lang in LANGS:
                    out = staging if lang == "zh" else staging / "en"
                    _run_mkdocs(_config(lang, config, tmp / f"docs-{lang}", out, tmp, site_url))
            with t.stage("pour", progress):
                for lang in LANGS:
                    out = staging if lang == "zh" else staging / "en"
                    pour(trees[lang].poured, out)
                    write_sitemap(out, [*(d for d, _ in trees[lang].docs if not d.startswith("_shell/")),
                                        *(p.url for p in trees[lang].poured)], site_url, lang)
            with t.stage("feed+manifest", progress):
                (staging / "entries.json").write_text(manifest(archive.entries), encoding="utf-8")
                (staging / "glossary.json").write_text(glossary_json(archive), encoding="utf-8")
                for lang in LANGS:
                    out = staging if lang == "zh" else staging / "en"
                    feed = out / FEED_PATH
                    feed.parent.mkdir(parents=True, exist_ok=True)
                    feed.write_text(feed_xml(archive.entries, lang, site_url), encoding="utf-8")
                    (feed.parent / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")
                    _drop_unused_theme_files(out)
            stats: dict = {}
            if searcher:
                with t.stage("search (wait)", progress):
                    stats = searcher.result()
                    t.stages["search (own)"] = stats.get("seconds", 0.0)
                    for item in sorted(searcher.out.iterdir()):
                        os.replace(item, staging / item.name)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            if old_epoch is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = old_epoch
    except BaseException:
        guard.kill_children()  # do not wait for Pagefind to finish a build that failed
        raise
    finally:
        if searcher:
            searcher.join()
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
    return {"entries": len(archive.entries), "stages": t.stages, "search": stats}


def serve_site(content_dir: Path, site_dir: Path, *, as_of: Mapping[str, dt.date] | None = None, port: int = 8000) -> None:
    """Build, serve site/ on localhost, and rebuild when content/ or the theme changes."""
    import functools
    import http.server
    import threading

    def snapshot() -> dict[str, float]:
        root = Path.cwd()
        paths = [*Path(content_dir).rglob("*"), *(root / "site_overrides").rglob("*"), root / "mkdocs.yml"]
        return {str(p): p.stat().st_mtime for p in paths if p.is_file()}

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir.resolve()))
    try:  # the port first: a busy one fails at once, not after a build
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise BuildError(f"cannot serve on 127.0.0.1:{port} ({exc.strerror}): use another port (--port)", site_dir) from None
    try:
        build_site(content_dir, site_dir, as_of=as_of)
    except BaseException:
        server.server_close()
        raise
    threading.Thread(target=server.serve_forever, daemon=True).start()
    log.info("serving %s at http://127.0.0.1:%d/ (Ctrl-C to stop)", site_dir, port)
    seen = snapshot()
    try:
        while True:
            time.sleep(1.0)
            now = snapshot()
            if now != seen:
                seen = now
                try:
                    build_site(content_dir, site_dir, as_of=as_of)
                except Exception as exc:  # keep serving the previous site
                    log.error("rebuild failed: %s", exc)
    except KeyboardInterrupt:
        server.shutdown()
