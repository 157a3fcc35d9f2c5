// rensai site search engine: the browser half of generator/search, with
// no DOM. It mirrors normalize.go, segment.go, rank.go and snippet.go step
// by step, so that the browser and `rensai search` return the same
// response and read the same files; a Go test runs this very file in an
// in-process JavaScript engine against the Go one on every `go test`.
// It needs search-text.js and search-store.js (the index files) loaded
// first.
// RensaiSearchEngine.create(load) returns an engine whose files come from
// load(path): a promise of the text of a .txt or .json file, or of the
// decompressed bytes (Uint8Array or ArrayBuffer) of a .bin file.
(function (root) {
  'use strict';
  var LIMIT = 10, VERSION = 5; // the other constants come from the manifest
  var T = root.RensaiSearchText, NUMBER = T.NUMBER, LATIN = T.LATIN, OTHER = T.OTHER;
  var cps = T.cps;
  var str = T.str;
  var isHira = T.isHira;
  var isKanji = T.isKanji;
  var isLatin = T.isLatin;
  var isDigit = T.isDigit;
  var hasWord = T.hasWord;
  var allKanji = T.allKanji;
  var normalize = T.normalize;
  var fold = T.fold;
  var split = T.split;
  var runeLen = T.runeLen;
  var okuriVariants = T.okuriVariants, okuriRune = T.okuriRune;
  var decodeIDs = T.decodeIDs;
  var bsearch = T.bsearch;
  var sortedNums = T.sortedNums;
  var parseQuery = T.parseQuery;
  var collapseKatakana = T.collapseKatakana;

  function create(load) {
    var S = root.RensaiSearchStore.create(load, VERSION);
    var manifest = S.manifest, vocabShard = S.vocabShard, postShard = S.postShard, postBucket = S.postBucket;
    var postingList = S.postingList, positions = S.positions, lookup = S.lookup, docLine = S.docLine;
    var metaLine = S.metaLine;

    // ---- segmentation (segment.go) ------------------------------------------

    function viterbi(m, text, hira) {
      var rs = cps(text), n = rs.length, best = [0], back = [null], i, l;
      for (i = 1; i <= n; i++) { best.push(Infinity); back.push(null); }
      for (i = 0; i < n; i++) {
        if (best[i] === Infinity) continue;
        // An unknown character takes the small kana after it along (segment.go).
        var u = i + 1;
        while (u < n && SMALL.indexOf(rs[u]) >= 0) u++;
        var c = best[i] + m.unk;
        if (c < best[u]) { best[u] = c; back[u] = { start: i, end: u, e: null }; }
        var okuri = false; // a kana of okurigana since rs[i], a kanji
        for (l = 1; l <= m.maxKey && i + l <= n; l++) {
          okuri = okuri || (l > 1 && isKanji(rs[i]) && okuriRune(rs[i + l - 1]));
          if (i + l < n && SMALL.indexOf(rs[i + l]) >= 0) continue;
          var sub = str(rs.slice(i, i + l)), key = fold(sub), e = lookup(m, key), extra = 0;
          if (!e && okuri) {
            // Another okurigana of a spelling the site uses (segment.go).
            var vs = okuriVariants(sub, 1); // tailShort
            for (var k = 0; k < vs.length && !e; k++) { e = lookup(m, fold(vs[k])); extra = 1; }
          }
          if (!e && i > 0 && l >= 2) {
            // A voiced first kana inside a compound (へんきゃくばこ; segment.go).
            var plain = unvoiced(key);
            if (plain !== key) { e = lookup(m, plain); if (e && e.stop) e = null; extra = 1; }
          }
          // Typed in hiragana, a particle does not open the text (segment.go).
          if (!e || (e.stop && i === 0 && l < n && hira)) continue;
          c = best[i] + e.cost + extra;
          if (c < best[i + l]) { best[i + l] = c; back[i + l] = { start: i, end: i + l, e: e }; }
        }
      }
      var segs = [];
      for (i = n; i > 0; i = back[i].start) segs.push(back[i]);
      segs.reverse();
      segs = collapseKatakana(rs, segs);
      var merged = [];
      segs.forEach(function (g) {
        var k = merged.length;
        if (k > 0 && !g.e && !merged[k - 1].e) { merged[k - 1] = { start: merged[k - 1].start, end: g.end, e: null }; return; }
        merged.push(g);
      });
      var text2 = function (g) { return str(rs.slice(g.start, g.end)); };
      segs = [];
      for (i = 0; i < merged.length;) {
        var j = i, unknown = false;
        while (j < merged.length && allKanji(text2(merged[j]))) { unknown = unknown || !merged[j].e; j++; }
        if (j - i >= 2 && unknown) { segs.push({ start: merged[i].start, end: merged[j - 1].end, e: null }); i = j; continue; }
        if (j === i) j = i + 1;
        for (; i < j; i++) segs.push(merged[i]);
      }
      var out = [];
      segs.forEach(function (g) {
        var t = { text: text2(g), terms: [], stop: false, missing: false, span: 1 }, n = out.length;
        t.weak = runeLen(t.text) === 1;
        if (!g.e) {
          // Unknown kana right after a word is an ending (返そ+う), but not
          // after a word typed in hiragana (ていしゅつ; segment.go).
          t.stop = !hasWord(t.text) || (n > 0 && !out[n - 1].stop && allHira(t.text) && !allHiraOrChoon(out[n - 1].text));
          t.missing = !t.stop;
        }
        else if (g.e.stop) t.stop = true;
        else { t.terms = g.e.terms; t.span = g.e.span; }
        out.push(t);
      });
      return out;
    }

    // unvoiced: key with its first kana plain when it is katakana throughout
    // and starts with a voiced one (unvoiced in segment.go).
    var VOICED = cps('ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポ'), PLAIN = cps('カキクケコサシスセソタチツテトハヒフヘホハヒフヘホ');
    function unvoiced(key) {
      var rs = cps(key), i = VOICED.indexOf(rs[0]);
      if (i < 0 || !rs.every(function (r) { return T.isKataOrChoon(r); })) return key;
      rs[0] = PLAIN[i];
      return str(rs);
    }

    function allHira(s) { var a = cps(s); return a.length > 0 && a.every(isHira); }
    function allHiraOrChoon(s) { var a = cps(s); return a.length > 0 && a.every(function (r) { return isHira(r) || r === 0x30fc; }); }
    // Small kana belong to the kana before them; small tsu is left out (smallKana in segment.go).
    var SMALL = cps('ぁぃぅぇぉゃゅょゎァィゥェォャュョヮ');

    // particleCuts: the particles at which a chunk typed in hiragana is cut
    // into words (particleCuts in segment.go).
    function particleCuts(toks) {
      var words = [], cut = new Set(), k = 0, i;
      while (k < toks.length) {
        if (toks[k].stop) { k++; continue; }
        var w = { start: k, end: k, runes: 0, missing: false };
        for (; k < toks.length && !toks[k].stop; k++) { w.runes += runeLen(toks[k].text); w.missing = w.missing || toks[k].missing; }
        w.end = k;
        words.push(w);
      }
      for (i = 1; i < words.length; i++) {
        var a = words[i - 1], b = words[i];
        if (a.missing || b.missing || Math.min(a.runes, b.runes) < 2 || Math.max(a.runes, b.runes) < 3) continue;
        for (k = a.end; k < b.start; k++) cut.add(k);
      }
      return cut;
    }

    // The counters after a number (counters in analyze.go).
    var COUNTERS = cps('時分秒日月年回件人円個本枚歳話度階号週');

    function segment(m, c) {
      var out = [], hira = allHiraOrChoon(c);
      split(c).forEach(function (r, i, runs) {
        if (r.kind === NUMBER) out.push({ text: r.text, terms: [r.text.replace(/,/g, '')], span: 1, weak: runeLen(r.text) === 1, stop: false, missing: false });
        else if (r.kind === LATIN) out.push({ text: r.text, terms: [fold(r.text)], span: 1, weak: runeLen(r.text) === 1, stop: false, missing: false });
        else if (r.kind === OTHER) {
          var a = cps(r.text), text = r.text;
          // 9時には: the counter apart, as the indexer cuts it (counterHead in segment.go).
          if (i > 0 && runs[i - 1].kind === NUMBER && a.length > 1 && COUNTERS.indexOf(a[0]) >= 0 && isHira(a[1])) {
            var head = String.fromCodePoint(a[0]);
            out.push.apply(out, viterbi(m, head, false));
            text = text.slice(head.length);
          }
          out.push.apply(out, viterbi(m, text, hira));
        }
      });
      return out;
    }

    // units: words written together without a particle between them form
    // one phrase; a quoted chunk is one phrase (units in segment.go).
    function units(m, chunks) {
      var us = [], seen = new Set();
      function add(u) {
        var sig = '';
        u.toks.forEach(function (t, i) { sig += u.offs[i] + ':' + t.terms.join(',') + '|'; });
        if (u.missing) sig += '?' + u.text;
        if (seen.has(sig) || us.length >= m.maxUnits) return;
        seen.add(sig);
        us.push(u);
      }
      chunks.forEach(function (c) {
        var group = { toks: [], offs: [], missing: false }, off = 0, text = '', raw = '', mine = [];
        function flush(tx) {
          if (group.toks.length === 1) {
            var t = group.toks[0];
            mine.push({ text: t.text, toks: group.toks, offs: [0], weak: t.weak, missing: t.missing, phrase: false });
          } else if (group.toks.length > 1) {
            group.phrase = true; group.weak = false; group.text = tx;
            mine.push(group);
          }
          group = { toks: [], offs: [], missing: false }; off = 0;
        }
        // A chunk in hiragana alone is one phrase too, but for the particles
        // between two words (units and particleCuts in segment.go).
        var phrase = c.phrase || allHiraOrChoon(c.text);
        var toks = segment(m, c.text), cut = phrase && !c.phrase ? particleCuts(toks) : new Set();
        toks.forEach(function (t, k) {
          if (t.stop && (!phrase || cut.has(k))) { flush(phrase ? raw : text); text = ''; raw = ''; return; }
          raw += t.text;
          if (!t.stop) {
            group.toks.push(t);
            group.offs.push(off);
            group.missing = group.missing || t.missing;
            text += t.text;
          }
          if (group.toks.length > 0) off += t.span;
        });
        flush(phrase ? raw : text);
        // A word the site lacks is named as typed (units in segment.go).
        if (mine.length === 1 && mine[0].missing) mine[0].text = c.text;
        mine.forEach(add);
      });
      return us;
    }

    function unitTerms(u) {
      var ts = [];
      u.toks.forEach(function (t) { ts.push.apply(ts, t.terms); });
      return ts;
    }

    // plan normalises q, reads the vocabulary shards it needs, cuts it into
    // units and reads the posting shards of their terms (plan in rank.go).
    async function plan(m, q) {
      var rs = cps(normalize(q));
      if (rs.length > m.maxQuery) rs = rs.slice(0, m.maxQuery);
      var chunks = parseQuery(str(rs)), need = new Set(), n = m.vocab;
      chunks.forEach(function (c) {
        split(c.text).forEach(function (r) {
          if (r.kind !== OTHER) return;
          cps(r.text).forEach(function (x) {
            if (isDigit(x) || isLatin(x) || x === 32) return;
            need.add(x % n);
            if (isHira(x)) need.add((x + 0x60) % n);
          });
        });
      });
      await Promise.all(sortedNums(need).map(function (i) { return vocabShard(m, i); }));
      var us = units(m, chunks);
      if (us.length === 0) return us;
      need = new Set();
      us.forEach(function (u) { unitTerms(u).forEach(function (t) { var b = postBucket(m, t); if (b >= 0) need.add(b); }); });
      await Promise.all(sortedNums(need).map(function (i) { return postShard(m, i); }));
      return us;
    }

    // ---- scoring (rank.go) -----------------------------------------------------

    async function filter(m, opts) {
      if (!opts.series && !opts.tag) return null;
      var ff = await S.json(m, 'f/names.json');
      var fi = await S.json(m, 'f/ids.json'), sets = [];
      if (opts.series) {
        var ids = [];
        (ff.series || []).forEach(function (s, i) { if (s[0] === opts.series) ids = decodeIDs(fi.series[i]); });
        sets.push(ids);
      }
      if (opts.tag) {
        var c = opts.tag.indexOf(':'), name = 'tags', term = opts.tag;
        if (c >= 0) { name = opts.tag.slice(0, c); term = opts.tag.slice(c + 1); }
        var tids = [];
        (ff.tax || []).forEach(function (t, i) { if (t[0] === name && t[1] === term) tids = decodeIDs(fi.tax[i]); });
        sets.push(tids);
      }
      var allowed = new Set(sets[0]);
      if (sets.length === 2) allowed = new Set(sets[1].filter(function (d) { return allowed.has(d); }));
      return allowed;
    }

    function tokScores(m, t, allowed) {
      var out = new Map();
      t.terms.forEach(function (term) {
        var pl = postingList(m, term);
        if (!pl) return;
        pl.docs.forEach(function (d, i) {
          if (allowed && !allowed.has(d)) return;
          var sc = pl.idf * pl.w[i];
          if (!out.has(d) || sc > out.get(d)) out.set(d, sc);
        });
      });
      return out;
    }

    async function tokPositions(m, t, d) {
      var out = new Set();
      for (var i = 0; i < t.terms.length; i++) (await positions(m, t.terms[i], d)).forEach(function (p) { out.add(p); });
      return out;
    }

    async function phraseAt(m, u, d) {
      var sets = [];
      for (var i = 0; i < u.toks.length; i++) sets.push(await tokPositions(m, u.toks[i], d));
      for (var p of sets[0]) {
        var ok = true;
        for (i = 1; i < u.toks.length && ok; i++) ok = sets[i].has(p - u.offs[0] + u.offs[i]);
        if (ok) return true;
      }
      return false;
    }

    async function unitScores(m, u, allowed) {
      if (u.missing) return new Map();
      var out = tokScores(m, u.toks[0], allowed);
      u.toks.slice(1).forEach(function (t) {
        var next = tokScores(m, t, allowed);
        Array.from(out.keys()).forEach(function (d) {
          if (next.has(d)) out.set(d, out.get(d) + next.get(d)); else out.delete(d);
        });
      });
      if (!u.phrase || out.size === 0) return out;
      var ds = sortedNums(out.keys());
      for (var i = 0; i < ds.length; i++) if (!(await phraseAt(m, u, ds[i]))) out.delete(ds[i]);
      return out;
    }

    function collect(us, scores, and) {
      var sum = new Map(), hits = [];
      us.forEach(function (u, i) {
        if (!and && u.weak) return;
        scores[i].forEach(function (sc, d) {
          var h = sum.get(d);
          if (!h) { h = { doc: d, count: 0, score: 0 }; sum.set(d, h); }
          h.count++;
          h.score += sc;
        });
      });
      sum.forEach(function (h) { if (!and || h.count === us.length) hits.push(h); });
      hits.sort(function (a, b) { return b.count - a.count || b.score - a.score || a.doc - b.doc; });
      return hits;
    }

    // group gathers ranked hits by serial (group in rank.go).
    function group(hits, m) {
      var starts = m.seriesStarts, at = new Map(), out = [];
      hits.forEach(function (h) {
        var g = bsearch(starts, h.doc + 1) - 1;
        if (g < 0) { out.push([h]); return; }
        if (at.has(g)) { out[at.get(g)].push(h); return; }
        at.set(g, out.length);
        out.push([h]);
      });
      return out;
    }

    // ---- results (snippet.go) ----------------------------------------------



    function meta(f) {
      var r = { url: f[0], title: f[1], score: 0 };
      if (f[2]) r.series = f[2];
      if (f[3]) r.seriesSlug = f[3];
      if (f[4]) r.partLabel = f[4];
      if (f[5]) r.date = f[5];
      return r;
    }

    // unitKeys returns the surfaces of each unit's terms (snippet.go).
    function unitKeys(m, us) {
      return us.map(function (u) {
        var set = new Set();
        if (!u.missing) {
          unitTerms(u).forEach(function (term) {
            var pl = postingList(m, term);
            if (pl) pl.surfaces.forEach(function (sf) { set.add(sf); });
          });
        }
        return set;
      });
    }

    function setSnippet(r, segs) {
      r.segments = segs;
      r.snippet = segs.map(function (s) { return s.text; }).join('');
    }

    function result(m, f, us) {
      var r = meta(f), bodyLen = parseInt(f[6], 10), keys = unitKeys(m, us), limit = T.markRunes(keys);
      var best = null, bestMarks = [], titleMarks = [], bestStart = 0, bestCount = -1;
      for (var w = 7; w + 1 < f.length; w += 2) {
        var toks = f[w + 1].split('\x1f'), marks = T.windowMarks(toks, keys, m.maxCompound, limit), start = parseInt(f[w], 10);
        // The title's tokens (a window at -1, titleWindow in format.go).
        if (start === -1) { titleMarks = marks; continue; }
        var c = T.unitCount(marks);
        if (c > bestCount) { best = toks; bestMarks = marks; bestStart = start; bestCount = c; }
      }
      if (best) setSnippet(r, T.segments(best, bestStart, bodyLen, bestMarks));
      return { r: r, shown: T.unitCount(titleMarks.concat(bestMarks)), marked: Math.max(bestCount, 0) };
    }

    // textResult cuts the lead's snippet from its body file when the
    // index has them and its windows mark no word (groupResult in
    // rank.go).
    async function textResult(m, g, us) {
      var d = g.hits[g.lead].doc;
      if (parseInt((await docLine(m, d))[6], 10) === 0) return;
      var t = await S.body(m, d);
      var segs = T.textSnippet(t.toks, t.folds, unitKeys(m, us), m.maxCompound, m.snipTokens, m.snipBefore, g.marked);
      if (segs) setSnippet(g.r, segs);
    }

    // query runs q and resolves to a response like search.Response: at most
    // opts.limit groups (results), the true total, and the words missing.
    async function query(q, opts) {
      opts = opts || {};
      var m = await manifest();
      var limit = opts.limit > 0 ? opts.limit : LIMIT, resp = { total: 0 };
      var us = await plan(m, q);
      if (us.length === 0) return resp;
      var allowed = await filter(m, opts), present = [], scores = [], missing = [];
      for (var i = 0; i < us.length; i++) {
        var sc = await unitScores(m, us[i], allowed);
        if (sc.size === 0) { missing.push(us[i].text); continue; }
        present.push(us[i]);
        scores.push(sc);
      }
      var texts = present.map(function (u) { return u.text; });
      if (missing.length) { resp.missing = missing; if (texts.length) resp.found = texts; }
      var hits = collect(present, scores, true);
      if (hits.length === 0 && present.length > 0) {
        hits = collect(present, scores, false);
        if (hits.length) resp.partial = true;
        if (!resp.found && texts.length) resp.found = texts;
      }
      resp.total = hits.length;
      // Of a serial's first parts, the one whose snippet and title show
      // the most words leads, reading no further once one marks them all; the
      // others are named by id, and read when asked for (groupResult in
      // rank.go). The candidates are read in rounds, all groups at once.
      var groups = group(hits, m).slice(0, limit).map(function (g) {
        return { hits: g.slice(0, m.maxOthers + 1), total: g.length, r: null, lead: 0, most: -1, marked: 0 };
      });
      for (var round = 0; round < m.leadCandidates; round++) {
        var todo = groups.filter(function (g) { return round < g.hits.length && g.most < present.length; });
        if (!todo.length) break;
        var ls = await Promise.all(todo.map(function (g) { return docLine(m, g.hits[round].doc); }));
        todo.forEach(function (g, i) {
          var x = result(m, ls[i], present);
          if (x.shown > g.most) { g.r = x.r; g.lead = round; g.most = x.shown; g.marked = x.marked; }
        });
      }
      if (m.text === 1 && !opts.noText) {
        await Promise.all(groups.filter(function (g) { return g.marked === 0; }).map(function (g) {
          return textResult(m, g, present);
        }));
      }
      var metas = [];
      if (opts.others) {
        metas = await Promise.all([].concat.apply([], groups.map(function (g) {
          return g.hits.map(function (h) { return metaLine(m, h.doc); });
        })));
      }
      var k = 0, results = [];
      groups.forEach(function (g) {
        var r = g.r;
        r.score = g.hits[g.lead].score / m.scoreScale;
        g.hits.forEach(function (h, i) { if (i !== g.lead) (r.otherIds = r.otherIds || []).push(h.doc); });
        if (opts.others) g.hits.forEach(function (h, i) {
          var o = metas[k++];
          if (i === g.lead) return;
          o.score = h.score / m.scoreScale;
          (r.others = r.others || []).push(o);
        });
        if (g.total > 1) r.othersTotal = g.total - 1;
        results.push(r);
      });
      if (results.length) resp.results = results;
      return resp;
    }


    // others resolves to the metadata of documents (a result's otherIds),
    // in order (Searcher.Others).
    async function others(ids) {
      var m = await manifest();
      return Promise.all(ids.map(function (d) { return metaLine(m, d); }));
    }

    // filters resolves to the names of the series and taxonomy terms.
    async function filters() {
      var m = await manifest();
      return S.json(m, 'f/names.json');
    }

    return {
      query: query,
      filters: filters,
      others: others,
      fetched: S.fetched
    };
  }

  root.RensaiSearchEngine = { create: create, normalize: normalize, fold: fold };
})(typeof globalThis !== 'undefined' ? globalThis : this);
