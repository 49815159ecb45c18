"""``newsdesk serve``: a local web UI and JSON API over a newsdesk database.

Pages (server-rendered with Jinja2, autoescaping on; they read and work without
JavaScript, which only adds conveniences):

* ``/``                 stories, newest or biggest first; search, dates, outlet; pages
* ``/story/{id}``       summary, articles side by side, discrepancies, quote
                        variants, provenance graph, timeline, entities
* ``/article/{id}``     text with quotes, claims and entities marked, what
                        cleaning removed, copies and sources
* ``/ingest``           upload files or paste text; progress; errors per file

The JSON API (``/api/...``, schema at ``/api/openapi.json``) returns the very
records the pages are rendered from (``stories.StoriesPage``, ``story.StoryPage``,
``article.ArticlePage``, ``uploads.JobView``).

Reads go through ``newsdesk.store.views``; uploads through ``newsdesk.jobs``,
exactly as the CLI ingests.
"""

from .app import create_app
from .uploads import UploadLimits

__all__ = ["UploadLimits", "create_app"]
