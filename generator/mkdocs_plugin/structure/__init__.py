"""Generated files and pages: the archive's `SitePage`s as MkDocs `File`s and `Page`s.

A `GeneratedFile` is a virtual file in the docs folder whose Markdown (front matter and body,
generator.site.SitePage.markdown) is made only when something reads it: MkDocs itself never
does, because a `BriefingPage` reads its source from the page data directly, without parsing
the YAML it would otherwise write and read back for every page. A `Renderer` converts the
Markdown of every generated page of a build with one Markdown instance (reset between
pages, as Python-Markdown provides for), with the same extensions and the same MkDocs
processors (links made relative and validated, anchors, title) as `Page.render`, which
builds a new instance, and all its extensions, for every page.
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
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
    depend on the page (tabs, sidebar, footer, scripts) are the same for every such page in
    one folder (`chrome_key`: relative links from e/abc/ and e/xyz/ to any other page are the
    same, those from archive/2023/ and tags/us/ are not), and the templates (main.html)
    render them once per folder.
    """

    def __init__(self, site_page: SitePage, file: GeneratedFile, config: MkDocsConfig,
                 renderer: Renderer | None = None) -> None:
        super().__init__(None, file, config)
        self.site_page = site_page
        self.shared_chrome = not site_page.in_nav
        self.chrome_key = site_page.url.rstrip("/").rpartition("/")[0]
        self.renderer = renderer

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.renderer is None:
            super().render(config, files)
        else:
            if self.markdown is None:
                raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
            self.renderer.render(self)

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is not None:  # another plugin supplies this page's source: read it as MkDocs would
            self.markdown, self.meta = meta_parser.get_data(source)
        else:
            self.markdown = self.site_page.text()
            self.meta = self.site_page.front_matter()
        self.meta.setdefault("template", self.site_page.template)
        self.meta.setdefault("hide", list(HIDE))

    def release(self) -> None:
        """Drop what only rendering needed, once the page is written: its HTML, its Markdown and
        its front matter but the title (the plugin's on_post_page; `site_page` can make them
        again). Anchors and links stay, for MkDocs' validation after the last page."""
        self.content = None
        self.markdown = ""
        self.meta = {"title": self.meta.get("title"), "template": self.site_page.template}


class Renderer:
    """Markdown for the generated pages of one build: one converter, reset between pages."""

    def __init__(self, config: MkDocsConfig, files: Files) -> None:
        self.md = markdown.Markdown(extensions=config["markdown_extensions"],
                                    extension_configs=config["mdx_configs"] or {})
        self.raw_html = mkdocs_pages._RawHTMLPreprocessor()
        self.raw_html._register(self.md)
        self.anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(None, files, config)
        self.anchors._register(self.md)
        self.links = mkdocs_pages._RelativePathTreeprocessor(None, files, config)
        self.links._register(self.md)
        self.title = mkdocs_pages._ExtractTitleTreeprocessor()
        self.title._register(self.md)

    def render(self, page: Page) -> None:
        md = self.md
        md.reset()
        self.raw_html.present_anchor_ids = set()
        self.anchors.present_anchor_ids = set()
        self.links.file, self.links.links_to_anchors = page.file, {}
        self.title.title = None
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = self.title.title
        page.present_anchor_ids = self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:  # as Page.render does
            page.links_to_anchors = self.links.links_to_anchors
