// rensai serve: live reload. Injected by the dev server into every HTML
// page it serves; never part of a built site.
//
// The server sends, on an EventSource stream:
//   hello {build, failed, problems, strings}  on every (re)connection
//   build {build, change, problems}           after a successful build
//                                             (with early: true, the open
//                                             page alone, before it ends)
//   failure {build, problems}                 after a failed build ("error"
//                                             is taken by EventSource itself)
// change is {pages, css, removed, all}: URL paths inside the site. A page
// in pages is fetched again and merged in place when it can be (see
// update), else reloaded.
// problems are [{path, line, column, message, severity, excerpt}], excerpt
// {start, lines}: the source lines around the problem. strings are the
// overlay's words in the author's language. Everything is shown with
// textContent: nothing the server sends becomes markup.
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || window.rensaiLive) return;
  // The page's side of the connection, for tests and the curious:
  // connected is true once the server's hello has arrived and the page did
  // not have to reload for it, so from then on it hears of every build.
  var state = { connected: false, build: me.dataset.build || '' };
  window.rensaiLive = state;

  var page = me.dataset.page || '';
  var build = me.dataset.build || '';
  var isErrorPage = me.dataset.error === '1';
  var missing = me.dataset.missing === '1'; // served 404.html for page
  // The stream says which page listens, so the server renders it first.
  var eventsURL = me.dataset.events + (page ? '?page=' + encodeURIComponent(page) : '');
  var scrollKey = 'rensai:scroll:' + location.pathname;
  var overlayID = 'rensai-build-error';

  function basePath() {
    var b = document.documentElement.dataset.base || me.dataset.base || '/';
    if (b.charAt(0) !== '/') b = '/' + b;
    if (b.charAt(b.length - 1) !== '/') b += '/';
    return b;
  }

  // Restore the scroll position saved before a reload.
  (function () {
    var saved;
    try {
      saved = sessionStorage.getItem(scrollKey);
      sessionStorage.removeItem(scrollKey);
    } catch (e) { return; }
    if (!saved) return;
    var pos = saved.split(',');
    var restore = function () { window.scrollTo(Number(pos[0]) || 0, Number(pos[1]) || 0); };
    if (document.readyState === 'complete') restore();
    else window.addEventListener('load', restore, { once: true });
  })();

  var leaving = false;
  function reload() {
    if (leaving) return;
    leaving = true;
    try {
      sessionStorage.setItem(scrollKey, window.scrollX + ',' + window.scrollY);
    } catch (e) { /* private mode: reload without keeping the position */ }
    location.reload();
  }

  // In-place updates. When a build changed this page and nothing else it
  // uses, the new page is fetched from this server and merged into the
  // live document instead of reloading it, so the edit shows without a
  // navigation (and without running the page's scripts again). The merge
  // is three-way: served is the page as first served (copied before the
  // theme's deferred scripts ran), twins maps each served node to the live
  // node it became, and only what differs between the served page and the
  // new one is applied, so what scripts added to the live page stays.
  // Anything the merge cannot express (a changed script, a changed
  // stylesheet link, a node a script removed) falls back to a reload. The
  // markup merged is the page's own, fetched from this origin; the event
  // stream's data never becomes markup.
  var served = null, twins = null;
  function snapshot() {
    if (!document.head || !document.body || typeof DOMParser !== 'function') return;
    served = { head: document.head.cloneNode(true), body: document.body.cloneNode(true) };
    twins = new Map();
    pairAll(served.head, document.head, twins);
    pairAll(served.body, document.body, twins);
  }
  snapshot();

  // pairAll records that the nodes of b are the twins of those of a, node
  // for node (a and b are alike).
  function pairAll(a, b, map) {
    map.set(a, b);
    for (var x = a.firstChild, y = b.firstChild; x && y; x = x.nextSibling, y = y.nextSibling) pairAll(x, y, map);
  }

  // carry gives each node of b, which equals the served a, the live twin
  // of its counterpart in a (the live nodes may have gained children).
  function carry(a, b, next) {
    next.set(b, twins.get(a));
    for (var x = a.firstChild, y = b.firstChild; x && y; x = x.nextSibling, y = y.nextSibling) carry(x, y, next);
  }

  // fixed: nodes whose change the merge cannot apply (the page reloads).
  function fixed(n) {
    if (n.nodeType !== 1) return false;
    if (n.nodeName === 'LINK' || n.nodeName === 'BASE') return true;
    if (n.nodeName !== 'SCRIPT') return false;
    var type = (n.getAttribute('type') || '').toLowerCase();
    return type !== 'application/json' && type !== 'application/ld+json';
  }

  // ownScript is this script's tag, which carries the build id and so
  // differs in every page served.
  function ownScript(n) {
    return n.nodeType === 1 && n.nodeName === 'SCRIPT' && (n.getAttribute('src') || '').indexOf(scriptSrc) === 0;
  }
  var scriptSrc = (me.getAttribute('src') || '').split('?')[0] || '/__rensai/live.js';

  // hasFixed: n is, or holds, a node whose change needs a reload.
  function hasFixed(n) {
    if (n.nodeType !== 1) return false;
    if (fixed(n)) return !ownScript(n);
    var inner = n.querySelectorAll('script, link, base');
    for (var i = 0; i < inner.length; i++) if (fixed(inner[i]) && !ownScript(inner[i])) return true;
    return false;
  }

  // merge applies to the live twin of the served node a what changed in b,
  // recording b's twins in next; false if it cannot.
  function merge(a, b, next) {
    var live = twins.get(a);
    if (!live || !live.isConnected || a.nodeType !== b.nodeType || a.nodeName !== b.nodeName) return false;
    if (a.isEqualNode(b)) { carry(a, b, next); return true; }
    next.set(b, live);
    if (a.nodeType === 3 || a.nodeType === 8) { live.data = b.data; return true; }
    if (a.nodeType !== 1 || ownScript(a) !== ownScript(b) || (fixed(a) && !ownScript(a))) return false;
    var i;
    for (i = 0; i < b.attributes.length; i++) {
      var at = b.attributes[i];
      if (a.getAttribute(at.name) !== at.value) live.setAttribute(at.name, at.value);
    }
    for (i = 0; i < a.attributes.length; i++) {
      if (!b.hasAttribute(a.attributes[i].name)) live.removeAttribute(a.attributes[i].name);
    }
    return mergeChildren(a, b, live, next);
  }

  // mergeChildren merges the children of the served a into live, whose
  // new form is b's: the equal runs at both ends are kept, the changed
  // middle merged pairwise where alike, removed or inserted where not.
  function mergeChildren(a, b, live, next) {
    var as = a.childNodes, bs = b.childNodes;
    var start = 0, ea = as.length, eb = bs.length, i;
    while (start < ea && start < eb && as[start].isEqualNode(bs[start])) start++;
    while (ea > start && eb > start && as[ea - 1].isEqualNode(bs[eb - 1])) { ea--; eb--; }
    for (i = 0; i < start; i++) if (!merge(as[i], bs[i], next)) return false;
    for (i = ea; i < as.length; i++) if (!merge(as[i], bs[i - ea + eb], next)) return false;
    var anchor = ea < as.length ? twins.get(as[ea]) : null;
    for (i = start; i < Math.max(ea, eb); i++) {
      var x = i < ea ? as[i] : null, y = i < eb ? bs[i] : null;
      if (x && y && x.nodeName === y.nodeName) {
        if (!merge(x, y, next)) return false;
        continue;
      }
      if ((x && hasFixed(x)) || (y && hasFixed(y))) return false;
      var old = x ? twins.get(x) : null;
      if (x && (!old || !old.isConnected)) return false;
      if (y) {
        var made = document.importNode(y, true);
        pairAll(y, made, next);
        if (old) live.insertBefore(made, old);
        else if (anchor && anchor.parentNode === live) live.insertBefore(made, anchor);
        else live.appendChild(made);
      }
      if (old) old.remove();
    }
    return true;
  }

  // update fetches this page as built now and merges it in; it reloads
  // when that fails. Updates run one at a time, the last one winning.
  var updating = false, again = false;
  function update() {
    if (updating) { again = true; return; }
    if (!served) { reload(); return; }
    updating = true;
    // The header tells the server the page has its build (see Rebuild).
    fetch(location.pathname + location.search, { cache: 'no-store', credentials: 'same-origin', headers: { 'X-Rensai-Update': '1' } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (text) {
        if (leaving) return;
        var doc = new DOMParser().parseFromString(text, 'text/html');
        var next = new Map();
        if (!merge(served.head, doc.head, next) || !merge(served.body, doc.body, next)) { reload(); return; }
        served = { head: doc.head, body: doc.body };
        twins = next;
        state.updates = (state.updates || 0) + 1;
        document.dispatchEvent(new CustomEvent('rensai:updated', { detail: { build: build } }));
        reportShown();
      })
      .catch(function () { reload(); })
      .then(function () {
        updating = false;
        if (again && !leaving) { again = false; update(); }
      });
  }

  // reportShown tells the server, once the merged page has been painted
  // (the frame after the next animation frame), that the update shows: a
  // build holds the rest of its pages until then, so that they do not
  // take the CPU from this page (the server stops waiting after a while
  // anyway, e.g. in a background tab, where frames do not run).
  var shownURL = String(me.dataset.events || '').replace(/events$/, 'shown');
  function reportShown() {
    if (!shownURL || typeof requestAnimationFrame !== 'function') return;
    requestAnimationFrame(function () {
      setTimeout(function () {
        fetch(shownURL, { method: 'POST', cache: 'no-store', credentials: 'same-origin' }).catch(function () {});
      }, 0);
    });
  }

  // pageData is the page's data block, written by the generator into every
  // page whatever the theme (see generator/pagedata.go), or null.
  function pageData() {
    var el = document.getElementById('rensai-page');
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  // The page is gone: go to its series page, or to the home page.
  function leave(removed) {
    if (leaving) return;
    leaving = true;
    var base = basePath();
    var target = base;
    var data = pageData();
    var series = data && data.series && data.series.url;
    // Only a path inside the site: never another host ("//host/").
    if (typeof series === 'string' && series.indexOf(base) === 0 && series.charAt(1) !== '/') target = series;
    // The block may percent-encode the series URL; the server's lists are not.
    var plain = target;
    try { plain = decodeURI(target); } catch (e) { /* keep it as it is */ }
    if (plain === page || removed.indexOf(plain) >= 0) target = base;
    location.assign(target);
  }

  function decodedPath(url) {
    try { return decodeURI(url.pathname); } catch (e) { return url.pathname; }
  }

  // Swap changed stylesheets for fresh copies; the old one goes when the
  // new one has loaded, so the page never shows unstyled.
  function swapCSS(paths) {
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    for (var i = 0; i < links.length; i++) {
      var old = links[i];
      var url = new URL(old.href, location.href);
      if (url.origin !== location.origin || paths.indexOf(decodedPath(url)) < 0) continue;
      url.searchParams.set('rensai', build);
      var fresh = old.cloneNode(false);
      fresh.href = url.href;
      var done = (function (o) { return function () { o.remove(); }; })(old);
      fresh.addEventListener('load', done, { once: true });
      fresh.addEventListener('error', done, { once: true });
      old.after(fresh);
    }
  }

  // The overlay's words; every hello brings them in the author's language.
  var words = { errors: 'Build error', warnings: 'Warnings', close: 'Close', hint: '', hintErrorPage: '' };
  var dismissKey = 'rensai:dismissed';

  // signature identifies a list of problems: a closed overlay stays closed
  // (over reloads too) until the problems change.
  function signature(list) {
    var parts = [];
    for (var i = 0; i < list.length; i++) {
      var p = list[i];
      parts.push([p.severity, p.path, p.line, p.column, p.message]);
    }
    return JSON.stringify(parts);
  }

  function el(tag, className, css, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (css) e.style.cssText = css;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function where(p) {
    var w = p.path || '';
    if (p.path && p.line) w += ':' + p.line + (p.column ? ':' + p.column : '');
    return w;
  }

  // excerptBlock shows the source lines around a problem, numbered, with
  // the offending line marked.
  function excerptBlock(p) {
    var ex = p.excerpt;
    var pre = el('div', 'rensai-excerpt', 'margin:.5rem 0 0;padding:.5rem 0;background:rgba(0,0,0,.35);border-radius:4px;overflow-x:auto;');
    for (var i = 0; i < ex.lines.length; i++) {
      var n = ex.start + i;
      var hit = n === p.line;
      var row = el('div', hit ? 'rensai-excerpt-line rensai-excerpt-hit' : 'rensai-excerpt-line',
        'white-space:pre;padding:0 .75rem;' + (hit ? 'background:rgba(248,113,113,.25);' : 'color:#a1a1aa;'));
      row.dataset.line = String(n);
      row.appendChild(el('span', 'rensai-excerpt-number', 'display:inline-block;min-width:3em;color:#71717a;user-select:none;', String(n)));
      row.appendChild(el('span', 'rensai-excerpt-text', '', ex.lines[i]));
      pre.appendChild(row);
    }
    return pre;
  }

  // showProblems shows the build's problems: errors over the whole page,
  // warnings alone in a panel at the bottom. An empty list hides it.
  function showProblems(list, failed) {
    list = list || [];
    if (!list.length) { hideProblems(); return; }
    var sig = signature(list);
    var dismissed = null;
    try { dismissed = sessionStorage.getItem(dismissKey); } catch (e) { /* private mode */ }
    if (dismissed === sig) { hideProblems(); return; }
    var box = document.getElementById(overlayID);
    if (!box) {
      box = document.createElement('div');
      box.id = overlayID;
      (document.body || document.documentElement).appendChild(box);
    }
    box.setAttribute('role', failed ? 'alert' : 'status');
    box.dataset.kind = failed ? 'error' : 'warning';
    box.style.cssText = 'all:initial;position:fixed;z-index:2147483647;overflow:auto;box-sizing:border-box;' +
      'background:rgba(20,20,24,.94);color:#f4f4f5;padding:1.25rem 1.5rem;' +
      'font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;' +
      (failed ? 'inset:0;' : 'left:0;right:0;bottom:0;max-height:40vh;border-top:3px solid #fbbf24;');
    box.replaceChildren();
    var head = el('div', '', 'display:flex;align-items:center;gap:1rem;margin-bottom:.75rem;');
    head.appendChild(el('div', 'rensai-overlay-title', 'flex:1;font-size:18px;font-weight:bold;color:' + (failed ? '#fca5a5' : '#fde68a') + ';',
      failed ? words.errors : words.warnings));
    var close = el('button', 'rensai-overlay-close', 'all:initial;cursor:pointer;font:inherit;color:#f4f4f5;border:1px solid #71717a;border-radius:4px;padding:.2rem .75rem;', words.close);
    close.type = 'button';
    close.addEventListener('click', function () {
      try { sessionStorage.setItem(dismissKey, sig); } catch (e) { /* private mode */ }
      hideProblems();
    });
    head.appendChild(close);
    box.appendChild(head);
    for (var i = 0; i < list.length; i++) {
      var p = list[i];
      var item = el('div', 'rensai-problem', 'margin:.75rem 0;');
      item.dataset.severity = p.severity;
      var line = el('div', 'rensai-error-line', 'white-space:pre-wrap;');
      var w = where(p);
      if (w) {
        line.appendChild(el('strong', 'rensai-error-where', 'color:' + (p.severity === 'warning' ? '#fde68a' : '#fca5a5') + ';', w));
        line.appendChild(document.createTextNode(': '));
      }
      line.appendChild(el('span', 'rensai-error-message', '', p.message));
      item.appendChild(line);
      if (p.excerpt && p.excerpt.lines && p.excerpt.lines.length) item.appendChild(excerptBlock(p));
      box.appendChild(item);
    }
    if (failed) box.appendChild(el('div', 'rensai-overlay-hint', 'margin-top:1.5rem;color:#a1a1aa;', isErrorPage ? words.hintErrorPage : words.hint));
  }

  function hideProblems() {
    var box = document.getElementById(overlayID);
    if (box) { box.remove(); return true; }
    return false;
  }

  // failing: the server's latest build failed, as this page last heard
  // (whether or not the overlay was closed).
  var failing = false;

  function parse(e) {
    try { return JSON.parse(e.data); } catch (err) { return null; }
  }

  var stale = false; // the server's good build is newer than this page
  // earlyBuild is the build that showed this page before it ended (an
  // early build message): its own message then names the page again.
  var earlyBuild = '';

  function onHello(e) {
    var d = parse(e);
    if (!d) return;
    if (d.strings) words = d.strings;
    if (d.build !== build) stale = true;
    var wasFailing = failing;
    failing = !!d.failed;
    if (failing) showProblems(d.problems, true);
    else if (wasFailing || stale || isErrorPage) reload();
    else showProblems(d.problems, false);
    if (leaving) return;
    state.connected = true;
    document.dispatchEvent(new CustomEvent('rensai:connected', { detail: { build: build } }));
  }

  function onBuild(e) {
    var d = parse(e);
    if (!d) return;
    var wasError = failing;
    failing = false;
    build = d.build;
    state.build = build;
    var c = d.change || {};
    var removed = c.removed || [];
    var pages = c.pages || [];
    if (page && removed.indexOf(page) >= 0) { leave(removed); return; }
    if (wasError || stale || isErrorPage || c.all) { reload(); return; }
    if (pages.indexOf(page) >= 0) {
      // Only this page changed with it (no stylesheet): update in place.
      if (c.css && c.css.length) reload();
      else if (d.early || d.build !== earlyBuild) update();
      if (d.early) earlyBuild = d.build;
      showProblems(d.problems, false);
      return;
    }
    // A "not found" page reloads when its page appears or 404.html changes.
    if (missing && (pages.indexOf(page + '/') >= 0 || pages.indexOf(basePath() + '404.html') >= 0)) { reload(); return; }
    if (c.css && c.css.length) swapCSS(c.css);
    showProblems(d.problems, false);
  }

  function onFailure(e) {
    var d = parse(e);
    if (!d) return;
    failing = true;
    showProblems(d.problems, true);
  }

  var source = null;
  function connect() {
    source = new EventSource(eventsURL);
    source.addEventListener('hello', onHello);
    source.addEventListener('build', onBuild);
    source.addEventListener('failure', onFailure);
    source.onerror = function () {
      state.connected = false;
      // The browser retries by itself while the stream is CONNECTING; a
      // CLOSED stream (the server answered with an error) needs a new one.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);
      }
    };
  }
  // Connect once the page has loaded: a reconnect is the server's sign that
  // a reloaded page is done and the rest of a build (the search index) may
  // take the CPU. The hello message carries the current build, so a build
  // that finished meanwhile is not missed.
  if (document.readyState === 'complete') connect();
  else window.addEventListener('load', connect, { once: true });
  window.addEventListener('pagehide', function () { if (source) source.close(); });
  window.addEventListener('pageshow', function (e) { if (e.persisted) connect(); });
})();
