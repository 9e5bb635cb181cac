"""Generated files and pages: the archive's `SitePage`s as MkDocs `File`s and `Page`s.

A `GeneratedFile` is a virtual file in the docs folder whose Markdown (front matter and body,
generator.site.SitePage.markdown) is made only when something reads it: MkDocs itself never
does, because a `BriefingPage` reads its source from the page data directly, without parsing
the YAML it would otherwise write and read back for every page.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as meta_parser

from ...site import SitePage

log = logging.getLogger(__name__)

HIDE = ["navigation", "toc"]  # generated pages have no sidebar: the tabs are the navigation


class GeneratedFile(File):
    """A page's file, pretending to be docs/<src_uri>; its content made on demand."""

    def __init__(self, site_page: SitePage, config: MkDocsConfig) -> None:
        inclusion = InclusionLevel.INCLUDED if site_page.in_nav else InclusionLevel.NOT_IN_NAV
        super().__init__(site_page.src_uri, src_dir=None, dest_dir=config.site_dir,
                         use_directory_urls=config.use_directory_urls, inclusion=inclusion)
        self.generated_by = "briefing"
        self.abs_src_path = None
        self.site_page = site_page
        self._replaced: str | bytes | None = None

    @property  # File reads and writes `_content`: made here, unless something replaced it
    def _content(self) -> str | bytes:
        return self.site_page.markdown() if self._replaced is None else self._replaced

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._replaced = value

    def is_modified(self) -> bool:
        return True


class BriefingPage(Page):
    """A generated page: entry, list, index, glossary or search page.

    `site_page` holds what its template lays out (`page.site_page.data` in site_overrides/).
    `shared_chrome` is true for pages outside the navigation: their theme blocks that do not
    depend on the page (tabs, sidebar, footer, scripts) are the same for every such page at
    one depth, and the templates render them once per depth.
    """

    def __init__(self, site_page: SitePage, file: GeneratedFile, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.site_page = site_page
        self.shared_chrome = not site_page.in_nav

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is not None:  # another plugin supplies this page's source: read it as MkDocs would
            self.markdown, self.meta = meta_parser.get_data(source)
        else:
            sp = self.site_page
            self.markdown = sp.body
            self.meta = {"title": sp.title, **sp.meta}
        self.meta.setdefault("template", self.site_page.template)
        self.meta.setdefault("hide", list(HIDE))
