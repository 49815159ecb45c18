"""Corroboration: the claims of a story that state the same fact.

A claim becomes a ``Statement`` keyed by (subject, predicate, kind): the subject
is the story entity the claim's subject names (linked or looked up by name, so
"TOM Cruise" and "Tom Cruise" are one key), else its normalised words, else the
story itself (counts carry no subject by design). Statements of one key whose
values agree under the tolerance rules form one ``Fact``; the articles behind it
count once per independent origin (``Origins``), so a rewrite does not
corroborate its source.

Credits are many-valued, so each credited name is a fact of its own. "created
by" is the unspecific credit: it joins a specific credit of the same person for
the same work ("created by Gaga" supports "produced by Gaga") and never
conflicts with anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..model import Claim, Fact
from .names import Names, Origins, strip_titles
from .tolerance import (
    Clock,
    DateSpan,
    Number,
    dates_agree,
    norm_text,
    numbers_agree,
    parse_date,
    parse_number,
    parse_time,
    slack,
    times_agree,
)

NUMERIC_KINDS = frozenset({"age", "count", "quantity", "percent", "money"})
UNSPECIFIC_CREDIT = "created_by"
SINGLE_CREDIT = "played_by"  # subject is the character: one actor each


@dataclass(frozen=True, slots=True)
class Statement:
    """A claim made comparable: its key, the subject as shown, its parsed value."""

    claim: Claim
    subject_key: str
    subject: str | None
    predicate: str
    number: Number | None = None
    dates: tuple[DateSpan, ...] = ()
    clock: Clock | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject_key, self.predicate, self.claim.kind)

    @property
    def article_id(self) -> str:
        return self.claim.article_id

    @property
    def comparable(self) -> bool:
        """Whether the value was understood (an unresolved "last year" is not)."""
        kind = self.claim.kind
        if kind in NUMERIC_KINDS:
            return self.number is not None
        if kind == "date":
            return bool(self.dates)
        if kind == "time":
            return self.clock is not None
        return bool(norm_text(self.claim.value))

    @property
    def rank(self) -> tuple[float, ...]:
        """Most precise first: the value a fact is shown with."""
        if self.number is not None:
            return (*self.number.rank, 0.0)
        if self.dates:
            return (float(len(self.dates) > 1), self.dates[0].days, 0.0)
        if self.clock is not None:
            return (0.0, self.clock.hi - self.clock.lo, 0.0)
        return (0.0, -float(len(self.claim.value)), 0.0)


def subject_key(claim: Claim, names: Names) -> tuple[str, str | None]:
    """(key, subject as shown) of a claim."""
    entity = claim.subject_entity_id or names.entity(claim.subject)
    if entity is not None and entity in names.entities:
        return f"e:{entity}", names.display(entity, claim.subject)
    if claim.subject:
        key = strip_titles(claim.subject)
        if key:
            return f"t:{key}", claim.subject
    return "", None


def statement(claim: Claim, names: Names) -> Statement:
    key, subject = subject_key(claim, names)
    out = Statement(claim, key, subject, claim.predicate)
    if claim.kind in NUMERIC_KINDS:
        return replace(out, number=parse_number(claim.value, kind=claim.kind))
    if claim.kind == "date":
        span = parse_date(claim.value)
        return replace(out, dates=slack(span, text=claim.text) if span is not None else ())
    if claim.kind == "time":
        return replace(out, clock=parse_time(claim.value))
    return out


def agree(a: Statement, b: Statement, names: Names) -> bool | None:
    """Whether two statements of one key give compatible values; None when the
    values cannot be compared (other currency, unresolved words)."""
    if not (a.comparable and b.comparable):
        same = norm_text(a.claim.value) == norm_text(b.claim.value)
        return True if same and norm_text(a.claim.value) else None
    kind = a.claim.kind
    if a.number is not None and b.number is not None:
        return numbers_agree(a.number, b.number)
    if kind == "date":
        return dates_agree(a.dates, b.dates)
    if a.clock is not None and b.clock is not None:
        return times_agree(a.clock, b.clock)
    if kind == "place":
        return names.same_place(a.claim.value, b.claim.value)
    if kind == "credit":
        return names.same_person(a.claim.value, b.claim.value)
    x, y = set(norm_text(a.claim.value).split()), set(norm_text(b.claim.value).split())
    return x <= y or y <= x  # roles: "executive" and "chief executive"


def statements(claims: Iterable[Claim], names: Names) -> list[Statement]:
    """The story's claims as statements, "created by" folded into a specific
    credit of the same person for the same work where there is one."""
    out = [statement(c, names) for c in claims]
    specific = [
        s
        for s in out
        if s.claim.kind == "credit" and s.predicate not in (UNSPECIFIC_CREDIT, SINGLE_CREDIT)
    ]
    folded = []
    for s in out:
        if s.claim.kind == "credit" and s.predicate == UNSPECIFIC_CREDIT:
            match = sorted(
                o.predicate
                for o in specific
                if o.subject_key == s.subject_key and agree(o, s, names)
            )
            if match:
                s = replace(s, predicate=match[0])
        folded.append(s)
    return folded


def by_key(items: Iterable[Statement]) -> dict[tuple[str, str, str], list[Statement]]:
    out: dict[tuple[str, str, str], list[Statement]] = {}
    for s in items:
        out.setdefault(s.key, []).append(s)
    return out


def cluster(items: Sequence[Statement], names: Names) -> list[list[Statement]]:
    """Statements of one key grouped by agreeing value; the first of each group
    is its most precise value, which every member agrees with."""
    groups: list[list[Statement]] = []
    for s in sorted(items, key=lambda s: (s.rank, s.claim.article_id, s.claim.start)):
        for group in groups:
            if agree(group[0], s, names) is True:
                group.append(s)
                break
        else:
            groups.append([s])
    return groups


def shown_subject(group: Sequence[Statement]) -> str | None:
    """The subject as most statements show it."""
    counts = Counter(s.subject for s in group if s.subject)
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


def shown_value(group: Sequence[Statement], names: Names) -> str:
    """The value a group of agreeing statements is shown with: the most precise
    one, or for a credited person the entity's name ("Marguerite Olander" for
    "Ollander", "helmed by Ollander")."""
    first = group[0].claim.value
    if group[0].claim.kind != "credit":
        return first
    for s in group:
        if (entity := names.entity(s.claim.value)) is not None:
            return names.display(entity, first) or first
    return max((s.claim.value for s in group), key=len)


def written(group: Sequence[Statement]) -> tuple[str, ...]:
    """How the articles wrote the value, most common first."""
    counts = Counter(" ".join(s.claim.text.split()) for s in group)
    return tuple(sorted(counts, key=lambda t: -counts[t]))


def build_facts(
    story_id: str, items: Sequence[Statement], *, names: Names, origins: Origins
) -> list[Fact]:
    """Every fact the story's articles state, with who states it."""
    facts = []
    for (_, predicate, _kind), members in sorted(by_key(items).items()):
        for group in cluster(members, names):
            article_ids = tuple(sorted({s.article_id for s in group}))
            facts.append(
                Fact(
                    story_id=story_id,
                    subject=shown_subject(group),
                    predicate=predicate,
                    kind=group[0].claim.kind,
                    value=shown_value(group, names),
                    article_ids=article_ids,
                    texts=written(group),
                    claim_ids=tuple(sorted(s.claim.id for s in group)),
                    sources=origins.sources(article_ids),
                )
            )
    return sorted(facts, key=lambda f: (-len(f.sources), -len(f.article_ids), f.id))
