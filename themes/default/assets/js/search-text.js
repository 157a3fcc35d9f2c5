// rensai site search: text rules shared by the search engine
// (search-engine.js): UTF-8, index file reading, and normalisation exactly
// as generator/search/normalize.go does it. No DOM.
(function (root) {
  'use strict';
  var CHOON = 0x30fc;
  var SPACE = 0, NUMBER = 1, LATIN = 2, OTHER = 3;

  // ---- UTF-8 (TextDecoder and TextEncoder are not everywhere) ------------

  function utf8Decode(b) {
    var s = '', i = 0;
    while (i < b.length) {
      var c = b[i++], cp;
      if (c < 0x80) cp = c;
      else if (c < 0xe0) cp = ((c & 0x1f) << 6) | (b[i++] & 0x3f);
      else if (c < 0xf0) { cp = ((c & 0x0f) << 12) | ((b[i] & 0x3f) << 6) | (b[i + 1] & 0x3f); i += 2; }
      else { cp = ((c & 0x07) << 18) | ((b[i] & 0x3f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f); i += 3; }
      s += String.fromCodePoint(cp);
    }
    return s;
  }
  function utf8Bytes(s) {
    var out = [];
    cps(s).forEach(function (c) {
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    });
    return out;
  }

  // Reader reads the unsigned varints and length-prefixed strings of a
  // binary index file.
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
  Reader.prototype.str = function () { return utf8Decode(this.bytes(this.num())); };

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

  // foldSpelling unifies spellings NFKC keeps apart (foldSpelling in
  // normalize.go): 々 repeats the kanji before it, ヶ ヵ are ケ カ, ヴァ.. are バ..
  function foldSpelling(rs) {
    var out = [], small = { 0x30a1: 0x30d0, 0x30a3: 0x30d3, 0x30a7: 0x30d9, 0x30a9: 0x30dc };
    for (var i = 0; i < rs.length; i++) {
      var r = rs[i], last = out[out.length - 1];
      if (r === 0x3005 && out.length > 0 && isKanji(last) && last !== 0x3005) r = last;
      else if (r === 0x30f6) r = 0x30b1;
      else if (r === 0x30f5) r = 0x30ab;
      else if (r === 0x30f4) {
        r = 0x30d6;
        if (i + 1 < rs.length && small[rs[i + 1]]) { r = small[rs[i + 1]]; i++; }
      }
      out.push(r);
    }
    return out;
  }

  function fold(s) {
    var rs = foldSpelling(cps(s)), kana = rs.length > 0;
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

  // okuriVariants lists the other okurigana spellings of s (okuriVariants
  // in variants.go); tail: 0 keep, 1 shorten, 2 shorten or drop.
  function okuriRune(r) { return isHira(r) || r === 0x30b1 || r === 0x30f6; }
  function okuriVariants(s, tail) {
    var rs = cps(s), out = [], seen = new Set([s]), inner = [], last = -1, i, j;
    if (rs.length < 2 || rs.length > 32 || !isKanji(rs[0])) return out;
    for (i = 0; i < rs.length; i++) if (isKanji(rs[i])) last = i;
    for (i = 1; i < last;) {
      if (!okuriRune(rs[i]) || !isKanji(rs[i - 1])) { i++; continue; }
      j = i;
      while (j < last && okuriRune(rs[j])) j++;
      if (j < rs.length && isKanji(rs[j])) inner.push([i, j]);
      i = j;
    }
    if (inner.length > 3) return out;
    var end = rs.slice(last + 1), kana = end.length > 0 && end.every(isHira), tails = [end];
    if (tail !== 0 && kana) {
      if (end.length >= 2) tails.push(end.slice(end.length - 1));
      if (tail === 2) tails.push([]);
    }
    for (var mask = 0; mask < (1 << inner.length); mask++) {
      var head = [], at = 0;
      inner.forEach(function (sp, k) {
        head = head.concat(rs.slice(at, sp[0]));
        if ((mask & (1 << k)) === 0) head = head.concat(rs.slice(sp[0], sp[1]));
        at = sp[1];
      });
      head = head.concat(rs.slice(at, last + 1));
      tails.forEach(function (t) {
        var v = str(head.concat(t));
        if (runeLen(v) >= 2 && !seen.has(v)) { seen.add(v); out.push(v); }
      });
    }
    return out;
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


  function fnv32(s) {
    var b = utf8Bytes(s), h = 2166136261;
    for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 16777619) >>> 0; }
    return h >>> 0;
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
    return lo;
  }

  function sortedNums(set) { return Array.from(set).sort(function (a, b) { return a - b; }); }

  function hashedTerm(term) { var r = cps(term)[0]; return r !== undefined && (isDigit(r) || isLatin(r)); }

  // parseQuery cuts normalised q at spaces, keeping "…" and 「…」 as phrases.
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

  // collapseKatakana: a katakana word the vocabulary covers only with a
  // one-character piece is one unknown word (collapseKatakana in segment.go).
  function collapseKatakana(rs, segs) {
    var out = [];
    for (var i = 0; i < segs.length;) {
      var a = segs[i].start;
      if (!isKataOrChoon(rs[a]) || (a > 0 && isKataOrChoon(rs[a - 1]))) { out.push(segs[i]); i++; continue; }
      var b = a;
      while (b < rs.length && isKataOrChoon(rs[b])) b++;
      var j = i, single = false;
      while (j < segs.length && segs[j].end <= b) { single = single || segs[j].end - segs[j].start === 1; j++; }
      if (j - i >= 2 && segs[j - 1].end === b && single) { out.push({ start: a, end: b, e: null }); i = j; continue; }
      out.push(segs[i]);
      i++;
    }
    return out;
  }

  // ---- snippets (snippet.go) ------------------------------------------

  // markRunes bounds the runs windowMarks tries (markRunes in snippet.go).
  function markRunes(keys) {
    var n = 0;
    keys.forEach(function (set) { set.forEach(function (k) { n = Math.max(n, runeLen(k)); }); });
    return 2 * n + 4;
  }

  function kataRune(r) { return (r >= 0x3041 && r <= 0x3096) || r === 0x309d || r === 0x309e ? r + 0x60 : r; }

  // windowMarks finds the query's words in tokens by their surfaces,
  // trying only runs whose first token, folded alone (folds[i], computed
  // when not given), is empty or starts as some surface does.
  function windowMarks(toks, keys, maxComp, limit, folds) {
    var out = [], starts = new Set();
    keys.forEach(function (set) { set.forEach(function (k) { starts.add(kataRune(k.codePointAt(0))); }); });
    for (var i = 0; i < toks.length; i++) {
      var f = folds ? folds[i] : fold(normalize(toks[i]));
      if (f !== '' && !starts.has(kataRune(f.codePointAt(0)))) continue;
      var key = '';
      for (var l = 1; l <= maxComp && i + l <= toks.length; l++) {
        key += toks[i + l - 1];
        if (runeLen(key) > limit) break;
        var k = fold(normalize(key));
        for (var ui = 0; ui < keys.length; ui++) if (keys[ui].has(k)) out.push({ start: i, end: i + l, unit: ui });
      }
    }
    return out;
  }

  function unitCount(marks) {
    var seen = new Set();
    marks.forEach(function (mk) { seen.add(mk.unit); });
    return seen.size;
  }

  // segments cuts a snippet into marked and unmarked runs (segments in
  // snippet.go).
  function segments(toks, start, bodyLen, marks) {
    var out = [];
    function add(text, mark) {
      var n = out.length;
      if (n > 0 && !!out[n - 1].mark === mark) { out[n - 1].text += text; return; }
      var s = { text: text };
      if (mark) s.mark = true;
      out.push(s);
    }
    if (start > 0) add('…', false);
    toks.forEach(function (tok, i) {
      add(tok, marks.some(function (mk) { return i >= mk.start && i < mk.end; }));
    });
    if (start + toks.length < bodyLen) add('…', false);
    return out;
  }

  // inWindow returns the marks wholly inside the window of n tokens from st.
  function inWindow(marks, st, n) {
    return marks.filter(function (mk) { return mk.start >= st && mk.end <= st + n; });
  }

  // snippetStart is where a snippet around the match at token at begins
  // (snippetStart in snippet.go).
  function snippetStart(toks, at, before, n) {
    var st = Math.max(0, at - before);
    for (var j = at - 1; j >= st; j--) if (/^[ \u00a0\u3000]*$|[。！？!?]$/.test(toks[j])) { st = j + 1; break; }
    return Math.max(0, Math.min(st, toks.length - n));
  }

  // textSnippet cuts a snippet from a whole body's tokens: the window of n
  // tokens from before tokens before a match holding most units, the first
  // on a tie; null unless it marks more than marked (textSnippet in
  // snippet.go).
  function textSnippet(toks, folds, keys, maxComp, n, before, marked) {
    var marks = windowMarks(toks, keys, maxComp, markRunes(keys), folds), best = 0, most = marked;
    marks.forEach(function (mk) {
      var st = snippetStart(toks, mk.start, before, n), c = unitCount(inWindow(marks, st, n));
      if (c > most) { best = st; most = c; }
    });
    if (most === marked) return null;
    var shifted = inWindow(marks, best, n).map(function (mk) {
      return { start: mk.start - best, end: mk.end - best, unit: mk.unit };
    });
    return segments(toks.slice(best, best + n), best, toks.length, shifted);
  }

  root.RensaiSearchText = {
    markRunes: markRunes,
    windowMarks: windowMarks,
    unitCount: unitCount,
    segments: segments,
    textSnippet: textSnippet,
    SPACE: SPACE, NUMBER: NUMBER, LATIN: LATIN, OTHER: OTHER, Reader: Reader,
    utf8Decode: utf8Decode,
    utf8Bytes: utf8Bytes,
    cps: cps,
    str: str,
    isSpace: isSpace,
    isDash: isDash,
    isKata: isKata,
    isKataOrChoon: isKataOrChoon,
    isHira: isHira,
    isKana: isKana,
    isKanji: isKanji,
    isLatin: isLatin,
    isDigit: isDigit,
    isWord: isWord,
    hasWord: hasWord,
    allKanji: allKanji,
    dropChoon: dropChoon,
    normalize: normalize,
    lowerLatin: lowerLatin,
    fold: fold,
    kindOf: kindOf,
    split: split,
    runeLen: runeLen,
    fnv32: fnv32,
    okuriVariants: okuriVariants,
    okuriRune: okuriRune,
    decodeIDs: decodeIDs,
    bsearch: bsearch,
    sortedNums: sortedNums,
    hashedTerm: hashedTerm,
    parseQuery: parseQuery,
    collapseKatakana: collapseKatakana
  };
})(typeof globalThis !== 'undefined' ? globalThis : this);
