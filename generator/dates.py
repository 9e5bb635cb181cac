"""Dates: every date in a digest becomes a `datetime.date` plus a precision here, once.

Two public functions, both pure (text in, values out):

- `as_of_date(entries, override=None)`: the digest's issue date, the anchor for years and
  months the text leaves out ("12月30日", "31日").
- `entry_date(entry, as_of)`: an entry's `DateInfo` (value, precision, basis, range end).

All analysis runs on `Paragraph.norm` (NFKC: full-width digits and punctuation are folded).

Choices worth knowing (each rule below also carries its example):

- The as-of date is an explicit header in the first paragraph, else the latest *reported*
  date: fully dated mentions (year, month, day), then month-day mentions placed in the year
  nearest the date reached so far, each moving it forward by at most two months
  ("美国国务院2月10日称" in a digest whose latest full date is 2023年2月1日 moves the as-of
  to 2023-02-10; a background "5月23日" does not move it to May). Dates announced for the future
  ("将于2023年1月28日至2月3日前往", "将于2月13日会见") are left out: the digest cannot
  report an event that has not happened, and a late as-of would misplace day-only dates
  ("12日" read as this month instead of last). They are used only when nothing else is dated.
  A full date two or more years after the median year of the digest's full dates (with at
  least three full dates) is a target, not news ("到2049年10月1日"): it is left out too.
  Last, a day alone opening an entry ("拜登当地时间30日签署…") is written relative to the
  issue month: when that day exists in the as-of month and is later, it moves the as-of there
  (latest 10月28日 + "31日在北京闭幕" -> 2023-10-31; latest 2月10日 + "31日" moves nothing).
- A date without a year is the latest such date on or before the as-of date
  ("12月30日" with as-of 2023-02-10 -> 2022-12-30; "31日" -> 2023-01-31); an announced
  future date without a year is the nearest such date ("将于2月13日" -> 2023-02-13).
- Relative months ("去年11月", "本月中旬") and months without a year in running text
  ("1月出口同比减少") never date an entry; relative days with a month or year are resolved
  against the as-of date ("本月2日", "去年11月20日").
- Dates inside titles 《…》 are never dates ("《1月进出口动向》").
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .model import DateInfo, Paragraph, RawEntry
from .text import ARTICLE_INTRO, first_clause, first_sentence

log = logging.getLogger(__name__)

__all__ = ["as_of_date", "entry_date", "find_dates", "Mention"]

# ---------------------------------------------------------------- patterns
_DAY_MARK = r"[日号號]"
# A range joiner between two dates: "11月21日至22日", "1月28日-2月3日" (NFKC folds "－" to "-").
_TO = r"\s*(?:至|到|-|–|—|~|〜)\s*"
# The end of a range: "至22日", "至2月3日", "至2023年2月3日".
_RANGE_END = rf"(?:{_TO}(?:(?P<y2>\d{{4}})年)?(?:(?P<m2>\d{{1,2}})月)?(?P<d2>\d{{1,2}}){_DAY_MARK})"
# The same without groups, to require a range after "11月21-22日".
_RANGE_AHEAD = rf"{_TO}(?:\d{{4}}年)?(?:\d{{1,2}}月)?\d{{1,2}}{_DAY_MARK}"
_YEAR = r"(?:(?P<y>\d{4})年|(?P<ry>今年|去年|前年|明年))"
# Chinese numerals, only in a complete month-day: "十二月三十日", "二〇二二年十二月三十日".
_CN_DIGIT = "〇零一二三四五六七八九十"

_DATE = re.compile(
    # ISO-like full dates in headers and notes: "发布日期:2023-02-10", "2023/2/10", "2023.02.10".
    rf"(?<![\d.])(?P<iy>\d{{4}})(?P<sep>[-/.])(?P<im>\d{{1,2}})(?P=sep)(?P<id>\d{{1,2}})(?![\d.])"
    # Month and day, with optional year and range end: "2023年1月5日", "11月21日至22日",
    # "1月28日至2月3日", "2022年12月22日晚十点", "去年11月20日", "11月21-22日".
    rf"|(?<![\d.]){_YEAR}?\s*(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})(?:{_DAY_MARK}|(?={_RANGE_AHEAD})){_RANGE_END}?"
    # Year and month: "2023年3月,某机构发布报告", "2022年5月", "去年11月" (relative).
    rf"|(?<![\d.])(?:(?P<yy>\d{{4}})年|(?P<ryy>今年|去年|前年|明年))\s*"
    rf"(?P<ym>\d{{1,2}})月(?!号(?![召称]))(?:份)?(?P<part>初|上旬|中旬|下旬|底|末)?"
    # A month alone: "12月,…" (used only when it leads the entry), "1月出口同比减少" (ignored);
    # not a journal's issue: "《外交事务》2020年3/4月号".
    rf"|(?<![\d.年/])(?P<mo>\d{{1,2}})月(?!号(?![召称]))(?:份)?(?P<mpart>初|上旬|中旬|下旬|底|末)?"
    # A day alone, optionally a range or relative: "韩美防长31日商定", "当地时间1日",
    # "29日消息", "本月2日当天", "21日至22日"; not "20日元" (yen), "30日内" (a duration),
    # "1日本…" (Japan); after a year's 年 never, after a word's ("3名青年10日凌晨…") always.
    rf"|(?<![\d.月/\-])(?<!\d年)(?P<rm>本月|上月|当月|上個月|上个月)?(?P<dd>\d{{1,2}})"
    rf"(?:{_DAY_MARK}?{_TO}(?P<dd2>\d{{1,2}}))?{_DAY_MARK}(?!本|元|圆|圓|币|幣|内|內|以内|之内|间|間)"
    # Days of the year by name: "元旦当天,…" (January 1), "圣诞节" (December 25).
    rf"|(?P<hol>元旦|圣诞节|聖誕節|平安夜)(?!前|前夕|前后|假期)"
    # Chinese-numeral dates: "二〇二二年十二月三十日", "十二月三十日".
    rf"|(?:(?P<cy>[〇零一二三四五六七八九]{{4}})年)?"
    rf"(?P<cm>[{_CN_DIGIT}]{{1,2}})月(?P<cd>[{_CN_DIGIT}]{{1,3}}){_DAY_MARK}"
)
_HOLIDAYS = {"元旦": (1, 1), "圣诞节": (12, 25), "聖誕節": (12, 25), "平安夜": (12, 24)}
# "…以来" after a date and its clause: a span since then, not the day of the news
# ("2024年12月8日阿萨德政权倒台以来,…", "2月24日以来"); not when another date comes first, whose
# span it is ("乌干达23日举行1980年以来首次多党制选举").
_SINCE = re.compile(r"(?:(?!\d+[年月日号])[^,;:。!?、]){0,14}?以来")
# A title in 《》 is never a date: "韩国产业通商资源部1日发表的《1月进出口动向》显示".
_TITLE = re.compile(r"《[^《》]*》")
# Words announcing a future event just before a date, in the same clause:
# "纽兰将于2023年1月28日至2月3日前往", "计划于2023年3月举行", "拟于", "预计", "定于".
_FUTURE = re.compile(r"将(?!军|領|领)|计划|計劃|拟|擬|预计|預計|预定|預定|定于|定於|有望|即将|即將|明年")
_CLAUSE_BREAK = re.compile(r"[,;:。!?、]")
# a day told as what had happened before the news: "此前于9月7日", "早在3月", "此前,特朗普10月15日曾…"
_EARLIER_BEFORE = re.compile(r"(?:此前|早前|先前|早在|曾经?于)(?!一天|一日|两天|数日|几天)[^。;!?]{0,10}$")
_EARLIER_AFTER = re.compile(r"曾(?!庆红|荫权|蔭權)")
# Prefixes that may precede a leading date: "当地时间1日,…", "北京时间2日晚,…", "(2023年2月10日)".
_LEAD_PREFIX = re.compile(
    r"^(?:[\s(\[【]*)(?:(?:当地时间|當地時間|北京时间|北京時間|美东时间|美東時間"
    r"|美国东部时间|华盛顿时间|东京时间|首尔时间)\s*)?")
# A header that states the issue date (first paragraph only): "截至2023年2月10日",
# "(2023年2月10日)", "发布日期:2023-02-10", "本期截止日期:2023年2月10日".
_HEADER_LABEL = re.compile(r"(?:发布|發布|出版|更新|编辑|編輯|截止)(?:日期|时间|時間)\s*:\s*$|(?:截至|截止|截止到)\s*$")
_HEADER_MAX_LEN = 40
_HEADER_BEFORE = re.compile(r"[^,;。!?]{0,12}?(?:截至|截止|截止到)")
_HEADER_AFTER = re.compile(
    r"(?:为止|止|出版|发布|發布|编|更新)?(?:的?(?:动态|資訊|资讯|新闻|新聞|内容|消息|要闻|要聞))?")
_CN_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_REL_YEARS = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
_AS_OF_STEP = dt.timedelta(days=62)  # how far one month-day may move the as-of date forward
_OUTLIER_YEARS = 2  # a full date this many years after the median is a target, not news


@dataclass(frozen=True)
class Mention:
    """One date expression found in a paragraph (NFKC text); fields the text leaves out are None."""

    start: int
    end: int
    text: str
    kind: str  # "ymd" (month and day, year maybe implicit), "ym", "m" (month alone), "d" (day alone)
    year: int | None
    month: int | None
    day: int | None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    relative: str = ""  # "去年", "今年", "本月", "上月"… ; "" when absolute
    part: str = ""  # "中旬", "底"… after a month
    future: bool = False  # announced: "将于2月13日"
    in_title: bool = False  # inside 《…》
    since: bool = False  # the start of a span that goes on: "2024年12月8日阿萨德政权倒台以来"
    earlier: bool = False  # told as what happened before: "此前于9月7日宣布", "此前,特朗普10月15日曾…"

    @property
    def full(self) -> bool:
        """Year, month and day all written out: "2023年1月5日"."""
        return self.kind == "ymd" and self.year is not None and not self.relative


def _cn_number(text: str) -> int | None:
    """"十二" -> 12, "三十" -> 30, "三十一" -> 31, "二〇二二" -> 2022 (digit by digit)."""
    if "十" not in text:
        digits = [_CN_VALUES.get(c) for c in text]
        if None in digits:
            return None
        return int("".join(str(d) for d in digits))
    tens, _, ones = text.partition("十")
    if "十" in ones:
        return None
    t = _CN_VALUES.get(tens, -1) if tens else 1
    o = _CN_VALUES.get(ones, -1) if ones else 0
    return None if t < 0 or o < 0 else t * 10 + o


def _int(value: str | None) -> int | None:
    return int(value) if value else None


# as_of_date reads every paragraph of a digest, entry_date the first few again: once is enough
@functools.lru_cache(maxsize=65_536)
def find_dates(norm: str) -> tuple[Mention, ...]:
    """Every date expression in one paragraph's NFKC text, in order; impossible ones dropped."""
    titles = [m.span() for m in _TITLE.finditer(norm)]
    found: list[Mention] = []
    for m in _DATE.finditer(norm):
        g = m.groupdict()
        relative, part = "", ""
        end_year = end_month = end_day = None
        if g["iy"]:
            kind, year, month, day = "ymd", int(g["iy"]), int(g["im"]), int(g["id"])
        elif g["m"]:
            kind, year, month, day = "ymd", _int(g["y"]), int(g["m"]), int(g["d"])
            relative = g["ry"] or ""
            end_year, end_month, end_day = _int(g["y2"]), _int(g["m2"]), _int(g["d2"])
        elif g["ym"]:
            kind, year, month, day = "ym", _int(g["yy"]), int(g["ym"]), None
            relative, part = g["ryy"] or "", g["part"] or ""
        elif g["mo"]:
            kind, year, month, day = "m", None, int(g["mo"]), None
            part = g["mpart"] or ""
        elif g["dd"]:
            kind, year, month, day = "d", None, None, int(g["dd"])
            relative = g["rm"] or ""
            end_day = _int(g["dd2"])
        elif g["hol"]:
            kind, year, (month, day) = "ymd", None, _HOLIDAYS[g["hol"]]
        else:
            kind = "ymd"
            year = _cn_number(g["cy"]) if g["cy"] else None
            month, day = _cn_number(g["cm"]), _cn_number(g["cd"])
        if not _plausible(year, month, day) or (end_day is not None and not 1 <= end_day <= 31):
            continue
        # "“月船3号”(Chandrayaan-3)": a number with 号 in quotes or glossed is a name, not a day
        # ("美國國務院3號稱" is a day)
        if kind == "d" and m.group()[-1] in "号號" and norm[m.end():m.end() + 1] in ("”", "\"", "(", "」", "’"):
            continue
        if end_month is not None and not 1 <= end_month <= 12:
            continue
        clause_start = max((b.end() for b in _CLAUSE_BREAK.finditer(norm, 0, m.start())), default=0)
        before = norm[max(clause_start, m.start() - 8):m.start()]
        found.append(Mention(
            start=m.start(), end=m.end(), text=m.group(), kind=kind, year=year, month=month, day=day,
            end_year=end_year, end_month=end_month, end_day=end_day, relative=relative, part=part,
            future=bool(_FUTURE.search(before)),
            in_title=any(a < m.start() < b for a, b in titles),
            since=bool(_SINCE.match(norm, m.end())),
            earlier=bool(_EARLIER_BEFORE.search(norm, max(0, m.start() - 14), m.start())
                         or _EARLIER_AFTER.match(norm, m.end())),
        ))
    return tuple(found)


def _plausible(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None and not 1 <= day <= 31:
        return False
    if year is not None and not 1900 <= year <= 2100:
        return False
    if year is not None and month is not None and day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return False
    return True


# ---------------------------------------------------------------- resolving against the as-of date
def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _year_for(month: int, day: int, as_of: dt.date, future: bool) -> dt.date | None:
    """A month-day without a year: the latest on or before `as_of` ("12月30日", as-of
    2023-02-10 -> 2022-12-30); an announced one is the nearest ("将于2月13日" -> 2023-02-13)."""
    candidates = [d for y in range(as_of.year - 8, as_of.year + 2) if (d := _safe(y, month, day))]
    if future:
        return min(candidates, key=lambda d: abs(d - as_of), default=None)
    past = [d for d in candidates if d <= as_of]
    return max(past, default=None)


def _nearest(month: int, day: int, anchor: dt.date) -> dt.date | None:
    candidates = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe(y, month, day))]
    return min(candidates, key=lambda d: abs(d - anchor), default=None)


def _month_for(day: int, as_of: dt.date, future: bool) -> dt.date | None:
    """A day alone: the latest such day on or before `as_of` ("31日", as-of 2023-02-10 ->
    2023-01-31); an announced one is the nearest ("将于13日")."""
    candidates = []
    for by in range(-12, 2):
        y, m = _month_shift(as_of.year, as_of.month, by)
        if d := _safe(y, m, day):
            candidates.append(d)
    if future:
        return min(candidates, key=lambda d: abs(d - as_of), default=None)
    return max((d for d in candidates if d <= as_of), default=None)


def _resolve(m: Mention, as_of: dt.date | None) -> tuple[dt.date | None, dt.date | None, str]:
    """(start, range end, precision) of a mention; (None, None, "none") when it cannot be placed."""
    none: tuple[None, None, str] = (None, None, "none")
    if m.kind == "ymd":
        if m.relative:  # "去年11月20日", "今年1月5日"
            if as_of is None:
                return none
            start = _safe(as_of.year + _REL_YEARS[m.relative], m.month, m.day)  # type: ignore[arg-type]
        elif m.year is not None:  # "2023年1月5日"
            start = _safe(m.year, m.month, m.day)  # type: ignore[arg-type]
        elif as_of is not None:  # "12月30日"
            start = _year_for(m.month, m.day, as_of, m.future)  # type: ignore[arg-type]
        else:
            return none
        if start is None:
            return none
        return start, _range_end(m, start), "day"
    if m.kind == "d":
        if as_of is None:
            return none
        if m.relative in ("本月", "当月"):  # "本月2日当天"
            start = _safe(as_of.year, as_of.month, m.day)  # type: ignore[arg-type]
        elif m.relative:  # "上月5日"
            y, mo = _month_shift(as_of.year, as_of.month, -1)
            start = _safe(y, mo, m.day)  # type: ignore[arg-type]
        else:  # "31日"
            start = _month_for(m.day, as_of, m.future)  # type: ignore[arg-type]
        if start is None:
            return none
        return start, _range_end(m, start), "day"
    if m.kind == "ym" and m.year is not None and not m.relative:  # "2023年3月"
        return dt.date(m.year, m.month, 1), None, "month"  # type: ignore[arg-type]
    if m.kind == "m" and as_of is not None:  # a leading "12月,…"
        start = _year_for(m.month, 1, as_of, m.future)  # type: ignore[arg-type]
        return (start, None, "month") if start else none
    return none


def _range_end(m: Mention, start: dt.date) -> dt.date | None:
    """"11月21日至22日" -> 11-22; "1月28日至2月3日" -> 02-03; "12月30日至1月2日" -> next year."""
    if m.end_day is None:
        return None
    month = m.end_month or start.month
    year = m.end_year or start.year
    end = _safe(year, month, m.end_day)
    if end is not None and end < start and m.end_year is None:
        y, mo = (year + 1, month) if m.end_month else _month_shift(year, month, 1)
        end = _safe(y, mo, m.end_day)
    return end


# ---------------------------------------------------------------- the issue date
def _header_date(par: Paragraph) -> dt.date | None:
    """An issue date stated by the first paragraph: a short line that is a date with decoration
    ("(2023年2月10日)", "2023年2月10日"), or a label before it ("截至2023年2月10日",
    "发布日期:2023-02-10"); a label with a colon counts anywhere in the first paragraph."""
    norm = par.norm
    for m in find_dates(norm):
        if not m.full or m.in_title:
            continue
        value = _safe(m.year, m.month, m.day)  # type: ignore[arg-type]
        before = norm[:m.start]
        labelled = _HEADER_LABEL.search(before)
        if labelled and ":" in labelled.group():
            return value  # "发布日期:2023-02-10" anywhere in the first paragraph
        if len(norm) > _HEADER_MAX_LEN:
            continue
        decor = " ()[]【】<>〈〉「」『』-—:,.。"
        before, after = before.strip(decor), norm[m.end:].strip(decor)
        # "2023年2月10日", "(2023年2月10日)", "2023年2月10日出版", "本期截至2023年2月10日",
        # "本期简报收录截至2023年2月10日的动态"; not "截至2023年2月10日,全球确诊病例超过6亿".
        if _HEADER_AFTER.fullmatch(after) and (not before or labelled and _HEADER_BEFORE.fullmatch(before)):
            return value
    return None


def as_of_date(entries: Sequence[RawEntry], override: dt.date | None = None) -> dt.date | None:
    """The digest's issue date: `override`, else a header date in the first paragraph, else the
    latest date the digest reports (see the module docstring); None when nothing is dated."""
    if override is not None:
        return override
    if not entries or not entries[0].paragraphs:
        return None
    header = _header_date(entries[0].paragraphs[0])
    if header is not None:
        log.debug("%s: as-of date %s from the header", entries[0].source, header)
        return header
    mentions = [m for e in entries for p in e.paragraphs for m in find_dates(p.norm) if not m.in_title]
    anchor = _latest_full(mentions, future=False) or _latest_full(mentions, future=True)
    if anchor is None:
        # No full date: the latest written year and month ("2023年3月") ends the digest.
        months = [dt.date(*_month_shift(m.year, m.month, 1), 1) - dt.timedelta(days=1)  # type: ignore[misc,arg-type]
                  for m in mentions if m.kind == "ym" and m.year and not m.relative and not m.future]
        anchor = max(months, default=None)
    if anchor is None:
        log.debug("%s: no as-of date", entries[0].source)
        return None
    # Month-days without a year may be later than the latest full date: "美国国务院2月10日称"
    # when the latest full date is 2023年2月1日. Each is placed in the year nearest the date
    # reached so far and extends it only by a step of at most two months, so a background
    # "5月23日" never drags a February digest into May.
    open_dates = [m for m in mentions if m.kind == "ymd" and m.year is None and not m.relative and not m.future]
    latest, moved = anchor, True
    while moved:
        moved = False
        for m in open_dates:
            near = _nearest(m.month, m.day, latest)  # type: ignore[arg-type]
            if near is None:
                continue
            near = max(near, _range_end(m, near) or near)
            if latest < near <= latest + _AS_OF_STEP:
                latest, moved = near, True
    # A day alone that opens an entry is written relative to the issue month: "美国总统拜登当地时间
    # 30日签署…", "第十届北京香山论坛31日在北京闭幕" in a digest whose latest month-day is 10月28日
    # are October's 30th and 31st, so they move the as-of date forward, within its month only.
    # ("31日" in a digest whose latest date is 2月10日 cannot be February's and moves nothing.)
    for e in entries:
        first = e.paragraphs[0].norm
        reach = len(first_clause(first))
        for m in find_dates(first):
            if m.kind == "d" and not m.relative and not m.future and not m.in_title and m.start < reach:
                same_month = _safe(latest.year, latest.month, max(m.day, m.end_day or 0))  # type: ignore[type-var]
                if same_month is not None and same_month > latest:
                    latest = same_month
    log.debug("%s: as-of date %s (latest reported date)", entries[0].source, latest)
    return latest


def _latest_full(mentions: Sequence[Mention], future: bool) -> dt.date | None:
    """The latest fully dated mention ("2023年2月1日"), leaving out announced dates unless
    `future`, and targets years beyond the rest ("到2049年10月1日")."""
    dates = []
    for m in mentions:
        if m.full and (future or not m.future):
            start = _safe(m.year, m.month, m.day)  # type: ignore[arg-type]
            if start:
                dates.append(max(start, _range_end(m, start) or start))
    if len(dates) >= 3:
        median = statistics.median_low(d.year for d in dates)
        dates = [d for d in dates if d.year - median < _OUTLIER_YEARS]
    return max(dates, default=None)


# ---------------------------------------------------------------- an entry's date
# An official body releasing a report is news, not an article summary: "美国国家情报总监办公室(ODNI)
# 发布了题为《…》的报告", "亚洲开发银行(ADB)发布旗舰报告《…》"; the day a later paragraph gives
# ("情报总监克拉珀…6日…通报了报告内容", "…24日在香港发布报告时表示") is its date.
_RELEASE = re.compile(r"^(?P<who>(?:[^,。()《》]|\([^()]*\)){2,60}?)(?:正式|联合|共同)?(?:发布|公布)了?"
                      r"(?:一份|最新|年度|旗舰|题为|名为|[^,。《]{0,6}?报告)*《")
_RESEARCH = re.compile(r"研究|学会|基金会|智库|大学|学院|协会|项目|学者|教授|主任|作者|兰德|布鲁金斯|卡内基|外交关系委员会"
                       r"|Institut|Foundation|Cent(?:er|re)|Council|Endowment|Brookings|RAND|Universit|Program|Forum|Society",
                       re.I)


def _is_article(norm: str) -> re.Match[str] | None:
    """An article summary names its author and publication first (the splitter's own rule);
    dates later in a summary are the article's subject matter, not the entry's date. An
    official body's release of a report is not one."""
    sentence = first_sentence(norm)
    if (release := _RELEASE.match(sentence)) and not _RESEARCH.search(release["who"]):
        return None
    return ARTICLE_INTRO.search(sentence)


# A sentence told in an article's or a report's voice: "该文称,4月20日撤换…", "该报告还提到,在2月26日
#举行的…选举中", "作者注意到,共和党7月31日至8月3日…"; or in an author's view ("他认为,1998年7月15日
# 公布的…报告已经表明…"): what it dates is the article's subject or the view's, not the entry's news.
_ARTICLE_VOICE = re.compile(r"(?:(?:该|此|这篇|这份|上述)?(?:文章?|报告|作者|笔者)(?:还|也|并|则|进一步)?"
                            r"(?:称|说|指出|认为|提到|写道|表示|强调|分析|援引|回顾|注意到|提醒|主张)"
                            r"|(?:他|她)(?:还|也|并|则|进一步)?(?:认为|写道|注意到|主张))")


def _in_article_voice(norm: str, at: int) -> bool:
    """Whether the sentence that holds position `at` opens in an article's or a report's voice."""
    start = max(norm.rfind(c, 0, at) for c in "。!?;") + 1
    return bool(_ARTICLE_VOICE.match(norm, start))


def _lead(norm: str) -> int:
    """Where a leading date would start: after "当地时间", "(" and the like."""
    return _LEAD_PREFIX.match(norm).end()  # type: ignore[union-attr]


def _info(m: Mention, as_of: dt.date | None, basis: str, context: dt.date | None = None,
          floor: dt.date | None = None, ahead: bool = False, after: dt.date | None = None) -> DateInfo | None:
    if context is not None and m.kind in ("ymd", "d") and not m.relative:
        start = place(m, context, as_of, floor, ahead, after)
        end = _range_end(m, start) if start else None
        precision = "day"
    else:
        start, end, precision = _resolve(m, as_of)
    if start is None:
        return None
    return DateInfo(start, precision, f"{basis} {m.text}", end)


REPORTED_RULES = 3  # the rules of entry_date that take a reported day (leading, first clause, first paragraph)
BACKGROUND = dt.timedelta(days=62)  # a reported day this long before the digest's period is background


def entry_date(entry: RawEntry, as_of: dt.date | None, context: dt.date | None = None,
               floor: dt.date | None = None, ahead: bool = False, after: dt.date | None = None,
               same: dt.date | None = None) -> DateInfo:
    """The date an entry reports, by the first rule that gives one (each rule below).

    `context`, when given, is the date of the entry's neighbours in reading order (the entries
    before it, or with `ahead` the entries after it): a date without a month or year takes them
    from it (see `place`), never before `floor` (the start of the digest's period) where it can
    help it; without it, from `as_of`. `after`: the written date of the entry that follows,
    which a day alone may be nearer to (see `place`). `same`: the day of the entry before, when
    it is not the context (the context has moved on to that entry's follow-ups)."""
    first = entry.paragraphs[0].norm
    usable = [m for m in find_dates(first) if not m.in_title and not m.since]
    days = [m for m in usable if m.kind in ("ymd", "d")]
    article = _is_article(first)
    if article:
        # An article summary: only the intro may date it ("…在2月3日的《国家利益》上发表");
        # "作者指出,2022年10月,美国通过了…" is the article's subject, not the entry's date.
        scope = article.end()
        usable = [m for m in usable if m.start < scope]
        days = [m for m in days if m.start < scope]
    lead = _lead(first)
    clause_end = len(first_clause(first))
    # 0. "同日,…", "当天,…" opening an entry: the day of the entry before it (the context)
    if context is not None and not ahead and _SAME_DAY.match(first) and not any(m.start == lead for m in days):
        return DateInfo(same or context, "day", f"{first[:2]}: the day of the entry before")

    rules: list[tuple[str, list[Mention]]] = [
        # 1. A day leading the first paragraph: "11月21日至22日,…", "2022年12月22日晚十点,…",
        #    "当地时间1日,…", "31日,…".
        ("leading date", [m for m in days if m.start == lead]),
        # 2. A day inside the first clause: "美国国务院2月10日称", "韩美防长31日商定",
        #    "…朴振当地时间1日分别会见…", "据驻韩美军特种作战司令部(SOCKOR)29日消息".
        ("date in first clause", [m for m in days if m.start < clause_end and not m.future]),
        # 3. A reported day later in the first paragraph: "…国际危机。2022年5月23日,美国总统拜登…"
        #    (not in a sentence in an article's voice or an author's view).
        ("date in first paragraph", [m for m in days if not m.future and not _in_article_voice(first, m.start)]),
        # 4. A month leading the first paragraph or in its first clause: "2023年3月,某机构发布报告", "…12月初发布…",
        #    "12月,…"; never a relative month ("去年11月", "本月中旬").
        ("leading month", [m for m in usable if m.kind in ("ym", "m") and not m.relative and not m.future
                           and (m.start == lead or m.start < clause_end)]),
        # 5. An announced day in the first paragraph: "美国国务院宣布,拜登将于3月5日访问日本".
        ("announced date", [m for m in days if m.future]),
    ]
    if article:
        # 4b. An article's month of publication in its intro: "《外交政策》4月下旬刊登了…的文章".
        rules.insert(4, ("month of publication", [m for m in usable if m.kind in ("ym", "m")
                                                  and not m.relative and not m.future]))
    # A reported day long before the digest's period is background ("由…三国于去年5月29日签署的
    # 《欧亚经济联盟条约》1日正式生效"): the entry takes a reported day in its period if it has one.
    background = floor - BACKGROUND if floor is not None else None
    behind: DateInfo | None = None
    before: DateInfo | None = None
    for i, (basis, mentions) in enumerate(rules):
        if i == REPORTED_RULES and behind is not None:
            return behind
        for m in mentions:
            if info := _info(m, as_of, f"{basis}{_EARLIER_NOTE}" if m.earlier else basis, context, floor, ahead, after):
                if i < REPORTED_RULES and m.earlier:  # told as earlier: after a later paragraph's day
                    before = before or info
                    continue
                if i < REPORTED_RULES and background is not None and info.value is not None and info.value < background:
                    behind = behind or info
                    continue
                return info
    if behind is not None:
        return behind
    if article or (ARTICLE_INTRO.search(first) and not _RELEASE.match(first_sentence(first))):
        # (an intro past a first sentence of background: "…以来,…。国际危机组织近日发布报告《…》")
        return DateInfo(None, "none", "article summary, no date")
    later = [(p, m) for p in entry.paragraphs[1:] for m in find_dates(p.norm)
             if not m.in_title and not m.since and m.kind in ("ymd", "d") and not _in_article_voice(p.norm, m.start)]
    # 6. A day in a later paragraph when the first gives none: "布林肯称,11日签署的协议…"
    #    (third paragraph of the entry); announced days only after reported ones.
    #    A day that falls outside the digest's period is not the news's ("…被推迟至3月1日").
    for future in (False, True):
        for p, m in later:
            if (m.future == future and not m.earlier
                    and (info := _info(m, as_of, f"{_LATER} {p.number}:", context, floor, ahead, after))
                    and (floor is None or info.value >= floor) and (as_of is None or info.value <= as_of or future)):
                return info
    # A day the first paragraph tells as earlier ("首相石破茂此前于9月7日宣布辞职") when no later
    # paragraph gives the news's own day ("高市4日晚…表示").
    if before is not None:
        return before
    for p, m in later:  # and, last, a later paragraph's day told as earlier, as before this rule
        if m.earlier and not m.future and (info := _info(m, as_of, f"{_LATER} {p.number}:", context, floor, ahead, after)):
            return info
    # 7. A year and month opening a sentence of the first paragraph: "…。2023年3月,…".
    for m in usable:
        if (m.kind == "ym" and not m.relative and not m.future
                and (m.start == 0 or first[m.start - 1] in "。!?;")):
            if info := _info(m, as_of, "month in first paragraph", context, floor, ahead):
                return info
    return DateInfo(None, "none", "no date in the text")


# ---------------------------------------------------------------- dates from context
# A file name that gives the digest's period: "briefing-2023-03_2023-04.txt", "briefing-2023-03.txt",
# "简报2023-10至2024-01.txt".
_NAME_PERIOD = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-_.年]?(0[1-9]|1[0-2])(?:\D{1,3}(20\d\d|19\d\d)[-_.年]?(0[1-9]|1[0-2]))?(?!\d)")


def period_hint(name: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the months a digest's file name gives, if it gives any."""
    m = _NAME_PERIOD.search(name)
    if not m:
        return None
    y1, m1 = int(m.group(1)), int(m.group(2))
    y2, m2 = (int(m.group(3)), int(m.group(4))) if m.group(3) else (y1, m1)
    start = dt.date(y1, m1, 1)
    ny, nm = _month_shift(y2, m2, 1)
    end = dt.date(ny, nm, 1) - dt.timedelta(days=1)
    return (start, end) if start <= end else None


def lead_day(norm: str) -> Mention | None:
    """The first reported day in a paragraph's first clause: "岸田20日抵达…", "3月14日,…"."""
    reach = len(first_clause(norm))
    for m in find_dates(norm[:reach + 16]):  # (the clause and a date that may straddle its end)
        if m.start >= reach:
            break
        if m.kind in ("ymd", "d") and not m.in_title and not m.since and not m.future and not m.relative:
            return m
    return None


def place(m: Mention, context: dt.date, issue: dt.date | None = None, floor: dt.date | None = None,
          ahead: bool = False, after: dt.date | None = None) -> dt.date | None:
    """A mention placed by its neighbours: a day alone in the month before, of or after `context`,
    whichever is nearest, a day before the context counting 1.5 times as far ("14日" after 3月20日
    -> March 14; "2日" after 3月28日 -> April 2; "24日" after 6月6日 -> June 24), and not before
    `floor` (the digest's period) where another month allows; a month-day in the nearest year;
    never after the issue date unless announced ("将于"). With `ahead` the context comes later in
    reading order (the entries before a digest's first written month): a day after it counts
    1.5 times as far ("7日" before 3月20日 -> March 7). `after`, a written date that comes next
    in reading order, is a neighbour too: a day alone takes the month nearest to either, a day
    after `after` counting 1.5 times as far ("15日晚发动未遂政变" after an 8月24日 item and before
    "7月20日,…宣布紧急状态" -> July 15; "22日" between 7月13日 and 8月24日 -> August 22)."""
    if m.kind == "ymd" and m.year is not None and not m.relative:
        return _safe(m.year, m.month, m.day)  # type: ignore[arg-type]
    if m.kind == "ymd" and not m.relative:
        candidates = [d for y in (context.year - 1, context.year, context.year + 1) if (d := _safe(y, m.month, m.day))]  # type: ignore[arg-type]
    elif m.kind == "d" and not m.relative:
        candidates = [d for by in (-1, 0, 1) if (d := _safe(*_month_shift(context.year, context.month, by), m.day))]  # type: ignore[arg-type]
    else:
        start, _, _ = _resolve(m, issue or context)
        return start
    if issue is not None and not m.future:
        candidates = [d for d in candidates if d <= issue] or candidates
    if floor is not None and m.kind == "d":  # a day alone, in the digest's period where it can be
        candidates = [d for d in candidates if d >= floor] or candidates
    against = 1.0 if ahead else _BACKWARD  # a day against reading order counts as further away
    along = _BACKWARD if ahead else 1.0

    def far(d: dt.date) -> float:
        near = (d - context).days * along if d >= context else (context - d).days * against
        if after is not None and m.kind == "d" and not ahead:
            near = min(near, (after - d).days if d <= after else (d - after).days * _BACKWARD)
        return near
    return min(candidates, key=far, default=None)


_LATER = "date in line"  # the basis of a date found past an entry's first paragraph
_EARLIER_NOTE = " (told as earlier)"  # in the basis of a day the text tells as before the news
_BACKWARD = 1.5  # digests read forward in time: a day before the context counts as further away
# "同日,…", "当天晚些时候,…", "同一天举行的希腊议会选举中,…": the day of the entry before
_SAME_DAY = re.compile(r"^(?:(?:同日|同一天|同一日)(?![期时])|(?:当天|当日)(?:[,,]|[上下]午|晚|早|稍早|稍晚|晚些时候|早些时候))")
_STALE_AFTER = 3  # undated entries after which the context returns to the issue date
_AFTER_REACH = 2  # how many entries ahead the next written date is looked for (past undated ones)


def date_entries(entries: Sequence[RawEntry], as_of: dt.date | None,
                 hint: tuple[dt.date, dt.date] | None = None) -> list[DateInfo]:
    """Every entry's date, in reading order: a date without a month or year takes them from
    the dates around it (the previous dated entry, else the next, else the digest's period),
    never after the issue date `as_of` unless announced. Background dates (before the period)
    date their entry but do not move the context."""
    start = hint[0] if hint else None
    end = hint[1] if hint and (as_of is None or hint[1] > as_of) else as_of

    def in_period(d: dt.date | None) -> bool:
        return d is not None and (start is None or d >= start) and (end is None or d <= end)

    def moves(info: DateInfo) -> bool:
        # a day of the period moves the context; one found only past the entry's first
        # paragraph does not ("7月13日起,…" recalled in an August article summary)
        return info.precision == "day" and in_period(info.value) and not info.basis.startswith(_LATER)
    # the anchor: the first date with a written month; the entries before it are dated against
    # it looking back (they come before it in reading order), the rest forward from it
    context: dt.date | None = None
    anchor = 0
    for k, e in enumerate(entries):
        for m in find_dates(e.paragraphs[0].norm):
            if m.kind == "ymd" and not m.relative and not m.future and not m.in_title:
                d = place(m, as_of or start or dt.date(m.year or 2000, m.month, 1), as_of)  # type: ignore[arg-type]
                if in_period(d):
                    context, anchor = d, k
                    break
        if context is not None:
            break
    context = context or start or as_of
    # a date is placed no later than the issue date, or the end of the period the file name gives
    cap = max(as_of, hint[1]) if as_of and hint else as_of or (hint[1] if hint else None)
    out: list[DateInfo] = []
    back = context
    for e in reversed(entries[:anchor]):
        info = entry_date(e, cap, back, start, ahead=True)
        if moves(info):
            back = info.value
        out.append(info)
    out.reverse()
    # the written date of each entry ("7月20日", not "20日"), for the day alone before it
    plain = [entry_date(e, cap, None, start) for e in entries]
    written = [i if i.precision == "day" and "月" in i.basis and in_period(i.value) and not i.basis.startswith(_LATER)
               and _EARLIER_NOTE not in i.basis else None for i in plain]
    undated = 0
    same: dt.date | None = None
    for k, e in enumerate(entries[anchor:], anchor):
        nxt = next((written[j] for j in range(k + 1, min(k + 1 + _AFTER_REACH, len(entries)))
                    if plain[j].value is not None), None)
        # After a run of undated entries (a section of article summaries), the next news section
        # is written against the issue date, not against the last item before the run: a day
        # alone there ("韩美防长31日商定") is the latest such day, as at the digest's start.
        if undated >= _STALE_AFTER and as_of is not None:
            context, same = as_of, None
        info = entry_date(e, cap, context, start, after=nxt.value if nxt is not None else None, same=same)
        if moves(info) and not _is_article(e.paragraphs[0].norm):
            # (an article summary's day of publication does not: summaries are not in the
            # news items' order, "7月3日,《外交学者》刊登…" among late-July items)
            # the next entries' neighbour: this entry's latest follow-up day, or its own day
            same, context = info.value, _follow_up(e, info.value, cap, start, in_period)
        undated = 0 if info.value is not None else undated + 1
        out.append(info)
    return out


_FOLLOW_UP_REACH = dt.timedelta(days=31)  # a later paragraph's day this far after its entry's is a follow-up


def _follow_up(entry: RawEntry, day: dt.date, cap: dt.date | None, floor: dt.date | None,
               in_period: Callable[[dt.date | None], bool]) -> dt.date:
    """The latest day an entry's later paragraphs report in their first clause, after the entry's
    own `day` ("12日,数十名武装人员占领…" in an item dated 4月6日): the context its neighbours
    take their month from. `day` when they report none."""
    latest = day
    for p in entry.paragraphs[1:]:
        m = lead_day(p.norm)
        if m is None or m.earlier:
            continue
        d = place(m, day, cap, floor)
        if d is not None and in_period(d) and day < d <= day + _FOLLOW_UP_REACH:
            latest = max(latest, d)
    return latest


def issue_date(entries: Sequence[RawEntry], override: dt.date | None = None,
               hint: tuple[dt.date, dt.date] | None = None, header: dt.date | None = None) -> dt.date | None:
    """The digest's issue date: `override`, a header line's date, else the latest date it reports
    (`as_of_date`), no later than the last day of the period its file name gives."""
    if override is not None:
        return override
    if header is not None:
        return header
    found = as_of_date(entries)
    if hint is not None and (found is None or not hint[0] <= found <= hint[1]):
        # the latest date the text gives lies outside the period its name gives: a background
        # date ("2023年6月30日" recalled in a 2023-12_2024-01 digest) or an announced one
        return hint[1]
    return found


def header_date(par: Paragraph) -> dt.date | None:
    """The issue date a digest's opening line states, if the line is only that
    ("本期简报收录截至2023年3月10日的动态", "(2023年2月10日)")."""
    return _header_date(par)
