"""The app factory, and the guards every response passes through.

* Security headers on every response: a Content-Security-Policy that allows
  only this server's own script and stylesheet (no inline script, no inline
  style), so even text that slipped through escaping could not run.
* Uploads: a request body over the limit, or without a length, is refused
  before it is read; a POST from another site's page (its ``Origin`` is not
  this server) is refused, so a web page cannot add articles behind a reader's
  back.
* Optionally, only the given ``Host`` names (against DNS rebinding), which
  ``newsdesk serve`` sets when it listens on a loopback address.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..config import Config
from ..store import Store
from . import api, pages
from .context import WebContext, environment, render
from .uploads import JobQueue, UploadLimits, size_text

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # Not "no-referrer": with it, a browser sends "Origin: null" even from our own
    # pages, and the upload check below could not tell them from another site.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
UPLOAD_PATHS = ("/ingest", "/api/ingest")


class Guard:
    """Pure ASGI middleware: headers on every response; checks on uploads."""

    def __init__(self, app: ASGIApp, *, max_request_bytes: int) -> None:
        self.app = app
        self.max_request_bytes = max_request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "POST":
            refusal = self._refusal(scope)
            if refusal is not None:
                status, message = refusal
                await _plain(scope, send, status, message)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        if origin is not None:
            host = headers.get("host", "")
            if origin == "null" or urlsplit(origin).netloc != host:
                return 403, "refused: this form may only be sent from this server's own pages"
        if scope["path"] in UPLOAD_PATHS:
            length = headers.get("content-length")
            if length is None or not length.isdigit():
                return 411, "refused: an upload must state its length (Content-Length)"
            if int(length) > self.max_request_bytes:
                return 413, (
                    f"upload refused: {size_text(int(length))} is over the "
                    f"{size_text(self.max_request_bytes)} limit for one upload; nothing was added"
                )
        return None


async def _plain(scope: Scope, send: Send, status: int, message: str) -> None:
    if str(scope["path"]).startswith("/api/"):
        body, kind = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        body, kind = message.encode(), b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", kind), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})


def create_app(
    db_path: str | Path,
    *,
    config: Config,
    limits: UploadLimits | None = None,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The web UI and JSON API over the database at ``db_path`` (created and
    migrated now, so a bad path fails at start rather than on the first page)."""
    path = str(db_path)
    Store(path).close()
    limits = limits or UploadLimits()
    jobs = JobQueue(path, config=config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()

    app = FastAPI(
        title="newsdesk",
        version=__version__,
        description="Stories, provenance, comparison and summaries over a newsdesk database.",
        openapi_url="/api/openapi.json",
        # The interactive docs pages load their script from a CDN, which the
        # CSP (and an offline machine) would refuse; the schema is enough.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = WebContext(path, config, limits, jobs, environment())
    app.mount("/static", StaticFiles(packages=[("newsdesk.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(Guard, max_request_bytes=limits.max_request_bytes)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _http_error(request: Request, exc: Any) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
    return render(
        request,
        "error.html.j2",
        status=exc.status_code,
        status_code=exc.status_code,
        message=str(exc.detail),
        query=None,
        nav=None,
    )


async def _validation_error(request: Request, exc: Any) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        f"{'.'.join(str(x) for x in e.get('loc', ())[1:])}: {e.get('msg', '')}"
        for e in exc.errors()
    ]
    if _wants_json(request):
        return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
    return render(
        request,
        "error.html.j2",
        status=400,
        status_code=400,
        message="; ".join(problems),
        query=None,
        nav=None,
    )
