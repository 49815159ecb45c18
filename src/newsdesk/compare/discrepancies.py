"""Discrepancies: the articles of a story give incompatible values for one key.

For every key (subject, predicate, kind) two articles are compared when both
state it. They conflict only when

1. none of the values of one agrees with any value of the other (when they
   share a value, their other values are about other things: "9,400 seats"
   and "1,500 seats" in one article, "9,400 seats" in the other), and
2. each states one value, or, for numbers, the closest incompatible pair is
   less than ``max_ratio`` apart (an article saying "120 residents were
   evacuated" and "more than 2,000 residents subscribed" conflicts with "210
   residents" on the 120, not on the 2,000); credits are sets and conflict when
   they have nobody in common ("directed by A" vs "directed by B", while "by A
   and B" vs "by A" is only shorter).

Some keys are never compared (``skip_reason``): roles (a person holds several),
"created by" (unspecific), dates of speech ("said on Monday": people speak more
than once), counts of "people" without an outcome (too generic: evacuated,
employed and sheltering people share it), and percentages of nothing named (a
share is only checkable with its whole). Places are compared only when both
articles name one place for the key.

Some statements are left out of the comparison (``set_aside``), because the same
noun then carries another number than the fact's:

* a part of a whole: "three neighbouring departments" beside "four
  departments", "including nine children";
* a hypothetical or a target: a number within a few words of "expected",
  "forecast", "needed", "would", "threshold" ("economists expected nearly a
  million jobs" beside "266,000 jobs were added");
* a date that is a baseline: "rose 3% from March", "compared with 2020", "than
  in 2019" (but not "in theaters from May 26").

Story-level numbers (no subject) further than ``max_ratio`` apart are not
compared either: in a story, "62,500 refugees" and "15,000 refugees" are two
different caps far more often than a typo.

Spelling variants of an entity's name (``Entity.variants``) are minor
discrepancies of their own, for names (not nationalities or parties, whose
"Republican"/"Republicans" the entity merge records as variants) and only for
typo-sized changes (not a plural, a possessive or a longer name).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from wordfreq import zipf_frequency

from ..model import (
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyValue,
    Entity,
    Severity,
    Variant,
)
from .facts import (
    NUMERIC_KINDS,
    UNSPECIFIC_CREDIT,
    Statement,
    agree,
    by_key,
    cluster,
    shown_value,
    written,
)
from .names import Names
from .tolerance import norm_text, number_distance

KIND: dict[str, DiscrepancyKind] = {
    "date": "date", "time": "time", "age": "age", "money": "money", "count": "number",
    "quantity": "number", "percent": "number", "place": "place", "credit": "credit",
}  # fmt: skip
SEVERITY: dict[DiscrepancyKind, Severity] = {
    "date": "major", "number": "major", "money": "major", "age": "major", "credit": "major",
    "place": "major", "time": "minor", "name_spelling": "minor",
}  # fmt: skip
# Verbs of saying: a date on them is when someone spoke, and people speak often.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPEECH = _words(
    "say tell announce add note write post tweet report ask speak state confirm reveal claim "
    "call comment respond reply explain argue warn insist acknowledge admit testify interview"
)
GENERIC_COUNTS = frozenset({"count:people", "count:person", "count:thing", "count:way"})
# Words between a number and its noun that make it a part of a whole.
PARTIAL = _words(
    "other another additional more further extra neighbouring neighboring nearby surrounding "
    "remaining outside separate"
)
PART_OF = _words("including include includes among")
# Words that make a nearby number hypothetical, a target or a forecast.
HEDGES = re.compile(
    r"^(?:expect\w*|forecast\w*|predict\w*|anticipat\w*|project(?:ed|ion|ions)|need\w*|"
    r"requir\w*|threshold|target\w*|goal|would|could|might|hope\w*|aim\w*|propos\w*|"
    r"plan(?:s|ned)?|estimate[sd]? to|pledg\w*|promis\w*|seek\w*|sought|want\w*)$"
)
BASELINES = _words("than compared versus vs")
# "from" starts a baseline only after a change: "prices rose 5% from March".
CHANGES = _words("rise rose increase increa fell fall drop dropp jump jumpe up down climb climbe")
HEDGE_BEFORE, HEDGE_AFTER = 6, 4
_WORD = re.compile(r"[A-Za-z]+")
_WORD_OR_NUMBER = re.compile(r"[A-Za-z]+|\d[\d,.]*")


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two articles' statements of one key that contradict each other."""

    left: tuple[Statement, ...]
    right: tuple[Statement, ...]


def skip_reason(key: tuple[str, str, str]) -> str | None:
    """Why a key is never compared, or None."""
    subject, predicate, kind = key
    if kind == "percent" and not subject:
        return "a percentage of nothing named"
    if kind == "role":
        return "a person holds several roles"
    if predicate == UNSPECIFIC_CREDIT:
        return "an unspecific credit"
    if kind in ("date", "time") and predicate in SPEECH:
        return "when someone spoke"
    if predicate in GENERIC_COUNTS:
        return "too generic a count"
    return None


def set_aside(s: Statement, text: str) -> str | None:
    """Why a statement is left out of the comparison (see the module's
    docstring), or None."""
    kind = s.claim.kind
    before = _WORD_OR_NUMBER.findall(text[max(0, s.claim.start - 80) : s.claim.start].lower())
    after = _WORD_OR_NUMBER.findall(text[s.claim.end : s.claim.end + 60].lower())
    if kind == "count" and (PARTIAL & set(after[:3]) or before[-1:] == ["another"]):
        return "a part of a whole"
    if kind == "count" and PART_OF & set(before[-2:]):
        return "a part of a whole"
    if kind in NUMERIC_KINDS and kind != "age":
        near = before[-HEDGE_BEFORE:] + after[:HEDGE_AFTER]
        if any(HEDGES.match(w) for w in near):
            return "a hypothetical or a target"
    if kind == "date" and (
        set(before[-2:]) & BASELINES
        or ("from" in before[-5:] and CHANGES & {w.rstrip("sd") for w in before[-9:]})
    ):
        return "a baseline"
    return None


def _pair(
    a_groups: Sequence[Sequence[Statement]],
    b_groups: Sequence[Sequence[Statement]],
    *,
    names: Names,
    max_ratio: float,
    story_level: bool,
) -> Conflict | None:
    """The conflict between two articles' statements of one key (each grouped
    by agreeing value), if they have one."""
    verdicts = {
        (i, j): agree(a[0], b[0], names)
        for i, a in enumerate(a_groups)
        for j, b in enumerate(b_groups)
    }
    if any(v is True for v in verdicts.values()):
        return None
    bad = [(i, j) for (i, j), v in verdicts.items() if v is False]
    if not bad:
        return None
    kind = a_groups[0][0].claim.kind
    if kind == "credit":
        return Conflict(
            tuple(s for g in a_groups for s in g), tuple(s for g in b_groups for s in g)
        )
    single = len(a_groups) == 1 and len(b_groups) == 1
    if single and not (story_level and kind in NUMERIC_KINDS):
        return Conflict(tuple(a_groups[0]), tuple(b_groups[0]))
    if kind not in NUMERIC_KINDS:
        return None

    def distance(pair: tuple[int, int]) -> float:
        x, y = a_groups[pair[0]][0].number, b_groups[pair[1]][0].number
        return number_distance(x, y) if x is not None and y is not None else float("inf")

    i, j = min(bad, key=distance)
    if distance((i, j)) > max_ratio:
        return None
    return Conflict(tuple(a_groups[i]), tuple(b_groups[j]))


def find_discrepancies(
    story_id: str,
    items: Sequence[Statement],
    *,
    names: Names,
    texts: Mapping[str, str],
    max_ratio: float,
) -> list[Discrepancy]:
    """Value conflicts between the story's articles, one per key."""
    out = []
    for key, members in sorted(by_key(items).items()):
        if skip_reason(key) is not None:
            continue
        usable = [
            s for s in members if s.comparable and set_aside(s, texts.get(s.article_id, "")) is None
        ]
        per_article: dict[str, list[Statement]] = {}
        for s in usable:
            per_article.setdefault(s.article_id, []).append(s)
        if len(per_article) < 2:
            continue
        groups = {aid: cluster(v, names) for aid, v in per_article.items()}
        if key[2] == "place" and any(len(g) > 1 for g in groups.values()):
            continue
        involved: dict[str, Statement] = {}
        for a, b in combinations(sorted(per_article), 2):
            found = _pair(
                groups[a], groups[b], names=names, max_ratio=max_ratio, story_level=not key[0]
            )
            if found is not None:
                involved.update((s.claim.id, s) for s in (*found.left, *found.right))
        if involved:
            made = _discrepancy(story_id, key, list(involved.values()), usable, names=names)
            if made is not None:
                out.append(made)
    return out


def _discrepancy(
    story_id: str,
    key: tuple[str, str, str],
    involved: Sequence[Statement],
    usable: Sequence[Statement],
    *,
    names: Names,
) -> Discrepancy | None:
    groups = cluster(involved, names)
    if len(groups) < 2:
        return None
    taken = {s.claim.id for s in involved}
    for s in usable:
        if s.claim.id in taken:
            continue
        matches = [g for g in groups if agree(g[0], s, names) is True]
        if len(matches) == 1:
            matches[0].append(s)
    groups.sort(key=lambda g: (-len({s.article_id for s in g}), g[0].claim.value))
    values = tuple(
        DiscrepancyValue(
            value=shown_value(g, names),
            article_ids=tuple(sorted({s.article_id for s in g})),
            texts=written(g),
            claim_ids=tuple(sorted(s.claim.id for s in g)),
        )
        for g in groups
    )
    subjects = Counter(s.subject for s in involved if s.subject)
    subject = min(subjects, key=lambda k: (-subjects[k], k)) if subjects else None
    kind = KIND[key[2]]
    return Discrepancy(
        story_id=story_id,
        kind=kind,
        severity=SEVERITY[kind],
        subject=subject,
        predicate=key[1],
        values=values,
        description=describe(key[1], key[2], subject, values),
    )


def spelling_discrepancies(story_id: str, entities: Sequence[Entity]) -> list[Discrepancy]:
    """One minor discrepancy per entity whose name some articles misspell: the
    articles writing the word right against those writing it wrong."""
    out = []
    for e in entities:
        if e.type not in SPELLED_TYPES:
            continue
        forms = [e.name, *e.aliases]
        typos: dict[tuple[str, str], list[Variant]] = {}
        for v in e.variants:
            found = misspelled_word(v.spelling, forms, person=e.type == "PERSON")
            if found is not None:
                typos.setdefault(found, []).append(v)
        for (right, _wrong), variants in sorted(typos.items()):
            wrong_ids = sorted({a for v in variants for a in v.article_ids})
            right_ids = sorted(
                {m.article_id for m in e.mentions if right in norm_text(m.text).split()}
            )
            if not right_ids:
                continue
            # "Ollander" is part of "Marguerite Ollander": shown as the longer form.
            shown = max((v.spelling for v in variants), key=len)
            values = (
                DiscrepancyValue(e.name, tuple(right_ids), (e.name,)),
                DiscrepancyValue(shown, tuple(wrong_ids), tuple(v.spelling for v in variants)),
            )
            out.append(
                Discrepancy(
                    story_id=story_id,
                    kind="name_spelling",
                    severity="minor",
                    subject=e.name,
                    predicate="name",
                    values=values,
                    description=describe("name", "name", e.name, values),
                )
            )
    return out


SPELLED_TYPES = frozenset({"PERSON", "ORG", "FAC", "GPE", "LOC", "WORK_OF_ART", "EVENT", "PRODUCT"})
# Zipf frequency (wordfreq) from which a word is common English.
COMMON_WORD = 3.0
_INFLECTIONS = ("s", "es", "'s", "’s", "n", "an", "ian")


def misspelled_word(
    variant: str, forms: Sequence[str], *, person: bool = True
) -> tuple[str, str] | None:
    """(right word, wrong word) when ``variant`` is a typo-sized change of one
    word of a form of the name ("Faltemeyer"); None for an inflection
    ("Republicans"), a longer name ("House Republican Conference") or, outside
    people's names, two common words ("Confederacy", "Confederate")."""
    words = variant.split()
    for form in forms:
        other = form.split()
        if len(other) != len(words):
            continue
        changed = [(a, b) for a, b in zip(words, other, strict=True) if a.lower() != b.lower()]
        if len(changed) != 1:
            continue
        wrong, right = (norm_text(w) for w in changed[0])
        short, long = sorted((wrong, right), key=len)
        if long.startswith(short) and long[len(short) :] in _INFLECTIONS:
            continue
        common = min(zipf_frequency(wrong, "en"), zipf_frequency(right, "en"))
        if not person and common >= COMMON_WORD:
            continue
        if wrong[:1] == right[:1]:
            return right, wrong
    return None


_EVENT_NOUNS = {"birth": "birth date", "death": "date of death", "marriage": "wedding date"}
_CREDIT_VERBS = {
    "produced_by": "produced", "directed_by": "directed", "written_by": "wrote",
    "composed_by": "composed", "performed_by": "performed", "edited_by": "edited",
    "designed_by": "designed", "narrated_by": "narrated", "played_by": "plays",
}  # fmt: skip
_OUTCOMES = {"die": "who died", "injure": "injured", "arrest": "arrested",
             "rescue": "rescued", "missing": "missing"}  # fmt: skip


def topic(predicate: str, kind: str, subject: str | None) -> str:
    """What a key is about, in words: "the release date of Top Gun"."""
    of = f" of {subject}" if subject else ""
    family, _, rest = predicate.partition(":")
    if kind == "name":
        return f"the spelling of {subject}'s name"
    if kind == "date":
        noun = _EVENT_NOUNS.get(predicate, f"{predicate} date")
        return f"the {noun}{of}"
    if kind == "time":
        return f"the time of the {predicate}{of}"
    if kind == "age":
        return f"the age{of}"
    if kind == "credit":
        verb = _CREDIT_VERBS.get(predicate, predicate.replace("_", " "))
        return f"who {verb} {subject or 'it'}"
    if family == "count":
        noun, _, outcome = rest.partition(":")
        # The noun is a lemma ("resident"): "the resident count" reads right where
        # "the number of resident" would not, without guessing a plural.
        if not outcome:
            return f"the {noun} count"
        return f"the number of {noun} {_OUTCOMES.get(outcome, outcome)}"
    if family in ("amount", "quantity", "percent"):
        what = {"amount": "amount", "quantity": "size", "percent": "percentage"}[family]
        return f"the {rest} {what}{of}"
    if family in ("location", "venue"):
        return f"where the {rest}{of} took place" if family == "location" else f"the venue{of}"
    return f"the {predicate}{of}"


def describe(
    predicate: str, kind: str, subject: str | None, values: Sequence[DiscrepancyValue]
) -> str:
    """A short sentence a reader can check: what is disputed and who says what."""

    def side(v: DiscrepancyValue) -> str:
        # Names read best as the name; numbers and dates as the articles wrote them.
        shown = v.texts[0] if v.texts and kind not in ("credit", "name", "place") else v.value
        n = len(v.article_ids)
        return f"“{shown}” ({n} article{'s' if n != 1 else ''})"

    what = topic(predicate, kind, subject)
    return f"Articles disagree on {what}: " + " vs ".join(side(v) for v in values) + "."
