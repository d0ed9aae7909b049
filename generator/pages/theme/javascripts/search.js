// Search: German words found in any inflection, and a name for the search dialog.
//
// German search that finds inflected words. Material appends "*" to every search
// term (prefix search), and lunr skips the stemmer for terms with a wildcard; the
// German index holds stems only ("bericht"), so "Berichten*" found nothing. Each
// plain word is therefore also sent with a neutral boost ("berichten^1"), which
// Material leaves without "*", so lunr stems it and matches the indexed stem.
// The query reaches Material's search worker as a message of type 2.
(function () {
  const SEARCH_QUERY = 2;
  const WORD = /^[\p{L}\p{N}]{2,}$/u;

  function withStems(query) {
    if (query.includes('"')) {
      return query; // a phrase search: leave it exactly as typed
    }
    return query
      .split(/\s+/)
      .map((term) => (WORD.test(term) ? `${term} ${term}^1` : term))
      .join(" ");
  }

  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === SEARCH_QUERY && typeof message.data === "string") {
      message = Object.assign({}, message, { data: withStems(message.data) });
    }
    return post.call(this, message, ...rest);
  };
})();

// The search overlay is a dialog; screen readers announce it by the name of the
// search field (Material's own translation, e.g. "Suche").
(function () {
  const dialog = document.querySelector(".md-search[role=dialog]");
  const field = document.querySelector(".md-search__input");
  if (dialog && field && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", field.getAttribute("placeholder") || field.getAttribute("aria-label") || "");
  }
})();
