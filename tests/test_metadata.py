"""generator.metadata: headlines in both languages, editors' corrections of metadata."""

from __future__ import annotations

import re

import pytest
from conftest import DIGESTS, SAMPLE

from generator.errors import ConfigError
from generator.metadata import make_title
from generator.model import Paragraph, RawEntry
from generator.pipeline import process
from generator.read import normalise

CORPUS = sorted(DIGESTS.glob("*.txt"))


def raw(*lines: str) -> RawEntry:
    return RawEntry("t.txt", tuple(Paragraph(i, t, normalise(t)) for i, t in enumerate(lines, 1)), "test")


@pytest.mark.parametrize("line,title", [
    # the date and the attribution go where what was said stands alone
    ("外交部发言人汪文斌14日表示:美英澳发表奥库斯核潜艇合作联合声明,无视国际社会关切。", "美英澳发表奥库斯核潜艇合作联合声明,无视国际社会关切"),
    ("12月上旬,也门胡塞武装(Houthis)对红海南部的商船发动多起袭击。", "也门胡塞武装对红海南部的商船发动多起袭击"),
    # ...but not where it would leave no subject
    ("日本经济产业大臣西村康稔31日宣布,将修订相关省令,把23种先进半导体制造设备列入出口管制对象。",
     "日本经济产业大臣西村康稔31日宣布,将修订相关省令,把23种先进半导体制造设备列入出口管制对象"),
    # an article summary is headed by the article's title
    ("马修·罗查特(Matthew Rochat)在《国家利益》上发表了一篇名为《只有进攻现实主义才能遏制中国》的文章。", "只有进攻现实主义才能遏制中国"),
    ("查塔姆研究所网站30日发表了研究员托马斯·布雷斯韦特(Thomas Braithwaite)的文章《大选能否打破脱欧僵局》"
     "(Can an Election Break the Brexit Deadlock?),作者认为,大选很可能成为一场事实上的第二次公投。", "大选能否打破脱欧僵局"),
    # a question mark inside the English in parentheses ends no sentence
    ("美国战略与国际研究中心发布报告《印太战略》(Indo-Pacific: What Next?),称美国应加强同盟。",
     "美国战略与国际研究中心发布报告《印太战略》,称美国应加强同盟"),
])
def test_chinese_headlines(line: str, title: str) -> None:
    assert make_title(raw(line)) == title


def test_headlines_are_whole_clauses_never_cut_words() -> None:
    for path in CORPUS:
        for e in process([path], None).entries:
            assert not e.title.endswith("…"), e.title
            plain = re.sub(r"\([^()]*[A-Za-z][^()]*\)|[“”]", "", normalise(e.raw.paragraphs[0].text))
            # every clause of the headline is a whole clause of the text (no cut inside one)
            for clause in re.sub(r"[“”]", "", normalise(e.title)).split(","):
                at = plain.find(clause)
                assert at >= 0 and plain[at + len(clause):at + len(clause) + 1] in ("", ",", "。", ";", ":", "!", "?", "》"), \
                    (e.title, plain[:80])


def test_every_entry_has_a_predominantly_english_headline() -> None:
    for path in CORPUS:
        for e in process([path], None).entries:
            latin = sum(ch.isascii() and ch.isalpha() for ch in e.title_en)
            cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in e.title_en)
            assert e.title_en and latin > 3 * cjk, (path.name, e.title_en)


def test_an_english_title_the_entry_merely_mentions_is_not_its_headline() -> None:
    e = process_text("11月20日,二十国集团(G20)外长会议在新德里举行,与会者讨论了《新削减战略武器条约》(New START)的前景和乌克兰局势。")
    assert e.title_en != "New START" and e.title_en_generated


def process_text(text: str, tmp_path=None):
    import tempfile
    from pathlib import Path

    d = Path(tempfile.mkdtemp()) / "briefing-2023-11.txt"
    d.write_text(text + "\n", encoding="utf-8")
    return process([d], None).entries[0]


def test_editor_sets_date_titles_and_tags(tmp_path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    digest = content / SAMPLE.name
    digest.write_bytes(SAMPLE.read_bytes())
    (content / "overrides.yml").write_text(f"""\
{SAMPLE.name}:
  split_before: ["2022年12月6日,美国国务卿布林肯"]  # (an entry of the gold, whatever the model decides)
  entries:
    "2022年12月6日,美国国务卿布林肯":
      date: 2022-12-07
      title: 布林肯接受《华尔街日报》采访谈中美关系
      title_en: Blinken on US–China relations at the WSJ CEO Council
      tags: {{add: [议题/中美关系, Countries/Germany], remove: [国家/美国]}}
""", encoding="utf-8")
    archive = process([digest], content)
    e = next(e for e in archive.entries if e.raw.paragraphs[0].text.startswith("2022年12月6日,美国国务卿布林肯"))
    assert e.date.iso() == "2022-12-07" and e.date.basis.startswith("editor")
    assert e.title == "布林肯接受《华尔街日报》采访谈中美关系"
    assert e.title_en == "Blinken on US–China relations at the WSJ CEO Council" and not e.title_en_generated
    labels = {t.label for t in e.tags}
    assert {"议题/中美关系", "国家/德国"} <= labels and "国家/美国" not in labels
    assert set(e.edited) == {"date", "title", "title_en", "tags"}
    assert not archive.warnings


def test_unmatched_or_invalid_entry_overrides_are_reported_with_file_and_line(tmp_path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    digest = content / SAMPLE.name
    digest.write_bytes(SAMPLE.read_bytes())
    ov = content / "overrides.yml"
    ov.write_text(f'{SAMPLE.name}:\n  entries:\n    "没有这样的段落":\n      title: 标题\n    "11月21日至22日":\n'
                  f'      tags: {{add: [议题/不存在的议题]}}\n', encoding="utf-8")
    warnings = process([digest], content).warnings
    assert any(f"{ov}:3" in w and "matches no entry" in w for w in warnings), warnings
    assert any(f"{ov}:5" in w and "unknown tag" in w for w in warnings), warnings
    ov.write_text(f'{SAMPLE.name}:\n  entries:\n    "11月21日至22日":\n      date: 2022-13-40\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        process([digest], content)
    assert info.value.line == 4 and "malformed" in str(info.value)
    ov.write_text(f'{SAMPLE.name}:\n  entries:\n    "11月21日至22日":\n      date: "2022-12"\n      colour: red\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        process([digest], content)
    assert info.value.line == 3 and "unknown keys" in str(info.value)
