"""Tests for generator.dates: text in, date out; plus the sample digest against its gold dates."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.dates import _SAME_DAY, as_of_date, date_entries, entry_date, find_dates, issue_date, lead_day, period_hint
from generator.model import Paragraph, RawEntry
from generator.read import read_digest
from generator.text import first_clause

DIGESTS = Path(__file__).parent / "fixtures" / "digests"
GOLDS = sorted(DIGESTS.glob("*.gold.json"))
SAMPLE = DIGESTS / "briefing-2022-11_2023-02.gold.json"
D = dt.date


def entry(*paragraphs: str, first_line: int = 1) -> RawEntry:
    pars = tuple(Paragraph(first_line + i, t, unicodedata.normalize("NFKC", t)) for i, t in enumerate(paragraphs))
    return RawEntry("test.txt", pars, "test")


def digest(*entries: tuple[str, ...]) -> list[RawEntry]:
    out, line = [], 1
    for pars in entries:
        out.append(entry(*pars, first_line=line))
        line += len(pars)
    return out


def gold_entries(gold_path: Path) -> tuple[list[RawEntry], list[dict]]:
    """The digest's paragraphs grouped by the gold line ranges."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    d = read_digest(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")))
    by_line = {p.number: p for p in d.paragraphs}
    entries = []
    for g in gold["entries"]:
        pars = tuple(by_line[n] for n in range(g["first_line"], g["last_line"] + 1) if n in by_line)
        entries.append(RawEntry(d.name, pars, "gold"))
    return entries, gold["entries"]


def shown(info) -> str | None:
    return info.iso()


# ---------------------------------------------------------------- the sample and other gold digests
def test_sample_as_of_is_the_latest_reported_date():
    entries, _ = gold_entries(SAMPLE)
    # 2023年2月1日 is the latest full date; "美国国务院2月10日称" is later; "将于2月13日" is announced.
    assert as_of_date(entries) == D(2023, 2, 10)


def _gold_date_misses(gold_path: Path) -> tuple[list, int]:
    """Dates of the gold entries, placed in context as the pipeline does (dates.date_entries):
    the dated entries' misses, and how many are dated. An entry the gold leaves undated must
    stay so."""
    entries, golds = gold_entries(gold_path)
    hint = period_hint(entries[0].source)
    infos = date_entries(entries, issue_date(entries, hint=hint), hint)
    dated = [(i, g) for i, g in zip(infos, golds) if g["date"]]
    undated = [(i, g) for i, g in zip(infos, golds) if not g["date"]]
    wrongly_dated = [(g["first_line"], shown(i)) for i, g in undated if i.value is not None]
    assert not wrongly_dated
    return [(g["first_line"], g["date"], shown(i)) for i, g in dated if shown(i) != g["date"]], len(dated)


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name)
def test_gold_digest_dates(gold_path: Path):
    """No digest far off: at most 20 % of its dated entries wrong (some need knowledge of the
    world: "特朗普竞选团队17日宣布人事调整" is August because the campaign says so; 2009-06_2009-08,
    written blind with its items grouped by topic and out of date order on purpose, has 5 of 26:
    "安理会12日通过第1874号决议" after August items is June 12)."""
    misses, dated = _gold_date_misses(gold_path)
    assert len(misses) <= 0.20 * dated, misses


def test_gold_dates_pooled():
    """Over every gold digest, at least 98 % of dated entries right (the mean of 0.99 that the
    README reports, less a margin)."""
    results = [_gold_date_misses(p) for p in GOLDS]
    wrong, dated = sum(len(m) for m, _ in results), sum(n for _, n in results)
    assert wrong <= 0.02 * dated, [m for m, _ in results if m]


def test_sample_is_exact():
    entries, golds = gold_entries(SAMPLE)
    as_of = as_of_date(entries)
    assert [shown(entry_date(e, as_of)) for e in entries] == [g["date"] for g in golds]


# ---------------------------------------------------------------- as-of date
def test_as_of_override_wins():
    entries = digest(("2023年1月5日,五角大楼新闻秘书出席新闻发布会。",))
    assert as_of_date(entries, override=D(2023, 3, 1)) == D(2023, 3, 1)


@pytest.mark.parametrize("header, expected", [
    ("截至2023年2月10日", D(2023, 2, 10)),
    ("(2023年2月10日)", D(2023, 2, 10)),
    ("（２０２３年２月１０日）", D(2023, 2, 10)),  # full-width forms, folded by NFKC
    ("发布日期:2023-02-10", D(2023, 2, 10)),
    ("发布日期：2023年2月10日 编辑:国际部", D(2023, 2, 10)),
    ("本期简报收录截至2023年2月10日的动态", D(2023, 2, 10)),
    ("二〇二三年二月十日", D(2023, 2, 10)),
])
def test_as_of_from_header(header, expected):
    entries = digest((header,), ("2023年1月5日,五角大楼新闻秘书出席新闻发布会。",))
    assert as_of_date(entries) == expected


def test_a_dated_statistic_is_not_a_header():
    # "截至…," followed by content is a statement in the first entry, not the issue date.
    entries = digest(("截至2023年3月10日,全球确诊病例超过6亿。",), ("2023年2月5日,某国发表声明。",))
    assert as_of_date(entries) == D(2023, 3, 10)  # still the latest reported date
    entries = digest(("2023年1月5日,五角大楼新闻秘书出席新闻发布会,回应国际形势问题。",),)
    assert as_of_date(entries) == D(2023, 1, 5)


def test_as_of_ignores_announced_dates():
    entries = digest(
        ("2023年1月27日,美国国务院称,纽兰将于2023年1月28日至2月3日前往尼泊尔。",),
        ("美国国务院2月10日称,谢尔曼将于2月13日在华盛顿会见日本副大臣。",),
    )
    assert as_of_date(entries) == D(2023, 2, 10)


def test_as_of_uses_announced_dates_when_nothing_else_is_dated():
    entries = digest(("美国国务院称,纽兰将于2023年1月28日至2月3日前往尼泊尔。",))
    assert as_of_date(entries) == D(2023, 2, 3)


def test_as_of_ignores_far_targets():
    entries = digest(
        ("2022年12月6日,双方举行联合新闻发布会。",), ("2023年1月5日,五角大楼举行发布会。",),
        ("2023年2月1日,美国同东盟开展对话。",), ("双方同意,到2049年10月1日实现目标。",),
    )
    assert as_of_date(entries) == D(2023, 2, 1)


def test_as_of_steps_through_month_days_but_not_to_background_dates():
    entries = digest(
        ("2022年11月21日,美澳举行对话。",), ("12月30日,美国印太司令部发表声明。",),
        ("1月26日,美国国防部称。",), ("2月8日,美法举行对话。",),
        ("美国及其伙伴正建设印太地区。5月23日,拜登启动框架。",),  # background, 3 months later
    )
    assert as_of_date(entries) == D(2023, 2, 8)


def test_as_of_moves_to_a_later_day_alone_in_its_month():
    entries = digest(
        ("2023年10月3日,欧盟委员会发布建议。",), ("10月26日至28日,双方举行会谈。",),
        ("韩国国防部12日表示,韩美两国空军举行了联合空中演习。",),
        ("第十届北京香山论坛31日在北京闭幕。",),
    )
    assert as_of_date(entries) == D(2023, 10, 31)
    assert entry_date(entries[2], D(2023, 10, 31)).value == D(2023, 10, 12)
    # February has no 31st: "31日" stays in January and the as-of stays at 2月10日.
    entries = digest(("美国国务院2023年2月10日称,将继续合作。",), ("韩美防长31日商定,加强延伸威慑。",))
    assert as_of_date(entries) == D(2023, 2, 10)
    # A day alone in a continuation paragraph does not move it: "布林肯称,11日签署的协议".
    entries = digest(("美国国务院2023年2月10日称,将继续合作。",), ("美日举行对话。", "布林肯称,11日签署的协议…"))
    assert as_of_date(entries) == D(2023, 2, 10)
    assert entry_date(entries[1], D(2023, 2, 10)).value == D(2023, 1, 11)


def test_as_of_without_full_dates():
    assert as_of_date(digest(("12月30日,美国印太司令部发表声明。",))) is None
    assert as_of_date(digest(("2023年3月,某机构发布报告。",))) == D(2023, 3, 31)
    assert as_of_date([]) is None


# ---------------------------------------------------------------- entry dates
AS_OF = D(2023, 2, 10)


@pytest.mark.parametrize("paragraphs, value, precision, end, basis", [
    # leading ranges
    (("11月21日至22日,美国会同澳大利亚政府在堪培拉举行了年度战略政策对话(SPD)。",),
     D(2022, 11, 21), "day", D(2022, 11, 22), "leading date 11月21日至22日"),
    (("1月28日至2月3日,纽兰访问尼泊尔、印度、斯里兰卡和卡塔尔。",),
     D(2023, 1, 28), "day", D(2023, 2, 3), "leading date 1月28日至2月3日"),
    (("11月21-22日,美澳举行对话。",), D(2022, 11, 21), "day", D(2022, 11, 22), "leading date 11月21-22日"),
    # full dates, with a time after them
    (("2023年1月5日,五角大楼新闻秘书帕特·莱德(Patrick Ryder)出席新闻发布会。",),
     D(2023, 1, 5), "day", None, "leading date 2023年1月5日"),
    (("2022年12月22日晚十点,美国国务卿安东尼·J·布林肯与王毅进行了通话。",),
     D(2022, 12, 22), "day", None, "leading date 2022年12月22日"),
    (("２０２３年１月５日，五角大楼举行发布会。",), D(2023, 1, 5), "day", None, "leading date 2023年1月5日"),
    # a date inside the first clause; the announced 2月13日 is not the entry's date
    (("美国国务院2月10日称,副国务卿温迪·谢尔曼将于2月13日在华盛顿特区会见日本副大臣。",),
     D(2023, 2, 10), "day", None, "date in first clause 2月10日"),
    # day-only dates: the latest such day on or before the as-of date
    (("韩美防长31日商定,为应对朝鲜核导威胁,进一步加强美国延伸威慑承诺执行能力。",),
     D(2023, 1, 31), "day", None, "date in first clause 31日"),
    (("正在纽约联合国总部访问的韩国外交部长官朴振当地时间1日分别会见中俄两国的常驻联合国代表。",),
     D(2023, 2, 1), "day", None, "date in first clause 1日"),
    (("据驻韩美军特种作战司令部(SOCKOR)29日消息,韩美海军特种作战部队本月中旬进行了演习。",),
     D(2023, 1, 29), "day", None, "date in first clause 29日"),
    (("当地时间1日,朴振会见中俄两国的常驻联合国代表。",), D(2023, 2, 1), "day", None, "leading date 1日"),
    # a title in 《》 is not a date: the entry's date is 1日, not 《1月进出口动向》
    (("韩国产业通商资源部1日发表的《1月进出口动向》显示,1月出口同比减少16.6%。",),
     D(2023, 2, 1), "day", None, "date in first clause 1日"),
    # a full date of the event inside the first paragraph
    (("美国及其印太地区的战略伙伴正建设一个更加自由、开放的印太地区。"
      "2022年5月23日,美国总统拜登(Joe Biden)在启动仪式上表示。",),
     D(2022, 5, 23), "day", None, "date in first paragraph 2022年5月23日"),
    # a date only in a continuation paragraph
    (("美国国务卿安东尼·布林肯(Antony Blinken)和日本外务大臣林芳正在华盛顿举行了“2+2”对话。",
      "美日双方同意调整美军在冲绳岛的驻军。",
      "布林肯称,11日签署的协议反映出两国努力深化“所有领域”的合作。日美将从2027年开始举行联合军事演习。"),
     D(2023, 1, 11), "day", None, "date in line 3: 11日"),
    # a background month in a later paragraph does not replace the leading date
    (("2022年12月6日,美国国务卿布林肯与澳大利亚外交部长举行联合新闻发布会。",
      "2022年5月,美国与其他13个合作伙伴共同发起了印太经济繁荣框架。"),
     D(2022, 12, 6), "day", None, "leading date 2022年12月6日"),
    # month precision
    (("2023年3月,某机构发布报告。",), D(2023, 3, 1), "month", None, "leading month 2023年3月"),
    (("某机构2022年10月发布报告称,出口下降。",), D(2022, 10, 1), "month", None, "leading month 2022年10月"),
    # an announced date when nothing else dates the entry
    (("美国国务院宣布,国防部长将于1月29日启程前往韩国和菲律宾。",),
     D(2023, 1, 29), "day", None, "announced date 1月29日"),
    # Chinese numerals and traditional forms
    (("十二月三十日,美國印太司令部發表聲明。",), D(2022, 12, 30), "day", None, "leading date 十二月三十日"),
    (("美國國務院3號稱,將繼續支持。",), D(2023, 2, 3), "day", None, "date in first clause 3號"),
    (("本月2日当天,产业部举行出口状况检查会议。",), D(2023, 2, 2), "day", None, "leading date 本月2日"),
    (("去年11月20日,三国领导人在金边峰会上达成协议。",), D(2022, 11, 20), "day", None, "leading date 去年11月20日"),
])
def test_entry_date(paragraphs, value, precision, end, basis):
    info = entry_date(entry(*paragraphs), AS_OF)
    assert (info.value, info.precision, info.end, info.basis) == (value, precision, end, basis)


@pytest.mark.parametrize("paragraphs", [
    # article summaries: dates inside are the article's subject
    ("安东尼娅-赫迈迪(Antonia Hmaidi)在《外交学人》上发表了一篇名为《为什么欧洲在美国对中国的出口管制中挣扎》的文章,"
     "作者指出,2022年10月,美国通过了对中国的全面新出口管制。",),
    ("马修·罗查特(Matthew Rochat)在《国家利益》上发表了一篇名为《美国必须长期在非洲“全力以赴”》的文章。",
     "作者指出,2009年,中国超过美国成为非洲最大的贸易伙伴。2021年3月5日,贸易额创纪录。"),
    # no date at all
    ("美国国务卿安东尼·布林肯在《华尔街日报》CEO理事会峰会接受采访。",
     "布林肯国务卿表示,重要的是要看中国和美国能否找到合作方式。"),
    # false dates: numbers, relative months, titles, year ranges
    ("“2+2”对话后,T-90M坦克最远射击距离可达到5000米,拜登宣布提供超过150亿美元。",),
    ("半岛在过去70年间没有发生武力冲突,韩国为跻身2024至2025年非常任理事国之列做铺垫。",),
    ("三国领导人曾在去年11月的金边峰会上达成协议,演习于本月中旬进行。",),
    ("《1月进出口动向》显示,出口同比减少。",),
    ("该法规定,进口商须在30日内申报,价格为20日元。",),
])
def test_entry_without_date(paragraphs):
    info = entry_date(entry(*paragraphs), AS_OF)
    assert (info.value, info.precision, info.end) == (None, "none", None)


def test_without_as_of_only_full_dates_are_placed():
    assert entry_date(entry("2023年1月5日,五角大楼举行发布会。"), None).value == D(2023, 1, 5)
    info = entry_date(entry("12月30日,美国印太司令部发表声明。"), None)
    assert (info.value, info.precision) == (None, "none")


# ---------------------------------------------------------------- a digest crossing a new year
def test_digest_crossing_a_new_year():
    entries = digest(
        ("12月30日,美国印太司令部就朝鲜发射弹道导弹一事发表声明。",),
        ("12月30日至1月2日,某代表团访问日本。",),
        ("2023年1月3日,国务院发言人内德·普赖斯发表评论。",),
        ("1月11日,美日举行“2+2”会议。",),
        ("韩美防长31日商定,加强延伸威慑。",),
        ("美国国务院2月10日称,谢尔曼将于2月13日会见日本副大臣。",),
        ("11月21日至22日,美澳举行年度战略政策对话。",),
    )
    as_of = as_of_date(entries)
    assert as_of == D(2023, 2, 10)
    got = [(entry_date(e, as_of).value, entry_date(e, as_of).end) for e in entries]
    assert got == [
        (D(2022, 12, 30), None), (D(2022, 12, 30), D(2023, 1, 2)), (D(2023, 1, 3), None),
        (D(2023, 1, 11), None), (D(2023, 1, 31), None), (D(2023, 2, 10), None),
        (D(2022, 11, 21), D(2022, 11, 22)),
    ]


def test_day_only_date_early_in_a_month():
    # As of 2023-01-03, "31日" is last December's 31st and "29日" too.
    assert entry_date(entry("韩美防长31日商定。"), D(2023, 1, 3)).value == D(2022, 12, 31)
    # 29日 as of 2023-03-01: February 2023 has no 29th, so January.
    assert entry_date(entry("据司令部29日消息。"), D(2023, 3, 1)).value == D(2023, 1, 29)


def test_an_entry_opening_with_the_same_day_takes_the_day_of_the_entry_before():
    entries = digest(
        ("拜登23日在东京同日本首相岸田文雄举行会谈。",),
        ("同日,拜登在东京宣布启动“印太经济框架”。",),
        ("当天,中方对此表示坚决反对。",),
    )
    infos = date_entries(entries, D(2022, 5, 31), (D(2022, 5, 1), D(2022, 7, 31)))
    assert [i.value for i in infos] == [D(2022, 5, 23)] * 3


def test_the_same_day_may_open_a_longer_phrase():
    # "同一天举行的…选举中": the day of the entry before, not a day found further on
    entries = digest(("5月6日,法国总统选举第二轮投票结果揭晓。", "默克尔7日在柏林表示欢迎。"),
                     ("同一天举行的希腊议会选举中,两大党合计得票率仅为32%。", "此后,三党领导人15日仍未能组阁。"),
                     ("当天晚些时候,欧盟发表声明。",))
    infos = date_entries(entries, D(2012, 7, 31), period_hint("briefing-2012-05_2012-07.txt"))
    assert [i.iso() for i in infos] == ["2012-05-06", "2012-05-06", "2012-05-06"]
    # a period of time is not the day: "同日期" / "当天起" are not openings of the kind
    assert not _SAME_DAY.match("同日期相比,出口下降。") and not _SAME_DAY.match("当天起实施。")


def test_an_article_summarys_day_does_not_move_the_context():
    """Article summaries are not in the news items' order: "24日" after late-July items and an
    article published on 7月3日 is July 24, not June 24 (nearer the article's day)."""
    entries = digest(("7月9日至13日,东盟外长会议在金边举行。",), ("美国国务卿克林顿14日至15日访问埃及。",),
                     ("7月3日,《外交学者》(The Diplomat)刊登新加坡学者陈永康的文章《黄岩岛之后》。", "文章指出,对峙仍未结束。"),
                     ("三沙市成立大会24日在永兴岛举行。",))
    infos = date_entries(entries, D(2012, 7, 31), period_hint("briefing-2012-05_2012-07.txt"))
    assert [i.iso() for i in infos] == ["2012-07-09", "2012-07-14", "2012-07-03", "2012-07-24"]


def test_a_day_alone_prefers_the_month_ahead_in_reading_order():
    # 24日 after a flashback to 6日: June 24 (18 days on), not May 24 (13 days back)
    entries = digest(("6月13日,韩国外长访美。",), ("《华盛顿邮报》6日援引官员的话报道称。",),
                     ("美国、澳大利亚和英国24日发表联合声明。",))
    infos = date_entries(entries, D(2022, 7, 31), (D(2022, 5, 1), D(2022, 7, 31)))
    assert [i.value for i in infos] == [D(2022, 6, 13), D(2022, 6, 6), D(2022, 6, 24)]


def test_an_article_is_dated_by_its_month_of_publication():
    info = entry_date(entry("《外交政策》(Foreign Policy)4月下旬刊登了布鲁金斯学会研究员萨拉·哈达德的文章《影子战争的终结》。",
                            "文章指出,2019年5月以来冲突不断。"), D(2024, 6, 30))
    assert (info.value, info.precision) == (D(2024, 4, 1), "month")


# ---------------------------------------------------------------- find_dates
@pytest.mark.parametrize("text, found", [
    ("2+2 T-90M 5000米 150亿美元 70年间 2024至2025年 F-22 2.85万名", []),
    ("《1月进出口动向》", [("1月", "m", True)]),
    ("去年11月的金边峰会", [("去年11月", "ym", False)]),
    ("2023年1月28日至2月3日", [("2023年1月28日至2月3日", "ymd", False)]),
    ("30日内 20日元 5日本", []),
    ("3名南亚裔青年10日凌晨遇难", [("10日", "d", False)]),  # a word's 年 before a day: 青年|10日
    ("2023年10日", []),  # a year's 年 never
    ("《外交事务》2020年3/4月号 《外交政策》5月号", []),  # a journal's issue is no date
    ("2022年5月号召各国加入", [("2022年5月", "ym", False)]),  # but 号召 ("called on") follows one
])
def test_find_dates(text, found):
    assert [(m.text, m.kind, m.in_title) for m in find_dates(text)] == found


def test_find_dates_marks_announced_dates():
    (m,) = find_dates("纽兰将于2023年1月28日至2月3日前往尼泊尔")
    assert m.future and (m.year, m.month, m.day, m.end_month, m.end_day) == (2023, 1, 28, 2, 3)
    (m,) = find_dates("此前,1月28日美国宣布")
    assert not m.future


# ---------------------------------------------------------------- robustness
_ALPHABET = "0123456789年月日号至到-将于本去今《》,。、当地时间十二三〇一美国称2+T亿米"


@given(st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=40), min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_a_consistent_date(paragraphs):
    entries = [entry(*paragraphs)]
    as_of = as_of_date(entries)
    info = entry_date(entries[0], as_of or AS_OF)
    assert (info.value is None) == (info.precision == "none")
    assert info.end is None or (info.value is not None and info.end >= info.value)
    assert info.basis


# ---------------------------------------------------------------- context: before the first month, spans, later paragraphs
def test_days_before_the_first_written_month_are_placed_looking_back_from_it():
    """The first entries of a digest that name no month are dated against the first written
    month after them, as earlier days: "7日" then "15日" before "3月20日" are in March, not April."""
    entries = digest(("韩美两军7日启动年度联合军事演习,演习将持续至4月30日。",),
                     ("缅甸联邦议会15日举行总统选举。",),
                     ("3月20日,奥巴马抵达哈瓦那。",),
                     ("奥巴马23日飞抵布宜诺斯艾利斯。",))
    infos = date_entries(entries, D(2016, 5, 31), period_hint("briefing-2016-03_2016-05.txt"))
    assert [i.iso() for i in infos] == ["2016-03-07", "2016-03-15", "2016-03-20", "2016-03-23"]


def test_a_date_that_opens_a_span_does_not_date_the_entry():
    """"…以来" after a date: the span since then, not the day of the news."""
    e = entry("2024年12月8日阿萨德政权倒台以来,叙利亚过渡政府一直试图整合各地武装。")
    assert entry_date(e, D(2025, 8, 31)).value is None
    assert find_dates("2月24日以来,俄军推进")[0].since and not find_dates("2月24日起,俄军推进")[0].since
    # ... the span of the year that comes first, not of the day before it
    assert not find_dates("乌干达23日举行1980年以来首次多党制选举")[0].since


def test_a_date_found_past_the_first_paragraph_does_not_move_the_context():
    """An entry dated only by a later paragraph ("7月13日起,…" recalled in it) keeps the
    context of the entries around it: the next "15日" follows the August entry before."""
    entries = digest(("以色列安全内阁8月8日凌晨批准了加沙城计划。",),
                     ("叙利亚过渡政府一直试图整合各地武装。", "7月13日起,苏韦达省爆发冲突。"),
                     ("特朗普与普京15日在阿拉斯加州举行会晤。",))
    infos = date_entries(entries, D(2025, 8, 31), period_hint("briefing-2025-06_2025-08.txt"))
    assert [i.iso() for i in infos] == ["2025-08-08", "2025-07-13", "2025-08-15"]


def test_a_day_long_before_the_period_is_background_when_the_entry_reports_another():
    """"三国于去年5月29日签署的《条约》1日正式生效": the treaty's signing is background; the
    entry reports the 1st, in the digest's period. Alone, a background day still dates it."""
    entries = digest(("俄罗斯12月30日宣布对乌克兰恢复供气。",),
                     ("由俄罗斯、白俄罗斯和哈萨克斯坦三国于去年5月29日在阿斯塔纳签署的《欧亚经济联盟条约》1日正式生效。",),
                     ("2014年5月29日,俄白哈三国签署《欧亚经济联盟条约》。",))
    infos = date_entries(entries, D(2015, 1, 31), period_hint("briefing-2014-11_2015-01.txt"))
    assert [i.iso() for i in infos] == ["2014-12-30", "2015-01-01", "2014-05-29"]


def test_a_day_told_as_earlier_gives_way_to_the_news_of_a_later_paragraph():
    """"首相石破茂此前于9月7日宣布辞去总裁职务" is what had happened before; the entry reports
    "高市4日晚…表示" (October, after the 9月29日 entry). Alone, the earlier day still dates it."""
    assert [m.earlier for m in find_dates("首相石破茂此前于9月7日宣布辞职,高市4日当选")] == [True, False]
    assert [m.earlier for m in find_dates("此前,特朗普10月15日曾公开证实")] == [True]
    assert [m.earlier for m in find_dates("此前一天,双方15日举行会谈")] == [False]
    entries = digest(("9月29日,特朗普在白宫同内塔尼亚胡举行会谈。",),
                     ("日本自民党总裁选举结果揭晓,高市早苗当选总裁。首相石破茂此前于9月7日宣布辞职。",
                      "高市4日晚在党总部举行记者会。"),
                     ("美国国务院宣布,首相石破茂此前于9月7日宣布辞职。",))
    infos = date_entries(entries, D(2025, 11, 28), period_hint("briefing-2025-09_2025-11.txt"))
    assert [i.iso() for i in infos] == ["2025-09-29", "2025-10-04", "2025-09-07"]
    # the only day, in a later paragraph, told as earlier: it still dates the entry
    alone = digest(("特朗普听取了多套军事行动方案。", "此前,特朗普10月15日曾公开证实授权秘密行动。"))
    assert date_entries(alone, D(2025, 11, 28), period_hint("briefing-2025-09_2025-11.txt"))[0].iso() == "2025-10-15"


def test_an_official_report_is_news_dated_by_a_later_paragraph_an_article_is_not():
    """"美国国务院发布了题为《…》的报告" is news: "…4日率团出席…" in its next paragraph dates it.
    A think tank's report or an author's article is a summary: its later days are its subject."""
    entries = digest(("11月1日,东盟峰会在曼谷开幕。",),
                     ("美国国务院发布了题为《自由开放的印太》(A Free and Open Indo-Pacific)的报告。",
                      "报告发布之际,美国商务部长罗斯4日率团出席东亚峰会。"),
                     ("美国战略与国际研究中心(CSIS)发布了题为《印太》的报告。", "报告指出,美国5日宣布了新计划。"),
                     ("亚洲开发银行(ADB)发布旗舰报告《2015年亚洲发展展望》,预计亚洲经济增长6.3%。",
                      "亚行首席经济学家6日在香港发布报告时表示,油价下跌带来利好。"))
    infos = date_entries(entries, D(2019, 11, 30), period_hint("briefing-2019-09_2019-11.txt"))
    assert [i.iso() for i in infos] == ["2019-11-01", "2019-11-04", None, "2019-11-06"]


def test_a_day_told_in_an_articles_voice_in_a_later_paragraph_is_its_subject():
    """A summary whose opening is no article introduction the rules know ("…周刊以《…》为题刊发封面
    文章", "国际危机组织…发表报告认为"): a day in a later sentence that opens in the article's or the
    report's voice ("该文称,4月20日…", "该报告还提到,在2月26日…") is what it discusses, and dates no
    entry; a day a later paragraph tells in its own voice still does."""
    entries = digest(("香港《远东经济评论》周刊以《非典考验新班子》为题刊发封面文章,认为疫情是新领导层的首场危机。",
                      "该文称,4月20日撤换卫生部长和北京市长的决定,显示新领导层愿以更高的透明度换取信任。"),
                     ("国际危机组织发表报告认为,伊核协议顺利进入执行阶段。",
                      "报告指出,美国保留的非核制裁使银行心存顾虑。该报告还提到,在2月26日举行的伊朗议会选举中,改革派获胜。"),
                     ("某国议会通过了预算法案。", "总统5月22日签署了该法案。"))
    infos = date_entries(entries, D(2003, 5, 30), period_hint("briefing-2003-03_2003-05.txt"))
    assert [i.iso() for i in infos] == [None, None, "2003-05-22"]


def test_a_day_in_an_authors_view_is_its_subject():
    """A day in a sentence of the first paragraph that gives an author's view ("他认为,1998年7月15日
    公布的…报告已经表明…") or a later paragraph in the author's voice ("作者注意到,共和党7月31日…")
    dates no entry; a day a news item's next sentence reports still does."""
    entries = digest(("传统基金会高级研究员托马斯·惠特尼在一份《背景报告》中呼吁尽快部署导弹防御。"
                      "他认为,1998年7月15日公布的委员会报告已经表明威胁存在。",
                      "作者注意到,共和党7月31日至8月3日召开的全国代表大会已支持这一主张。"),
                     ("两国关系持续紧张。8月2日,两国外长在曼谷会晤。",))
    infos = date_entries(entries, D(2000, 9, 4), period_hint("briefing-2000-06_2000-08.txt"))
    assert [i.iso() for i in infos] == [None, "2000-08-02"]


def test_a_day_alone_takes_the_month_of_the_nearer_neighbour_before_or_after():
    """"15日晚发动未遂政变" between an 8月24日 item and "7月20日,…宣布紧急状态" is July 15 (five
    days before the item after it), not August 15 (nine days before the item before it); "22日"
    between 7月13日 and 8月24日 is August 22. With no written date after it, the entry before
    decides, as before."""
    entries = digest(("7月13日,韩国国防部宣布部署地点。",), ("韩美两军22日启动联合演习。",),
                     ("8月24日,中日韩外长会在东京举行。",), ("土耳其军方部分人员15日晚发动未遂政变。",),
                     ("埃尔多安7月20日晚宣布全国进入紧急状态。",), ("美国财政部16日宣布制裁。",))
    infos = date_entries(entries, D(2016, 9, 1), period_hint("briefing-2016-06_2016-08.txt"))
    assert [i.iso() for i in infos] == ["2016-07-13", "2016-08-22", "2016-08-24", "2016-07-15", "2016-07-20",
                                        "2016-07-16"]


def test_the_next_entries_take_their_month_from_the_latest_follow_up_of_the_entry_before():
    """An item dated 4月6日 that follows its story to 12日 and 17日 in later paragraphs: "28日"
    after it is April 28 (11 days after the last follow-up), not March 28 (nine days before the
    item's own day). "同日" after it is still the item's own day."""
    entries = digest(("北约外长会议4月1日在布鲁塞尔举行。",),
                     ("亲俄示威者6日占领了顿涅茨克州政府大楼。", "此后局势持续升级。12日,武装人员占领斯拉维扬斯克。",
                      "美国、欧盟、俄罗斯和乌克兰四方17日在日内瓦举行会谈。"),
                     ("阿博特28日宣布,空中搜寻行动已经结束。",))
    infos = date_entries(entries, D(2014, 4, 30), period_hint("briefing-2014-02_2014-04.txt"))
    assert [i.iso() for i in infos] == ["2014-04-01", "2014-04-06", "2014-04-28"]
    entries = digest(("北约外长会议4月1日在布鲁塞尔举行。",),
                     ("亲俄示威者6日占领了顿涅茨克州政府大楼。", "四方17日在日内瓦举行会谈。"),
                     ("同日,俄方宣布举行演习。",))
    infos = date_entries(entries, D(2014, 4, 30), period_hint("briefing-2014-02_2014-04.txt"))
    assert [i.iso() for i in infos] == ["2014-04-01", "2014-04-06", "2014-04-06"]


def test_a_day_a_later_paragraph_gives_outside_the_period_is_not_the_entrys():
    # "…被推迟至3月1日" in the second paragraph of an item of a November-January digest
    infos = date_entries(digest(("某国会通过了财政妥协方案。", "自动削减开支被推迟至3月1日。"),),
                         D(2013, 1, 31), period_hint("briefing-2012-11_2013-01.txt"))
    assert infos[0].value is None


def test_a_month_in_the_first_clause_dates_an_article():
    info = entry_date(entry("国际危机组织(International Crisis Group)12月初发布中东和北非系列报告《埃及的宪法之争》,认为…"),
                      D(2013, 1, 31), floor=D(2012, 11, 1))
    assert (info.iso(), info.precision) == ("2012-12", "month")


def test_an_enumeration_comma_does_not_end_the_first_clause():
    # "美国、欧盟、俄罗斯和乌克兰四方17日…": 17日 is in the first clause
    assert first_clause("美国、欧盟、俄罗斯和乌克兰四方17日在日内瓦举行会谈,克里出席") == "美国、欧盟、俄罗斯和乌克兰四方17日在日内瓦举行会谈"
    assert lead_day("美国、欧盟、俄罗斯和乌克兰四方17日在日内瓦举行会谈,克里出席").day == 17


def test_a_day_of_the_year_by_name_is_a_date():
    # "元旦当天" after a 12月30日 item is January 1 of the next year; "元旦前夕" is no day
    entries = digest(("12月30日,某国宣布新一轮制裁。",), ("元旦当天,朝鲜三家报刊发表新年共同社论。",))
    infos = date_entries(entries, D(2011, 1, 31), period_hint("briefing-2010-11_2011-01.txt"))
    assert [i.iso() for i in infos] == ["2010-12-30", "2011-01-01"]
    assert find_dates("元旦前夕,某国领导人发表新年贺词") == ()
