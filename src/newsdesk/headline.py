"""Which outlet title opens a story's summary and names the story.

A title is a candidate when it states something (``standalone.usable_headline``)
and names no value of a disputed fact; among those, the one the *other* articles
bear out best leads. Titles carry no extracted claims, so a title's stance on a
dispute is read from the words that tell the dispute's values apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .model import Article, Discrepancy, StoryRecord, Summary
from .standalone import usable_headline

Vectors = npt.NDArray[np.float32]

_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_]{3,}")
# fmt: off
_GLUE = frozenset(
    ["the", "and", "for", "with", "from", "that", "was", "were", "has", "had", "have", "its"]
)
# fmt: on


def _tokens(text: str) -> set[str]:
    return {t for t in _TOKEN.findall(text.lower()) if t not in _GLUE}


def _named_values(text: str, d: Discrepancy) -> list[int]:
    """Indices of the values of ``d`` that ``text`` (a title: no claims were
    extracted from it) names: a figure or word in one value's wording that the
    other values do not share ("June 14" against "June 15", "four" against
    "five")."""
    have = _tokens(text)
    sides = [{tok for t in (*v.texts, v.value) for tok in _tokens(t or "")} for v in d.values]
    named = []
    for k, side in enumerate(sides):
        others = set().union(*(o for j, o in enumerate(sides) if j != k))
        if (side - others) & have:
            named.append(k)
    return named


def _states_dispute(text: str, disputes: Sequence[Discrepancy]) -> bool:
    return any(_named_values(text, d) for d in disputes)


def _states_minority(text: str, disputes: Sequence[Discrepancy]) -> bool:
    return any(d.minority.intersection(_named_values(text, d)) for d in disputes)


def story_title(
    story: StoryRecord,
    members: Sequence[Article],
    summary: Summary,
    disputes: Sequence[Discrepancy],
) -> str:
    """The story's name: its summary's headline; without one, the title
    clustering chose unless it gives the minority value of a major dispute, in
    which case the first member title that does not (a statement preferred)."""
    if summary.headline is not None:
        return summary.headline.text
    majors = [d for d in disputes if d.severity == "major"]
    if not majors or not _states_minority(story.title, majors):
        return story.title
    titles = [" ".join(a.title.split()) for a in members if a.title]
    fair = [t for t in titles if not _states_minority(t, majors)]
    fair.sort(key=lambda t: not usable_headline(t))
    return fair[0] if fair else story.title


def choose_headline(
    titles: Sequence[str],
    title_vectors: Vectors,
    title_articles: Sequence[str],
    context_vectors: Vectors,
    context_articles: Sequence[str],
    *,
    density: float,
    disputes: Sequence[Discrepancy] = (),
) -> list[int]:
    """Indices of the usable titles, best borne out first, per words**density.

    A title is borne out by the *other* articles: for each, the cosine of the
    closest thing it says, a candidate sentence or its own title, averaged. On
    roundup train this beat closeness to the centroid of all sentences (which
    the longest article dominates), and counting the other titles beat
    sentences alone (+0.08 ROUGE-2): outlets agree in their headlines on what
    the story is. With no other article, closeness to the centroid. A title
    stating one side of a disputed fact is never among them."""
    ok = [
        i for i, t in enumerate(titles) if usable_headline(t) and not _states_dispute(t, disputes)
    ]
    if not ok or not len(context_vectors):
        return []
    # Everything each article says, its sentences then its title, against each title.
    said = np.concatenate([title_vectors @ context_vectors.T, title_vectors @ title_vectors.T], 1)
    said_by = np.array([*context_articles, *title_articles])
    articles = list(dict.fromkeys(said_by))
    # closest[i, k]: the cosine of the closest thing article k says to title i.
    closest = np.stack([said[:, said_by == a].max(axis=1) for a in articles], 1).astype(np.float64)
    centroid = context_vectors.mean(axis=0)

    def score(i: int) -> float:
        others = [k for k, a in enumerate(articles) if a != title_articles[i]]
        if not others:
            return float(title_vectors[i] @ centroid)
        return float(np.mean(closest[i, others]))

    return sorted(ok, key=lambda i: -score(i) / len(titles[i].split()) ** density)
