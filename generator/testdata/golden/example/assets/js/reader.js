// Reader features of the default theme: remembers where a reader stopped in
// each serial (part and scroll position, in localStorage) and offers to
// resume on the series page and the home page. Everything shown is set with
// textContent; nothing is sent anywhere.
(function () {
  "use strict";
  var KEY = "rensai:progress";
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  function load() {
    try { return JSON.parse(store.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(all) {
    try { store.setItem(KEY, JSON.stringify(all)); } catch (e) { /* storage full or disabled */ }
  }

  var nav = document.querySelector(".series-nav");
  if (nav) {
    var series = nav.dataset.seriesUrl;
    var part = parseInt(nav.dataset.part, 10);
    var label = document.querySelector(".series-parts [aria-current=page] .label");
    var h1 = document.querySelector("h1");
    var record = function () {
      var doc = document.documentElement;
      var max = doc.scrollHeight - window.innerHeight;
      var all = load();
      all[series] = {
        url: location.pathname,
        part: part,
        label: label ? label.textContent : "",
        title: h1 ? h1.textContent : document.title,
        ratio: max > 0 ? Math.min(1, Math.max(0, window.scrollY / max)) : 0,
        at: Date.now()
      };
      save(all);
    };
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      setTimeout(function () { pending = false; record(); }, 500);
    }, { passive: true });
    window.addEventListener("pagehide", record);
    record();
    // Coming back through a resume link: restore the scroll position.
    if (location.hash === "#resume") {
      var saved = load()[series];
      if (saved && saved.url === location.pathname) {
        var doc = document.documentElement;
        window.scrollTo(0, saved.ratio * (doc.scrollHeight - window.innerHeight));
      }
    }
  }

  document.querySelectorAll("[data-series-url]").forEach(function (el) {
    var box = el.querySelector(".resume");
    if (!box || el.classList.contains("series-nav")) return;
    var saved = load()[el.dataset.seriesUrl];
    if (!saved || !saved.url) return;
    var a = document.createElement("a");
    a.href = saved.url + "#resume";
    a.textContent = (box.dataset.text || "前回の続きから読む") + "：" + (saved.label || "") + " " + (saved.title || "");
    box.textContent = "";
    box.appendChild(a);
    box.hidden = false;
  });
})();
