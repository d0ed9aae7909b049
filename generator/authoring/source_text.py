"""One source of the register and its article, for the commands that work on a single source."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from generator.register.articles import Article, UnreadableArticle, decode, prepare
from generator.register.evidence import inside
from generator.register.load import Located, Register, load_register
from generator.register.models import Source
from generator.register.problems import BriefingError, InvalidInput
from generator.settings import Settings


@dataclass(frozen=True)
class SourceText:
    """The register as loaded, the source and its article without boilerplate."""

    register: Register
    source: Located[Source]
    article: Article


def load_source(settings: Settings, ident: str) -> SourceText:
    """The source `ident` and its article; the error names the valid ids when it is unknown."""
    register, problems = load_register(settings.register, settings.root)
    if not register.complete:
        raise InvalidInput(problems)
    sources = {located.record.id: located for located in register.sources}
    located = sources.get(ident)
    if located is None:
        if ident in register.rejected_ids.get("sources", set()):
            raise BriefingError(f"source '{ident}' has errors; run `briefing check` and fix them first")
        close = difflib.get_close_matches(ident, list(sources), n=1)
        known = f"did you mean '{close[0]}'?" if close else f"known sources: {', '.join(sorted(sources)) or 'none'}"
        raise BriefingError(f"unknown source '{ident}'; {known}")
    path = inside(settings.seeds, located.record.file)
    if path is None or not path.is_file():
        raise BriefingError(f"source '{ident}': file '{located.record.file}' not found; run `briefing check`")
    try:
        text = decode(path.read_bytes())
    except UnreadableArticle as error:
        raise BriefingError(f"source '{ident}': {error.message}; run `briefing check`") from None
    return SourceText(register, located, prepare(text, located.record.boilerplate))
