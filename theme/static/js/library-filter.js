/* Document library: instant filtering and sorting (progressive enhancement).
 *
 * The page works without this file: kind and year pages are plain links. Here we
 * only reveal the filter form, hide the entries that do not match, reorder them,
 * and announce the count. The template talks to us through data-* attributes
 * and the JSON block #library-config (translated strings); no text lives here.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-library-filter]");
  var list = document.querySelector("[data-library-list]");
  var status = document.getElementById("library-count");
  var configBlock = document.getElementById("library-config");
  if (!form || !list || !status || !configBlock) {
    return;
  }
  var config = JSON.parse(configBlock.textContent);
  var items = Array.prototype.slice.call(list.querySelectorAll("[data-document]"));
  var collator = new Intl.Collator(document.documentElement.lang || undefined, {
    numeric: true,
    sensitivity: "base"
  });
  var FILTERS = ["kind", "issuer", "year", "field"];

  items.forEach(function (item, index) {
    item.libraryOrder = index; // the build's order: newest first, undated last
    try {
      item.libraryFields = JSON.parse(item.getAttribute("data-fields") || "[]");
    } catch (error) {
      item.libraryFields = [];
    }
  });

  function value(name) {
    var control = form.elements[name];
    return control ? control.value : "";
  }

  function matches(item, chosen) {
    return (
      (!chosen.kind || item.getAttribute("data-kind") === chosen.kind) &&
      (!chosen.issuer || item.getAttribute("data-issuer") === chosen.issuer) &&
      (!chosen.year || item.getAttribute("data-year") === chosen.year) &&
      (!chosen.field || item.libraryFields.indexOf(chosen.field) !== -1)
    );
  }

  /* Undated (or uncoded) entries go last in every order. */
  function lastIfEmpty(a, b, compare) {
    if (!a || !b) {
      return a ? -1 : b ? 1 : 0;
    }
    return compare(a, b);
  }

  var ORDERS = {
    newest: function (a, b) {
      return a.libraryOrder - b.libraryOrder;
    },
    oldest: function (a, b) {
      var result = lastIfEmpty(a.getAttribute("data-date"), b.getAttribute("data-date"),
        function (x, y) { return x < y ? -1 : x > y ? 1 : 0; });
      return result || b.libraryOrder - a.libraryOrder;
    },
    code: function (a, b) {
      var result = lastIfEmpty(a.getAttribute("data-code"), b.getAttribute("data-code"),
        collator.compare);
      return result || a.libraryOrder - b.libraryOrder;
    },
    title: function (a, b) {
      return collator.compare(a.getAttribute("data-title"), b.getAttribute("data-title")) ||
        a.libraryOrder - b.libraryOrder;
    }
  };

  function apply(announce) {
    var chosen = {};
    FILTERS.forEach(function (name) { chosen[name] = value(name); });
    var order = ORDERS[value("sort")] || ORDERS.newest;
    var shown = 0;
    items.slice().sort(order).forEach(function (item) {
      item.hidden = !matches(item, chosen);
      shown += item.hidden ? 0 : 1;
      list.appendChild(item);
    });
    if (announce) {
      status.textContent = shown ? config.shown.replace("{count}", String(shown)) : config.none;
    }
    remember();
  }

  /* The choice stays in the address, so a filtered list can be shared or reloaded. */
  function remember() {
    if (!window.history || !window.URLSearchParams) {
      return;
    }
    var params = new URLSearchParams();
    FILTERS.concat(["sort"]).forEach(function (name) {
      var chosen = value(name);
      if (chosen && !(name === "sort" && chosen === "newest")) {
        params.set(name, chosen);
      }
    });
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  function restore() {
    if (!window.URLSearchParams) {
      return false;
    }
    var params = new URLSearchParams(window.location.search);
    var restored = false;
    FILTERS.concat(["sort"]).forEach(function (name) {
      var control = form.elements[name];
      var wanted = params.get(name);
      if (control && wanted !== null) {
        Array.prototype.forEach.call(control.options, function (option) {
          if (option.value === wanted) {
            control.value = wanted;
            restored = true;
          }
        });
      }
    });
    return restored;
  }

  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    // the form's values are reset after this event: apply once they are
    window.setTimeout(function () { apply(true); }, 0);
  });
  form.hidden = false;
  if (restore()) {
    apply(true);
  }
})();
