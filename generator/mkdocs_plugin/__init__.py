"""The `briefing` MkDocs plugin: the archive's pages as MkDocs pages.

Enabled in mkdocs.yml as `plugins: [briefing]` (entry point `mkdocs.plugins`). `config.py`
holds its settings, `plugin.py` its event handlers, `structure/` the generated files and
pages, `languages.py` the builds of the other languages.
"""
