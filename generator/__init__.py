"""Static site generator for a bilingual (Chinese/English) briefing archive."""

__version__ = "0.2.0"
