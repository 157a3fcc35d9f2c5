// rensai site search: the browser half of generator/search.
//
// The index is a set of static files under {base}search/ (see the package
// documentation of generator/search). This script mirrors query.go and
// normalize.go step by step, so that the browser and `rensai search` return
// the same ranked list and read the same files. Content text is only ever
// put into the page with textContent.
(function () {
  'use strict';
  if (window.rensaiSearch) return;

  var doc = document;
  var base = doc.documentElement.dataset.base || '/';
  var MAXQ = 256, CHOON = 0x30fc, LIMIT = 10, MAX_UNITS = 16, VERSION = 2;
  var SPACE = 0, NUMBER = 1, LATIN = 2, OTHER = 3;

  // ---- files -------------------------------------------------------------

  var files = {}, fetched = [], man = null;
  var vocab = {}, post = {}, pos = {}, shardOf = new Map();

  // gunzip resolves to the bytes of a .bin file, decompressed unless a
  // server already did (then it does not start like gzip).
  function gunzip(buf) {
    var b = new Uint8Array(buf);
    if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return Promise.resolve(b);
    var ds = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(ds).arrayBuffer().then(function (a) { return new Uint8Array(a); });
  }

  // get resolves to a file's text, or to its bytes for .bin files.
  function get(path) {
    if (!files[path]) {
      fetched.push(path);
      files[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ': ' + r.status);
        return /\.bin$/.test(path) ? r.arrayBuffer().then(gunzip) : r.text();
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }

  function manifest() {
    if (!man) {
      man = get('search/manifest.json').then(function (t) {
        var m = JSON.parse(t);
        if (m.v !== VERSION || !(m.hashPost > 0 && m.hashPost <= m.post.length)) throw new Error('search index version ' + m.v);
        return m;
      });
      man.catch(function () { man = null; });
    }
    return man;
  }

  // Reader reads the unsigned varints and length-prefixed strings of a
  // binary index file.
  var utf8 = new TextDecoder();
  function Reader(b) { this.b = b; this.i = 0; }
  Reader.prototype.num = function () {
    var x = 0, mul = 1, b = this.b;
    while (this.i < b.length) {
      var c = b[this.i++];
      x += (c & 0x7f) * mul;
      if (c < 0x80) return x;
      mul *= 128;
    }
    throw new Error('damaged index file');
  };
  Reader.prototype.bytes = function (n) {
    if (n > this.b.length - this.i) throw new Error('damaged index file');
    var out = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  };
  Reader.prototype.str = function () { return utf8.decode(this.bytes(this.num())); };

  // ---- normalisation (normalize.go) ---------------------------------------

  function cps(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.codePointAt(i);
      if (c > 0xffff) i++;
      out.push(c);
    }
    return out;
  }
  function str(a) {
    var s = '';
    for (var i = 0; i < a.length; i++) s += String.fromCodePoint(a[i]);
    return s;
  }
  function isSpace(r) { return r <= 0x20 || (r >= 0x7f && r <= 0x9f) || r === 0x2028 || r === 0x2029 || r === 0xfeff || r === 0x200b; }
  function isDash(r) { return r === 0x2d || (r >= 0x2010 && r <= 0x2015) || r === 0x2212 || r === 0xff70; }
  function isKata(r) { return r >= 0x30a1 && r <= 0x30fa; }
  function isKataOrChoon(r) { return isKata(r) || r === CHOON || r === 0x30fd || r === 0x30fe; }
  function isHira(r) { return (r >= 0x3041 && r <= 0x3096) || r === 0x309d || r === 0x309e; }
  function isKana(r) { return isHira(r) || isKataOrChoon(r); }
  function isKanji(r) {
    return (r >= 0x4e00 && r <= 0x9fff) || (r >= 0x3400 && r <= 0x4dbf) || (r >= 0xf900 && r <= 0xfaff) ||
      (r >= 0x20000 && r <= 0x3ffff) || r === 0x3005 || r === 0x3006;
  }
  function isLatin(r) { return (r >= 97 && r <= 122) || (r >= 65 && r <= 90) || (r >= 0xc0 && r <= 0x24f && r !== 0xd7 && r !== 0xf7); }
  function isDigit(r) { return r >= 48 && r <= 57; }
  function isWord(r) { return isKanji(r) || isKana(r) || isLatin(r) || isDigit(r); }
  function hasWord(s) { return cps(s).some(isWord); }
  function allKanji(s) { var a = cps(s); return a.length > 0 && a.every(isKanji); }

  function dropChoon(rs) {
    var out = [], start = -1;
    function flush(end) {
      var run = rs.slice(start, end);
      if (run.length >= 4 && run[run.length - 1] === CHOON) run.pop();
      out.push.apply(out, run);
    }
    for (var i = 0; i < rs.length; i++) {
      if (isKataOrChoon(rs[i])) { if (start < 0) start = i; continue; }
      if (start >= 0) { flush(i); start = -1; }
      out.push(rs[i]);
    }
    if (start >= 0) flush(rs.length);
    return out;
  }

  function normalize(s) {
    s = String(s);
    if (s.toWellFormed) s = s.toWellFormed();
    var rs = cps(s.normalize('NFKC')), out = [];
    for (var i = 0; i < rs.length; i++) {
      var r = rs[i];
      if (isSpace(r)) {
        if (out.length && out[out.length - 1] === 32) continue;
        out.push(32);
        continue;
      }
      if (isDash(r) && out.length && isKataOrChoon(out[out.length - 1]) && i + 1 < rs.length && isKata(rs[i + 1])) r = CHOON;
      out.push(r);
    }
    return str(dropChoon(out));
  }

  function lowerLatin(r) {
    if ((r >= 65 && r <= 90) || (r >= 0xc0 && r <= 0xde && r !== 0xd7)) return r + 32;
    return r;
  }

  function fold(s) {
    var rs = cps(s), kana = rs.length > 0;
    for (var i = 0; i < rs.length; i++) {
      if (!isKana(rs[i])) kana = false;
      rs[i] = lowerLatin(rs[i]);
    }
    if (!kana) return str(rs);
    for (i = 0; i < rs.length; i++) {
      var r = rs[i];
      if ((r >= 0x3041 && r <= 0x3096) || r === 0x309d || r === 0x309e) rs[i] = r + 0x60;
    }
    if (rs.length >= 4 && rs[rs.length - 1] === CHOON) rs.pop();
    return str(rs);
  }

  function kindOf(r) {
    if (r === 32) return SPACE;
    if (isDigit(r)) return NUMBER;
    if (isLatin(r)) return LATIN;
    return OTHER;
  }

  function split(s) {
    var rs = cps(s), runs = [];
    for (var i = 0; i < rs.length;) {
      var k = kindOf(rs[i]), j = i + 1;
      while (j < rs.length) {
        if (k === NUMBER && (rs[j] === 44 || rs[j] === 46) && j + 1 < rs.length && isDigit(rs[j + 1])) { j += 2; continue; }
        if (kindOf(rs[j]) !== k || k === SPACE) break;
        j++;
      }
      runs.push({ kind: k, text: str(rs.slice(i, j)) });
      i = j;
    }
    return runs;
  }

  function runeLen(s) { return cps(s).length; }

  // ---- index files (query.go) ----------------------------------------------

  function fnv32(s) {
    var b = new TextEncoder().encode(s), h = 2166136261;
    for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 16777619) >>> 0; }
    return h >>> 0;
  }

  function vocabShard(m, i) {
    if (!vocab[i]) {
      var h = m.vocab[i];
      vocab[i] = (h ? get('search/v/' + h + '.txt') : Promise.resolve('')).then(function (t) {
        var v = new Map();
        t.split('\n').forEach(function (line) {
          var f = line.split('\t');
          if (f.length < 3) return;
          var n = parseInt(f[2], 10);
          var e = { cost: parseInt(f[1], 10), stop: f[2] === 's', span: n > 1 ? n : 1, terms: [] };
          for (var k = 3; k + 1 < f.length; k += 2) {
            var t = f[k] === '' ? f[0] : f[k], sh = parseInt(f[k + 1], 36);
            if (!(sh >= 0 && sh < m.post.length)) throw new Error('damaged index file');
            e.terms.push(t);
            shardOf.set(t, sh);
          }
          v.set(f[0], e);
        });
        vocab[i].map = v;
        return v;
      });
    }
    return vocab[i];
  }

  // postShard reads posting shard i (see postShard in query.go).
  function postShard(m, i) {
    if (!post[i]) {
      var h = m.post[i];
      post[i] = (h ? get('search/p/' + h + '.bin') : Promise.resolve(null)).then(function (b) {
        var p = new Map(), order = [];
        if (b) {
          var r = new Reader(b), n;
          post[i].xh = r.str();
          post[i].xoff = r.num();
          post[i].xlen = r.num();
          n = r.num();
          for (var at = 0; at < n; at++) {
            var term = r.str(), pl = { idf: r.num(), docs: [], w: [], surfaces: [] }, df = r.num(), d = 0, k;
            for (k = 0; k < df; k++) { d += r.num(); pl.docs.push(d); }
            var ws = r.bytes(df);
            for (k = 0; k < df; k++) pl.w.push(ws[k]);
            var ns = r.num();
            for (k = 0; k < ns; k++) { var sf = r.str(); pl.surfaces.push(sf === '' ? term : sf); }
            p.set(term, pl);
            order.push(term);
          }
        }
        post[i].map = p;
        post[i].order = order;
        return p;
      });
    }
    return post[i];
  }

  // posShard reads the positions of shard i (its section of a positions
  // file shared by a few shards): per term in shard order, per document, a
  // count and position gaps.
  function posShard(m, i) {
    if (!pos[i]) {
      pos[i] = postShard(m, i).then(function () {
        return m.post[i] ? get('search/x/' + post[i].xh + '.bin') : null;
      }).then(function (b) {
        var x = new Map();
        if (b) {
          if (post[i].xoff + post[i].xlen > b.length) throw new Error('damaged index file');
          var r = new Reader(b.subarray(post[i].xoff, post[i].xoff + post[i].xlen));
          post[i].order.forEach(function (term) {
            var lists = [], df = post[i].map.get(term).docs.length;
            for (var k = 0; k < df; k++) {
              var n = r.num(), l = [], p = 0;
              for (var j = 0; j < n; j++) { p += r.num(); l.push(p); }
              lists.push(l);
            }
            x.set(term, lists);
          });
        }
        pos[i].map = x;
        return x;
      });
    }
    return pos[i];
  }

  // postBucket returns the posting shard of term (postBucket in query.go).
  function hashedTerm(term) { var r = cps(term)[0]; return r !== undefined && (isDigit(r) || isLatin(r)); }
  function postBucket(m, term) {
    if (hashedTerm(term)) return fnv32(term) % m.hashPost;
    return shardOf.has(term) ? shardOf.get(term) : -1;
  }
  function postingList(m, term) {
    var b = postBucket(m, term);
    return b >= 0 && post[b] && post[b].map ? post[b].map.get(term) : undefined;
  }

  function decodeIDs(s) {
    var out = [], prev = 0;
    if (s === '' || s === undefined) return out;
    s.split(',').forEach(function (p) { prev += parseInt(p, 36); out.push(prev); });
    return out;
  }

  function bsearch(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
    return lo < a.length && a[lo] === x ? lo : -1;
  }

  async function positions(m, term, d) {
    var b = postBucket(m, term);
    if (b < 0) return [];
    var pl = (await postShard(m, b)).get(term);
    if (!pl) return [];
    var i = bsearch(pl.docs, d);
    if (i < 0) return [];
    return (await posShard(m, b)).get(term)[i];
  }

  // ---- segmentation --------------------------------------------------------

  function parseQuery(q) {
    var out = [];
    function add(text, phrase) {
      text.split(' ').forEach(function (c) { if (c !== '') out.push({ text: c, phrase: phrase }); });
    }
    var rs = cps(q), start = 0;
    for (var i = 0; i < rs.length; i++) {
      var end;
      if (rs[i] === 0x22) end = 0x22;
      else if (rs[i] === 0x300c) end = 0x300d;
      else continue;
      add(str(rs.slice(start, i)), false);
      var j = i + 1;
      while (j < rs.length && rs[j] !== end) j++;
      add(str(rs.slice(i + 1, j)), true);
      i = j;
      start = j + 1;
    }
    if (start < rs.length) add(str(rs.slice(start)), false);
    return out;
  }

  function lookup(m, key) {
    var v = vocab[cps(key)[0] % m.vocab.length];
    return v && v.map ? v.map.get(key) : undefined;
  }

  function viterbi(m, text) {
    var rs = cps(text), n = rs.length, best = [0], back = [null], i, l;
    for (i = 1; i <= n; i++) { best.push(Infinity); back.push(null); }
    for (i = 0; i < n; i++) {
      if (best[i] === Infinity) continue;
      var c = best[i] + m.unk;
      if (c < best[i + 1]) { best[i + 1] = c; back[i + 1] = { start: i, end: i + 1, e: null }; }
      for (l = 1; l <= m.maxKey && i + l <= n; l++) {
        var key = fold(str(rs.slice(i, i + l))), e = lookup(m, key);
        if (!e) continue;
        c = best[i] + e.cost;
        if (c < best[i + l]) { best[i + l] = c; back[i + l] = { start: i, end: i + l, e: e }; }
      }
    }
    var segs = [];
    for (i = n; i > 0; i = back[i].start) segs.push(back[i]);
    segs.reverse();
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
    return segs.map(function (g) {
      var t = { text: text2(g), terms: [], stop: false, missing: false, span: 1 };
      t.weak = runeLen(t.text) === 1;
      if (!g.e) { t.stop = !hasWord(t.text); t.missing = !t.stop; }
      else if (g.e.stop) t.stop = true;
      else { t.terms = g.e.terms; t.span = g.e.span; }
      return t;
    });
  }

  function segment(m, c) {
    var out = [];
    split(c).forEach(function (r) {
      if (r.kind === NUMBER) out.push({ text: r.text, terms: [r.text.replace(/,/g, '')], span: 1, weak: runeLen(r.text) === 1 });
      else if (r.kind === LATIN) out.push({ text: r.text, terms: [fold(r.text)], span: 1, weak: runeLen(r.text) === 1 });
      else if (r.kind === OTHER) out.push.apply(out, viterbi(m, r.text));
    });
    return out;
  }

  function units(m, chunks) {
    var us = [], seen = new Set();
    function add(u) {
      var sig = '';
      u.toks.forEach(function (t, i) { sig += u.offs[i] + ':' + t.terms.join(',') + '|'; });
      if (u.missing) sig += '?' + u.toks[0].text;
      if (seen.has(sig) || us.length >= MAX_UNITS) return;
      seen.add(sig);
      us.push(u);
    }
    chunks.forEach(function (c) {
      var ph = { toks: [], offs: [], missing: false }, off = 0;
      segment(m, c.text).forEach(function (t) {
        if (!t.stop) {
          if (c.phrase) { ph.toks.push(t); ph.offs.push(off); ph.missing = ph.missing || !!t.missing; }
          else add({ toks: [t], offs: [0], weak: t.weak, missing: !!t.missing });
        }
        off += t.span;
      });
      if (ph.toks.length === 1) add({ toks: ph.toks, offs: [0], weak: ph.toks[0].weak, missing: ph.missing });
      else if (ph.toks.length > 1) { ph.phrase = true; ph.weak = false; add(ph); }
    });
    return us;
  }

  function unitTerms(u) {
    var ts = [];
    u.toks.forEach(function (t) { ts.push.apply(ts, t.terms); });
    return ts;
  }

  function sortedNums(set) { return Array.from(set).sort(function (a, b) { return a - b; }); }

  // ---- scoring ---------------------------------------------------------------

  async function filter(m, opts) {
    if (!opts.series && !opts.tag) return null;
    var ff = JSON.parse(await get('search/f/' + m.filters + '.json'));
    var fi = JSON.parse(await get('search/f/' + m.filterIDs + '.json')), sets = [];
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

  // windowMarks finds the query's words in window tokens by their
  // surfaces (windowMarks in query.go).
  function windowMarks(toks, keys, maxComp) {
    var out = [];
    for (var i = 0; i < toks.length; i++) {
      var key = '';
      for (var l = 1; l <= maxComp && i + l <= toks.length; l++) {
        key += toks[i + l - 1];
        var k = fold(key);
        for (var ui = 0; ui < keys.length; ui++) if (keys[ui].has(k)) out.push({ start: i, end: i + l, unit: ui });
      }
    }
    return out;
  }

  async function result(m, d, us) {
    var t = await get('search/d/' + m.d[Math.floor(d / m.docBlock)] + '.txt');
    var f = t.split('\n')[d % m.docBlock].split('\t');
    var r = { url: f[0], title: f[1], series: f[2], seriesSlug: f[3], partLabel: f[4], date: f[5], segments: [] };
    var bodyLen = parseInt(f[6], 10);
    var keys = us.map(function (u) {
      var set = new Set();
      if (!u.missing) {
        unitTerms(u).forEach(function (term) {
          var pl = postingList(m, term);
          if (pl) pl.surfaces.forEach(function (sf) { set.add(sf); });
        });
      }
      return set;
    });
    var best = null, bestMarks = [], bestStart = 0, bestCount = -1;
    for (var w = 7; w + 1 < f.length; w += 2) {
      var toks = f[w + 1].split('\x1f'), marks = windowMarks(toks, keys, m.maxCompound), seen = new Set();
      marks.forEach(function (mk) { seen.add(mk.unit); });
      if (seen.size > bestCount) { best = toks; bestMarks = marks; bestStart = parseInt(f[w], 10); bestCount = seen.size; }
    }
    function addSeg(text, mark) {
      var n = r.segments.length;
      if (n > 0 && r.segments[n - 1].mark === mark) { r.segments[n - 1].text += text; return; }
      r.segments.push({ text: text, mark: mark });
    }
    if (best) {
      if (bestStart > 0) addSeg('…', false);
      best.forEach(function (tok, i) {
        addSeg(tok, bestMarks.some(function (mk) { return i >= mk.start && i < mk.end; }));
      });
      if (bestStart + best.length < bodyLen) addSeg('…', false);
    }
    r.snippet = r.segments.map(function (s) { return s.text; }).join('');
    return r;
  }

  // query runs q and resolves to at most opts.limit results, best first.
  async function query(q, opts) {
    opts = opts || {};
    var m = await manifest();
    var limit = opts.limit > 0 ? opts.limit : LIMIT;
    var rs = cps(normalize(q));
    if (rs.length > MAXQ) rs = rs.slice(0, MAXQ);
    var chunks = parseQuery(str(rs)), need = new Set(), n = m.vocab.length;
    chunks.forEach(function (c) {
      split(c.text).forEach(function (r) {
        if (r.kind !== OTHER) return;
        cps(r.text).forEach(function (x) {
          need.add(x % n);
          if (isHira(x)) need.add((x + 0x60) % n);
        });
      });
    });
    await Promise.all(sortedNums(need).map(function (i) { return vocabShard(m, i); }));
    var us = units(m, chunks);
    if (us.length === 0) return [];
    need = new Set();
    us.forEach(function (u) { unitTerms(u).forEach(function (t) { var b = postBucket(m, t); if (b >= 0) need.add(b); }); });
    var buckets = sortedNums(need);
    await Promise.all(buckets.map(function (i) { return postShard(m, i); }));
    var allowed = await filter(m, opts);
    var scores = [];
    for (var i = 0; i < us.length; i++) scores.push(await unitScores(m, us[i], allowed));
    function collect(and) {
      var sum = new Map(), out = [];
      us.forEach(function (u, i) {
        if (!and && (u.weak || u.missing)) return;
        scores[i].forEach(function (sc, d) {
          var h = sum.get(d);
          if (!h) { h = { doc: d, count: 0, score: 0 }; sum.set(d, h); }
          h.count++;
          h.score += sc;
        });
      });
      sum.forEach(function (h) { if (!and || h.count === us.length) out.push(h); });
      return out;
    }
    var hits = collect(true);
    if (hits.length === 0) hits = collect(false);
    hits.sort(function (a, b) { return b.count - a.count || b.score - a.score || a.doc - b.doc; });
    var total = hits.length;
    hits = hits.slice(0, limit);
    var results = await Promise.all(hits.map(function (h) {
      return result(m, h.doc, us).then(function (r) { r.score = h.score / 1e5; return r; });
    }));
    results.total = total;
    return results;
  }

  window.rensaiSearch = {
    query: query,
    normalize: normalize,
    fold: fold,
    fetched: function () { return fetched.slice(); },
    url: function (u) { return base + String(u).replace(/^\//, ''); }
  };

  // ---- page ------------------------------------------------------------------

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderResult(r, withSnippet) {
    var li = el('li', 'search-result');
    var a = el('a', 'search-result-title', r.title);
    a.href = window.rensaiSearch.url(r.url);
    li.appendChild(a);
    var meta = [r.series, r.partLabel, r.date].filter(Boolean).join(' · ');
    if (meta) li.appendChild(el('p', 'search-result-meta', meta));
    if (withSnippet && r.segments.length) {
      var p = el('p', 'search-result-snippet');
      r.segments.forEach(function (s) {
        p.appendChild(s.mark ? el('mark', '', s.text) : doc.createTextNode(s.text));
      });
      li.appendChild(p);
    }
    return li;
  }

  function debounce(fn, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  function option(value, text) {
    var o = el('option', '', text);
    o.value = value;
    return o;
  }

  // The search page: results as you type, filters, address kept in sync.
  function initPage(root) {
    var form = root.querySelector('form'), input = root.querySelector('input[name=q]');
    var seriesSel = root.querySelector('select[name=series]'), tagSel = root.querySelector('select[name=tag]');
    var status = root.querySelector('.search-status'), list = root.querySelector('.search-results');
    var ds = root.dataset, params = new URLSearchParams(location.search), seq = 0;
    input.value = params.get('q') || '';
    var want = { series: params.get('series') || '', tag: params.get('tag') || '' };

    function say(msg, n) { status.textContent = (msg || '').replace('{n}', n); }

    // Results come ten at a time: the next ten load when the end of the
    // list scrolls into view, so a query fetches only what is shown.
    var shown = LIMIT, more = el('li', 'search-more');
    more.setAttribute('aria-hidden', 'true');
    var watcher = window.IntersectionObserver ? new IntersectionObserver(function (es) {
      if (es.some(function (e) { return e.isIntersecting; })) { shown += LIMIT; run(true); }
    }) : null;

    function run(keep) {
      var q = input.value, opts = { series: seriesSel ? seriesSel.value : want.series, tag: tagSel ? tagSel.value : want.tag };
      if (!keep) shown = LIMIT;
      opts.limit = shown;
      var u = new URLSearchParams();
      if (q) u.set('q', q);
      if (opts.series) u.set('series', opts.series);
      if (opts.tag) u.set('tag', opts.tag);
      history.replaceState(null, '', location.pathname + (u.toString() ? '?' + u : ''));
      var mine = ++seq;
      if (watcher) watcher.disconnect();
      if (!q.trim()) { list.textContent = ''; say(''); return; }
      if (!keep) say(ds.msgLoading);
      query(q, opts).then(function (rs) {
        if (mine !== seq) return;
        list.textContent = '';
        rs.forEach(function (r) { list.appendChild(renderResult(r, true)); });
        say(rs.length ? ds.msgCount : ds.msgEmpty, rs.total);
        if (rs.total > rs.length && watcher) {
          list.appendChild(more);
          watcher.observe(more);
        }
      }, function () {
        if (mine === seq) say(ds.msgError);
      });
    }

    function fill(ff) {
      if (seriesSel) {
        var sv = seriesSel.value || want.series;
        ff.series.forEach(function (s) { seriesSel.appendChild(option(s[0], s[1])); });
        seriesSel.value = sv;
      }
      if (tagSel) {
        var tv = tagSel.value || want.tag;
        ff.tax.forEach(function (t) { tagSel.appendChild(option(t[0] + ':' + t[1], t[1])); });
        tagSel.value = tv.indexOf(':') >= 0 || !tv ? tv : 'tags:' + tv;
      }
    }

    // The lists of series and tags are filled when first used (or at once
    // when the address names a filter), so a plain query does not fetch
    // them.
    var filled = null;
    function fillLists() {
      if (!filled) {
        filled = manifest().then(function (m) { return get('search/f/' + m.filters + '.json'); })
          .then(function (t) { fill(JSON.parse(t)); });
        filled.catch(function () { filled = null; });
      }
      return filled;
    }
    [seriesSel, tagSel].forEach(function (s) {
      if (!s) return;
      ['focus', 'pointerdown', 'mousedown'].forEach(function (ev) { s.addEventListener(ev, fillLists); });
    });
    (want.series || want.tag ? fillLists() : Promise.resolve()).then(function () { run(); }, function () { say(ds.msgError); });
    input.addEventListener('input', debounce(function () { run(); }, 200));
    [seriesSel, tagSel].forEach(function (s) { if (s) s.addEventListener('change', function () { run(); }); });
    form.addEventListener('submit', function (ev) { ev.preventDefault(); run(); });
  }

  // The search box in the header: a short list of results as you type;
  // Enter still goes to the search page.
  function initBox(form) {
    var input = form.querySelector('input[name=q]');
    if (!input) return;
    var list = el('ul', 'site-search-results'), seq = 0;
    list.hidden = true;
    form.appendChild(list);
    function close() { list.hidden = true; list.textContent = ''; }
    input.addEventListener('input', debounce(function () {
      var q = input.value, mine = ++seq, opts = { limit: 5 };
      var series = form.querySelector('input[name=series]');
      if (series) opts.series = series.value;
      if (!q.trim()) { close(); return; }
      query(q, opts).then(function (rs) {
        if (mine !== seq) return;
        list.textContent = '';
        rs.forEach(function (r) { list.appendChild(renderResult(r, false)); });
        list.hidden = rs.length === 0;
      }, close);
    }, 200));
    input.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') close(); });
  }

  function init() {
    var page = doc.getElementById('rensai-search');
    if (page) initPage(page);
    Array.prototype.forEach.call(doc.querySelectorAll('form.site-search, form.series-search'), initBox);
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
