// Search: a name for the search dialog (the index and its worker: generator/site/search_index.py).
//
// The search overlay is a dialog; screen readers announce it by the name of the
// search field (Material's own translation, e.g. "Suche").
(function () {
  const dialog = document.querySelector(".md-search[role=dialog]");
  const field = document.querySelector(".md-search__input");
  if (dialog && field && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", field.getAttribute("placeholder") || field.getAttribute("aria-label") || "");
  }
})();
