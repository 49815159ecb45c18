"""Seeded synthetic news articles for benchmarks.

Articles look like scraped text: a headline, a byline, a dateline, paragraphs of
sentences with quotes, numbers and names, and the boilerplate real scrapes carry
(photo credits, social embeds, share widgets, a related-posts tail), so the
cleaner does its real amount of work.

``write_corpus`` writes unrelated articles as text files (the ingest benchmark);
``write_stories`` writes stories told by several outlets as JSONL (the whole-pipeline
benchmark).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
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


# -- multi-outlet stories -------------------------------------------------------------
#
# ``write_stories`` makes a corpus shaped like a media-monitoring feed rather than a pile
# of unrelated texts, because most of the pipeline's cost depends on that shape: dedup
# and rewrite alignment on how many copies there are, clustering on how many stories,
# entity merging and comparison on how many articles and quotes each story has.
#
# * Stories of one of several kinds (flood, council vote, strike, fire, trial, merger,
#   hospital, match), heavy-tailed sizes (most 1-4 articles, a few of 20-40), spread
#   over days at ~150 articles a day, each covered for up to three days.
# * A story has one fact sheet (place, organisation, people with titles and ages,
#   date, counts, money, percentages) and a few quotes with speakers; each outlet's
#   original article words its own ~600 words around it (its own sentence choice and
#   order, its own background sentences) and sometimes gets a fact, a name's spelling
#   or a quote's wording wrong, or credits a quote to the wrong person.
# * Some articles are syndicated copies of another outlet's (same body, trimmed or
#   with a credit line), some are machine rewrites (synonyms swapped word by word,
#   quotes included), as aggregators publish them.
# * Outlets add their own boilerplate (newsletter lines, share widgets, related links).
# * Most names of people, places and companies are coined, and each story has its own
#   subject words from everyday English (wordfreq): as in real news, articles of
#   different stories share few rare words. With a small closed vocabulary every pair
#   of articles shares enough of them to be a rewrite candidate for dedup, and the
#   benchmark would measure that artefact instead of the pipeline.


def _w(text: str) -> list[str]:
    return text.split()


_FIRST = _w(
    "Ana Marco Lena Tariq Joan Priya Olu Kenji Ruth Diego Mira Tomas Greta Idris Helen Samuel "
    "Nadia Victor Elena Yusuf Clara Owen Fatima Hugo Irene Rafael Sofia Pavel Amara Lucas "
    "Ingrid Mateo Leila Conor Beatriz Emil Zara Felix Noor Grace Adaeze Bjorn Carmen Dmitri "
    "Esther Farid Giulia Hamza Ines Jakub Keiko Lars Malik Nkechi Orla Pedro Quentin Rosa "
    "Sanjay Tove Ulrich Valeria Wanjiru Xavier Yara Zoltan Aisha Bruno Chidi Dagny Emeka "
    "Freya Goran Hana Ivo Jelena Kwame Liesel Mehmet Nils Oksana Paulo Rania Soren Taini "
    "Uma Vikram Wren Yosef Zainab Anika Bastien Cosima Darius Eitan Flavia Gideon Halima"
)
_LAST = _w(
    "Ruiz Okafor Lindqvist Haddad Moreau Kowalski Tanaka Byrne Varga Osei Brandt Mensah "
    "Castillo Novak Fitzgerald Albescu Whitaker Nakamura Delacroix Oyelaran Sorensen Petrakis "
    "Gallagher Mbeki Holloway Ferreira Abernathy Kaczmarek Quinlan Rahman Ellery Vasquez "
    "Thornbury Adeyemi Carrow Lindholm Marchetti Okonkwo Prescott Halvorsen"
)
_PLACE_A = _w("Ash Bel Cal Dun Elm Fair Glen Har Kes Lan Mar North Oak Pen Red Stan Thorn West")
_PLACE_B = _w("ford bridge ton ham wick by mouth field haven stead more port")
_RIVERS = _w("Tamsin Aldous Wend Corran Lisk Marrow Fenn Ouse Brannock Tilt")
_PAPERS = _w("Gazette Herald Courier Times Post Chronicle Observer Ledger Record Tribune")
_WIRES = ["Wirestream", "Coastal Press Agency", "Continental News Service"]
# Content farms that republish rewritten copies.
_FARMS = ["newsflashhub", "dailyroundup", "headline-hive", "trendwire24", "buzzdigest"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_TITLES = ["Mayor", "Councillor", "Chief Inspector", "Dr.", "Professor", "Superintendent"]
_ROLES = ["a retired teacher", "a nurse", "a shop owner", "a bus driver", "a student", "a farmer"]


@dataclass(frozen=True, slots=True)
class _Kind:
    name: str
    org: str  # "{place}" is filled in
    headlines: tuple[str, ...]
    ledes: tuple[str, ...]
    facts: tuple[str, ...]
    quotes: tuple[str, ...]


_KINDS: tuple[_Kind, ...] = (
    _Kind(
        "flood",
        "the {place} Emergency Management Office",
        (
            "River {river} floods hundreds of homes in {place}",
            "{place} declares emergency as river bursts its banks",
            "Floodwater forces {count} from their homes in {place}",
        ),
        (
            "{PLACE} — The River {river} burst its banks on {day}, flooding {count} homes "
            "and forcing {count2} families to leave, {org} said.",
            "Hundreds of residents in {place} spent {day} night in emergency shelters after "
            "the River {river} rose {pct} feet above its usual level.",
        ),
        (
            "{org_cap} said {count} homes were flooded and {count2} people were taken to "
            "shelters by {day} evening.",
            "The river peaked at {pct} feet on {date}, the highest level since {year0}.",
            "Damage is expected to exceed ${money} million, according to early estimates.",
            "{title1} {name1} declared a state of emergency on {date} and asked the state for "
            "help.",
            "A {age}-year-old man was rescued from the roof of his car near the {river} bridge.",
            "Forecasters expect another {n} inches of rain before the weekend.",
        ),
        (
            "We have never seen the water come up this fast, not in my lifetime",
            "Our first job is to get every family somewhere dry and safe tonight",
            "The defences we were promised in {year0} were never built",
            "It was terrifying, we barely had time to grab the children and leave",
            "We will not know the full cost until the water goes down",
        ),
    ),
    _Kind(
        "vote",
        "the {place} City Council",
        (
            "{place} council approves ${money} million {project}",
            "Council votes {v1}-{v2} for {project} in {place}",
            "{place} backs {project} despite protests",
        ),
        (
            "{PLACE} — The {place} City Council voted {v1}-{v2} on {day} to approve {project}, "
            "a plan that will cost about ${money} million.",
            "After a {n}-hour meeting, councillors in {place} approved {project} on {day}.",
        ),
        (
            "The council voted {v1}-{v2} on {date} to approve {project}.",
            "The plan will cost ${money} million, up {pct}% from the estimate made in {year0}.",
            "About {count2} residents attended the meeting at the {place} library.",
            "Construction is expected to begin in {month} and to take {n} months.",
            "{title1} {name1} said the city would borrow part of the money.",
            "A petition against the plan gathered {count} signatures.",
        ),
        (
            "This is the most important decision this council will make in a decade",
            "Nobody here is against progress, but the numbers simply do not add up",
            "We cannot keep asking families to wait another year for something they were promised",
            "The people who pay for this are the ones who were never asked",
            "We will review every option before we spend another dollar",
        ),
    ),
    _Kind(
        "strike",
        "the {place} Transit Workers Union",
        (
            "Bus drivers in {place} walk out over pay",
            "Strike halts buses across {place} for {n} days",
            "{place} transit strike enters its {n}th day",
        ),
        (
            "{PLACE} — About {count} bus drivers in {place} went on strike on {day} after "
            "talks over a {pct}% pay rise collapsed, {org} said.",
            "Buses stood still across {place} on {day} as drivers began a strike over pay and "
            "shift patterns.",
        ),
        (
            "{org_cap} says {count} of its members voted for the strike.",
            "The union is asking for a {pct}% rise; the operator has offered {n}%.",
            "The strike began on {date} and is set to last {n} days.",
            "{title1} {name1} said the city had lost about ${money} million in fares.",
            "Talks are due to resume on {day} at the offices of {company}.",
            "A {age}-year-old driver said she had not had a raise since {year0}.",
        ),
        (
            "Our members are exhausted and they have simply had enough",
            "We made a fair offer and the union walked away from it",
            "I have driven this route for twenty years and I have never felt so ignored",
            "Every day this goes on, it is the passengers who suffer",
            "We are ready to talk at any hour of the day or night",
        ),
    ),
    _Kind(
        "fire",
        "the {place} Fire Service",
        (
            "Fire destroys warehouse in {place}",
            "{count2} firefighters battle blaze at {company} site in {place}",
            "Huge fire at {place} warehouse sends smoke across the city",
        ),
        (
            "{PLACE} — A fire destroyed a {company} warehouse in {place} on {day}, and "
            "{count2} firefighters spent {n} hours bringing it under control, {org} said.",
            "Thick smoke hung over {place} on {day} as a fire tore through a warehouse owned by "
            "{company}.",
        ),
        (
            "{org_cap} said {count2} firefighters and {n} engines were sent to the scene.",
            "{n} workers were treated for smoke inhalation and a {age}-year-old was taken to "
            "hospital.",
            "The fire started shortly after {hour} a.m. on {date}, officials said.",
            "{company} estimated the damage at ${money} million.",
            "{title1} {name1} said the cause was under investigation.",
            "Residents within {pct} miles were told to keep their windows closed.",
        ),
        (
            "The crews did an extraordinary job in very dangerous conditions",
            "We saw the flames from three streets away and we just ran",
            "It is too early to say what caused the fire and we will not speculate",
            "Everyone who was in the building is accounted for, and that is what matters",
            "This warehouse employed people from every family on this street",
        ),
    ),
    _Kind(
        "trial",
        "the {place} Crown Court",
        (
            "{place} man jailed for {n} years over fraud",
            "Former {company} manager sentenced in {place}",
            "Judge jails {name1} for {n} years",
        ),
        (
            "{PLACE} — A former manager at {company} was sentenced to {n} years in prison on "
            "{day} for stealing ${money} million from the firm, {org} heard.",
            "{name1}, {age}, was jailed on {day} after a {n}-week trial in {place}.",
        ),
        (
            "{name1}, {age}, was convicted on {date} of {count2} counts of fraud.",
            "Prosecutors said the money was taken over {n} years, starting in {year0}.",
            "The jury deliberated for {pct} hours before reaching its verdict.",
            "{company} said it had recovered about {pct}% of the money.",
            "The judge, {title2} {name2}, said the crime had been carefully planned.",
            "{name1}'s lawyer said his client would appeal.",
        ),
        (
            "This was a calculated betrayal of colleagues who trusted him",
            "My client maintains his innocence and we will appeal",
            "Today's sentence sends a clear message to anyone tempted to do the same",
            "We have changed our controls so that this cannot happen again",
            "I lost my savings and nobody has said sorry",
        ),
    ),
    _Kind(
        "merger",
        "{company}",
        (
            "{company} to buy {company2} for ${money} billion",
            "{company} deal puts {count} jobs in {place} at risk",
            "{company2} agrees takeover by {company}",
        ),
        (
            "{PLACE} — {company} agreed on {day} to buy {company2} for ${money} billion, a deal "
            "that could cost up to {count} jobs in {place}.",
            "Shares in {company2} rose {pct}% on {day} after {company} announced a takeover.",
        ),
        (
            "The deal values {company2} at ${money} billion, including debt.",
            "{company} said it expected savings of ${n}0 million a year by {year1}.",
            "Shares in {company2} rose {pct}% on {date}.",
            "The combined company will employ about {count} people.",
            "{title1} {name1}, the chief executive of {company}, will lead the new group.",
            "Regulators are expected to review the deal for {n} months.",
        ),
        (
            "Together we will be stronger, faster and closer to our customers",
            "We have not made any decision about jobs and it would be wrong to speculate",
            "This is a good price for shareholders and a good home for our people",
            "Families in this town deserve answers, not press releases",
            "We will look very closely at what this means for prices",
        ),
    ),
    _Kind(
        "hospital",
        "the {place} Regional Health Board",
        (
            "New ${money} million hospital wing opens in {place}",
            "{place} hospital opens maternity wing after {n}-year wait",
            "First patients arrive at {place}'s new wing",
        ),
        (
            "{PLACE} — A ${money} million maternity wing opened at {hospital} on {day}, "
            "{n} years after it was first proposed, {org} said.",
            "The first patients were admitted on {day} to the new wing at {hospital}.",
        ),
        (
            "The wing has {count2} beds and {n} operating theatres.",
            "It cost ${money} million, {pct}% more than planned in {year0}.",
            "{org_cap} said waiting times should fall by a third.",
            "{title1} {name1} cut the ribbon on {date}.",
            "About {count} babies are born at {hospital} every year.",
            "The hospital is hiring {count2} nurses and midwives.",
        ),
        (
            "Mothers in this region have waited far too long for this",
            "The staff have worked miracles in the old building",
            "We are proud to open the doors today and there is more to do",
            "I gave birth here twelve years ago in a corridor",
            "Every bed here will be full within a month",
        ),
    ),
    _Kind(
        "match",
        "{team} Football Club",
        (
            "{team} win the cup in {place}",
            "Late goal gives {team} {score} win over {team2}",
            "{team} end {n}-year wait for a trophy",
        ),
        (
            "{PLACE} — {team} beat {team2} {score} on {day} to win the regional cup in front of "
            "{big} fans.",
            "A late header from {name1} gave {team} the cup on {day}.",
        ),
        (
            "{team} beat {team2} {score} on {date}.",
            "{name1}, {age}, scored in the {minute}th minute.",
            "The crowd of {big} was the biggest at the ground since {year0}.",
            "It is the club's first trophy in {n} years.",
            "{team2} had {count2} shots but scored only once.",
            "The coach, {name2}, said the players would be given {n} days off.",
        ),
        (
            "I have dreamed about this moment since I was a little boy",
            "We were not at our best, but we never stopped running",
            "This is for everyone who stayed with us in the bad years",
            "We will come back stronger next season, I promise you that",
            "The fans carried us over the line tonight",
        ),
    ),
)

_PROJECTS = [
    "the Harrow Street bridge repair",
    "a new sports centre",
    "the town hall renovation",
    "a new bus depot",
    "flood defences along the river",
    "the stadium redevelopment",
    "a new primary school",
]
_COMPANY_A = _w("Meridian Vantage Northgate Halcyon Brightwater Corvid Ironbridge Pellam")
_COMPANY_B = ["Holdings", "Logistics", "Foods", "Energy", "Group", "Systems", "Freight"]
_TEAM_B = ["Rovers", "United", "Athletic", "City", "Wanderers", "Albion"]
_BACKGROUND = (
    "{place} has about {big} people, according to the last count.",
    "People in {place} have talked about {t} for years.",
    "{org_cap} has been asked about {t} since {year0}.",
    "A similar case in {other_place} in {year0} cost ${money2} million.",
    "{other_name}, who has lived in {place} for {n} years, said it was {short}.",
    "{other_name}, who speaks for {org}, did not comment on {day}.",
    "According to {org}, the numbers will be made public in {month}.",
    "Local business owners say sales fell by {pct2}% last year.",
    "The state government has said it will look again at the {t} plan before the end of {year1}.",
    "Officials in {other_place} said they were watching closely.",
    "The last time something like this happened here was in {year0}.",
    "{other_name}, {role} from {other_place}, said the news was {short}.",
    "Some members of the council have asked for an open hearing.",
    "A public meeting is planned for {day} at the {place} community centre.",
    "Those numbers could not be checked.",
    "{org_cap} said it would put out a full report within {n} weeks.",
    "Some people say the early signs about {t} were missed as long ago as {year0}.",
    "The {place} business group said it supported the decision.",
)
_SHORT = ["long overdue", "a disgrace", "a step in the right direction", "heartbreaking"]
# Background sentences are composed from parts, so that 20-odd of them per article
# seldom repeat: repeated sentences across unrelated articles would be shingles that
# dedup has to verify and clustering has to discount, which real news does not have.
_WHO = (
    "Local people",
    "Some residents",
    "The city",
    "Many families",
    "Business leaders",
    "Officials",
    "The state government",
    "Several groups",
    "People in {place}",
    "{other_name}, who lives in {other_place},",
    "Local leaders",
    "Members of the public",
    "Some experts",
    "Police",
    "Young people in {place}",
    "Teachers",
)
_DOES = (
    "said they wanted",
    "have asked about",
    "are worried about",
    "want to see",
    "talked about",
    "spoke about",
    "called for",
    "are waiting for",
    "asked for",
    "support",
    "have questions about",
    "raised",
    "would like",
    "were told about",
    "have been working on",
)
_WHAT = (
    "the {t} {issue}",
    "plans for {t} and {t2}",
    "the {t} and the {t2}",
    "more {t} for the {t2}",
    "{t} in {place}",
    "the cost of {t}",
    "a new {t} {issue}",
    "the future of {t} and {t2}",
    "the {t} report on {t2}",
    "what happens to the {t}",
    "the {t} {issue} in {place}",
    "changes to the {t} {issue}",
    "the money for {t}",
)
_WHEN = (
    "",
    " this week",
    " since {year0}",
    " on {day}",
    " before {month}",
    ", according to {org}",
    ", local media said",
    " after the {t3} {issue} in {other_place}",
    " for the past {n} years",
    " last year",
    " in {place}",
    " because of the {t3}",
    " as the {t3} {issue} goes on",
)
_ISSUES = _w("plan problem issue report project program question case story change")
_VOX = (
    "Nobody has told us anything for weeks",
    "I just want to know who is going to pay for all this",
    "We have seen this before and nothing changed",
    "It is the older people I worry about most",
    "Everyone here knows somebody who has been affected",
    "They should have listened to us years ago",
    "I think most people are simply tired",
    "We will keep going, we always do",
    "It feels like the whole town is holding its breath",
    "My children ask me every day what is going to happen",
)


_TOPICS = 25


def _topic(rng: random.Random, slots: dict[str, str]) -> str:
    if rng.random() < 0.6:
        return slots[f"topic{rng.randint(1, _TOPICS)}"]
    return rng.choice(_lexicon())


def _filler(rng: random.Random, slots: dict[str, str], used: set[int]) -> str:
    """A background sentence or a passer-by's quote around the story's facts."""
    extra = {
        "other_place": _place(rng),
        "other_name": _person(rng),
        "role": rng.choice(_ROLES),
        "short": rng.choice(_SHORT),
        "money2": f"{rng.randint(1, 90)}.{rng.randint(1, 9)}",
        "pct2": str(rng.randint(2, 30)),
        "year0": str(rng.randint(1990, 2023)),
        "n": str(rng.randint(2, 40)),
        "paper": f"{slots['place']} {rng.choice(_PAPERS)}",
        # Mostly the story's own subject words, sometimes a word of the article's own.
        "t": _topic(rng, slots),
        "t2": _topic(rng, slots),
        "t3": _topic(rng, slots),
        "issue": rng.choice(_ISSUES),
    }
    fill = {**slots, **extra}
    k = rng.random()
    if k < 0.25 and len(used) < len(_BACKGROUND):
        i = rng.choice([i for i in range(len(_BACKGROUND)) if i not in used])
        used.add(i)
        return _BACKGROUND[i].format(**fill)
    if k < 0.35:
        who = f"{extra['other_name']}, {rng.randint(19, 84)}, {extra['role']} from {slots['place']}"
        return _attribute(rng.choice(_VOX), who, extra["other_name"].split()[1], rng, fill["paper"])
    parts = (rng.choice(_WHO), rng.choice(_DOES), rng.choice(_WHAT), rng.choice(_WHEN))
    return " ".join(parts[:3]).format(**fill) + parts[3].format(**fill) + "."


_SAY = ["said", "told reporters", "said in a statement", "told the {paper}"]
# A machine rewriter's thesaurus: one synonym per common news word, applied blindly. The
# synonyms are common words themselves: rare ones shared by every rewrite would make any
# two rewrites of different stories look related to dedup, which real text does not do.
_SYNONYMS = {
    "said": "stated",
    "says": "states",
    "told": "let know",
    "about": "around",
    "homes": "houses",
    "people": "individuals",
    "residents": "people living",
    "officials": "authorities",
    "expected": "likely",
    "began": "started",
    "begin": "start",
    "cost": "price",
    "new": "recent",
    "first": "initial",
    "years": "years",
    "city": "town",
    "council": "board",
    "meeting": "assembly",
    "plan": "scheme",
    "help": "assistance",
    "families": "homes",
    "after": "following",
    "before": "prior to",
    "would": "will",
    "under": "below",
    "control": "management",
    "fire": "burning",
    "work": "labour",
    "biggest": "largest",
    "since": "for the reason that",
    "never": "by no means",
    "every": "each",
    "people's": "individuals'",
    "night": "evening",
    "leave": "go away",
    "wait": "hold on",
    "money": "funds",
    "jobs": "positions",
    "deal": "agreement",
    "won": "received",
    "win": "victory",
    "beat": "won against",
    "fans": "crowd",
    "announced": "introduced",
    "staff": "workers",
    "important": "big",
    "decision": "choice",
    "simply": "just",
    "enough": "plenty",
    "proud": "happy",
    "today": "right now",
    "carefully": "well",
    "review": "look at",
    "full": "complete",
    "report": "account",
    "called": "referred to as",
    "taken": "brought",
    "level": "degree",
    "highest": "greatest",
    "local": "native",
    "asked": "wanted",
    "leaders": "figures",
    "year": "12 months",
    "public": "general public",
    "business": "company",
    "talked": "spoke",
    "government": "administration",
    "members": "people",
    "want": "need",
    "goes": "moves",
    "more": "extra",
    "future": "long run",
    "plans": "ideas",
    "happens": "takes place",
    "changes": "moves",
    "because": "as",
    "media": "press",
    "past": "previous",
    "see": "view",
    "worried": "involved",
    "waiting": "ready",
    "questions": "things to ask",
    "case": "matter",
    "spoke": "talked",
    "working": "operating",
    "raised": "brought up",
    "wanted": "needed",
    "support": "back",
    "many": "quite a few",
    "young": "younger",
    "experts": "people who know",
    "several": "a number of",
    "groups": "teams",
    "teachers": "school staff",
    "police": "officers",
    "story": "report",
    "project": "plan",
    "issue": "subject",
    "question": "matter",
    "program": "programme",
    "problem": "trouble",
    "change": "move",
    "numbers": "figures",
    "statement": "written note",
    "long": "big",
    "emergency": "crisis",
    "reporters": "the press",
    "regional": "local",
    "group": "team",
    "service": "body",
    "management": "administration",
    "office": "team",
    "planned": "set",
    "health": "well being",
    "within": "inside",
    "again": "once more",
    "something": "one thing",
    "student": "young person",
    "centre": "heart",
    "could": "may",
    "driver": "worker",
    "closely": "very well",
    "news": "information",
    "end": "finish",
    "teacher": "school staff member",
    "community": "neighborhood",
    "supported": "stood behind",
    "happened": "occurred",
    "signs": "pointers",
    "missed": "lost",
    "owners": "people who own",
    "sales": "business",
    "similar": "like",
    "hearing": "listening to",
    "watching": "keeping an eye on",
    "checked": "confirmed",
    "shop": "store",
    "owner": "one who owns",
    "nobody": "no one",
    "everyone": "everybody",
    "keep": "hold",
    "court": "judge",
    "children": "kids",
    "happen": "take place",
    "changed": "moved",
    "town": "place",
    "think": "assume",
    "tired": "done",
    "workers": "employees",
    "whole": "entire",
    "worry": "fear",
    "always": "all the time",
    "hospital": "medical centre",
    "another": "one other",
    "last": "final",
    "early": "early on",
    "weeks": "weeks' time",
    "affected": "hit",
    "older": "aged",
    "comment": "say anything",
    "put": "place",
    "time": "moment",
}


@dataclass(slots=True)
class StoryCorpus:
    """What ``write_stories`` planted, for the reader of a benchmark's table."""

    articles: int = 0
    stories: int = 0
    originals: int = 0
    copies: int = 0
    rewrites: int = 0
    outlets: int = 0
    days: int = 0
    words: int = 0
    files: list[Path] = field(default_factory=list)
    # url -> (story number, story kind, "original" | "copy" | "rewrite"): the planted truth.
    gold: dict[str, tuple[int, str, str]] = field(default_factory=dict)


_SYLLABLES = [c + v for c in "bcdfghklmnprstvwz" for v in "aeiou"]
_SURNAME_END = _w("_ _ _ son sen ez ski ova berg ley ton ian elli er in ard")


def _coined(rng: random.Random, ending: str = "") -> str:
    """A made-up proper name ("Kelvaro"): real news names people and places that a story
    has to itself, and the rare-word signals of dedup and clustering depend on that."""
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice([2, 2, 3])))
    return (word + ending).capitalize()


def _surname(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return rng.choice(_LAST)
    return _coined(rng, rng.choice(_SURNAME_END).strip("_"))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {_surname(rng)}"


def _place(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return rng.choice(_PLACE_A) + rng.choice(_PLACE_B)
    return _coined(rng, rng.choice(_PLACE_B))


_LEXICON: list[str] = []


def _lexicon() -> list[str]:
    """Everyday English below the commonest 3,000 words (wordfreq): the words that make
    one story's text its own."""
    if not _LEXICON:
        from wordfreq import top_n_list

        top = top_n_list("en", 30_000)[3000:]
        _LEXICON.extend(w for w in top if w.isalpha() and w.islower() and len(w) > 3)
    return _LEXICON


def _misspell(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(name) - 1)
    if rng.random() < 0.5:
        return name[:i] + name[i] + name[i:]  # doubled letter
    return name[:i] + name[i + 1 :]


def _facts(rng: random.Random, kind: _Kind, day0: date) -> dict[str, str]:
    place = _place(rng)
    people = [(rng.choice(_FIRST), _surname(rng)) for _ in range(4)]
    company, company2 = (
        f"{rng.choice(_COMPANY_A) if rng.random() < 0.3 else _coined(rng)} {rng.choice(_COMPANY_B)}"
        for _ in range(2)
    )
    slots = {
        "place": place,
        "PLACE": place.upper(),
        "river": rng.choice(_RIVERS) if rng.random() < 0.3 else _coined(rng),
        "company": company,
        "company2": company2 if company2 != company else company2 + " International",
        "team": f"{place} {rng.choice(_TEAM_B)}",
        "team2": f"{_place(rng)} {rng.choice(_TEAM_B)}",
        "hospital": f"{place} General Hospital",
        "project": rng.choice(_PROJECTS),
        "date": f"{_MONTH_NAMES[day0.month - 1]} {day0.day}",
        "day": _WEEKDAYS[day0.weekday()],
        "month": rng.choice(_MONTH_NAMES),
        "year0": str(rng.randint(1998, 2022)),
        "year1": str(rng.randint(2025, 2029)),
        "count": f"{rng.randint(120, 9000):,}",
        "count2": str(rng.randint(12, 95)),
        "big": f"{rng.randint(12, 90)},{rng.randint(0, 999):03d}",
        "money": f"{rng.randint(1, 480)}.{rng.randint(1, 9)}",
        "pct": f"{rng.randint(2, 19)}.{rng.randint(1, 9)}",
        "n": str(rng.randint(3, 14)),
        "age": str(rng.randint(19, 84)),
        "v1": str(rng.randint(5, 9)),
        "v2": str(rng.randint(0, 4)),
        "score": f"{rng.randint(1, 4)}-{rng.randint(0, 1)}",
        "minute": str(rng.randint(60, 94)),
        "hour": str(rng.randint(1, 11)),
    }
    for i, (first, last) in enumerate(people, start=1):
        slots[f"name{i}"] = f"{first} {last}"
        slots[f"last{i}"] = last
        slots[f"title{i}"] = rng.choice(_TITLES)
    lexicon = _lexicon()
    for i in range(1, _TOPICS + 1):
        slots[f"topic{i}"] = rng.choice(lexicon)
    slots["org"] = kind.org.format(**slots)
    slots["org_cap"] = slots["org"][0].upper() + slots["org"][1:]
    return slots


def _variant(slots: dict[str, str], rng: random.Random, day0: date) -> dict[str, str]:
    """One outlet's version of the facts: now and then a number, a date or a name off."""
    own = dict(slots)
    for _ in range(2):
        if rng.random() >= 0.2:
            continue
        what = rng.choice(["count", "money", "age", "date", "name"])
        if what == "count":
            own["count"] = f"{int(own['count'].replace(',', '')) + rng.randint(10, 400):,}"
        elif what == "money":
            own["money"] = f"{rng.randint(1, 480)}.{rng.randint(1, 9)}"
        elif what == "age":
            own["age"] = str(int(own["age"]) + rng.choice([-1, 1]))
        elif what == "date":
            d = day0 + timedelta(days=rng.choice([-1, 1]))
            own["date"] = f"{_MONTH_NAMES[d.month - 1]} {d.day}"
        else:
            i = rng.randint(1, 2)
            last = _misspell(own[f"last{i}"], rng)
            own[f"name{i}"] = own[f"name{i}"].split()[0] + " " + last
            own[f"last{i}"] = last
    return own


def _drift(quote: str, rng: random.Random) -> str:
    """A quote as an outlet misprints it: a word dropped or swapped, or cut short."""
    words = quote.split()
    k = rng.random()
    if k < 0.4 and len(words) > 6:
        del words[rng.randrange(1, len(words) - 1)]
    elif k < 0.7:
        i = rng.randrange(len(words))
        words[i] = _SYNONYMS.get(words[i], "really")
    else:
        words = words[: max(5, len(words) * 2 // 3)]
    return " ".join(words)


def _attribute(quote: str, speaker: str, last: str, rng: random.Random, paper: str) -> str:
    say = rng.choice(_SAY).format(paper=paper)
    form = rng.random()
    if form < 0.4:
        return f"\u201c{quote},\u201d said {speaker}."
    if form < 0.7:
        return f"{speaker} {say}: \u201c{quote}.\u201d"
    return f"\u201c{quote},\u201d {last} {say}."


def _original(
    rng: random.Random,
    kind: _Kind,
    slots: dict[str, str],
    quotes: list[tuple[str, int]],
    outlet: str,
    words: int,
) -> tuple[str, str]:
    """Title and body of one outlet's own report of the story."""
    title = rng.choice(kind.headlines).format(**slots)
    paper = f"{slots['place']} {rng.choice(_PAPERS)}"
    speakers = [
        (f"{slots[f'title{i}']} {slots[f'name{i}']}" if i < 3 else slots[f"name{i}"], i)
        for i in range(1, 5)
    ]
    sentences = [f.format(**slots) for f in rng.sample(kind.facts, rng.randint(3, len(kind.facts)))]
    for text, who in rng.sample(quotes, rng.randint(1, len(quotes))):
        if rng.random() < 0.15:
            text = _drift(text, rng)
        if rng.random() < 0.03:  # credited to the wrong person
            who = who % 4 + 1
        speaker, i = speakers[who - 1]
        sentences.append(_attribute(text, speaker, slots[f"last{i}"], rng, paper))
    rng.shuffle(sentences)
    target = rng.randint(int(words * 0.85), int(words * 1.15))
    body = [rng.choice(kind.ledes).format(**slots)]
    count = len(body[0].split())
    used: set[int] = set()
    while count < target:
        s = sentences.pop() if sentences else _filler(rng, slots, used)
        body.append(s)
        count += len(s.split())
    paras: list[str] = []
    i = 1
    paras.append(body[0])
    while i < len(body):
        k = rng.choice([1, 2, 2, 3])
        paras.append(" ".join(body[i : i + k]))
        i += k
    if rng.random() < 0.3:
        paras.insert(rng.randint(2, max(2, len(paras) - 1)), rng.choice(BOILER).format(
            f=rng.choice(_FIRST), l=_surname(rng), h=outlet.lower().replace(" ", "")
        ))  # fmt: skip
    if rng.random() < 0.4:
        paras.append(f"Sign up for the {outlet} morning newsletter")
    return title, "\n\n".join(paras)


_NUMBER_WORDS = _w("zero one two three four five six seven eight nine ten eleven twelve")


def _spin(word: str, rng: random.Random, rate: float) -> str:
    core = word.strip('.,:;"')
    low = core.lower()
    if low in _SYNONYMS and rng.random() < rate:
        new = _SYNONYMS[low]
    elif core.isdigit() and int(core) < len(_NUMBER_WORDS):
        new = _NUMBER_WORDS[int(core)]
    else:
        return word
    if core[:1].isupper():
        new = new[0].upper() + new[1:]
    return word.replace(core, new, 1)


def _rewrite(text: str, rng: random.Random, rate: float = 0.95) -> str:
    """A content farm's machine rewrite: thesaurus swaps, numbers spelt out, straight
    quotes; enough that it is no longer a near-duplicate, as spinners intend."""
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return "\n\n".join(
        " ".join(_spin(word, rng, rate) for word in para.split(" ")) for para in text.split("\n\n")
    )


def _story_size(rng: random.Random, cap: int = 40, alpha: float = 1.6) -> int:
    weights = [k**-alpha for k in range(1, cap + 1)]
    return rng.choices(range(1, cap + 1), weights)[0]


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def write_stories(
    root: Path, n: int, *, seed: int = 1, words: int = 600, per_day: int = 150
) -> StoryCorpus:
    """Write ``n`` articles of multi-outlet stories as JSONL, one file per outlet."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    papers = sorted({f"{_place(rng)} {rng.choice(_PAPERS)}" for _ in range(40)})
    outlets = papers + _WIRES
    days = max(3, -(-n // per_day))
    start = date(2024, 3, 1)
    info = StoryCorpus(days=days)
    records: dict[str, list[tuple[str, dict[str, str]]]] = {}
    while info.articles < n:
        kind = rng.choice(_KINDS)
        # Each story has only some of its kind's facts: two fires are not told alike.
        kind = _Kind(
            kind.name, kind.org, kind.headlines, kind.ledes, tuple(rng.sample(kind.facts, 4)),
            kind.quotes,
        )  # fmt: skip
        day0 = start + timedelta(days=rng.randrange(days))
        slots = _facts(rng, kind, day0)
        quotes = [
            (q.format(**slots), rng.randint(1, 4))
            for q in rng.sample(kind.quotes, rng.randint(2, 4))
        ]
        size = min(_story_size(rng), n - info.articles)
        info.stories += 1
        told: list[tuple[str, str, str]] = []  # outlet, title, body
        for j in range(size):
            published = day0 + timedelta(days=min(rng.randrange(4), rng.randrange(4)))
            kind_of = "original" if j == 0 else rng.choices(
                ["original", "copy", "rewrite"], [0.6, 0.25, 0.15]
            )[0]  # fmt: skip
            author = _person(rng)
            if kind_of == "original":
                outlet = rng.choice(outlets)
                own = _variant(slots, rng, day0)
                title, body = _original(rng, kind, own, quotes, outlet, words)
                info.originals += 1
            elif kind_of == "copy":
                src_outlet, title, body = rng.choice(told)
                outlet = rng.choice([o for o in papers if o != src_outlet])
                paras = body.split("\n\n")
                if rng.random() < 0.4 and len(paras) > 6:
                    paras = paras[: len(paras) - rng.randint(1, 3)]
                paras.append(f"This article first appeared in {src_outlet}.")
                body = "\n\n".join(paras)
                info.copies += 1
            else:
                _, title, body = rng.choice(told)
                outlet = rng.choice(_FARMS)
                title, body = _rewrite(title, rng), _rewrite(body, rng)
                author = "Staff"
                info.rewrites += 1
            told.append((outlet, title, body))
            url = f"https://{_slug(outlet)}.example/{published:%Y/%m}/{_slug(title)[:60]}-{info.articles}"
            record = {
                "title": title,
                "text": body,
                "source": outlet,
                "author": author,
                "date": f"{published}T{rng.randint(5, 22):02d}:{rng.randrange(60):02d}:00Z",
                "url": url,
            }
            records.setdefault(outlet, []).append((record["date"], record))
            info.gold[url] = (info.stories, kind.name, kind_of)
            info.articles += 1
            info.words += len(body.split())
    for outlet, rows in sorted(records.items()):
        path = root / f"{_slug(outlet)}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for _, record in sorted(rows, key=lambda r: r[0]):
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        info.files.append(path)
    info.outlets = len(records)
    return info
