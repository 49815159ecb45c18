"""Author names in bylines ("By JANE DOE, Staff Writer", "Jane Doe | Reporter")."""

from __future__ import annotations

import re

# Words before "by" that still make a byline ("Written by …"); credits such as "Photo by"
# are deliberately absent: they belong to images, not to the article. "por/par/von/door"
# are the same word in Spanish, French, German and Dutch bylines.
BY_PREFIX = re.compile(
    r"[ \t]*(?:(?:written|story|words|text|reporting|report|posted|article|interview|compiled)"
    r"[ \t]+)?(?:by|por|par|von|door)[ \t]*:?[ \t]+(?=\S)",
    re.IGNORECASE,
)
LABELLED = re.compile(r"[ \t]*(?:authors?|byline|writers?|reporters?)[ \t]*:[ \t]*(?=\S)", re.I)
# Job titles and affiliations that follow a name; they are dropped from the author.
_ROLE = re.compile(
    r"(?:[\w&.'’-]+\s+){0,5}?(?:reporter|correspondent|writer|editor|columnist|contributor"
    r"|journalist|producer|critic|staff|intern|analyst|author|freelancer?|photographer"
    r"|press|news|times|post|agency|service|network|media|magazine|journal|daily|herald"
    r"|tribune|gazette|wire|desk|team|bureau)s?\.?",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\+)\s*", re.IGNORECASE)
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}$")
# Lower-case name particles ("Ana de Souza", "Jan van der Berg").
_PARTICLE = re.compile(
    r"de|da|das|del|della|der|den|di|do|dos|du|la|le|van|von|ter|bin|ibn|al|el|y"
)
# Function words never found in names: "By the time we arrived" is not a byline.
_STOPWORD = re.compile(
    r"the|a|an|this|that|these|those|our|my|your|his|her|their|its|we|i|you|it|they|he|she"
    r"|is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|not|no|yes|all"
    r"|some|any|more|most|many|much|way|time|day|week|year|people|who|what|when|where|which"
    r"|why|how|there|here|then|than|now|also|just|only|even",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*")
_CAP_AFTER = re.compile(r"(^|[-'’])(\w)")


def _proper(token: str) -> str:
    return _CAP_AFTER.sub(lambda m: m.group(1) + m.group(2).upper(), token.lower())


def _shouted(token: str) -> bool:
    # All-caps names are proper-cased; short all-caps tokens without vowels ("AP") are
    # acronyms and stay.
    return token.isupper() and (
        len(token) > 3 or (len(token) > 1 and any(c in "AEIOUY" for c in token))
    )


def _name(part: str, *, single_ok: bool) -> str | None:
    tokens = part.split()
    if not 1 <= len(tokens) <= 5 or (len(tokens) == 1 and not single_ok):
        return None
    lowered = part.islower()
    out: list[str] = []
    for index, token in enumerate(tokens):
        if not _TOKEN.fullmatch(token) or _STOPWORD.fullmatch(token):
            return None
        if index and _PARTICLE.fullmatch(token.lower()) and (lowered or token.islower()):
            out.append(token.lower())
        elif lowered or _shouted(token):
            out.append(_proper(token))
        elif token[0].isupper():
            out.append(token)
        else:
            return None
    return " ".join(out)


def parse_names(text: str, *, single_ok: bool = True) -> list[str] | None:
    """Author names in the part of a byline after "by"; None when it is not a byline.

    Parts after the first name that read as a job title or affiliation ("Staff Writer",
    "for The Ledger", "Associated Press") are dropped; any other part that is not a name
    means this was a sentence ("By the time we arrived, …"), not a byline.
    """
    names: list[str] = []
    for raw_part in _SPLIT.split(text.strip()):
        part = _IN_PLACE.sub("", raw_part.strip())
        if not part:
            continue
        if names and (_ROLE.fullmatch(part) or part.lower().startswith("for ")):
            continue
        name = _name(part, single_ok=single_ok)
        if name is None:
            return None
        names.append(name)
    return names or None


def is_role(text: str) -> bool:
    """True for a job title or desk written beside a name ("Reporter", "Senior Editor")."""
    return _ROLE.fullmatch(text.strip()) is not None


def join_names(names: list[str]) -> str:
    """Names as one author string: "A", "A and B", "A, B and C"."""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]
