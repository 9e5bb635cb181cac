"""generator.pages: front matter round-trips, literal Markdown bodies; fuzzed with hypothesis."""

from __future__ import annotations

import html
import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ids import assign_ids
from generator.metadata import assemble
from generator.model import DateInfo
from generator.pages import front_matter, parse_page, render_page
from generator.read import parse
from generator.split import split_digest

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
           "<iframe src=//example.com>", "{{ config }}", "{% raw %}", "# ", "* ", "1. ", "---", "&amp;", "'\"", ":"]
text_strategy = st.lists(
    st.one_of(st.text(min_size=1, max_size=60), st.sampled_from(HOSTILE),
              st.sampled_from(["1月5日,美国国务院称,", "文章指出,", "此外,", "布林肯表示,"])),
    min_size=1, max_size=6,
).map("".join)


def _entries(lines: list[str]):
    digest = parse("\n".join(lines), "fuzz.txt", "fuzz.txt")
    result = split_digest(digest)
    entries = [assemble(r, DateInfo(None, "none", ""), (), (), None) for r in result.entries]
    ids, _ = assign_ids(entries, {})
    return digest, result, [e.__class__(**{**e.__dict__, "id": i}) for e, i in zip(entries, ids)]


@settings(max_examples=150, deadline=None)
@given(st.lists(text_strategy, min_size=1, max_size=12))
def test_nothing_lost_and_front_matter_round_trips(lines):
    try:
        digest, result, entries = _entries(lines)
    except Exception as exc:
        from generator.errors import InputError
        assert isinstance(exc, InputError)  # only clear input errors (e.g. control characters)
        return
    placed = sorted([p.number for e in result.entries for p in e.paragraphs] + [d.number for d in result.dropped])
    assert placed == [p.number for p in digest.paragraphs]
    for e in entries:
        meta, body = parse_page(render_page(e))
        assert meta == front_matter(e)
        # the body renders, with the extensions a user might add, as exactly the source's paragraphs
        rendered = markdown.markdown(body, extensions=EXTENSIONS)
        paras = re.findall(r"<p>(.*?)</p>", rendered, flags=re.S)
        assert [html.unescape(t) for t in paras] == [p.text for p in e.raw.paragraphs], rendered
        assert rendered.count("<") == 2 * len(paras)  # no markup but the paragraphs
        assert "<script" not in body and "<img" not in body and "<iframe" not in body


EXTENSIONS = ["toc", "attr_list", "tables", "def_list", "abbr", "footnotes", "admonition", "smarty", "md_in_html",
              "pymdownx.tilde", "pymdownx.caret", "pymdownx.mark", "pymdownx.emoji", "pymdownx.magiclink",
              "pymdownx.betterem", "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.critic"]


def test_markdown_escape_examples():
    from generator.pages import markdown_escape

    for text in ["# 此外", "0\t0 制表符", "* 作者", "1. 文章指出", "---", "> 引用", "| a | b |", ":smile: ==m== ~~s~~ ^^c^^ $x$",
                 "[x](javascript:alert(1))", "<b>Price</b> &amp; {{ config }} {% raw %} {: #id }", "J. Blinken... \"q\" it's"]:
        rendered = markdown.markdown(markdown_escape(text), extensions=EXTENSIONS)
        assert rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<") == 2, rendered
        assert html.unescape(rendered[3:-4]) == text
