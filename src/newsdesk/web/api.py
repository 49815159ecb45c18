"""The JSON API under ``/api/``: the same data the pages render, as JSON, with
an OpenAPI schema at ``/api/openapi.json``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from ..store import Store
from ..store import views as db
from ..store.views import SearchHit
from . import article as article_page
from . import stories as stories_page
from . import story as story_page
from .context import WebContext, context, receive_upload, store
from .pages import story_filter
from .uploads import JobView, UploadRejected

router = APIRouter(prefix="/api", tags=["api"])

StoreDep = Annotated[Store, Depends(store)]
ContextDep = Annotated[WebContext, Depends(context)]


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    pages: int
    hits: tuple[SearchHit, ...]


@router.get("/stories", response_model=stories_page.StoriesPage)
def stories(
    s: StoreDep,
    q: Annotated[str, Query(description="Full-text search over the stories' articles")] = "",
    date_from: Annotated[str, Query(alias="from", description="YYYY-MM-DD")] = "",
    date_to: Annotated[str, Query(alias="to", description="YYYY-MM-DD")] = "",
    outlet: str = "",
    sort: Annotated[str, Query(description="newest, biggest or relevance")] = "",
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=stories_page.MAX_PER_PAGE)] = stories_page.PER_PAGE,
) -> stories_page.StoriesPage:
    """Stories matching the filters, newest first (or biggest, or best match),
    with their counts; ``from``/``to`` keep stories seen within the dates."""
    f = story_filter(q, date_from, date_to, outlet, sort)
    return stories_page.build(s, f, page=page, per_page=per_page)


@router.get("/stories/{story_id}", response_model=story_page.StoryPage)
def story(
    story_id: str,
    s: StoreDep,
    col: Annotated[
        list[str] | None, Query(description="Article ids to set side by side (repeatable)")
    ] = None,
    all_columns: Annotated[bool, Query(alias="all")] = False,
) -> story_page.StoryPage:
    """One story: summary, articles side by side, discrepancies, quote
    variants, provenance graph, timeline, entities. An id of a story merged
    into another returns that other story."""
    record = db.find_story(s, story_id)
    if record is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    columns = list(record.article_ids) if all_columns else col
    return story_page.build(s, record, columns=columns)


@router.get("/articles/{article_id}", response_model=article_page.ArticlePage)
def article(article_id: str, s: StoreDep) -> article_page.ArticlePage:
    """One article (id, or an unambiguous prefix of at least 4 characters)."""
    found = db.articles_by_id(s, [article_id]).get(article_id)
    if found is None and len(article_id) >= 4:
        found = s.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article_page.build(s, found)


@router.get("/search", response_model=SearchResult)
def search(
    s: StoreDep,
    q: Annotated[str, Query(min_length=1, description="Words to find (all of them)")],
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 25,
) -> SearchResult:
    """Articles matching ``q`` (title, text, outlet), best first, each with a
    snippet: runs of text, true where the query matched."""
    total, hits = db.search_articles(s, q, limit=per_page, offset=(page - 1) * per_page)
    return SearchResult(q, total, page, per_page, max(1, math.ceil(total / per_page)), tuple(hits))


_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Article files (text, Markdown, HTML, JSON/JSONL, "
                            "WARC, RSS/Atom, gzip of those)",
                        },
                        "text": {"type": "string", "description": "An article's text, pasted"},
                        "text_name": {"type": "string", "description": "A file name for it"},
                        "outlet": {
                            "type": "string",
                            "description": "Outlet for files that do not name one",
                        },
                        "analyse": {
                            "type": "string",
                            "enum": ["yes", "no"],
                            "description": "Run the analysis stages afterwards (default yes)",
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/ingest",
    status_code=202,
    response_model=JobView,
    openapi_extra=_UPLOAD_BODY,
    responses={413: {"description": "The upload breaks a limit; nothing was added"}},
)
async def ingest(request: Request, ctx: ContextDep) -> Any:
    """Add articles: starts an ingest job (then, by default, the analysis) and
    returns it; poll ``/api/ingest/{job_id}`` until ``done``. Files refused
    one by one (type, size) are listed in the job's ``errors``."""
    try:
        job = await receive_upload(request, ctx)
    except UploadRejected as exc:
        return JSONResponse({"detail": exc.message}, status_code=exc.status)
    return JSONResponse(
        jsonable_encoder(job), status_code=202, headers={"Location": f"/api/ingest/{job.id}"}
    )


@router.get("/ingest/{job_id}", response_model=JobView)
def ingest_job(job_id: str, ctx: ContextDep) -> JobView:
    job = ctx.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r}")
    return job
