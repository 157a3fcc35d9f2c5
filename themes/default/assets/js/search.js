// rensai site search: the page half. The engine (search-text.js,
// search-store.js and search-engine.js, no DOM) runs the same algorithm
// as generator/search; this script loads it, fetches index files for it,
// and shows its answers on the search page and in the header's search
// box. Content text is only ever put into the page with textContent.
(function () {
  'use strict';
  if (window.rensaiSearch) return;

  var doc = document;
  var base = doc.documentElement.dataset.base || '/';
  var here = doc.currentScript ? doc.currentScript.src : base + 'assets/js/search.js';
  // Results come five serials or articles at a time (a phone screen's
  // worth; each may list more parts), the next five on scrolling.
  var LIMIT = 5, BOX_LIMIT = 5;

  // gunzip resolves to the bytes of a .bin file, decompressed unless a
  // server already did (then it does not start like gzip).
  function gunzip(buf) {
    var b = new Uint8Array(buf);
    if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return Promise.resolve(b);
    var ds = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(ds).arrayBuffer().then(function (a) { return new Uint8Array(a); });
  }

  function load(path) {
    return fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path + ': ' + r.status);
      return /\.bin$/.test(path) ? r.arrayBuffer().then(gunzip) : r.text();
    });
  }

  // The engine's three files sit beside this one; they load in order.
  function script(name) {
    return new Promise(function (resolve, reject) {
      var s = doc.createElement('script');
      s.src = here.replace(/search\.js(\?.*)?$/, name);
      s.async = false;
      s.onload = resolve;
      s.onerror = reject;
      doc.head.appendChild(s);
    });
  }
  var engine = Promise.all([script('search-text.js'), script('search-store.js'), script('search-engine.js')]).then(function () {
    return window.RensaiSearchEngine.create(load);
  });
  engine.catch(function () {});

  function query(q, opts) { return engine.then(function (e) { return e.query(q, opts); }); }

  window.rensaiSearch = {
    query: query,
    ready: engine,
    normalize: function (s) { return window.RensaiSearchEngine.normalize(s); },
    fold: function (s) { return window.RensaiSearchEngine.fold(s); },
    fetched: function () { return loaded ? loaded.fetched() : []; },
    url: function (u) { return base + String(u).replace(/^\//, ''); }
  };
  var loaded = null;
  engine.then(function (e) { loaded = e; });

  // ---- strings (from strings.toml, on the search stylesheet's link) -------

  function strings() {
    var s = doc.getElementById('rensai-search-strings');
    return s ? s.dataset : {};
  }
  function fill(msg, vals) {
    return String(msg || '').replace(/\{(\w+)\}/g, function (m, k) { return vals[k] !== undefined ? vals[k] : m; });
  }
  // notice says what a response holds: missing words, a partial match,
  // or the count.
  function notice(resp, ds) {
    var words = function (a) { return (a || []).join(ds.msgWordSep || '』『'); };
    if (resp.total === 0) return resp.missing ? fill(ds.msgAbsent, { words: words(resp.missing) }) : ds.msgEmpty;
    if (resp.partial) return fill(ds.msgPartial, { n: resp.total, missing: words(resp.missing), found: words(resp.found) });
    if (resp.missing) return fill(ds.msgMissing, { n: resp.total, missing: words(resp.missing), found: words(resp.found) });
    return fill(ds.msgCount, { n: resp.total });
  }

  // ---- rendering -------------------------------------------------------------

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function link(r, cls) {
    var a = el('a', cls);
    a.href = window.rensaiSearch.url(r.url);
    if (r.partLabel) a.appendChild(el('span', 'search-result-label', r.partLabel));
    // A part without a title of its own is named by its serial's title.
    a.appendChild(doc.createTextNode(r.title || r.series || ''));
    return a;
  }

  function snippet(r) {
    var p = el('p', 'search-result-snippet');
    (r.segments || []).forEach(function (s) {
      p.appendChild(s.mark ? el('mark', '', s.text) : doc.createTextNode(s.text));
    });
    return p;
  }

  // renderResult shows one group: the best part (its serial's title once),
  // then the serial's other matching parts behind a disclosure.
  function renderResult(r, ds, full) {
    var li = el('li', 'search-result');
    li.appendChild(link(r, 'search-result-title'));
    var meta = el('p', 'search-result-meta');
    if (r.series && r.title) meta.appendChild(el('span', 'search-result-series', r.series));
    if (r.date) meta.appendChild(el('time', 'search-result-date', r.date));
    if (meta.firstChild) li.appendChild(meta);
    if (full && r.segments) li.appendChild(snippet(r));
    if (r.othersTotal) {
      var more = fill(ds.msgOthers, { n: r.othersTotal });
      if (!full) { li.appendChild(el('p', 'search-result-others', more)); return li; }
      // The other parts are read when the reader opens the list.
      var det = el('details', 'search-result-others');
      det.appendChild(el('summary', '', more));
      var ol = el('ul');
      det.appendChild(ol);
      det.addEventListener('toggle', function () {
        if (!det.open || ol.firstChild) return;
        engine.then(function (e) { return e.others(r.otherIds || []); }).then(function (os) {
          if (ol.firstChild) return;
          os.forEach(function (o) {
            var item = el('li');
            item.appendChild(link(o));
            if (o.date) item.appendChild(el('time', 'search-result-date', o.date));
            ol.appendChild(item);
          });
        });
      });
      li.appendChild(det);
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

  // ---- the search page ---------------------------------------------------------

  // The search page: results as you type, filters, address kept in sync.
  function initPage(root) {
    var form = root.querySelector('form'), input = root.querySelector('input[name=q]');
    var seriesSel = root.querySelector('select[name=series]'), tagSel = root.querySelector('select[name=tag]');
    var status = root.querySelector('.search-status'), list = root.querySelector('.search-results');
    var ds = Object.assign({}, strings(), root.dataset), params = new URLSearchParams(location.search), seq = 0;
    input.value = params.get('q') || '';
    var want = { series: params.get('series') || '', tag: params.get('tag') || '' };

    // The next results load when the end of the list scrolls into view,
    // so a query fetches only what is shown.
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
      if (!q.trim()) { list.textContent = ''; status.textContent = ''; return; }
      if (!keep) status.textContent = ds.msgLoading || '';
      query(q, opts).then(function (resp) {
        if (mine !== seq) return;
        var rs = resp.results || [];
        list.textContent = '';
        rs.forEach(function (r) { list.appendChild(renderResult(r, ds, true)); });
        status.textContent = notice(resp, ds);
        var groups = rs.reduce(function (n, r) { return n + 1 + (r.othersTotal || 0); }, 0);
        if (resp.total > groups && rs.length === shown && watcher) {
          list.appendChild(more);
          watcher.observe(more);
        }
      }, function () {
        if (mine === seq) status.textContent = ds.msgError || '';
      });
    }

    function fillLists(ff) {
      if (seriesSel) {
        var sv = seriesSel.value || want.series;
        ff.series.forEach(function (s) { seriesSel.appendChild(option(s[0], s[1])); });
        seriesSel.value = sv;
      }
      if (tagSel) {
        var tv = tagSel.value || want.tag, groups = {};
        // Each taxonomy's terms under its own name (タグ, 派遣先, ...): the
        // page has an empty group per taxonomy; one without terms goes.
        Array.prototype.forEach.call(tagSel.querySelectorAll('optgroup[data-tax]'), function (g) { groups[g.getAttribute('data-tax')] = g; });
        ff.tax.forEach(function (t) { (groups[t[0]] || tagSel).appendChild(option(t[0] + ':' + t[1], t[1])); });
        Object.keys(groups).forEach(function (k) { if (!groups[k].firstChild) groups[k].remove(); });
        tagSel.value = tv.indexOf(':') >= 0 || !tv ? tv : 'tags:' + tv;
      }
    }

    // The lists of series and tags are filled when first used (or at once
    // when the address names a filter), so a plain query does not fetch
    // them.
    var filled = null;
    function lists() {
      if (!filled) {
        filled = engine.then(function (e) { return e.filters(); }).then(fillLists);
        filled.catch(function () { filled = null; });
      }
      return filled;
    }
    [seriesSel, tagSel].forEach(function (s) {
      if (!s) return;
      ['focus', 'pointerdown', 'mousedown'].forEach(function (ev) { s.addEventListener(ev, lists); });
    });
    (want.series || want.tag ? lists() : Promise.resolve()).then(function () { run(); }, function () { status.textContent = ds.msgError || ''; });
    input.addEventListener('input', debounce(function () { run(); }, 200));
    [seriesSel, tagSel].forEach(function (s) { if (s) s.addEventListener('change', function () { run(); }); });
    form.addEventListener('submit', function (ev) { ev.preventDefault(); run(); });
  }

  // ---- the header box: an ARIA combobox ---------------------------------------

  var boxes = 0;

  // initBox turns a search form's input into a combobox whose list of
  // results floats over the page (the header keeps its layout): arrows
  // move through the results, Enter opens the chosen one (or the search
  // page when none is chosen), Escape closes the list.
  function initBox(form) {
    var input = form.querySelector('input[name=q]');
    if (!input) return;
    var ds = strings(), id = 'rensai-search-box-' + (++boxes), seq = 0, active = -1;
    var list = el('ul', 'site-search-results');
    list.id = id;
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    form.classList.add('search-box');
    form.appendChild(list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', id);
    input.setAttribute('aria-expanded', 'false');
    function options() { return list.querySelectorAll('[role=option]'); }
    function choose(i) {
      var os = options();
      active = i < 0 || !os.length ? -1 : i % os.length;
      Array.prototype.forEach.call(os, function (o, k) { o.setAttribute('aria-selected', String(k === active)); });
      if (active >= 0) input.setAttribute('aria-activedescendant', os[active].id);
      else input.removeAttribute('aria-activedescendant');
    }
    function close() {
      list.hidden = true;
      list.textContent = '';
      input.setAttribute('aria-expanded', 'false');
      choose(-1);
    }
    input.addEventListener('input', debounce(function () {
      var q = input.value, mine = ++seq, opts = { limit: BOX_LIMIT, noText: true };
      var series = form.querySelector('input[name=series]');
      if (series) opts.series = series.value;
      if (!q.trim()) { close(); return; }
      query(q, opts).then(function (resp) {
        if (mine !== seq) return;
        list.textContent = '';
        (resp.results || []).forEach(function (r, i) {
          var li = renderResult(r, ds, false);
          li.id = id + '-' + i;
          li.setAttribute('role', 'option');
          li.setAttribute('aria-selected', 'false');
          list.appendChild(li);
        });
        var n = el('li', 'site-search-notice', notice(resp, ds));
        n.setAttribute('role', 'presentation');
        list.appendChild(n);
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        choose(-1);
      }, close);
    }, 200));
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') { close(); return; }
      if (list.hidden) return;
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        ev.preventDefault();
        var n = options().length;
        choose(ev.key === 'ArrowDown' ? (active + 1) % n : (active <= 0 ? n : active) - 1);
      } else if (ev.key === 'Enter' && active >= 0) {
        ev.preventDefault();
        location.href = options()[active].querySelector('a').href;
      }
    });
    // A press on the list keeps the focus in the box, so that the box's
    // blur means the reader left it.
    list.addEventListener('mousedown', function (ev) { ev.preventDefault(); });
    input.addEventListener('blur', close);
  }

  function init() {
    var page = doc.getElementById('rensai-search');
    if (page) initPage(page);
    Array.prototype.forEach.call(doc.querySelectorAll('form.site-search, form.series-search'), initBox);
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
