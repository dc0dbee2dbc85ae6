/* The page's few behaviours, each working without this file too.
 *
 * - The header's "Menu" and "Search" links open their panel (#site-menu,
 *   #site-search) through :target without JavaScript; here they become toggle
 *   buttons (aria-expanded, Escape closes, focus moves into the search box).
 * - "Copy link" copies the page's address; without JavaScript it is a plain link
 *   to the page. Its messages come from the page (data-copied, data-not-copied).
 * - A printed page says when it was printed (print.css shows the line).
 * No text lives here: every string shown comes from the page.
 */
(function () {
  "use strict";

  function toggles() {
    const links = Array.from(document.querySelectorAll("a[data-toggle]"));
    const panels = links.map((link) => document.getElementById(link.getAttribute("data-toggle")));

    function setOpen(index, open) {
      links.forEach((link, other) => {
        const isOpen = other === index && open;
        link.setAttribute("aria-expanded", isOpen ? "true" : "false");
        if (panels[other]) {
          panels[other].classList.toggle("is-open", isOpen);
        }
      });
    }

    links.forEach((link, index) => {
      const panel = panels[index];
      if (!panel) {
        return;
      }
      link.setAttribute("role", "button");
      link.setAttribute("aria-controls", panel.id);
      link.setAttribute("aria-expanded", "false");
      const toggle = (event) => {
        event.preventDefault();
        const open = link.getAttribute("aria-expanded") !== "true";
        setOpen(index, open);
        if (open) {
          const field = panel.querySelector("input[type='search']");
          if (field) {
            field.focus();
          }
        }
      };
      link.addEventListener("click", toggle);
      link.addEventListener("keydown", (event) => {
        if (event.key === " ") {
          toggle(event);
        }
      });
    });

    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") {
        return;
      }
      const index = links.findIndex((link) => link.getAttribute("aria-expanded") === "true");
      if (index >= 0) {
        setOpen(index, false);
        links[index].focus();
      }
    });
  }

  function copyLinks() {
    document.querySelectorAll("a[data-copy-link]").forEach((link) => {
      const status = document.querySelector("[data-copy-status]");
      link.addEventListener("click", (event) => {
        if (!navigator.clipboard || !window.isSecureContext) {
          return; // the plain link: the reader copies the address
        }
        event.preventDefault();
        navigator.clipboard.writeText(link.href).then(
          () => {
            if (status) {
              status.textContent = status.getAttribute("data-copied") || "";
            }
          },
          () => {
            if (status) {
              status.textContent = status.getAttribute("data-not-copied") || "";
            }
          }
        );
      });
    });
  }

  function printDate() {
    const lang = document.documentElement.lang || undefined;
    const options =
      lang === "en"
        ? { day: "numeric", month: "long", year: "numeric" }
        : { day: "2-digit", month: "2-digit", year: "numeric" };
    const fill = () => {
      const text = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, options).format(
        new Date()
      );
      document.querySelectorAll("[data-print-date]").forEach((node) => {
        node.textContent = text;
      });
      document.documentElement.classList.add("has-print-date");
    };
    window.addEventListener("beforeprint", fill);
    fill();
  }

  function start() {
    toggles();
    copyLinks();
    printDate();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
