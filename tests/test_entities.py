"""Tests for generator.entities: glossary, countries, regions, topics, tagging."""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path
from textwrap import dedent

import pytest
from conftest import DIGESTS, SAMPLE, gold_of, within
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import entities as E
from generator.errors import ConfigError
from generator.model import Paragraph, RawEntry
from generator.read import normalise, read_digest


def entries_of(digest_path: Path) -> list[RawEntry]:
    """The gold segmentation of a digest as RawEntry objects."""
    digest = read_digest(digest_path)
    by_line = {p.number: p for p in digest.paragraphs}
    return [RawEntry(digest.name, tuple(by_line[n] for n in range(e["first_line"], e["last_line"] + 1)),
                     "gold") for e in gold_of(digest_path)["entries"]]


def entry(*lines: str) -> RawEntry:
    return RawEntry("test.txt", tuple(Paragraph(i, t, normalise(t)) for i, t in enumerate(lines, 1)), "test")


@pytest.fixture(scope="module")
def sample_entries() -> list[RawEntry]:
    return entries_of(SAMPLE)


@pytest.fixture(scope="module")
def archive_entries() -> list[RawEntry]:
    """Every digest with a gold segmentation: the glossary is archive-wide."""
    result: list[RawEntry] = []
    for gold in sorted(DIGESTS.glob("*.gold.json")):
        result += entries_of(gold.with_name(gold.name.replace(".gold.json", ".txt")))
    return result


@pytest.fixture(scope="module")
def glossary(archive_entries: list[RawEntry]) -> E.Glossary:
    return E.build_glossary(archive_entries, E.default_taxonomy())


def at(entries: list[RawEntry], first_line: int) -> RawEntry:
    return next(e for e in entries if e.first_line == first_line)


def tags_of(entry_: RawEntry, glossary_: E.Glossary, family: str) -> set[str]:
    tags, _ = E.tag_entry(entry_, glossary_)
    return {t.key for t in tags if t.family == family}


# --- harvesting pairs -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # title words are cut off before a name
    ("1月11日,美国国务卿布林肯(Antony J. Blinken)、国防部长奥斯汀(Austin)与日本外相林芳正",
     [("person", "布林肯", "Antony J. Blinken"), ("person", "奥斯汀", "Austin")]),
    ("美国国防部称,国防部长劳埃德·奥斯汀(Lloyd J. Austin III)将于1月29日启程",
     [("person", "劳埃德·奥斯汀", "Lloyd J. Austin III")]),
    ("2023年1月5日,五角大楼新闻秘书帕特·莱德(Patrick Ryder)出席新闻发布会",
     [("person", "帕特·莱德", "Patrick Ryder")]),
    ("德克萨斯州立大学助理教授约努特·波佩斯库(Ionut Popescu)在《国家利益》上发表",
     [("person", "约努特·波佩斯库", "Ionut Popescu")]),
    # an employee's role is a title too (雇员 of 员斯诺登 was no name)
    ("给予美国国家安全局前承包商雇员斯诺登(Edward Snowden)为期一年的临时避难",
     [("person", "斯诺登", "Edward Snowden")]),
    ("和法国海军中将克里斯托夫·卢卡斯(Christophe Lucas)在五角大楼",
     [("person", "克里斯托夫·卢卡斯", "Christophe Lucas")]),
    ("美国国务卿安东尼·J·布林肯(Antony Blinken)与王毅进行了通话",
     [("person", "安东尼·J·布林肯", "Antony Blinken")]),
    # two people in one pair
    ("安东尼娅-赫迈迪和丽贝卡-阿塞萨蒂(Antonia Hmaidi and Rebecca Arcesati)在《外交学人》上发表",
     [("person", "安东尼娅-赫迈迪", "Antonia Hmaidi"), ("person", "丽贝卡-阿塞萨蒂", "Rebecca Arcesati")]),
    # a verb before the name ends the run
    ("双方在华盛顿会见了金成(Sung Kim)。", [("person", "金成", "Sung Kim")]),
    # organisations and programmes: the whole phrase after the verb
    ("美国会同澳大利亚政府在堪培拉举行了年度战略政策对话(SPD)。", [("acronym", "战略政策对话", "SPD")]),
    ("一些欧洲公司认为,美国商务部工业和安全局(BIS)过去授予许可证",
     [("acronym", "美国商务部工业和安全局", "BIS")]),
    ("据驻韩美军特种作战司令部(SOCKOR)29日消息", [("acronym", "驻韩美军特种作战司令部", "SOCKOR")]),
    ("美国总统拜登(Joe Biden)在印太经济繁荣框架(Indo-Pacific Economic Framework for Prosperity)启动仪式上",
     [("person", "拜登", "Joe Biden"),
      ("programme", "印太经济繁荣框架", "Indo-Pacific Economic Framework for Prosperity")]),
    ("美国同东盟开展了第三届东盟-美国网络政策对话(The third ASEAN-U.S. Cyber Policy Dialogue)。",
     [("programme", "东盟-美国网络政策对话", "ASEAN-U.S. Cyber Policy Dialogue")]),
    ("此次演习中投入了2艘美军中型战斗艇(CCM)", [("acronym", "美军中型战斗艇", "CCM")]),
    # ships and other quoted names
    ("同英国海军巡逻舰“斯佩”号(HMS spey)进行了互相操作性演习", [("ship", "斯佩号", "HMS spey")]),
    # a place is "other"; a glossed word, a Chinese aside and an article title are not names
    ("在布里斯班(Brisbane)举行会议", [("other", "布里斯班", "Brisbane")]),
    # 为 ("for") before a one-word name ends the run: 为华为 is not the name
    ("禁止向其出售半导体设备和软件为华为(Huawei)代工", [("other", "华为", "Huawei")]),
    # a verb before a place's or a body's name is cut (rjieba's tags); not a verb of the name
    ("会议同意允许欧洲稳定机制(ESM)直接向银行注资", [("acronym", "欧洲稳定机制", "ESM")]),
    ("此前,曾任美国财政部外国资产控制办公室(OFAC)主任", [("acronym", "美国财政部外国资产控制办公室", "OFAC")]),
    # the words that lead into a body's name are cut where the segmenter knows the name (nt);
    # not a conjunction of the name's own (its English has an "and")
    ("调查人员发现,寄给达施勒的信件与此前寄给全国广播公司(NBC)的信件相同", [("acronym", "全国广播公司", "NBC")]),
    ("美国卫生部长24日宣布,已与德国拜耳公司(Bayer)达成协议", [("org", "德国拜耳公司", "Bayer")]),
    ("美国航空公司11次航班和联合航空公司(United Airlines)175次航班", [("org", "联合航空公司", "United Airlines")]),
    ("美国战略与国际研究中心(Center for Strategic and International Studies)发表报告",
     [("org", "美国战略与国际研究中心", "Center for Strategic and International Studies")]),
    # a place in the area named before it is no person; a title before a name is cut off
    ("美国佛罗里达州博卡拉顿(Boca Raton)的一名图片编辑", [("other", "博卡拉顿", "Boca Raton")]),
    ("纽约州州长库默(Andrew Cuomo)称", [("person", "库默", "Andrew Cuomo")]),
    ("寄给全国广播公司主播汤姆·布罗考(Tom Brokaw)的信件", [("person", "汤姆·布罗考", "Tom Brokaw")]),
    ("冲绳县知事仲井真弘多(Hirokazu Nakaima)表示", [("person", "仲井真弘多", "Hirokazu Nakaima")]),
    ("承诺如铁甲(ironclad)一般,部署在前沿的2.85万名(驻韩)美军官兵", []),
    ("发表了一篇名为《只有进攻现实主义才能遏制中国》(Only Offensive Realism Can Contain China)的文章", []),
    # a publication: a known title, or the 在《...》(...)上 context
    ("在《外交学人》(The Diplomat)上发表", [("publication", "外交学人", "The Diplomat")]),
    ("在《亚洲评论》(Asia Review)上发表了一篇文章", [("publication", "亚洲评论", "Asia Review")]),
    # a short form the writer declares is the same name, when it abbreviates it
    ("签署关于纳戈尔诺-卡拉巴赫(Nagorno-Karabakh,简称纳卡)地区全面停火的声明",
     [("other", "纳戈尔诺-卡拉巴赫", "Nagorno-Karabakh"), ("other", "纳卡", "Nagorno-Karabakh")]),
    ("世界卫生组织(World Health Organization,以下简称“世卫”)", [("org", "世界卫生组织", "World Health Organization"),
                                                         ("org", "世卫", "World Health Organization")]),
    ("印太经济框架(Indo-Pacific Economic Framework,以下简称“框架”)",  # a generic word is no short name
     [("programme", "印太经济框架", "Indo-Pacific Economic Framework")]),
    # a place without the area it lies in
    ("中印两国边防部队在拉达克地区加勒万河谷(Galwan Valley)发生激烈肢体冲突", [("other", "加勒万河谷", "Galwan Valley")]),
    ("在刻赤海峡(Kerch Strait)附近海域", [("other", "刻赤海峡", "Kerch Strait")]),
    ("在纽约联邦广场(Federal Plaza)举行", [("other", "纽约联邦广场", "Federal Plaza")]),  # 联邦 is no area
    ("纽约州立公园(State Park)", [("other", "纽约州立公园", "State Park")]),
    # initials written together are a person's: 万斯(J.D. Vance), not an "other" 副总统万斯
    ("群组成员包括副总统万斯(J.D. Vance)。", [("person", "万斯", "J.D. Vance")]),
    # 为 inside a company's name is no preposition: not 技术有限公司
    ("将华为技术有限公司(Huawei)列入实体清单", [("org", "华为技术有限公司", "Huawei")]),
    ("将华为(Huawei)列入实体清单", [("other", "华为", "Huawei")]),
    # a station, a mosque, a bridge: places, not people
    ("东仓里的西海卫星发射场(Sohae Satellite Launching Station)", [("other", "西海卫星发射场", "Sohae Satellite Launching Station")]),
    ("位于市中心的努尔清真寺(Al Noor Mosque)", [("other", "努尔清真寺", "Al Noor Mosque")]),
    # a hotel, a theatre: sites, not people (their English need not say so)
    ("马里首都巴马科的丽笙酒店(Radisson Blu)20日上午遭武装分子袭击", [("other", "丽笙酒店", "Radisson Blu")]),
    ("市中心的辉煌酒店(Splendid Hotel)及附近一家咖啡馆", [("other", "辉煌酒店", "Splendid Hotel")]),
    ("朝鲜外务省副相崔善姬(Choe Son Hui)15日在平壤", [("person", "崔善姬", "Choe Son Hui")]),
    # a note in Chinese after the English name is no part of it
    ("最高领导人罗德里戈·隆多尼奥(Rodrigo Londoño,化名“季莫琴科”)签署", [("person", "罗德里戈·隆多尼奥", "Rodrigo Londoño")]),
    # royal titles: 埃米尔 is cut off like 国王, but not when it is the first part of the name
    ("科威特埃米尔萨巴赫(Sabah Al-Ahmad Al-Jaber Al-Sabah)飞赴吉达", [("person", "萨巴赫", "Sabah Al-Ahmad Al-Jaber Al-Sabah")]),
    ("据埃米尔·施泰因(Emil Stein)称", [("person", "埃米尔·施泰因", "Emil Stein")]),
    # an office ending in 官 that no list names, before a foreign name
    ("该公司首席法律官大卫·德拉蒙德(David Drummond)在博客上宣布", [("person", "大卫·德拉蒙德", "David Drummond")]),
    # a body's full name and its acronym; what kind of body it is, and a verb, are no part of its name
    ("法国极右翼政党国民联盟(Rassemblement National, RN)领先", [("org", "国民联盟", "Rassemblement National"),
                                                          ("org", "国民联盟", "RN")]),
    ("马克龙宣布解散国民议会(Assemblée nationale)", [("org", "国民议会", "Assemblée nationale")]),
    ("日本防卫省(Ministry of Defense, Japan)称", [("org", "日本防卫省", "Ministry of Defense, Japan")]),  # no acronym
    # only a note on a person's other names is cut off: any other Chinese after the comma is no note
    ("多家美国智库(Brookings Institution,布鲁金斯学会)认为", []),
    # a verb of place before a place is no part of its name
    ("两艘油轮在阿曼湾(Gulf of Oman)靠近霍尔木兹海峡(Strait of Hormuz)的海域遇袭",
     [("other", "阿曼湾", "Gulf of Oman"), ("other", "霍尔木兹海峡", "Strait of Hormuz")]),
    # a treaty or law in 《》 is a programme; an article's title is not
    ("美国2日正式退出《中导条约》(INF Treaty)。", [("programme", "中导条约", "INF Treaty")]),
    ("李明在《外交事务》上发表题为《新的协议》(A New Agreement)的文章", []),
    ("李明在《外交事务》上发表《新的协议》(A New Agreement),认为", []),
    ("中美两国发表《联合声明》(Joint Statement)", [("programme", "联合声明", "Joint Statement")]),
    ("他引用《孙子兵法》(The Art of War)称", []),
    # a transliteration with a middle dot is a person, even when the surname is a place word too
    ("丹尼尔·帕克(Daniel Park)在《国家利益》上发表", [("person", "丹尼尔·帕克", "Daniel Park")]),
    ("中央公园(Central Park)举行集会", [("other", "中央公园", "Central Park")]),
    # a plan in 《》 named in full and by its acronym is an accord, not an article's title
    ("即《联合行动计划》(Joint Plan of Action, JPOA)。",
     [("programme", "联合行动计划", "Joint Plan of Action"), ("programme", "联合行动计划", "JPOA")]),
    # what is done to a zone or a mission ends before its name
    ("宣布划设东海防空识别区(East China Sea Air Defense Identification Zone, ADIZ)",
     [("org", "东海防空识别区", "East China Sea Air Defense Identification Zone"), ("org", "东海防空识别区", "ADIZ")]),
    ("约2万人涌入联合国南苏丹特派团(UNMISS)在朱巴的营地", [("acronym", "联合国南苏丹特派团", "UNMISS")]),
    # a cleric's title is cut like an office
    ("旅居美国的伊斯兰教士居伦(Fethullah Gülen)", [("person", "居伦", "Fethullah Gülen")]),
    # a kin word ends before the name (其子, 之弟), as 之女 does
    ("申请对卡扎菲、其子赛义夫·伊斯拉姆(Saif al-Islam Gaddafi)发布逮捕令",
     [("person", "赛义夫·伊斯拉姆", "Saif al-Islam Gaddafi")]),
    ("由叙利亚总统之弟马希尔·阿萨德(Maher al-Assad)指挥", [("person", "马希尔·阿萨德", "Maher al-Assad")]),
    # a word that ends where a four-character window would start is no part of the name ...
    ("法国战机已在班加西附近摧毁卡扎菲(Muammar Gaddafi)政府军的坦克", [("person", "卡扎菲", "Muammar Gaddafi")]),
    ("美国总统特朗普宣布解除博尔顿(John Bolton)的职务", [("person", "博尔顿", "John Bolton")]),
    # ... but one transliteration read as two names is one name, and four characters stay four
    ("白俄罗斯反对派人士普罗塔塞维奇(Roman Protasevich)被捕", [("person", "普罗塔塞维奇", "Roman Protasevich")]),
    ("双方同意会见岸田文雄(Fumio Kishida)", [("person", "岸田文雄", "Fumio Kishida")]),
    ("土耳其外长恰武什奥卢(Mevlüt Çavuşoğlu)则回应", [("person", "恰武什奥卢", "Mevlüt Çavuşoğlu")]),
    # a one-word English name: the segmenter's last word where it is a name (not 同|市场)
    ("欧盟与南方共同市场(Mercosur)达成协议", [("other", "南方共同市场", "Mercosur")]),
    # a verb or preposition inside a longer word of the segmenter cuts after that word (not 对|派)
    ("巴林最大反对派维法克民族伊斯兰协会(Al Wefaq)宣布", [("org", "维法克民族伊斯兰协会", "Al Wefaq")]),
    # a mission is a body, even with an English name that reads like a person's
    ("欧盟正式决定启动欧盟驻科索沃法治特派团(EULEX Kosovo)", [("org", "欧盟驻科索沃法治特派团", "EULEX Kosovo")]),
    ("要求叙利亚按照禁止化学武器组织(OPCW)执行理事会的决定",
     [("acronym", "禁止化学武器组织", "OPCW")]),
    # what evidence shows about a body is no part of its name; a party's leader is a title
    ("已有证据证明巴基斯坦塔利班运动(Tehrik-i-Taliban Pakistan)参与策划",
     [("org", "巴基斯坦塔利班运动", "Tehrik-i-Taliban Pakistan")]),
    ("接替工党领袖戈登·布朗(Gordon Brown)出任首相", [("person", "戈登·布朗", "Gordon Brown")]),
    # a journal publishes in a body's name; a time word opens what is said of a body
    ("美国《外交政策》杂志网站刊发乔治·华盛顿大学(George Washington University)研究员的文章",
     [("org", "乔治·华盛顿大学", "George Washington University")]),
    ("双方商定移交战时作战指挥权,届时韩美联合司令部(CFC)将解散", [("acronym", "韩美联合司令部", "CFC")]),
    # a place follows its run's last conjunction; another Chinese name before the English is one too
    ("伊朗威胁封锁波斯湾和霍尔木兹海峡(Strait of Hormuz)", [("other", "霍尔木兹海峡", "Strait of Hormuz")]),
    ("阿根廷港口与马尔维纳斯群岛(英国称福克兰群岛,Falkland Islands)之间",
     [("other", "马尔维纳斯群岛", "Falkland Islands"), ("other", "福克兰群岛", "Falkland Islands")]),
    # an untitled name rjieba reads after words that are no part of it (verbs, conjunctions):
    # 加上|高盛, 和|摩根士丹利, 接替|麦克马斯特; a long transliteration it reads as one name stays whole
    ("美林被收购,加上高盛(Goldman Sachs)和摩根士丹利(Morgan Stanley)转型",
     [("person", "高盛", "Goldman Sachs"), ("other", "摩根士丹利", "Morgan Stanley")]),
    ("特朗普宣布约翰·博尔顿(John Bolton)接替麦克马斯特(H. R. McMaster)出任国家安全顾问",
     [("person", "约翰·博尔顿", "John Bolton"), ("person", "麦克马斯特", "H. R. McMaster")]),
    ("前国防部长拉姆斯菲尔德(Donald H. Rumsfeld)", [("person", "拉姆斯菲尔德", "Donald H. Rumsfeld")]),
    # ... but not after a word of one character, as often a transliteration's: 比拉瓦尔 (Bilawal)
    ("由布托年仅19岁的儿子比拉瓦尔(Bilawal Bhutto Zardari)出任党主席", [("person", "比拉瓦尔", "Bilawal Bhutto Zardari")]),
    # a place named in one English word, after the place it lies in (but not a piece of its own
    # transliteration, nor half of a hyphenated name)
    ("应对北奥塞梯别斯兰(Beslan)人质事件", [("other", "别斯兰", "Beslan")]),
    ("伊朗控告美国加州联合石油公司优尼科(Unocal)", [("other", "优尼科", "Unocal")]),
    ("阿塞拜疆和亚美尼亚在纳戈尔诺-卡拉巴赫(Nagorno-Karabakh)交火", [("other", "纳戈尔诺-卡拉巴赫", "Nagorno-Karabakh")]),
    # a kin word ends before a name; a body that ends in 厅 is a body
    ("他信的妹夫颂猜·翁沙瓦(Somchai Wongsawat)当选总理", [("person", "颂猜·翁沙瓦", "Somchai Wongsawat")]),
    ("邀请伦敦警察厅(Scotland Yard)协助调查", [("org", "伦敦警察厅", "Scotland Yard")]),
    ("中国渔船在钓鱼岛附近海域先后与日本海上保安厅(Japan Coast Guard)两艘巡逻船相撞",
     [("org", "日本海上保安厅", "Japan Coast Guard")]),
    # an untitled Japanese name of five characters after a verb; 由 inside a name is no preposition
    ("小泉29日深夜宣布解除田中真纪子(Makiko Tanaka)的外务大臣职务", [("person", "田中真纪子", "Makiko Tanaka")]),
    ("胡锦涛会见鸠山由纪夫(Yukio Hatoyama)", [("person", "鸠山由纪夫", "Yukio Hatoyama")]),
])
def test_find_pairs(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(p.kind, p.zh, p.en) for p in E.find_pairs(normalise(text))] == expected


def test_every_pair_of_the_sample_is_in_the_glossary(glossary: E.Glossary) -> None:
    expected = dedent("""\
        person 杰克·沙利文 Jake Sullivan
        person 布林肯 Antony J. Blinken
        person 奥斯汀 Lloyd J. Austin III
        person 比尔·纳尔逊 Bill Nelson
        person 维多利亚·纽兰 Victoria Nuland
        person 金成 Sung Kim
        person 金·冈恩 Kim Gunn
        person 伊利·拉特纳 Ely Ratner
        person 塞莱斯特·瓦兰德 Celeste Wallander
        person 克里斯托夫·卢卡斯 Christophe Lucas
        person 温迪·谢尔曼 Wendy R. Sherman
        person 帕特·莱德 Patrick Ryder
        person 内德·普赖斯 Ned Price
        person 拜登 Joe Biden
        person 耶伦 Janet L. Yellen
        person 马特·默里 Matt Murray
        person 理查德·马勒斯 Richard Marles
        person 约努特·波佩斯库 Ionut Popescu
        person 马修·罗查特 Matthew Rochat
        person 安东尼娅-赫迈迪 Antonia Hmaidi
        person 丽贝卡-阿塞萨蒂 Rebecca Arcesati
        person 吉里什·林加纳 Girish Linganna
        acronym 战略政策对话 SPD
        acronym 美国国防战略 NDS
        acronym 美国核态势评估 NPR
        acronym 美国导弹防御评估 MDR
        org 美国商务部工业和安全局 BIS
        acronym 韩美安保会议 SCM
        acronym 定制型威慑战略 TDS
        acronym 韩美日安全会议 DTT
        acronym 情报侦察监视 ISR
        acronym 驻韩美军特种作战司令部 SOCKOR
        acronym 韩美海军特种作战部队 SEAL
        acronym 美军中型战斗艇 CCM
        programme 东盟-美国网络政策对话 ASEAN-U.S. Cyber Policy Dialogue
        programme 印太经济繁荣框架 Indo-Pacific Economic Framework for Prosperity
        programme 印太战略 Indo-Pacific Strategy
        programme 四国技术商业和投资论坛 Quad Technology Business and Investment Forum
        ship 斯佩号 HMS spey
        other 布里斯班 Brisbane
        other 今夜就战 Fight Tonight
        """)
    for line in expected.splitlines():
        kind, zh, en = line.split(" ", 2)
        item = glossary.get(zh)
        assert item is not None, zh
        assert (item.kind, item.en) == (kind, en) or en in item.en_aliases, (zh, item)
    # and, generically, every parenthesised English form of the sample is known
    text = normalise(SAMPLE.read_text(encoding="utf-8"))
    for m in re.finditer(r"\(([^()]+)\)", text):
        en = m.group(1).strip()
        if re.search(r"[\u4e00-\u9fff]", en) or not re.search("[A-Z]", en) or \
                text[: m.start()].endswith("》") and "Interest" not in en and "Diplomat" not in en:
            continue  # Chinese asides, glossed words, article titles
        parts = re.split(r" and ", en) if " and " in en and "Forum" not in en else [en]
        for part in parts:
            part = re.sub(r"^The third ", "", part)
            assert any(part == i.en or part in i.en_aliases for i in glossary.items), part


def test_one_person_per_surname_pair(glossary: E.Glossary) -> None:
    blinken = [i for i in glossary.items if "Blinken" in i.en]
    assert len(blinken) == 1
    item = blinken[0]
    assert (item.key, item.en, item.zh) == ("antony-blinken", "Antony J. Blinken", "安东尼·布林肯")
    assert {"布林肯", "安东尼·J·布林肯"} <= set(item.aliases)
    assert "Antony Blinken" in item.en_aliases
    austin = glossary.get("奥斯汀")
    assert austin is glossary.get("劳埃德·奥斯汀")
    assert (austin.key, austin.en) == ("lloyd-austin", "Lloyd J. Austin III")
    # harvested only: display is the longest English form
    ryder = glossary.get("莱德")
    assert (ryder.key, ryder.zh, ryder.en) == ("patrick-ryder", "帕特·莱德", "Patrick Ryder")


def test_article_titles_are_not_names(sample_entries: list[RawEntry], glossary: E.Glossary) -> None:
    assert glossary.get("只有进攻现实主义才能遏制中国") is None
    assert E.article_title_en(at(sample_entries, 42)) == "Only Offensive Realism Can Contain China"
    assert E.article_title_en(at(sample_entries, 53)) == "Why Europe Struggles With US Export Controls on China"
    assert E.article_title_en(at(sample_entries, 71)) == "The Alliance Stands Ready"
    assert E.article_title_en(at(sample_entries, 1)) is None
    assert E.article_title_en(at(sample_entries, 60)) is None  # 《1月进出口动向》 has no English


@pytest.mark.parametrize(("text", "slug"), [
    ("U.S. Department of State", "us-department-of-state"),
    ("António Guterres", "antonio-guterres"),
    ("María-José Fernández", "maria-jose-fernandez"),
    ("People's Liberation Army", "peoples-liberation-army"),
])
def test_slugify(text: str, slug: str) -> None:
    assert E.slugify(text) == slug


def test_merging_variants() -> None:
    g = E.build_glossary([entry(
        "美国国务卿布林肯(Blinken)称,",  # no title word before an English surname alone: still a person
        "国家安全局(NSA)与澳大利亚信号局(ASD)联合发布。",
        "索菲娅·陈-拉米雷斯(Sofia Chen-Ramirez)指出,陈-拉米雷斯认为",
        "据《外交官》报道,《外交学人》(The Diplomat)称",
    )])
    assert g.get("布林肯").key == "antony-blinken"
    assert g.get("国家安全局") is g.get("美国国家安全局") is g.get("NSA")  # built-in + harvested acronym
    assert g.get("陈-拉米雷斯").en == "Sofia Chen-Ramirez"  # a hyphenated surname keeps its hyphen
    assert g.get("外交官") is g.get("外交学人")  # one publication, several Chinese titles
    tags, names = E.tag_entry(entry("陈-拉米雷斯认为,澳大利亚信号局(ASD)"), g)
    assert ("person", "sofia-chen-ramirez") in {(t.family, t.key) for t in tags}
    assert "ASD" in {n.en for n in names}


def test_an_office_without_its_country_before_a_name_introduced_in_english_is_that_person() -> None:
    g = E.build_glossary([
        entry("美国商务部长罗斯(Wilbur Ross)称,将对进口钢铁加征关税。"),
        entry("美方代表团5月3日在北京同中方磋商,代表团成员包括商务部长罗斯、贸易代表莱特希泽。"),
        entry("外交部发言人汪文斌表示,中方坚决反对。"),
    ], E.default_taxonomy())
    assert g.get("罗斯").en == "Wilbur Ross" and g.get("Luo Si") is None
    assert g.get("汪文斌").en == "Wang Wenbin"  # a Chinese official named in Chinese only


def test_a_long_names_contraction_is_one_of_its_forms() -> None:
    g = E.build_glossary([
        entry("欧洲安全与合作组织(OSCE)表示,此次选举不具合法性。"),
        entry("欧安组织特别监察团14日发表报告称,火箭弹从亲俄武装控制区发射。"),
        entry("中国—拉美和加勒比国家共同体(CELAC)论坛首届部长级会议在北京举行。"),
        entry("门多萨认为,中国—拉共体论坛的召开标志着中拉关系进入新阶段。"),
        entry("伊朗伊斯兰共和国通讯社(IRNA)报道,伊朗和美国将恢复间接谈判。"),  # 伊朗和: a name and 和
        entry("新冠肺炎疫苗实施计划(COVAX)启动。世卫组织称,新计划将惠及92个国家。"),  # 新计划: a new plan
    ], E.default_taxonomy())
    assert "欧安组织" in g.get("OSCE").aliases and "拉共体" in g.get("CELAC").aliases
    assert g.get("伊朗和") is None and g.get("新计划") is None
    tags, names = E.tag_entry(entry("欧安组织监察团称,袭击造成平民伤亡。"), g)  # it tags the entries that use it
    assert ("org", "osce") in {(t.family, t.key) for t in tags} and "OSCE" in {n.en for n in names}
    # a contraction two names could have is neither's
    two = E.build_glossary([entry("欧洲安全与合作组织(OSCE)与欧洲安全防务组织(ESDO)会谈。"),
                            entry("欧安组织监察团称,袭击造成平民伤亡。")], E.default_taxonomy())
    assert "欧安组织" not in two.get("OSCE").aliases and "欧安组织" not in two.get("ESDO").aliases
    assert E._contraction("欧安组织特别", "欧洲安全与合作组织") == "欧安组织"
    assert E._pieces("欧安组织", "欧洲安全与合作组织") == 3 and E._pieces("新计划", "新冠肺炎疫苗实施计划") == 2


# --- resolving names --------------------------------------------------------------------

def test_chinese_only_mention_resolves(sample_entries: list[RawEntry], glossary: E.Glossary) -> None:
    # sample line 27: 布林肯称,11日签署的协议...
    line27 = next(p for p in at(sample_entries, 25).paragraphs if p.number == 27)
    lone = RawEntry("x", (line27,), "test")
    tags, names = E.tag_entry(lone, glossary)
    assert ("person", "antony-blinken") in {(t.family, t.key) for t in tags}
    assert any(n.en == "Antony J. Blinken" for n in names)
    # titles around names: 耶伦财长, 奥斯汀表示, built-in names written without English
    assert "janet-yellen" in tags_of(entry("中方欢迎耶伦财长今年适当时候访问中国。"), glossary, "person")
    assert "lloyd-austin" in tags_of(entry("奥斯汀表示,美韩同盟坚如磐石。"), glossary, "person")
    assert "wang-yi" in tags_of(at(sample_entries, 35), glossary, "person")


@pytest.mark.parametrize("text", [
    "降低资金成本是关键。",  # 金成 (Sung Kim) inside 资金成本
    "奖金成本上升。",
    "他们在林加工厂附近。",  # 林加 is not a short form of 吉里什·林加纳
])
def test_short_forms_do_not_fire_inside_words(text: str, glossary: E.Glossary) -> None:
    assert tags_of(entry(text), glossary, "person") == set()


def test_a_transliterated_short_form_is_no_name_inside_a_longer_transliteration() -> None:
    """克里 (John Kerry) is not in 克里姆林宫 or 克里米亚, 罗斯 (Wilbur Ross) not in 俄罗斯; built-in
    names (curated) are held to this too: 普京 stays 普京 in 普京称."""
    text = ("美国国务卿约翰·克里(John Kerry)和商务部长威尔伯·罗斯(Wilbur Ross)访问莫斯科。\n"
            "佩斯科夫在克里姆林宫表示,俄罗斯在克里米亚问题上立场不变,普京称。\n"
            "克里表示,罗斯也将出席。\n")
    g = E.build_glossary([entry(line) for line in text.splitlines()], E.default_taxonomy())
    assert tags_of(entry(text.splitlines()[1]), g, "person") == {"dmitry-peskov", "vladimir-putin"}
    assert tags_of(entry(text.splitlines()[2]), g, "person") == {"john-kerry", "wilbur-ross"}


def test_two_character_names_as_words(glossary: E.Glossary) -> None:
    assert tags_of(entry("金成在华盛顿会见了韩国代表。"), glossary, "person") == {"sung-kim"}
    assert tags_of(entry("朴振当天在首尔表示"), glossary, "person") == {"park-jin"}
    # a built-in name is trusted without a word boundary (印度莫迪出席), unless it is inside a
    # longer transliteration
    # (Biden's key is the archive's longest spelling of him: Joseph Biden where a digest has it)
    biden = glossary.get("拜登")
    assert biden is not None and biden.en.endswith("Biden")
    assert tags_of(entry("美国总统拜登与印度莫迪出席峰会。"), glossary, "person") == {biden.key, "narendra-modi"}


# --- countries and regions --------------------------------------------------------------

@pytest.mark.parametrize(("first_line", "countries"), [
    (1, {"US", "AU"}),
    (4, {"US", "JP"}),
    (14, {"US", "CN"}),
    (22, {"US", "CN", "CH"}),
    (28, {"RU"}),  # 俄国防部
    (57, set()),  # 吉里什·林加纳 holds 加纳 (Ghana): a name is not a place
    (62, {"KR", "US", "KP", "JP"}),  # 韩美防长, 美方/韩方, 韩美日三国
    (66, {"KR", "KP", "CN", "RU"}),  # 中俄两国
    (78, {"KR", "US", "GB"}),  # 韩美英
])
def test_countries_of_sample_entries(first_line: int, countries: set[str], sample_entries: list[RawEntry],
                                     glossary: E.Glossary) -> None:
    assert tags_of(at(sample_entries, first_line), glossary, "country") == countries


@pytest.mark.parametrize(("text", "countries", "regions"), [
    ("1月11日,美国国务卿", ["US"], []),
    ("31日韩美防长举行会谈", ["KR", "US"], []),  # 31日 is a date, not Japan
    ("当日美方表示", ["US"], []),
    ("讨论了印太地区的安全环境", [], ["indo-pacific"]),  # no India from 印太
    ("“自由开放的印度—太平洋”愿景", [], ["indo-pacific"]),  # written with a dash of any width
    ("印尼和印度", ["ID", "IN"], []),
    ("其中美国的立场", ["US"], []),  # 其中 is not China
    ("中美元首巴厘岛会晤", ["CN", "US"], []),
    ("2540亿美元", [], []),  # 美元 alone is a currency
    ("中美洲国家和发展中国家", [], ["latin-america"]),
    ("美日双方、韩美日三国、美英澳", ["US", "JP", "KR", "GB", "AU"], []),
    ("中方和俄方", ["CN", "RU"], []),
    ("英文报道称,这种方法符合道德与法律", [], []),
    ("德克萨斯州立大学的中程导弹研究", [], []),
    ("在华盛顿和日内瓦", [], []),
    ("对华政策与驻韩美军", ["CN", "KR", "US"], []),
    ("部署在乌山空军基地", [], []),
    ("朝鲜半岛无核化", [], ["korean-peninsula"]),
    ("支持台湾与台海和平", [], ["taiwan", "taiwan-strait"]),
    ("美国与东盟和欧盟", ["US"], ["asean", "eu"]),
    ("马里兰州", [], []),
    ("驶往乌克兰马里乌波尔港", ["UA"], []),  # Mariupol is no Mali
    ("中国国民党赢得15席,韩国瑜当选", [], []),  # the Kuomintang and a person are no China, no Korea
    ("拜登在东京同日本首相岸田文雄举行会谈", ["JP"], []),  # 同日 ("the same day") does not swallow 日本
    ("同日,美国宣布新的制裁", ["US"], []),
    ("副国防部长达乌德·拉杰哈遇难", [], []),  # 乌德 of a transliterated name: no Ukraine, no Germany
    ("《后菲德尔时代的美古关系》", [], []),  # 菲德 of 菲德尔 (Fidel): no Philippines
    ("北京时间5日晚,白宫发言人表示", [], []),  # a seat of government alone is not a named country
    ("一度关闭了日德兰半岛南部的公路", [], []),  # 日德 of 日德兰半岛 (Jutland): no Japan, no Germany
    ("过去72小时内美朝双方取得进展", ["US", "KP"], []),  # (rjieba takes 内美朝 for a person's name)
    ("朝鲜导弹飞越日本上空", ["KP", "JP"], []),  # 飞越 is a verb: no Vietnam
    ("跨越中美分歧", ["CN", "US"], []),
    ("美国军舰进入南沙群岛有关岛礁邻近海域", ["US"], ["south-china-sea"]),  # 有关 + 岛礁: no Guam
    ("B-52轰炸机从关岛起飞", [], []),  # Guam is a seat of the United States, not a country of its own
    ("周永康赶赴乌鲁木齐考察", [], []),  # 赴 + 乌鲁木齐 (Urumqi): no Ukraine
    ("共和党大会在俄亥俄州举行", [], []),  # 在 + 俄亥俄州 (Ohio): no Russia
    ("北约在华沙举行峰会", [], []),  # 在 + 华沙 (Warsaw): no China
    ("特鲁多对菲德尔去世表示哀悼", [], []),  # 对 + 菲德尔 (Fidel): no Philippines
    ("经哈立德国王国际机场", [], []),  # 哈立德 + 国王 (King Khalid): no Germany
    ("并再次承诺在美墨边境修建隔离墙", ["US"], []),  # 在 + 美墨, a pair of countries: the US is meant
    ("特朗普在美沙投资论坛上讲话", ["US"], []),
    ("拜登访日期间", ["JP"], []),  # rjieba reads 访日 (the blocker 日期 does not take the 日)
    ("在日前举行的会议上", [], []),  # ... but 日前 ("recently") after 在 stays a blocker
    ("科索沃议会宣布独立", ["XK"], []),  # Kosovo, by the code the EU and the IMF use
    ("人民党在布托家乡信德省纳乌德罗开会", [], []),  # 乌德 across two names rjieba reads (纳乌|德罗)
    ("1000名驻德美军调往罗马尼亚", ["US", "RO", "DE"], []),  # ... not across a place word (驻德|美军)
    ("俄军击溃格军,格方损失惨重", ["RU", "GE"], []),  # a side or an army by its country's first character
    ("以色列以军事手段回应,以方便撤侨", ["IL"], []),  # 以军事, 以方便: no Israeli army or side
    ("宣布取缔“穆罕默德军”等5个极端组织", [], []),  # 德军 closing a transliterated name: no Germany
    ("约660名美军人员将部署到巴西兰岛", ["US"], []),  # Basilan, not Brazil
    # two countries by a character each, where one character alone names none (巴, 以, 沙, 叙)
    ("希望印巴双方保持克制", ["IN", "PK"], []),
    ("巴以冲突持续", ["PS", "IL"], []),
    ("沙伊双方同意恢复外交关系", ["SA", "IR"], []),
    ("袭击由以巴基斯坦为基地的组织策划", ["PK"], []),  # 以|巴基斯坦: no pair, and Pakistan is read
    ("峰会在埃及沙姆沙伊赫举行", ["EG"], []),  # 沙伊 inside Sharm el-Sheikh
    ("认为中印巴南四国立场接近", ["CN", "IN"], []),  # a longer run of one-character forms: 巴 may be Brazil
    ("安倍此次访美以“个人关系”为突破口", ["US"], []),  # 访美 and the preposition 以
])
def test_find_countries(text: str, countries: list[str], regions: list[str]) -> None:
    assert E.find_countries(normalise(text)) == (countries, regions)


def test_a_seat_of_government_is_a_mention_of_its_own_kind() -> None:
    spans, _, seats = E.country_spans(normalise("白宫表示,华盛顿与莫斯科的对话仍在继续;美国官员称"))
    assert list(spans) == ["US"]
    assert {code: len(found) for code, found in seats.items()} == {"US": 2, "RU": 1}
    _, _, seats = E.country_spans(normalise("美军轰炸机从关岛起飞"))
    assert seats == {"US": [(6, 8)]}


@pytest.mark.parametrize(("text", "china"), [
    ("外交部发言人汪文斌14日表示", True), ("国家主席习近平21日出席", True), ("十四届全国人大常委会第七次会议", True),
    ("对此,国务委员兼国防部长李尚福表示", True),
    # another country's office of the same name
    ("越南国家主席武文赏", False), ("朝鲜国务委员会委员长", False), ("俄罗斯外交部发言人扎哈罗娃", False),
    ("该国外交部发言人", False), ("韩外交部发言人", False), ("欧盟外交部发言人", False),
])
def test_an_office_named_bare_is_chinas(text: str, china: bool) -> None:
    norm = normalise(text)
    spans, _, seats = E.country_spans(norm)
    assert ("CN" in seats) == china and "CN" not in spans
    if china:
        f = E.country_features(norm, spans, len(norm), len(norm), seats=seats, offices=E.default_taxonomy().offices)
        assert f["CN"]["office-only"] == 1.0 and f["CN"]["seat-only"] == 1.0


def test_country_features_weigh_where_and_how_a_country_is_named() -> None:
    norm = normalise("英国《卫报》刊文称,美国政府与日本、印度和澳大利亚加强合作。白宫称美国将继续推进。")
    spans, _, seats = E.country_spans(norm)
    lead = norm.index("。")
    f = E.country_features(norm, spans, lead, len(norm), people=["JP"], seats=seats)
    assert f["GB"]["owner"] == 1.0 and "acts" not in f["GB"]  # it only says whose the newspaper is
    assert f["US"]["acts"] == 1.0 and f["US"]["mentions"] == pytest.approx(math.log2(3))  # 美国政府, 白宫, 美国
    assert f["JP"]["listed"] == 1.0 and f["JP"]["person"] == 1.0
    assert "lead" in f["US"] and "lead" in f["GB"]
    norm = normalise("莫斯科认为,北约东扩威胁其安全。")
    spans, _, seats = E.country_spans(norm)
    assert E.country_features(norm, spans, len(norm), len(norm), seats=seats)["RU"]["seat-only"] == 1.0


def test_a_country_only_its_person_stands_for_is_a_candidate() -> None:
    norm = normalise("查韦斯10日宣誓开始新的任期。美国国务院称将继续关注。")
    spans, _, seats = E.country_spans(norm)
    f = E.country_features(norm, spans, norm.index("。"), len(norm), people=["VE", "US"], seats=seats)
    assert f["VE"]["person-only"] == 1.0 and f["VE"]["person"] == 1.0
    assert "person-only" not in f["US"] and f["US"]["person"] == 1.0
    assert not E.CountryModel.every_named().keeps(f["VE"])


def test_the_country_model_keeps_what_an_entry_is_about(glossary: E.Glossary) -> None:
    text = "英国《卫报》(The Guardian)刊文称,美国政府正在重新评估对伊朗的制裁政策,伊朗外交部予以回应。"
    assert tags_of(entry(text), glossary, "country") == {"US", "IR"}  # the newspaper's country is not a subject
    # without a model every country the text names is a tag, a seat of government alone is not
    assert {t.key for t in E.tag_entry(entry(text + "白宫称"), glossary, E.CountryModel.every_named())[0]
            if t.family == "country"} == {"GB", "US", "IR"}


# --- topics -----------------------------------------------------------------------------

@pytest.mark.parametrize(("first_line", "present", "absent"), [
    (62, {"extended-deterrence", "nuclear-issues"}, {"covid-19"}),
    (53, {"export-controls", "supply-chains"}, {"covid-19", "semiconductors"}),  # 半导体 once
    (14, {"covid-19"}, {"export-controls"}),
    (17, {"cybersecurity"}, set()),
    (57, {"counter-terrorism"}, set()),
    (3, {"indo-pacific-strategy"}, {"climate-change", "energy"}),  # listed once in passing
    (1, set(), {"extended-deterrence"}),  # 包括延伸威慑...在内: one mention, not the subject
])
def test_topics_of_sample_entries(first_line: int, present: set[str], absent: set[str],
                                  sample_entries: list[RawEntry], glossary: E.Glossary) -> None:
    topics = tags_of(at(sample_entries, first_line), glossary, "topic")
    assert present <= topics
    assert not absent & topics


def test_iran_nuclear_topic_and_its_english_names(glossary: E.Glossary) -> None:
    assert "iran-nuclear-deal" in tags_of(entry("伊朗已完成伊核问题全面协议规定的各项核相关措施。"), glossary, "topic")
    assert "iran-nuclear-deal" not in tags_of(entry("朝鲜宣布进行核试验。"), glossary, "topic")
    topic = next(t for t in E.default_taxonomy().topics if t.key == "iran-nuclear-deal")
    assert "JCPOA" in topic.en_synonyms


def test_topic_in_first_sentence_counts_once(glossary: E.Glossary) -> None:
    assert "export-controls" in tags_of(entry("美国宣布对华出口管制新规。其他内容。"), glossary, "topic")
    assert "export-controls" not in tags_of(entry("美国宣布新规。其中提到出口管制。"), glossary, "topic")


# --- tags -------------------------------------------------------------------------------

def test_tags_are_ascii_and_ordered(sample_entries: list[RawEntry], glossary: E.Glossary) -> None:
    families = list(E.FAMILIES)
    for e in sample_entries:
        tags, names = E.tag_entry(e, glossary)
        assert all(re.fullmatch(r"[A-Za-z0-9-]+", t.key) for t in tags), tags
        assert [families.index(t.family) for t in tags] == sorted(families.index(t.family) for t in tags)
        assert len(set(tags)) == len(tags)
        assert all(n.kind in E.KINDS for n in names)  # places and things ("other") too: search finds them


@pytest.mark.parametrize("text, pair", [
    # a title that opens a sentence and is followed by what a publication does
    ("《美洲季刊》(Americas Quarterly)刊登了墨西哥学者的文章。", ("publication", "美洲季刊", "Americas Quarterly")),
    # a known publication's English name, whatever the context
    ("印度学者称,《外交学者》(The Diplomat)一篇文章认为", ("publication", "外交学者", "The Diplomat")),
    # an accord's name after what is done to it
    ("特朗普宣布美国永久退出跨太平洋伙伴关系协定(Trans-Pacific Partnership, TPP)。",
     ("programme", "跨太平洋伙伴关系协定", "Trans-Pacific Partnership")),
])
def test_publication_and_accord_pairs(text: str, pair: tuple[str, str, str]) -> None:
    assert pair in {(p.kind, p.zh, p.en) for p in E.find_pairs(normalise(text))}


def test_an_articles_title_opening_a_sentence_is_no_publication() -> None:
    assert E.find_pairs(normalise("《墨西哥手中的牌》(Mexico's Cards to Play)一文认为,墨西哥并非被动。")) == []


def test_publication_and_org_tags(sample_entries: list[RawEntry], glossary: E.Glossary) -> None:
    tags, names = E.tag_entry(at(sample_entries, 53), glossary)
    keys = {(t.family, t.key) for t in tags}
    assert {("publication", "the-diplomat"), ("org", "bis"), ("person", "antonia-hmaidi"),
            ("person", "rebecca-arcesati"), ("region", "europe")} <= keys
    assert ("publication", "the-national-interest") in {
        (t.family, t.key) for t in E.tag_entry(at(sample_entries, 42), glossary)[0]}
    # 国家利益 outside 《》 is the phrase, not the magazine
    assert tags_of(entry("这符合两国的国家利益。"), glossary, "publication") == set()
    assert ("org", "sockor") in {(t.family, t.key) for t in E.tag_entry(at(sample_entries, 78), glossary)[0]}


# --- taxonomy.yml -----------------------------------------------------------------------

def test_content_taxonomy_extends_builtin(tmp_path: Path) -> None:
    (tmp_path / "taxonomy.yml").write_text(dedent("""\
        topics:
          - key: export-controls
            zh: 出口管控
            synonyms: [技术封锁]
          - {zh: 元宇宙, en: Metaverse, synonyms: [元宇宙, 虚拟现实], strong: [元宇宙]}
        names:
          - {kind: person, zh: 金成, en: Sung Y. Kim}
          - {kind: person, zh: 张三·李四, en: Zhang San Li}
        publications:
          - {zh: 亚洲评论, en: Asia Review}
        countries: {KR: [南朝鲜]}
        titles: [海军作战部长]
        """), encoding="utf-8")
    tax = E.load_taxonomy(tmp_path)
    assert tax.topic_by_key["export-controls"].zh == "出口管控"
    assert "技术封锁" in tax.topic_by_key["export-controls"].synonyms
    assert "出口管制" in tax.topic_by_key["export-controls"].synonyms
    assert tax.topic_by_key["metaverse"].en == "Metaverse"
    assert tax.country_forms["南朝鲜"] == "KR"
    g = E.build_glossary([entry("美国朝鲜问题特别代表金成(Sung Kim)在华盛顿。")], tax)
    assert g.get("金成").en == "Sung Y. Kim"  # content beats the text's form
    tags, _ = E.tag_entry(entry("元宇宙与技术封锁。元宇宙的未来。据《亚洲评论》报道,南朝鲜"), g)
    keys = {(t.family, t.key) for t in tags}
    assert {("topic", "metaverse"), ("publication", "asia-review"), ("country", "KR")} <= keys
    assert E.load_taxonomy(tmp_path / "missing").topics == E.default_taxonomy().topics


@pytest.mark.parametrize(("text", "line", "message"), [
    ("topics:\n  - key: x\n    zh: [unclosed\n", 4, "malformed YAML"),
    ("topics:\n  - key: x\n    zh: X\n    en: X\n    synonym: [a]\n", 5, "unknown key 'synonym'"),
    ("topics:\n  - {zh: 甲, en: A, synonyms: [ok, 1.5]}\n", 2, "non-empty strings"),
    ("names:\n  - {zh: 甲}\n", 2, "needs 'en'"),
    ("names:\n  - {zh: 甲, en: A, kind: planet}\n", 2, "kind must be"),
    ("countries:\n  XX: [某国]\n", 2, "alpha-2"),
    ("colours: [red]\n", 1, "unknown key 'colours'"),
    ("- just a list\n", 1, "must be a mapping"),
])
def test_malformed_content_taxonomy(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "taxonomy.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        E.load_taxonomy(tmp_path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert message in info.value.message


# --- export -----------------------------------------------------------------------------

def test_glossary_data(sample_entries: list[RawEntry], glossary: E.Glossary) -> None:
    rows = E.glossary_data(glossary)
    assert all(set(r) == {"kind", "key", "zh", "en", "aliases", "en_aliases"} for r in rows)
    assert {"kind": "person", "key": "antony-blinken", "zh": "安东尼·布林肯", "en": "Antony J. Blinken"}.items() \
        <= next(r for r in rows if r["key"] == "antony-blinken").items()

    class Tagged:
        def __init__(self, e: RawEntry) -> None:
            self.names = E.tag_entry(e, glossary)[1]

    by_id = {f"e{e.first_line}": Tagged(e) for e in sample_entries}
    rows = E.glossary_data(glossary, by_id)
    blinken = next(r for r in rows if r["key"] == "antony-blinken")
    assert {"e4", "e25", "e31", "e35", "e36", "e39"} <= set(blinken["entries"])
    mentioned = {(n.kind, n.en) for t in by_id.values() for n in t.names}
    silent = [i for i in glossary.items if i.source == "builtin" and i.count == 0 and (i.kind, i.en) not in mentioned]
    assert silent and not any((r["kind"], r["en"]) == (i.kind, i.en) for i in silent for r in rows)  # built-in, never mentioned


# --- other digests of the archive -------------------------------------------------------

def test_a_surname_two_people_share_is_each_digests_own():
    def in_digest(source: str, *lines: str) -> RawEntry:
        return RawEntry(source, tuple(Paragraph(i, t, normalise(t)) for i, t in enumerate(lines, 1)), "test")
    a = in_digest("a.txt", "阿根廷总统费尔南德斯(Alberto Fernández)3日访问莫斯科。", "费尔南德斯随后前往北京。")
    b = in_digest("b.txt", "玛丽亚-何塞·费尔南德斯(María-José Fernández)在《外交事务》上发表文章。",
                  "费尔南德斯认为,供应链正在分散。")
    glossary_ = E.build_glossary([a, b])
    assert glossary_.get("费尔南德斯", "a.txt").en == "Alberto Fernández"
    assert glossary_.get("费尔南德斯", "b.txt").en == "María-José Fernández"
    for raw, want in ((a, "Alberto Fernández"), (b, "María-José Fernández")):
        later = RawEntry(raw.source, raw.paragraphs[1:], "test")  # the Chinese-only mention
        _, names = E.tag_entry(later, glossary_)
        assert [n.en for n in names if n.kind == "person"] == [want]


def test_a_japanese_name_is_found_by_its_family_name_alone():
    first = entry("日本首相岸田文雄(Fumio Kishida)与联合国秘书长古特雷斯(António Guterres)会谈。",
                  "日本制铁(Nippon Steel)宣布收购计划。")
    glossary_ = E.build_glossary([first])
    assert "岸田" in glossary_.get("岸田文雄").aliases
    assert glossary_.get("古特") is None  # a transliterated surname is no family name + given name
    assert glossary_.get("日本制铁").kind != "person" and glossary_.get("日本") is None
    _, names = E.tag_entry(entry("岸田11日在国会发表演讲。"), glossary_)
    assert [n.en for n in names] == ["Fumio Kishida"]


@pytest.mark.parametrize(("zh", "en", "family"), [
    ("岸田文雄", "Fumio Kishida", True),
    ("福田康夫", "Yasuo Fukuda", True),  # 夫 usually transliterates; the English is romanised Japanese
    ("小泽一郎", "Ichiro Ozawa", True),
    ("卢卡申科", "Alexander Lukashenko", False),  # one transliterated surname
    ("拉夫罗夫", "Sergei Lavrov", False),
    # five characters: a Japanese given name of three (纯一郎, 由纪夫, 百合子)
    ("小泉纯一郎", "Junichiro Koizumi", True),
    ("鸠山由纪夫", "Yukio Hatoyama", True),
    ("小池百合子", "Yuriko Koike", True),
    ("小野寺五典", "Itsunori Onodera", False),  # a family name of three characters
    ("内塔尼亚胡", "Benjamin Netanyahu", False),  # romanised-looking English, a transliteration
    ("阿卜杜拉夫", "Abdul Rauf", False),
])
def test_family_first(zh: str, en: str, family: bool) -> None:
    assert E.family_first(zh, en) is family


@pytest.mark.parametrize("text, names", [
    ("外交部发言人汪文斌14日表示,美方应当", [("汪文斌", "Wang Wenbin")]),
    ("国务委员兼国防部长魏凤和同美国国防部长会晤", [("魏凤和", "Wei Fenghe")]),
    ("中国政府欧亚事务特别代表李辉等出席", [("李辉", "Li Hui")]),
    ("同中国气候变化事务特使解振华举行会谈", [("解振华", "Xie Zhenhua")]),  # 解 as a family name
    ("并会见了国家副主席韩正和国务院总理李强。", [("韩正", "Han Zheng"), ("李强", "Li Qiang")]),
    ("中共中央政治局委员、外交部长王毅和布林肯会谈", [("王毅", "Wang Yi")]),
    ("会议由中国外交部副部长、中方代表团团长武大伟主持", [("武大伟", "Wu Dawei")]),  # a second title, 团长
    ("外交部部长助理胡正跃当天约见日本驻华大使", [("胡正跃", "Hu Zhengyue")]),
    ("外交部副部长宋涛、外交部长杨洁篪和国务委员戴秉国先后约见",  # a list: each clause is an official's
     [("宋涛", "Song Tao"), ("杨洁篪", "Yang Jiechi"), ("戴秉国", "Dai Bingguo")]),
    ("国务委员唐家璇作为国家主席胡锦涛的特使访问平壤", [("唐家璇", "Tang Jiaxuan"), ("胡锦涛", "Hu Jintao")]),
    ("台湾海基会董事长辜振甫访问上海,与海协会会长汪道涵举行会晤", [("汪道涵", "Wang Daohan")]),
    ("朝鲜国务委员会委员长金正恩当晚出席宴会", []),  # 国务委员会 is North Korea's, no 国务委员
    ("韩国外交部发言人林洙璟称", []),  # another country's office
    ("朝鲜劳动党中央委员会副部长金与正7日发表谈话", []),
    ("越共中央总书记苏林4月访问", []),
    ("国防部长李尚福(Li Shangfu)表示", []),  # given in English: a pair of its own
    # a two-character name before a word that would take its third character: 朱民|出任, not 朱民出
    ("提名中国人民银行前副行长朱民出任副总裁", [("朱民", "Zhu Min")]),
    ("国务院总理李强调研时表示", [("李强", "Li Qiang")]),
    # a ministry by its own name, not only the ones listed: 住房和城乡建设部部长
    ("特使、住房和城乡建设部部长姜伟新出席了独立庆典", [("姜伟新", "Jiang Weixin")]),
    ("美国国防部部长帕内塔会见", []),  # ... but not another country's
    ("巴基斯坦内政部部长马利克表示", []),
    # family names beyond the commonest: 洪, 薄, 耿, 傅
    ("外交部发言人洪磊13日表示", [("洪磊", "Hong Lei")]),
    ("与商务部部长薄熙来在上海签署备忘录", [("薄熙来", "Bo Xilai")]),
    ("特使、前《中央日报》会长洪锡炫17日在白宫会见", []),  # a newspaper's office, not China's
    # a list of names with two or more the lists know as Chinese: its other names are Chinese too
    ("胡锦涛、吴邦国、温家宝、贾庆林、曾庆红、黄菊、吴官正、李长春、罗干9人组成新一届常委会",
     [("黄菊", "Huang Ju"), ("罗干", "Luo Gan")]),
    ("选举产生习近平、李克强、汪洋等人", [("汪洋", "Wang Yang")]),
    ("李长春、罗干等领导人出席", []),  # one known name only
    ("北京、上海、广州三地", []),
    ("胡锦涛、温家宝同金正日会谈", []),  # each name known already
])
def test_chinese_officials_named_in_chinese_only_get_their_pinyin_name(text, names):
    assert [(p.zh, p.en) for p in E.find_officials(normalise(text))] == names


@pytest.mark.parametrize("zh, en", [
    ("马朝旭", "Ma Zhaoxu"),  # 朝 in a given name is zhao
    ("薄熙来", "Bo Xilai"), ("尉健行", "Wei Jianxing"), ("曾庆红", "Zeng Qinghong"),  # family names
    ("吕新华", "Lu Xinhua"),  # ü as u
    ("汪文斌", "Wang Wenbin"), ("范长龙", "Fan Changlong"),
])
def test_pinyin_names_read_family_and_given_names_as_names(zh, en):
    assert E.pinyin_name(zh) == en


def test_an_official_named_in_chinese_only_tags_the_entry_with_the_pinyin_name():
    first = entry("外交部发言人汪文斌14日表示,美方应当停止。")
    _, names = E.tag_entry(first, E.build_glossary([first]))
    assert [n.en for n in names] == ["Wang Wenbin"]


def test_a_g7_meeting_tags_its_members_and_a_passing_mention_does_not():
    meeting = entry("七国集团(G7)外长会议16日至18日在日本轻井泽举行,会议发表联合公报。")
    passing = entry("七国集团和欧盟正加紧讨论如何利用被冻结的俄罗斯资产支持乌克兰。")
    glossary_ = E.build_glossary([meeting, passing])
    codes = lambda e: {t.key for t in E.tag_entry(e, glossary_)[0] if t.family == "country"}  # noqa: E731
    assert {"US", "JP", "DE", "FR", "GB", "IT", "CA"} <= codes(meeting)
    assert codes(passing) == {"RU", "UA"}
    # the bloc named in passing in another bloc's summit is no meeting of its own; the G8 is a bloc too
    g20 = entry("二十国集团(G20)领导人第五次峰会11日在韩国首尔举行,这是G20峰会首次在非七国集团成员的亚洲国家召开。")
    g8 = entry("八国集团(G8)第三十九次峰会6月17日至18日在英国北爱尔兰举行。")
    glossary_ = E.build_glossary([g20, g8])
    assert codes(g20) == {"KR"}
    assert {"US", "JP", "DE", "FR", "GB", "IT", "CA", "RU"} <= codes(g8)


NAMES_FILES = sorted(DIGESTS.glob("*.names.json"))


@pytest.mark.parametrize("names_file", NAMES_FILES or [None], ids=lambda p: p.name if p else "none")
def test_names_files(names_file: Path | None, archive_entries: list[RawEntry], glossary: E.Glossary) -> None:
    """Each listed pair is in the archive glossary; its Chinese forms and Chinese-only mentions resolve."""
    if names_file is None:
        pytest.skip("no *.names.json fixtures")
    digest = read_digest(names_file.with_name(names_file.name.replace(".names.json", ".txt")))
    by_line = {p.number: p for p in digest.paragraphs}
    problems = []
    for row in json.loads(names_file.read_text(encoding="utf-8")):
        zh, en = normalise(row["zh"]), row["en"]
        item = glossary.get(zh, digest.name)
        if item is None or en not in (item.en, *item.en_aliases):
            problems.append(("pair", zh, en, item and item.en))
            continue
        for form in row.get("zh_forms", []):  # in this digest (another may name someone else so)
            if glossary.get(normalise(form), digest.name) is not item:
                problems.append(("form", form, en, glossary.get(normalise(form), digest.name)))
        for line in row.get("zh_only_lines", []):
            tags, _ = E.tag_entry(RawEntry(digest.name, (by_line[line],), "line"), glossary)
            if item.tag not in tags:
                problems.append(("line", line, en, [t.key for t in tags if t.family == "person"]))
    assert not problems


# --- robustness and speed ---------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("美中日韩俄英法印朝方双国元(·)Ab 。,称布林肯金成日月1")), max_size=60))
def test_tagging_never_fails(text: str) -> None:
    glossary_ = E.build_glossary([entry(text or "x")])
    tags, names = E.tag_entry(entry(text or "x"), glossary_)
    assert all(t.key.isascii() for t in tags)


def test_tagging_is_fast(sample_entries: list[RawEntry], glossary: E.Glossary) -> None:
    many = sample_entries * (10_000 // len(sample_entries) + 1)
    started = time.perf_counter()
    for e in many[:10_000]:
        E.tag_entry(e, glossary)
    assert time.perf_counter() - started < 15  # about 3 s on a laptop


def test_people_who_share_a_surname_stay_apart():
    from generator.model import Paragraph, RawEntry
    from generator.read import normalise

    lines = ["1月1日,美国总统乔·拜登(Joe Biden)发表讲话。", "1月2日,亨特·拜登(Hunter Biden)出席听证会。",
             "1月3日,国防部长劳埃德·奥斯汀(Lloyd J. Austin III)访问首尔。", "1月4日,奥斯汀(Austin)表示将加强合作。"]
    entries = [RawEntry("t.txt", (Paragraph(i + 1, t, normalise(t)),), "leading-date") for i, t in enumerate(lines)]
    g = E.build_glossary(entries)
    people = {i.en for i in g.items if i.kind == "person"}
    assert {"Joe Biden", "Hunter Biden"} <= people
    austin = [i for i in g.items if i.kind == "person" and "Austin" in i.en]
    assert len(austin) == 1 and austin[0].en == "Lloyd J. Austin III"


def test_the_pair_harvest_is_linear_in_the_paragraph() -> None:
    """A 2 MB line of 60,000 pairs took 132 s (each pair sliced and searched all the text before
    it); with a fixed window around each parenthesis it is linear."""
    line = normalise("".join(f"中文{i % 97}名字(English Name{i % 89})" for i in range(60_000)))
    assert len(line.encode()) > 1_700_000
    with within(30):
        pairs = E.find_pairs(line, E.default_taxonomy())
    assert len(pairs) == 60_000


def test_the_window_changes_no_pair_of_the_digests() -> None:
    """Each paragraph's pairs are the same with 200 KB of other text before and after it."""
    filler = "美国与日本加强合作,双方同意深化同盟关系。" * 10_000 + "。"
    tax = E.default_taxonomy()
    for digest in sorted(DIGESTS.glob("*.txt")):
        for p in read_digest(digest).paragraphs:
            if "(" in p.norm:
                alone = E.find_pairs(p.norm, tax)
                assert E.find_pairs(normalise(filler) + p.norm + normalise(filler), tax) == alone, p.number


def _marked_archive(tmp_path: Path, name: str, *entries: str):
    """The archive of one digest whose entries are marked (`---` between them), so that what a
    test checks does not hang on the splitter."""
    from generator.pipeline import process

    digest = tmp_path / name
    digest.write_text("\n\n---\n\n".join(entries) + "\n", encoding="utf-8")
    return process([digest], None)


def test_places_and_things_named_once_in_english_are_names_of_every_entry_that_says_them(tmp_path):
    """开城(Kaesong) in one entry makes 开城 in another a mention of Kaesong (kind "other"), so
    search finds it by Kaesong; a two-character form needs a word boundary (公开城市 is not it)."""
    entries = _marked_archive(tmp_path, "briefing-2020-06.md",
                              "6月16日,朝鲜炸毁了位于开城(Kaesong)工业园区内的联络办公室大楼。",
                              "6月17日,韩国统一部表示,开城工业园区的损失仍在评估之中。",
                              "6月18日,日本政府表示将公开城市防疫数据。").entries
    kaesong = [[n.en for n in e.names if n.kind == "other"] for e in entries]
    assert kaesong == [["Kaesong"], ["Kaesong"], []]


def test_a_ship_is_named_in_every_way_a_text_writes_it(tmp_path):
    """“天安”号(Cheonan) introduces the ship 天安号: “天安”号 and 天安舰 in other entries name it too."""
    entries = _marked_archive(tmp_path, "briefing-2010-05.md",
                              "韩国军民联合调查团20日公布“天安”号(Cheonan)警戒舰沉没事件调查结果。",
                              "联合国安理会9日发表主席声明,谴责导致韩国“天安”号警戒舰沉没的攻击。",
                              "温家宝28日表示,中方将客观公正地判断天安舰事件。",
                              "韩国总统李明博24日发表对国民谈话。").entries
    ships = [[n.en for n in e.names if n.kind == "ship"] for e in entries]
    assert ships == [["Cheonan"], ["Cheonan"], ["Cheonan"], []]


def test_a_two_character_name_is_read_where_the_segmenter_cuts_it_out(tmp_path):
    """A curated name (张军, names.yml) is no mention where words run across both its edges
    (主张|军事); a harvested one (克里, from 约翰·克里(John Kerry)) is one where the segmenter cuts it
    out between two other words (指示|克里|推动), and none inside a word (克里姆林宫)."""
    entries = _marked_archive(tmp_path, "briefing-2013-09.md",
                              "美国国务卿约翰·克里(John Kerry)26日发表讲话。",
                              "奥巴马24日表示,已指示克里推动这一进程。",
                              "法国积极主张军事干预,克里姆林宫表示反对。",
                              "王毅会见中国常驻联合国代表张军大使。").entries
    people = [sorted(n.en for n in e.names if n.kind == "person") for e in entries]
    assert people[0] == ["John Kerry"] and "John Kerry" in people[1]
    assert people[2] == []
    assert "Zhang Jun" in people[3]


def test_two_people_of_one_surname_and_initial_are_two(tmp_path):
    """吉尔·拜登(Jill Biden) is not 拜登 (Joe Biden): their initials agree, their given names not."""
    entries = _marked_archive(tmp_path, "briefing-2021-07.md",
                              "6月10日,美国总统拜登(Joe Biden)在英国康沃尔郡同英国首相约翰逊会晤。",
                              "东京奥运会23日开幕,美国第一夫人吉尔·拜登(Jill Biden)出席开幕式。",
                              "拜登16日在白宫就阿富汗局势发表全国讲话。").entries
    people = [sorted(n.en for n in e.names if n.kind == "person") for e in entries]
    assert people == [["Joe Biden"], ["Jill Biden"], ["Joe Biden"]]


def test_a_listed_name_known_by_its_first_part_is_not_found_by_its_last() -> None:
    """马哈蒂尔 (Mahathir Mohamad) is listed with 马哈蒂尔·穆罕默德; 穆罕默德 alone is anyone's name
    (穆罕默德·阿杰马勒·卡萨布), and 侯赛因 of 萨达姆·侯赛因 is no Saddam in 侯赛因·坦塔维."""
    glossary = E.build_glossary([], E.default_taxonomy())
    assert tags_of(entry("法庭判处枪手穆罕默德·阿杰马勒·卡萨布死刑。"), glossary, "person") == set()
    assert "saddam-hussein" not in tags_of(entry("武装部队最高委员会主席侯赛因·坦塔维表示"), glossary, "person")
    assert "mahathir-mohamad" in tags_of(entry("马来西亚总理马哈蒂尔表示"), glossary, "person")


def test_an_arabic_article_is_no_part_of_a_double_surname(tmp_path):
    """艾哈迈德·沙拉(Ahmed al-Sharaa) is 沙拉 later (al- is an article), while 索菲娅·陈-拉米雷斯
    (Sofia Chen-Ramirez) keeps both halves of her surname."""
    assert E._last_segment("艾哈迈德·沙拉", "Ahmed al-Sharaa") == "沙拉"
    assert E._last_segment("索菲娅·陈-拉米雷斯", "Sofia Chen-Ramirez") == "陈-拉米雷斯"
    archive = _marked_archive(tmp_path, "briefing-2025-03.md",
                              "叙利亚过渡时期总统艾哈迈德·沙拉(Ahmed al-Sharaa)9日发表讲话。",
                              "沙拉13日签署为期5年的过渡期《宪法宣言》。")
    people = [[n.en for n in e.names if n.kind == "person"] for e in archive.entries]
    assert people == [["Ahmed al-Sharaa"], ["Ahmed al-Sharaa"]]


def test_a_person_s_country_is_the_one_in_their_title(tmp_path):
    """日本首相岸田文雄 is Japan's; "峰会在西班牙马德里举行,岸田文雄…" (another clause) and
    "在新加坡同魏凤和…" (where they met) give no country."""
    glossary = _marked_archive(tmp_path, "briefing-2022-06.md",
                              "北约峰会在西班牙马德里举行,岸田文雄(Fumio Kishida)出席。",
                              "澳大利亚国防部长马尔斯12日在新加坡同魏凤和(Wei Fenghe)举行会谈。",
                              "拜登23日在东京同日本首相岸田文雄举行会谈。",
                              "西班牙首相桑切斯(Pedro Sanchez)在马德里会见岸田文雄。").glossary
    assert glossary.get("岸田文雄").country == "JP"
    assert glossary.get("魏凤和").country is None
    assert glossary.get("桑切斯").country == "ES"


@pytest.mark.parametrize("name, first, then, en", [
    # 华为技术有限公司(Huawei) is 华为 in the next entry, so `Huawei` finds it
    ("briefing-2019-05.md", "美国商务部15日宣布,将华为技术有限公司(Huawei)列入实体清单。",
     "谷歌已暂停与华为之间需要转让硬件和软件的业务。", "Huawei"),
    # without its country and its generic words: 美国谷歌公司(Google) is 谷歌
    ("briefing-2010-03.md", "3月22日,美国谷歌公司(Google)宣布停止过滤搜索结果。",
     "文章指出,谷歌在中国搜索市场的份额约为三成。", "Google"),
])
def test_a_company_is_found_by_its_name_without_its_generic_words(tmp_path, name, first, then, en):
    archive = _marked_archive(tmp_path, name, first, then)
    names = [[n.en for n in e.names] for e in archive.entries]
    assert all(en in n for n in names), names


def test_a_body_is_found_by_its_name_without_its_country(tmp_path):
    """澳门汇业银行(Banco Delta Asia) is 汇业银行 in the next entry; a ministry is not found by its
    name without its country (国防部 is any country's), nor a body whose name left is generic."""
    archive = _marked_archive(tmp_path, "briefing-2007-02.md",
                              "朝方要求美方先解除对澳门汇业银行(Banco Delta Asia)的金融制裁。",
                              "希尔表示,美方将在30天内解决汇业银行问题。",
                              "美国国防部(U.S. Department of Defense)发布报告。欧洲中央银行(European Central Bank)加息。",
                              "日本国防部表示关切。多国中央银行随后跟进。")
    names = [{n.en for n in e.names} for e in archive.entries]
    assert "Banco Delta Asia" in names[1], names
    assert not names[3] & {"U.S. Department of Defense", "European Central Bank"}, names


def test_a_person_by_a_one_character_surname_where_the_context_says_so() -> None:
    """特雷莎·梅 (Theresa May) is 梅 where a clause opens with 梅 and what she does (`梅20日对德国
    进行…`, `。梅表示`), and 雅各布·卢 is 卢 after a title (`美国财政部长卢此前…`); 梅德韦杰夫, 卢布,
    `候选人梅朗雄` are not; nor is 梅 in a digest that never introduces her."""
    g = E.build_glossary([
        entry("7月13日,特雷莎·梅(Theresa May)出任英国首相。", "梅20日对德国进行访问。梅表示,英国不会急于脱欧。"),
        entry("美国财政部长雅各布·卢(Jacob Lew)访问北京。"),
    ], E.default_taxonomy())
    text = normalise("梅20日对德国进行访问。卢布贬值,总理梅德韦杰夫表示,候选人梅朗雄称。美国财政部长卢此前表示欢迎。")
    found = [(text[max(0, s - 2):e + 2], item.en) for s, e, item in g.find_surnames(text, "test.txt")]
    assert found == [("梅20", "Theresa May"), ("部长卢此前", "Jacob Lew")]
    assert {"Theresa May", "Jacob Lew"} <= {n.en for n in E.tag_entry(entry(text), g)[1]}
    assert g.find_surnames(normalise("梅20日对德国进行访问"), "another.txt") == []


def test_an_office_alone_names_the_one_person_a_digest_gives_it() -> None:
    """After "法国总统萨科齐(Nicolas Sarkozy)" and "联合国秘书长潘基文(Ban Ki-moon)", "法国总统在讲话
    中表示" and "联合国秘书长当天…" name them; not an office followed by another name, a former
    holder's, the office as a role (当选美国总统), an office two people hold in the digest, nor the
    office in another digest."""
    g = E.build_glossary([
        entry("20日,法国总统萨科齐(Nicolas Sarkozy)宣布,法国战机已出动。联合国秘书长潘基文(Ban Ki-moon)表示欢迎。"),
        entry("美国总统奥巴马(Barack Obama)28日发表讲话。", "英国首相卡梅伦(David Cameron)表示支持。"),
        entry("美国总统特朗普(Donald Trump)表示反对。", "英国首相卡梅伦当天会见了英国女王。"),
    ], E.default_taxonomy())

    def offices(text: str, source: str = "test.txt") -> list[str]:
        return [item.en for _, _, item in g.find_offices(normalise(text), source)]
    assert offices("法国总统在讲话中表示。联合国秘书长当天在纽约表示关切。") == ["Nicolas Sarkozy", "Ban Ki-moon"]
    assert offices("英国首相19日早晨在唐宁街发表声明。") == ["David Cameron"]
    assert offices("法国总统此前以日程安排为由拒绝出席。") == ["Nicolas Sarkozy"]
    assert offices("法国总统奥朗德表示。前法国总统出席。他再次当选法国总统。") == []
    assert offices("美国总统当天表示。") == []  # Obama and Trump: the office stands for neither
    assert offices("法国总统在讲话中表示。", "another.txt") == []
    _, names = E.tag_entry(entry("法国总统和联合国秘书长等出席。"), g)
    assert {n.en for n in names if n.kind == "person"} == {"Nicolas Sarkozy", "Ban Ki-moon"}
    tags, _ = E.tag_entry(entry("法国总统在讲话中表示。"), g)
    assert "FR" in {t.key for t in tags if t.family == "country"}  # the office's country is still a place


def test_a_person_who_takes_an_office_holds_it() -> None:
    """"奥朗德15日在爱丽舍宫正式就任法国总统" makes him the holder: "法国总统在会上重申" later names
    him, though no "法国总统奥朗德" introduces him. Not an office someone will take (将), nor one
    that someone else is also given in the digest."""
    g = E.build_glossary([
        entry("社会党候选人弗朗索瓦·奥朗德(François Hollande)以51.6%的得票率当选。"),
        entry("奥朗德15日在爱丽舍宫正式就任法国总统,随即任命艾罗为总理。"),
        entry("20日,萨马拉斯(Antonis Samaras)宣誓就任希腊总理。"),
        entry("马克龙(Emmanuel Macron)将于下周就任英国首相。"),  # (a made-up future: not a holder yet)
        entry("默克尔(Angela Merkel)当选德国总理。", "德国总理朔尔茨(Olaf Scholz)表示反对。"),
    ], E.default_taxonomy())

    def offices(text: str) -> list[str]:
        return [item.en for _, _, item in g.find_offices(normalise(text), "test.txt")]
    assert offices("法国总统在会上重申,法国将撤军。希腊总理表示。") == ["François Hollande", "Antonis Samaras"]
    assert offices("英国首相表示。") == [] and offices("德国总理表示。") == []


def test_a_verb_that_is_part_of_a_name_is_kept() -> None:
    assert E._verb_before_name("允许欧洲稳定机制") == 2 and E._verb_before_name("敦促欧洲央行") == 2
    assert E._verb_before_name("拯救儿童会") == 0 and E._verb_before_name("发展银行") == 0


def test_a_given_name_is_the_short_form_where_the_archive_uses_it_alone() -> None:
    """Thai names go by the given name: 沙马·顺达卫(Samak Sundaravej), then 沙马 alone. Not where the
    archive uses the last part alone (萨科齐 of 尼古拉·萨科齐), nor a first name that two people share."""
    lines = ["泰国总理沙马·顺达卫(Samak Sundaravej)26日拒绝辞职。",
             "宪法法院9日裁定,沙马须解除总理职务。",
             "法国总统尼古拉·萨科齐(Nicolas Sarkozy)12日斡旋,尼古拉表示满意。",
             "萨科齐当天返回巴黎。",
             "大卫·卡梅伦(David Cameron)和大卫·米利班德(David Miliband)会谈,大卫称。"]
    g = E.build_glossary([entry(line) for line in lines], E.default_taxonomy())
    assert tags_of(entry(lines[1]), g, "person") == {"samak-sundaravej"}
    assert tags_of(entry("尼古拉表示满意。"), g, "person") == set()
    assert tags_of(entry("大卫表示满意。"), g, "person") == set()


@pytest.mark.parametrize(("text", "tagged"), [
    ("伊朗布什尔核电站", set()),  # 布什|尔 (Bushehr): rjieba reads a name that runs on
    ("马伦科夫当选", set()),  # 马|伦科夫 (Malenkov)
    ("马伦称,美军将增兵", {"mike-mullen"}),
    ("布什特使抵达", {"george-bush"}),
    ("美国防长阿什顿·卡特表示", set()),  # the first part of another's name: no Catherine Ashton
])
def test_a_listed_name_is_no_part_of_a_longer_name(text: str, tagged: set[str]) -> None:
    g = E.build_glossary([], E.default_taxonomy())
    assert tags_of(entry(text), g, "person") == tagged
