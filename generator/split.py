"""Splitting a digest into entries: one decision per paragraph, from explainable cues.

A digest is one paragraph per line with no marker between entries. For every paragraph
after the first, an ordered list of rules decides whether it starts a new entry or
continues the previous one; the first rule that fires wins and is recorded as the cue,
with a strength (3 strong, 2 medium, 1 weak) that `briefing check` uses to show the
boundaries it is least sure of. Junk lines left over from web pages are dropped and
reported, never silently.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from .model import Decision, Digest, Dropped, Paragraph, RawEntry, SplitResult

log = logging.getLogger(__name__)

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# ---------------------------------------------------------------- junk lines
# Each pattern is matched against a whole short line (NFKC form), never inside a paragraph.
_JUNK: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), why) for p, why in (
    # search-form and toolbar leftovers of a web page: "按条件查询", "返回顶部", "打印本页"
    (r"^(按条件查询|高级搜索|站内搜索|搜索|返回顶部|回到顶部|返回首页|返回列表|打印本页|打印|关闭窗口|关闭"
     r"|【打印】|【关闭】|【打印本页】|【关闭窗口】|收藏本页|分享到:?.*|扫一扫.*|相关链接:?|相关阅读:?)$",
     "web page control"),
    # font-size switches and view counters: "字号:大 中 小", "浏览次数:123"
    (r"^(字号|字体)[::].{0,12}$|^(浏览次数|点击量|阅读量|访问量)[::]?\s*\d*$", "web page control"),
    # pagination: "上一页 下一页", "上一篇:…" lines that only navigate
    (r"^(上一页|下一页|上一篇|下一篇|首页|尾页|末页)([\s|/]*(上一页|下一页|上一篇|下一篇|首页|尾页|末页))*$",
     "pagination"),
    # page numbers: "- 3 -", "— 12 —", "第2页", "第 2 页 共 5 页", "2/5", "Page 3"
    (r"^[-—–\s]*\d{1,4}[-—–\s]*$", "page number"),
    (r"^第\s*\d{1,4}\s*页(\s*[,/]?\s*共\s*\d{1,4}\s*页)?$|^共\s*\d{1,4}\s*页$", "page number"),
    (r"^\d{1,4}\s*/\s*\d{1,4}$|^(?i:page)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?$", "page number"),
    # navigation crumbs: "首页 > 国际动态 > 正文", "当前位置:首页>新闻"
    (r"^(当前位置[::])?\s*(首页|主页|网站首页)\s*[>›»/].{0,40}$", "navigation crumb"),
    (r"^当前位置[::].{0,40}$", "navigation crumb"),
    # editor and source footers: "责任编辑:王某", "(责任编辑:…)"
    (r"^[((【\[]?(责任编辑|编辑|责编)[::].{0,20}$", "editor footer"),
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


# ---------------------------------------------------------------- cues
# A date with a day at the very start: "1月11日,…", "2023年1月5日,…", "11月21日至22日,…",
# "当地时间6月1日,…", "2022年12月22日晚十点,…".
_LEADING_DAY_DATE = re.compile(
    r"^(?:(?:当地时间|北京时间|美东时间|美国东部时间|华盛顿时间)\s*)?(?:\d{4}年)?\d{1,2}月\d{1,2}日")
# A day alone at the start: "31日,韩美防长…" (month from context).
_LEADING_DAY_ONLY = re.compile(r"^(?:当地时间)?\d{1,2}日[,,、]")
# A month or year without a day at the start is background, not news:
# "2022年5月,美国与…其他13个…伙伴共同发起了…" continues a press conference (sample line 41).
_LEADING_MONTH_ONLY = re.compile(r"^(?:\d{4}年\d{1,2}月(?!\d{1,2}日)|\d{4}年(?!\d{1,2}月)|\d{1,2}月(?!\d{1,2}日)(?:份|中旬|上旬|下旬|初|底)?[,,])")
# A day inside the first clause: "美国国务院2月10日称", "韩美防长31日商定", "…当地时间1日分别会见",
# "据驻韩美军特种作战司令部(SOCKOR)29日消息". "至3日" (the end of a range) does not count.
_CLAUSE_DATE = re.compile(r"(?<!至)(?<!到)(?<![\d.])(?:\d{1,2}月)?\d{1,2}日(?!元)")
# An article summary opens by naming the author and the publication:
# "…(Ionut Popescu)在《国家利益》上发表了一篇名为《…》(…)的文章", "…在《外交学人》发表题为《…》".
ARTICLE_INTRO = re.compile(
    r"在《[^》]{1,30}》(?:杂志|网站|期刊|官网|专栏)?(?:上|中)?(?:发表|刊登|刊发|撰文|撰写|发布)"
    r"|(?:发表|撰写|刊发|发布)了?(?:一篇|一份)?(?:题为|名为|标题为|题目为)《")
# "据路透社(Reuters)15日报道", "据韩联社报道": a report attributed to a source opens a news item.
_ACCORDING_TO = re.compile(r"^据[^,。]{1,40}?(?:报道|消息|披露|透露)")
# Discourse cues that can only continue: "文章指出", "作者认为", "最后,", "此外,", "同时,",
# "与此同时,", "首先,", "因此,", "双方", "美方表示", "中方欢迎", "该框架…", "本次对话…", "谈及…".
_CONTINUATION_CUE = re.compile(
    r"^(?:"
    r"文章|该文|此文|全文|原文|作者|笔者|报告(?:指出|称|认为|建议|强调|显示)|该报告|研究(?:指出|认为)"
    r"|最后|最终|此外|另外|另一方面|同时|与此同时|此前|随后|之后|其后|然而|但是|但|不过|而且|并且|对此|因此|所以|总之|综上"
    r"|首先|其次|再次|再者|第[二三四五六七八九十][,、]|其[一二三四五六][,、]|[一二三四五六]是|一方面"
    r"|此次|本次|这次|这一|这些|这是|此举|该[" + CJK + r"]|会上|会后|会谈中|会谈后|会议期间|访问期间|期间|声明(?:称|指出|表示)"
    r"|当天|当日|同日|次日|当晚|同一天|届时|谈及|谈到|在谈到|就此|为此"
    # "根据声明,沙伊双方强调…", "根据该法案,欧盟将…": a paragraph that opens by citing a document
    # continues the item that introduced it (a new item cites with "据…报道", rule 7).
    r"|根据"
    r"|他|她|他们|她们|其(?![他它实中])|两人|二人|双方|三方|四方|各方|两国|三国|两军|两位"
    r"|[中美日韩俄英法德澳印朝欧菲越加意以伊乌巴]{1,3}方(?![面向法案式针])"
    r"|[中美日韩俄英法德澳印朝欧菲越加意以伊乌巴]{0,3}双方"
    r")")
# A back-reference to the previous paragraph's day inside the first clause:
# "韩国国防部长官李钟燮当天在首尔…", "朴振当天还在…", "奥斯汀当天在…".
# "联合国安理会此后多次召开紧急会议" follows the event of the previous paragraph.
_CLAUSE_BACKREF = re.compile(r"当天|当日|同日|次日|当晚|同一天|此前一天|此后|随后|其后|之后不久")
# In an article summary, a paragraph that speaks of "the author" or "the article" in its first
# sentence continues it: "对于拜登的政策,作者指出…".
_ARTICLE_VOICE = re.compile(r"作者|文章|该文|笔者|报告指出")
_NAME_PAIR = re.compile(rf"[{CJK}·\-]{{2,}}\s*\([A-Z][^()]{{1,80}}\)")
# Country names that open many unrelated paragraphs ("美国及其印太地区…"): a shared opening
# of only these words is not a recurring subject.
_GENERIC_OPENINGS = (
    "美国", "中国", "日本", "韩国", "朝鲜", "俄罗斯", "英国", "法国", "德国", "澳大利亚", "印度", "欧盟",
    "欧洲", "东盟", "北约", "联合国", "台湾", "菲律宾", "越南", "加拿大", "乌克兰", "以色列", "伊朗",
    "新加坡", "印度尼西亚", "印尼", "泰国", "马来西亚", "新西兰", "巴基斯坦", "沙特", "土耳其", "全球", "世界",
    "国际", "地区", "亚太", "印太",
)
_CLAUSE_END = re.compile(r"[,;:。!?、]")
_SENTENCE_END = re.compile(r"[。!?]")
_STRONG, _MEDIUM, _WEAK = 3.0, 2.0, 1.0


def first_clause(norm: str) -> str:
    m = _CLAUSE_END.search(norm)
    return norm[: m.start()] if m else norm


def first_sentence(norm: str) -> str:
    m = _SENTENCE_END.search(norm)
    return norm[: m.start()] if m else norm


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
    for word in sorted(_GENERIC_OPENINGS, key=len, reverse=True):
        if opening.startswith(word):
            return opening[len(word):]
    return opening


def _cjk_count(text: str) -> int:
    return len(re.findall(f"[{CJK}]", text))


@dataclass(frozen=True)
class Overrides:
    """Editors' corrections: paragraphs identified by their opening words (NFKC form)."""

    split_before: tuple[str, ...] = ()
    join: tuple[str, ...] = ()
    source: str = ""  # the overrides file, for messages

    def for_paragraph(self, norm: str) -> str | None:
        if any(norm.startswith(p) for p in self.join):
            return "join"
        if any(norm.startswith(p) for p in self.split_before):
            return "split"
        return None


@dataclass
class _State:
    """What the rules may look at: the entry being built (read-only to the rules)."""

    entry: list[Paragraph] = field(default_factory=list)
    article: bool = False  # the current entry is an article summary
    latest: tuple[int, int] | None = None  # newest year and month that opens a paragraph


# A full date opening a paragraph: "2023年1月5日,…" -> (2023, 1)
_FULL_LEADING = re.compile(r"^(?:(?:当地时间|北京时间|美东时间)\s*)?(\d{4})年(\d{1,2})月\d{1,2}日")
# Digests cover a few months; a leading full date more than this before the newest one is history.
_BACKGROUND_MONTHS = 6


def _full_year_month(norm: str) -> tuple[int, int] | None:
    m = _FULL_LEADING.match(norm)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _months_between(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] - a[0]) * 12 + (b[1] - a[1])


def decide(par: Paragraph, state: _State) -> tuple[bool, str, float]:
    """Decide whether `par` starts a new entry. Returns (starts, cue, strength)."""
    norm = par.norm
    clause = first_clause(norm)
    sentence = first_sentence(norm)

    # 1. An article summary opens with its author and publication (strong).
    if ARTICLE_INTRO.search(sentence):
        return True, "article-intro", _STRONG
    # 2. A discourse cue at the start can only continue: "文章指出", "此外,", "美方表示" (strong).
    m = _CONTINUATION_CUE.match(norm)
    if m:
        return False, f"continuation-cue:{m.group()}", _STRONG
    # 3. A date with a day at the start opens a news item: "1月11日,…" (strong) -- unless it is
    #    a full date far older than the digest's news: "2022年10月7日,美国商务部…首次出台了…规则"
    #    recalls the first rules inside a 2023-10 item on their update (weak).
    if _LEADING_DAY_DATE.match(norm) or _LEADING_DAY_ONLY.match(norm):
        year_month = _full_year_month(norm)
        if year_month and state.latest and _months_between(year_month, state.latest) > _BACKGROUND_MONTHS:
            return False, "background-date", _WEAK
        return True, "leading-date", _STRONG
    # 4. A month or year without a day at the start is background: "2022年5月,…" (weak).
    if _LEADING_MONTH_ONLY.match(norm):
        return False, "background-date", _WEAK
    # 5. "当天" in the first clause refers back to the previous paragraph's day:
    #    "韩国国防部长官李钟燮当天在首尔…" (medium).
    if _CLAUSE_BACKREF.search(clause):
        return False, "back-reference", _MEDIUM
    # 6. A day inside the first clause opens a news item: "美国国务院2月10日称" (medium).
    if _CLAUSE_DATE.search(clause) and "《" not in clause.split("日")[0]:
        return True, "date-in-first-clause", _MEDIUM
    # 7. A report attributed to a source opens a news item: "据路透社15日报道" (medium).
    if _ACCORDING_TO.match(norm):
        return True, "according-to", _MEDIUM
    # 8. Inside an article summary, "the author"/"the article" in the first sentence continues:
    #    "对于拜登的政策,作者指出…" (medium).
    if state.article and _ARTICLE_VOICE.search(sentence):
        return False, "article-voice", _MEDIUM
    # 9. The subject of the previous paragraph recurs at the start: "帕特·莱德在当天…",
    #    "俄国防部称", "T-90M“突破”坦克是…" (medium). Two consecutive entries about the same
    #    person re-introduce them with country, title and full name ("美国国务卿安东尼·布林肯在
    #    《华尔街日报》…" after a Blinken phone call): that is a new entry (weak).
    opening = _shared_opening(norm, "\n".join(p.norm for p in state.entry))
    subject = _strip_generic(opening)
    if _cjk_count(subject) >= 2 or len(re.findall(r"[A-Za-z0-9]", subject)) >= 3:
        if subject != opening and _cjk_count(opening) >= 6 and not _CLAUSE_BACKREF.search(clause):
            return True, "subject-reintroduced", _WEAK
        return False, f"recurring-subject:{subject}", _MEDIUM
    # 10. A paragraph whose first clause introduces a name with its English form opens an entry:
    #     "马修·罗查特(Matthew Rochat)…" (weak).
    if _NAME_PAIR.search(clause):
        return True, "introduces-name", _WEAK
    # 11. Nothing recognisable: a digest paragraph with no link back is most often a new item,
    #     e.g. "美国及其印太地区的战略伙伴正建设…" (weak).
    return True, "no-link-to-previous", _WEAK


def split_digest(digest: Digest, overrides: Overrides | None = None) -> SplitResult:
    """Split a decoded digest into raw entries; pure function."""
    overrides = overrides or Overrides()
    if digest.marked:
        return _split_marked(digest)
    entries: list[RawEntry] = []
    dropped: list[Dropped] = []
    decisions: list[Decision] = []
    leading = [ym for p in digest.paragraphs if (ym := _full_year_month(p.norm))]
    state = _State(latest=max(leading) if leading else None)
    cue = ""
    used: set[str] = set()

    def close() -> None:
        if state.entry:
            entries.append(RawEntry(digest.name, tuple(state.entry), cue))

    for par in digest.paragraphs:
        why = junk_reason(par.norm)
        if why:
            dropped.append(Dropped(par.number, par.text, why))
            continue
        if not state.entry:
            starts, rule, strength = True, "first-paragraph", _STRONG
        else:
            starts, rule, strength = decide(par, state)
        forced = overrides.for_paragraph(par.norm)
        if forced and state.entry:
            used.update(p for p in (*overrides.join, *overrides.split_before) if par.norm.startswith(p))
            starts, rule, strength = forced == "split", f"editor-{forced}", _STRONG
        decisions.append(Decision(par.number, starts, rule, strength if starts else -strength))
        if starts:
            close()
            state.entry, state.article, cue = [par], rule == "article-intro", rule
        else:
            state.entry.append(par)
    close()
    warnings = tuple(
        f"{overrides.source}: override '{p}' matched no paragraph of {digest.name}"
        for p in (*overrides.split_before, *overrides.join) if p not in used and overrides.source
    )
    return SplitResult(digest, tuple(entries), tuple(dropped), tuple(decisions), warnings)


def _split_marked(digest: Digest) -> SplitResult:
    """A Markdown digest that marks its entries: '---' between entries or a heading per entry."""
    entries: list[RawEntry] = []
    current: list[Paragraph] = []
    markers = set(digest.markers)
    decisions: list[Decision] = []
    last = 0
    for par in digest.paragraphs:
        boundary = any(last < m < par.number for m in markers) or par.text.startswith("#")
        if boundary and current:
            entries.append(RawEntry(digest.name, tuple(current), "marked"))
            current = []
        decisions.append(Decision(par.number, not current, "marked", 3.0 if not current else -3.0))
        current.append(par)
        last = par.number
    if current:
        entries.append(RawEntry(digest.name, tuple(current), "marked"))
    dropped = tuple(Dropped(m, "---", "entry separator") for m in digest.markers)
    return SplitResult(digest, tuple(entries), dropped, tuple(decisions))
