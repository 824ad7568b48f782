"""Librarian and admin accounts: argon2-hashed passwords, wrong passwords rate-limited.

Accounts live in the store's `users` table; every login attempt is written to
`login_attempts`, so the limit holds across app restarts and across server processes.
Accounts are created from the CLI (`stdkb user add NAME --role librarian|admin`); the
repository holds no passwords.
"""

from __future__ import annotations

import contextlib
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from index.store import Store, now

ROLES = ("librarian", "admin")
MAX_FAILURES = 5  # wrong passwords allowed per name ...
WINDOW_SECONDS = 15 * 60  # ... within this window
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


class RateLimited(Exception):
    """Too many wrong passwords for one name: refuse until the window has passed."""

    def __init__(self, name: str, retry_after: float):
        minutes = max(1, round(retry_after / 60))
        super().__init__(
            f"too many failed logins for {name!r}: try again in about {minutes} minute(s)")
        self.name = name
        self.retry_after = retry_after


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 64 or any(ch.isspace() or not ch.isprintable() for ch in name):
        raise ValueError("user name must be 1-64 printable characters without spaces")
    return name


def create_user(store: Store, name: str, password: str, role: str = "librarian") -> None:
    """Create an account, or reset the password and role of an existing one."""
    name = _check_name(name)
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}: {role!r}")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    digest = _hasher.hash(password)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role",
            (name, digest, role, now()),
        )
        # a reset clears the failures that may have locked the account
        conn.execute("DELETE FROM login_attempts WHERE name = ? AND ok = 0", (name,))


def list_users(store: Store) -> list[dict]:
    """Name, role and creation time of every account (never the hash)."""
    rows = store.query("SELECT name, role, created_at FROM users ORDER BY name")
    return [dict(r) for r in rows]


def failures(store: Store, name: str, *, at: float | None = None) -> list[float]:
    """Times of the wrong passwords for `name` inside the current window."""
    at = time.time() if at is None else at
    rows = store.query(
        "SELECT at FROM login_attempts WHERE name = ? AND ok = 0 AND at > ? ORDER BY at",
        (name, at - WINDOW_SECONDS),
    )
    return [r["at"] for r in rows]


def verify(store: Store, name: str, password: str, *, at: float | None = None) -> str | None:
    """The account's role if the password is right, else None.

    Raises RateLimited once a name has had MAX_FAILURES wrong passwords within
    WINDOW_SECONDS, even if this password is right: a guesser learns nothing more.
    Unknown names count as failures too, so names cannot be probed faster than passwords.
    """
    at = time.time() if at is None else at
    name = (name or "").strip()
    recent = failures(store, name, at=at)
    if len(recent) >= MAX_FAILURES:
        raise RateLimited(name, recent[0] + WINDOW_SECONDS - at)
    rows = store.query("SELECT password_hash, role FROM users WHERE name = ?", (name,))
    role = None
    if rows:
        try:
            _hasher.verify(rows[0]["password_hash"], password or "")
            role = rows[0]["role"]
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            role = None
    else:
        # spend the same time as a real check, so a missing name does not answer faster
        with contextlib.suppress(VerifyMismatchError, VerificationError, InvalidHashError):
            _hasher.verify(_DUMMY_HASH, password or "")
    with store.transaction() as conn:
        conn.execute("INSERT INTO login_attempts (name, at, ok) VALUES (?, ?, ?)",
                     (name, at, 1 if role else 0))
        if role:
            conn.execute("DELETE FROM login_attempts WHERE name = ? AND ok = 0", (name,))
        # keep the table small: attempts older than the window no longer matter
        conn.execute("DELETE FROM login_attempts WHERE at < ?", (at - 2 * WINDOW_SECONDS,))
    return role


_DUMMY_HASH = _hasher.hash("not a real password")
