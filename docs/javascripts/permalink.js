// Copy-link buttons next to claims: Material's clipboard support copies the text in
// data-clipboard-text, so give each button the absolute URL of the link before it.
// Links to a claim or to a cited passage get their absolute URL too, in data-print-url,
// which the print stylesheet writes out after the link: on paper it is the way back.
// Runs on every page view, including Material's instant navigation (document$).
function resolvePermalinks() {
  document.querySelectorAll("button.permalink-copy").forEach((button) => {
    const anchor = button.previousElementSibling;
    if (anchor instanceof HTMLAnchorElement) {
      button.setAttribute("data-clipboard-text", new URL(anchor.getAttribute("href"), location.href).href);
    }
  });
  document.querySelectorAll("a.claim-link, a.passage-link").forEach((link) => {
    link.setAttribute("data-print-url", link.href);
  });
}

if (typeof document$ !== "undefined") {
  document$.subscribe(resolvePermalinks);
} else {
  document.addEventListener("DOMContentLoaded", resolvePermalinks);
}
