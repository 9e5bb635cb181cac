"""Entry metadata: titles, plus assembling dates and tags into Entry values.

Dates are decided in generator.dates and names/tags in generator.entities; this module
only adds the headline and puts the pieces together. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import DateInfo, Entry, Name, RawEntry, Tag

TITLE_MAX = 40

# A leading date or time to drop from a headline: "2023年1月5日,", "11月21日至22日,",
# "当地时间6月1日,", "2022年12月22日晚十点,".
_LEADING_DATE = re.compile(
    r"^(?:(?:当地时间|北京时间|美东时间|美国东部时间)\s*)?(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日"
    r"(?:(?:至|到|-|—)(?:\d{1,2}月)?\d{1,2}日)?(?:[早晚]?(?:上午|下午|晚上|早上|晚间|凌晨|中午)?[零一二三四五六七八九十\d]*点(?:半)?)?[晚早]?"
    r"\s*[,，、]?\s*")
# The article's own title in an article summary: "发表了一篇名为《只有进攻现实主义才能遏制中国》".
_ARTICLE_TITLE = re.compile(r"(?:题为|名为|标题为|题目为)\s*《([^》]{2,80})》")
# English in parentheses is shown beside the title elsewhere; a headline drops it:
# "美国国务卿布林肯(Antony J. Blinken)、…" -> "美国国务卿布林肯、…".
_ASCII_PAREN = re.compile(r"\s*[(（][^()（）]*[A-Za-z][^()（）]*[)）]")
_CLAUSE = re.compile(r"(?<=[,，;；:：])")
_SENTENCE = re.compile(r"[。!?！？]")


def make_title(raw: RawEntry, limit: int = TITLE_MAX) -> str:
    """A readable Chinese headline: the article's title, or the first sentence cut at a clause."""
    first = raw.paragraphs[0].text
    m = _ARTICLE_TITLE.search(first)
    if m:
        return m.group(1).strip()
    sentence = _SENTENCE.split(first, maxsplit=1)[0]
    sentence = _LEADING_DATE.sub("", sentence, count=1)
    sentence = _ASCII_PAREN.sub("", sentence).strip(" ,，、")
    if len(sentence) <= limit:
        return sentence or first[:limit]
    title = ""
    for clause in _CLAUSE.split(sentence):
        if len(title) + len(clause) > limit:
            break
        title += clause
    title = title.rstrip(",，;；:：")
    if len(title) < limit // 2:  # the first clause alone is too long: cut it, and say so
        title = sentence[: limit - 1] + "…"
    return title


def assemble(raw: RawEntry, date: DateInfo, tags: Sequence[Tag], names: Sequence[Name],
             title_en: str | None) -> Entry:
    return Entry(raw=raw, title=make_title(raw), title_en=title_en, date=date,
                 tags=tuple(dict.fromkeys(tags)), names=tuple(names))
