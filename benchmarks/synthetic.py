"""A synthetic archive: N entries of realistic digest text in ~350 digest files over ~10 years.

Deterministic for a given seed. The text imitates the real digests (tests/fixtures/digests):
one paragraph per line; news items that open with a date (`1月11日,…`, `2023年1月5日,…`)
and name people with their English form in parentheses (`美国国务卿伊利·拉特纳(Ely Ratner)`);
article summaries (`…在《国家利益》上发表了一篇名为《…》(English title)的文章`) continued by
`文章指出,…` paragraphs. Filler clauses come from a character model of the sample digest
with a long tail of other characters, so that the vocabulary (and the search index) grows
with the archive as a real one does. People are transliterated names made from syllables,
each with an English form built from the same syllables (卢卡斯 -> Lucas-like spellings).

    python benchmarks/synthetic.py --entries 10000 --out /tmp/content

Used by benchmarks/search_bench.py, tests/test_search.py and the build benchmark.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "digests" / "briefing-2022-11_2023-02.txt"

# Transliteration syllables: (Chinese character, Latin spelling). Names are 2-4 of them.
SYLLABLES = [
    ("阿", "a"), ("巴", "ba"), ("贝", "be"), ("比", "bi"), ("波", "po"), ("布", "bu"), ("查", "cha"),
    ("达", "da"), ("德", "de"), ("迪", "di"), ("多", "do"), ("恩", "en"), ("尔", "r"), ("法", "fa"),
    ("菲", "fi"), ("弗", "f"), ("福", "fo"), ("盖", "gai"), ("冈", "gun"), ("戈", "go"), ("格", "g"),
    ("哈", "ha"), ("汉", "han"), ("赫", "he"), ("霍", "ho"), ("基", "ki"), ("吉", "gi"), ("加", "ga"),
    ("杰", "je"), ("金", "kin"), ("卡", "ca"), ("凯", "kai"), ("科", "co"), ("克", "k"), ("肯", "ken"),
    ("拉", "la"), ("莱", "le"), ("兰", "lan"), ("劳", "lau"), ("雷", "ray"), ("里", "ri"), ("利", "li"),
    ("林", "lin"), ("卢", "lu"), ("鲁", "ru"), ("罗", "ro"), ("洛", "lo"), ("马", "ma"), ("曼", "man"),
    ("梅", "me"), ("米", "mi"), ("莫", "mo"), ("默", "mur"), ("穆", "mu"), ("纳", "na"), ("内", "ne"),
    ("尼", "ni"), ("诺", "no"), ("帕", "pa"), ("佩", "pe"), ("皮", "pi"), ("普", "pu"), ("奇", "chi"),
    ("琼", "jon"), ("萨", "sa"), ("塞", "se"), ("桑", "san"), ("森", "sen"), ("沙", "sha"), ("斯", "s"),
    ("索", "so"), ("塔", "ta"), ("泰", "tai"), ("特", "t"), ("汤", "tom"), ("图", "tu"), ("托", "to"),
    ("瓦", "va"), ("万", "van"), ("威", "wi"), ("维", "vi"), ("温", "win"), ("沃", "wo"), ("乌", "u"),
    ("西", "si"), ("希", "hi"), ("谢", "she"), ("逊", "son"), ("雅", "ya"), ("亚", "ya"), ("耶", "ye"),
    ("伊", "i"), ("约", "jo"), ("扎", "za"), ("泽", "ze"), ("茨", "tz"), ("丹", "dan"), ("埃", "e"),
    ("艾", "ai"), ("安", "an"), ("奥", "o"), ("本", "ben"), ("伯", "ber"), ("顿", "ton"), ("赖", "rai"),
]

COUNTRIES = ["美国", "日本", "韩国", "朝鲜", "中国", "俄罗斯", "澳大利亚", "印度", "法国", "德国", "英国",
             "越南", "菲律宾", "印度尼西亚", "新加坡", "泰国", "马来西亚", "巴基斯坦", "伊朗", "以色列",
             "乌克兰", "加拿大", "巴西", "土耳其", "沙特阿拉伯", "埃及", "南非", "尼日利亚", "墨西哥", "新西兰",
             "意大利", "西班牙", "波兰", "荷兰", "瑞典", "芬兰", "挪威", "蒙古", "哈萨克斯坦", "缅甸"]
ORGS = [("国务院", "Department of State"), ("国防部", "Department of Defense"), ("外交部", "Ministry of Foreign Affairs"),
        ("财政部", "Treasury"), ("商务部", "Department of Commerce"), ("国家安全委员会", "National Security Council"),
        ("联合国安理会", "UN Security Council"), ("北约", "NATO"), ("东盟", "ASEAN"), ("欧盟", "European Union"),
        ("世界贸易组织", "WTO"), ("国际原子能机构", "IAEA"), ("印太司令部", "INDOPACOM"), ("国会", "Congress"),
        ("参议院外交委员会", "Senate Foreign Relations Committee"), ("战略与国际研究中心", "CSIS"),
        ("兰德公司", "RAND Corporation"), ("布鲁金斯学会", "Brookings Institution")]
TITLES = ["国务卿", "国防部长", "外交部长", "国家安全顾问", "总统", "总理", "副总理", "大使", "发言人",
          "助理部长", "副国务卿", "参议员", "众议员", "司令", "研究员", "教授", "主任", "特使", "副部长", "议长"]
TOPICS = ["延伸威慑", "弹道导弹", "核态势", "供应链", "半导体", "出口管制", "气候变化", "能源安全", "网络安全",
          "人工智能", "军事演习", "自由贸易", "关税", "经济制裁", "人权", "海洋安全", "太空合作", "反恐",
          "难民问题", "粮食安全", "新冠疫情", "朝鲜半岛无核化", "台湾海峡", "南海仲裁", "印太战略", "量子技术",
          "稀土资源", "数字经济", "基础设施投资", "军售", "核不扩散", "联合声明", "战略对话", "高超音速武器"]
PUBLICATIONS = [("国家利益", "The National Interest"), ("外交学人", "The Diplomat"), ("外交事务", "Foreign Affairs"),
                ("外交政策", "Foreign Policy"), ("战争困境", "War on the Rocks"), ("华尔街日报", "The Wall Street Journal"),
                ("纽约时报", "The New York Times"), ("金融时报", "Financial Times"), ("经济学人", "The Economist"),
                ("大西洋月刊", "The Atlantic"), ("防务新闻", "Defense News"), ("东亚论坛", "East Asia Forum")]
VERBS = ["表示", "指出", "强调", "认为", "呼吁", "宣布", "称"]
CONTINUATIONS = ["文章指出", "作者认为", "文章称", "作者指出", "文章还指出", "此外,文章认为"]
EN_WORDS = ("alliance strategy deterrence order power rivalry trade chips energy security pacific china america "
            "europe russia war peace realism restraint competition decoupling sanctions nuclear missile navy "
            "taiwan korea japan india asean quad summit crisis future limits myth case return age new long hard "
            "real great game dilemma choice risk test bet path").split()
ACRONYMS = [("美国国防战略", "NDS"), ("核态势评估", "NPR"), ("导弹防御评估", "MDR"), ("战略政策对话", "SPD"),
            ("中型战斗艇", "CCM"), ("情报侦察监视", "ISR"), ("定制型威慑战略", "TDS"), ("安保会议", "SCM"),
            ("工业和安全局", "BIS"), ("印太经济框架", "IPEF"), ("澳英美三边安全伙伴关系", "AUKUS"),
            ("末段高空区域防御系统", "THAAD"), ("环太平洋军事演习", "RIMPAC"), ("亚太经合组织", "APEC"),
            ("二十国集团", "G20"), ("七国集团", "G7"), ("国防授权法", "NDAA"), ("芯片与科学法案", "CHIPS")]


@dataclass(frozen=True)
class Person:
    zh: str  # 伊利·拉特纳
    en: str  # Ely Ratner

    @property
    def surname(self) -> str:
        return self.zh.split("·")[-1]


@dataclass
class Synthetic:
    """What was generated: the digests, and the vocabulary a test can search for."""

    files: list[tuple[str, str]]  # (file name, text)
    people: list[Person]
    topics: list[str] = field(default_factory=lambda: list(TOPICS))
    entries: int = 0


class _CharModel:
    """An order-2 character model of the sample digest, with a long tail of other characters."""

    def __init__(self, text: str, rng: random.Random) -> None:
        self.rng = rng
        runs = re.findall(r"[\u4e00-\u9fff,、。“”]+", text.replace(",", ","))
        self.next: dict[str, list[str]] = defaultdict(list)
        counts: Counter[str] = Counter()
        for run in runs:
            counts.update(c for c in run if "\u4e00" <= c <= "\u9fff")
            for i in range(len(run) - 2):
                self.next[run[i:i + 2]].append(run[i + 2])
        self.states = sorted(k for k in self.next if all("\u4e00" <= c <= "\u9fff" for c in k))
        chars = sorted(counts)
        # the tail: common characters not in the sample (CJK block, spread deterministically)
        tail = [chr(c) for c in range(0x4E00, 0x9FA5, 7) if chr(c) not in counts][:2500]
        self.pool = chars + tail
        weights = [counts[c] for c in chars] + [0.6] * len(tail)
        self.cum = list(itertools.accumulate(weights))

    def char(self) -> str:
        return self.pool[bisect.bisect_left(self.cum, self.rng.random() * self.cum[-1])]

    def clause(self, length: int) -> str:
        state = self.rng.choice(self.states)
        out = list(state)
        while len(out) < length:
            options = self.next.get("".join(out[-2:]))
            if options and self.rng.random() > 0.12:
                out.append(self.rng.choice(options))
            else:  # a jump: a new word from the long tail, then back into the model
                out.extend(self.char() for _ in range(self.rng.choice((1, 2, 2, 3))))
                out.extend(self.rng.choice(self.states))
        text = "".join(out[:length]).strip(",、。“”")
        return re.sub(r"[。]", ",", text)


def _names(rng: random.Random, count: int) -> list[Person]:
    def word(lo: int, hi: int) -> tuple[str, str]:
        syl = [rng.choice(SYLLABLES) for _ in range(rng.randint(lo, hi))]
        latin = "".join(s[1] for s in syl)
        return "".join(s[0] for s in syl), latin[:1].upper() + latin[1:]

    people: dict[str, Person] = {}
    while len(people) < count:
        given, given_en = word(2, 3)
        surname, surname_en = word(2, 4)
        p = Person(f"{given}·{surname}", f"{given_en} {surname_en}")
        people.setdefault(p.zh, p)
    return sorted(people.values(), key=lambda p: p.zh)


def _zipf(rng: random.Random, items: list, s: float = 1.1):
    """An item, the first ones far more often than the last (as names are in real digests)."""
    n = len(items)
    r = rng.random()
    return items[min(n - 1, int(n ** r ** s) - 1 if n > 1 else 0)]


def _title_en(rng: random.Random) -> str:
    words = [rng.choice(EN_WORDS) for _ in range(rng.randint(3, 7))]
    return " ".join(w.capitalize() if i == 0 or len(w) > 3 else w for i, w in enumerate(words))


def _sentence(rng: random.Random, model: _CharModel, people: list[Person], *, min_len: int) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < min_len:
        kind = rng.random()
        if kind < 0.25:
            p = _zipf(rng, people)
            parts.append(f"{rng.choice(COUNTRIES)}{rng.choice(TITLES)}{p.surname}{rng.choice(VERBS)},"
                         f"{model.clause(rng.randint(12, 30))}")
        elif kind < 0.45:
            parts.append(f"{rng.choice(COUNTRIES)}与{rng.choice(COUNTRIES)}就{rng.choice(TOPICS)}"
                         f"{model.clause(rng.randint(8, 20))}")
        elif kind < 0.52:
            zh, en = rng.choice(ACRONYMS)
            parts.append(f"{model.clause(rng.randint(6, 14))},{zh}({en}){model.clause(rng.randint(6, 14))}")
        else:
            parts.append(model.clause(rng.randint(14, 40)))
    return ",".join(parts) + "。"


def _news(rng: random.Random, model: _CharModel, people: list[Person], day: dt.date, full_date: bool) -> list[str]:
    p = _zipf(rng, people)
    org_zh, _ = rng.choice(ORGS)
    country = rng.choice(COUNTRIES[:12])
    date = f"{day.year}年{day.month}月{day.day}日" if full_date else f"{day.month}月{day.day}日"
    lead = (f"{date},{country}{org_zh}{rng.choice(TITLES)}{p.zh}({p.en}){rng.choice(VERBS)},"
            f"{model.clause(rng.randint(20, 40))},{rng.choice(TOPICS)}{model.clause(rng.randint(10, 30))}。")
    paras = [lead + _sentence(rng, model, people, min_len=rng.randint(40, 160))]
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
        paras.append(f"{p.surname}{rng.choice(VERBS)},{_sentence(rng, model, people, min_len=rng.randint(60, 200))}")
    return paras


def _article(rng: random.Random, model: _CharModel, people: list[Person]) -> list[str]:
    p = _zipf(rng, people)
    pub_zh, _ = rng.choice(PUBLICATIONS)
    title = model.clause(rng.randint(8, 16)).replace(",", "")
    paras = [f"{p.zh}({p.en})在《{pub_zh}》上发表了一篇名为《{title}》({_title_en(rng)})的文章,作者认为"
             f"{_sentence(rng, model, people, min_len=rng.randint(60, 140))}"]
    for _ in range(rng.randint(1, 4)):
        paras.append(f"{rng.choice(CONTINUATIONS)},{_sentence(rng, model, people, min_len=rng.randint(80, 220))}")
    return paras


def generate(n_entries: int = 10_000, *, n_files: int | None = None, seed: int = 2023, years: int = 10,
             start: dt.date = dt.date(2014, 1, 1), n_people: int | None = None) -> Synthetic:
    """N entries in digests of the real style: ~350 files for 10,000 entries, over `years`."""
    rng = random.Random(seed)
    model = _CharModel(SAMPLE.read_text(encoding="utf-8"), rng)
    people = _names(rng, n_people or max(40, n_entries // 8))
    n_files = n_files or max(1, round(350 * n_entries / 10_000))
    span = years * 365
    files: list[tuple[str, str]] = []
    made = 0
    for i in range(n_files):
        first = start + dt.timedelta(days=span * i // n_files)
        last = start + dt.timedelta(days=span * (i + 1) // n_files - 1)
        count = n_entries * (i + 1) // n_files - made
        lines: list[str] = []
        for _ in range(count):
            day = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
            if rng.random() < 0.7:
                lines += _news(rng, model, people, day, full_date=rng.random() < 0.3)
            else:
                lines += _article(rng, model, people)
        made += count
        name = f"briefing-{first:%Y-%m-%d}_{last:%Y-%m-%d}.txt"
        files.append((name, "\n".join(lines) + "\n"))
    return Synthetic(files=files, people=people, entries=made)


def write_archive(content_dir: str | Path, n_entries: int = 10_000, **kwargs) -> Synthetic:
    """Generate and write the digests into content_dir (created if needed)."""
    out = Path(content_dir)
    out.mkdir(parents=True, exist_ok=True)
    synthetic = generate(n_entries, **kwargs)
    for name, text in synthetic.files:
        (out / name).write_text(text, encoding="utf-8")
    return synthetic


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    s = write_archive(args.out, args.entries, n_files=args.files, seed=args.seed)
    size = sum(len(t.encode()) for _, t in s.files)
    sys.stdout.write(f"{s.entries} entries in {len(s.files)} files ({size / 1e6:.1f} MB) in {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
