"""Browser benchmark of the web app on the shipped corpus, and the screenshots of each page.

    python -m bench.ui [--json] [--screenshots docs/screenshots]

Builds a fresh database from `corpus/` (ingest + reindex, as `scripts/demo` does), starts the
real Streamlit server, and drives it in Debian's headless Chromium:
- first page render, warm: from navigation to the search box and the collection size shown,
  after the server has served one visitor; for a new visitor (empty browser cache) and a
  returning one (the app's static files cached, a new server session each time);
- search answer: from pressing Enter to the results of that query on screen (hybrid mode);
- standard page: from navigation to the clause text shown.
The searcher's own time for the same queries is reported beside the browser time.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from bench import print_result

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
QUERIES = ("温室气体排放核算边界", "碳足迹", "GB/T 32150 核算", "数据中心 能效", "carbon footprint of products",
           "企业应当建立能源计量", "光伏组件", "碳排放权交易", "生活垃圾焚烧", "核查机构")
PAGES = ("search", "standard", "glossary", "applicable", "dashboard", "graph", "workspace")


def build_db(folder: Path) -> tuple[Path, dict]:
    from index.search import Searcher
    from index.settings import Settings
    from index.store import Store
    from ingest import ingest_paths

    db = folder / "stdkb.db"
    with Store(db) as store:
        report = ingest_paths(store, [CORPUS], user="bench")
        info = Searcher(store, Settings.load(db)).reindex()
        counts = store.counts()
    return db, {"ingested": report.counts(), "index": info, **counts}


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _summary(values: list[float]) -> dict:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return {"median_ms": _ms(statistics.median(values)), "p95_ms": _ms(p95), "max_ms": _ms(values[-1]),
            "n": len(values)}


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(120_000)
    return context, context.new_page()


def _render(page, url: str) -> float:
    t0 = time.perf_counter()
    page.goto(url + "/")
    page.get_by_role("textbox", name="检索").wait_for()
    page.get_by_text("收录").first.wait_for()
    return time.perf_counter() - t0


def _first_render(browser, url: str) -> float:
    """A new visitor: new browser context, nothing cached, a new server session."""
    context, page = _new_page(browser)
    elapsed = _render(page, url)
    context.close()
    return elapsed


def _returning_render(browser, url: str, rounds: int) -> list[float]:
    """A returning visitor: the app's static files in the browser cache, a new server session each load."""
    context, page = _new_page(browser)
    _render(page, url)
    times = [_render(page, url) for _ in range(rounds)]
    context.close()
    return times


def _search_times(page, url: str, queries) -> list[float]:
    page.goto(url + "/")
    box = page.get_by_role("textbox", name="检索")
    times = []
    for q in queries:
        box.fill(q)
        t0 = time.perf_counter()
        box.press("Enter")
        page.get_by_text(f"“{q}” 共", exact=False).wait_for()
        times.append(time.perf_counter() - t0)
    return times


def _number_open_time(page, url: str, number: str) -> float:
    page.goto(url + "/")
    box = page.get_by_role("textbox", name="检索")
    box.fill(number)
    t0 = time.perf_counter()
    box.press("Enter")
    page.get_by_role("heading", name=number).first.wait_for()
    return time.perf_counter() - t0


def _searcher_times(db: Path, queries) -> list[float]:
    from index.search import Searcher
    from index.settings import Settings
    from index.store import Store

    with Store(db) as store:
        searcher = Searcher(store, Settings.load(db))
        searcher.search(queries[0], mode="hybrid")  # load the model
        times = []
        for q in queries:
            t0 = time.perf_counter()
            searcher.search(q, mode="hybrid", top=10)
            times.append(time.perf_counter() - t0)
    return times


def screenshots(browser, url: str, db: Path, out: Path) -> list[str]:
    """One PNG per page, with real content from the corpus."""
    from index import accounts
    from index.store import Store

    out.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        doc = next((d.id for d, r in store.records() if d.kind == "standard" and r.number), None)
        # the clause with the most kinds of requirement language shows the styles best
        row = store.query("SELECT doc_id, clause, COUNT(DISTINCT modality) AS n FROM requirements "
                          "GROUP BY doc_id, clause ORDER BY n DESC, COUNT(*) DESC LIMIT 1")
        doc, clause = (row[0]["doc_id"], row[0]["clause"]) if row else (doc, None)
        term = store.query("SELECT term_zh FROM terms GROUP BY term_zh ORDER BY COUNT(*) DESC LIMIT 1")
        term = term[0]["term_zh"] if term else "温室气体"
        # one document back to draft, so the workspace shows a record under review
        draft = store.query("SELECT id FROM documents WHERE kind = 'standard' AND is_current = 1 AND id != ? "
                            "ORDER BY id DESC LIMIT 1", (doc,))[0]["id"]
        store.set_state(draft, "draft", "screenshot")
        password = secrets.token_urlsafe(16)  # a throwaway account, never written anywhere else
        accounts.create_user(store, "screenshot", password, "librarian")
    shots = []
    context, page = _new_page(browser)

    def shot(name: str, ready) -> None:
        ready()
        page.wait_for_timeout(1200)  # let charts and fonts settle
        path = out / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        shots.append(path.name)

    page.goto(url + "/")
    box = page.get_by_role("textbox", name="检索")
    box.fill("温室气体排放核算")
    box.press("Enter")
    shot("search", lambda: page.get_by_text("“温室气体排放核算” 共").wait_for())
    page.goto(f"{url}/standard?doc={doc}" + (f"&clause={clause}" if clause else ""))
    shot("standard", lambda: page.locator(".kb-clause-head").first.wait_for())
    page.goto(f"{url}/glossary?term={term}")
    shot("glossary", lambda: page.get_by_text("的定义").first.wait_for())
    page.goto(url + "/applicable")
    page.get_by_role("textbox", name="产品或活动").fill("光伏组件")
    page.get_by_role("textbox", name="产品或活动").press("Enter")
    shot("applicable", lambda: page.get_by_text("理由").first.wait_for())
    page.goto(url + "/dashboard")
    shot("dashboard", lambda: page.locator("canvas, svg.marks").first.wait_for())
    page.goto(f"{url}/graph?doc={doc}")
    shot("graph", lambda: page.locator("iframe").first.wait_for())
    page.goto(url + "/workspace")
    page.get_by_role("textbox", name="用户名").fill("screenshot")
    page.get_by_role("textbox", name="密码").fill(password)
    page.get_by_role("button", name="登录").click()
    shot("workspace", lambda: page.get_by_role("tab", name="审核与校对").wait_for())
    page.goto(url + "/?lang=en")
    box = page.get_by_role("textbox", name="Search")
    box.fill("carbon footprint")
    box.press("Enter")
    shot("search-en", lambda: page.get_by_text("results for").wait_for())
    context.close()
    return shots


def run(screenshot_dir: str | Path | None = None, rounds: int = 5) -> dict:
    from playwright.sync_api import sync_playwright

    from ui.server import launch_chromium, running_app

    with tempfile.TemporaryDirectory(prefix="stdkb-bench-ui-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        db, corpus = build_db(folder)
        build_s = time.perf_counter() - t0
        result: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
                        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                        "corpus_documents": corpus["documents"], "corpus_clauses": corpus["clauses"],
                        "build_db_s": round(build_s, 1)}
        with running_app(db, log=folder / "streamlit.log") as url, sync_playwright() as p:
            browser = launch_chromium(p)
            t0 = time.perf_counter()
            cold = _first_render(browser, url)
            context, page = _new_page(browser)
            _search_times(page, url, QUERIES[:1])  # warm: the server loads the model once
            result["cold_first_page_ms"] = _ms(cold)
            result["warm_up_ms"] = _ms(time.perf_counter() - t0)
            result["first_page_warm"] = _summary([_first_render(browser, url) for _ in range(rounds)])
            result["first_page_returning"] = _summary(_returning_render(browser, url, rounds))
            result["search_answer"] = _summary(_search_times(page, url, QUERIES * 2))
            result["number_opens_standard"] = _summary([_number_open_time(page, url, "GB/T 32150-2015")
                                                        for _ in range(3)])
            context.close()
            if screenshot_dir:
                result["screenshots"] = screenshots(browser, url, db, Path(screenshot_dir))
            browser.close()
        result["searcher_only"] = _summary(_searcher_times(db, list(QUERIES)))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", nargs="?", const=str(REPO / "docs" / "screenshots"), default=None,
                        help="also save a PNG of each page (default folder: docs/screenshots)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.screenshots, rounds=args.rounds)
    print_result(result, as_json=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
