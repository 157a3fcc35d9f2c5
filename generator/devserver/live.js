// rensai serve: live reload. Injected by the dev server into every HTML
// page it serves; never part of a built site.
//
// The server sends, on an EventSource stream:
//   hello {build, error}   on every (re)connection
//   build {build, change}  after a successful build
//   failure {build, error} after a failed build ("error" is taken by
//                          EventSource itself)
// change is {pages, css, removed, all}: URL paths inside the site.
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
  var eventsURL = me.dataset.events;
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

  // The page is gone: go to its series page, or to the home page.
  function leave(removed) {
    if (leaving) return;
    leaving = true;
    var base = basePath();
    var target = base;
    var nav = document.querySelector('.series-nav');
    var series = nav && nav.dataset.seriesUrl;
    if (series) target = base + series.replace(/^\/+/, '');
    // The theme may percent-encode the series URL; the server's lists are not.
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

  function showError(text) {
    var box = document.getElementById(overlayID);
    if (!box) {
      box = document.createElement('div');
      box.id = overlayID;
      box.setAttribute('role', 'alert');
      box.style.cssText = 'all:initial;position:fixed;inset:0;z-index:2147483647;overflow:auto;' +
        'background:rgba(20,20,24,.92);color:#f4f4f5;padding:2rem;box-sizing:border-box;' +
        'font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;';
      (document.body || document.documentElement).appendChild(box);
    }
    box.replaceChildren();
    var title = document.createElement('div');
    title.style.cssText = 'font-size:18px;font-weight:bold;color:#fca5a5;margin-bottom:1rem;';
    title.textContent = 'ビルドエラー';
    box.appendChild(title);
    var lines = String(text).split('\n');
    for (var i = 0; i < lines.length; i++) {
      var row = document.createElement('div');
      row.className = 'rensai-error-line';
      row.style.cssText = 'white-space:pre-wrap;margin:.25rem 0;';
      var m = /^(.+?:\d+(?::\d+)?):\s?(.*)$/.exec(lines[i]);
      if (m) {
        var where = document.createElement('strong');
        where.className = 'rensai-error-where';
        where.style.cssText = 'color:#fde68a;';
        where.textContent = m[1];
        row.appendChild(where);
        row.appendChild(document.createTextNode(': ' + m[2]));
      } else {
        row.textContent = lines[i];
      }
      box.appendChild(row);
    }
    var hint = document.createElement('div');
    hint.style.cssText = 'margin-top:1.5rem;color:#a1a1aa;';
    hint.textContent = isErrorPage
      ? 'ファイルを直して保存すると、自動で表示が更新されます。'
      : 'ファイルを直して保存すると、自動で再読み込みします。それまでは最後に成功したビルドを表示しています。';
    box.appendChild(hint);
  }

  function hideError() {
    var box = document.getElementById(overlayID);
    if (box) { box.remove(); return true; }
    return false;
  }

  function parse(e) {
    try { return JSON.parse(e.data); } catch (err) { return null; }
  }

  var stale = false; // the server's good build is newer than this page

  function onHello(e) {
    var d = parse(e);
    if (!d) return;
    if (d.build !== build) stale = true;
    if (d.error) showError(d.error);
    else if (hideError() || stale || isErrorPage) reload();
    if (leaving) return;
    state.connected = true;
    document.dispatchEvent(new CustomEvent('rensai:connected', { detail: { build: build } }));
  }

  function onBuild(e) {
    var d = parse(e);
    if (!d) return;
    var wasError = hideError();
    build = d.build;
    state.build = build;
    var c = d.change || {};
    var removed = c.removed || [];
    var pages = c.pages || [];
    if (page && removed.indexOf(page) >= 0) { leave(removed); return; }
    if (wasError || stale || isErrorPage || c.all || pages.indexOf(page) >= 0) { reload(); return; }
    // A "not found" page reloads when its page appears or 404.html changes.
    if (missing && (pages.indexOf(page + '/') >= 0 || pages.indexOf(basePath() + '404.html') >= 0)) { reload(); return; }
    if (c.css && c.css.length) swapCSS(c.css);
  }

  function onFailure(e) {
    var d = parse(e);
    if (d) showError(d.error);
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
