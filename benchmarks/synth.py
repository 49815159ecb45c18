"""Seeded synthetic news articles for benchmarks.

Articles look like scraped text: a headline, a byline, a dateline, paragraphs of
sentences with quotes, numbers and names, and the boilerplate real scrapes carry
(photo credits, social embeds, share widgets, a related-posts tail), so the
cleaner does its real amount of work.
"""

from __future__ import annotations

import random
from pathlib import Path

FIRST = ["Ana", "Marco", "Lena", "Tariq", "Joan", "Priya", "Ola", "Kenji", "Ruth", "Diego"]
LAST = ["Ruiz", "Okafor", "Lindqvist", "Haddad", "Moreau", "Kowalski", "Tanaka", "Byrne"]
PLACES = ["Dunmore", "Port Ellis", "Aldbridge", "Harlow Bay", "Kestrel Falls", "Northam"]
ORGS = ["the city council", "Meridian Energy", "the port authority", "Vantage Rail", "the union"]
NOUNS = [
    "budget",
    "bridge",
    "contract",
    "strike",
    "election",
    "festival",
    "merger",
    "flood",
    "hospital",
    "stadium",
    "report",
    "inquiry",
    "tariff",
    "harvest",
    "vaccine",
    "tunnel",
]
VERBS = [
    "approved",
    "rejected",
    "delayed",
    "announced",
    "criticised",
    "expanded",
    "cancelled",
    "defended",
    "reviewed",
    "funded",
]
ADJ = ["new", "long-awaited", "controversial", "regional", "emergency", "annual", "revised"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
BOILER = [
    "View this post on Instagram",
    "A post shared by {f} {l} (@{h})",
    "Share This Story, Choose Your Platform!",
    "Sign up for our morning newsletter",
    "Go to Top",
]


def _sentence(rng: random.Random) -> str:
    f, lname, place = rng.choice(FIRST), rng.choice(LAST), rng.choice(PLACES)
    kind = rng.random()
    if kind < 0.2:
        return (
            f'"The {rng.choice(NOUNS)} was {rng.choice(VERBS)} because we had no choice," '
            f"said {f} {lname}, {rng.randint(25, 80)}."
        )
    if kind < 0.35:
        return (
            f"{rng.choice(ORGS).capitalize()} said on {rng.choice(MONTHS)} {rng.randint(1, 28)} "
            f"that {rng.randint(2, 900)} people in {place} were affected."
        )
    if kind < 0.5:
        return (
            f"The {rng.choice(ADJ)} {rng.choice(NOUNS)} will cost about "
            f"${rng.randint(1, 99)}.{rng.randint(1, 9)} million, up {rng.randint(2, 40)}% "
            f"from last year."
        )
    words = [rng.choice(ORGS), rng.choice(VERBS), "the", rng.choice(ADJ), rng.choice(NOUNS)]
    tail = " ".join(
        rng.choice(NOUNS + ADJ + ["in", "of", "and", "after", "for", "the"])
        for _ in range(rng.randint(6, 14))
    )
    return f"{' '.join(words).capitalize()} {tail} in {place}."


def article(rng: random.Random, *, words: int = 600) -> str:
    f, lname = rng.choice(FIRST), rng.choice(LAST)
    head = (
        f"{rng.choice(PLACES)} {rng.choice(NOUNS)} {rng.choice(VERBS)} after "
        f"{rng.choice(ADJ)} {rng.choice(NOUNS)} vote"
    )
    lines = [head.capitalize(), "", f"by {f} {lname}", ""]
    lines.append(f"2024-0{rng.randint(1, 8)}-{rng.randint(10, 28)}T08:00:00+00:00 ")
    count = 0
    while count < words:
        para = " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.1:
            para = para.rstrip(".") + f" at the sceneCredit: {rng.choice(['Reuters', 'AP'])}"
        lines += [para, ""]
        count += len(para.split())
        if rng.random() < 0.08:
            b = rng.choice(BOILER).format(f=f, l=lname, h=(f + lname).lower())
            lines += [b, ""]
    lines += ["Related Posts", ""]
    lines += [f"{rng.choice(NOUNS).capitalize()} of the year | Official trailer", ""]
    return "\n".join(lines)


def write_corpus(root: Path, n: int, *, seed: int = 1, words: int = 600) -> list[Path]:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        sub = root / f"outlet-{i % 20:02d}"
        sub.mkdir(exist_ok=True)
        p = sub / f"article-{i:06d}.txt"
        p.write_text(article(rng, words=words), encoding="utf-8")
        paths.append(p)
    return paths
