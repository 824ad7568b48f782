"""Start the Streamlit app in a child process on a free localhost port and wait until it answers.

Used by the browser tests, the UI benchmark and the screenshot script; `stdkb ui` runs the
same command in the foreground.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

APP = Path(__file__).with_name("app.py")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command(db: str | Path, port: int, *, address: str = "127.0.0.1") -> list[str]:
    """The Streamlit command line that serves the app (`stdkb ui`, the tests and the benchmark)."""
    return [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port), "--server.address",
            address, "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer",
            "--server.maxUploadSize", str(max_upload_mb()), "--", "--db", str(db)]


def max_upload_mb() -> int:
    """Streamlit's own upload limit follows the app's (ingest checks the size again, by bytes)."""
    from index.settings import Settings

    return Settings.load().max_upload_mb


@contextmanager
def running_app(db: str | Path, *, port: int | None = None, env: dict[str, str] | None = None,
                timeout: float = 60.0, log: Path | None = None) -> Iterator[str]:
    """The app serving `db`; yields its base URL and stops the process (only it) afterwards."""
    port = port or free_port()
    child_env = dict(os.environ, STDKB_DB=str(db), **(env or {}))
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(command(db, port), env=child_env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with status {proc.returncode} (log: {log})")
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit did not answer on {url} within {timeout:.0f} s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()


def launch_chromium(playwright):
    """Debian's headless Chromium (the `chromium` package), as the CI installs it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
