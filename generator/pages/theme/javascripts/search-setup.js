// Material's search box, answered by the chunked index of generator/site/search_index.py.
// Material starts its search worker from the URL in #__config; this script, loaded just
// before Material's bundle reads that configuration, points it at search-worker.js.
(function () {
  const element = document.getElementById("__config");
  if (!element) {
    return;
  }
  const config = JSON.parse(element.textContent);
  config.search = `${config.base}/javascripts/search-worker.js`;
  element.textContent = JSON.stringify(config);
})();
