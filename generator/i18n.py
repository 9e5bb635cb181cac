"""Interface labels and date formats in Chinese and English, in one place."""

from __future__ import annotations

import datetime as dt

from .model import FAMILIES, DateInfo

LANGS = ("zh", "en")

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "site_name": "国际动态简报档案", "home": "首页", "archive": "归档", "tags": "标签", "glossary": "中英对照",
        "search": "搜索", "latest": "最新条目", "entries": "条", "entries_per_month": "每月条目数",
        "undated": "无日期", "date": "日期", "source": "来源", "lines": "行", "copy_link": "复制链接",
        "copied": "已复制", "previous": "上一条", "next": "下一条", "related": "相关条目", "names": "提及的名称",
        "all_years": "各年份", "page": "页", "other_lang": "English", "other_lang_code": "en",
        "not_found": "未找到页面", "not_found_text": "这个地址没有页面。可以搜索，或从以下入口浏览：",
        "feed": "订阅（Atom）", "english_title": "英文标题", "year": "年", "more": "更多",
        "search_credit": "以英文词语检索中文条目时，使用 [CC-CEDICT](https://cc-cedict.org/wiki/) 汉英词典"
                         "（MDBG 发布）的释义；搜索索引中的英文释义改编自该词典，按同一许可协议"
                         "（[CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/)）提供。",
        "kind.person": "人物", "kind.org": "机构", "kind.publication": "出版物", "kind.acronym": "缩写",
        "kind.other": "其他", "mentioned_in": "出现于", "moved": "此条目已移至", "tag_index_intro": "按类别浏览标签（括号内为条目数）。",
        "archive_intro": "按年月浏览全部条目。", "home_intro": "国际动态简报的逐条档案，可按日期、标签浏览和搜索。",
        "digest": "简报", "digests": "各期简报", "publication": "来源刊物", "latest_digest": "最新一期简报",
        "issued": "发布于", "whole_digest": "查看本期全部条目", "earlier": "更早的条目",
        "issue_of": "期 {date}", "issue_note": "条目未注明日期，按所属简报的发布日期（{date}）排列",
        "generated_title": "英文标题由条目中的人名、机构与议题生成", "title_en_label": "英文标题",
        "title_zh_label": "中文标题", "zh": "中文", "en": "英文", "tags_more": "等", "entry": "条",
    },
    "en": {
        "site_name": "Briefing Archive", "home": "Home", "archive": "Archive", "tags": "Tags", "glossary": "Glossary",
        "search": "Search", "latest": "Latest entries", "entries": "entries", "entries_per_month": "Entries per month",
        "undated": "Undated", "date": "Date", "source": "Source", "lines": "lines", "copy_link": "Copy link",
        "copied": "Copied", "previous": "Previous", "next": "Next", "related": "Related entries", "names": "Names mentioned",
        "all_years": "Years", "page": "page", "other_lang": "中文", "other_lang_code": "zh",
        "not_found": "Page not found", "not_found_text": "There is no page at this address. Search, or browse from here:",
        "feed": "Feed (Atom)", "english_title": "English title", "year": "", "more": "more",
        "search_credit": "English words find Chinese entries through the glosses of the "
                         "[CC-CEDICT](https://cc-cedict.org/wiki/) Chinese-English dictionary, published by MDBG; "
                         "the glosses in the search index are adapted from it and shared under the same licence, "
                         "[CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/).",
        "kind.person": "People", "kind.org": "Organisations", "kind.publication": "Publications", "kind.acronym": "Acronyms",
        "kind.other": "Other", "mentioned_in": "Mentioned in", "moved": "This entry has moved to",
        "tag_index_intro": "Browse tags by family (entry counts in brackets).",
        "archive_intro": "All entries by year and month.",
        "home_intro": "An entry-by-entry archive of international-affairs briefings, to browse by date and tag and to search.",
        "digest": "Digest", "digests": "Digests", "publication": "Publication", "latest_digest": "Latest digest",
        "issued": "issued", "whole_digest": "All entries of this digest", "earlier": "Earlier entries",
        "issue_of": "issue of {date}", "issue_note": "The entry gives no date; listed under its digest's issue date ({date})",
        "generated_title": "English headline composed from the entry's people, organisations and topics",
        "title_en_label": "English headline", "title_zh_label": "Chinese headline", "zh": "Chinese", "en": "English",
        "tags_more": "more", "entry": "entry",
    },
}

FAMILY_TITLES = {
    "zh": {f: zh for f, (zh, _en) in FAMILIES.items()},
    "en": {f: en for f, (_zh, en) in FAMILIES.items()},
}
FAMILY_TITLES["zh"]["country"] = "国家/地区"
FAMILY_TITLES["en"]["country"] = "Countries and regions"  # the search filters, which group countries and regions

# Family labels beside an entry's tags and on the tag index: each family its own name, the
# publication (来源刊物) never confused with the digest an entry comes from (简报)
FAMILY_NAMES = {
    "zh": {"country": "国家", "region": "地区", "person": "人物", "org": "机构", "topic": "议题", "publication": "来源刊物"},
    "en": {"country": "Countries", "region": "Regions", "person": "People", "org": "Organisations", "topic": "Topics",
           "publication": "Publications"},
}
_MONTHS_EN_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def month_name(year: int, month: int, lang: str) -> str:
    return f"{year}年{month}月" if lang == "zh" else f"{_MONTHS_EN[month - 1]} {year}"


def format_date(info: DateInfo, lang: str) -> str:
    """Chinese style on zh pages (2023年1月11日), English style on en pages (11 January 2023)."""
    if info.value is None:
        return LABELS[lang]["undated"]
    d = info.value
    if info.precision == "month":
        return month_name(d.year, d.month, lang)
    text = _day(d, lang)
    if info.end and info.end != d:
        end = info.end
        if lang == "zh":
            text += f"至{end.month}月{end.day}日" if end.month != d.month else f"至{end.day}日"
        else:
            text = f"{d.day}–{_day(end, lang)}" if (end.month, end.year) == (d.month, d.year) else f"{text} – {_day(end, lang)}"
    return text


def _day(d: dt.date, lang: str) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def format_issue(d: dt.date, lang: str, short: bool = False) -> str:
    """A digest's issue date: "2023年2月10日" / "10 February 2023"; short: "2023-02-10" / "10 Feb 2023"."""
    if not short:
        return _day(d, lang)
    return d.isoformat() if lang == "zh" else f"{d.day} {_MONTHS_EN_SHORT[d.month - 1]} {d.year}"


def format_list_date(date: DateInfo, issue: dt.date | None, lang: str) -> tuple[str, str]:
    """(text, note) for an entry's date in a list: its own date; else its digest's issue date,
    marked as such ("期 2023-02-10", "issue of 10 Feb 2023") with a note saying why."""
    if date.value is not None or issue is None:
        return format_date(date, lang), ""
    L = LABELS[lang]
    return (L["issue_of"].format(date=format_issue(issue, lang, short=True)),
            L["issue_note"].format(date=format_issue(issue, lang)))
