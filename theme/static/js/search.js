/* Search, page side: the header box on every page and the search page's results.
 *
 * Reads only data-* hooks and the JSON block #search-config (addresses and every
 * string shown). Never parses the index here: the worker (search-worker.js) does,
 * and answers with plain data that is put in the page with createElement and
 * text only. The header box fetches nothing until it gets the focus.
 */
(function () {
  "use strict";

  const MESSAGE = {
    SETUP: "SETUP",
    QUERY: "QUERY",
    RESULT: "RESULT",
    ERROR: "ERROR",
  };
  const TYPING_DELAY = 150;

  /** Warm the browser cache with the manifest (a query needs it first). */
  function prefetch(manifestAddress) {
    const manifestUrl = new URL(manifestAddress, document.baseURI);
    fetch(manifestUrl.href, { credentials: "same-origin" }).catch(() => {});
  }

  function initHeaderBoxes(onSearchPage) {
    document.querySelectorAll("[data-search-box]").forEach((form) => {
      const input = form.querySelector("input[name='q']");
      const manifest = form.getAttribute("data-search-manifest");
      if (!input || !manifest || onSearchPage) {
        return;
      }
      input.addEventListener("focus", () => prefetch(manifest), { once: true });
    });
  }

  function readConfig() {
    const block = document.getElementById("search-config");
    if (!block) {
      return null;
    }
    try {
      return JSON.parse(block.textContent);
    } catch (error) {
      return null;
    }
  }

  /** "{count} results" with its values; the result is only ever used as text. */
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, (whole, key) =>
      Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole
    );
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  /** `text` into `parent`, the [start, end] ranges wrapped in <mark>. */
  function appendMarked(parent, text, ranges) {
    let at = 0;
    (Array.isArray(ranges) ? ranges : []).forEach((range) => {
      const start = Number(range[0]);
      const end = Number(range[1]);
      if (!(start >= at && end > start && end <= text.length)) {
        return;
      }
      if (start > at) {
        parent.append(text.slice(at, start));
      }
      parent.append(element("mark", null, text.slice(start, end)));
      at = end;
    });
    if (at < text.length) {
      parent.append(text.slice(at));
    }
  }

  function initSearchPage(form, config) {
    const strings = config.strings || {};
    const input = form.querySelector("input[name='q']");
    const typeSelect = form.querySelector("select[name='type']");
    const yearSelect = form.querySelector("select[name='year']");
    const status = document.querySelector("[data-search-status]");
    const list = document.querySelector("[data-search-results]");
    const more = document.querySelector("[data-search-more]");
    const root = new URL(String(config.root || "/"), document.baseURI);
    const pageSize = Number(config.pageSize) || 20;
    const plural = new Intl.PluralRules(config.lang || "en");
    let limit = pageSize;
    let lastId = 0;
    let typing = 0;
    let failed = false;
    let focusFrom = -1;

    /** The status line; its data-state (busy, done, idle, error) is for tests. */
    function setStatus(text, state) {
      if (status.textContent !== text) {
        status.textContent = text;
      }
      status.setAttribute("data-state", state);
    }

    function fail() {
      failed = true;
      list.replaceChildren();
      more.hidden = true;
      setStatus(strings.error || "", "error");
    }

    let worker = null;
    try {
      worker = new Worker(String(config.worker));
    } catch (error) {
      fail();
      return;
    }

    function filters() {
      return {
        type: typeSelect ? typeSelect.value : "",
        year: yearSelect ? yearSelect.value : "",
      };
    }

    function selectValue(select, value) {
      if (select) {
        const known = Array.from(select.options).some((o) => o.value === value);
        select.value = known ? value : "";
      }
    }

    function readAddress() {
      const params = new URLSearchParams(window.location.search);
      input.value = params.get("q") || "";
      selectValue(typeSelect, params.get("type") || "");
      selectValue(yearSelect, params.get("year") || "");
    }

    function writeAddress(push) {
      const params = new URLSearchParams();
      const current = filters();
      if (input.value) {
        params.set("q", input.value);
      }
      if (current.type) {
        params.set("type", current.type);
      }
      if (current.year) {
        params.set("year", current.year);
      }
      const query = params.toString();
      const address = window.location.pathname + (query ? "?" + query : "");
      if (address !== window.location.pathname + window.location.search) {
        window.history[push ? "pushState" : "replaceState"](null, "", address);
      }
      keepQueryInLanguageSwitch();
    }

    /** The other languages' search pages get the same query and filters. */
    function keepQueryInLanguageSwitch() {
      document.querySelectorAll("a[data-keeps-query]").forEach((link) => {
        const target = new URL(link.href, document.baseURI);
        target.search = window.location.search;
        link.href = target.href;
      });
    }

    function run() {
      window.clearTimeout(typing);
      if (failed) {
        return;
      }
      lastId += 1;
      status.setAttribute("data-state", "busy");
      if (!input.value.trim()) {
        list.replaceChildren();
        more.hidden = true;
        setStatus(strings.prompt || "", "idle");
        return;
      }
      worker.postMessage({
        type: MESSAGE.QUERY,
        id: lastId,
        q: input.value,
        filters: filters(),
        limit: limit,
      });
    }

    function resultItem(result) {
      const item = element("li", "search-result");
      const heading = element("h2", "search-title");
      const link = element("a");
      const address = new URL(String(result.url || ""), root);
      if (address.protocol === "http:" || address.protocol === "https:") {
        link.href = address.href;
      }
      if (result.lang) {
        link.lang = String(result.lang);
      }
      appendMarked(link, String(result.title || ""), result.titleRanges);
      heading.append(link);
      const meta = element("p", "search-meta");
      const isDocument = result.type === "document";
      const type = isDocument && result.kind ? String(result.kind) : null;
      meta.append(
        element("span", "search-type", type || (isDocument ? strings.document : strings.article))
      );
      if (result.code) {
        meta.append(" · ", element("span", "search-code", String(result.code)));
      }
      if (isDocument) {
        const issuer = result.issuer ? String(result.issuer) : strings.issuerUnknown || "";
        meta.append(" · ", element("span", "search-issuer", issuer));
      }
      if (result.date) {
        const time = element("time", null, String(result.dateText || result.date));
        time.dateTime = String(result.date);
        meta.append(" · ", time);
      }
      item.append(heading, meta);
      if (result.snippet) {
        const text = element("p", "search-snippet");
        appendMarked(text, String(result.snippet), result.snippetRanges);
        item.append(text);
      }
      return item;
    }

    function render(message) {
      const results = Array.isArray(message.results) ? message.results : [];
      const count = Number(message.total) || 0;
      list.replaceChildren(...results.map(resultItem));
      more.hidden = count <= results.length;
      let text;
      if (!count) {
        const asked = Array.from(String(message.q || "").trim());
        const shown = asked.length > 60 ? asked.slice(0, 60).join("") + "\u2026" : asked.join("");
        text = fill(strings.noResults, { query: shown });
      } else {
        const template =
          plural.select(count) === "one" ? strings.resultOne : strings.resultOther;
        text = fill(template, { count: count.toLocaleString(config.lang || undefined) });
        if (message.partial) {
          text += " " + (strings.partial || "");
        }
      }
      if (!message.complete) {
        text += " " + (strings.loadingMore || "");
      }
      setStatus(text, message.complete ? "done" : "busy");
      if (focusFrom >= 0 && list.children[focusFrom]) {
        const link = list.children[focusFrom].querySelector("a");
        if (link) {
          link.focus();
        }
      }
      focusFrom = -1;
    }

    worker.addEventListener("message", (event) => {
      const message = event.data || {};
      if (message.type === MESSAGE.RESULT && message.id === lastId) {
        render(message);
      } else if (message.type === MESSAGE.ERROR) {
        fail();
      }
    });
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      fail();
    });

    input.addEventListener("input", () => {
      window.clearTimeout(typing);
      limit = pageSize;
      typing = window.setTimeout(() => {
        writeAddress(false);
        run();
      }, TYPING_DELAY);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      limit = pageSize;
      writeAddress(true);
      run();
    });
    [typeSelect, yearSelect].forEach((select) => {
      if (select) {
        select.addEventListener("change", () => {
          limit = pageSize;
          writeAddress(false);
          run();
        });
      }
    });
    more.addEventListener("click", () => {
      focusFrom = list.children.length;
      limit += pageSize;
      run();
    });
    window.addEventListener("popstate", () => {
      readAddress();
      keepQueryInLanguageSwitch();
      limit = pageSize;
      run();
    });

    worker.postMessage({
      type: MESSAGE.SETUP,
      manifest: new URL(String(config.manifest), document.baseURI).href,
    });
    readAddress();
    keepQueryInLanguageSwitch();
    if (input.value.trim()) {
      setStatus(strings.loading || "", "busy");
    }
    run();
  }

  function start() {
    const form = document.querySelector("[data-search-page]");
    const config = form ? readConfig() : null;
    initHeaderBoxes(Boolean(form));
    if (form && config) {
      initSearchPage(form, config);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
