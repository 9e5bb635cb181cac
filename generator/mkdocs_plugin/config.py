"""Settings of the `briefing` plugin (mkdocs.yml: `plugins: - briefing: {…}`)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..i18n import LANGS


class BriefingConfig(Config):
    enabled = c.Type(bool, default=True)

    # Settings for content: the digests and the editor's files, relative to mkdocs.yml
    content_dir = c.Type(str, default="content")
    content_as_of = c.Optional(c.Type(str))  # the digests' issue date (YYYY-MM-DD), for day-only dates
    cache_dir = c.Type(str, default="build")  # the pipeline's cache, configs of other languages

    # Settings for languages: the first at the site root, each other one under its code (en/)
    languages = c.ListOfItems(c.Choice(LANGS), default=list(LANGS))
    languages_parallel = c.Type(bool, default=True)  # build the other languages in forked processes

    # Settings for lists (home, months, tags, digests)
    home_latest = c.Type(int, default=30)
    pagination_per_page = c.Type(int, default=250)

    # Settings for entries
    entry_related = c.Type(int, default=5)

    # Settings for outputs beside the pages (site root: entries.json, glossary.json, search-index/)
    feed_size = c.Type(int, default=50)
    search = c.Type(bool, default=True)
    # the index in a forked process (the default: its Python work runs beside the renders instead
    # of sharing their interpreter lock), or in a thread of the first language's run (slower)
    search_process = c.Type(bool, default=True)

    # Settings for export: also write the generated Markdown pages to <export_dir>/<lang>/
    # (plain Markdown with YAML front matter, e.g. for another engine; see README, Zensical)
    export_dir = c.Optional(c.Type(str))
