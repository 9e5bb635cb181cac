"""Splitting a digest into entries: one decision per paragraph, weighing evidence.

A digest is one paragraph per line with no marker between entries. For every paragraph
after the first, `features` describes it against the entry being built (cues such as a
leading date or "文章指出", cohesion with the entry, its opening and the paragraph after it:
shared names and words, anaphora, how its date relates to the entry's, what the actor of a
dated clause does), and a logistic model turns the weighted sum into the probability that a
new entry starts there. The weights are fitted on the gold digests by
`benchmarks/split_eval.py --fit` and shipped in `generator/data/split_model.json`; each
decision keeps its log-odds and top contributions for `briefing check`. Editors' overrides
are hard constraints. Junk lines left over from web pages are dropped and reported, never
silently.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import dates
from .entities import Pair, Taxonomy, country_mentions, default_taxonomy, family_first, find_pairs, trie_regex
from .model import Decision, Digest, Dropped, Overrides, Paragraph, RawEntry, SplitResult
from .text import ACCORDING_TO, ARTICLE_INTRO, CJK, LEADING_QUOTE, cjk_bigrams, cjk_count, first_clause, first_sentence

log = logging.getLogger(__name__)

__all__ = ["ARTICLE_INTRO", "Overrides", "SplitModel", "by_kind", "default_model", "features", "junk_reason",
           "paragraph_kind", "split_digest", "training_rows"]

# ---------------------------------------------------------------- junk lines
# Each pattern is matched against a whole short line (NFKC form), never inside a paragraph.
# Web-page controls, alone or several on one line: "按条件查询", "返回顶部", "打印本页 关闭窗口".
_CONTROL = (r"(?:按条件查询|高级搜索|站内搜索|搜索|返回顶部|回到顶部|返回首页|返回列表|返回目录|返回上页|返回上一页|回到首页"
            r"|打印本页|打印|关闭窗口|关闭"
            r"|【打印】|【关闭】|【打印本页】|【关闭窗口】|收藏本页|收藏|分享到:?|扫一扫|相关链接:?|相关阅读:?|字号大中小)")
_PAGER = r"(?:上一页|下一页|上一篇|下一篇|首页|尾页|末页)"
_JUNK: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), why) for p, why in (
    # search-form and toolbar leftovers of a web page: "按条件查询", "返回顶部", "打印本页 关闭窗口"
    (rf"^{_CONTROL}(?:[\s|/·]*{_CONTROL})*$|^(?:分享到|扫一扫).{{0,20}}$", "web page control"),
    # font-size switches and view counters: "字号:大 中 小", "浏览次数:123"
    (r"^(字号|字体)[::].{0,12}$|^(浏览次数|点击量|阅读量|访问量)[::]?\s*\d*$", "web page control"),
    # pagination: "上一页 下一页", "上一页 1 2 下一页", "首页 | 尾页" lines that only navigate
    (rf"^(?:\d{{1,3}}[\s|/]*)*{_PAGER}(?:[\s|/]*(?:{_PAGER}|\d{{1,3}}|…|\.\.\.))*$", "pagination"),
    # page numbers: "- 3 -", "— 12 —", "第2页", "第 2 页 共 5 页", "2/5", "Page 3"
    (r"^[-—–\s]*\d{1,4}[-—–\s]*$", "page number"),
    (r"^第\s*\d{1,4}\s*页(\s*[,/]?\s*共\s*\d{1,4}\s*页)?$|^共\s*\d{1,4}\s*页$", "page number"),
    # page breaks: "—— 下接第2页 ——", "(接上页)", "【续上页】"
    (r"^[-—–\s((【\[]*(?:下接|上接|接上|接下|续上|续下|转下|转至|转)第?\s*\d{0,4}\s*页[-—–\s))】\]]*$", "page number"),
    (r"^\d{1,4}\s*/\s*\d{1,4}$|^(?i:page)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?$", "page number"),
    # navigation crumbs: "首页 > 国际动态 > 正文", "当前位置:首页>新闻"
    (r"^(当前位置[::])?\s*(首页|主页|网站首页)\s*[>›»/].{0,40}$", "navigation crumb"),
    (r"^当前位置[::].{0,40}$", "navigation crumb"),
    # editor and source footers: "责任编辑:王某", "(责任编辑:…)"
    (r"^[((【\[]?(责任编辑|编辑|责编)[::].{0,20}$", "editor footer"),
    # editors' notes and source notes: "编者注:本期部分人名为暂译", "〔编者按〕以下为1月动态。",
    # "资料来源:各机构官方网站及新华社…公开报道。", "(本期资料来源:新华社、路透社…,由编辑部整理编译)"
    (r"^[((【〔\[]?(?:编者按|编者注|编按|编注|译者注)[))】〕\]]?[::]?.{0,58}$", "editor's note"),
    (r"^[((【〔\[]?(?:本期|本文|以上)?(?:资料来源|信息来源|消息来源|素材来源|来源)[))】〕\]]?[::].{0,58}$", "source note"),
    # ... and disclaimers: "以下为智库及媒体观点摘编,仅供参考,不代表编者立场。"
    (r"^[((【〔\[]?(?:以下|以上|下列|上述)[^。]{0,40}(?:仅供参考|不代表[^。]{0,8}(?:立场|观点))[。.]?[))】〕\]]?$", "editor's note"),
    # ... and credits: "(以上消息综合自新华社、美联社及路透社报道)", "(据新华社)", "(本期内容根据新华社…编译整理)"
    # (and "(注:本期内容根据…编译整理,观点不代表编者立场。)", the note's mark inside the bracket)
    (r"^(?:[((【〔\[]?(?:注|说明|附注|备注)[::]\s*)?(?:[((【〔\[](?:以上|本期|本文|上述)?|(?:以上|本期|本文|上述))(?:消息|内容|信息|资料|动态|新闻)?"
     r"(?:综合自|综合|均据|根据|依据|据|来自|摘自|编译自|整理自)[^。]{2,50}[。.]?[))】〕\]]?$", "source note"),
    # ... and a note's disclaimer: "注:文章摘要部分仅反映原作者观点,不代表本刊立场。"
    (r"^[((【〔\[]?(?:注|说明|附注|备注)[::][^。]{0,40}"
     r"(?:仅供参考|不代表[^。]{0,8}(?:立场|观点)|仅(?:反映|代表)[^。]{0,8}观点)[^。]{0,20}[。.]?[))】〕\]]?$", "editor's note"),
    # distribution notes: "本期简报仅供内部参阅,请勿外传。", "(内部资料,注意保密)"
    (r"^[((【〔\[]?(?:本期简报|本期|本刊|本简报|本材料|本文|以上)?(?:内容|材料)?(?:仅供(?:内部)?参阅|仅供内部(?:参考|使用)|内部资料|内部参考"
     r"|请勿外传|不得外传|请勿转载|注意保密)[^。]{0,20}[。.]?[))】〕\]]?$", "distribution note"),
    # end marks: "(本期完)", "【完】", "(全文完)"
    (r"^[((【\[]?(?:本期|本文|全文)?完[))】\]]?$", "end mark"),
    # separator rules made of punctuation only: "-----", "=====", "***"
    (r"^[-=*_—~·.。•]{3,}$", "separator"),
))


def junk_reason(norm: str) -> str | None:
    """Why a line is web-page junk, or None if it is content."""
    if len(norm) > 60:
        return None
    for pattern, why in _JUNK:
        if pattern.match(norm):
            return why
    return None


# ---------------------------------------------------------------- cues (features of one paragraph)
# A date with a day at the very start: "1月11日,…", "2023年1月5日,…", "11月21日至22日,…",
# "当地时间6月1日,…", "31日凌晨,…".
_ZONE = r"(?:(?:当地时间|北京时间|美东时间|美国东部时间|华盛顿时间)\s*)?"  # "当地时间6月1日"
_MONTH_DAY = r"(?:\d{4}年)?\d{1,2}月\d{1,2}日"  # "1月11日", "2023年1月5日"
_LEADING_DAY = re.compile(rf"^{_ZONE}(?:{_MONTH_DAY}|\d{{1,2}}日(?=[,、凌上中下晚早午夜至到\-]))")
_LEADING_MONTH_DAY = re.compile(rf"^{_ZONE}{_MONTH_DAY}")
# A full date at the start: "2022年10月7日,美国商务部…" (background when far before the digest).
_LEADING_FULL = re.compile(rf"^{_ZONE}\d{{4}}年\d{{1,2}}月\d{{1,2}}日")
# A month or year without a day at the start: "2022年5月,…", "12月上旬,…".
_LEADING_MONTH = re.compile(r"^(?:\d{4}年\d{1,2}月(?!\d{1,2}日)|\d{4}年(?!\d{1,2}月)|\d{1,2}月(?!\d{1,2}日)(?:份|中旬|上旬|下旬|初|底)?[,,])")
# Discourse connectives that open a continuing paragraph: "此外,", "与此同时,", "首先,", "因此,".
_CUE_DISCOURSE = re.compile(
    r"^(?:最后|最终|此外|另外|另一方面|同时|与此同时|随后|之后|其后|然而|但是|但|不过|而且|并且|对此|因此|所以|总之|综上"
    r"|首先|其次|再次|再者|第[二三四五六七八九十][,、]|其[一二三四五六][,、]|[一二三四五六]是|一方面|根据|为此|就此)")
# Words of an article summary: "文章指出", "作者认为", "报告称", "该文".
_CUE_ARTICLE = re.compile(r"^(?:文章|该文|此文|全文|原文|作者|笔者|报告(?:指出|称|认为|建议|强调|显示)|该报告|研究(?:指出|认为)"
                          r"|(?:该)?社论(?:指出|称|认为|建议|强调|写道))")  # "社论认为,…" in an editorial's summary
# Pronouns, parties and demonstratives that refer back: "他表示", "双方同意", "美方称", "该框架",
# "此次会谈", "两国", "会上".
_CUE_REFER = re.compile(
    r"^(?:他|她|他们|她们|其(?![他它实中])|两人|二人|双方|三方|四方|各方|两国|三国|两军|两位"
    r"|[中美日韩俄英法德澳印朝欧菲越加意以伊乌巴]{1,3}方(?![面向法案式针])|[中美日韩俄英法德澳印朝欧菲越加意以伊乌巴]{0,3}双方"
    r"|此次|本次|这次|这一|这些|这是|这[场起项份种批轮位条个](?![国])|此举|上述|该[" + CJK + r"]"
    r"|会上|会后|会谈中|会谈后|会议期间|访问期间|期间|声明(?:称|指出|表示))")
# What an actor did on the day, in the words right after it: said ("…27日表示", "…发表声明称") or
# did ("…25日在布鲁塞尔举行特别峰会"). In the 23 gold digests, 45 of 132 dated paragraphs that say
# open an item, 280 of 356 of those that do.
_SPEECH_OR_EVENT = re.compile(
    r"(表示|称|说|指出|强调|回应|谈话|声明|证实|确认|否认|批评|谴责|警告|呼吁|透露|宣称|发文|发推|致辞|讲话|演讲|致信|答问|作证"
    r"|接受[^,。]{0,12}采访)"
    # (not the setting of a statement: "在新闻发布会上表示", "通过视频发表讲话", "举行记者会表示")
    r"|(举行(?!记者会|新闻发布会|新闻会)|宣布|签署|发射|抵达|访问|会见|会晤|启动|通过(?!视频|电话|社交)|发布(?!会)|公布"
    r"|召开(?!记者会|新闻发布会)|出席|发生|举办|成立|开幕|闭幕|批准|决定|实施|启程|前往|结束|提交|通电话|会谈)")
# the verb stands within a few words of the day: "…25日在布鲁塞尔举行"; further on it is the
# content of what was said or done
_PREDICATE_WINDOW = 25
# A lead that quotes before naming its speaker: "“我们正在经历的是北约的脑死亡。”马克龙在7日…表示"
# (a quotation is a sentence, closed by its stop: "“一带一路”国际合作高峰论坛18日…" quotes a name;
# a pronoun after it is a continuation's speaker: "“…。”他23日表示")
_QUOTE_LEAD = re.compile(r"^“[^”]{3,}[。!?…]”(?![他她其该])[^,。“]{2,40}?(?:\d{1,2}日|表示|称|说|指出)")
# Time words that tie a paragraph to the previous one's day: "当天", "次日", "同日".
_CUE_TIME = re.compile(r"^(?:当天|当日|次日|当晚|届时|谈及|谈到|在谈到)")
# "同日,…": another event of the same day (where "当天,…" is that day of the same story).
_CUE_SAME_DAY = re.compile(r"^(?:同日|同一天|同一日)")
# A framing of another side of the same story: "白宫方面,…", "朝鲜方面,…".
_FRAMING = re.compile(rf"^(?:[{CJK}A-Za-z]{{1,10}}方面|在[{CJK}A-Za-z]{{1,12}}(?:问题|领域|方面)上|就[{CJK}A-Za-z]{{1,12}}而言)[,,]")
# The same, inside the first clause: "韩国国防部长官李钟燮当天在首尔…", "联合国安理会此后多次…".
_CLAUSE_BACKREF = re.compile(r"当天|当日|同日|次日|当晚|同一天|此前一天|此后|随后|其后|之后不久")
# What had happened before the news, told in the first clause: "莫盖里尼18日曾警告说", "欧盟委员会此前于12日发布".
_CLAUSE_EARLIER = re.compile(r"曾(?!庆红|荫权|蔭權)|此前(?!一天|一日)|早前|先前|早在")
# More of what the entry's actor did, in the first clause: "彭斯17日还宣布", "习近平23日还参观了…",
# "金正恩在贺词中还表示" (not 归还, 偿还, 还原: a verb after 还 and before any comma; nor what was said,
# "日本政府宣布还将追加制裁").
_CLAUSE_ALSO = re.compile(r"(?<![归偿退交返送奉布示称说出调为])还(?=将|在|同|与|向|就|对|曾|称|表示|宣布|会见|会晤|出席|参观|访问|"
                          r"指出|强调|透露|签署|提出|发表|呼吁|批评|警告|要求|承诺|提到|谈到|说)")
# Anaphora inside the first clause: "…24日在堪培拉发布该报告时表示", "上述临时停火协议", "会议18日发表的联合公报",
# "联合国安理会20日就此召开紧急会议".
_CLAUSE_ANAPHORA = re.compile(rf"上述|该[{CJK}]|此次|此举|这一|对此|就此|前述|此事|会议(?:期间|发表|通过)")
_SENTENCE_ANAPHORA = re.compile(rf"上述|该[{CJK}]|此次|此举|此事|就此|对此|会上|会议期间|这一|这次|前述|同一")
# A reaction to what the entry reports: "外交部发言人汪文斌21日回应称", "石破茂6日对此表示".
_REACTION = re.compile(r"回应|对此|就此|表示欢迎|表示祝贺|祝贺|谴责|抗议|予以驳斥|反驳|回击|表示关切|发言人")
# "该所", "该委员会" right after the institution it names, in the same clause, refers to it, not back.
_SELF_REFERENCE = re.compile(rf"\)[^,。;]{{0,30}}?该[{CJK}]")
# In an article summary: "对于拜登的政策,作者指出…".
_ARTICLE_VOICE = re.compile(r"作者|文章|该文|笔者|报告指出")
# Country names that open many unrelated paragraphs ("美国及其印太地区…"): a shared opening
# of only these words is not a recurring subject.
_GENERIC_OPENINGS = (
    "美国", "中国", "日本", "韩国", "朝鲜", "俄罗斯", "英国", "法国", "德国", "澳大利亚", "印度", "欧盟",
    "欧洲", "东盟", "北约", "联合国", "台湾", "菲律宾", "越南", "加拿大", "乌克兰", "以色列", "伊朗",
    "新加坡", "印度尼西亚", "印尼", "泰国", "马来西亚", "新西兰", "巴基斯坦", "沙特", "土耳其", "全球", "世界",
    "国际", "地区", "亚太", "印太",
)
_GENERIC_RE = re.compile("^(?:" + "|".join(sorted(_GENERIC_OPENINGS, key=len, reverse=True)) + ")")
HEADER_REASON = "digest header (its issue date)"
# A first line that describes the digest: "本期简报收录2024年4月至6月的智库观点与重要动态,截至6月30日。"
_HEADER = re.compile(r"^(?:本期|本刊|本简报|本周|本月|本报告)[^,。]{0,20}(?:收录|汇编|汇集|整理|摘编|涵盖)"
                     r"|^(?:本期|本刊)?(?:简报|动态)?(?:截至|截止)\d"
                     # a title with its issue: "国际形势动态摘编 2010年第2期(收录2月1日至4月30日消息)"
                     r"|(?:\d{4}年|总)?第\s*\d{1,4}\s*期(?:\s*[((](?:收录|截至|截止)[^))]{2,40}[))])?$")
_COHESIVE = 0.15
_EVIDENCE_BIGRAMS = 20  # a first sentence with fewer pairs than this is weak evidence of cohesion
_FOLLOW_DAYS = 3  # a day this close after the entry's own is the same story's follow-up
_BACKGROUND_DAYS = 45  # a full date this long before the digest's period is background
_DATED_SPARSE = 0.4  # a digest with fewer dated paragraphs than this dates only its items' openings
_FRAMING_HEADINGS = (4, 0.08)  # framings in at least 4 paragraphs and 8 % of them: section headings


def _shared_opening(norm: str, previous: str) -> str:
    """The longest opening of `norm` that also occurs in `previous` (the recurring subject)."""
    lo, hi = 0, min(len(norm), 30)
    while lo < hi:  # occurrence of a prefix is monotone in its length: binary search
        mid = (lo + hi + 1) // 2
        if norm[:mid] in previous:
            lo = mid
        else:
            hi = mid - 1
    return norm[:lo]


def _strip_generic(opening: str) -> str:
    m = _GENERIC_RE.match(opening)
    return opening[m.end():] if m else opening


def _name_forms(pairs: list[Pair]) -> set[str]:
    """The forms by which a name introduced in a paragraph may come back: 安东尼·布林肯 -> 布林肯;
    岸田文雄 -> 岸田, 小泉纯一郎 -> 小泉 (a Japanese name's family name: entities.family_first); 国际空间研究组织(ISRO) -> ISRO."""
    forms: set[str] = set()
    for p in pairs:
        zh = p.zh
        forms.add(zh)
        if p.kind in ("acronym", "org", "other", "programme", "ship") and re.fullmatch(r"[A-Z][A-Za-z0-9&.\-]{1,9}", p.en):
            forms.add(p.en)
        if "·" in zh or "-" in zh:
            tail = re.split(r"[·\-]", zh)[-1]
            if len(tail) >= 2:
                forms.add(tail)
        elif p.kind == "person" and family_first(zh, p.en):
            forms.add(zh[:2])
    return {f for f in forms if len(f) >= 2 and not _GENERIC_RE.fullmatch(f)}


@dataclass(frozen=True)
class Weighted:
    """Character pairs with their idf in the digest, and the sum of those weights."""

    pairs: tuple[tuple[str, float], ...] = ()
    total: float = 0.0

    @classmethod
    def of(cls, pairs: frozenset[str], idf: Mapping[str, float]) -> Weighted:
        weighted = tuple((b, idf[b]) for b in pairs)
        return cls(weighted, sum(w for _, w in weighted))


@dataclass(frozen=True)
class ParInfo:
    """What the features need of one paragraph, computed once."""

    norm: str
    body: str  # after a framing such as "中东方面," (what the lead-date features read)
    head: str  # the first clause of the body, or the second when the first is only a date ("11月24日,上述…")
    sentence: str
    bigrams: frozenset[str]  # of the first sentence (what the paragraph is about)
    all_bigrams: frozenset[str]  # of the whole paragraph (what the entry so far covers)
    names: frozenset[str]  # forms of the names it introduces with their English form
    pair_in_head: bool  # its head introduces 中文名(English)
    pair_in_sentence: bool  # its first sentence does
    date: dt.date | None  # its first reported day, placed by its neighbours
    lead_day: bool
    lead_full: bool
    lead_month: dt.date | None  # a leading year and month without a day: "2021年9月,…"
    mentions: frozenset[str] = frozenset()  # names of the digest's glossary its first sentence mentions
    all_mentions: frozenset[str] = frozenset()  # those the whole paragraph mentions
    countries: frozenset[str] = frozenset()  # countries and regions its first sentence names
    all_countries: frozenset[str] = frozenset()  # those the whole paragraph names
    predicate: str = ""  # the first sentence after its actor and day
    act: str = ""  # what the actor of that day did: "speech", "event" or ""
    weighted: Weighted = Weighted()  # `bigrams` with their idf in the digest (set last)
    pred_weighted: Weighted = Weighted()  # `predicate` with the same weights


# A leading date that is a clause of its own: "11月24日,", "12月上旬,", "当地时间31日凌晨,".
_DATE_CLAUSE = re.compile(r"^(?:当地时间|北京时间)?(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:[至到\-](?:\d{1,2}月)?\d{1,2}日)?"
                          r"(?:上旬|中旬|下旬|初|底|凌晨|上午|中午|下午|晚间|晚上|晚|早|夜间|深夜)?[,,]")


def head_clause(norm: str) -> str:
    """The clause that carries the paragraph's subject: the first, or the second after a date."""
    m = _DATE_CLAUSE.match(norm)
    return first_clause(norm[m.end():]) if m and m.end() > 2 else first_clause(norm)


@dataclass(frozen=True)
class DigestContext:
    """Digest-wide facts the features need: the digest's period (character pairs carry their own
    idf weights, in ParInfo.weighted)."""

    period_start: dt.date | None
    # framings ("中东方面,", "在乌克兰问题上,") open many of its paragraphs: the writer uses them as
    # section headings, each opening an item; a digest that uses one now and then frames another
    # side of the story ("白宫方面,…" after a visit)
    framing_headings: bool = False
    dated_share: float = 0.0  # the share of its paragraphs that report a day
    named_period: bool = False  # the period comes from the file name (briefing-2023-03_2023-04.txt)


def strip_framing(norm: str) -> str:
    """The paragraph after a framing that only names its area: "中东方面,7月24日,…" -> "7月24日,…".
    (Whether the framing opens a new item or another side of the same story depends on the
    writer: "白宫方面,…" continues, "北约方面,北约峰会11日…" starts; what follows decides.)"""
    m = _FRAMING.match(norm)
    return norm[m.end():] if m else norm


def _geo(norm: str, tax: Taxonomy) -> dict[str, int]:
    """Countries and regions a paragraph names, with the offset of each one's first mention."""
    countries, regions = country_mentions(norm, tax)
    return {**regions, **countries}


def paragraph_infos(digest: Digest, paragraphs: list[Paragraph]) -> tuple[list[ParInfo], DigestContext]:
    """ParInfo for each paragraph, in reading order (dates placed by their neighbours)."""
    hint = dates.period_hint(digest.name)
    bodies = [strip_framing(p.norm) for p in paragraphs]
    leads = [dates.lead_day(b) for b in bodies]
    full = [d for m in leads if m and m.full and (d := dates.place(m, dt.date(m.year, 1, 1)))]  # type: ignore[arg-type]
    if hint:
        start, issue = hint
    elif full:
        issue = max(full)
        start = issue - dt.timedelta(days=120)
    else:
        start = issue = None
    context = start
    if context is None:
        # nothing gives the year: place dates in a stand-in year (the features compare dates
        # within the digest, never with the calendar)
        first_md = next((m for m in leads if m and m.kind == "ymd" and m.month), None)
        context = dt.date(2001, first_md.month, 1) if first_md else None  # type: ignore[arg-type]
    infos = []
    tax = default_taxonomy()
    for k, (par, body, m) in enumerate(zip(paragraphs, bodies, leads)):
        placed = None
        if m is not None and context is not None:
            # a day alone is placed by the written month-day just after it too, as entries are
            # dated (`dates.date_entries`): "22日" after a 6月27日 item and before "7月15日,…"
            after = next((d for n in leads[k + 1:k + 3] if m.kind == "d" and n is not None and n.kind == "ymd"
                          and (d := dates.place(n, context, issue, start)) is not None
                          and (start is None or start <= d <= (issue or d))), None)
            placed = dates.place(m, context, issue, start, after=after)
            if placed is not None and start is not None and start <= placed <= (issue or placed):
                context = placed  # a date of the digest's period (not background) moves the context
        elif m is not None and m.full:
            placed = context = dates.place(m, dt.date(m.year, 1, 1))  # type: ignore[arg-type]
        norm = par.norm
        head = head_clause(body)
        quote = LEADING_QUOTE.match(norm)  # (a quotation that opens the sentence does not count)
        sentence = first_sentence(norm)[:(quote.end() if quote else 0) + 120]
        predicate = _predicate(first_sentence(body)[:120])  # (after a framing: "中东方面,内塔尼亚胡7日表示")
        # (a treaty or law in 《》, 《中导条约》(INF Treaty), is a name for search, but no actor: not
        # evidence of a new item, which the weights were fitted without)
        pairs = [p for p in find_pairs(norm, tax) if not (p.kind == "programme" and f"《{p.zh}》" in norm)]
        head_end = norm.find(head) + len(head)
        geo = _geo(norm, tax)
        infos.append(ParInfo(
            countries=frozenset(k for k, at in geo.items() if at < len(sentence)), all_countries=frozenset(geo),
            norm=norm, head=head, sentence=sentence,
            bigrams=frozenset(cjk_bigrams(sentence)), all_bigrams=frozenset(cjk_bigrams(norm)),
            predicate=predicate, act=_act(predicate),
            names=frozenset(_name_forms(pairs)),
            pair_in_head=any(0 <= norm.find(f"({p.en}") <= head_end and p.zh in norm[:head_end + 1] for p in pairs),
            pair_in_sentence=any(f"({p.en}" in sentence for p in pairs),
            body=body, date=placed, lead_day=bool(_LEADING_DAY.match(body)), lead_full=bool(_LEADING_FULL.match(body)),
            lead_month=next((dt.date(m.year, m.month, 1) for m in dates.find_dates(body[:12])  # type: ignore[arg-type]
                             if m.start == 0 and m.kind == "ym" and m.year and not m.relative), None),
        ))
    # every form of every name the digest introduces in English, wherever it recurs in Chinese only
    forms = set().union(*(info.names for info in infos)) if infos else set()
    if forms:
        rx = re.compile(trie_regex(forms))
        infos = [replace(info, mentions=frozenset(rx.findall(info.sentence)), all_mentions=frozenset(rx.findall(info.norm)))
                 for info in infos]
    df = Counter(b for info in infos for b in info.all_bigrams)
    n = max(len(infos), 1)
    idf = {b: math.log((n + 1) / (df[b] + 0.5)) for b in set().union(*(info.bigrams for info in infos))}
    infos = [replace(info, weighted=Weighted.of(info.bigrams, idf),
                     pred_weighted=Weighted.of(frozenset(cjk_bigrams(info.predicate)), idf))
             for info in infos]
    framed = sum(info.body != info.norm for info in infos)
    headings = framed >= _FRAMING_HEADINGS[0] and framed >= _FRAMING_HEADINGS[1] * len(infos)
    dated_share = sum(info.date is not None for info in infos) / max(len(infos), 1)
    return infos, DigestContext(start, headings, dated_share, named_period=hint is not None)


@dataclass
class _Entry:
    """The entry being built, as the features see it."""

    infos: list[ParInfo] = field(default_factory=list)
    text: str = ""
    bigrams: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    mentions: set[str] = field(default_factory=set)
    date: dt.date | None = None
    article: bool = False

    def copy(self) -> _Entry:
        return _Entry(list(self.infos), self.text, set(self.bigrams), set(self.names), set(self.countries),
                      set(self.mentions), self.date, self.article)

    def add(self, info: ParInfo, starts: bool) -> None:
        if starts:
            self.infos, self.text, self.bigrams, self.names, self.countries = [], "", set(), set(), set()
            self.mentions = set()
            self.date, self.article = info.date, bool(ARTICLE_INTRO.search(info.sentence))
        self.infos.append(info)
        self.text += "\n" + info.norm
        self.bigrams |= info.all_bigrams
        self.names |= info.names
        self.countries |= info.all_countries
        self.mentions |= info.all_mentions
        if self.date is None:
            self.date = info.date


# a day inside a clause, with its time zone: "普京23日", "外交部发言人汪文斌3月14日", "拜登当地时间30日"
_CLAUSE_DAY = re.compile(rf"{_ZONE}(?:\d{{4}}年)?(?:\d{{1,2}}月)?\d{{1,2}}日")
_PARENS = re.compile(r"\([^()]*\)")  # an English form or an aside, left out of the actor


def _predicate(sentence: str) -> str:
    """What a sentence says happened, after its actor and day ("…石破茂27日表示,日方将考虑…" ->
    "表示,日方将考虑…"); empty when no day follows an actor in its first clause."""
    m = _CLAUSE_DAY.search(first_clause(sentence))
    return sentence[m.end():] if m and m.start() > 0 else ""


def _act(predicate: str) -> str:
    """Whether the actor of a dated clause said something or did something, by the first verb
    after its day; "" when there is none."""
    verb = _SPEECH_OR_EVENT.search(predicate[:_PREDICATE_WINDOW])
    return "" if not verb else "speech" if verb.group(1) else "event"


def _overlap(weighted: Weighted, other: set[str] | frozenset[str]) -> float:
    """The idf-weighted share of a sentence's character pairs found in `other`, discounted for
    short texts (a sentence of a few words shares them by chance: "1月2日,日本宣布新政策" after
    "美国宣布新政策")."""
    total = weighted.total
    if not total:
        return 0.0
    share = sum(w for b, w in weighted.pairs if b in other) / total
    return share * min(1.0, len(weighted.pairs) / _EVIDENCE_BIGRAMS)


def _clause_subject(clause: str) -> str:
    """Who acts in a clause dated inside ("俄罗斯总统普京23日发表…" -> "俄罗斯总统普京")."""
    m = _CLAUSE_DAY.search(clause)
    if not m or m.start() == 0:
        return ""
    subject = _PARENS.sub("", clause[:m.start()])
    return subject if cjk_count(subject) >= 2 else ""


def _subject_found(subject: str, entry: _Entry) -> str:
    """Where the entry already has the subject's head (its longest closing part of two or more
    characters): "in-previous" paragraph, earlier "in-entry", or "new"; "generic" for a country
    or region alone ("美国25日宣布…"), which opens unrelated items as often as related ones."""
    previous = entry.infos[-1].norm if entry.infos else ""
    if _GENERIC_RE.fullmatch(subject):
        return "generic"
    for k in range(len(subject) - 1):
        tail = subject[k:]
        if cjk_count(tail) < 2 or _GENERIC_RE.fullmatch(tail):
            continue
        if tail in previous:
            return "in-previous"
        if tail in entry.text:
            return "in-entry"
    return "new"


def features(info: ParInfo, entry: _Entry, ctx: DigestContext, following: ParInfo | None) -> dict[str, float]:
    """The evidence about one paragraph against the entry being built, and the paragraph that
    follows it (all values in [0, 1])."""
    norm, clause, sentence = info.norm, info.head, info.sentence
    f: dict[str, float] = {}

    def put(name: str, value: object) -> None:
        if value:
            f[name] = float(value) if isinstance(value, float | int) else 1.0

    intro = bool(ARTICLE_INTRO.search(sentence))
    put("article-intro", intro)  # "…在《国家利益》上发表了一篇名为《…》的文章"
    put("cue-discourse", _CUE_DISCOURSE.match(norm))  # "此外,", "与此同时,"
    put("cue-article", _CUE_ARTICLE.match(norm))  # "文章指出", "作者认为"
    put("cue-refer", _CUE_REFER.match(norm))  # "双方同意", "美方称", "该框架", "此次会谈"
    put("cue-time", _CUE_TIME.match(norm))  # "当天,…", "次日"
    same_day = _CUE_SAME_DAY.match(norm)
    put("cue-same-day", same_day)  # "同日,朔尔茨…访问白宫"
    # ... with no person, body or country of the entry: another item of that day ("同日,丹麦警方…"
    # after an item on Hungary's border), where one that goes on with the story names its actors
    put("same-day-unrelated", same_day and not (info.mentions & entry.mentions) and not (info.countries & entry.countries))
    put("quote-lead", _QUOTE_LEAD.match(norm))  # "“…。”马克龙在7日刊发的…专访中表示"
    lead = info.date if info.lead_full else info.lead_month
    background = lead is not None and ctx.period_start is not None and \
        lead < ctx.period_start - dt.timedelta(days=_BACKGROUND_DAYS)
    # a leading month-day in the weeks before the period its file name gives: "1月12日,谷歌在博客上
    # 发表…" inside a February item (in the gold, 6 of 6 such paragraphs go on with their item; one
    # further back is more likely a file named for another period than a recalled day)
    background = background or (ctx.named_period and info.lead_day and info.date is not None and ctx.period_start is not None
                                and 0 < (ctx.period_start - info.date).days <= _BACKGROUND_DAYS
                                and bool(_LEADING_MONTH_DAY.match(info.body)))
    if info.lead_day and not background:
        # "1月11日,…" opens an item; "10日,…" with no month most often goes on with its story
        put("lead-date" if _LEADING_MONTH_DAY.match(info.body) else "lead-day-only", True)
    put("lead-date-background", background)  # "2022年10月7日,…", "2021年9月,…" in a 2023 digest
    put("lead-month", _LEADING_MONTH.match(info.body) and not background)  # "12月上旬,…"
    day_in_clause = info.date is not None and not info.lead_day
    put("clause-date", day_in_clause)  # "美国国务院2月10日称"
    put("according-to", ACCORDING_TO.match(info.body))  # "据路透社(Reuters)15日报道"
    # (past an opening "同日,", which cue-same-day weighs)
    put("clause-backref", _CLAUSE_BACKREF.search(head_clause(norm[same_day.end():].lstrip(",")) if same_day else clause))  # "李钟燮当天在首尔…"
    anaphora = _CLAUSE_ANAPHORA.search(clause)
    if anaphora and anaphora.group().startswith("该") and _SELF_REFERENCE.search(clause[:anaphora.end()]):
        anaphora = None  # "洛伊研究所(Lowy Institute)研究员…在该所刊物上发表"
    put("clause-anaphora", anaphora)  # "…发布该报告时表示", "上述…协议"
    put("clause-earlier", _CLAUSE_EARLIER.search(clause))  # "莫盖里尼18日曾警告说"
    # (past a source that opens the paragraph: "据俄通社-塔斯社报道,习近平23日还参观了…")
    source = ACCORDING_TO.match(norm)
    put("clause-also", _CLAUSE_ALSO.search(head_clause(norm[source.end():].lstrip(",")) if source else clause))  # "彭斯17日还宣布"
    # later in the first sentence: "泽连斯基17日在会上发言", "联合国安理会20日就此召开紧急会议"
    put("sentence-anaphora", not anaphora and _SENTENCE_ANAPHORA.search(sentence))
    put("in-article", entry.article)
    if info.body != norm:
        put("framing:headings" if ctx.framing_headings else "framing:aside", True)  # "白宫方面,…"
    put("reaction", _REACTION.search(clause))  # "外交部发言人汪文斌21日回应称"
    # "…。作者认为,梅洛尼将成为…": the author's voice later in the paragraph
    put("article-voice-later", entry.article and not intro and _ARTICLE_VOICE.search(norm[len(sentence):]))
    put("article-voice", entry.article and _ARTICLE_VOICE.search(sentence))  # "对于…,作者指出"
    put("article-undated", entry.article and info.date is None and not intro)
    opening = _shared_opening(norm, entry.text)
    subject = _strip_generic(opening)
    # (a paragraph that opens with a date opens with no subject: "2023年1月3日,…")
    recurring = not _DATE_CLAUSE.match(norm) and not info.lead_day and (
        cjk_count(subject) >= 2 or len(re.findall(r"[A-Za-z]", subject)) >= 3)
    put("recurring-subject", recurring)  # "帕特·莱德在当天…", "俄国防部称"
    put("subject-reintroduced", recurring and subject != opening and cjk_count(opening) >= 6)  # "美国国务卿安东尼·布林肯在…"
    put("entry-name", any(n in clause for n in entry.names))  # "岸田20日抵达…" after 岸田文雄(Fumio Kishida)
    known = any(n in sentence for n in entry.names)
    put("new-name", info.pair_in_head and not known)  # "马修·罗查特(Matthew Rochat)…"
    put("new-name-later", info.pair_in_sentence and not info.pair_in_head and not known)  # "“…。”冯德莱恩(Ursula von der Leyen)…"
    put("generic-opening", _GENERIC_RE.match(norm) and not recurring)  # "美国及其印太地区的战略伙伴…"
    # the share of the paragraph's (informative) character pairs already in the entry; 0.15 and
    # more is as cohesive as continuations get
    # (apart for dated paragraphs, which cohesion ties to the story or only to the topic: a new item
    # of the same topic often follows, dated)
    dated = "dated" if info.date is not None else "undated"
    put(f"cohesion-entry:{dated}", min(1.0, _overlap(info.weighted, entry.bigrams) / _COHESIVE))
    if len(entry.infos) > 1:  # the item's opening paragraph, which a follow-up answers
        put("cohesion-opening", min(1.0, _overlap(info.weighted, entry.infos[0].all_bigrams) / _COHESIVE))
    if following is not None:
        # an item's opening shares its words with the paragraph that goes on with it; a paragraph
        # that goes on with an item shares fewer with the next, which is often another item
        put("cohesion-ahead", min(1.0, _overlap(info.weighted, following.all_bigrams) / _COHESIVE))
    put(f"cohesion-previous:{dated}", min(1.0, _overlap(info.weighted, entry.infos[-1].all_bigrams) / _COHESIVE) if entry.infos else 0.0)
    if info.act:
        put(f"predicate-{info.act}", True)
    # what the sentence says happened, apart from who did it: "石破茂27日表示,日方将考虑…予以应对"
    put("cohesion-predicate", min(1.0, _overlap(info.pred_weighted, entry.bigrams) / _COHESIVE))
    # a news item whose opening gave no date: a dated paragraph after it most often dates it
    # ("韩日两国正式签署《军事情报保护协定》…" then "韩国国防部长官…23日在首尔签署协定")
    put("entry-undated-news", entry.date is None and not entry.article)
    if info.date is not None and entry.date is not None:
        gap = (info.date - entry.date).days
        put("date-follow-up", 0 <= gap <= _FOLLOW_DAYS)  # "船东7日证实…" after a 6日 attack
        put("date-just-before", -_FOLLOW_DAYS * 2 <= gap < 0)  # an item of the day before
        put("date-long-before", gap < -_FOLLOW_DAYS * 2)  # "2月2日,…" recalled inside a March item
        put("date-after-entry", gap > _FOLLOW_DAYS)
    if info.mentions:  # people and organisations of the entry again (in any of their forms)
        shared = len(info.mentions & entry.mentions) / len(info.mentions)
        put("mentions-shared", shared)
        put("mentions-new", not shared)
    if info.countries:  # "朝鲜16日…发射" in an entry about 韩美 exercises; "伊朗…" after a Gaza item
        shared = len(info.countries & entry.countries) / len(info.countries)
        put("countries-shared", shared)
        put("countries-new", not shared)
    if info.lead_day and not background:
        # in a digest that dates few paragraphs, a leading date opens an item
        put("lead-date:sparse-digest", ctx.dated_share < _DATED_SPARSE)
    subject = _clause_subject(clause)
    if subject:
        where = _subject_found(subject, entry)
        put(f"subject-{where}", True)
    put("entry-paragraphs", min(len(entry.infos), 6) / 6)
    put("entry-single", len(entry.infos) == 1)
    # a digest that dates most of its paragraphs runs more one-paragraph items (news-agency
    # style): the pull of a lone opening on its next paragraph weakens with the digest's style
    put("entry-single:dated-digest", (len(entry.infos) == 1) * ctx.dated_share)
    put("short-paragraph", len(norm) < 50)
    return f


# ---------------------------------------------------------------- the model
_MODEL_FILE = Path(__file__).parent / "data" / "split_model.json"


# The kind copies' value: below 1, the fit's L2 penalty weighs them more than the shared
# features (a copy learns from a quarter of the paragraphs). At 0.5 the leave-one-digest-out
# mean F1 is what it is at 1.0 and its minimum higher; the weights of rare evidence stay moderate
# ("a leading date long before the entry's" is background in 7 of 10 gold paragraphs, not a rule).
KIND_SCALE = 0.5


def paragraph_kind(f: Mapping[str, float]) -> str:
    """What opens the paragraph: a leading date, a date in its first clause, an article's
    introduction, or none of those."""
    return "lead" if "lead-date" in f else "clause" if "clause-date" in f else "intro" if "article-intro" in f else "undated"


def by_kind(f: Mapping[str, float]) -> dict[str, float]:
    """The features, each also as a copy for the paragraph's kind ("entry-single|lead"): a piece
    of evidence weighs differently by what opens the paragraph (a first paragraph alone is most
    often followed by its continuation, but not by a paragraph that opens with "1月13日,"), and
    a linear model cannot learn that from the features alone. Under the fit's L2 penalty a kind's
    weight stays small unless its paragraphs depart from the shared weight (see KIND_SCALE)."""
    kind = paragraph_kind(f)
    return {**f, **{f"{k}|{kind}": v * KIND_SCALE for k, v in f.items()}}


@dataclass(frozen=True)
class SplitModel:
    """Logistic weights over `features` and their copies per paragraph kind (`by_kind`):
    P(start) = sigmoid(bias + sum((weight + KIND_SCALE * weight of its kind) * value))."""

    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.0  # log-odds above which a paragraph starts an entry

    def score(self, f: Mapping[str, float]) -> tuple[float, tuple[tuple[str, float], ...]]:
        """The log-odds and each feature's contribution (its shared and kind weights together)."""
        kind = paragraph_kind(f)
        w = self.weights
        parts = sorted(((k, (w.get(k, 0.0) + w.get(f"{k}|{kind}", 0.0) * KIND_SCALE) * v) for k, v in f.items()),
                       key=lambda kv: -abs(kv[1]))
        return self.bias + sum(v for _, v in parts), tuple((k, round(v, 3)) for k, v in parts if v)

    @classmethod
    def from_json(cls, data: Mapping) -> SplitModel:
        return cls({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]), float(data.get("threshold", 0.0)))


@functools.cache
def default_model() -> SplitModel:
    """The weights shipped with the package (fitted by `benchmarks/split_eval.py --fit`)."""
    return SplitModel.from_json(json.loads(_MODEL_FILE.read_text(encoding="utf-8")))


# How many segmentations the decoder keeps at each paragraph (1: decide each paragraph alone).
BEAM = 2


def _log_sigmoid(x: float) -> float:
    return -math.log1p(math.exp(-x)) if x > -30 else x


def _best_path(infos: list[ParInfo], ctx: DigestContext, model: SplitModel,
               forced: list[str | None]) -> list[tuple[bool, dict[str, float]]]:
    """The segmentation with the highest probability under the model (each decision's
    log-probability summed), not the one taken a paragraph at a time: a boundary that looks
    likely alone may leave its next paragraphs no entry they fit. The features of a paragraph
    depend only on where the entry it may join began, so the hypotheses are the entry's start
    (a beam of the BEAM best); editors' overrides stay hard constraints. Each paragraph's
    decision comes with its features on that path."""
    if not infos:
        return []
    first = _Entry()
    first.add(infos[0], True)
    Path_ = tuple[tuple[bool, dict[str, float]], ...]
    beam: list[tuple[float, _Entry, Path_]] = [(0.0, first, ((True, {}),))]
    for i in range(1, len(infos)):
        info = infos[i]
        following = infos[i + 1] if i + 1 < len(infos) else None
        best_start: tuple[float, Path_] | None = None
        nexts: list[tuple[float, _Entry, Path_]] = []
        for score, entry, path in beam:
            f = features(info, entry, ctx, following)
            logit = model.score(f)[0] - model.threshold
            if forced[i] != "join":
                start_score = score + (0.0 if forced[i] == "split" else _log_sigmoid(logit))
                if best_start is None or start_score > best_start[0]:
                    best_start = (start_score, path + ((True, f),))
            if forced[i] != "split":
                joined = entry.copy()
                joined.add(info, False)
                nexts.append((score + (0.0 if forced[i] == "join" else _log_sigmoid(-logit)), joined, path + ((False, f),)))
        if best_start is not None:
            fresh = _Entry()
            fresh.add(info, True)
            nexts.append((best_start[0], fresh, best_start[1]))
        nexts.sort(key=lambda t: -t[0])
        beam = nexts[:BEAM]
    return list(beam[0][2])


def _not_content(digest: Digest) -> dict[int, str]:
    """The paragraphs that are no entry's, by number, with why: web-page junk (`junk_reason`),
    and a header line first in the digest, "本期简报收录截至2023年3月10日的动态" (the digest's
    issue date: metadata rather than an entry)."""
    reasons = {p.number: why for p in digest.paragraphs if (why := junk_reason(p.norm))}
    first = next((p for p in digest.paragraphs if p.number not in reasons), None)
    if first is not None and len(first.norm) <= 60 and (dates.header_date(first) or _HEADER.search(first.norm)):
        reasons[first.number] = HEADER_REASON
    return reasons


def _walk(digest: Digest, model: SplitModel | None, overrides: Overrides,
          teacher: frozenset[int] | None = None) -> Iterator[tuple[Paragraph, str | None, dict[str, float], Decision | None]]:
    """Each paragraph with its junk reason, its features and the decision taken.

    With `teacher` (the gold starts, line numbers), decisions follow the gold: the features are
    those a perfect splitter would see, which is what the model is fitted on."""
    reasons = _not_content(digest)
    content = [p for p in digest.paragraphs if p.number not in reasons]
    infos, ctx = paragraph_infos(digest, content)
    by_number = {p.number: i for i, p in enumerate(content)}
    path = None
    if teacher is None and model is not None and BEAM > 1:
        forced = [overrides.for_paragraph(p.norm) for p in content]
        path = _best_path(infos, ctx, model, forced)
    entry = _Entry()
    for par in digest.paragraphs:
        why = reasons.get(par.number)
        if why:
            yield par, why, {}, None
            continue
        i = by_number[par.number]
        info = infos[i]
        if i == 0:
            entry.add(info, True)
            yield par, None, {}, Decision(par.number, True, "first-paragraph", 50.0)
            continue
        # (the decoder's path carries each paragraph's features: the entry is built there)
        f = path[i][1] if path is not None else features(info, entry, ctx, infos[i + 1] if i + 1 < len(infos) else None)
        if teacher is not None:
            starts = par.number in teacher
            decision = Decision(par.number, starts, "gold", 0.0)
        else:
            assert model is not None
            logit, parts = model.score(f)
            starts = logit > model.threshold if path is None else path[i][0]
            cue = next((k for k, v in parts if (v > 0) == starts), "bias")
            if (logit > model.threshold) != starts:
                cue = "sequence"  # the best sequence of decisions, against this one's own odds
            decision = Decision(par.number, starts, cue, logit - model.threshold, parts[:4])
            forced = overrides.for_paragraph(par.norm)
            if forced:
                decision = Decision(par.number, forced == "split", f"editor-{forced}", 50.0 if forced == "split" else -50.0, parts[:4])
        if path is None:
            entry.add(info, decision.starts)
        yield par, None, f, decision


def training_rows(digest: Digest, gold_starts: frozenset[int]) -> list[tuple[dict[str, float], bool]]:
    """(features with their kind copies, starts) for every paragraph after the first, under the
    gold segmentation."""
    return [(by_kind(f), d.starts) for _, why, f, d in _walk(digest, None, Overrides(), gold_starts)
            if d is not None and d.cue == "gold"]


def split_digest(digest: Digest, overrides: Overrides | None = None, model: SplitModel | None = None) -> SplitResult:
    """Split a decoded digest into raw entries; pure function. `model` defaults to the shipped weights."""
    overrides = overrides or Overrides()
    if digest.marked:
        return _split_marked(digest)
    model = model or default_model()
    entries: list[RawEntry] = []
    dropped: list[Dropped] = []
    decisions: list[Decision] = []
    current: list[Paragraph] = []
    cue = ""
    used: set[str] = set()
    for par, why, _, decision in _walk(digest, model, overrides):
        if why:
            dropped.append(Dropped(par.number, par.text, why))
            continue
        assert decision is not None
        if decision.cue.startswith("editor-"):
            used.update(p for p in (*overrides.join, *overrides.split_before) if par.norm.startswith(p))
        decisions.append(decision)
        if decision.starts and current:
            entries.append(RawEntry(digest.name, tuple(current), cue))
            current = []
        if decision.starts:
            cue = decision.cue
        current.append(par)
    if current:
        entries.append(RawEntry(digest.name, tuple(current), cue))
    warnings = tuple(
        f"{overrides.source}: override '{p}' matched no paragraph of {digest.name}"
        for p in (*overrides.split_before, *overrides.join) if p not in used and overrides.source
    )
    return SplitResult(digest, tuple(entries), tuple(dropped), tuple(decisions), warnings)


def _split_marked(digest: Digest) -> SplitResult:
    """A Markdown digest that marks its entries: '---' between entries or a heading per entry.
    Junk and a header line are left out as in a plain digest (and reported)."""
    entries: list[RawEntry] = []
    current: list[Paragraph] = []
    markers = set(digest.markers)
    decisions: list[Decision] = []
    reasons = _not_content(digest)
    last = 0
    for par in digest.paragraphs:
        if par.number in reasons:
            continue
        boundary = any(last < m < par.number for m in markers) or par.text.startswith("#")
        if boundary and current:
            entries.append(RawEntry(digest.name, tuple(current), "marked"))
            current = []
        decisions.append(Decision(par.number, not current, "marked", 3.0 if not current else -3.0))
        current.append(par)
        last = par.number
    if current:
        entries.append(RawEntry(digest.name, tuple(current), "marked"))
    dropped = sorted([*(Dropped(m, "---", "entry separator") for m in digest.markers),
                      *(Dropped(p.number, p.text, reasons[p.number]) for p in digest.paragraphs if p.number in reasons)],
                     key=lambda d: d.number)
    return SplitResult(digest, tuple(entries), tuple(dropped), tuple(decisions))
