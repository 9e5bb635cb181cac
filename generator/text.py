"""Character classes and clause splitting shared by the stages (one home for each)."""

from __future__ import annotations

import re

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")

# An article summary opens by naming the author and the publication:
# "…(Ionut Popescu)在《国家利益》上发表了一篇名为《…》(…)的文章", "…在《外交学人》发表题为《…》".
ARTICLE_INTRO = re.compile(
    r"在(?:[^,。《]{0,30}?的|[^,。《的]{1,6})?《[^》]{1,30}》(?:\([^)]{1,60}\))?(?:杂志|网站|期刊|官网|专栏|博客)?(?:上|中)?"
    r"(?:发表|刊登|刊发|撰文|撰写|发布)(?!的?(?:谈话|讲话|采访|专访))"  # "…在澳大利亚洛伊研究所(Lowy Institute)的《解读者》(The Interpreter)上发表"
    # (not a titled speech: "习近平…发表题为《…》的演讲", "胡锦涛在峰会上发表题为《…》的讲话")
    r"|(?:发表|撰写|刊发|发布)了?(?:一篇|一份)?(?:题为|名为|标题为|题目为)《(?![^》]{0,40}》(?:\([^)]{0,80}\))?的?(?:主旨|书面|电视|视频)?(?:演讲|讲话|致辞|发言))"
    # the publication first: "《外交政策》(Foreign Policy)4月下旬刊登了…的文章《…》"
    r"|^《[^》]{1,30}》(?:\([^)]{1,60}\))?[^,。《]{0,12}?(?:刊登|刊发|刊载|发表)"
    # or later in the sentence: "金砖扩员之后,美国《外交学者》(The Diplomat)杂志刊登了…"
    # (not its news: "美国《纽约时报》刊发报道称")
    r"|《[^》]{1,30}》(?:\([^)]{1,60}\))?(?:杂志|网站|期刊|周刊|月刊|双月刊)?(?:近日|日前)?(?:刊登|刊发|刊载)了?(?![^,。]{0,4}报道)"
    r"|(?:的|一篇|一份)(?:文章|评论文章|评论|短评|时评|述评|报告|研究报告|政策简报|工作论文|论文)《"
    # a publishing verb and what was published: "发表文章《…》", "发表评论文章《…》", "联合发布报告《…》"
    r"|(?:发表|撰写|刊发|刊登|发布)了?(?:一篇|一份)?[^,。《]{0,8}?(?:评论文章|分析文章|评论|短评|时评|述评|长文|文章|研究报告|报告|专文|论文|简报|工作论文)《"
    # an author wrote an article, titled or not: "…研究员卡米耶·勒布朗(Camille Leblanc)在该机构网站
    # 撰文《潜艇风波之后的欧洲》", "…研究员克莱尔·杜邦(Claire Dupont)撰文指出,"
    r"|撰文(?!章)"
    # "…在报告《重新思考西方对巴基斯坦战略》中指出": what an author says in a titled work
    r"|在(?:其|新|最新)?(?:报告|研究报告|文章|评论文章|论文|评论|专著|新书)《"
    # "美国外交关系委员会(CFR)网站刊文《菲德尔之后》": 刊文 is "published an article", after a
    # publisher (not 报刊文章, nor a reaction to one: "针对美媒刊文,…回应称")
    r"|(?:》(?:\([^)]*\))?|网站|杂志|期刊|官网)上?(?:\d{1,2}月)?(?:近日|日前)?刊文(?![章摘])"
    # a title right after where it appeared: "…在英国欧洲改革中心(CER)网站发表《希腊退出欧元区的代价》"
    r"|(?:网站|杂志|期刊|官网|博客|专栏)上?(?:\d{1,2}月)?(?:近日|日前)?(?:发表|刊登|刊发)了?《"
    # or an untitled analysis there: "…在该所网站发表对IAEA最新报告的分析"
    r"|(?:网站|杂志|期刊|官网|博客|专栏)上?(?:\d{1,2}月)?(?:近日|日前)?(?:发表|刊登|刊发)了?[^,。《]{0,20}?(?:分析|评论|文章|评估)(?:[,。]|$)"
    # a title called "an article": "…发表《从对话到交付》(From Dialogue to Delivery)一文", and what an
    # author wrote for a publication: "…为《国家利益》(The National Interest)撰写的《…》"
    r"|》(?:\([^)]{1,80}\))?一文"
    # a publication's editorial: "英国《金融时报》(Financial Times)在社论中指出", "…在题为《海峡暖流》的社论中
    # 指出", "《环球时报》11日发表社论称", "朝鲜《劳动新闻》等三家报刊照例发表新年共同社论"
    r"|》(?:\([^)]{1,80}\))?(?:杂志|周刊|日报|报)?[^,。《]{0,12}?(?:在[^,。]{0,60}?社论中|发表[^,。]{0,8}?社论)"
    r"|为《[^》]{1,30}》(?:\([^)]{1,60}\))?(?:杂志|网站|期刊)?撰(?:写|文)"
    # a research institution's report: "美国战略与国际研究中心(CSIS)关键矿产安全项目发布报告称"
    r"|^(?:[^,。()]|\([^()]*\)){2,80}?(?:研究所|研究中心|研究院|学会|基金会|智库)(?:\([^()]*\))?[^,。]{0,10}?"
    r"(?:发布|发表)了?"
    r"(?:一份|一篇|最新)?"
    r"[^,。该]{0,10}?报告(?:称|指出|认为|显示|警告|估计|估算)")

# "据路透社(Reuters)15日报道", "据韩联社消息", "据韩国联合参谋本部通报": a report attributed to a source.
ACCORDING_TO = re.compile(r"^据[^,，。]{1,40}?(?:报道|消息|披露|透露|通报)")

_CLAUSE_END = re.compile(r"[,;:。!?]")
_SENTENCE_END = re.compile(r"[。!?]")


def first_clause(norm: str) -> str:
    """Up to the first clause mark: "美国国务院2月10日称,…" -> "美国国务院2月10日称"."""
    m = _CLAUSE_END.search(norm)
    return norm[: m.start()] if m else norm


# a paragraph that opens with a quotation: "“英镑已经对‘脱欧’作出了裁决。”海恩斯在…写道。"
LEADING_QUOTE = re.compile(r"“[^“”]{1,300}”(?=[^,;:。!?、”\s])")


def first_sentence(norm: str) -> str:
    """Up to the first full stop; a quotation that opens the paragraph and is followed by who said
    it ("“…。”马克龙7日表示…") is part of the sentence, its full stop not the sentence's."""
    quote = LEADING_QUOTE.match(norm)
    m = _SENTENCE_END.search(norm, quote.end() if quote else 0)
    return norm[: m.start()] if m else norm


def cjk_count(text: str) -> int:
    return len(CJK_CHAR.findall(text))


_PAIR = re.compile(f"(?=([{CJK}]{{2}}))")


def cjk_bigrams(text: str) -> set[str]:
    """Overlapping pairs of Chinese characters within runs: "布林肯称" -> 布林 林肯 肯称."""
    return set(_PAIR.findall(text))
