"""The HTML pages: stories, story, article, ingest. Each is rendered from the
same data its ``/api/`` twin returns."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..store import Store
from ..store import views as db
from ..store.views import SORTS, Sort, StoryFilter
from . import article as article_page
from . import stories as stories_page
from . import story as story_page
from .common import article_href, story_href
from .context import WebContext, context, parse_date, receive_upload, render, store
from .uploads import UploadRejected

router = APIRouter(include_in_schema=False)

StoreDep = Annotated[Store, Depends(store)]
ContextDep = Annotated[WebContext, Depends(context)]


def story_filter(
    q: str | None, date_from: str | None, date_to: str | None, outlet: str | None, sort: str | None
) -> StoryFilter:
    """The filter a query string asks for; an unknown order falls back to the
    default (best match first when searching, else newest first)."""
    query = (q or "").strip() or None
    default: Sort = "relevance" if query else "newest"
    chosen = next((x for x in SORTS if x == sort and (x != "relevance" or query)), default)
    return StoryFilter(
        query=query,
        date_from=parse_date(date_from, "from"),
        date_to=parse_date(date_to, "to"),
        outlet=(outlet or "").strip() or None,
        sort=chosen,
    )


@router.get("/", response_class=HTMLResponse)
def stories(
    request: Request,
    s: StoreDep,
    q: str = "",
    date_from: Annotated[str, Query(alias="from")] = "",
    date_to: Annotated[str, Query(alias="to")] = "",
    outlet: str = "",
    sort: str = "",
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=stories_page.MAX_PER_PAGE)] = stories_page.PER_PAGE,
) -> HTMLResponse:
    f = story_filter(q, date_from, date_to, outlet, sort)
    data = stories_page.build(s, f, page=page, per_page=per_page)
    return render(
        request,
        "stories.html.j2",
        page=data,
        outlets=db.outlets(s),
        counts=db.counts(s),
        query=f.query,
        nav="stories",
    )


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story(
    request: Request,
    story_id: str,
    s: StoreDep,
    col: Annotated[list[str] | None, Query()] = None,
    all_columns: Annotated[bool, Query(alias="all")] = False,
) -> Response:
    record = db.find_story(s, story_id)
    if record is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    if record.id != story_id:  # an alias: the story it was merged into
        return RedirectResponse(story_href(record.id), status_code=308)
    columns = list(record.article_ids) if all_columns else col
    data = story_page.build(s, record, columns=columns)
    return render(request, "story.html.j2", page=data, query=None, nav="stories")


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str, s: StoreDep) -> Response:
    found = db.articles_by_id(s, [article_id]).get(article_id)
    if found is None:
        by_prefix = s.article(article_id) if len(article_id) >= 4 else None
        if by_prefix is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return RedirectResponse(article_href(by_prefix.id), status_code=308)
    data = article_page.build(s, found)
    return render(request, "article.html.j2", page=data, query=None, nav="stories")


def _ingest_page(
    request: Request, ctx: WebContext, s: Store, *, error: str | None = None, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "ingest.html.j2",
        status=status,
        error=error,
        limits=ctx.limits,
        jobs=ctx.jobs.recent(),
        failed=s.errors(),
        query=None,
        nav="ingest",
    )


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request, ctx: ContextDep, s: StoreDep) -> HTMLResponse:
    return _ingest_page(request, ctx, s)


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_post(request: Request, ctx: ContextDep) -> Response:
    try:
        job = await receive_upload(request, ctx)
    except UploadRejected as exc:
        with Store(ctx.db_path) as s:
            return _ingest_page(request, ctx, s, error=exc.message, status=exc.status)
    return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)


@router.get("/ingest/jobs/{job_id}", response_class=HTMLResponse)
def ingest_job(request: Request, job_id: str, ctx: ContextDep) -> HTMLResponse:
    job = ctx.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r} (jobs are kept until the server stops)")
    return render(request, "job.html.j2", job=job, query=None, nav="ingest")
