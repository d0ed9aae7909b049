"""The register's records: what an editor may write in seeds/register/*.yml.

These pydantic models are the single definition of the register format. The
validator uses them directly and the published JSON Schema
(seeds/schema/register.schema.json) is generated from them, so the two cannot
drift. Every field carries a docstring; it becomes the field's description in
the schema, which YAML editors show as help text.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$"
"""Ids are lower-case ASCII slugs: safe as file names, URL fragments and anchors."""

Id = Annotated[str, Field(pattern=ID_PATTERN)]

GENERATED_NAMES = frozenset({"index"})
"""Names the generator gives its own pages in the folders of topics, sources and actors."""


def _visible(value: str) -> str:
    """Refuse a text made only of invisible characters (zero-width spaces, soft hyphens …)."""
    if not any(unicodedata.category(char)[0] not in "CZ" for char in value):
        raise ValueError("has no visible character: it holds only spaces or invisible characters")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_visible)]

MAX_FIGURE = 10**15
"""The largest figure accepted: beyond any count a report gives; the chart and the
number formats are built for finite figures up to this size."""

_DATE_FORMS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_calendar(value: str) -> str:
    """Reject dates that match the pattern but not the calendar (2024-02-30)."""
    match = _DATE_FORMS.match(value)
    if match is None:
        raise ValueError("must be YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if int(year) == 0:
        raise ValueError(f"{value}: there is no year 0; the calendar goes from 1 BC to AD 1")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"{value} has no month {month}")
    if day is not None:
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            raise ValueError(f"{value} is not a calendar date: {year}-{month} has {last} days")
    return value


PartialDate = Annotated[
    str,
    Field(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="A date as precise as known: YYYY-MM-DD (day), YYYY-MM (month) or YYYY (year).",
    ),
    AfterValidator(_check_calendar),
]

Day = Annotated[
    str,
    Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="A calendar day: YYYY-MM-DD."),
    AfterValidator(_check_calendar),
]


class Record(BaseModel):
    """Base of every register record: unknown fields are errors, records are immutable."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        str_strip_whitespace=True,
    )


class When(Record):
    """A date with its precision, and the reasoning when the text does not print it."""

    date: PartialDate
    """The date, as precise as the evidence allows: YYYY-MM-DD, YYYY-MM or YYYY."""
    inferred: Text | None = None
    """How the date was worked out when no source prints it (e.g. from a weekday the text names)."""

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        """How much of the date is known, read from its form."""
        return ("year", "month", "day")[self.date.count("-")]


def _date_shorthand(value: Any) -> Any:
    """Let editors write `asserted: 2024-10-31` for a date printed in the source."""
    if isinstance(value, str):
        return {"date": value}
    return value


Dated = Annotated[When, BeforeValidator(_date_shorthand, json_schema_input_type=PartialDate | When)]


class Admiralty(StrEnum):
    """Source reliability on the NATO Admiralty scale."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class Reliability(Record):
    """How far the source can be trusted, with the reason."""

    grade: Admiralty
    """Admiralty grade: A completely reliable … E unreliable, F cannot be judged."""
    rationale: Text
    """One line saying why this grade was given."""


class Uncited(Record):
    """A line of the article that is deliberately left without a citation, and why."""

    text: Text
    """The whole line, as in the article (a heading, a photo caption, a teaser)."""
    reason: Text
    """Why it carries no claim (e.g. a subheading, a photo caption)."""


class Source(Record):
    """One article as received, with what is known about it."""

    id: Id
    """Stable id of the source; used in citations and in the source page's URL."""
    file: Text
    """Path of the raw article, relative to the seeds folder (e.g. articles/000_x.txt)."""
    title: Text
    """The article's headline."""
    outlet: Text
    """Who published this copy (site or publication name, or a description if unnamed)."""
    published: Dated
    """Publication date; when the article prints none, give `inferred` with the basis."""
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    """ISO 639-1 code of the text as stored (e.g. en, de)."""
    cites: list[Text] = []
    """Outlets and agencies the article names as its own sources (news agencies, other outlets, institutes)."""
    translated_from: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = None
    """Language code of the original when the stored text is a translation."""
    aggregator: Annotated[bool, Field(strict=True)] = False
    """True when the article compiles other outlets' reporting rather than reporting itself."""
    reliability: Reliability
    """Admiralty grade of this source, with a one-line rationale."""
    boilerplate: list[Text] = []
    """Lines of the raw file to leave out of the rendered article (navigation, teasers, …)."""
    uncited: list[Uncited] = []
    """Lines shown on the page that deliberately carry no claim, each with the reason."""
    notes: list[Text] = []
    """Findings about the source itself: errors, inconsistencies, missing dateline."""


class EntityType(StrEnum):
    """What kind of thing an entity is."""

    person = "person"
    organisation = "organisation"
    place = "place"


class Alias(Record):
    """One spelling of an entity's name and the sources that use it."""

    name: Text
    """The spelling exactly as the sources print it."""
    sources: list[Id] = Field(min_length=1)
    """Ids of the sources that use this spelling."""


class Entity(Record):
    """A person, organisation or place named in the sources."""

    id: Id
    """Stable id of the entity."""
    name: Text
    """Canonical name, as the briefing writes it."""
    type: EntityType
    """person, organisation or place."""
    description: Text | None = None
    """Role or short description (e.g. a job title and the body it belongs to)."""
    aliases: list[Alias] = []
    """Every spelling the sources use, including the canonical one where a source prints it."""


class Status(StrEnum):
    """Where a claim stands."""

    reported = "reported"
    confirmed = "confirmed"
    unconfirmed = "unconfirmed"
    denied = "denied"
    disputed = "disputed"


class StanceKind(StrEnum):
    """How a party has answered a claim."""

    confirms = "confirms"
    denies = "denies"
    declines_to_comment = "declines_to_comment"


class Stance(Record):
    """A party's position on the claim, as reported."""

    party: Id
    """Entity id of the party taking the stance."""
    stance: StanceKind
    """confirms, denies or declines_to_comment."""
    note: Text | None = None
    """What exactly was said or not said."""


class Form(StrEnum):
    """How the article carries the claimant's words."""

    direct = "direct"
    paraphrase = "paraphrase"


class Citation(Record):
    """A verbatim passage of a source that carries the claim."""

    source: Id
    """Id of the source the quote is taken from."""
    quote: Text
    """The passage, copied verbatim (checked against the source at every build)."""
    prefix: str | None = None
    """Text right before the quote, to pick one occurrence when the quote appears twice."""
    suffix: str | None = None
    """Text right after the quote, to pick one occurrence when the quote appears twice."""
    form: Form = Form.paraphrase
    """direct when the article quotes the claimant's words, paraphrase otherwise."""
    via: list[Text] = []
    """Outlets or agencies the article credits for this passage (e.g. a news agency)."""


class Exactness(StrEnum):
    """How a figure is given."""

    exact = "exact"
    approximate = "approximate"
    at_least = "at_least"
    at_most = "at_most"


def _exact_figure(value: Any, number: ValidatorFunctionWrapHandler) -> float:
    """A whole figure as an exact integer of any size (1e12 as 1000000000000), so it is written in full;
    checked as a number first, so a wrong value gets the usual message."""
    checked: float = number(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value  # beyond 2**53 a float would round it
    return int(checked) if checked.is_integer() else checked


def _as_kept(value: float) -> int | float:
    """Serialized as kept, so an integer is written as one (1000000000000, not 1000000000000.0 or 1e12)."""
    return value


FigureValue = Annotated[
    float,
    Field(ge=0, le=MAX_FIGURE, strict=True, allow_inf_nan=False),
    WrapValidator(_exact_figure),
    PlainSerializer(_as_kept, return_type=int | float),
]
"""A figure as written: whole numbers stay exact integers, fractions stay as given."""


class Outlook(StrEnum):
    """Whether a claim or figure is about something still to come when it was reported."""

    forecast = "forecast"
    planned = "planned"


class Quantity(Record):
    """A figure carried by the claim, with what it counts and where."""

    measure: Text | None = None
    """What kind of quantity this is: a heading shared by comparable figures, which are compared side by side.
    Defaults to the unit."""
    value: FigureValue
    """The number in full (5000000000 for "5 billion"); for a vague word ("thousands") its lowest reading (2000)."""
    exactness: Exactness = Exactness.exact
    """exact; approximate ("about", "almost"); at_least ("more than", "thousands"); at_most ("up to")."""
    wording: Text | None = None
    """The words the source uses for the figure, as printed."""
    unit: Text
    """What one unit is: a currency as its ISO 4217 code (EUR) or its name (euros), or free text (km²)."""
    counts: Text
    """What is counted, in the analyst's words."""
    scope: Text
    """Where or in which state the counted things are (e.g. in one region, in total)."""
    place: Id | None = None
    """Entity id of the place the scope refers to, when there is one."""
    as_of: Dated | None = None
    """When the figure applies: no later than the latest article reporting it, unless `outlook` is set."""
    outlook: Outlook | None = None
    """forecast (a projection) or planned (a target, a budget): `as_of` may then lie after the reports."""


class RelationType(StrEnum):
    """How two claims bear on each other."""

    contradicts = "contradicts"
    differs_in_scope = "differs_in_scope"
    supports = "supports"
    updates = "updates"


class Relation(Record):
    """A link from this claim to another one."""

    type: RelationType
    """contradicts, differs_in_scope, supports or updates."""
    claim: Id
    """Id of the other claim."""
    note: Text
    """Why the claims relate this way."""


class Claim(Record):
    """One assertion: who asserted what, when, reported where."""

    id: Id
    """Stable id; never reused, it is the claim's permalink anchor."""
    former_ids: list[Id] = []
    """Ids this claim had before a rename: links to them keep working; an id is never reused."""
    statement: Text
    """The assertion in the analyst's words."""
    claimant: Id | None = None
    """Entity id of who asserted it; leave out when the reporting articles assert it themselves."""
    asserted: Dated | None = None
    """When the claimant made the assertion."""
    occurred: Dated | None = None
    """When the event the claim is about happened: not after the articles reporting it, unless `outlook` is set."""
    outlook: Outlook | None = None
    """forecast (predicted) or planned (scheduled, announced): `occurred` is then the expected date."""
    citations: list[Citation] = Field(min_length=1)
    """The passages of sources that carry the claim; at least one."""
    status: Status = Status.reported
    """reported, confirmed, unconfirmed, denied or disputed."""
    stances: list[Stance] = []
    """Positions parties have taken on the claim (confirms, denies, declines_to_comment)."""
    credibility: Annotated[int, Field(ge=1, le=6, strict=True)]
    """Information credibility on the Admiralty scale: 1 confirmed … 5 improbable, 6 cannot be judged."""
    topics: list[Id] = []
    """Ids of the briefings this claim belongs to."""
    entities: list[Id] = []
    """Ids of the entities the claim mentions."""
    quantities: list[Quantity] = []
    """Figures the claim carries."""
    relations: list[Relation] = []
    """Links to other claims: contradicts, differs_in_scope, supports, updates."""


class Briefing(Record):
    """A topic page: its summary and the claims it presents, in order."""

    id: Id
    """Stable id of the topic; used by claims' `topics` and in the page URL."""
    title: Text
    """Page title."""
    summary: Text
    """A short summary written from the claims."""
    claims: list[Id] = Field(min_length=1)
    """Ids of the claims the page presents, in reading order."""


class Likelihood(StrEnum):
    """The estimative terms of ICD 203, each with a fixed probability band."""

    almost_no_chance = "almost_no_chance"
    very_unlikely = "very_unlikely"
    unlikely = "unlikely"
    roughly_even_chance = "roughly_even_chance"
    likely = "likely"
    very_likely = "very_likely"
    almost_certain = "almost_certain"


LIKELIHOOD_BANDS: dict[Likelihood, tuple[int, int]] = {
    Likelihood.almost_no_chance: (1, 5),
    Likelihood.very_unlikely: (5, 20),
    Likelihood.unlikely: (20, 45),
    Likelihood.roughly_even_chance: (45, 55),
    Likelihood.likely: (55, 80),
    Likelihood.very_likely: (80, 95),
    Likelihood.almost_certain: (95, 99),
}
"""Probability band in per cent of each term, as ICD 203 fixes them."""


class Confidence(StrEnum):
    """How well founded the analyst's judgment is; said apart from the likelihood."""

    low = "low"
    moderate = "moderate"
    high = "high"


class KeyJudgment(Record):
    """An analytic judgment in standard estimative language, resting on claims."""

    id: Id
    """Stable id; the judgment's anchor on the home page."""
    statement: Text
    """What is judged, without estimative words: those go in `likelihood` and `confidence`."""
    likelihood: Likelihood
    """ICD 203 term, from almost_no_chance (1–5 %) through likely (55–80 %) to almost_certain (95–99 %)."""
    confidence: Confidence | None = None
    """Analytic confidence in the judgment (low, moderate, high), shown separately from the likelihood."""
    claims: list[Id] = Field(min_length=1)
    """Ids of the claims the judgment rests on."""
    change_note: Text | None = None
    """Why the judgment changed since the last edition (ICD 203, standard 7); shown with the change."""


class Edition(Record):
    """A named, published state of the briefing: everything committed to the register up to its day."""

    label: Text
    """The edition's name as readers see it (a number, a week, an occasion)."""
    date: Day
    """The last day (UTC) whose commits the edition includes."""


class Overview(Record):
    """What the whole briefing site covers; shown on the home page."""

    title: Text
    """Title of the site's home page."""
    summary: Text
    """What the briefing covers, in a few sentences."""
    key_judgments: list[KeyJudgment] = []
    """The executive summary: three to five key judgments, each citing the claims it rests on."""
    key_figures: list[Id] = []
    """Ids of claims whose figures the home page shows first."""
    editions: list[Edition] = []
    """Named editions in date order; the register's git history says what each one changed."""


class RegisterFile(Record):
    """One YAML file of the register; each section is optional, ids are unique across files."""

    overview: Overview | None = None
    """The home page's title, summary and key figures (in one file only)."""
    sources: list[Source] = []
    """Source articles."""
    entities: list[Entity] = []
    """People, organisations and places."""
    claims: list[Claim] = []
    """Claims, each with its citations."""
    briefings: list[Briefing] = []
    """Topic pages."""
