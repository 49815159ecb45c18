"""Where inputs come from: files, folders, glob patterns and standard input.

A Source is anything that can be opened as a byte stream and named in results. Turning the
user's input strings into Sources is the only place that knows about the file system, so
a URL fetcher only has to register a resolver for its scheme (``register_scheme``) and
callers of ``read_paths`` keep working unchanged.
"""

from __future__ import annotations

import glob
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

from newsdesk.errors import msg
from newsdesk.ingest.config import IngestConfig
from newsdesk.model import IngestError

STDIN_NAME = "<stdin>"


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read, not yet opened."""

    # Shown in Document.source and IngestError.path ("path", later "path#3" for items).
    name: str
    # Opens the bytes; may raise OSError (reported as E101/E102).
    opener: Callable[[], BinaryIO]
    # The folder the user named that led here; a file below it in a sub-folder takes that
    # sub-folder's name as a last-resort outlet.
    root: str | None = None
    # File-system path, when the input is a file.
    path: str | None = None
    # Size in bytes when known without reading (files), for early size checks.
    size: int | None = None
    # A reader name that skips content sniffing (a fetcher knows its Content-Type).
    format: str | None = None
    # False when the stream belongs to the caller (stdin) and must be left open.
    owned: bool = True


# scheme ("https") -> resolver turning an input string into Sources (or errors).
SchemeResolver = Callable[[str, IngestConfig], Iterator["Source | IngestError"]]
SCHEMES: dict[str, SchemeResolver] = {}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]+)://")
_GLOB_CHARS = re.compile(r"[*?[]")


def register_scheme(scheme: str, resolver: SchemeResolver) -> None:
    """Let inputs such as ``https://…`` be read by ``resolver`` (e.g. a future fetcher)."""
    SCHEMES[scheme.lower()] = resolver


def _open_file(path: str) -> BinaryIO:
    return open(path, "rb")


def file_source(path: str, *, root: str | None) -> Source | IngestError:
    """A Source for the file at ``path``, or the error that stops it from being read."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return IngestError(path, msg("E102", detail="broken symbolic link"), "E102")
        return IngestError(path, msg("E101"), "E101")
    except OSError as exc:
        return IngestError(path, msg("E102", detail=exc.strerror or str(exc)), "E102")
    except ValueError as exc:  # a path with a NUL byte, for one
        return IngestError(path, msg("E102", detail=str(exc)), "E102")
    if not stat.S_ISREG(info.st_mode):
        # Opening a FIFO or a device would block or never end.
        kind = "FIFO" if stat.S_ISFIFO(info.st_mode) else "not a regular file"
        return IngestError(path, msg("E102", detail=kind), "E102")
    return Source(
        name=path,
        opener=partial(_open_file, path),
        root=root,
        path=path,
        size=info.st_size,
    )


def stdin_source(stream: BinaryIO | None) -> Source:
    """Standard input (or ``stream`` standing in for it, as tests do)."""
    chosen = stream if stream is not None else sys.stdin.buffer
    return Source(name=STDIN_NAME, opener=lambda: chosen, owned=False)


def iter_sources(
    paths: list[str] | tuple[str, ...],
    *,
    config: IngestConfig,
    stdin: BinaryIO | None = None,
) -> Iterator[Source | IngestError]:
    """Expand the user's inputs into Sources, lazily and in a stable order."""
    for given in paths:
        if given == "-":
            yield stdin_source(stdin)
            continue
        scheme = _SCHEME.match(given)
        if scheme and not os.path.exists(given):
            resolver = SCHEMES.get(scheme.group(1).lower())
            if resolver is None:
                detail = f"no reader for '{scheme.group(1)}' inputs"
                yield IngestError(given, msg("E114", detail=detail), "E114")
            else:
                yield from resolver(given, config)
            continue
        if os.path.isdir(given):
            yield from walk(given, root=given, config=config)
        elif os.path.lexists(given) or not _GLOB_CHARS.search(given):
            yield file_source(given, root=os.path.dirname(given) or ".")
        else:
            yield from _expand_glob(given, config=config)


def _expand_glob(pattern: str, *, config: IngestConfig) -> Iterator[Source | IngestError]:
    matches = sorted(glob.iglob(pattern, recursive=True))
    # The folder part before the first wildcard is the root the user meant.
    static = _GLOB_CHARS.split(pattern, maxsplit=1)[0]
    root = static if static.endswith(os.sep) else os.path.dirname(static)
    root = root.rstrip(os.sep) or "."
    found = False
    for match in matches:
        if os.path.isdir(match):
            # "**" also matches folders; their files are matched by the pattern itself.
            if not pattern.endswith("**"):
                for source in walk(match, root=root, config=config):
                    found = True
                    yield source
            continue
        if _skipped(os.path.basename(match), config):
            continue
        found = True
        yield file_source(match, root=root)
    if not found:  # only skipped names (README.md, hidden files) matched
        yield IngestError(pattern, msg("E116"), "E116")


def _skipped(name: str, config: IngestConfig) -> bool:
    return name.startswith(".") or name in config.skip_names


def walk(
    folder: str,
    *,
    root: str,
    config: IngestConfig,
    _seen: frozenset[str] = frozenset(),
) -> Iterator[Source | IngestError]:
    """Files under ``folder`` in sorted path order, skipping hidden and configured names."""
    real = os.path.realpath(folder)
    if real in _seen:  # a symlink cycle
        return
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield IngestError(folder, msg("E102", detail=exc.strerror or str(exc)), "E102")
        return
    for entry in entries:
        if _skipped(entry.name, config):
            continue
        path = os.path.join(folder, entry.name)
        is_link = entry.is_symlink()
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            is_dir = False
        if is_dir:
            if is_link and not config.follow_symlinks:
                continue
            yield from walk(path, root=root, config=config, _seen=_seen | {real})
        else:
            yield file_source(path, root=root)
