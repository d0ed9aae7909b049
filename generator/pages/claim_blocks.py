"""The Markdown blocks repeated for every claim: its card, its evidence list, its footnotes.

Page templates lay out pages; these blocks appear once per claim on several
pages, so at 10,000 claims they are written tens of thousands of times. Built
here with plain string formatting they cost a fifth of what Jinja macros cost.
Every register value goes through `inline`, exactly as a template's
`finalize` would treat it; catalogue words are escaped the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.pages.catalogue import Catalogue
from generator.pages.markdown_text import Md, inline
from generator.pages.views import CitationView, ClaimView, QuantityView


class ClaimBlocks:
    """The per-claim blocks of one language, with its words looked up once."""

    def __init__(self, t: Catalogue) -> None:
        self._t = t
        self._open, self._close = inline(t("quote_open")), inline(t("quote_close"))
        self._claimant = inline(t("claim.claimant"))
        self._asserted = inline(t("claim.asserted"))
        self._occurred = inline(t("claim.occurred"))
        self._credibility = inline(t("claim.credibility"))
        self._copy = inline(t("claim.copy_link"))
        self._chains = inline(t("claim.chains"))
        self._as_of = inline(t("figure.as_of"))
        self._to_passage = inline(t("claim.to_passage"))
        # Between two footnote marks, so that ¹²³ does not read as one hundred and twenty-three.
        self._footnote_sep = f'<sup class="footnote-sep">{inline(t("footnote_separator"))}</sup>'

    def quoted(self, text: str) -> Md:
        """A quotation in the language's quotation marks."""
        return Md(f"{self._open}{inline(text)}{self._close}")

    @staticmethod
    def figure(q: QuantityView) -> Md:
        """A figure in running text: a large one in compact form with the exact value on hover (US$5B)."""
        if not q.short:
            return inline(q.amount)
        return Md(f'<abbr title="{inline(q.amount).replace(chr(34), "&quot;")}">{inline(q.short)}</abbr>')

    @staticmethod
    def figure_in_table(q: QuantityView) -> Md:
        """A figure in a table cell: bold, and a large one also in full, readable without hovering."""
        if not q.short:
            return Md(f"**{inline(q.amount)}**")
        return Md(f"**{inline(q.short)}** = {inline(q.amount)}")

    def status_mark(self, c: ClaimView) -> str:
        """The status badge, for any status but 'reported'."""
        if c.status == "reported":
            return ""
        return f' <span class="claim-status claim-status--{c.status}">{inline(c.status_label)}</span>'

    def body(self, c: ClaimView, footnote_refs: bool) -> Md:
        """A claim's card: statement (or only its status), who says it, figures, stances, relations.

        With `footnote_refs` the statement is printed with a footnote per citation
        (topic pages); without, the page shows the statement in a heading of its own.
        """
        if footnote_refs:
            refs = self._footnote_sep.join(f"[^{f.label}]" for f in c.citations)
            lines = [f"**{inline(c.statement)}**{refs}{self.status_mark(c)}"]
        else:
            lines = [self.status_mark(c).strip()]
        meta = f"{self._claimant}: **{c.claimant}**"
        if c.asserted:
            meta += f" · {self._asserted}: {inline(c.asserted)}"
        if c.occurred:
            meta += f" · {self._occurred}: {inline(c.occurred)}"
            meta += f", **{inline(c.outlook)}**" if c.outlook else ""
        elif c.outlook:
            meta += f" · **{inline(c.outlook)}**"
        meta += (
            f" · {self._credibility}: {inline(c.credibility)} · [`{c.id}`]({c.permalink}){{: .claim-link }}"
            f'<button class="permalink-copy" type="button" title="{self._copy}">{self._copy}</button>'
        )
        corroboration = inline(self._t("claim.corroboration", count=self._t.number(c.claimant_count)))
        lines += [
            "",
            meta,
            "{: .claim-meta }",
            "",
            f"{corroboration}: {c.claimants} · {self._chains}: {'; '.join(c.chains)}",
            "{: .claim-corroboration }",
        ]
        if c.history:
            lines += ["", c.history, "{: .claim-history }"]
        for block in (
            [self._quantity(q) for q in c.quantities],
            [
                f'- {s.party}: <span class="stance stance--{s.kind}">{inline(s.stance)}</span>'
                + (f" – {inline(s.note)}" if s.note else "")
                for s in c.stances
            ],
            [
                f'- <span class="relation relation--{r.kind}">{inline(r.label)}</span> '
                f"[{inline(r.target_statement)}]({r.target}){{: .claim-link }}: {inline(r.note)}"
                for r in c.relations
            ],
        ):
            for item in block:  # loose lists: a blank line before every item
                lines += ["", item]
        return Md("\n".join(lines) + "\n")

    def _quantity(self, q: QuantityView) -> str:
        wording = f": {self.quoted(q.wording)}" if q.wording else ""
        as_of = f", {self._as_of}: {inline(q.as_of)}" if q.as_of else ""
        return f"- **{self.figure(q)}** ({inline(q.exactness)}{wording}) – {inline(q.counts)}, {inline(q.scope)}{as_of}"

    def _source_line(self, f: CitationView) -> str:
        via = f", {inline(f.via)}" if f.via else ""
        return f"{inline(f.outlet)}, {inline(f.published)}{via} ({inline(f.form)})"

    def evidence(self, c: ClaimView) -> Md:
        """A claim's quotes as a numbered list, each linked to its passage."""
        return Md(
            "".join(
                f"1. {self.quoted(f.quote)} — [{inline(f.source_title)}]({f.passage}){{: .passage-link }},"
                f" {self._source_line(f)}\n"
                for f in c.citations
            )
        )

    def footnotes(self, claims: Iterable[ClaimView]) -> Md:
        """The footnotes of a topic page: each quote with its source and a link to the passage."""
        return Md(
            "".join(
                f"[^{f.label}]: {self.quoted(f.quote)} — {inline(f.source_title)}, {self._source_line(f)}."
                f" [{self._to_passage}]({f.passage}){{: .passage-link }}\n"
                for c in claims
                for f in c.citations
            )
        )
