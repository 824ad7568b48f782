"""`stdkb`: the command line of the standards knowledge base.

Thin by design: each command calls ingest, parsing or index and formats the result. The
`--json` outputs (parse, search, show, ingest, export) are a public interface documented in
the README; keep their keys stable.

Exit status: 0 success, 1 some input failed (what succeeded is stored), 2 usage or bad query,
3 not found.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
from pathlib import Path
from typing import Any

from index.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOT_FOUND = 0, 1, 2, 3


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _store(args):
    from index.store import Store

    return Store(args.settings.db)


def _searcher(store, settings):
    from index.search import Searcher

    return Searcher(store, settings)


# -- ingest / parse ---------------------------------------------------------------------------


def cmd_ingest(args) -> int:
    from ingest import ingest_paths

    store = _store(args)
    state = "draft" if args.draft else "published"

    def show(outcome) -> None:
        if outcome.outcome == "failed" and not args.json:
            print(f"failed  {outcome.describe()}", file=sys.stderr)

    report = ingest_paths(store, args.paths, user=args.user, state=state, progress=not args.json,
                          on_outcome=show)
    c = report.counts()
    index_note = None
    if c["added"] + c["new_version"] and not args.no_index:
        try:
            _searcher(store, args.settings).refresh()
        except Exception as e:  # the database of record is complete; the index can be rebuilt
            index_note = f"search index not updated ({type(e).__name__}: {e}); run `stdkb reindex`"
    if args.json:
        out = report.to_dict()
        out["index_warning"] = index_note
        _print_json(out)
    else:
        print(f"added {c['added']}, new versions {c['new_version']}, unchanged {c['unchanged']}, "
              f"failed {c['failed']}  (database: {args.settings.db})")
        if index_note:
            print(index_note, file=sys.stderr)
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_parse(args) -> int:
    from parsing import ParseError, parse_file

    path = Path(args.file)
    try:
        parsed = parse_file(path)
    except FileNotFoundError:
        print(f"stdkb: {path}: no such file", file=sys.stderr)
        return EXIT_NOT_FOUND
    except (ParseError, OSError) as e:
        print(f"stdkb: {path}: {e}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        _print_json(parsed.to_dict())
        return EXIT_OK
    r = parsed.record
    print(f"{r.number or '(no number)'}  {r.title_zh or r.title_en or ''}")
    print(f"kind {parsed.kind}, {len(parsed.clauses)} clauses, {len(parsed.terms)} terms, "
          f"{len(parsed.references)} references, {len(parsed.requirements)} requirements, "
          f"{len(parsed.targets)} targets")
    for c in parsed.clauses:
        print(f"{'  ' * (c.level - 1)}{clause_label(c.number, c.heading)}")
    for w in parsed.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return EXIT_OK


# -- search / show ----------------------------------------------------------------------------


def _filters(pairs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--filter expects KEY=VALUE, got {pair!r}")
        out.setdefault(key.strip(), []).append(value.strip())
    return {k: v[0] if len(v) == 1 else v for k, v in out.items()}


def clause_label(number: str, heading: str | None) -> str:
    """"5.2 核算边界"; an unnumbered clause (前言, 参考文献) is its own heading: said once."""
    if not heading or heading == number:
        return number
    return f"{number} {heading}"


def cmd_search(args) -> int:
    from index.search import QueryError

    store = _store(args)
    try:
        result = _searcher(store, args.settings).search(
            args.query, mode=args.mode, top=args.top, offset=args.offset,
            filters=_filters(args.filter), level=args.level,
        )
    except (QueryError, ValueError) as e:
        print(f"stdkb: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        _print_json(result.to_dict())
        return EXIT_OK
    print(f"{result.total} matches ({result.mode})")
    for hit in result.hits:
        where = f" › {clause_label(hit.clause, hit.heading)}" if hit.clause else ""
        print(f"{hit.rank:>3}. {hit.number or ''} {hit.title or ''}{where}  [{hit.score:.3f}]")
        if hit.snippet:
            # the snippet is HTML (for the app); a terminal shows marks as [..] and plain text
            print(f"     {html.unescape(hit.snippet.replace('<mark>', '[').replace('</mark>', ']'))}")
    return EXIT_OK


def show_document(store, doc_id: int) -> dict[str, Any]:
    """The `stdkb show --json` contract: one stored document with its links."""
    stored = store.get(doc_id)
    out = stored.parsed.to_dict()
    out.pop("text", None)  # the clauses carry the text; the raw text stays in the database
    out["id"] = doc_id
    out["document"] = stored.document.to_dict()
    number = stored.record.number
    out["cited_by"] = store.cited_by(number) if number else []
    out["versions"] = store.versions(doc_id)
    return out


def cmd_show(args) -> int:
    store = _store(args)
    ids = store.resolve(args.key)
    if not ids:
        print(f"stdkb: nothing stored under {args.key!r}", file=sys.stderr)
        return EXIT_NOT_FOUND
    out = show_document(store, ids[0])
    out["also"] = ids[1:]
    if args.json:
        _print_json(out)
        return EXIT_OK
    r = out["record"]
    print(f"{r['number'] or ''}  {r['title_zh'] or ''}")
    for key in ("title_en", "doc_type", "nature", "status", "publish_date", "implement_date", "withdraw_date",
                "ics", "ccs", "issuers", "technical_committee", "replaces", "replaced_by", "adopts",
                "source_url"):
        value = r.get(key)
        if value:
            if isinstance(value, dict):
                value = " ".join(filter(None, [value.get("number"), value.get("degree")]))
            elif isinstance(value, list):
                value = "; ".join(value)
            print(f"  {key:<20} {value}")
    print(f"  {'source':<20} {out['document']['source_name']} (document {out['id']}, "
          f"version {out['document']['version']})")
    if out["clauses"]:
        print(f"  {len(out['clauses'])} clauses, {len(out['terms'])} terms, {len(out['references'])} references")
    if out["cited_by"]:
        print("  cited by: " + ", ".join(sorted({c['number'] or '' for c in out['cited_by']})))
    return EXIT_OK


# -- maintenance ------------------------------------------------------------------------------


def cmd_reindex(args) -> int:
    store = _store(args)
    stats = _searcher(store, args.settings).reindex(progress=sys.stderr.isatty())
    if args.json:
        _print_json(stats)
    else:
        print("reindexed: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
    return EXIT_OK


EXPORT_FORMATS = {"csv": "CSV", "xlsx": "Excel", "json": "JSON", "ris": "RIS", "bibtex": "BibTeX",
                  "gbt7714": "GB/T 7714"}


def cmd_export(args) -> int:
    from ui.exports import export

    records = [record for _, record in _store(args).records()]
    data = export(records, EXPORT_FORMATS[args.format])
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"{len(records)} records written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    return EXIT_OK


def cmd_ui(args) -> int:
    from ui.server import command

    print(f"stdkb: serving {args.settings.db} on http://localhost:{args.port}", file=sys.stderr)
    os.environ["STDKB_DB"] = str(args.settings.db)
    argv = command(args.settings.db, args.port, address=args.address)
    os.execv(argv[0], argv)  # the server replaces this process: signals reach it directly


def cmd_user(args) -> int:
    import getpass

    from index import accounts

    store = _store(args)
    password = os.environ.get("STDKB_PASSWORD") or getpass.getpass(f"password for {args.name}: ")
    try:
        accounts.create_user(store, args.name, password, args.role)
    except ValueError as e:
        print(f"stdkb: {e}", file=sys.stderr)
        return EXIT_USAGE
    print(f"user {args.name} ({args.role}) saved")
    return EXIT_OK


def cmd_eval(args) -> int:
    if args.what == "parsing":
        from parsing.evaluate import evaluate, format_report

        result = evaluate()
    else:
        from index.evaluate import evaluate_search, format_report

        result = evaluate_search(_store(args), args.settings)
    if args.json:
        _print_json(result)
    else:
        print(format_report(result))
    return EXIT_OK


def cmd_bench(args) -> int:
    from bench import print_result

    if args.what == "parsing":
        from bench.parsing import run

        result = run(pages=args.pages)
    elif args.what == "search":
        from bench.search import run

        result = run(clauses=args.clauses)
    else:
        from bench.ui import run

        result = run()
    print_result(result, as_json=args.json)
    return EXIT_OK


# -- argument parsing -------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stdkb", description="Standards knowledge base for carbon-peak / carbon-neutrality standards.")
    parser.add_argument("--db", help="SQLite database of record (default: $STDKB_DB or data/stdkb.db)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="add files, folders and catalogues")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--user", help="recorded as who added the documents (default: the OS user)")
    p.add_argument("--draft", action="store_true", help="store as drafts for a librarian to publish")
    p.add_argument("--no-index", action="store_true", help="do not update the search index now")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("parse", help="show what parsing makes of one file, without storing it")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("search", help="search clauses and records")
    p.add_argument("query")
    p.add_argument("--mode", choices=("keyword", "semantic", "hybrid"), default="hybrid")
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--level", choices=("clause", "document"), default="clause")
    p.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                   help="doc_type, status, ics, ccs, year, issuer, tc, topic, kind (repeatable)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("show", help="show one document by standard number or id")
    p.add_argument("key", metavar="NUMBER_OR_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("reindex", help="rebuild the search indexes from the database")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser("export", help="export every published record")
    p.add_argument("--format", choices=tuple(EXPORT_FORMATS), default="csv",
                   help="csv (reads back with `stdkb ingest`), xlsx, json, ris, bibtex, gbt7714")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("ui", help="start the web app (Streamlit)")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="127.0.0.1", help="interface to listen on (0.0.0.0: every one)")
    p.set_defaults(func=cmd_ui)

    p = sub.add_parser("user", help="manage librarian accounts")
    user_sub = p.add_subparsers(dest="user_command", required=True)
    q = user_sub.add_parser("add", help="create or reset an account (password: prompt or $STDKB_PASSWORD)")
    q.add_argument("name")
    q.add_argument("--role", choices=("librarian", "admin"), default="librarian")
    q.set_defaults(func=cmd_user)

    p = sub.add_parser("eval", help="measure parsing or search quality on the shipped sets")
    p.add_argument("what", choices=("parsing", "search"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="measure speed")
    p.add_argument("what", choices=("parsing", "search", "ui"))
    p.add_argument("--clauses", type=int, default=10000, help="search: synthetic corpus size")
    p.add_argument("--pages", type=int, default=200, help="parsing: pages in the synthetic PDF")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    from index.backends.base import BackendUnavailable

    args = build_parser().parse_args(argv)
    args.settings = Settings.load(args.db)
    try:
        return args.func(args)
    except BackendUnavailable as e:  # e.g. the Elasticsearch server is down: say which setting to check
        print(f"stdkb: {e}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # `stdkb ... | head`
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
