"""Save the README's screenshot of a story page, made from the demo corpus.

Builds the demo database (``newsdesk demo``), serves it on a thread and takes the
screenshot with Playwright driving the system's Chromium (never a downloaded
browser). The story shown is the demo's most contested one (most discrepancies
and altered quotes), unless ``--story`` names another.

Usage:  python scripts/screenshot.py [--out docs/story-page.png] [--db demo.db]
        [--story ID] [--width 1280] [--height 1900]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.config import load_config
from newsdesk.store import Store, views
from newsdesk.web import create_app
from newsdesk.web.server import CHROMIUM_ARGS, background

REPO = Path(__file__).resolve().parent.parent


def most_contested(db: Path) -> str:
    with Store(db) as store:
        rows = views.list_stories(store, limit=1000).rows
    if not rows:
        raise SystemExit(f"{db} has no stories")
    best = max(rows, key=lambda r: (r.n_discrepancies + r.n_altered_quotes, r.n_articles))
    return best.id


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "story-page.png")
    ap.add_argument("--db", type=Path, help="demo database to use (built when missing)")
    ap.add_argument("--story", help="story id (default: the most contested)")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=1900, help="height of the picture")
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "demo.db"
        if not db.exists():
            result = CliRunner().invoke(
                cli, ["-q", "demo", "--db", str(db), "--out", str(Path(tmp) / "demo.html")]
            )
            if result.exit_code != 0:
                raise SystemExit(f"newsdesk demo failed:\n{result.output}")
        story = args.story or most_contested(db)
        app = create_app(db, config=load_config(use_user_file=False))
        with background(app) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
            page = browser.new_page(viewport={"width": args.width, "height": 1000})
            page.goto(f"{base}/story/{story}")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            height = min(args.height, page.evaluate("document.documentElement.scrollHeight"))
            page.screenshot(
                path=str(args.out),
                full_page=True,
                clip={"x": 0, "y": 0, "width": args.width, "height": height},
            )
            browser.close()
    print(f"{args.out}: story {story}", file=sys.stderr)


if __name__ == "__main__":
    main()
