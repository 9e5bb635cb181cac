/* Search: the header search (button, "/" or "s"), the search page (search/) and
 * window.briefingSearch(query, filters, options), over the index that generator/search.py
 * writes to search-index/. Nothing is loaded from another host: the index is found from
 * <html data-site-root> (the top of the site, where search-index/ lives).
 *
 * window.briefingSearch(query, filters?, options?) -> Promise of
 *   { total,                      number of all matching entries (not just this page), and
 *                                 of the related entries listed after them
 *     related,                    how many of the total (the last) are related entries: by
 *                                 relevance, a query of fewer than 10 matches lists the
 *                                 related entries of its first matches after them
 *     results: [{ id, url, path, href, title, date, dateText, tags, excerpt, related }],
 *                                 url: absolute; path: site-root relative (e/<id>/, en/e/<id>/);
 *                                 href: relative to this page; excerpt: HTML with <mark>;
 *                                 related: true for a related entry (no match of its own)
 *     filters: { country: { US: 3, ... }, person: {...}, ..., year: { "2023": 5 } },
 *                                 counts among all the matches, by key (with options.counts;
 *                                 else {})
 *     countsExact,                true when the counts were asked for (they are always exact)
 *     partial,                    true: no entry matches every part; these match the most
 *     near,                       how many of the matches (the last) miss one of three parts or more,
 *                                 or hold a name of the query and not its ordinary word
 *     parts, kinds, dropped }     what the query was cut into (each part's kind: entity, word,
 *                                 latin, char), and the characters left out
 *
 * A query is planned (planQuery) into parts: the names, places, topics and publications of
 * the archive's vocabulary (in the index's chunks, generator/search_vocab.py) and its ordinary
 * words; each part is searched in all its forms (formSearch: the form's terms at consecutive
 * positions, or a one-character form's set), and the entries holding every part are ranked
 * (rankMatches): parts held, the query's run held whole, relevance (BM25 over the terms, a
 * term in the title, first paragraph, names and tags weighing more) and closeness of the parts.
 *   filters: { country: ["US"], region: ["indo-pacific"], person: ["antony-blinken"],
 *              org: [...], topic: [...], publication: [...], year: ["2023"] }
 *            every value must hold (AND), within a family too; keys as on the tag pages.
 *   options: { limit: 20, offset: 0, sort: "relevance" | "date" | "date-asc", counts: false }
 *            counts: true computes the filter counts (the search page does).
 * An empty query with filters lists the matching entries, newest first.
 *
 * The index (generator/search.py's docstring): meta.json.gz (entry lengths, years, the chunk
 * directory), c/K.json.gz (postings of the terms from the K-th directory term on, and the
 * vocabulary keys that start with them),
 * filters.bin.gz (the entries of each tag), f/N.json.gz (what entry N shows). Entries are
 * numbered in date order, undated first: a date sort is a sort by number.
 */
(function () {
  "use strict";
  if (window.briefingSearch) return;

  var SCRIPT_SRC = document.currentScript ? document.currentScript.src : "";

  // ------------------------------------------------------------------ tokeniser
  // Mirror of generator/search.py (_run_terms, form_terms, normalize): keep them identical.
  var CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2ebef}\\u{30000}-\\u{3134f}";
  var JOINERS = "·・‧•‐\\-–";
  var RUN_SRC = "[" + CJK + "](?:[" + JOINERS + "]?[" + CJK + "])*";
  var IS_CJK = new RegExp("^[" + CJK + "]", "u");
  var WIDE = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uF900-\uFAFF]/g;
  var WS = /[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  var KEEP = /[\p{L}\p{N}+]/u;

  function normalize(text) {
    return String(text).replace(WIDE, function (c) { return c.normalize("NFKC"); });
  }

  function split(text) {
    return text.split(WS).filter(Boolean);
  }

  /* Terms of one run (mirror of generator/search.py _run_terms): overlapping pairs of its
   * characters, joiners left out, and (in the index, not a query) its last character. */
  function runTerms(run, query) {
    var chars = Array.from(run).filter(function (ch) { return IS_CJK.test(ch); });
    if (chars.length === 1) return [chars[0]];
    var terms = [];
    for (var i = 0; i + 1 < chars.length; i++) terms.push(chars[i] + chars[i + 1]);
    if (!query) terms.push(chars[chars.length - 1]);
    return terms;
  }

  /* The terms a form is searched as, at consecutive positions (mirror of generator/search.py
   * form_terms): each run's terms, without the closing character of a last run of two
   * characters or more; other text canonical (latinKey). */
  function formTerms(text) {
    text = normalize(text);
    var out = [], pos = 0, closing = false, m, re = new RegExp(RUN_SRC, "gu");
    while ((m = re.exec(text))) {
      if (m.index > pos) { var k = latinKey(text.slice(pos, m.index)); if (k) out = out.concat(k.split(" ")); }
      var terms = runTerms(m[0], false);
      out = out.concat(terms);
      closing = terms.length > 1;
      pos = m.index + m[0].length;
    }
    var rest = pos < text.length ? latinKey(text.slice(pos)) : "";
    if (rest) { out = out.concat(rest.split(" ")); closing = false; }
    return closing ? out.slice(0, -1) : out;
  }

  // ------------------------------------------------------------------ page context
  var FAMILIES = ["country", "region", "person", "org", "topic", "publication"];
  var FILTERS = FAMILIES.concat(["year"]);

  function lang() {
    var html = document.documentElement;
    var l = (html.getAttribute("data-lang") || html.getAttribute("lang") || "zh").toLowerCase();
    return l.indexOf("en") === 0 ? "en" : "zh";
  }

  function siteRoot() {
    var root = document.documentElement.getAttribute("data-site-root");
    if (root === null && SCRIPT_SRC) {  // fall back on this script's own place in the site
      root = new URL(SCRIPT_SRC.replace(/assets\/javascripts\/[^\/]*$/, ""), location.href).href;
    }
    root = root || "./";
    return /\/$/.test(root) ? root : root + "/";
  }

  function entryPath(id) {
    return (lang() === "en" ? "en/" : "") + "e/" + id + "/";
  }

  var T = {
    zh: {
      search: "搜索", placeholder: "搜索条目、人名、机构、议题……", loading: "搜索中……",
      none: "没有找到结果。", error: "搜索出错：", empty: "输入关键词，或选择下面的条件。",
      count: function (n) { return "共 " + n + " 条结果"; }, approx: "（筛选计数为约数）",
      partial: "没有同时包含全部词语的条目，以下是最接近的部分匹配。",
      near: function (n) { return "其中最后 " + n + " 条缺少一个词语"; },
      related: function (n) { return "另附 " + n + " 条相关条目"; }, relatedHead: "相关条目（与以上结果涉及相同的国家、人物或议题）",
      all: "全部结果与按条件查询", more: "更多结果", close: "关闭", sort: "排序",
      relevance: "相关度", newest: "日期（新→旧）", oldest: "日期（旧→新）",
      filters: "按条件查询", clear: "清除条件", showMore: "更多", showLess: "收起", undated: "无日期",
      families: { country: "国家/地区", region: "地区", person: "人物", org: "机构", topic: "议题",
                  publication: "来源", year: "年份" }
    },
    en: {
      search: "Search", placeholder: "Search entries, people, organisations, topics…", loading: "Searching…",
      none: "No results.", error: "Search failed: ", empty: "Type a query, or choose conditions below.",
      count: function (n) { return n + (n === 1 ? " result" : " results"); }, approx: " (filter counts approximate)",
      partial: "No entry holds every word: these are the closest partial matches.",
      near: function (n) { return "the last " + n + " miss one word"; },
      related: function (n) { return "and " + n + " related " + (n === 1 ? "entry" : "entries"); },
      relatedHead: "Related entries (the same countries, people or topics as the results above)",
      all: "All results and filters", more: "More results", close: "Close", sort: "Sort",
      relevance: "Relevance", newest: "Date (newest first)", oldest: "Date (oldest first)",
      filters: "Filters", clear: "Clear filters", showMore: "more", showLess: "less", undated: "Undated",
      families: { country: "Countries and regions", region: "Regions", person: "People",
                  org: "Organisations", topic: "Topics", publication: "Publications", year: "Year" }
    }
  };

  function t() { return T[lang()]; }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];

  function formatDate(iso) {
    if (!iso) return t().undated;
    var p = iso.split("-").map(Number);
    if (lang() === "zh") return p[0] + "年" + (p[1] ? p[1] + "月" : "") + (p[2] ? p[2] + "日" : "");
    if (p[2]) return p[2] + " " + MONTHS[p[1] - 1] + " " + p[0];
    return (p[1] ? MONTHS[p[1] - 1] + " " : "") + p[0];
  }

  // ------------------------------------------------------------------ the index
  var WEIGHTS = [1, 2, 4, 8];  // text, first paragraph, names and tags, title (generator/search.py)
  var indexPromise = null;
  var indexBase = "";  // the URL of search-index/
  var chunks = new Map();  // chunk number -> Promise of {t: {term: postings}, v: {key: vocabulary}}
  var terms = new Map();  // term -> Promise of Map(entry -> {w, locs}), or null when absent
  var fragments = new Map();  // entry -> Promise of its fragment

  /* A file of the index, as JSON or (binary) an ArrayBuffer. The files are gzip-compressed
   * and decompressed here, unless the body no longer starts with gzip's magic bytes (a server
   * that sent it with Content-Encoding: the browser has decompressed it). */
  function loadPacked(url, binary) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url.replace(/^.*\/search-index\//, "search-index/") + ": HTTP " + r.status);
      return r.arrayBuffer();
    }).then(function (buf) {
      var b = new Uint8Array(buf);
      if (b.length > 1 && b[0] === 0x1f && b[1] === 0x8b) {
        var ds = new DecompressionStream("gzip"), w = ds.writable.getWriter();
        w.write(b);
        w.close();
        var out = new Response(ds.readable);
        return binary ? out.arrayBuffer() : out.json();
      }
      return binary ? buf : JSON.parse(new TextDecoder().decode(b));
    });
  }

  /* The Rice parameter of a list of `listed` of `entries` entries (generator/search.py
   * rice_parameter): the largest k with 2^k <= ln 2 * entries / listed, in integers. */
  function riceParameter(listed, entries) {
    var k = 0;
    while (listed && listed * 1000 * Math.pow(2, k + 1) <= entries * 693) k++;
    return k;
  }

  /* filters.bin.gz (generator/search.py filter_file): {family: [[value, entries, Set], ...]}.
   * Each value's sorted entries (the others', where it holds more than half) are Rice-coded
   * gaps in one bit stream, most significant bit first. */
  function readFilters(buf) {
    var view = new Uint8Array(buf);
    if (new TextDecoder().decode(view.subarray(0, 4)) !== "BSF2") throw new Error("search-index/filters.bin.gz: not a filter file");
    var n = new DataView(buf).getUint32(4, true);
    var header = JSON.parse(new TextDecoder().decode(view.subarray(8, 8 + n))), entries = header.entries;
    var pos = (8 + n) * 8, out = {};
    function bit() { var b = (view[pos >> 3] >> (7 - (pos & 7))) & 1; pos++; return b; }
    Object.keys(header.values).forEach(function (f) {
      out[f] = header.values[f].map(function (row) {
        var count = row[1], complement = 2 * count > entries, listed = complement ? entries - count : count;
        var k = riceParameter(listed, entries), scale = Math.pow(2, k), set = new Set(), doc = -1;
        for (var i = 0; i < listed; i++) {
          var q = 0, r = 0;
          while (bit()) q++;
          for (var j = 0; j < k; j++) r = r * 2 + bit();
          doc += q * scale + r + 1;
          set.add(doc);
        }
        if (complement) {
          var held = new Set();
          for (var d = 0; d < entries; d++) if (!set.has(d)) held.add(d);
          set = held;
        }
        return [row[0], count, set];
      });
    });
    return out;
  }

  function once(cache, key, make) {
    if (!cache.has(key)) {
      var pr = make();
      cache.set(key, pr);
      pr.catch(function () { cache.delete(key); });
    }
    return cache.get(key);
  }

  /* meta.json.gz, once: entries, undated, years, avglen, len (each entry's length), chunks. */
  function index() {
    if (!indexPromise) {
      indexBase = new URL(siteRoot() + "search-index/", location.href).href;
      indexPromise = loadPacked(indexBase + "meta.json.gz").then(function (m) {
        var bin = atob(m.lengths || ""), len = new Float64Array(bin.length);
        for (var i = 0; i < bin.length; i++) len[i] = Math.pow(2, bin.charCodeAt(i) / 16) - 1;
        m.len = len;
        return m;
      });
      indexPromise.catch(function () { indexPromise = null; });
    }
    return indexPromise;
  }

  /* The chunk where a term sorts: the last whose first term is not after it (the first). */
  function chunkOf(m, term) {
    var lo = 0, hi = m.chunks.length - 1, k = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (m.chunks[mid] <= term) { k = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return k;
  }

  function chunk(k) {
    return once(chunks, k, function () { return loadPacked(indexBase + "c/" + k + ".json.gz"); });
  }

  /* A posting list decoded: entry -> {w: weighted count, locs: positions} ("*X" terms: a count). */
  function decodePostings(a, counted) {
    var out = new Map(), doc = 0, i = 0;
    while (i < a.length) {
      doc += a[i++];
      var n = a[i++];
      if (counted) { out.set(doc, { w: n, locs: [] }); continue; }
      var locs = new Array(n), w = 0, v = 0;
      for (var k = 0; k < n; k++) { v += a[i++]; locs[k] = v >> 2; w += WEIGHTS[v & 3]; }
      out.set(doc, { w: w, locs: locs });
    }
    return out;
  }

  function postings(m, term) {
    return once(terms, term, function () {
      return chunk(chunkOf(m, term)).then(function (c) {
        return Object.prototype.hasOwnProperty.call(c.t, term) ? decodePostings(c.t[term], term.charAt(0) === "*") : null;
      });
    });
  }

  function fragment(doc) {
    return once(fragments, doc, function () { return loadPacked(indexBase + "f/" + doc + ".json.gz"); });
  }

  /* BM25 of one term in one entry (k1 1.2, b 0.75). */
  function bm25(m, df, w, doc) {
    var idf = Math.log(1 + (m.entries - df + 0.5) / (df + 0.5));
    var len = (m.len[doc] || m.avglen) / (m.avglen || 1);
    return idf * w * 2.2 / (w + 1.2 * (0.25 + 0.75 * len));
  }

  /* The key an English label implies (generator/search.py label_key): a filter value
   * without a key ("|居尔|Abdullah Gül") has this one. */
  function labelKey(en) {
    return en.replace(/ł/g, "l").replace(/Ł/g, "L").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[.'\u2019]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function parseValue(family, value) {
    if (family === "year") return { key: value, zh: value + "年", en: value };
    var a = value.split("|"), key = a[0] || labelKey(a[2] || "");
    return { key: key, zh: a[1] || key, en: a[2] || a[1] || key };
  }

  var facetPromise = null;

  /* Every filter value, once (filters.bin.gz and meta's years): {values: family -> lower-case
   * key -> value, labels: family -> key -> {zh, en}, totals: family -> key -> entries,
   * sets: family -> key -> Set of entries, of: entry -> [[family, key], ...]}. */
  function facets() {
    if (!facetPromise) {
      facetPromise = index().then(function (m) {
        return Promise.all([m, loadPacked(indexBase + "filters.bin.gz", true)]);
      }).then(function (got) {
        var m = got[0], all = readFilters(got[1]);
        var fx = { values: {}, labels: {}, totals: {}, sets: {}, of: [] };
        FILTERS.forEach(function (f) {  // no prototype: a key "constructor" is just unknown
          fx.values[f] = Object.create(null); fx.labels[f] = Object.create(null);
          fx.totals[f] = Object.create(null); fx.sets[f] = Object.create(null);
        });
        FAMILIES.forEach(function (f) {
          (all[f] || []).forEach(function (row) {
            var p = parseValue(f, row[0]), set = row[2];
            set.forEach(function (doc) { (fx.of[doc] = fx.of[doc] || []).push([f, p.key]); });
            fx.values[f][p.key.toLowerCase()] = p.key;
            fx.labels[f][p.key] = { zh: p.zh, en: p.en };
            fx.totals[f][p.key] = set.size;
            fx.sets[f][p.key] = set;
          });
        });
        Object.keys(m.years || {}).forEach(function (y) {
          var span = m.years[y], p = parseValue("year", y);
          fx.values.year[y.toLowerCase()] = y;
          fx.labels.year[y] = { zh: p.zh, en: p.en };
          fx.totals.year[y] = span[1] - span[0] + 1;
          fx.sets.year[y] = { has: function (d) { return d >= span[0] && d <= span[1]; }, size: fx.totals.year[y],
                              span: span };
        });
        return fx;
      });
      facetPromise.catch(function () { facetPromise = null; });
    }
    return facetPromise;
  }

  function list(v) {
    if (v === undefined || v === null || v === "") return [];
    return (Array.isArray(v) ? v : [v]).map(String).filter(Boolean);
  }

  /* The entries every filter holds (a Set), null without filters. */
  function allowedBy(filters, fx, m) {
    var sets = [];
    for (var i = 0; i < FILTERS.length; i++) {
      var f = FILTERS[i], keys = list(filters[f]);
      for (var j = 0; j < keys.length; j++) {
        var key = fx.values[f][keys[j].toLowerCase()];
        if (key === undefined) return new Set();  // an unknown key: no entry has it
        sets.push(fx.sets[f][key]);
      }
    }
    if (!sets.length) return null;
    sets.sort(function (a, b) { return a.size - b.size; });
    var out = new Set(), first = sets[0];
    var start = first.span ? first.span[0] : 0, candidates = first.span ? null : first;
    function consider(d) { if (sets.every(function (s) { return s.has(d); })) out.add(d); }
    if (candidates) candidates.forEach(consider);
    else for (var d = start; d <= first.span[1]; d++) consider(d);
    return out;
  }

  /* Filter counts among the matches, by key. */
  function countsOf(ids, fx, m) {
    var out = {};
    FILTERS.forEach(function (f) { out[f] = {}; });
    var years = Object.keys(m.years || {}).map(function (y) { return [y, m.years[y]]; });
    ids.forEach(function (d) {
      (fx.of[d] || []).forEach(function (fk) { out[fk[0]][fk[1]] = (out[fk[0]][fk[1]] || 0) + 1; });
      for (var i = 0; i < years.length; i++) {
        if (d >= years[i][1][0] && d <= years[i][1][1]) { out.year[years[i][0]] = (out.year[years[i][0]] || 0) + 1; break; }
      }
    });
    return out;
  }

  /* Entries in date order: newest first, or oldest first with the undated (numbered first) last. */
  function byDate(ids, m, asc) {
    var u = m.undated || 0;
    return ids.slice().sort(asc ? function (a, b) { return (a < u) - (b < u) || a - b; } : function (a, b) { return b - a; });
  }

  // ------------------------------------------------------------------ query understanding
  // Mirror of generator/search_vocab.py (latin_key, head): keep them identical.
  var SUFFIXES = { jr: 1, sr: 1, ii: 1, iii: 1, iv: 1 };

  function fold(text) {
    return String(text).normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function latinKey(text) {
    var words = fold(text).toLowerCase().replace(/['\u2019]/g, "").split(/[^0-9a-z+]+/).filter(Boolean);
    while (words.length > 2 && SUFFIXES[words[words.length - 1]]) words.pop();
    if (words.length >= 3) {
      words = words.filter(function (w, i) { return !(w.length === 1 && /[a-z]/.test(w) && i > 0 && i < words.length - 1); });
    }
    return words.join(" ");
  }

  // English words for Chinese text (search_vocab.py's STOPWORDS, singular): a query of English
  // words looks each up as a gloss of the archive's Chinese words (embassy -> 大使馆), leaving
  // stopwords out.
  var STOPWORDS = new Set(("a about above across after again against all also am amid among an and any are as at be because " +
    "been before being below between both but by can could did do does doing down during each either " +
    "few for from further had has have having he her here hers him his how i if in into is it its " +
    "just me more most my neither no nor not now of off on once only or other our out over own per " +
    "same she should since so some such than that the their them then there these they this those " +
    "through to too toward towards under until up upon very via vs was we were what when where which " +
    "while who whom whose why will with within without would yet you your").split(" "));
  var NOT_PLURAL = new Set(("news series species means arms times goods odds headquarters whereabouts crossroads " +
    "earnings savings proceeds remains outskirts").split(" "));

  function singular(key) {
    var words = key.split(" "), w = words[words.length - 1];
    if (w.length < 4 || !/^[a-z]+$/.test(w) || NOT_PLURAL.has(w) || /ics$/.test(w)) return key;
    if (/ies$/.test(w)) w = w.slice(0, -3) + "y";
    else if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
    words[words.length - 1] = w;
    return words.join(" ");
  }

  // A word's derivational suffix and what may stand for it in the word it comes from, tried in
  // order when the word itself is no key: impeachment -> impeach (the gloss of 弹劾),
  // reciprocity -> reciprocal, extradition -> extradite, deportation -> deport, bombing -> bomb,
  // and an adjective as its noun: reciprocal -> reciprocity (the gloss of 对等), regional -> region.
  var DERIVED = [["ments", [""]], ["ment", [""]], ["ations", ["ate", "e", ""]], ["ation", ["ate", "e", ""]],
    ["itions", ["ite"]], ["ition", ["ite"]], ["ions", ["", "e"]], ["ion", ["", "e"]], ["ity", ["al", "", "e"]],
    ["ings", ["", "e"]], ["ing", ["", "e"]], ["ed", ["", "e"]], ["ists", ["ism"]], ["ist", ["ism"]],
    ["al", ["", "ity"]]];

  /* The keys a key's last word may come from (its derivational suffix undone, a stem of at
   * least 4 letters left): "impeachment" -> ["impeach"]; none for a short or non-English word. */
  function bases(key) {
    var words = key.split(" "), w = words[words.length - 1], out = [];
    if (w.length < 6 || !/^[a-z]+$/.test(w)) return out;
    for (var i = 0; i < DERIVED.length; i++) {
      var suffix = DERIVED[i][0];
      if (w.length - suffix.length < 4 || w.slice(-suffix.length) !== suffix) continue;
      DERIVED[i][1].forEach(function (end) {
        words[words.length - 1] = w.slice(0, -suffix.length) + end;
        var k = words.join(" ");
        if (out.indexOf(k) < 0) out.push(k);
      });
      break;  // the longest suffix only (-ations before -ions)
    }
    return out;
  }

  /* Where a vocabulary key is filed: its first two characters, or its first word (the chunk
   * where that sorts holds it). */
  function headOf(key) {
    return IS_CJK.test(key) ? Array.from(key).slice(0, 2).join("") : key.split(" ")[0];
  }

  function cjkChars(run) {
    return Array.from(run).filter(function (c) { return IS_CJK.test(c); });
  }

  /* A query's pieces in order: {cjk: true, text, chars} per run of Chinese, {cjk: false, words}
   * per stretch of other words (canonical, latinKey). */
  function pieces(query) {
    var text = normalize(query || "").replace(/"/g, " "), out = [];
    function latin(segment) {
      var raw = split(segment).filter(function (w) { return KEEP.test(w); });
      if (!raw.length) return;
      var words = [];
      raw.forEach(function (w) {
        var k = /\+/.test(w) ? w.toLowerCase() : latinKey(w);
        if (k) words.push(k);
      });
      if (words.length) out.push({ cjk: false, words: words.join(" ").split(" "), raw: raw.join(" ") });
    }
    var re = new RegExp(RUN_SRC, "gu"), pos = 0, m;
    while ((m = re.exec(text))) {
      latin(text.slice(pos, m.index));
      out.push({ cjk: true, text: m[0], chars: cjkChars(m[0]) });
      pos = m.index + m[0].length;
    }
    latin(text.slice(pos));
    return out;
  }

  /* The heads a query's vocabulary is looked up under: each pair of Chinese characters, each word. */
  function vocabHeads(query) {
    var need = new Set();
    pieces(query).forEach(function (p) {
      if (p.cjk) for (var i = 0; i + 1 < p.chars.length; i++) need.add(p.chars[i] + p.chars[i + 1]);
      else p.words.forEach(function (w) {
        need.add(w); need.add(singular(w));
        bases(w).forEach(function (b) { need.add(b); });
      });
    });
    return Array.from(need);
  }

  var MAX_CJK_KEY = 16, MAX_LATIN_KEY = 8;

  // Other forms searched per kind of name: every entry tagged with a country, region or topic
  // holds its labels (the record's names section), and one tagged with a person, organisation
  // or publication its labels and the forms the entry uses; names that are no tag (acronyms,
  // programmes, ships, others) are found by their forms alone. Each form costs the index
  // chunks of its terms on a first query.
  var OTHER_FORMS = { country: 0, region: 0, topic: 8, person: 2, org: 2, publication: 2 };

  function groupAlts(groups, typed) {
    // the typed form first, then every group's names (weight 1), then short forms (0.7); a
    // Chinese query leaves out English forms (an entry about it says it in Chinese, and one
    // tagged with it holds the Chinese label)
    var alts = [{ text: typed, w: 1 }], zh = IS_CJK.test(typed);
    (groups || []).forEach(function (g) {
      // a gloss's words are a translation, below the name a reader typed
      (g[1] || []).forEach(function (f) { alts.push({ text: f, w: g[0] === "gloss" ? 0.8 : 1 }); });
    });
    (groups || []).forEach(function (g) {
      var most = g[0] in OTHER_FORMS ? OTHER_FORMS[g[0]] : 4;
      // (a topic's own words, 伊核协议 of JCPOA, are searched for a query of that topic alone:
      // planQuery drops them from a query of several parts, where they would outrank the others)
      (g[2] || []).slice(0, most).forEach(function (f) { alts.push({ text: f, w: 0.7, topic: g[0] === "topic" }); });
    });
    return zh ? alts.filter(function (a) { return IS_CJK.test(a.text); }) : alts;
  }

  /* Whether a vocabulary entry names a country or region (俄, 美: a place in a compound). */
  function isPlace(groups) {
    return !!groups && groups.some(function (g) { return g[0] === "country" || g[0] === "region"; });
  }

  /* A one-character place's Chinese forms of two characters or more, names then other forms
   * (日: 日本, 日方, 日本国, …; an entry tagged with the place holds its name). */
  function placeForms(groups, ch) {
    var out = [];
    [1, 2].forEach(function (k) {
      groups.forEach(function (g) {
        if (g[0] !== "country" && g[0] !== "region") return;
        (g[k] || []).forEach(function (f) {
          if (f !== ch && cjkChars(f).length > 1 && cjkChars(f).length === Array.from(f).length && out.indexOf(f) < 0) out.push(f);
        });
      });
    });
    return out.slice(0, MAX_SUB_FORMS);
  }

  /* The longest word of the vocabulary, of two to `longest` characters, that ends `chars`
   * (未遂政变: 政变), or null. */
  function endWord(chars, longest, lookup) {
    for (var n = longest; n >= 2; n--) {
      if (lookup(chars.slice(-n).join("")) !== undefined) return chars.slice(-n).join("");
    }
    return null;
  }

  // words for what lies between two places, whatever it is (中日关系: any entry on both)
  var RELATIONS = new Set(["关系", "交往", "往来", "双边关系"]);

  /* The fewest pieces a run of characters is cut into: a key costs 1 (0.9 when it names
   * something), an unknown character 1.2, the whole run 0.5 (unless `inside`: then the whole
   * run is not a piece, and an unknown character makes no cut). */
  function cut(c, lookup, inside) {
    var n = c.length, best = [{ cost: 0, prev: -1 }];
    for (var e = 1; e <= n; e++) {
      best[e] = { cost: Infinity, prev: -1 };
      for (var s = Math.max(0, e - MAX_CJK_KEY); s < e; s++) {
        if (best[s].cost === Infinity) continue;
        var whole = s === 0 && e === n;
        if (inside && whole) continue;
        var k = c.slice(s, e).join(""), v = lookup(k), cost;
        if (e - s === 1) { if (inside) continue; cost = v ? 1 : 1.2; }
        else if (v === undefined) continue;
        else cost = v ? 0.9 : 1;
        if (whole) cost = 0.5;
        if (best[s].cost + cost < best[e].cost) best[e] = { cost: best[s].cost + cost, prev: s };
      }
    }
    if (best[n].cost === Infinity) return null;
    var segs = [];
    for (var at = n; at > 0; at = best[at].prev) segs.unshift(c.slice(best[at].prev, at).join(""));
    return segs;
  }

  /* A query as parts to match together (pure: `lookup(key)` gives undefined for an unknown key,
   * 0 for an ordinary word, [group, ...] for a key that names something; group = [kind,
   * [names], [short forms]]). Returns {parts: [{text, kind, alts: [{text, w}]}], phrase,
   * dropped}; phrase: {text, chars, parts: the indices of its parts, at: where each starts in
   * the run, len: its length}, or null. kind: "entity" (a name, place, topic or publication: searched in all its
   * forms), "word" (an ordinary word, or a run the vocabulary does not know: an exact
   * phrase), "latin" (other words: all of them, anywhere). phrase: the query's Chinese run
   * when it was cut into several parts (entries holding it whole rank first). dropped: the
   * single characters left out (与, 的, 访), and the English stopwords beside a name or a
   * gloss. typed: the English words as typed, when some were looked up as glosses (entries
   * that hold them all rank first), or null. */
  function planQuery(query, lookup) {
    var parts = [], dropped = [], phrase = null, typed = null;
    pieces(query).forEach(function (p) {
      if (!p.cjk) {
        var w = p.words, loose = [], mine = [], glossed = false;
        var flush = function () {
          if (loose.length) mine.push({ text: loose.join(" "), kind: "latin", alts: [{ text: loose.join(" "), w: 1 }] });
          loose = [];
        };
        var find = function (key) {  // a plural as its singular: tariffs -> tariff
          var g = lookup(key);
          if (g) return g;
          var one = singular(key);
          if (one !== key && (g = lookup(one))) return g;
          // a derived word as the gloss it comes from (impeachment -> impeach): a translation
          // only, never another name
          var from = bases(one);
          for (var b = 0; b < from.length; b++) {
            var d = lookup(from[b]);
            if (d && d.some(function (x) { return x[0] === "gloss"; })) {
              return d.filter(function (x) { return x[0] === "gloss"; });
            }
          }
          return undefined;
        };
        for (var i = 0; i < w.length;) {
          var hit = 0, g = null;
          for (var j = Math.min(w.length, i + MAX_LATIN_KEY); j > i; j--) {
            g = find(latinKey(w.slice(i, j).join(" ")));  // as keys are made: "u s department" is "u department"
            if (g) { hit = j; break; }
          }
          if (!hit) { loose.push(w[i]); i++; continue; }
          flush();
          var key = w.slice(i, hit).join(" "), alts = groupAlts(g, key);
          if (g.some(function (x) { return x[0] === "gloss"; })) glossed = true;
          if (g.every(function (x) { return x[0] === "gloss"; })) {
            // a translation of four characters or more: its last two, the head, find what it is
            // a kind of, after the entries that hold it all (coup attempt: 未遂政变, then 政变)
            g.forEach(function (x) {
              (x[1] || []).forEach(function (f) {
                var cs = cjkChars(f), h = cs.slice(-2).join("");
                if (cs.length >= 4 && !alts.some(function (a) { return a.text === h; })) alts.push({ text: h, w: 0.3, near: true });
              });
            });
          }
          mine.push({ text: key, kind: "entity", alts: alts, kinds: g.map(function (x) { return x[0]; }) });
          i = hit;
        }
        flush();
        if (glossed) typed = typed || p.words.join(" ");  // entries holding the words as typed rank first
        if (mine.some(function (part) { return part.kind === "entity"; })) {
          // beside a name or a gloss, stopwords are no part of their own: the Meaning of Sharp
          // Power is 意义, 锋利, 权力; Biden and Xi is Biden, Xi
          mine = mine.filter(function (part) {
            if (part.kind !== "latin") return true;
            var rest = part.text.split(" ").filter(function (x) { return !STOPWORDS.has(x); });
            if (rest.length) { part.text = rest.join(" "); part.alts = [{ text: part.text, w: 1 }]; return true; }
            dropped.push(part.text);
            return false;
          });
        }
        parts.push.apply(parts, mine);
        return;
      }
      var c = p.chars, n = c.length, whole = c.join("");
      if (n === 1) {
        var one = lookup(whole);
        parts.push(one ? { text: whole, kind: "entity", alts: groupAlts(one, whole).filter(function (a) {
          return Array.from(a.text).length > 1 || a.text === whole; }) } : { text: whole, kind: "char", alts: [{ text: whole, w: 1 }] });
        return;
      }
      var segs = cut(c, lookup, false);
      var mine = [], unknown = "", at = 0, unknownAt = 0;
      var flushUnknown = function () {
        if (Array.from(unknown).length > 1) {
          mine.push({ text: unknown, kind: "word", alts: [{ text: unknown, w: 1 }], at: unknownAt });
        } else if (unknown) dropped.push(unknown);
        unknown = "";
      };
      segs.forEach(function (seg) {
        var v = lookup(seg), start = at;
        at += Array.from(seg).length;
        if (Array.from(seg).length === 1 && !v) { if (!unknown) unknownAt = start; unknown += seg; return; }
        flushUnknown();
        if (v) {
          var alts = groupAlts(v, seg).filter(function (a) { return Array.from(a.text).length > 1 || !IS_CJK.test(a.text); });
          mine.push({ text: seg, kind: "entity", alts: alts, kinds: v.map(function (g) { return g[0]; }), at: start });
        } else mine.push({ text: seg, kind: "word", alts: [{ text: seg, w: 1 }], at: start });
      });
      flushUnknown();
      if (!mine.length) mine.push({ text: whole, kind: "word", alts: [{ text: whole, w: 1 }] });
      // A word of four or more characters that is itself several words also matches entries
      // that hold those words apart: 出口管制 finds 出口…半导体材料的管制. Not a name: 万佩托克劳艾戈
      // is no 万佩 and 托克.
      // An ordinary word (or a topic's) of three characters or more that ends in a one-character
      // head, in a query of several parts, also matches entries that hold its word and its head
      // apart: 美墨边境墙 finds 美墨边境…隔离墙. (Alone, a word is searched as typed: its head's
      // postings are a large download for every three-character query.)
      var PLACE_OR_TOPIC = { country: 1, region: 1, topic: 1 };
      mine.forEach(function (part) {
        var cs = cjkChars(part.text);
        if (cs.length < 3 || part.kind === "char") return;
        if ((part.kinds || []).some(function (k) { return !PLACE_OR_TOPIC[k]; })) return;
        var sub = cs.length > 3 ? cut(cs, lookup, true) : null, head = null, apart = sub && sub.length > 1;
        if (apart) {
          // (each word in all its forms: 伊朗核问题 finds an entry on 伊朗 and its 核计划, a form of 核问题)
          part.alts.push({ text: sub.join(" "), all: sub, forms: sub.map(function (w) {
            var g = lookup(w);
            return g ? [w].concat(groupAlts(g, w).filter(function (a) { return !a.topic; }).map(function (a) { return a.text; }).filter(function (f) {
              return f !== w && cjkChars(f).length > 1 && cjkChars(f).length === Array.from(f).length;
            })).slice(0, MAX_SUB_FORMS) : [w];
          }), w: 0.5 });
          if (Array.from(sub[sub.length - 1]).length > 1) head = sub[sub.length - 1];
        }
        // its last word, the head, finds what the query is a kind of (未遂政变: 政变, a word of
        // the archive even where 未遂 is none); an entry that holds only the head misses a word
        // and comes after those that hold all (near)
        head = head || endWord(cs, cs.length - 2, lookup);
        var plain = part.kind === "word" || (part.kinds || []).every(function (k) { return k === "topic"; });
        // A word that opens with two one-character places (中日关系, 美印核协议) is about both: it
        // also matches the entries on the one and the other that hold the rest (中国…日本…关系),
        // and its head finds what it is a kind of on both places only (美…印度…协议, not any
        // 协议); relations (关系) between them are any entry on both.
        var places = plain && cs.length >= 4 && cs[0] !== cs[1] ? [lookup(cs[0]), lookup(cs[1])] : [];
        if (places.length && places.every(isPlace) && lookup(cs.slice(2).join("")) !== undefined) {
          var rest = cs.slice(2).join(""), both = places.map(function (g, i) { return placeForms(g, cs[i]); });
          part.alts.push({ text: cs[0] + " " + cs[1] + " " + rest, all: [cs[0], cs[1], rest], forms: both.concat([[rest]]), w: 0.5 });
          // the rest's head: its longest shorter word at its end (核协议: 协议)
          var kind = RELATIONS.has(rest) ? null : endWord(cs.slice(2), cs.length - 3, lookup);
          if (RELATIONS.has(rest) || kind) {
            part.alts.push({ text: cs[0] + " " + cs[1] + (kind ? " " + kind : ""), all: kind ? [cs[0], cs[1], kind] : [cs[0], cs[1]],
                             forms: kind ? both.concat([[kind]]) : both, w: 0.3, near: true });
          }
          head = null;
        }
        if (head && plain) part.alts.push({ text: head, w: 0.3, near: true });
        if (!apart && mine.length > 1 && plain) {
          var stem = cs.slice(0, -1).join("");
          if (lookup(stem) !== undefined) part.alts.push({ text: stem + " " + cs[cs.length - 1], all: [stem, cs[cs.length - 1]], w: 0.4 });
        }
      });
      // A two-character word of a longer query with a one-character place in it (访俄, 赴美)
      // also matches entries about that place: 习近平访俄 finds 习近平对俄罗斯进行国事访问. A word
      // of two places (英法 in 英法核合作, 俄土 in 俄土击机事件) is both places: entries about the one
      // and the other match, as do those that say the word itself.
      if (mine.length > 1) mine = [].concat.apply([], mine.map(function (part) {
        var cs = Array.from(part.text);
        if (part.kind !== "word" || cs.length !== 2) return [part];
        var places = cs.map(function (ch) { return lookup(ch); });
        if (places[0] && places[1] && cs[0] !== cs[1]) {
          return cs.map(function (ch, i) {
            var alts = [{ text: part.text, w: 1 }].concat(groupAlts(places[i], ch).slice(1).filter(function (a) {
              return Array.from(a.text).length > 1 || !IS_CJK.test(a.text); }));
            return { text: ch, kind: "entity", alts: alts, kinds: places[i].map(function (g) { return g[0]; }), at: part.at + i };
          });
        }
        if (!places[0] === !places[1]) return [part];
        groupAlts(places[0] || places[1], part.text).slice(1).forEach(function (a) {
          if (!a.topic && (Array.from(a.text).length > 1 || !IS_CJK.test(a.text))) part.alts.push({ text: a.text, w: a.w * 0.7 });
        });
        return [part];
      }));
      if ((mine.length > 1 || mine[0].text !== whole) && !phrase) {
        phrase = { text: whole, chars: n, parts: mine.map(function (_, i) { return parts.length + i; }),
                   at: mine.map(function (m) { return m.at; }), len: mine.map(function (m) { return Array.from(m.text).length; }) };
      }
      parts.push.apply(parts, mine);
    });
    if (parts.length > 1) parts.forEach(function (part) {
      part.alts = part.alts.filter(function (a) { return !a.topic; });
    });
    return { parts: parts, phrase: phrase, dropped: dropped, typed: typed };
  }

  /* The lookup function for a query (planQuery's): the chunks of its pairs and words loaded
   * (once each; they hold its postings too); one-character keys are in the meta file. */
  function vocabulary(m, query) {
    var ks = Array.from(new Set(vocabHeads(query).map(function (h) { return chunkOf(m, h); })));
    return Promise.all(ks.map(function (k) { return chunk(k); })).then(function (got) {
      var byChunk = new Map();
      ks.forEach(function (k, i) { byChunk.set(k, got[i].v || {}); });
      return function (key) {
        if (!key) return undefined;
        if (Array.from(key).length === 1) {
          return Object.prototype.hasOwnProperty.call(m.chars || {}, key) ? m.chars[key] : undefined;
        }
        var v = byChunk.get(chunkOf(m, headOf(key)));
        return v && Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
      };
    });
  }

  /* The entries that hold one form: {set, scores: entry -> {s, locs}}. A form is its terms
   * (formTerms) at consecutive positions; `loose` (other words): each of them anywhere; one
   * Chinese character: the entries that hold it (its "*X" set). s: BM25 over its terms; locs:
   * their positions. ctx: {m: the index's meta, allowed: the entries the filters allow, or null}. */
  function formSearch(ctx, alt, memo) {
    var text = normalize(alt.text), found = formTerms(text);
    var none = { set: new Set(), scores: new Map() };
    if (!found.length) return Promise.resolve(none);
    var one = found.length === 1 && IS_CJK.test(found[0]) && Array.from(found[0]).length === 1;
    var loose = !!alt.loose && !one;
    var key = found.join(" ") + (loose ? "~" : "");
    if (memo.has(key)) return memo.get(key);
    var wanted = one ? ["*" + found[0]] : Array.from(new Set(found));
    var pr = Promise.all(wanted.map(function (t) { return postings(ctx.m, t); })).then(function (lists) {
      if (lists.some(function (l) { return !l; })) return none;
      var of = new Map();
      wanted.forEach(function (t, i) { of.set(t, lists[i]); });
      var rarest = lists.reduce(function (a, b) { return a.size <= b.size ? a : b; });
      var set = new Set(), scores = new Map(), inRow = !one && !loose && found.length > 1;
      rarest.forEach(function (_, doc) {
        if (ctx.allowed && !ctx.allowed.has(doc)) return;
        for (var i = 0; i < lists.length; i++) if (!lists[i].has(doc)) return;
        if (inRow && !consecutive(found.map(function (t) { return of.get(t).get(doc).locs; }))) return;
        var s = 0, locs = [];
        lists.forEach(function (l) { var v = l.get(doc); s += bm25(ctx.m, l.size, v.w, doc); locs = locs.concat(v.locs); });
        set.add(doc);
        scores.set(doc, { s: s, locs: locs });
      });
      return { set: set, scores: scores };
    });
    memo.set(key, pr);
    return pr;
  }

  /* Whether the k-th list holds p + k for some p of the first list. */
  function consecutive(lists) {
    var sets = lists.map(function (l, i) { return i ? new Set(l) : null; });
    return lists[0].some(function (p) {
      for (var k = 1; k < lists.length; k++) if (!sets[k].has(p + k)) return false;
      return true;
    });
  }

  /* The entries that hold any of `texts` (each searched as formSearch does), each with its
   * best score. */
  function anySearch(ctx, texts, memo) {
    return Promise.all(texts.map(function (w) { return formSearch(ctx, { text: w, w: 1 }, memo); })).then(function (rs) {
      if (rs.length === 1) return rs[0];
      var set = new Set(), scores = new Map();
      rs.forEach(function (r) {
        r.set.forEach(function (id) {
          var v = r.scores.get(id), old = scores.get(id);
          set.add(id);
          if (!old || v.s > old.s) scores.set(id, v);
        });
      });
      return { set: set, scores: scores };
    });
  }

  /* Entries that hold every one of several words (anywhere): scores added, positions joined;
   * with `forms`, word i in any of forms[i]. */
  function allSearch(ctx, words, memo, forms) {
    return Promise.all(words.map(function (w, i) {
      return forms && forms[i] ? anySearch(ctx, forms[i], memo) : formSearch(ctx, { text: w, w: 1 }, memo);
    }))
      .then(function (rs) {
        var set = new Set(Array.from(rs[0].set).filter(function (id) {
          return rs.every(function (r) { return r.set.has(id); });
        }));
        var scores = new Map();
        set.forEach(function (id) {
          var s = 0, locs = [];
          rs.forEach(function (r) { var v = r.scores.get(id); s += v.s / rs.length; locs = locs.concat(v.locs); });
          scores.set(id, { s: s, locs: locs });
        });
        return { set: set, scores: scores };
      });
  }

  /* The smallest span of positions that holds one position of each list. */
  function span(lists) {
    var all = [];
    lists.forEach(function (l, i) { l.forEach(function (p) { all.push([p, i]); }); });
    if (lists.some(function (l) { return !l.length; })) return Infinity;
    all.sort(function (a, b) { return a[0] - b[0]; });
    var count = new Array(lists.length).fill(0), have = 0, best = Infinity, lo = 0;
    for (var hi = 0; hi < all.length; hi++) {
      if (count[all[hi][1]]++ === 0) have++;
      while (have === lists.length) {
        best = Math.min(best, all[hi][0] - all[lo][0]);
        if (--count[all[lo][1]] === 0) have--;
        lo++;
      }
    }
    return best;
  }

  /* Rank entries from each part's matches (pure, unit-tested): `matched` is one Map per part,
   * id -> {s (0..1, the part's best form, weighted), locs (word positions), near (matched by
   * the part's head alone)}; `held` the Set of entries that hold the query's run whole (when
   * planQuery cut a run into parts), or null: they come first. Returns {ids, partial, near}:
   * the entries matching every part, by whole run, relevance and closeness, then (near: how
   * many) when fewer than NEAR_BELOW match whole, those missing one of three parts or more, or
   * holding only the head of one, or (`named`: per part, whether it names something) holding
   * every name and missing an ordinary word; else (partial) those matching most parts. */
  var NEAR_BELOW = 10;
  var MAX_SUB_FORMS = 8;  // forms of each word of a long part searched apart (伊朗核问题: 核问题, 核计划, …)
  function rankMatches(matched, held, named) {
    var all = new Map();
    matched.forEach(function (part, pi) {
      part.forEach(function (v, id) {
        var x = all.get(id);
        if (!x) all.set(id, x = { id: id, n: 0, heads: 0, s: 0, locs: [], whole: [] });
        if (v.near) x.heads++;
        else { x.n++; x.whole[pi] = true; }
        x.s += v.s;
        x.locs[pi] = v.locs || [];
      });
    });
    var P = matched.length, rows = Array.from(all.values());
    var full = rows.filter(function (x) { return x.n === P; });
    var partial = !full.length && P > 1;
    // A query of three parts or more that few entries match whole: after them, the entries that
    // miss one part (芯片出口管制 -> an entry on 芯片 and 管制 that never says 出口); every part
    // held ranks above any such (8 a part, where the rest adds up to 7 at most).
    // So too, in a query of any length, an entry that holds every part but one and the head of
    // that one (未遂政变 -> an entry on 政变 that never says 未遂政变).
    // And in a query of two parts, an entry that holds the name and not the ordinary word
    // (海地地震 -> an entry on Haiti's relief that never says 地震), after those that hold both.
    var names = named ? named.filter(Boolean).length : 0;
    function missesWord(x) {
      for (var i = 0; i < P; i++) if (!x.whole[i]) return !named[i] && names > 0;
      return false;
    }
    var near = !partial && full.length < NEAR_BELOW
      ? rows.filter(function (x) { return x.n === P - 1 && (P >= 3 || x.heads === 1 || (named && missesWord(x))); }) : [];
    if (!partial) rows = full.concat(near);
    rows.forEach(function (x) {
      var near = 0;
      if (P > 1) {
        var lists = [];
        for (var i = 0; i < P; i++) lists.push(x.locs[i] || []);
        var w = lists.every(function (l) { return l.length; }) ? span(lists) : Infinity;
        near = w === Infinity ? 0 : 1 / (1 + w / 24);
      }
      var whole = !!held && held.has(x.id);
      // parts held (4 each), then the run held whole (4: more than relevance and closeness
      // together), then relevance (up to 2) and closeness (up to 1)
      x.rank = x.n * 8 + (whole ? 4 : 0) + x.s / P * 2 + near;
    });
    rows.sort(function (a, b) { return b.rank - a.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
    return { ids: rows.map(function (x) { return x.id; }), partial: partial, near: near.length };
  }

  function dedupeAlts(alts) {
    var seen = new Map();
    alts.forEach(function (a) {
      var k = IS_CJK.test(a.text) ? cjkChars(a.text).join("") + "|" + latinKey(a.text) : latinKey(a.text);
      if (a.all) k = "all:" + a.all.join(" ");
      if (/\+/.test(a.text)) k = a.text.toLowerCase();
      if (!k.replace("|", "")) return;
      var old = seen.get(k);
      if (!old || old.w < a.w) seen.set(k, a);
    });
    return Array.from(seen.values()).slice(0, 12);
  }

  /* The matches of a planned query (planQuery), ranked: each part is every one of its forms
   * searched (formSearch), the parts are matched together (rankMatches). Returns {ids,
   * partial, near}. Without parts, the entries the filters allow (none without filters). */
  function runPlan(ctx, plan) {
    if (!plan.parts.length) return Promise.resolve({ ids: ctx.allowed ? Array.from(ctx.allowed) : [], partial: false, near: 0 });
    var memo = new Map();
    var parts = plan.parts.map(function (part) {
      var alts = dedupeAlts(part.alts).map(function (a) {
        return { text: a.text, w: a.w, all: a.all, forms: a.forms, near: !!a.near, loose: part.kind === "latin" || part.kind === "char" };
      });
      return Promise.all(alts.map(function (a) {
        return a.all ? allSearch(ctx, a.all, memo, a.forms) : formSearch(ctx, a, memo);
      })).then(function (rs) {
        var max = 0, out = new Map();
        // (scaled by the best score of a form that holds the part whole; the head alone, which
        // only ranks entries after those, does not move it unless nothing else matched)
        [false, true].forEach(function (heads) {
          if (!max) rs.forEach(function (r, i) { if (!alts[i].near === !heads) r.scores.forEach(function (v) { max = Math.max(max, v.s); }); });
        });
        rs.forEach(function (r, i) {
          r.set.forEach(function (id) {
            var v = r.scores.get(id), s = (max > 0 ? v.s / max : 1) * alts[i].w, old = out.get(id);
            // (a form that holds the part whole beats its head alone, whatever the scores)
            if (!old || (old.near && !alts[i].near) || (!old.near === !alts[i].near && s > old.s)) {
              out.set(id, { s: s, locs: v.locs, near: alts[i].near });
            }
          });
        });
        return out;
      });
    });
    // Which entries hold the run whole is a search of the run itself (its pairs' chunks are
    // loaded already: the vocabulary look-up fetched them). A query of one part that has other
    // forms: the entries that hold it as typed come first (访华 before entries on a visit to China).
    var one = plan.parts.length === 1 && plan.parts[0].alts.length > 1 ? plan.parts[0] : null;
    var whole = plan.phrase ? formSearch(ctx, { text: plan.phrase.text, w: 1 }, memo)
      : plan.typed && plan.parts.length > 1 ? formSearch(ctx, { text: plan.typed, w: 1, loose: true }, memo)
      : one ? formSearch(ctx, { text: one.text, w: 1, loose: one.kind === "latin" || one.kind === "char" }, memo) : null;
    return Promise.all([Promise.all(parts), whole]).then(function (got) {
      var matched = got[0], held = got[1];
      // An entry that holds the run whole holds each of its parts, whatever their other forms
      // ask: 中导条约 is found where 中 (China) is never 中国.
      if (plan.phrase && held) plan.phrase.parts.forEach(function (pi) {
        held.set.forEach(function (id) {
          if (!matched[pi].has(id)) matched[pi].set(id, { s: 1, locs: held.scores.get(id).locs });
        });
      });
      // (a translation, earthquake -> 地震, is an ordinary word: Haiti earthquake)
      return rankMatches(matched, held ? held.set : null, plan.parts.map(function (p) {
        return p.kind === "entity" && !(p.kinds && p.kinds.length && p.kinds.every(function (k) { return k === "gloss"; }));
      }));
    });
  }

  /* The words to highlight in a result: every form of every part, as the excerpt expects. */
  function highlightParts(plan) {
    var out = [];
    plan.parts.forEach(function (p) {
      dedupeAlts(p.alts).forEach(function (a) {
        if (a.all) a.all.forEach(function (w) { out.push({ kind: "phrase", text: w }); });
        else if (IS_CJK.test(a.text)) {
          if (Array.from(a.text).length > 1 || p.kind === "char") out.push({ kind: "phrase", text: a.text });
        } else split(a.text).forEach(function (w) { out.push({ kind: "word", text: w }); });
      });
    });
    if (plan.phrase) out.push({ kind: "phrase", text: plan.phrase.text });
    return out;
  }

  // ------------------------------------------------------------------ results
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function escapeRe(s) {
    return s.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&");
  }

  function phraseRe(text) {
    var chars = Array.from(text).filter(function (c) { return IS_CJK.test(c); }).map(escapeRe);
    return new RegExp(chars.join("[" + JOINERS + "]?"), "gu");
  }

  function wordRe(word) {
    var w = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}+]+$/gu, "");
    if (!w) return null;
    if (IS_CJK.test(w)) return new RegExp(escapeRe(w), "gu");
    return new RegExp("(?<![\\p{L}\\p{N}])" + escapeRe(w), "giu");
  }

  function formRe(form) {
    if (IS_CJK.test(form)) return phraseRe(form);
    var w = form.trim();
    return w ? new RegExp("(?<![\\p{L}\\p{N}])" + escapeRe(w) + "(?![\\p{L}\\p{N}])", "giu") : null;
  }

  function needles(parts) {
    return parts.map(function (p) { return p.kind === "phrase" ? phraseRe(p.text) : wordRe(p.text); })
      .filter(Boolean);
  }

  function matches(re, text) {
    re.lastIndex = 0;
    var ok = re.test(text);
    re.lastIndex = 0;
    return ok;
  }

  var EXCERPT = 110;

  function excerpt(text, res) {
    var spans = [];
    res.forEach(function (re) {
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(text))) {
        if (!m[0].length) { re.lastIndex++; continue; }
        spans.push([m.index, m.index + m[0].length]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var start = spans.length ? Math.max(0, spans[0][0] - 24) : 0;
    var end = Math.min(text.length, start + EXCERPT);
    start = Math.max(0, Math.min(start, end - EXCERPT));
    var html = start > 0 ? "…" : "", pos = start;
    spans.forEach(function (s) {
      if (s[0] < pos || s[0] >= end) return;
      html += escapeHtml(text.slice(pos, s[0])) + "<mark>" + escapeHtml(text.slice(s[0], Math.min(s[1], end))) + "</mark>";
      pos = Math.min(s[1], end);
    });
    return html + escapeHtml(text.slice(pos, end)) + (end < text.length ? "…" : "");
  }

  function describe(fr, parts) {
    var L = lang(), id = fr.id, path = entryPath(id), href = siteRoot() + path;
    var body = (fr.text || []).join(" ");
    var res = needles(parts);
    // A query that names someone in one language highlights every form of that name: a name
    // matches when it contains a Chinese phrase of the query, or every English word of it.
    var cjkRes = parts.filter(function (p) { return p.kind === "phrase"; }).map(function (p) { return phraseRe(p.text); });
    var latinRes = parts.filter(function (p) { return p.kind === "word" && !IS_CJK.test(p.text); })
      .map(function (p) { return wordRe(p.text); }).filter(Boolean);
    (fr.names || []).forEach(function (forms) {
      var hit = forms.some(function (f) {
        return cjkRes.some(function (re) { return matches(re, f); }) ||
          (latinRes.length > 0 && latinRes.every(function (re) { return matches(re, f); }));
      });
      if (hit) forms.forEach(function (f) { var re = formRe(f); if (re) res.push(re); });
    });
    var tags = (fr.tags || []).map(function (t) {
      var p = parseValue(t[0], t[1]);
      return { family: t[0], key: p.key, label: L === "en" ? p.en : p.zh, other: L === "en" ? p.zh : p.en };
    });
    return {
      id: id, path: path, href: href, url: new URL(href, location.href).href,
      title: (L === "en" && fr.title_en) || fr.title, title_zh: fr.title, title_en: fr.title_en || null,
      date: fr.date || null, dateText: formatDate(fr.date), tags: tags, excerpt: excerpt(body, res)
    };
  }

  /* The related entries (site.link_entries's, in each fragment) of the first few matches of a
   * query that has fewer than RELATED_BELOW, the first of each match's before the second, at
   * most RELATED_MOST and RELATED_BELOW results in all: a reader who finds one entry of a story
   * finds the rest of it (an entry on the day after that never repeats the query's words). Only
   * entries the filters allow. (At most four: on the gold queries, four recover nearly all that
   * more would, 0.9757 recall@10 against 0.9761, simulated, and each costs a fragment.) */
  var RELATED_BELOW = 10, RELATED_SEEDS = 3, RELATED_MOST = 4;
  function relatedTo(ids, ctx) {
    if (!ids.length || ids.length >= RELATED_BELOW) return Promise.resolve([]);
    return Promise.all(ids.slice(0, RELATED_SEEDS).map(fragment)).then(function (frags) {
      var seen = new Set(ids), out = [], lists = frags.map(function (fr) { return fr.related || []; });
      var room = Math.min(RELATED_MOST, RELATED_BELOW - ids.length);
      var longest = Math.max.apply(null, lists.map(function (l) { return l.length; }));
      for (var j = 0; j < longest; j++) {
        lists.forEach(function (l) {
          var d = l[j];
          if (d === undefined || seen.has(d) || out.length >= room) return;
          if (ctx.allowed && !ctx.allowed.has(d)) return;
          seen.add(d);
          out.push(d);
        });
      }
      return out;
    });
  }

  function briefingSearch(query, filters, options) {
    options = options || {};
    filters = filters || {};
    var limit = options.limit === undefined ? 20 : options.limit;
    var offset = options.offset || 0;
    var sort = options.sort === "date" || options.sort === "date-asc" ? options.sort : null;
    var hasFilters = FILTERS.some(function (f) { return list(filters[f]).length; });
    var started = performance.now(), plan = null, m = null, fx = null, ctx = null, ranked = null, ids = null;
    return index().then(function (meta) {
      m = meta;
      // Filters and counts need the filter file; the query the chunks of its pairs and words.
      return Promise.all([hasFilters || options.counts ? facets() : null, vocabulary(m, String(query || ""))]);
    }).then(function (got) {
      fx = got[0];
      plan = planQuery(String(query || ""), got[1]);
      ctx = { m: m, allowed: hasFilters ? allowedBy(filters, fx, m) : null };
      return runPlan(ctx, plan);
    }).then(function (r) {
      ranked = r;
      ids = r.ids;
      if (sort || !plan.parts.length) ids = byDate(ids, m, sort === "date-asc");
      // by relevance, a query of few matches lists their related entries after them
      return !sort && plan.parts.length ? relatedTo(ids, ctx) : [];
    }).then(function (more) {
      var all = ids.concat(more), page = all.slice(offset, offset + limit), marks = highlightParts(plan);
      return Promise.all(page.map(fragment)).then(function (frags) {
        return {
          query: String(query || ""), total: all.length, related: more.length,
          results: frags.map(function (fr, i) {
            var d = describe(fr, marks);
            d.related = offset + i >= ids.length;
            return d;
          }),
          filters: options.counts ? countsOf(ids, fx, m) : {}, countsExact: !!options.counts,
          partial: !!ranked.partial, near: ranked.near || 0,
          parts: plan.parts.map(function (p) { return p.text; }), kinds: plan.parts.map(function (p) { return p.kind; }),
          dropped: plan.dropped,
          ms: Math.round(performance.now() - started)
        };
      });
    });
  }

  briefingSearch.formTerms = formTerms;
  briefingSearch.planQuery = planQuery;
  briefingSearch.singular = singular;
  briefingSearch.bases = bases;
  briefingSearch.STOPWORDS = STOPWORDS;
  briefingSearch.latinKey = latinKey;
  briefingSearch.rankMatches = rankMatches;
  briefingSearch.headOf = headOf;
  briefingSearch.facets = facets;
  briefingSearch.readFilters = readFilters;
  briefingSearch.labelKey = labelKey;
  briefingSearch.ready = function () { return index().then(function () { return true; }); };
  window.briefingSearch = briefingSearch;

  // ------------------------------------------------------------------ shared rendering
  function el(tag, attrs, html) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (html !== undefined) node.innerHTML = html;
    return node;
  }

  var ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 ' +
    '3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 ' +
    '6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';

  function resultHtml(r) {
    var chips = r.tags.slice(0, 8).map(function (tag) {
      return '<span class="bs-chip bs-chip--' + tag.family + '" title="' + escapeHtml(tag.other) + '">' +
        escapeHtml(tag.label) + "</span>";
    }).join("");
    var other = lang() === "zh" ? r.title_en : (r.title !== r.title_zh ? r.title_zh : null);
    return '<a class="bs-result__link" data-testid="search-result" href="' + escapeHtml(r.href) + '">' +
      '<article class="bs-result__article">' +
      '<h3 class="bs-result__title">' + escapeHtml(r.title) + "</h3>" +
      (other ? '<p class="bs-result__other">' + escapeHtml(other) + "</p>" : "") +
      '<p class="bs-result__meta"><time datetime="' + escapeHtml(r.date || "") + '">' + escapeHtml(r.dateText) +
      "</time>" + chips + "</p>" +
      '<p class="bs-result__excerpt">' + r.excerpt + "</p></article></a>";
  }

  function renderResults(ol, results, append) {
    if (!append) ol.innerHTML = "";
    results.forEach(function (r) {
      if (r.related && !ol.querySelector(".bs-related-head")) {
        ol.appendChild(el("li", { class: "bs-related-head", role: "presentation" }, escapeHtml(t().relatedHead)));
      }
      var li = el("li", { class: "bs-result" + (r.related ? " bs-result--related" : "") }, resultHtml(r));
      ol.appendChild(li);
    });
  }

  /* "12 results · the last 2 miss one word · and 3 related entries" */
  function statusText(r, L, approx) {
    if (!r.total) return L.none;
    return L.count(r.total - r.related) + (approx && !r.countsExact ? L.approx : "") +
      (r.partial ? " · " + L.partial : "") + (r.near ? " · " + L.near(r.near) : "") +
      (r.related ? " · " + L.related(r.related) : "");
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function searchPageUrl(q) {
    return siteRoot() + (lang() === "en" ? "en/" : "") + "search/" + (q ? "?q=" + encodeURIComponent(q) : "");
  }

  // ------------------------------------------------------------------ header search (overlay)
  var overlay = null;

  function buildOverlay() {
    var L = t();
    var root = el("div", { class: "bs-overlay", hidden: "" });
    root.innerHTML =
      '<div class="bs-overlay__backdrop" data-bs-close></div>' +
      '<div class="bs-overlay__dialog" role="dialog" aria-modal="true" aria-label="' + escapeHtml(L.search) + '">' +
      '<form class="bs-form" role="search">' +
      '<span class="bs-form__icon">' + ICON + "</span>" +
      '<input class="bs-form__input" type="search" name="q" data-testid="search-input" autocomplete="off" ' +
      'autocapitalize="off" spellcheck="false" placeholder="' + escapeHtml(L.placeholder) + '" aria-label="' +
      escapeHtml(L.search) + '">' +
      '<button class="bs-form__close" type="button" data-bs-close aria-label="' + escapeHtml(L.close) + '">×</button>' +
      "</form>" +
      '<div class="bs-output"><p class="bs-status" aria-live="polite"></p><ol class="bs-results"></ol>' +
      '<p class="bs-footer"><a class="bs-all" href="' + escapeHtml(searchPageUrl("")) + '">' + escapeHtml(L.all) +
      " →</a></p></div></div>";
    document.body.appendChild(root);
    var input = root.querySelector("input"), status = root.querySelector(".bs-status");
    var ol = root.querySelector(".bs-results"), all = root.querySelector(".bs-all");
    var seq = 0;
    var run = debounce(function () {
      var q = input.value.trim(), mine = ++seq;
      all.setAttribute("href", searchPageUrl(q));
      if (!q) { status.textContent = ""; ol.innerHTML = ""; return; }
      status.textContent = t().loading;
      briefingSearch(q, {}, { limit: 10 }).then(function (r) {
        if (mine !== seq) return;
        status.textContent = statusText(r, t(), false);
        status.classList.toggle("bs-status--partial", !!r.partial);
        renderResults(ol, r.results);
      }, function (err) {
        if (mine === seq) status.textContent = t().error + (err && err.message ? err.message : err);
      });
    }, 120);
    input.addEventListener("input", run);
    root.addEventListener("click", function (e) {
      if (e.target.closest("[data-bs-close]")) closeOverlay();
    });
    root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      var active = ol.querySelector(".bs-result__link.is-active") || ol.querySelector(".bs-result__link");
      if (active) location.href = active.href;
      else location.href = searchPageUrl(input.value.trim());
    });
    root.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); closeOverlay(); return; }
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(ol.querySelectorAll(".bs-result__link"));
      if (!links.length) return;
      e.preventDefault();
      var i = links.findIndex(function (a) { return a.classList.contains("is-active"); });
      links.forEach(function (a) { a.classList.remove("is-active"); });
      i = e.key === "ArrowDown" ? Math.min(links.length - 1, i + 1) : Math.max(-1, i - 1);
      if (i >= 0) { links[i].classList.add("is-active"); links[i].scrollIntoView({ block: "nearest" }); }
    });
    return { root: root, input: input };
  }

  function openSearch() {
    var pageInput = document.querySelector("#briefing-search-page .bs-form__input");
    if (pageInput) { pageInput.focus(); pageInput.select(); return; }
    if (!overlay) overlay = buildOverlay();
    overlay.root.hidden = false;
    document.documentElement.classList.add("bs-locked");
    overlay.input.focus();
    overlay.input.select();
    index();  // start loading the index while the reader types
  }

  function closeOverlay() {
    if (!overlay) return;
    overlay.root.hidden = true;
    document.documentElement.classList.remove("bs-locked");
  }

  function ensureButton() {
    if (document.querySelector(".briefing-search-button")) return;
    var L = t();
    var button = el("button", { type: "button", class: "md-header__button md-icon briefing-search-button bs-button",
                                "data-testid": "search-button", "aria-label": L.search, title: L.search + " (/)" }, ICON);
    var header = document.querySelector(".md-header__inner");
    if (header) header.appendChild(button);
    else { button.classList.add("bs-button--floating"); document.body.insertBefore(button, document.body.firstChild); }
  }

  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest(".briefing-search-button")) { e.preventDefault(); openSearch(); }
  });

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    var target = e.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (e.key === "/" || e.key === "s" || e.key === "S") { e.preventDefault(); openSearch(); }
  });

  // ------------------------------------------------------------------ search page (search/)
  var PAGE = 20;

  function readState() {
    var params = new URLSearchParams(location.search), filters = {};
    FILTERS.forEach(function (f) {
      var keys = [];
      params.getAll(f).forEach(function (v) { v.split(",").forEach(function (k) { if (k.trim()) keys.push(k.trim()); }); });
      if (keys.length) filters[f] = keys;
    });
    var sort = params.get("sort");
    return { q: params.get("q") || "", filters: filters, sort: sort === "date" || sort === "date-asc" ? sort : "relevance" };
  }

  function writeState(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FILTERS.forEach(function (f) { (state.filters[f] || []).forEach(function (k) { params.append(f, k); }); });
    if (state.sort !== "relevance") params.set("sort", state.sort);
    var qs = params.toString();
    history.replaceState(history.state, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
  }

  function initPage() {
    var host = document.getElementById("briefing-search-page");
    if (!host || host.getAttribute("data-bs-ready")) return;
    host.setAttribute("data-bs-ready", "1");
    var L = t(), state = readState(), seq = 0, shown = 0, fx = null, lastCounts = null, open = {};
    host.innerHTML =
      '<form class="bs-form bs-form--page" role="search">' +
      '<span class="bs-form__icon">' + ICON + "</span>" +
      '<input class="bs-form__input" type="search" name="q" data-testid="search-input" autocomplete="off" ' +
      'spellcheck="false" placeholder="' + escapeHtml(L.placeholder) + '" aria-label="' + escapeHtml(L.search) + '">' +
      '<label class="bs-sort">' + escapeHtml(L.sort) + ' <select name="sort" data-testid="search-sort">' +
      '<option value="relevance">' + escapeHtml(L.relevance) + "</option>" +
      '<option value="date">' + escapeHtml(L.newest) + "</option>" +
      '<option value="date-asc">' + escapeHtml(L.oldest) + "</option></select></label></form>" +
      '<div class="bs-page"><aside class="bs-facets" aria-label="' + escapeHtml(L.filters) + '">' +
      '<h2 class="bs-facets__title">' + escapeHtml(L.filters) + "</h2>" +
      '<button type="button" class="bs-clear" hidden>' + escapeHtml(L.clear) + "</button>" +
      '<div class="bs-facets__groups"></div></aside>' +
      '<section class="bs-output"><p class="bs-status" data-testid="search-status" aria-live="polite"></p>' +
      '<ol class="bs-results"></ol><p class="bs-footer"><button type="button" class="md-button bs-more" hidden>' +
      escapeHtml(L.more) + "</button></p></section></div>";
    var input = host.querySelector("input"), select = host.querySelector("select");
    var status = host.querySelector(".bs-status"), ol = host.querySelector(".bs-results");
    var more = host.querySelector(".bs-more"), groups = host.querySelector(".bs-facets__groups");
    var clear = host.querySelector(".bs-clear");
    input.value = state.q;
    select.value = state.sort;

    function selected(f, key) {
      return (state.filters[f] || []).some(function (k) { return k.toLowerCase() === key.toLowerCase(); });
    }

    function renderFacets(counts) {
      if (!fx) return;
      var lang_ = lang(), html = "";
      FILTERS.forEach(function (f) {
        var c = counts ? counts[f] || {} : fx.totals[f];
        var keys = Object.keys(fx.labels[f]).filter(function (k) { return c[k] > 0 || selected(f, k); });
        if (!keys.length) return;
        keys.sort(f === "year" ? function (a, b) { return b.localeCompare(a); } : function (a, b) {
          return (c[b] || 0) - (c[a] || 0) || fx.labels[f][a][lang_].localeCompare(fx.labels[f][b][lang_]);
        });
        var limit = open[f] ? keys.length : 8;
        html += '<details class="bs-facet" open data-family="' + f + '"><summary>' + escapeHtml(L.families[f]) +
          "</summary><ul>" + keys.slice(0, limit).map(function (k) {
            var label = fx.labels[f][k];
            return '<li><label title="' + escapeHtml(lang_ === "en" ? label.zh : label.en) + '">' +
              '<input type="checkbox" data-family="' + f + '" value="' + escapeHtml(k) + '"' +
              (selected(f, k) ? " checked" : "") + "> " + '<span class="bs-facet__label">' +
              escapeHtml(label[lang_]) + '</span> <span class="bs-facet__count">' + (c[k] || 0) + "</span></label></li>";
          }).join("") + "</ul>" +
          (keys.length > 8 ? '<button type="button" class="bs-facet__toggle" data-family="' + f + '">' +
            escapeHtml(open[f] ? L.showLess : L.showMore + " (" + keys.length + ")") + "</button>" : "") +
          "</details>";
      });
      groups.innerHTML = html;
      clear.hidden = !FILTERS.some(function (f) { return (state.filters[f] || []).length; });
    }

    function run(append) {
      writeState(state);
      var mine = ++seq, hasFilters = FILTERS.some(function (f) { return (state.filters[f] || []).length; });
      if (!state.q.trim() && !hasFilters) {
        status.textContent = L.empty;
        ol.innerHTML = "";
        more.hidden = true;
        lastCounts = null;
        renderFacets(null);
        return;
      }
      if (!append) { shown = 0; status.textContent = L.loading; }
      briefingSearch(state.q, state.filters, { limit: PAGE, offset: shown, sort: state.sort, counts: true })
        .then(function (r) {
          if (mine !== seq) return;
          renderResults(ol, r.results, append);
          shown += r.results.length;
          status.textContent = statusText(r, L, true);
          status.classList.toggle("bs-status--partial", !!r.partial);
          more.hidden = shown >= r.total;
          lastCounts = r.filters;
          renderFacets(r.filters);
        }, function (err) {
          if (mine === seq) status.textContent = L.error + (err && err.message ? err.message : err);
        });
    }

    input.addEventListener("input", debounce(function () { state.q = input.value.trim(); run(false); }, 150));
    host.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      state.q = input.value.trim();
      run(false);
    });
    select.addEventListener("change", function () { state.sort = select.value; run(false); });
    more.addEventListener("click", function () { run(true); });
    clear.addEventListener("click", function () { state.filters = {}; run(false); });
    groups.addEventListener("change", function (e) {
      var box = e.target;
      if (!box.matches || !box.matches("input[type=checkbox]")) return;
      var f = box.getAttribute("data-family"), key = box.value;
      var keys = (state.filters[f] || []).filter(function (k) { return k.toLowerCase() !== key.toLowerCase(); });
      if (box.checked) keys.push(key);
      if (keys.length) state.filters[f] = keys;
      else delete state.filters[f];
      run(false);
    });
    groups.addEventListener("click", function (e) {
      var toggle = e.target.closest && e.target.closest(".bs-facet__toggle");
      if (!toggle) return;
      var f = toggle.getAttribute("data-family");
      open[f] = !open[f];
      renderFacets(lastCounts);
    });
    facets().then(function (all) { fx = all; renderFacets(lastCounts); }, function (err) {
      status.textContent = L.error + (err && err.message ? err.message : err);
    });
    run(false);
  }

  function init() {
    ensureButton();
    initPage();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  // Material's instant navigation: each new page (init is idempotent)
  }
})();
