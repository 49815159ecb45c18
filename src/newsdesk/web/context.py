"""What the page and API routes share: the app's settings, a store per request,
the templates, and reading an upload form."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from .. import __version__
from ..config import Config
from ..store import Store
from ..store import views as db
from .uploads import JobQueue, JobView, UploadLimits, UploadRejected, check_files, new_job_id


@dataclass(frozen=True, slots=True)
class WebContext:
    db_path: str
    config: Config
    limits: UploadLimits
    jobs: JobQueue
    templates: jinja2.Environment


def context(request: Request) -> WebContext:
    ctx = request.app.state.web
    assert isinstance(ctx, WebContext)
    return ctx


def store(request: Request) -> Iterator[Store]:
    """A connection per request, reading one snapshot of the database."""
    s = Store(context(request).db_path)
    try:
        with db.snapshot(s):
            yield s
    finally:
        s.close()


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newsdesk.web", "templates"),
        # Every template, whatever its name: article text is untrusted.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.filters["plural"] = lambda n, one="", many="s": one if n == 1 else many
    return env


def render(request: Request, name: str, *, status: int = 200, **values: Any) -> HTMLResponse:
    html = context(request).templates.get_template(name).render(request=request, **values)
    return HTMLResponse(html, status_code=status)


def parse_date(value: str | None, what: str) -> date | None:
    """A date from a query string; "" (an empty date box) is no date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{what}: {value!r} is not a date (YYYY-MM-DD)") from None


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() not in ("0", "no", "false", "off")


async def receive_upload(request: Request, ctx: WebContext) -> JobView:
    """Read an upload form (files, pasted text, outlet, analyse) and start its
    job. Raises ``UploadRejected`` when the request breaks a limit."""
    limits = ctx.limits
    try:
        form = await request.form(
            max_files=limits.max_files + 1, max_part_size=limits.max_text_bytes
        )
    except HTTPException as exc:  # the parser's own limits, worded by Starlette
        raise UploadRejected(413, f"upload refused: {exc.detail}") from exc
    received: list[tuple[str, bytes]] = []
    for item in form.getlist("files"):
        if isinstance(item, UploadFile):
            if not item.filename and not item.size:
                continue  # the empty file input a browser sends when none was chosen
            data = await item.read(limits.max_file_bytes + 1)
            received.append((item.filename or "upload", data))
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        name = form.get("text_name")
        name = name if isinstance(name, str) and name.strip() else "pasted.txt"
        if not Path(name).suffix:
            name += ".txt"
        received.append((name, text.encode("utf-8")))
    if not received:
        raise UploadRejected(400, "nothing to add: choose files or paste an article's text")
    job_id = new_job_id()
    uploads, refused = check_files(received, limits, job_label=f"upload-{job_id}")
    outlet = form.get("outlet")
    analyse = form.get("analyse")
    return ctx.jobs.submit(
        uploads,
        refused,
        job_id=job_id,
        outlet=outlet.strip() if isinstance(outlet, str) and outlet.strip() else None,
        analyse=_flag(analyse if isinstance(analyse, str) else None, True),
    )
