"""The SQLite store: the only code in newsdesk that touches the database.

* Content-hash ids: an article's id is the hash of its original bytes, so
  re-ingesting the same bytes lands on the same row (an upsert that changes
  nothing when nothing changed).
* Migrations are named, ordered functions recorded in ``migrations``; each runs
  in its own transaction. A database that knows a migration this code does not
  is refused rather than misread.
* WAL journal so the web UI can read while a CLI run writes; FTS5 over title,
  text and outlet for search.
"""

from .core import RunInfo, Store
from .migrations import MIGRATIONS, Migration, StoreError

__all__ = ["MIGRATIONS", "Migration", "RunInfo", "Store", "StoreError"]
