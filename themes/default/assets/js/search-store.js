// rensai site search: the index files, the layer of the browser engine
// that reads them. It mirrors the file-reading half of query.go: the
// manifest, the vocabulary, posting and position shards, the document
// and metadata lines and the body files, each fetched once and kept
// parsed. search-engine.js builds the query algorithm on top of it; it
// needs search-text.js loaded first, and has no DOM.
// RensaiSearchStore.create(load, version) returns the store of one site
// whose files come from load(path) (see search-engine.js).
(function (root) {
  'use strict';
  var T = root.RensaiSearchText, Reader = T.Reader;
  var cps = T.cps, fnv32 = T.fnv32, hashedTerm = T.hashedTerm, bsearch = T.bsearch, decodeIDs = T.decodeIDs;

  function create(load, VERSION) {
    var files = {}, fetched = [], man = null;
    var vocab = {}, post = {}, pos = {}, shardOf = new Map(), bodies = new Map();

    function get(path) {
      if (!files[path]) {
        fetched.push(path);
        files[path] = Promise.resolve(load(path)).then(function (x) {
          if (/\.bin$/.test(path)) return x instanceof Uint8Array ? x : new Uint8Array(x);
          return String(x);
        });
        files[path].catch(function () { delete files[path]; });
      }
      return files[path];
    }

    function manifest() {
      if (!man) {
        man = get('search/manifest.json').then(function (t) {
          var m = JSON.parse(t);
          if (m.v !== VERSION || !/^[0-9a-f]{16}$/.test(m.root) || !(m.vocab > 0 && m.hashPost > 0 && m.hashPost <= m.post) || !(m.maxQuery > 0 && m.maxUnits > 0 && m.scoreScale > 0 && m.snipTokens > 0 && m.snipBefore >= 0)) throw new Error('search index version ' + m.v);
          m.seriesStarts = decodeIDs(m.series);
          return m;
        });
        man.catch(function () { man = null; });
      }
      return man;
    }

    // file is the path of an index file: every file but the manifest is
    // under the directory the manifest names (file in query.go).
    function file(m, name) { return 'search/' + m.root + '/' + name; }

    function vocabShard(m, i) {
      if (!vocab[i]) {
        vocab[i] = get(file(m, 'v/' + i + '.txt')).then(function (t) {
          var v = new Map();
          t.split('\n').forEach(function (line) {
            var f = line.split('\t');
            if (f.length < 3) return;
            var n = parseInt(f[2], 10);
            var e = { cost: parseInt(f[1], 10), stop: f[2] === 's', span: n > 1 ? n : 1, terms: [] };
            for (var k = 3; k + 1 < f.length; k += 2) {
              var t = f[k] === '' ? f[0] : f[k], sh = parseInt(f[k + 1], 36);
              if (!(sh >= 0 && sh < m.post)) throw new Error('damaged index file');
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

    // postShard reads posting shard i (postShard in query.go).
    function postShard(m, i) {
      if (!post[i]) {
        post[i] = get(file(m, 'p/' + i + '.bin')).then(function (b) {
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

    // posShard reads the positions of shard i (posShard in query.go).
    function posShard(m, i) {
      if (!pos[i]) {
        pos[i] = postShard(m, i).then(function () {
          return get(file(m, 'x/' + post[i].xh + '.bin'));
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

    function postBucket(m, term) {
      if (hashedTerm(term)) return fnv32(term) % m.hashPost;
      return shardOf.has(term) ? shardOf.get(term) : -1;
    }
    function postingList(m, term) {
      var b = postBucket(m, term);
      return b >= 0 && post[b] && post[b].map ? post[b].map.get(term) : undefined;
    }

    async function positions(m, term, d) {
      var b = postBucket(m, term);
      if (b < 0) return [];
      var pl = (await postShard(m, b)).get(term);
      if (!pl) return [];
      var i = bsearch(pl.docs, d);
      if (i >= pl.docs.length || pl.docs[i] !== d) return [];
      return (await posShard(m, b)).get(term)[i];
    }

    function lookup(m, key) {
      var v = vocab[cps(key)[0] % m.vocab];
      return v && v.map ? v.map.get(key) : undefined;
    }

    function docFile(m, d) { return file(m, 'd/' + Math.floor(d / m.docBlock) + '.txt'); }

    async function docLine(m, d) {
      var f = (await get(docFile(m, d))).split('\n')[d % m.docBlock];
      if (f === undefined) throw new Error('damaged index file');
      f = f.split('\t');
      if (f.length < 7 || f.length % 2 === 0) throw new Error('damaged index file');
      return f;
    }

    async function metaLine(m, d) {
      var f = (await get(file(m, 'm/' + Math.floor(d / m.metaBlock) + '.txt'))).split('\n')[d % m.metaBlock];
      if (f === undefined) throw new Error('damaged index file');
      f = f.split('\t');
      if (f.length !== 4) throw new Error('damaged index file');
      var r = { url: f[0], title: f[1], score: 0 };
      if (f[2]) r.partLabel = f[2];
      if (f[3]) r.date = f[3];
      return r;
    }

    // body resolves to document d's body file: its tokens, and each token
    // folded alone, decoded once per file.
    async function body(m, d) {
      var path = file(m, 't/' + d + '.bin'), b = await get(path), t = bodies.get(path);
      if (!t) {
        t = { toks: T.utf8Decode(b).split('\x1f') };
        t.folds = t.toks.map(function (x) { return T.fold(T.normalize(x)); });
        bodies.set(path, t);
      }
      return t;
    }

    // json resolves to the parsed index file name (the filter lists).
    async function json(m, name) { return JSON.parse(await get(file(m, name))); }

    return {
      manifest: manifest, vocabShard: vocabShard, postShard: postShard, postBucket: postBucket,
      postingList: postingList, positions: positions, lookup: lookup,
      docLine: docLine, metaLine: metaLine, body: body, json: json,
      fetched: function () { return fetched.slice(); }
    };
  }

  root.RensaiSearchStore = { create: create };
})(typeof globalThis !== 'undefined' ? globalThis : this);
