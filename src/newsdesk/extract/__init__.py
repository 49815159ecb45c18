"""Who and what: named entities, quotes with their speakers, checkable claims.

Per article, one spaCy parse feeds three extractors (``entities``, ``quotes``,
``claims``); per story, mentions are merged into entities across outlets and
quotes and claims are linked to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .claims import ClaimConfig
from .entities import EntityConfig
from .quotes import QuoteConfig


@dataclass(frozen=True, slots=True)
class ExtractConfig:
    batch_size: int = 32
    # spaCy worker processes for the parse (88 % of extraction time): 0 = one
    # per core, up to 2, when there are at least ``parallel_from`` articles
    # (a worker costs about two seconds to start); 1 = in this process.
    processes: int = 0
    parallel_from: int = 64
    entities: EntityConfig = field(default_factory=EntityConfig)
    quotes: QuoteConfig = field(default_factory=QuoteConfig)
    claims: ClaimConfig = field(default_factory=ClaimConfig)


__all__ = ["ClaimConfig", "EntityConfig", "ExtractConfig", "QuoteConfig"]
