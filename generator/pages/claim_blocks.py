"""The Markdown blocks repeated for every claim: its card and its evidence list; the pager.

Page templates lay out pages; these blocks appear once per claim, so at 10,000
claims they are written tens of thousands of times. Built
here with plain string formatting they cost a fifth of what Jinja macros cost.
Every register value goes through `inline`, exactly as a template's
`finalize` would treat it; catalogue words are escaped the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
        self._unnamed = {key: inline(t(f"claim.unnamed_claimants.{key}")) for key in ("one", "several", "beside_named")}
        self._refuted = inline(t("claim.refuted_mark"))
        self._parts = inline(t("pager.parts"))
        self._citations = inline(t("claim.citations"))

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
        """The status badge, for any status but 'reported'; and 'refuted' for a claim reported only to be refuted."""
        mark = ""
        if c.status != "reported":
            mark = f' <span class="claim-status claim-status--{c.status}">{inline(c.status_label)}</span>'
        if c.refuted:
            mark += f' <span class="claim-status claim-status--refuted">{self._refuted}</span>'
        return mark

    def body(self, c: ClaimView) -> Md:
        """A claim's card below its heading (the statement): status, who says it, figures, stances, relations."""
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
            f" · {self._credibility}: {inline(c.credibility)} · [`{c.id}`]({c.link}){{: .claim-link }}"
            f'<button class="permalink-copy" type="button" title="{self._copy}"'
            f' data-permalink="{c.permalink}">{self._copy}</button>'
        )
        lines += ["", meta, "{: .claim-meta }"]
        if c.refuted:
            lines += ["", c.refuted, "{: .claim-refuted }"]
        lines += ["", f"{self._corroboration(c)} · {self._chains}: {'; '.join(c.chains)}", "{: .claim-corroboration }"]
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

    def _corroboration(self, c: ClaimView) -> str:
        """The independent claimants; unnamed ones apart, as not provably independent of one another."""
        text = f"{inline(self._t('claim.corroboration', count=self._t.number(c.claimant_count)))}: {c.claimants}"
        if not c.unnamed_claimants:
            return text
        if c.claimants:
            return f"{text} · {self._unnamed['beside_named']}: {c.unnamed_claimants}"
        several = "several" if c.unnamed_count > 1 else "one"
        return f"{text}{self._unnamed[several]}: {c.unnamed_claimants}"

    def _quantity(self, q: QuantityView) -> str:
        wording = f": {self.quoted(q.wording)}" if q.wording else ""
        as_of = f", {self._as_of}: {inline(q.as_of)}" if q.as_of else ""
        return f"- **{self.figure(q)}** ({inline(q.exactness)}{wording}) – {inline(q.counts)}, {inline(q.scope)}{as_of}"

    def _source_line(self, f: CitationView) -> str:
        via = f", {inline(f.via)}" if f.via else ""
        return f"{inline(f.outlet)}, {inline(f.published)}{via} ({inline(f.form)})"

    def evidence(self, c: ClaimView) -> Md:
        """A claim's quotes as a numbered list under their label, each linked to its passage.

        The label keeps the list apart from a list of figures, stances or relations just above:
        Python-Markdown would continue that list with these items."""
        items = "".join(
            f"1. {self.quoted(f.quote)} — [{inline(f.source_title)}]({f.passage}){{: .passage-link }},"
            f" {self._source_line(f)}\n"
            for f in c.citations
        )
        return Md(f"{self._citations}\n{{: .claim-evidence }}\n\n{items}")

    def pager(self, parts: Iterable[dict[str, Any]]) -> Md:
        """One line of links to every part of a list cut into pages, the current one in bold; or nothing."""
        links = [f"**{inline(p['label'])}**" if p["current"] else f"[{inline(p['label'])}]({p['link']})" for p in parts]
        if not links:
            return Md("")
        return Md(f"{self._parts}: {' · '.join(links)}\n{{: .pager }}\n")
