"""Input readers: files, folders, globs and stdin in; Documents and IngestErrors out.

``read_paths`` streams: folders are walked lazily, JSONL and WARC files are read item by
item, and nothing raises for bad input — every problem is yielded as an IngestError with
a numbered reason (see ``newsdesk.errors``) and the stream goes on.

Formats (``READERS``): text (also Markdown), html, json, jsonl, warc, feed; gzip of any of
them is unpacked first. A new reader (a URL fetcher, say) registers itself with
``register_reader`` and, for new kinds of input strings, ``register_scheme``; callers of
``read_paths`` do not change.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import BinaryIO

# Imported for their side effect: each registers its reader in READERS.
from newsdesk.ingest import feed, html, jsonl, text, warc  # noqa: F401
from newsdesk.ingest.config import IngestConfig
from newsdesk.ingest.registry import READERS, Item, Reader, read_source, register_reader
from newsdesk.ingest.source import Source, iter_sources, register_scheme
from newsdesk.model import Document, IngestError

__all__ = [
    "READERS",
    "IngestConfig",
    "Item",
    "Reader",
    "Source",
    "read_bytes",
    "read_paths",
    "read_source",
    "register_reader",
    "register_scheme",
]

_DEFAULT = IngestConfig()


def read_paths(
    paths: Sequence[str],
    *,
    config: IngestConfig = _DEFAULT,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | IngestError]:
    """Documents and errors from files, folders (recursive), glob patterns and "-" (stdin).

    Example::

        for item in read_paths(["corpus/", "extra/*.jsonl", "-"]):
            if isinstance(item, IngestError):
                print(item.path, item.reason)
    """
    # A lone string is a Sequence[str] too; reading it letter by letter helps nobody.
    given = (paths,) if isinstance(paths, str) else tuple(paths)
    for source in iter_sources(given, config=config, stdin=stdin):
        if isinstance(source, IngestError):
            yield source
        else:
            yield from read_source(source, config=config)


def read_bytes(
    data: bytes,
    *,
    source: str,
    config: IngestConfig = _DEFAULT,
    root: str | None = None,
) -> Iterator[Document | IngestError]:
    """Documents and errors from bytes already in memory, named ``source`` in results.

    ``source`` is also used as a path for the extension fallback and, with ``root``, for
    the folder-name outlet fallback.
    """
    yield from read_source(
        Source(
            name=source,
            opener=lambda: io.BytesIO(data),
            root=root,
            path=source,
            size=len(data),
        ),
        config=config,
    )
