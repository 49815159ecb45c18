"""Reader registry and dispatch: open a Source, sniff it, hand it to a format reader.

``read_source`` is the one cascade every input goes through:

1. open the source (E101/E102 when that fails);
2. read the first bytes: nothing → E103; gzip → decompress and sniff again;
   known binary formats → E104; whitespace only → E103;
3. pick the reader: the Source's own ``format`` if set, else content sniffing, then the
   file extension (``detect.detect_format``);
4. let the reader stream Documents and IngestErrors from the rest.

A reader that crashes on one input is reported as E119 and the run goes on: one odd file
must not stop a folder of thousands.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol, TypeVar, cast

from newsdesk.errors import msg
from newsdesk.ingest.config import IngestConfig
from newsdesk.ingest.decode import binary_kind
from newsdesk.ingest.detect import detect_format, strip_compression_suffix
from newsdesk.ingest.source import Source
from newsdesk.model import Document, IngestError

Result = Document | IngestError
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20
# Formats that detection recognises but nothing reads (yet).
_UNREADABLE = {"xml": "XML that is neither an RSS/Atom feed nor HTML"}


@dataclass(frozen=True, slots=True)
class Item:
    """An opened Source, as a format reader receives it."""

    source: Source
    # The (decompressed) content from its first byte; readers may read it once.
    stream: BinaryIO
    # The first bytes of ``stream``, already read for sniffing (also still in ``stream``).
    head: bytes
    compressed: bool = False

    def error(
        self, code: str, *, raw: bytes | None = None, where: str = "", **fields: object
    ) -> IngestError:
        """An IngestError for this input (``where`` = "#3" for the third item)."""
        return IngestError(f"{self.source.name}{where}", msg(code, **fields), code, raw)


class Reader(Protocol):
    def __call__(self, item: Item, /, *, config: IngestConfig) -> Iterator[Result]: ...


READERS: dict[str, Reader] = {}
R = TypeVar("R", bound=Callable[..., Iterator[Result]])


def register_reader(name: str) -> Callable[[R], R]:
    """Decorator: make a reader available under format ``name`` (replacing any earlier)."""

    def add(reader: R) -> R:
        READERS[name] = reader
        return reader

    return add


class _Chain(io.RawIOBase):
    """The already-read head followed by the rest of a stream, as one readable stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_head(stream: BinaryIO, size: int) -> bytes:
    parts: list[bytes] = []
    wanted = size
    while wanted > 0:  # pipes and gzip may return short reads
        data = stream.read(wanted)
        if not data:
            break
        parts.append(data)
        wanted -= len(data)
    return b"".join(parts)


def _rejoin(head: bytes, stream: BinaryIO) -> BinaryIO:
    return io.BufferedReader(_Chain(head, stream), buffer_size=_CHUNK)


def read_limited(item: Item, limit: int) -> bytes | int:
    """All bytes of ``item``, or its total size when that is over ``limit`` bytes.

    Over the limit, the rest is drained in chunks only to report the size (a file's
    size is known from the file system and nothing is read).
    """
    known = None if item.compressed else item.source.size
    if known is not None and known > limit:
        return known
    # A known small size reads to the end; otherwise read one byte past the limit to know.
    data = item.stream.read() if known is not None else item.stream.read(limit + 1)
    if len(data) <= limit:
        return data
    total = len(data)
    while chunk := item.stream.read(_CHUNK):
        total += len(chunk)
    return total


def read_source(source: Source, *, config: IngestConfig) -> Iterator[Result]:
    """Documents and errors from one Source (see the module docstring for the steps)."""
    try:
        stream = source.opener()
    except FileNotFoundError:
        yield IngestError(source.name, msg("E101"), "E101")
        return
    except OSError as exc:
        yield IngestError(source.name, msg("E102", detail=exc.strerror or str(exc)), "E102")
        return
    try:
        yield from _dispatch(source, stream, config=config, compressed=False)
    finally:
        if source.owned:
            stream.close()


def _dispatch(
    source: Source, stream: BinaryIO, *, config: IngestConfig, compressed: bool
) -> Iterator[Result]:
    reader_name = "sniffing"
    try:
        head = _read_head(stream, config.sniff_bytes)
        if not head:
            yield IngestError(source.name, msg("E103"), "E103", b"")
            return
        if head.startswith(_GZIP_MAGIC) and not compressed:
            inner = gzip.GzipFile(fileobj=_rejoin(head, stream), mode="rb")
            yield from _dispatch(source, cast(BinaryIO, inner), config=config, compressed=True)
            return
        kind = binary_kind(head)
        if kind is not None:
            too_big = not compressed and (source.size or 0) > config.max_article_bytes
            raw = None if too_big else _small_whole(head, stream, config.max_article_bytes)
            yield IngestError(source.name, msg("E104", detail=kind), "E104", raw)
            return
        if not head.strip() and len(head) < config.sniff_bytes:
            yield IngestError(source.name, msg("E103"), "E103", head)
            return
        name = source.path or source.name
        if compressed:
            name = strip_compression_suffix(name)
        reader_name = source.format or detect_format(head, name=name)
        reader = READERS.get(reader_name)
        if reader is None:
            detail = _UNREADABLE.get(reader_name, f"no reader for format '{reader_name}'")
            yield IngestError(source.name, msg("E114", detail=detail), "E114")
            return
        item = Item(source, _rejoin(head, stream), head, compressed)
        yield from reader(item, config=config)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield IngestError(source.name, msg("E118", detail=str(exc) or type(exc).__name__), "E118")
    except OSError as exc:
        yield IngestError(source.name, msg("E102", detail=exc.strerror or str(exc)), "E102")
    except Exception as exc:  # one bad input must not end the run
        detail = f"{type(exc).__name__}: {exc}"
        yield IngestError(source.name, msg("E119", reader=reader_name, detail=detail), "E119")


def _small_whole(head: bytes, stream: BinaryIO, limit: int) -> bytes | None:
    # The whole input as the error's raw bytes, unless it is too big to keep in memory.
    rest = stream.read(limit + 1 - len(head)) if len(head) <= limit else b""
    data = head + rest
    return data if len(data) <= limit else None
