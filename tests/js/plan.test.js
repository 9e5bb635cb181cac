// Unit tests of the search script's pure logic (query planning, ranking), without a browser:
// run by tests/test_search.py through node's test runner.
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");

global.window = {};
global.document = { currentScript: null, readyState: "complete", documentElement: { getAttribute: () => null },
                    addEventListener() {}, querySelector: () => ({}), getElementById: () => null };
global.location = { href: "http://127.0.0.1/", search: "" };
require(path.join(__dirname, "..", "..", "site_overrides", "assets", "javascripts", "briefing-search.js"));
const bs = window.briefingSearch;

const RU = ["country", ["俄罗斯", "Russia"], ["俄方"]];
const XI = ["person", ["习近平", "Xi Jinping"], []];
const EC = ["topic", ["出口管制", "Export controls"], []];
const YOON = ["person", ["尹锡悦", "Yoon Suk Yeol"], ["Yoon Suk-yeol"]];
const VOCAB = { "俄": [RU], "俄罗斯": [RU], "习近平": [XI], "xi jinping": [XI], "访俄": 0, "出口管制": [EC],
                "出口": 0, "管制": 0, "半导体": 0, "洪都拉斯": 0, "台湾": 0, "断交": 0, "yoon suk yeol": [YOON],
                "the national interest": [["publication", ["国家利益", "The National Interest"], []]], "芯片": 0 };
const lookup = (k) => VOCAB[k];
const DOD = ["org", ["美国国防部", "U.S. Department of Defense"], []];
const plan = (q) => bs.planQuery(q, lookup);
const texts = (p) => p.parts.map((x) => x.text);

test("a known word is one part", () => {
  assert.deepStrictEqual(texts(plan("出口管制")), ["出口管制"]);
  assert.strictEqual(plan("出口管制").phrase, null);
});

test("a run is cut into the archive's words, single unknown characters left out", () => {
  const p = plan("洪都拉斯与台湾断交");
  assert.deepStrictEqual(texts(p), ["洪都拉斯", "台湾", "断交"]);
  assert.deepStrictEqual(p.dropped, ["与"]);
  assert.deepStrictEqual(p.phrase, { text: "洪都拉斯与台湾断交", chars: 9, parts: [0, 1, 2], at: [0, 5, 7], len: [4, 2, 2] });
});

test("a name is searched in all its forms, a place in a compound as the place", () => {
  const p = plan("习近平访俄");
  assert.deepStrictEqual(texts(p), ["习近平", "访俄"]);
  assert.ok(p.parts[0].alts.every((a) => a.text !== "Xi Jinping"));  // a Chinese query: Chinese forms
  assert.ok(plan("Xi Jinping 访俄").parts[0].alts.some((a) => a.text === "习近平"));
  assert.ok(p.parts[1].alts.some((a) => a.text === "俄罗斯"));
});

test("a compound also matches its words apart", () => {
  const p = plan("出口管制半导体");
  assert.deepStrictEqual(texts(p), ["出口管制", "半导体"]);
  assert.ok(p.parts[0].alts.some((a) => a.all && a.all.join() === "出口,管制"));
});

test("a word that ends in a one-character head also matches its word and its head apart", () => {
  const p = bs.planQuery("美墨边境墙", (k) => ({ "边境墙": 0, "边境": 0 })[k]);
  const wall = p.parts.find((x) => x.text === "边境墙");
  assert.ok(wall.alts.some((a) => a.all && a.all.join() === "边境,墙"));
  assert.ok(!plan("半导体").parts[0].alts.some((a) => a.all));  // 半导 is no word of the archive
  const MIG = ["topic", ["移民与难民", "Migration and refugees"], []];  // a topic's synonym too
  const q = bs.planQuery("美墨边境墙", (k) => ({ "边境墙": [MIG], "边境": 0 })[k]);
  assert.ok(q.parts[1].alts.some((a) => a.all && a.all.join() === "边境,墙"));
  // alone, a word is searched as typed
  assert.ok(!bs.planQuery("边境墙", (k) => ({ "边境墙": 0, "边境": 0 })[k]).parts[0].alts.some((a) => a.all));
});

test("English names in any spelling, publications and mixed queries", () => {
  for (const q of ["Yoon Suk-yeol", "yoon suk yeol", "Yoon Suk Yeol", "Yoon Sūk-Yeol"]) {
    const p = plan(q);
    assert.strictEqual(p.parts.length, 1, q);
    assert.strictEqual(p.parts[0].kind, "entity", q);
    assert.ok(p.parts[0].alts.some((a) => a.text === "尹锡悦"), q);
  }
  assert.deepStrictEqual(texts(plan("The National Interest 芯片")), ["the national interest", "芯片"]);
  assert.deepStrictEqual(plan("Fight Tonight").parts.map((x) => x.kind), ["latin"]);
});

test("latinKey folds case, hyphens, diacritics, a middle initial and a suffix", () => {
  assert.strictEqual(bs.latinKey("Antony J. Blinken"), "antony blinken");
  assert.strictEqual(bs.latinKey("Lloyd J. Austin III"), "lloyd austin");
  assert.strictEqual(bs.latinKey("Yoon Suk-yeol"), "yoon suk yeol");
  assert.strictEqual(bs.latinKey("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
});

test("ranking: every part first, then the whole phrase, then closeness; else partial matches", () => {
  const a = new Map([["x", { s: 1, locs: [1] }], ["y", { s: 1, locs: [1] }], ["z", { s: 1, locs: [5] }]]);
  const b = new Map([["x", { s: 1, locs: [90] }], ["y", { s: 1, locs: [3] }]]);
  assert.deepStrictEqual(bs.rankMatches([a, b], null), { ids: ["y", "x"], partial: false, near: 0 });
  // 出口管制半导体: x holds the run whole, y holds its parts closer together and more relevantly
  const first = new Map([["x", { s: 0.5, locs: [40, 41, 42] }], ["y", { s: 1, locs: [20, 21, 22] }]]);
  const next = new Map([["x", { s: 0.5, locs: [44, 45] }], ["y", { s: 1, locs: [23, 24] }]]);
  assert.deepStrictEqual(bs.rankMatches([first, next], null).ids, ["y", "x"]);
  assert.deepStrictEqual(bs.rankMatches([first, next], new Set(["x"])).ids, ["x", "y"]);
  const c = new Map([["w", { s: 1, locs: [0] }]]);
  assert.deepStrictEqual(bs.rankMatches([a, c], null), { ids: ["w", "x", "y", "z"], partial: true, near: 0 });
});

test("ranking: a query of three parts that few entries hold whole goes on with those missing one", () => {
  const p1 = new Map([["x", { s: 1, locs: [1] }], ["y", { s: 1, locs: [1] }], ["z", { s: 1, locs: [1] }]]);
  const p2 = new Map([["x", { s: 1, locs: [3] }], ["q", { s: 1, locs: [3] }]]);
  const p3 = new Map([["x", { s: 0.1, locs: [90] }], ["y", { s: 1, locs: [2] }], ["q", { s: 1, locs: [4] }]]);
  // x holds all three (far apart, weakly); y and q miss one part each and rank after it; z
  // holds one part only and is left out
  const r = bs.rankMatches([p1, p2, p3], null);
  assert.strictEqual(r.ids[0], "x");
  assert.deepStrictEqual(new Set(r.ids.slice(1)), new Set(["y", "q"]));
  assert.deepStrictEqual([r.partial, r.near], [false, 2]);
  // two parts: only entries holding both
  assert.deepStrictEqual(bs.rankMatches([p1, p2], null).ids, ["x"]);
});

test("ranking: a name and an ordinary word go on with entries that hold the name alone", () => {
  // 海地地震: x holds both; y only the name (海地), z only the word (地震)
  const place = new Map([["x", { s: 1, locs: [1] }], ["y", { s: 1, locs: [4] }]]);
  const word = new Map([["x", { s: 1, locs: [2] }], ["z", { s: 1, locs: [7] }]]);
  assert.deepStrictEqual(bs.rankMatches([place, word], null, [true, false]), { ids: ["x", "y"], partial: false, near: 1 });
  // two names, or two ordinary words: only entries holding both
  assert.deepStrictEqual(bs.rankMatches([place, word], null, [true, true]).ids, ["x"]);
  assert.deepStrictEqual(bs.rankMatches([place, word], null, [false, false]).ids, ["x"]);
  // ten entries or more holding both: those holding the name alone are left out
  const many = [...Array(10).keys()].map((i) => "e" + i);
  const place2 = new Map(many.concat(["y"]).map((id) => [id, { s: 1, locs: [1] }]));
  const word2 = new Map(many.map((id) => [id, { s: 1, locs: [2] }]));
  assert.ok(!bs.rankMatches([place2, word2], null, [true, false]).ids.includes("y"));
});

test("a compound word's head finds what it is a kind of, after the entries that hold it whole", () => {
  const words = { "未遂政变": 0, "未遂": 0, "政变": 0, "出口管制": [EC], "出口": 0, "管制": 0, "朝鲜半岛": [["region", ["朝鲜半岛", "Korean Peninsula"], []]], "朝鲜": 0, "半岛": 0 };
  const p = bs.planQuery("未遂政变", (k) => words[k]);
  assert.deepStrictEqual(p.parts[0].alts.filter((a) => a.near).map((a) => a.text), ["政变"]);
  // a head that is a word of the archive where the rest is none
  const q = bs.planQuery("未遂政变", (k) => ({ "未遂政变": 0, "政变": 0 })[k]);
  assert.deepStrictEqual(q.parts[0].alts.filter((a) => a.near).map((a) => a.text), ["政变"]);
  assert.ok(!bs.planQuery("未遂政变", (k) => ({ "未遂政变": 0 })[k]).parts[0].alts.some((a) => a.near));
  // a place's or a name's last word is no head of it
  assert.ok(!bs.planQuery("朝鲜半岛", (k) => words[k]).parts[0].alts.some((a) => a.near));
  // x holds the word, y only its head: y comes after x, counted as near; with ten entries or
  // more holding it whole, entries with the head alone are left out
  const one = new Map([["x", { s: 1, locs: [1] }], ["y", { s: 0.3, locs: [5], near: true }]]);
  assert.deepStrictEqual(bs.rankMatches([one], null), { ids: ["x", "y"], partial: false, near: 1 });
  const many = new Map([...Array(10).keys()].map((i) => ["e" + i, { s: 1, locs: [1] }]).concat([["y", { s: 1, locs: [1], near: true }]]));
  assert.ok(!bs.rankMatches([many], null).ids.includes("y"));
  // two parts: the other part held and this one's head
  const other = new Map([["x", { s: 1, locs: [3] }], ["y", { s: 1, locs: [7] }], ["z", { s: 1, locs: [2] }]]);
  assert.deepStrictEqual(bs.rankMatches([one, other], null), { ids: ["x", "y"], partial: false, near: 1 });
});

test("a translation's head finds what it is a kind of: coup attempt is 未遂政变, then 政变", () => {
  const keys = { "coup attempt": [["gloss", ["未遂政变"], []]], "no fly zone": [["gloss", ["禁飞区"], []]],
                 "gaddafi": [["person", ["卡扎菲", "Muammar Gaddafi"], []]] };
  const near = (q) => bs.planQuery(q, (k) => keys[k]).parts[0].alts.filter((a) => a.near).map((a) => a.text);
  assert.deepStrictEqual(near("coup attempt"), ["政变"]);
  assert.deepStrictEqual(near("no-fly zone"), []);  // three characters: the word itself only
  assert.deepStrictEqual(near("Gaddafi"), []);  // a name has no head
});

test("English spans are looked up as the vocabulary's keys are made (latinKey of the whole span)", () => {
  // the key of "U.S. Department of Defense" is "u department of defense" (a middle letter dropped)
  const vocab = { "u department of defense": [DOD], "antony blinken": [["person", ["布林肯", "Antony J. Blinken"], []]] };
  const p = bs.planQuery("U.S. Department of Defense", (k) => vocab[k]);
  assert.deepStrictEqual(p.parts.map((x) => x.kind), ["entity"]);
  assert.ok(p.parts[0].alts.some((a) => a.text === "美国国防部"));
  assert.deepStrictEqual(bs.planQuery("Antony J. Blinken", (k) => vocab[k]).parts.map((x) => x.kind), ["entity"]);
});

test("English words for Chinese text: glosses, plurals, stopwords, the typed words first", () => {
  const GL = (zh) => [["gloss", zh, []]];
  const vocab = { "jerusalem": GL(["耶路撒冷"]), "embassy": GL(["大使馆"]), "tariff": GL(["关税"]),
                  "reciprocal": GL(["互惠", "对等"]), "meaning": GL(["含义"]), "sharp": GL(["锋利"]),
                  "power": GL(["权力"]), "yoon suk yeol": [YOON] };
  const p = bs.planQuery("Jerusalem embassy", (k) => vocab[k]);
  assert.deepStrictEqual(p.parts.map((x) => [x.kind, x.text]), [["entity", "jerusalem"], ["entity", "embassy"]]);
  assert.ok(p.parts[1].alts.some((a) => a.text === "大使馆" && a.w < 1));  // a translation, below the typed word
  assert.strictEqual(p.typed, "jerusalem embassy");
  const t = bs.planQuery("reciprocal tariffs", (k) => vocab[k]);  // a plural as its singular
  assert.ok(t.parts[1].alts.some((a) => a.text === "关税"));
  const s = bs.planQuery("The Meaning of Sharp Power", (k) => vocab[k]);
  assert.deepStrictEqual(s.parts.map((x) => x.text), ["meaning", "sharp", "power"]);
  assert.deepStrictEqual(s.dropped, ["the", "of"]);
  const u = bs.planQuery("Zeitenwende tariffs", (k) => vocab[k]);  // an unknown word stays a word to hold
  assert.deepStrictEqual(u.parts.map((x) => [x.kind, x.text]), [["latin", "zeitenwende"], ["entity", "tariffs"]]);
  // no gloss: stopwords stay (a name or title is searched as typed), and nothing is typed
  const n = bs.planQuery("Fight of the Night", (k) => vocab[k]);
  assert.deepStrictEqual(n.parts.map((x) => x.kind), ["latin"]);
  assert.strictEqual(n.typed, null);
  assert.strictEqual(bs.planQuery("Yoon Suk-yeol", (k) => vocab[k]).typed, null);
  // beside a name, a stopword is no part of its own
  const XIV = { "xi jinping": [XI], "yoon suk yeol": [YOON] };
  assert.deepStrictEqual(bs.planQuery("Yoon Suk-yeol and Xi Jinping", (k) => XIV[k]).parts.map((x) => x.kind), ["entity", "entity"]);
});

test("a derived English word as the gloss it comes from: impeachment -> impeach", () => {
  const GL = (zh) => [["gloss", zh, []]];
  const vocab = { "impeach": GL(["弹劾"]), "reciprocal": GL(["对等"]), "extradite": GL(["引渡"]), "deport": GL(["驱逐"]),
                  "elect": [["person", ["某人", "Elect"], []]] };
  assert.deepStrictEqual(bs.bases("impeachment"), ["impeach"]);
  assert.deepStrictEqual(bs.bases("reciprocity"), ["reciprocal", "reciproc", "reciproce"]);
  assert.deepStrictEqual(bs.bases("kishida"), []);  // no suffix: nothing
  assert.deepStrictEqual(bs.bases("ruling"), []);  // too short a stem
  const p = bs.planQuery("Rousseff impeachment", (k) => vocab[k]);
  assert.ok(p.parts[1].alts.some((a) => a.text === "弹劾"));
  assert.strictEqual(p.typed, "rousseff impeachment");
  assert.deepStrictEqual(bs.bases("reciprocal"), ["reciproc", "reciprocity"]);
  const noun = bs.planQuery("reciprocal tariffs", (k) => ({ "reciprocity": GL(["对等"]), "tariff": GL(["关税"]) })[k]);
  assert.ok(noun.parts[0].alts.some((a) => a.text === "对等"));
  for (const [q, zh] of [["reciprocity", "对等"], ["extradition", "引渡"], ["deportations", "驱逐"]]) {
    assert.ok(bs.planQuery(q, (k) => vocab[k]).parts[0].alts.some((a) => a.text === zh), q);
  }
  // a base that is a name, not a gloss, is not taken for the derived word
  assert.deepStrictEqual(bs.planQuery("election", (k) => vocab[k]).parts.map((x) => x.kind), ["latin"]);
});

test("a word of two places in a longer query is both places: 英法核合作", () => {
  const UK = ["country", ["英国", "United Kingdom"], ["英方"]];
  const FR = ["country", ["法国", "France"], ["法方"]];
  const vocab = { "英": [UK], "法": [FR], "英法": 0, "合作": 0, "英国": [UK], "法国": [FR] };
  const p = bs.planQuery("英法合作", (k) => vocab[k]);
  assert.deepStrictEqual(p.parts.map((x) => [x.kind, x.text]), [["entity", "英"], ["entity", "法"], ["word", "合作"]]);
  assert.ok(p.parts[0].alts.some((a) => a.text === "英国") && p.parts[0].alts.some((a) => a.text === "英法"));
  assert.ok(p.parts[1].alts.some((a) => a.text === "法国") && !p.parts[1].alts.some((a) => a.text === "英国"));
  // alone, the word is the query as typed
  assert.deepStrictEqual(bs.planQuery("英法", (k) => vocab[k]).parts.map((x) => x.text), ["英法"]);
});

test("a word that opens with two one-character places matches entries on both", () => {
  const CN = ["country", ["中国", "China"], ["中方"]], JP = ["country", ["日本", "Japan"], ["日方"]];
  const IN = ["country", ["印度", "India"], ["印方"]], US = ["country", ["美国", "United States"], ["美方"]];
  const V = { "中": [CN], "日": [JP], "美": [US], "印": [IN], "中日关系": 0, "关系": 0, "中日": 0,
              "美印核协议": 0, "核协议": 0, "协议": 0, "美印": 0, "日本": [JP], "中国": [CN], "日韩关系": 0 };
  const rel = bs.planQuery("中日关系", (k) => V[k]).parts[0];
  const all = rel.alts.find((a) => a.all && a.all.join() === "中,日,关系");
  assert.ok(all && !all.near);
  assert.deepStrictEqual(all.forms.slice(0, 2), [["中国", "中方"], ["日本", "日方"]]);
  // relations between the two: any entry on both, after those that hold the word; not any 关系
  const both = rel.alts.find((a) => a.all && a.all.join() === "中,日");
  assert.ok(both && both.near);
  assert.ok(!rel.alts.some((a) => a.text === "关系"));
  // another head: what the query is a kind of, on both places
  const deal = bs.planQuery("美印核协议", (k) => V[k]).parts[0];
  assert.ok(deal.alts.some((a) => a.all && a.all.join() === "美,印,核协议" && !a.near));
  assert.ok(deal.alts.some((a) => a.all && a.all.join() === "美,印,协议" && a.near));
  assert.ok(!deal.alts.some((a) => a.text === "协议"));
  // one character no place (韩 unknown here): as before
  assert.ok(!bs.planQuery("日韩关系", (k) => V[k]).parts[0].alts.some((a) => a.all && a.all[0] === "日" && a.all[1] === "韩"));
});

test("a topic's own words are searched for that topic alone, not beside other parts", () => {
  const IRAN = ["topic", ["伊朗核问题", "Iran nuclear issue"], ["伊核协议", "伊朗核协议"]];
  const look = (k) => ({ "jcpoa": [IRAN], "伊核协议": [IRAN], "默克尔": [["person", ["默克尔", "Angela Merkel"], []]] })[k];
  const alone = bs.planQuery("JCPOA", look);
  assert.ok(alone.parts[0].alts.some((a) => a.text === "伊朗核协议"));
  const two = bs.planQuery("JCPOA 默克尔", look);
  assert.strictEqual(two.parts.length, 2);
  assert.ok(two.parts[0].alts.some((a) => a.text === "伊朗核问题"));  // the topic's label stays
  assert.ok(!two.parts[0].alts.some((a) => a.text === "伊朗核协议"));
});
