// Copy-link buttons next to claims: Material's clipboard support copies the text in
// data-clipboard-text, so give each button the absolute URL of its data-permalink (the
// claim's lasting address), else of the link before it.
// Links to a claim or to a cited passage get their absolute URL too, in data-print-url,
// which the print stylesheet writes out after the link: on paper it is the way back.
// Runs on every page view, including Material's instant navigation (document$).
function resolvePermalinks() {
  document.querySelectorAll("button.permalink-copy").forEach((button) => {
    const anchor = button.previousElementSibling;
    const target = button.getAttribute("data-permalink") || (anchor instanceof HTMLAnchorElement && anchor.getAttribute("href"));
    if (target) {
      button.setAttribute("data-clipboard-text", new URL(target, location.href).href);
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

// A claim's lasting address is its anchor on the all-claims index (briefing/claims/#<id>);
// its card is on a topic page, which may change as the briefing grows. The index says where
// every id (and former id) is now, in the file its data-claim-anchors names: go there.
// Without scripts the link still lands on the index, which lists the claim.
// Read on every view of an index page, including after Material's instant navigation.
const claimAnchors = new Map();

function followClaimAnchor() {
  const index = document.querySelector("[data-claim-anchors]");
  const here = location.href;
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  // The index holds every id as an empty anchor, for links that MkDocs checks: go past those.
  if (!index || !id || (target && !index.contains(target))) {
    return;
  }
  const file = new URL(index.getAttribute("data-claim-anchors"), here).href;
  if (!claimAnchors.has(file)) {
    const targets = fetch(file).then((response) => (response.ok ? response.json() : {}));
    claimAnchors.set(file, targets.catch(() => ({})));
  }
  claimAnchors.get(file).then((targets) => {
    // Only if the reader is still where the link led.
    if (Object.hasOwn(targets, id) && location.href === here) {
      location.replace(new URL(targets[id], file).href);
    }
  });
}

if (typeof document$ !== "undefined") {
  document$.subscribe(followClaimAnchor);
  window.addEventListener("hashchange", followClaimAnchor);
} else {
  document.addEventListener("DOMContentLoaded", followClaimAnchor);
}
