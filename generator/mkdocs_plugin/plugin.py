"""The `briefing` MkDocs plugin: every page of the archive rendered by MkDocs.

Events, in the order MkDocs calls them:

- `on_config`: the language of this run (theme.language), its labels in `extra`, the
  navigation (five index pages) unless mkdocs.yml has one.
- `on_pre_build`: gather the archive (unless `briefing build` handed it over with `use`),
  link it (previous/next, related, tags), make this language's pages (generator.site), and
  in the first language's run start the search index (indexing.py: a forked process).
- `on_files`: start the other languages' builds (languages.py); add every page as a
  generated file (structure.GeneratedFile) with its page (structure.BriefingPage): the five
  index pages in the navigation, entries, months, tags, digests and glossary tables not.
- `on_env`: the template filters (dates and titles in the page's language) and the cache of
  theme blocks shared by pages outside the navigation.
- `on_post_page`: drop a rendered page's HTML (memory stays flat over 10,000 pages).
- `on_post_build`: feed, manifests (entries.json, glossary.json), theme files the site does
  not use; wait for the search index and the other languages.
- `on_serve`: watch the content folder.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from ..errors import BriefingError
from ..i18n import FAMILY_NAMES, LABELS, format_date, format_issue, format_list_date
from ..site import EMPTY_SITEMAP, FEED_PATH, Links, SitePage, feed_xml, link_entries, manifest, site_pages, title_in
from .config import BriefingConfig
from .indexing import SearchIndexing
from .languages import LanguageBuilds, language_config
from .structure import BriefingPage, GeneratedFile, Renderer

log = logging.getLogger("mkdocs.plugins.briefing")

NAV_PAGES = ("index.md", "archive/index.md", "tags/index.md", "glossary/index.md", "search/index.md")
NAV_LABELS = ("home", "archive", "tags", "glossary", "search")


@dataclass(frozen=True)
class Shared:
    """What the first language's run hands to the other languages' runs (by fork)."""

    gathered: object  # generator.build.Gathered
    links: Links
    root: Path  # the project folder (of the user's mkdocs.yml)


class BriefingPlugin(BasePlugin[BriefingConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.gathered = None  # generator.build.Gathered, when briefing build hands it over
        self.shared: Shared | None = None  # set in the other languages' runs
        self.search = True
        self.quiet = True
        self.stats: dict = {}
        self.pages: list[SitePage] = []
        self.timings: dict[str, float] = {}
        self.handed = False  # the archive was handed over (use, share): else gathered anew on every build

    # ------------------------------------------------------------------ handing over
    def use(self, gathered, *, search: bool = True, quiet: bool = True) -> None:
        """Build from an archive gathered by the caller (`briefing build`), which also keeps
        the ids and the cache once the site is in place."""
        self.gathered, self.search, self.quiet = gathered, search, quiet
        self.timings = gathered.timings
        self.handed = True

    def share(self, shared: Shared) -> None:
        """Build another language from the first language's archive and links."""
        self.shared = shared
        self.gathered = shared.gathered
        self.handed = True

    # ------------------------------------------------------------------ events
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.lang = config.theme["language"]
        if self.lang not in self.config.languages:
            raise PluginError(f"{config.config_file_path}: theme.language '{self.lang}' is not one of the briefing "
                              f"plugin's languages {self.config.languages}")
        self.primary = self.shared is None and self.lang == self.config.languages[0]
        if self.shared is None and not self.primary:
            raise PluginError(f"{config.config_file_path}: the first of the briefing plugin's languages "
                              f"({self.config.languages[0]}) must be theme.language")
        self.root = self.shared.root if self.shared else Path(config.config_file_path).parent
        first = self.config.languages[0]
        other = next((x for x in self.config.languages if x != self.lang), self.lang)
        labels = LABELS[self.lang]
        extra = {
            "lang": self.lang,
            "labels": labels,
            "site_root_rel": "" if self.lang == first else "../",
            "other_prefix": (f"{other}/" if self.lang == first else "../" if other == first else f"../{other}/"),
            # true (not a list): Material then includes partials/alternate.html (our same-page
            # language link) without emitting <link rel=alternate> tags its script would follow
            "alternate": True,
        }
        for key, value in extra.items():
            if key not in config.extra:
                config.extra[key] = value
        if config.nav is None:
            config.nav = [{labels[label]: path} for label, path in zip(NAV_LABELS, NAV_PAGES)]
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self._old_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        self.languages: LanguageBuilds | None = None
        self.searcher = None
        try:
            if not self.handed:  # mkdocs build, and every rebuild of mkdocs serve (same plugin instance)
                self.gathered = self._gather(config)
            archive = self.gathered.archive
            start = time.perf_counter()
            links = self.shared.links if self.shared else link_entries(archive.entries, self.config.entry_related)
            if self.primary and self.search and self.config.search:
                # then at once: the index is the longest step (and lists each entry's related entries)
                self.searcher = SearchIndexing(archive.entries, self.gathered.tmp / "search-out", quiet=self.quiet,
                                               glossary=archive.glossary, fork=self.config.search_process,
                                               related=links.related_ids())
            self.pages = site_pages(archive.entries, self.lang, links, per_page=self.config.pagination_per_page,
                                    latest=self.config.home_latest)
            self._time("pages", start)
            if self.primary:
                from ..build import source_date_epoch

                # page dates and the sitemap's come from the archive, never from the build moment
                os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch(archive)))
                others = [x for x in self.config.languages if x != self.lang]
                self.languages = LanguageBuilds([language_config(config, x, self.gathered.tmp) for x in others],
                                                Shared(self.gathered, links, self.root), self.config.languages_parallel)
        except BriefingError as exc:
            raise PluginError(str(exc)) from None

    # Run before other plugins' on_files, so that they see the generated pages too
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        if self.languages is not None:
            # forked now: MkDocs has cleaned site_dir (the other languages live in it)
            self.languages.start()
        start = time.perf_counter()
        renderer = Renderer(config, files)
        for sp in self.pages:
            if files.get_file_from_path(sp.src_uri) is not None:
                log.info("docs/%s replaces the generated page", sp.src_uri)
                continue
            file = GeneratedFile(sp, config)
            BriefingPage(sp, file, config, renderer)
            files.append(file)
        if self.config.export_dir:
            self._export(Path(self.root, self.config.export_dir) / self.lang)
        self._time("files", start)
        return files

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if not self.config.enabled:
            return env
        lang = self.lang
        fragments: dict[tuple, str] = {}

        def cached(*key, caller: Callable[[], str]) -> str:
            """A theme block rendered once per key: {% call briefing_cached("tabs", base_url) %}."""
            html = fragments.get(key)
            if html is None:
                html = fragments[key] = caller()
            return html

        env.globals["briefing_cached"] = cached
        env.globals["briefing_labels"] = LABELS
        env.globals["briefing_families"] = FAMILY_NAMES[lang]
        env.filters["briefing_date"] = lambda info: format_date(info, lang)
        # an entry's date in a list: (text, note); an undated entry's is its digest's issue date
        env.filters["briefing_list_date"] = lambda entry: format_list_date(entry.date, entry.issue, lang)
        env.filters["briefing_issue"] = lambda day: format_issue(day, lang)
        env.filters["briefing_other_title"] = lambda entry: (entry.title if lang == "en" else entry.title_en) or ""
        env.filters["briefing_title"] = lambda entry: title_in(entry, lang)
        env.filters["briefing_label"] = lambda tag: tag.zh if lang == "zh" else tag.en
        env.filters["briefing_other_label"] = lambda tag: tag.en if lang == "zh" else tag.zh
        return env

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        if isinstance(page, BriefingPage) and page.shared_chrome:
            page.release()  # written: its HTML, Markdown and front matter are not held for 10,000 pages
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        start = time.perf_counter()
        out = Path(config.site_dir)
        archive = self.gathered.archive
        feed = out / FEED_PATH
        feed.parent.mkdir(parents=True, exist_ok=True)
        feed.write_text(feed_xml(archive.entries, self.lang, self._site_url(config), self.config.feed_size),
                        encoding="utf-8")
        (feed.parent / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")
        _drop_unused_theme_files(out)
        if self.primary:
            from ..build import glossary_json

            (out / "entries.json").write_text(manifest(archive.entries), encoding="utf-8")
            (out / "glossary.json").write_text(glossary_json(archive), encoding="utf-8")
        self._time("feed+manifest", start)
        if not self.primary:
            return
        try:
            start = time.perf_counter()
            if self.languages is not None:
                self.languages.wait()
            self._time("other languages (wait)", start)
            if self.searcher is not None:
                start = time.perf_counter()
                self.stats["search"] = self.searcher.result()
                self.timings["search (own)"] = self.stats["search"].get("seconds", 0.0)
                for item in sorted(self.searcher.out.iterdir()):
                    shutil.rmtree(out / item.name, ignore_errors=True)
                    os.replace(item, out / item.name)
                self._time("search (wait)", start)
        finally:
            self._restore_epoch()
        if not self.handed:
            self.gathered.commit()

    def on_build_error(self, *, error: Exception) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the other languages' runs and the search index (a failed or interrupted build)."""
        if getattr(self, "languages", None) is not None:
            self.languages.stop()
        if getattr(self, "searcher", None) is not None:
            self.searcher.stop()
        self._restore_epoch()

    def on_serve(self, server, *, config: MkDocsConfig, builder: Callable):
        if self.config.enabled:
            server.watch(str(self._content_dir()))
        return server

    # ------------------------------------------------------------------ helpers
    def _content_dir(self) -> Path:
        env = os.environ.get("BRIEFING_CONTENT_DIR")  # briefing serve --content
        return Path(env) if env else self.root / self.config.content_dir

    def _gather(self, config: MkDocsConfig):
        from ..build import gather

        as_of = self.config.content_as_of
        try:
            day = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise PluginError(f"{config.config_file_path}: content_as_of is not a date (YYYY-MM-DD): {as_of}") from None
        if os.environ.get("BRIEFING_AS_OF"):  # briefing serve --as-of DIGEST=YYYY-MM-DD
            day = {k: dt.date.fromisoformat(v) for k, v in json.loads(os.environ["BRIEFING_AS_OF"]).items()}
        self.timings = {}
        return gather(self._content_dir(), self.root / self.config.cache_dir, day, self.timings)

    def _export(self, folder: Path) -> None:
        from ..pages import write_tree

        count = write_tree(((sp.src_uri, sp.markdown()) for sp in self.pages), folder)
        log.info("%d generated pages written to %s", count, folder)

    def _site_url(self, config: MkDocsConfig) -> str:
        """The site's root URL (the feed's links): this language's site_url without its <lang>/."""
        url = config.site_url or ""
        if not self.primary and url.rstrip("/").endswith("/" + self.lang):
            url = url.rstrip("/")[: -len(self.lang)]
        return url

    def _restore_epoch(self) -> None:
        if not getattr(self, "primary", False) or not hasattr(self, "_old_epoch"):
            return
        if self._old_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self._old_epoch

    def _time(self, stage: str, start: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


def _drop_unused_theme_files(out: Path) -> None:
    """Material ships its own search (lunr, a worker) and source maps: unused here, 1.2 MB a language."""
    assets = out / "assets" / "javascripts"
    shutil.rmtree(assets / "lunr", ignore_errors=True)
    shutil.rmtree(assets / "workers", ignore_errors=True)
    for f in [*assets.glob("*.map"), *(out / "assets" / "stylesheets").glob("*.map")]:
        f.unlink()
