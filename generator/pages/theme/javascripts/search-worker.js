// Material's search worker, answered from the Pagefind index (generator/site/search_index.py).
//
// Material's search box talks to its worker in four messages: SETUP (the index config)
// is answered with READY, each QUERY (the text typed) with a RESULT: a list of pages,
// each a list of documents (the page, then its sections) with a score and the words
// matched, which Material passes on as ?h= for the landing page's highlight.
// Pagefind fetches only the index chunks of the words typed and the fragments of the
// results shown. It runs as WebAssembly: the page's content security policy must allow
// 'wasm-unsafe-eval' (scripts stay 'self').
const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;

const FETCHED = 20; // results whose fragments are fetched for one query
const EXCERPT = 24; // words shown around the first match
// A claim's, source's or actor's id ranks what it names first; titles next.
const RANKING = { metaWeights: { key: 20, title: 5, page: 1 } };
const EXACT = 1000; // the boost of a record whose id is the whole query

const siteRoot = new URL("../", self.location.href).href;
let engine = null;
let latest = 0;

function pagefind() {
  if (engine === null) {
    engine = import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (module) => {
      await module.options({ excerptLength: EXCERPT, ranking: RANKING });
      await module.init();
      return module;
    });
  }
  return engine;
}

// "12 000" is one figure: joined, it matches "12.000", "12,000" and "12000" alike,
// which the index holds as one word.
function normalize(query) {
  return query.replace(/(\d)[\s\u00a0\u202f]+(?=\d{3}(?!\d))/g, "$1").trim();
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Words as the index compares them: without accents, case or inner punctuation.
function fold(word) {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

// The parts of a word a reader may have typed: "seoul-erwartet" has two; "12.000" is one.
function parts(word) {
  return word
    .split(/[^\p{L}\p{N}.,]+/u)
    .map((part) => part.replace(/^[.,]+|[.,]+$/g, ""))
    .filter(Boolean);
}

// Whether a word of the page answers a typed word: the same beginning (the stem, roughly),
// so "Berichten" answers "Bericht", "Zürich" answers "Zurich", "12.000" answers "12000".
function answers(word, typed) {
  const folded = fold(word);
  return typed.some((t) => folded.startsWith(t.slice(0, Math.max(4, t.length - 3))) || t.startsWith(folded));
}

// The words of a record's text at Pagefind's match locations, as the page spells them:
// Material hands them to the landing page (?h=), which marks them.
function matchedWords(words, locations, typed) {
  const found = new Map();
  for (const at of locations) {
    for (const part of parts(words[at] || "")) {
      if (answers(part, typed) && !found.has(part.toLowerCase())) {
        found.set(part.toLowerCase(), part);
      }
    }
  }
  return [...found.values()];
}

function excerpt(words, locations) {
  const marked = new Set(locations);
  const first = locations.length ? Math.min(...locations) : 0;
  const start = Math.max(0, Math.min(first - 4, words.length - EXCERPT));
  const shown = words.slice(start, start + EXCERPT).map((word, i) => {
    const text = escapeHtml(word);
    return marked.has(start + i) ? `<mark>${text}</mark>` : text;
  });
  return `<p>${start > 0 ? "… " : ""}${shown.join(" ")}${start + EXCERPT < words.length ? " …" : ""}</p>`;
}

function sitePath(url) {
  const absolute = new URL(url, siteRoot).href;
  return absolute.startsWith(siteRoot) ? absolute.slice(siteRoot.length) : absolute;
}

function documentOf(hit, typed, fallbackTerms, exact) {
  const { data } = hit;
  // Typing an id or a name of the record exactly finds it first.
  const keys = (data.meta.key || "").split("\n").map(fold);
  const score = keys.includes(exact) ? hit.score * EXACT : hit.score;
  const words = data.content.split(/\s+/).filter(Boolean);
  const locations = (data.locations || []).filter((at) => at < words.length);
  const titleWords = (data.meta.title || "").split(/\s+/);
  const matched = matchedWords([...words, ...titleWords], [...locations, ...titleWords.map((_, i) => words.length + i)], typed);
  const terms = Object.fromEntries((matched.length ? matched : fallbackTerms).map((word) => [word, true]));
  return {
    location: sitePath(data.url),
    page: data.meta.page || "",
    title: escapeHtml(data.meta.title || data.meta.page || ""),
    text: excerpt(words, locations),
    score,
    terms,
  };
}

// Material's result list: one item per page, the page first, then its sections, best first.
function group(documents) {
  const pages = new Map();
  for (const doc of documents) {
    const path = doc.location.split("#")[0];
    if (!pages.has(path)) {
      pages.set(path, []);
    }
    pages.get(path).push(doc);
  }
  const items = [...pages.entries()].map(([path, docs]) => {
    docs.sort((a, b) => b.score - a.score);
    // The landing page marks every word found on it, whichever section matched.
    const terms = Object.assign({}, ...docs.map((doc) => doc.terms));
    for (const doc of docs) {
      doc.terms = terms;
    }
    const best = docs[0].score;
    const own = docs.findIndex((doc) => doc.location === path);
    const page = own >= 0 ? docs.splice(own, 1)[0] : { location: path, title: escapeHtml(docs[0].page), text: "", terms };
    return [{ ...page, score: best }, ...docs];
  });
  return items.sort((a, b) => b[0].score - a[0].score);
}

async function search(query) {
  const text = normalize(query);
  if (!text) {
    return { items: [] };
  }
  const engine = await pagefind();
  const found = await engine.search(text);
  if (!found || !found.results) {
    return { items: [] };
  }
  const hits = await Promise.all(
    found.results.slice(0, FETCHED).map(async (result) => ({ score: result.score, data: await result.data() })),
  );
  const typed = text.split(/\s+/).flatMap(parts);
  const folded = typed.map(fold).filter(Boolean);
  const exact = fold(text);
  return { items: group(hits.map((hit) => documentOf(hit, folded, typed, exact))) };
}

self.addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === SETUP) {
    // Load the search module and the index's word list now, not on the first keystroke;
    // the chunks of the words and the results' fragments come with each query.
    pagefind();
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const id = ++latest;
    const result = await search(message.data);
    if (id === latest) {
      self.postMessage({ type: RESULT, data: result });
    }
  }
});
