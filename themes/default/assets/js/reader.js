// Reader features of the default theme. Every page reads fully without this
// script; with it, the reader gets:
//   - a bookmark per series (the furthest part read and the paragraph in
//     it), offered as 「続きから読む」 on the series page, the home page and
//     the series index, landing on the saved paragraph, and in the shelf
//     (読みかけの連載) of the home page and the series index;
//   - 既読 marks in every list of parts, unread counts and 新着 marks;
//   - ← and → between parts (mirrored in vertical writing);
//   - the headings box (この話の見出し), built from the text's headings;
//   - the share line: the device's share sheet, or links to X, LINE and
//     はてなブックマーク built from the canonical URL;
//   - the settings panel (size, spacing, typeface, colours, 縦書き), whose
//     choices the inline script in <head> applies before first paint.
// What a page is comes from its page-data block (#rensai-page), not from
// class names. Storage is localStorage only; text is set with textContent.
(function () {
  "use strict";
  var SETTINGS = "rensai:settings", STATE = "rensai:reader";
  var SESSION_GAP = 30 * 60 * 1000; // a visit ends after half an hour away
  var doc = document.documentElement;
  var store = null;
  try { store = window.localStorage; store.getItem(STATE); } catch (e) { store = null; }

  function readJSON(key) {
    if (!store) return {};
    try { var v = JSON.parse(store.getItem(key) || "{}"); return v && typeof v === "object" ? v : {}; } catch (e) { return {}; }
  }
  function writeJSON(key, v) {
    if (!store) return;
    try { store.setItem(key, JSON.stringify(v)); } catch (e) { /* full or disabled */ }
  }
  var page = {};
  try { page = JSON.parse(document.getElementById("rensai-page").textContent) || {}; } catch (e) { page = {}; }
  var panel = document.getElementById("reader-settings");
  var text = (panel && panel.dataset) || {};
  // say is a string of strings.toml, from the panel's data-s-* attributes:
  // 既読 and 新着 on every page, the resume strings only on pages with a
  // resume box (not on a part without the other series), and the message
  // of 読書履歴を消去 in the panel's form itself.
  function say(key) { return text[key] || ""; }

  // state: {bookmarks: {seriesURL: {part, url, label, para, done, next, title, at}},
  //         read: {seriesURL: {partURL: 1}}, visit: {at, day, last}}
  var state = readJSON(STATE);
  state.bookmarks = state.bookmarks || {};
  state.read = state.read || {};
  var visit = state.visit || {};
  var now = Date.now(), today = isoDay(new Date(now));
  if (!visit.at || now - visit.at > SESSION_GAP) { if (visit.day) visit.last = visit.day; }
  visit.at = now; visit.day = today;
  state.visit = visit;
  function save() { writeJSON(STATE, state); }
  save();

  function isoDay(d) {
    var m = d.getMonth() + 1, day = d.getDate();
    return d.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (day < 10 ? "0" : "") + day;
  }
  function isRead(url) {
    for (var s in state.read) if (Object.prototype.hasOwnProperty.call(state.read, s) && state.read[s][url]) return true;
    return false;
  }
  function isNew(date, url) { return !!(visit.last && date && date > visit.last && !isRead(url)); }
  function badge(cls, label) {
    var b = document.createElement("span");
    b.className = cls;
    b.textContent = label;
    return b;
  }
  function path(a) { try { return new URL(a.href, location.href).pathname; } catch (e) { return ""; } }

  // ---- Reading a part: bookmark, read mark, keys ----
  var series = page.series, textBox = document.querySelector("[data-reader-text]");
  // seriesTitle is the series' title for the shelf (読みかけの連載): in the
  // series page's block, and for a part in its series' parts file.
  var seriesTitle = (series && typeof series.title === "string" && series.title) || "";
  function keepTitle(title) {
    var bm = series && state.bookmarks[series.url];
    if (typeof title !== "string" || !title) return;
    seriesTitle = title;
    if (bm && bm.title !== title) { bm.title = title; save(); }
  }
  var vertical = function () { return doc.getAttribute("data-writing") === "vertical"; };

  function blocks() { return textBox ? Array.prototype.slice.call(textBox.children) : []; }
  // firstVisible is the index of the first block of the text, in reading
  // order, that shows in the viewport (and in the text box when it scrolls).
  function firstVisible() {
    var list = blocks(), box = textBox.getBoundingClientRect();
    var top = Math.max(0, box.top), bottom = Math.min(window.innerHeight, box.bottom);
    var left = Math.max(0, box.left), right = Math.min(window.innerWidth, box.right);
    for (var i = 0; i < list.length; i++) {
      var r = list[i].getBoundingClientRect();
      if (r.bottom > top && r.top < bottom && r.right > left && r.left < right) return i;
    }
    return -1;
  }
  function endVisible() {
    var list = blocks();
    if (!list.length) return true;
    var r = list[list.length - 1].getBoundingClientRect(), box = textBox.getBoundingClientRect();
    // The end of the text is on screen or already scrolled past.
    if (vertical()) return r.left >= Math.max(0, box.left) - 1 && box.top < window.innerHeight;
    return r.bottom <= window.innerHeight + 1;
  }

  function record(userScrolled) {
    if (!series || !page.part || !textBox) return;
    var key = series.url, bm = state.bookmarks[key];
    var done = endVisible();
    if (done) {
      state.read[key] = state.read[key] || {};
      state.read[key][page.url] = 1;
    }
    var para = Math.max(0, firstVisible());
    if (!bm || page.part > bm.part) {
      bm = { part: page.part, url: page.url, label: page.label || "", para: para, done: done, title: (bm && bm.title) || seriesTitle };
    } else if (page.part === bm.part && userScrolled) {
      bm.para = para;
      bm.done = bm.done || done;
    } else if (page.part === bm.part) {
      bm.done = bm.done || done;
    } else {
      save();
      return; // a glance at an earlier part keeps the bookmark
    }
    bm.next = page.next ? { url: page.next.url, label: page.next.label || "" } : null;
    bm.at = Date.now();
    state.bookmarks[key] = bm;
    save();
  }

  function restore() {
    if (location.hash !== "#resume" || !series || !textBox) return;
    var bm = state.bookmarks[series.url];
    if (bm && bm.url === page.url) {
      var el = blocks()[bm.para];
      if (el) el.scrollIntoView({ block: "start", inline: "start" });
    }
    if (history.replaceState) history.replaceState(null, "", location.pathname + location.search);
  }

  // startReading restores a resumed position, then follows the reader.
  function startReading() {
    if (!series || !page.part || !textBox) return;
    if (vertical()) uprightShortRuns(textBox);
    restore();
    record(false);
    var pending = false;
    var onScroll = function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; record(true); });
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    textBox.addEventListener("scroll", onScroll, { passive: true });
  }

  // onKey: ← and → between parts; in vertical text they turn the page first.
  function onKey(e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    var t = e.target;
    // Fields and scrolling blocks use the arrows themselves; a button does
    // not (focus is on 表示設定 after its panel closes).
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || (t.closest && t.closest("pre, table")))) return;
    var forward = (e.key === "ArrowRight") !== vertical();
    if (vertical() && textBox) {
      // Turn the page first; move to the next part at the end of the text.
      var max = textBox.scrollWidth - textBox.clientWidth, x = Math.abs(textBox.scrollLeft);
      if (forward ? x < max - 1 : x > 1) {
        var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        textBox.scrollBy({ left: (forward ? -1 : 1) * textBox.clientWidth * 0.9, behavior: still ? "auto" : "smooth" });
        e.preventDefault();
        return;
      }
    }
    var link = forward ? page.next : page.prev;
    if (link && link.url) { e.preventDefault(); location.href = link.url; }
  }

  // uprightShortRuns sets runs of one to three ASCII digits, or one or two
  // Latin letters, upright in vertical text (縦中横).
  function uprightShortRuns(root) {
    if (root.getAttribute("data-tcy") === "1") return;
    root.setAttribute("data-tcy", "1");
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest("pre, code, kbd, samp, table, .tcy") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [], n;
    while ((n = walker.nextNode())) nodes.push(n);
    var run = /(^|[^\x21-\x7e])([0-9]{1,3}|[A-Za-z!?]{1,2})(?=[^\x21-\x7e]|$)/g;
    nodes.forEach(function (node) {
      var s = node.nodeValue, m, last = 0, frag = null;
      run.lastIndex = 0;
      while ((m = run.exec(s))) {
        frag = frag || document.createDocumentFragment();
        var start = m.index + m[1].length;
        frag.appendChild(document.createTextNode(s.slice(last, start)));
        frag.appendChild(badge("tcy", m[2]));
        last = start + m[2].length;
        run.lastIndex = last;
      }
      if (!frag) return;
      frag.appendChild(document.createTextNode(s.slice(last)));
      node.parentNode.replaceChild(frag, node);
    });
  }

  // markLists marks 既読 and 新着 in every list of parts below root.
  function markLists(root, parts) {
    var dates = {};
    (parts || []).forEach(function (p) { dates[p.url] = p.date; });
    root.querySelectorAll("[data-reader-list] li").forEach(function (li) {
      var a = li.querySelector("a[href]");
      if (!a) return;
      var url = path(a), time = li.querySelector("time[datetime]");
      var date = dates[url] || (time && time.getAttribute("datetime").slice(0, 10));
      if (isRead(url)) {
        li.classList.add("is-read");
        a.appendChild(badge("mark-read", say("sRead")));
      } else if (isNew(date, url)) {
        a.appendChild(badge("mark-new", say("sNew")));
      }
    });
  }

  // loadParts shows a part's list of every part (全N話の一覧, the label in
  // the navigation's data-reader-parts) from its series' parts file
  // (parts.json beside the series page, one per series, not repeated in
  // every part). Without the script there is no box: 目次 leads to the list.
  function loadParts() {
    var nav = document.querySelector("[data-reader-parts]");
    if (!nav || !series || typeof series.url !== "string" || !window.fetch) return;
    fetch(series.url + "parts.json", { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (data) {
      keepTitle(data && data.title);
      var parts = (data && data.parts) || [];
      var box = document.createElement("details"), summary = document.createElement("summary"), list = document.createElement("ol");
      box.className = "series-all";
      list.className = "series-parts";
      list.setAttribute("data-reader-list", "");
      summary.textContent = nav.getAttribute("data-reader-parts");
      parts.forEach(function (p) {
        if (typeof p.url !== "string" || p.url.charAt(0) !== "/") return;
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = p.url;
        if (p.url === page.url) a.setAttribute("aria-current", "page");
        a.appendChild(badge("label", String(p.label || "")));
        if (p.title) a.appendChild(document.createTextNode(" " + p.title));
        // rensai serve shows drafts and future parts marked, as the pages do.
        if (p.draft && say("sDraft")) a.appendChild(badge("badge badge-draft", say("sDraft")));
        if (p.future && say("sFuture")) a.appendChild(badge("badge badge-future", say("sFuture")));
        li.appendChild(a);
        list.appendChild(li);
      });
      if (!list.firstChild) return;
      box.appendChild(summary);
      box.appendChild(list);
      markLists(box, parts);
      nav.appendChild(box);
    }).catch(function () { /* the 目次 link still leads to every part */ });
  }

  // resumeLink is 「続きから読む: 続編⑦」 for the series key, or null.
  function resumeLink(key, latest) {
    var bm = state.bookmarks[key];
    if (!bm || !bm.url) return null;
    var href, label;
    if (!bm.done) {
      href = bm.url + "#resume"; label = bm.label;
    } else {
      var next = bm.next;
      (page.series && page.series.url === key ? page.parts || [] : []).forEach(function (p) {
        if (!next && p.part > bm.part) next = { url: p.url, label: p.label };
      });
      if (next) { href = next.url; label = next.label; }
      else if (latest && latest.part > bm.part) { href = key; label = say("sResumeNew"); }
      else return null;
    }
    // Only a path of the site: storage is the reader's, not the site's.
    if (typeof href !== "string" || href.charAt(0) !== "/" || href.charAt(1) === "/") return null;
    var a = document.createElement("a");
    a.href = href;
    a.textContent = say("sResume").replace("{label}", label || "");
    return a;
  }
  function unread(key, total) {
    var read = state.read[key], n = 0;
    for (var u in read) if (Object.prototype.hasOwnProperty.call(read, u)) n++;
    return Math.max(0, total - n);
  }
  function fill(box, key, latest, total) {
    if (!box) return;
    var link = resumeLink(key, latest);
    box.textContent = "";
    if (link) box.appendChild(link);
    if (state.bookmarks[key] && total) {
      var left = unread(key, total);
      box.appendChild(document.createTextNode(" "));
      box.appendChild(badge("mark-read", left ? say("sUnread").replace("{n}", String(left)) : say("sDone")));
    }
    box.hidden = !box.firstChild;
  }

  // showShelf lists, in the shelf of the home page and the series index
  // (読みかけの連載), the series the reader has a place to go on from,
  // most recently read first: a link to the series and the resume link.
  function showShelf() {
    var box = document.querySelector("[data-reader-shelf]"), list = box && box.querySelector("ol");
    if (!list) return;
    var max = parseInt(box.getAttribute("data-max"), 10) || 5, keys = [];
    for (var key in state.bookmarks) {
      var bm = state.bookmarks[key];
      if (Object.prototype.hasOwnProperty.call(state.bookmarks, key) && key.charAt(0) === "/" && key.charAt(1) !== "/" && bm &&
          typeof bm.title === "string" && bm.title) keys.push(key);
    }
    keys.sort(function (a, b) { return (state.bookmarks[b].at || 0) - (state.bookmarks[a].at || 0); });
    keys.forEach(function (key) {
      var link = list.children.length < max && resumeLink(key, null);
      if (!link) return;
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = key;
      a.className = "shelf-title";
      a.textContent = state.bookmarks[key].title;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link);
      list.appendChild(li);
    });
    box.hidden = !list.firstChild;
  }

  // showResume fills the resume slots of the series page and series cards.
  function showResume() {
    if (page.kind === "series" && page.series) {
      keepTitle(page.series.title);
      var last = (page.parts || [])[(page.parts || []).length - 1];
      fill(document.querySelector("[data-reader-resume]:not([data-reader-series] *)"), page.series.url, last, page.series.total);
    }
    document.querySelectorAll("[data-reader-series]").forEach(function (card) {
      var d = card.dataset, key = d.readerSeries;
      var latest = d.latestUrl ? { url: d.latestUrl, part: parseInt(d.latestPart, 10), label: d.latestLabel } : null;
      fill(card.querySelector("[data-reader-resume]"), key, latest, parseInt(d.total, 10));
      var title = card.querySelector(".card-title");
      if (title && latest && isNew(d.updated, latest.url)) title.appendChild(badge("mark-new", say("sNew")));
    });
  }

  // startSettings adds the settings control (表示設定, after the site
  // title; pages do not carry a button that works only with the script);
  // the panel's form is one shared file (data-src), loaded the first time
  // the reader opens it. The inline script in <head> applies the stored
  // choices on every page before first paint.
  function startSettings() {
    var title = document.querySelector(".site-title");
    if (!panel || !title || !store) return;
    var toggle = document.createElement("button"), loading = false;
    toggle.className = "settings-toggle";
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", panel.id);
    toggle.textContent = say("sToggle");
    title.parentNode.insertBefore(toggle, title.nextSibling);
    toggle.addEventListener("click", function () {
      if (!panel.firstElementChild) {
        if (!loading) { loading = true; loadPanel(function () { loading = false; if (panel.firstElementChild) openPanel(toggle, true); }); }
        return;
      }
      openPanel(toggle, panel.hidden);
    });
  }
  function openPanel(toggle, open) {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) { var first = panel.querySelector("input:checked"); if (first) first.focus(); }
  }
  // loadPanel fetches the panel's form, takes the first element of its
  // body (the theme's own markup, escaped when it was built) and wires it.
  function loadPanel(done) {
    var src = panel.getAttribute("data-src");
    if (!src || !window.fetch || !window.DOMParser) { done(); return; }
    fetch(src, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.text();
    }).then(function (html) {
      var form = new DOMParser().parseFromString(html, "text/html").body.firstElementChild;
      if (form && !panel.firstElementChild) {
        // The empty, hidden box carries no role until it holds the form.
        panel.setAttribute("role", "group");
        panel.setAttribute("aria-labelledby", "reader-settings-title");
        panel.appendChild(document.importNode(form, true));
        wirePanel();
      }
      done();
    }).catch(function () { done(); });
  }
  function wirePanel() {
    var toggle = document.querySelector(".settings-toggle");
    var defaults = { size: "m", leading: "normal", font: "gothic", theme: "system", writing: "horizontal" };
    var settings = readJSON(SETTINGS);
    panel.querySelector("[data-reader-close]").addEventListener("click", function () { openPanel(toggle, false); toggle.focus(); });
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { openPanel(toggle, false); toggle.focus(); } });
    panel.querySelectorAll("input[type=radio]").forEach(function (input) {
      var value = settings[input.name] || defaults[input.name];
      input.checked = input.value === value;
      input.addEventListener("change", function () {
        if (!input.checked) return;
        settings[input.name] = input.value;
        if (input.value === defaults[input.name]) { delete settings[input.name]; doc.removeAttribute("data-" + input.name); }
        else doc.setAttribute("data-" + input.name, input.value);
        writeJSON(SETTINGS, settings);
        if (input.name === "writing" && input.value === "vertical" && textBox) uprightShortRuns(textBox);
      });
    });
    panel.querySelector("[data-reader-clear]").addEventListener("click", function () {
      state = { bookmarks: {}, read: {}, visit: { at: Date.now(), day: today } };
      save();
      document.querySelectorAll(".mark-read, .mark-new").forEach(function (b) { b.remove(); });
      document.querySelectorAll(".is-read").forEach(function (li) { li.classList.remove("is-read"); });
      document.querySelectorAll("[data-reader-resume]").forEach(function (box) { box.textContent = ""; box.hidden = true; });
      var status = panel.querySelector(".settings-status");
      status.textContent = status.getAttribute("data-s-cleared") || "";
    });
  }

  // buildTOC fills the headings box from the text's own h2-h4 headings (the
  // page does not repeat them): their ids and text without ruby readings.
  // The closed box shows from the first paint when scripts run (the "js"
  // class of the inline script) and not at all without them, so nothing
  // moves.
  function buildTOC() {
    var box = document.querySelector("[data-reader-toc]"), list = box && box.querySelector("ol");
    if (!list || !textBox) return;
    textBox.querySelectorAll("h2[id], h3[id], h4[id]").forEach(function (h) {
      var copy = h.cloneNode(true), li = document.createElement("li"), a = document.createElement("a");
      copy.querySelectorAll("rt, rp").forEach(function (r) { r.remove(); });
      li.className = "toc-" + h.tagName.charAt(1);
      a.href = "#" + h.id;
      a.textContent = copy.textContent.trim();
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  // startShare fills the share line (この話を共有) from the page's
  // canonical URL: on a touch screen whose browser has a share sheet
  // (navigator.share; on a phone LINE, X and はてなブックマーク are apps in
  // it) the label becomes one button that opens it; elsewhere, desktops
  // included (their system sheet has no はてなブックマーク), links to X, LINE
  // and はてなブックマーク (their names from the line's data attributes)
  // follow the label. Without the script the line is not shown (the
  // stylesheet hides it without the "js" class of the inline script); the
  // address bar shares the page.
  var SHARE = [["x", "https://twitter.com/intent/tweet?url="], ["line", "https://social-plugins.line.me/lineit/share?url="],
    ["hatena", "https://b.hatena.ne.jp/add?mode=confirm&url="]];
  function startShare() {
    var box = document.querySelector("[data-reader-share]"), label = box && box.querySelector(".share-label");
    if (!box) return;
    var canonical = document.querySelector('link[rel="canonical"]');
    var url = canonical ? canonical.href : location.href.split("#")[0];
    if (navigator.share && window.matchMedia && window.matchMedia("(pointer: coarse)").matches) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "share-button";
      b.textContent = label ? label.textContent : "";
      b.addEventListener("click", function () { navigator.share({ title: document.title, url: url }).catch(function () { /* closed */ }); });
      if (label) box.replaceChild(b, label); else box.appendChild(b);
      return;
    }
    SHARE.forEach(function (s) {
      var name = box.getAttribute("data-" + s[0]);
      if (!name) return;
      var a = document.createElement("a");
      a.href = s[1] + encodeURIComponent(url);
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = name;
      box.appendChild(a);
    });
  }

  buildTOC();
  startShare();
  startReading();
  document.addEventListener("keydown", onKey);
  markLists(document, page.parts);
  loadParts();
  showResume();
  showShelf();
  startSettings();
})();
