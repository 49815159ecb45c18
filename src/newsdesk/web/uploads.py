"""Adding articles from the browser: upload limits, and the ingest jobs that run
them through ``newsdesk.jobs`` (the very code ``newsdesk ingest`` runs).

A request is checked first: too many files, or a body over the limit, refuses
the whole request with a message saying which limit. Then each file is checked
alone: a type that is not an article format, or a file over the per-file limit,
becomes an error naming the file and the reason (stored like any failed input,
with its bytes when they were within the limit), and the other files go on.

Accepted files are written to a job folder and read through the ``upload://``
input scheme, which names them ``upload-<job>/<file>`` in the database instead
of by their temporary path. Jobs run one at a time on a worker thread, so the
page that started one returns at once and polls its progress.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import queue
import re
import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from .. import jobs
from ..config import Config
from ..errors import msg
from ..ingest import IngestConfig, register_scheme
from ..ingest.source import Source, file_source
from ..model import Document, IngestError
from ..store import Store
from ..store import views as db
from .common import article_href, story_href

log = logging.getLogger("newsdesk.web")

SCHEME = "upload"
# Formats the readers know (gzip of any of them too); anything else is refused.
EXTENSIONS = (
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xhtml",
    ".json",
    ".jsonl",
    ".ndjson",
    ".warc",
    ".xml",
    ".rss",
    ".atom",
    ".gz",
)


@dataclass(frozen=True, slots=True)
class UploadLimits:
    max_files: int = 50
    max_file_bytes: int = 20 * 1024 * 1024
    # The whole request (all files and fields): checked before anything is read.
    max_request_bytes: int = 100 * 1024 * 1024
    max_text_bytes: int = 2 * 1024 * 1024  # pasted text
    extensions: tuple[str, ...] = EXTENSIONS

    def describe(self) -> str:
        return (
            f"up to {self.max_files} files, {size_text(self.max_file_bytes)} each and "
            f"{size_text(self.max_request_bytes)} in all"
        )


def size_text(n: int) -> str:
    """A byte count for people: "840 bytes", "12.5 KB", "3.2 MB"."""
    if n < 10_000:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


class UploadRejected(Exception):
    """The request as a whole breaks a limit; nothing of it is ingested."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Upload:
    name: str  # safe file name (no folders), unique within the job
    data: bytes


_UNSAFE = re.compile(r"[^\w.,()+@ -]")


def safe_name(name: str, fallback: str = "upload.txt") -> str:
    """A file name that cannot leave the job folder or hide from the reader."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE.sub("_", base).strip(" .")[:120]
    return base or fallback


def safe_folder(name: str) -> str:
    """An outlet name usable as the folder the reader takes an outlet from."""
    return _UNSAFE.sub(" ", name).strip(" .")[:80]


def check_files(
    files: Sequence[tuple[str, bytes]], limits: UploadLimits, *, job_label: str
) -> tuple[list[Upload], list[IngestError]]:
    """Split received files into those to read and those refused (as errors)."""
    if len(files) > limits.max_files:
        raise UploadRejected(
            413,
            f"{len(files)} files is more than the {limits.max_files} one upload may hold; "
            "nothing was added. Send them in several uploads.",
        )
    accepted: list[Upload] = []
    refused: list[IngestError] = []
    taken: set[str] = set()
    for given, data in files:
        name = safe_name(given)
        stem, ext = os.path.splitext(name)
        n = 2
        while name.casefold() in taken:
            name = f"{stem}-{n}{ext}"
            n += 1
        taken.add(name.casefold())
        path = f"{job_label}/{name}"
        if not name.lower().endswith(limits.extensions):
            detail = (
                f"'{ext or 'no extension'}' files are not accepted for upload; accepted: "
                + " ".join(limits.extensions)
            )
            refused.append(IngestError(path, msg("E114", detail=detail), "E114", data))
        elif len(data) > limits.max_file_bytes:
            size, limit = size_text(len(data)), size_text(limits.max_file_bytes)
            detail = f"file is {size}, over the {limit} upload limit"
            # Over the limit, the bytes are not kept: that is what the limit is for.
            refused.append(IngestError(path, msg("E114", detail=detail), "E114"))
        elif not data:
            refused.append(IngestError(path, msg("E103"), "E103", data))
        else:
            accepted.append(Upload(name, data))
    return accepted, refused


def _resolve(given: str, config: IngestConfig) -> Iterator[Source | IngestError]:
    """``upload://<job folder>``: every file in it (README.md and dotfiles
    too: an upload is what the user chose), named after the job, not the
    temporary path."""
    root = given[len(f"{SCHEME}://") :]
    label = os.path.basename(root.rstrip("/"))
    found = sorted(os.path.join(folder, f) for folder, _, names in os.walk(root) for f in names)
    for path in found:
        name = f"{label}/{os.path.relpath(path, root)}"
        source = file_source(path, root=root)
        if isinstance(source, IngestError):
            yield IngestError(name, source.reason, source.code, source.raw)
        else:
            yield dataclasses.replace(source, name=name)


register_scheme(SCHEME, _resolve)


# -- jobs -----------------------------------------------------------------------

JobStatus = Literal["queued", "reading", "analysing", "done", "failed"]


@dataclass(frozen=True, slots=True)
class JobArticle:
    id: str
    title: str
    href: str
    story_id: str | None
    story_href: str | None


@dataclass(frozen=True, slots=True)
class JobError:
    path: str
    file: str  # the file name as uploaded (the path without the job folder)
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class JobView:
    """A job's state, as the job page and ``/api/ingest/{id}`` show it."""

    id: str
    status: JobStatus
    done: bool
    created: str
    finished: str | None
    files: tuple[str, ...]
    analyse: bool
    read: int  # articles read so far
    failed: int  # inputs that failed so far (refused uploads included)
    new: int  # articles the database did not have
    articles: tuple[JobArticle, ...]
    errors: tuple[JobError, ...]
    message: str | None  # why the job failed, when it did


@dataclass(slots=True)
class _Job:
    id: str
    folder: str
    files: tuple[str, ...]
    analyse: bool
    refused: list[IngestError]
    created: str
    status: JobStatus = "queued"
    read: int = 0
    failed: int = 0
    new: int = 0
    article_ids: list[str] = field(default_factory=list)
    articles: tuple[JobArticle, ...] = ()
    errors: list[IngestError] = field(default_factory=list)
    message: str | None = None
    finished: str | None = None

    def view(self) -> JobView:
        return JobView(
            id=self.id,
            status=self.status,
            done=self.status in ("done", "failed"),
            created=self.created,
            finished=self.finished,
            files=self.files,
            analyse=self.analyse,
            read=self.read,
            failed=self.failed,
            new=self.new,
            articles=self.articles,
            errors=tuple(
                JobError(e.path, e.path.partition("/")[2] or e.path, e.code, e.reason)
                for e in self.errors
            ),
            message=self.message,
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class JobQueue:
    """Ingest jobs, run one at a time on a daemon thread (a server stopped
    mid-job leaves SQLite's last committed state; nothing half-written)."""

    KEEP = 100  # finished jobs remembered for their pages

    def __init__(self, db_path: str, *, config: Config) -> None:
        self.db_path = db_path
        self.config = config
        self._jobs: OrderedDict[str, _Job] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._base: str | None = None  # made at the first upload

    def submit(
        self,
        uploads: Sequence[Upload],
        refused: Sequence[IngestError],
        *,
        job_id: str,
        outlet: str | None = None,
        analyse: bool = True,
    ) -> JobView:
        with self._lock:
            if self._base is None:
                self._base = tempfile.mkdtemp(prefix="newsdesk-web-")
        folder = os.path.join(self._base, f"upload-{job_id}")
        target = (
            os.path.join(folder, safe_folder(outlet)) if outlet and safe_folder(outlet) else folder
        )
        os.makedirs(target, exist_ok=True)
        for up in uploads:
            with open(os.path.join(target, up.name), "wb") as fh:
                fh.write(up.data)
        job = _Job(
            id=job_id,
            folder=folder,
            files=tuple(up.name for up in uploads)
            + tuple(e.path.partition("/")[2] for e in refused),
            analyse=analyse,
            refused=list(refused),
            created=_now(),
            failed=len(refused),
            errors=list(refused),
        )
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self.KEEP:
                self._jobs.popitem(last=False)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="newsdesk-ingest", daemon=True
                )
                self._thread.start()
        self._queue.put(job)
        return job.view()

    def get(self, job_id: str) -> JobView | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return job.view() if job else None

    def recent(self, n: int = 10) -> list[JobView]:
        with self._lock:
            return [j.view() for j in reversed(self._jobs.values())][:n]

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
        if self._base is not None:
            shutil.rmtree(self._base, ignore_errors=True)

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            try:
                self._run(job)
            except Exception as exc:  # a job's failure must not stop the worker
                log.exception("ingest job %s failed", job.id)
                with self._lock:
                    job.status, job.message = "failed", f"{type(exc).__name__}: {exc}"
            finally:
                with self._lock:
                    job.finished = _now()
                shutil.rmtree(job.folder, ignore_errors=True)

    def _run(self, job: _Job) -> None:
        def progress(item: Document | IngestError) -> None:
            with self._lock:
                if isinstance(item, Document):
                    job.read += 1
                    job.article_ids.append(item.id)
                else:
                    job.failed += 1

        with self._lock:
            job.status = "reading"
        with Store(self.db_path) as store:
            summary = jobs.ingest(
                store,
                [f"{SCHEME}://{job.folder}"],
                config=self.config,
                command="web ingest",
                on_item=progress,
            )
            if job.refused:
                store.add_errors(job.refused, run_id=summary.run_id)
            with self._lock:
                job.new = summary.new
                job.errors = [*job.refused, *summary.errors]
                job.failed = len(job.errors)
                job.status = "analysing" if job.analyse and summary.articles else job.status
            if job.analyse and summary.articles:
                jobs.analyze(store, config=self.config)
            stored = db.articles_by_id(store, list(dict.fromkeys(job.article_ids)))
            found = []
            for aid, art in stored.items():
                sid = db.story_of(store, aid)
                found.append(
                    JobArticle(
                        id=aid,
                        title=art.title or " ".join(art.text.split()[:10]) + "…",
                        href=article_href(aid),
                        story_id=sid,
                        story_href=story_href(sid) if sid else None,
                    )
                )
        with self._lock:
            job.articles = tuple(found)
            job.read = len(found)
            job.status = "done"


def new_job_id() -> str:
    return secrets.token_hex(4)
