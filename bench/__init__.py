"""Benchmarks: `stdkb bench parsing|search|ui` or `python -m bench.NAME`; figures in docs/benchmarks.md."""

import json


def print_result(result: dict, *, as_json: bool) -> None:
    """A benchmark's figures: JSON, or one aligned `name value` line each."""
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:<32} {value}")
