/**
 * @module `/embed.js`: one dependency-free classic script a site owner adds to any
 * page. It fills every `<div data-feed-embed="/tags/rss/feed.json">` with the latest
 * items of that JSON Feed (https://www.jsonfeed.org/version/1.1/), fetched with CORS
 * from the worker that served the script (or any absolute http(s) feed URL given).
 *
 * Safety: every string from the feed goes into the page through `textContent` and
 * attribute setters only, never `innerHTML`, so markup in a title is shown as text
 * and never parsed. Item links are kept only when they are http(s) URLs (no
 * `javascript:`), and open in a new tab with `rel="noopener"`.
 *
 * Progressive enhancement: the div's own content (e.g. a link to the feed) stays
 * until the feed has loaded, and stays for good if it fails
 * (`data-feed-embed-state="error"`). Optional `data-limit="1..50"` (default 5).
 * Markup produced, for host-page CSS:
 * `ul.feed-embed > li.feed-embed__item > a.feed-embed__title + time.feed-embed__date + p.feed-embed__summary`.
 *
 * Written as ES2017 for any current browser; kept as a string so the worker serves it
 * byte for byte. tests/browser runs it in Chromium.
 */
export const EMBED_SCRIPT = `/*! edge-feeds embed.js: fills <div data-feed-embed="/tags/x/feed.json"> from a JSON Feed. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script && script.src ? script.src : location.href;

  function httpUrl(value, relativeTo) {
    try {
      var url = new URL(String(value), relativeTo);
      return url.protocol === "https:" || url.protocol === "http:" ? url : null;
    } catch (_) {
      return null;
    }
  }

  function el(name, className, text) {
    var node = document.createElement(name);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function render(box, feed, feedUrl, limit) {
    var lang = (box.closest("[lang]") || document.documentElement).lang || undefined;
    var list = el("ul", "feed-embed");
    (Array.isArray(feed.items) ? feed.items : []).slice(0, limit).forEach(function (item) {
      var li = el("li", "feed-embed__item");
      var link = httpUrl(item.url, feedUrl);
      var title = typeof item.title === "string" && item.title ? item.title : link ? link.href : "Untitled";
      var a = el(link ? "a" : "span", "feed-embed__title", title);
      if (link) {
        a.setAttribute("href", link.href);
        a.setAttribute("target", "_blank");
        a.setAttribute("rel", "noopener");
      }
      li.appendChild(a);
      var date = new Date(item.date_published);
      if (!isNaN(date.getTime())) {
        var time = el("time", "feed-embed__date", " " + date.toLocaleDateString(lang, { year: "numeric", month: "short", day: "numeric" }));
        time.setAttribute("datetime", date.toISOString());
        li.appendChild(time);
      }
      if (typeof item.summary === "string" && item.summary) li.appendChild(el("p", "feed-embed__summary", item.summary));
      list.appendChild(li);
    });
    box.replaceChildren(list);
  }

  function fill(box) {
    if (box.hasAttribute("data-feed-embed-state")) return;
    var feedUrl = httpUrl(box.getAttribute("data-feed-embed"), base);
    var limit = Math.min(50, Math.max(1, parseInt(box.getAttribute("data-limit"), 10) || 5));
    box.setAttribute("data-feed-embed-state", feedUrl ? "loading" : "error");
    if (!feedUrl) return;
    feedUrl.searchParams.set("limit", String(limit));
    fetch(feedUrl.href, { mode: "cors", credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (feed) {
        render(box, feed, feedUrl.href, limit);
        box.setAttribute("data-feed-embed-state", "loaded");
      })
      .catch(function () {
        box.setAttribute("data-feed-embed-state", "error");
      });
  }

  function fillAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-feed-embed]"), fill);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fillAll);
  else fillAll();
})();
`;

export const EMBED_SCRIPT_CONTENT_TYPE = "text/javascript; charset=utf-8";
