"""The other names a reader may type for what a page shows, for the search index.

An actor is found by every spelling the sources print, a renamed claim by its
former ids. The generator writes them next to the pages (in the excluded
`includes/` folder, so MkDocs publishes nothing of it); the search index gives
each name the weight of an id (generator/site/search_index.py).
"""

from __future__ import annotations

import json

from generator.pages.layout import Layout, page_url
from generator.register.validate import Corpus


def search_names(corpus: Corpus, layout: Layout, cards: dict[str, str]) -> str:
    """JSON: site path (with anchor) -> the names that should find it first. `cards`: claim
    id -> the page of its card."""
    names: dict[str, list[str]] = {}
    for entity in corpus.entities.values():
        spellings = [entity.name, *(alias.name for alias in entity.aliases)]
        names[page_url(layout.actor(entity.id))] = list(dict.fromkeys(str(s) for s in spellings))
    for claim in corpus.claims.values():
        if claim.former_ids:
            names[f"{page_url(cards[claim.id])}#{claim.id}"] = [str(i) for i in claim.former_ids]
    return json.dumps(names, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
