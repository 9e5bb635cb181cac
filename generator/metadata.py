"""Entry metadata: headlines in both languages, assembling dates and tags into Entry values,
and editors' corrections (overrides.yml `entries:`).

Dates are decided in generator.dates and names/tags in generator.entities; this module adds
the headlines and puts the pieces together. Pure functions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from .entities import Glossary, tag_by_label
from .model import FAMILIES, DateInfo, Entry, EntryOverride, Name, RawEntry, Tag
from .text import ACCORDING_TO, ARTICLE_INTRO, first_sentence

# A headline longer than this is made of whole clauses up to it (never cut inside a clause;
# lists clamp long headlines with CSS).
TITLE_MAX = 60

# A leading date or time to drop from a headline: "2023年1月5日,", "11月21日至22日,",
# "当地时间6月1日,", "2022年12月22日晚十点,".
_LEADING_DATE = re.compile(
    r"^(?:(?:当地时间|北京时间|美东时间|美国东部时间)\s*)?(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日"
    r"(?:(?:至|到|-|—)(?:\d{1,2}月)?\d{1,2}日)?(?:[早晚]?(?:上午|下午|晚上|早上|晚间|凌晨|中午)?[零一二三四五六七八九十\d]*点(?:半)?)?[晚早]?"
    r"\s*[,，、]?\s*"
    # a month with its part: "12月上旬,", "2023年3月下旬,"
    r"|^(?:\d{4}年)?\d{1,2}月(?:上旬|中旬|下旬|初|底|末)\s*[,，、]\s*")
# A source alone as the first clause: "据路透社报道,", "据韩联社消息,".
_ACCORDING = re.compile(ACCORDING_TO.pattern + r"\s*[,，:：]\s*")
# An attribution with its date, dropped where what was said stands alone: "美国国务院2月10日称,",
# "据路透社15日报道,", "外交部发言人汪文斌14日表示:".
_ATTRIBUTION = re.compile(
    r"^(?:据)?[^,，。:：]{2,40}?(?:当地时间)?(?:\d{1,2}月)?\d{1,2}日[^,，。:：]{0,8}?"
    r"(?:称|表示|指出|说|宣布|强调|透露|报道|报道称|消息|发表声明称|发布声明称|发表讲话称)\s*[,，:：]\s*")
# The article's own title in an article summary: "发表了一篇名为《只有进攻现实主义才能遏制中国》".
_ARTICLE_TITLE = re.compile(r"(?:题为|名为|标题为|题目为|的文章|一篇文章)\s*《([^》]{2,80})》")
# English in parentheses is shown beside the title elsewhere; a headline drops it:
# "美国国务卿布林肯(Antony J. Blinken)、…" -> "美国国务卿布林肯、…".
_ASCII_PAREN = re.compile(r"\s*[(（][^()（）]*[A-Za-z][^()（）]*[)）]")
_CLAUSE = re.compile(r"(?<=[,，;；:：])")
_SENTENCE = re.compile(r"[。!?！？]")
_STANDS_ALONE = 12  # characters: what was said must be at least this long to stand without its speaker
# ...and have its own subject: "西村康稔31日宣布,将修订…" keeps its speaker
_NO_SUBJECT = re.compile(r"^(?:将|会|要|已|拟|计划|正在|正|并|还|也|对|向|从|自|于|在|已经|不会|不|仍|再|希望|愿|同意|决定)")


def _first_sentence(text: str) -> str:
    """Up to the first 。!? that is not inside parentheses: "…《大选能否打破脱欧僵局》(Can an
    Election Break the Brexit Deadlock?),作者认为…" is one sentence."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 and _SENTENCE.match(ch):
            return text[:i]
    return text


def make_title(raw: RawEntry, limit: int = TITLE_MAX) -> str:
    """A Chinese headline: the article's title, else the first sentence without its leading date
    (and its attribution, where what was said stands alone), in whole clauses up to `limit`."""
    first = raw.paragraphs[0].text
    m = _ARTICLE_TITLE.search(first)
    if m:
        return m.group(1).strip()
    sentence = _first_sentence(first)
    sentence = _LEADING_DATE.sub("", sentence, count=1)
    sentence = _ASCII_PAREN.sub("", sentence).strip(" ,，、")
    # a quotation the sentence split opened: "“欧洲领导人不会容忍…。”冯德莱恩说" -> close it
    if sentence.count("“") > sentence.count("”"):
        sentence += "”"
    said = _ATTRIBUTION.match(sentence) or _ACCORDING.match(sentence)
    if said and len(sentence) - said.end() >= _STANDS_ALONE and not _NO_SUBJECT.match(sentence[said.end():]):
        sentence = sentence[said.end():]
    if len(sentence) <= limit:
        return sentence or first
    title = ""
    for clause in _CLAUSE.split(sentence):
        if len(title) >= _STANDS_ALONE and len(title) + len(clause) > limit:
            break
        title += clause  # whole clauses only, and enough of them to say something
    return title.rstrip(",，;；:：")


def english_headline(raw: RawEntry, tags: Sequence[Tag], article_en: str | None) -> tuple[str, bool]:
    """(headline, generated): the article's English title where the text gives one; else one
    composed from what the entry is about, its main people (or organisations), countries and
    topic in English: "Antony J. Blinken, Lloyd J. Austin III · Japan, United States · Alliances"."""
    # an English title in the text names the entry when the entry summarises that article;
    # elsewhere it is a thing the entry mentions (a treaty, a report): "New START" in a G20 item
    if article_en and ARTICLE_INTRO.search(first_sentence(raw.paragraphs[0].norm)):
        return article_en, False
    by_family: dict[str, list[str]] = {}
    for t in tags:
        by_family.setdefault(t.family, []).append(t.en)
    actors = by_family.get("person", [])[:2] or by_family.get("org", [])[:2]
    places = (by_family.get("country", []) + by_family.get("region", []))[:3]
    parts = [", ".join(actors), ", ".join(places), (by_family.get("topic") or [""])[0]]
    text = " · ".join(p for p in parts if p)
    return (text or "Briefing entry"), True


def assemble(raw: RawEntry, date: DateInfo, tags: Sequence[Tag], names: Sequence[Name],
             title_en: str | None) -> Entry:
    tags = tuple(dict.fromkeys(tags))
    headline_en, generated = english_headline(raw, tags, title_en)
    return Entry(raw=raw, title=make_title(raw), title_en=headline_en, date=date,
                 tags=tags, names=tuple(names), title_en_generated=generated)


def apply_override(entry: Entry, ov: EntryOverride, glossary: Glossary, source: str) -> tuple[Entry, list[str]]:
    """An editor's corrections applied to one entry; the second value lists what could not be
    applied (a tag no family or glossary knows), as `file:line: message`."""
    problems: list[str] = []
    where = f"{source}:{ov.line}" if ov.line else source
    changes: dict = {}
    edited: list[str] = []
    if ov.date:
        precision = "month" if len(ov.date) == 7 else "day"
        value = dt.date.fromisoformat(ov.date if precision == "day" else f"{ov.date}-01")
        changes["date"] = DateInfo(value, precision, "editor (overrides.yml)")
        edited.append("date")
    if ov.title:
        changes["title"] = ov.title
        edited.append("title")
    if ov.title_en:
        changes["title_en"], changes["title_en_generated"] = ov.title_en, False
        edited.append("title_en")
    tags = list(entry.tags)
    for label in ov.tags_remove:
        before = len(tags)
        tags = [t for t in tags if label not in (t.label, f"{FAMILIES[t.family][1]}/{t.en}", f"{t.family}/{t.key}")]
        if len(tags) == before:
            problems.append(f"{where}: tag '{label}' to remove is not on the entry '{ov.opening}'")
    for label in ov.tags_add:
        tag = tag_by_label(label, glossary)
        if tag is None:
            problems.append(f"{where}: unknown tag '{label}' (write 族/标签 as on the site, e.g. 议题/中美关系)")
        elif tag not in tags:
            tags.append(tag)
    if ov.tags_add or ov.tags_remove:
        order = list(FAMILIES)
        changes["tags"] = tuple(sorted(tags, key=lambda t: order.index(t.family)))
        edited.append("tags")
    return replace(entry, **changes, edited=tuple(edited)), problems
