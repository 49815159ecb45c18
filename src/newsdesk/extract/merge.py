"""Entities per story: a story's mentions merged into entities.

``merge_entities`` groups a story's mentions by normalised name (``name_key``)
and joins the names of one entity: a one-word name that is part of exactly one
person's full name in its own article ("Sean Payton ... Payton"); spelling
variants (typo-sized edits of long words, recorded as ``Variant``); full forms of
one person ("Fred LaRue", "Frederick C. LaRue"); partial names (Gaga ⊂ Lady Gaga)
when the shortest longer names holding them are one entity (beside Bill and
Hillary Clinton, a bare "Clinton" stays apart); acronyms (FBI) when one name has
those initials. Label disagreements are settled by majority.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Entity, Mention, Variant, content_id
from .entities import DEFAULT_LABELS, NAME_CLASS, UNKNOWN_LABEL, EntityConfig, name_key

__all__ = ["entity_at", "merge_entities"]

_LABEL_ORDER = {label: i for i, label in enumerate(DEFAULT_LABELS)}
_PARTIAL_CLASSES = frozenset(NAME_CLASS.values())
# The least share of a name's mentions in a type for it to join a name of that type.
_MIN_CLASS_SHARE = 0.2
# NER is trusted on a name when this share of at least this many of its mentions agree.
_CONFIDENT_SHARE = 0.8
_CONFIDENT_MENTIONS = 2
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "&", "de", "du", "la", "le", "to", "in"})


def _majority(labels: Iterable[str]) -> str:
    counts = Counter(label for label in labels if label != UNKNOWN_LABEL)
    if not counts:
        return UNKNOWN_LABEL
    return min(counts, key=lambda lab: (-counts[lab], _LABEL_ORDER.get(lab, 99), lab))


@dataclass(frozen=True, slots=True)
class _Reading:
    """How merging reads one mention: its normalised name, the person's full
    name it stands for in its own article ("" if none), the label it counts with."""

    key: str
    holder: str
    label: str


def _read_in_article(mentions: Sequence[Mention]) -> list[_Reading]:
    """Resolve one-word names inside their own article.

    News style names a person in full, then by one name: "Sean Payton ...
    Payton". A one-word name that is part of exactly one person's full name in
    its article is that person, whatever other Paytons the story holds. NER,
    reading the bare word alone, often calls a surname a place or a company: the
    person's label counts (``Mention.label`` keeps what NER said). Organisations
    are left to the story-wide rules: "Microsoft" in an article on "Microsoft
    Security Response Alliance" is still Microsoft.
    """
    keys = [name_key(m.text) for m in mentions]
    out = [_Reading(k, "", m.label) for k, m in zip(keys, mentions, strict=True)]
    by_article: dict[str, dict[tuple[str, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, m in enumerate(mentions):
        if keys[i]:
            by_article[m.article_id][tuple(keys[i].split())].append(i)
    for names in by_article.values():
        for words, idx in names.items():
            if len(words) != 1:
                continue
            holders = [w for w in names if _is_part(words, w)]
            minimal = [w for w in holders if not any(v != w and _is_part(v, w) for v in holders)]
            if (
                len(minimal) == 1
                and _majority(mentions[k].label for k in names[minimal[0]]) == "PERSON"
            ):
                for i in idx:
                    out[i] = _Reading(keys[i], " ".join(minimal[0]), "PERSON")
    return out


@dataclass(frozen=True, slots=True)
class _Name:
    """The mentions of one normalised name in a story (those an article resolved
    to a person's full name form a group of their own, joined to that name)."""

    words: tuple[str, ...]
    label: str
    surface: str
    mentions: tuple[Mention, ...]
    # The labels merging reads, parallel to ``mentions`` (see ``_read_in_article``).
    labels: tuple[str, ...]
    # Share of the labelled mentions in each type ("Palin": place 0.6, person 0.3):
    # NER labels a bare surname by its context, so a minority type counts too.
    classes: tuple[tuple[str, float], ...]
    holder: str

    def share(self, cls: str) -> float:
        return next((v for c, v in self.classes if c == cls), 0.0)

    @property
    def cls(self) -> str:
        return NAME_CLASS.get(self.label, self.label)

    @property
    def confident(self) -> bool:
        labelled = sum(1 for label in self.labels if label != UNKNOWN_LABEL)
        return labelled >= _CONFIDENT_MENTIONS and self.share(self.cls) >= _CONFIDENT_SHARE


def _name(mentions: Sequence[Mention], readings: Sequence[_Reading]) -> _Name:
    labels = tuple(r.label for r in readings)
    counts = Counter(NAME_CLASS.get(label, label) for label in labels if label != UNKNOWN_LABEL)
    total = sum(counts.values())
    texts = Counter(" ".join(m.text.split()) for m in mentions)

    def shouting(text: str) -> int:  # "TOM Cruise" or "LINDSAY LOHAN" beside "Tom Cruise"
        return sum(len(w) > 1 and w.isupper() for w in text.split())

    return _Name(
        words=tuple(readings[0].key.split()),
        label=_majority(labels),
        surface=min(texts, key=lambda t: (shouting(t), -texts[t], -len(t), t)),
        mentions=tuple(mentions),
        labels=labels,
        classes=tuple(sorted((c, n / total) for c, n in counts.items())),
        holder=readings[0].holder,
    )


def _compatible(a: _Name, b: _Name, *, partial: bool) -> bool:
    """May ``a`` and ``b`` name one entity, by their labels? An unlabelled name
    fits any. Names of one type fit, and so do names with a real share of
    mentions in the other's type. A partial name ``a`` fits a longer ``b`` of a
    type with partial names if ``a`` has a share in that type or NER is unsure
    of ``a`` (an unfamiliar surname, "Ketsoyan", gets labels almost at random)."""
    if not a.classes or not b.classes:
        known = a if a.classes else b
        return not partial or not known.classes or known.cls in _PARTIAL_CLASSES
    if partial:
        share = a.share(b.cls) >= _MIN_CLASS_SHARE
        return b.cls in _PARTIAL_CLASSES and (share or not a.confident)
    return a.cls == b.cls or max(a.share(b.cls), b.share(a.cls)) >= _MIN_CLASS_SHARE


def _edits_within(a: str, b: str, limit: int) -> bool:
    """Optimal-string-alignment distance of ``a`` and ``b`` is at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit


def _typo(a: str, b: str, *, minimum: int, config: EntityConfig) -> bool:
    shortest = min(len(a), len(b))
    if shortest < minimum or a[0] != b[0] or not (a.isalpha() and b.isalpha()):
        return False
    return _edits_within(a, b, 2 if shortest >= config.variant_two_edits_from else 1)


def _misspellings(names: Sequence[_Name], config: EntityConfig) -> dict[str, str]:
    """Misspelt word -> the spelling the story uses more (the longer on a tie)."""
    freq: Counter[str] = Counter()
    # A typo keeps every word's first letter: only names with the same initials compare.
    by_shape: dict[str, list[_Name]] = defaultdict(list)
    for name in names:
        freq.update({w: len(name.mentions) for w in name.words})
        if not name.holder:
            by_shape["".join(w[0] for w in name.words)].append(name)
    mapping: dict[str, str] = {}
    for shape, group in by_shape.items():
        minimum = (
            config.variant_min_chars if len(shape) > 1 else config.variant_single_word_min_chars
        )
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                pairs = [(x, y) for x, y in zip(a.words, b.words, strict=True) if x != y]
                # Every word that differs is a typo-sized change of a long word
                # ("Heidar Alishvandi" / "Heydar Alishbandi").
                if (
                    pairs
                    and _compatible(a, b, partial=False)
                    and all(_typo(x, y, minimum=minimum, config=config) for x, y in pairs)
                ):
                    for x, y in pairs:
                        keep, drop = sorted((x, y), key=lambda w: (-freq[w], -len(w), w))
                        mapping[drop] = mapping.get(keep, keep)
    for word in list(mapping):  # a -> b -> c: a -> c
        seen = {word}
        while mapping[word] in mapping and mapping[word] not in seen:
            seen.add(mapping[word])
            mapping[word] = mapping[mapping[word]]
    return mapping


def _join_compounds(canon: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Read "Trail Blazers" as "trailblazers" when the story also spells it so."""
    vocabulary = {w for words in canon for w in words}
    out: list[tuple[str, ...]] = []
    for words in canon:
        joined: list[str] = []
        for w in words:
            if joined and len(joined[-1]) > 1 and len(w) > 1 and joined[-1] + w in vocabulary:
                joined[-1] += w
            else:
                joined.append(w)
        out.append(tuple(joined))
    return out


def _is_part(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` is a prefix or a suffix of ``long``, or keeps its first and last
    words in order (Hillary Clinton ⊂ Hillary Rodham Clinton)."""
    n, m = len(short), len(long)
    if n >= m:
        return False
    if long[:n] == short or long[m - n :] == short:
        return True
    if n < 2 or short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(w in rest for w in short)


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        self.parent[max(ra, rb)] = min(ra, rb)


def merge_entities(
    mentions: Sequence[Mention], *, story_id: str | None, config: EntityConfig
) -> list[Entity]:
    """Merge the mentions of one story's articles into entities.

    Entities come most mentioned first, their mentions sorted by (article id,
    start). A mention whose text normalises to nothing is dropped.
    """
    if config.merge_in_article:
        readings = _read_in_article(mentions)
    else:
        readings = [_Reading(name_key(m.text), "", m.label) for m in mentions]
    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(readings):
        if r.key:
            grouped[(r.key, r.holder)].append(i)
    names = [
        _name([mentions[i] for i in idx], [readings[i] for i in idx])
        for _, idx in sorted(grouped.items())
    ]
    mapping = _misspellings(names, config) if config.merge_variants else {}
    canon = _join_compounds([tuple(mapping.get(w, w) for w in n.words) for n in names])
    union = _Union(len(names))
    first: dict[tuple[tuple[str, ...], str], int] = {}
    own = {n.words: i for i, n in enumerate(names) if not n.holder}
    for i, (name, words) in enumerate(zip(names, canon, strict=True)):
        if name.holder:
            union.join(i, own[tuple(name.holder.split())])
        else:  # one name once its misspellings are read right
            union.join(i, first.setdefault((words, name.cls), i))
    if config.merge_partial:
        _merge_person_forms(names, canon, union)
        _merge_partials(names, canon, union)
    if config.merge_acronyms:
        _merge_acronyms(names, canon, union)
    components: dict[int, list[_Name]] = defaultdict(list)
    for i, name in enumerate(names):
        components[union.find(i)].append(name)
    entities = [_entity(group, set(mapping), story_id) for group in components.values()]
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.mentions[0].article_id))
    return entities


def _same_given(a: str, b: str) -> bool:
    """Given names of one person: equal, an initial ("W." for William) or a
    short form that starts the long one ("Fred" for Frederick)."""
    short, long = sorted((a, b), key=len)
    return a == b or (long.startswith(short) and (len(short) == 1 or len(short) >= 3))


def _one_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Full names of one person: same surname, matching first names, and middle
    names that match where both give them ("Frederick C. LaRue", "Fred LaRue")."""
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1] or not _same_given(a[0], b[0]):
        return False
    ma, mb = a[1:-1], b[1:-1]
    if not ma or not mb:
        return True
    return len(ma) == len(mb) and all(_same_given(x, y) for x, y in zip(ma, mb, strict=True))


def _merge_person_forms(
    names: Sequence[_Name], canon: Sequence[tuple[str, ...]], union: _Union
) -> None:
    by_surname: dict[str, list[int]] = defaultdict(list)
    for i, (name, words) in enumerate(zip(names, canon, strict=True)):
        if len(words) >= 2 and name.cls == "person" and not name.holder:
            by_surname[words[-1]].append(i)
    for group in by_surname.values():
        for i in group:
            partners = [j for j in group if j != i and _one_person(canon[i], canon[j])]
            # "J. Smith" beside John and Jane Smith could be either: joined to neither.
            if all(_one_person(canon[j], canon[k]) for j in partners for k in partners):
                for j in partners:
                    union.join(i, j)


def _merge_partials(
    names: Sequence[_Name], canon: Sequence[tuple[str, ...]], union: _Union
) -> None:
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(canon):
        for w in set(words):
            by_word[w].append(i)
    # Longest first, so a name's holders are already joined to theirs.
    for i in sorted(range(len(names)), key=lambda k: -len(canon[k])):
        words = canon[i]
        if not words or names[i].holder:
            continue
        holders = [
            j
            for j in by_word[words[0]]
            if _is_part(words, canon[j]) and _compatible(names[i], names[j], partial=True)
        ]
        # A holder of the name's own type outranks one NER typed otherwise
        # ("Jackman" of "Hugh Jackman", not of a headline's "Tonys Jackman").
        holders = [j for j in holders if names[j].cls == names[i].cls] or holders
        # "Lindsay" is part of "Lindsay Lohan" and of every longer name holding
        # that: only the shortest holders say whom it can mean.
        minimal = [
            j for j in holders if not any(k != j and _is_part(canon[k], canon[j]) for k in holders)
        ]
        # Two Clintons in the story: a bare "Clinton" could be either, so it stays apart.
        if len({union.find(j) for j in minimal}) == 1:
            union.join(i, minimal[0])


def _initials(words: Sequence[str]) -> str:
    """First letters of the words that count, numbers whole: "Internet Explorer 8" -> "ie8"."""
    return "".join(
        w if w.isdigit() else w[0] for w in words if w not in _ACRONYM_SKIP and w[:1].isalnum()
    )


def _merge_acronyms(
    names: Sequence[_Name], canon: Sequence[tuple[str, ...]], union: _Union
) -> None:
    by_initials: dict[str, list[int]] = defaultdict(list)
    for j, words in enumerate(canon):
        if len(words) >= 2:
            by_initials[_initials(words)].append(j)
            if names[j].surface.casefold().startswith("the "):
                by_initials["t" + _initials(words)].append(j)  # THR: The Hollywood Reporter
    for i, name in enumerate(names):
        letters = name.surface.replace(".", "").replace("&", "")
        head = letters.rstrip("0123456789")
        if name.holder or len(name.words) != 1 or not (2 <= len(head) <= 6 and head.isupper()):
            continue
        matches = [
            j
            for j in by_initials.get(letters.casefold(), [])
            if _compatible(name, names[j], partial=False)
        ]
        if len({union.find(j) for j in matches}) == 1:
            union.join(i, matches[0])


def _entity(names: Sequence[_Name], misspelt: set[str], story_id: str | None) -> Entity:
    mentions = sorted(
        (m for n in names for m in n.mentions), key=lambda m: (m.article_id, m.start, m.end)
    )
    label = _majority(label for n in names for label in n.labels) or "MISC"
    variant = [n for n in names if not misspelt.isdisjoint(n.words)]
    # The full form: a name of several words if there is one, then the most
    # mentioned, then the longest; a misspelling only if nothing else is left.
    best = min(
        names,
        key=lambda n: (
            n in variant,
            len(n.words) < 2,
            -len(n.mentions),
            -len(n.surface),
            n.surface,
        ),
    )
    variants = tuple(
        Variant(n.surface, tuple(sorted({m.article_id for m in n.mentions})))
        for n in sorted(variant, key=lambda n: n.surface)
        if n is not best
    )
    spelled = {v.spelling for v in variants} | {best.surface}
    by_count = sorted(names, key=lambda n: (-len(n.mentions), n.surface))
    aliases = tuple(dict.fromkeys(n.surface for n in by_count if n.surface not in spelled))
    # Unique in the story: two entities never share a surface name (one text has
    # one key, and a group resolved in its article sits with its person's full name).
    return Entity(
        id=content_id(f"entity\0{story_id or ''}\0{label}\0{best.surface}".encode()),
        name=best.surface,
        type=label,
        aliases=aliases,
        variants=variants,
        mentions=tuple(mentions),
        story_id=story_id,
    )


def entity_at(
    entities: Iterable[Entity], *, article_id: str, start: int, end: int
) -> Entity | None:
    """The entity with a mention overlapping ``[start, end)`` in that article (the
    largest overlap wins): links a quote's speaker or a claim's subject span to its
    entity."""
    best: tuple[int, Entity] | None = None
    for entity in entities:
        for m in entity.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if m.article_id == article_id and overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, entity)
    return None if best is None else best[1]
