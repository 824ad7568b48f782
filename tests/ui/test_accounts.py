"""Accounts: argon2 hashes in the store, roles checked, wrong passwords rate-limited."""

from __future__ import annotations

import pytest

from index import accounts


def test_create_and_verify(store):
    accounts.create_user(store, "lib", "correct horse", "librarian")
    assert accounts.verify(store, "lib", "correct horse") == "librarian"
    assert accounts.verify(store, "lib", "wrong password") is None
    assert accounts.verify(store, "nobody", "correct horse") is None
    stored = store.query("SELECT password_hash FROM users WHERE name = 'lib'")[0][0]
    assert stored.startswith("$argon2") and "correct horse" not in stored
    assert accounts.list_users(store) == [{"name": "lib", "role": "librarian",
                                           "created_at": accounts.list_users(store)[0]["created_at"]}]


def test_bad_input_is_refused(store):
    with pytest.raises(ValueError, match="role"):
        accounts.create_user(store, "x", "long enough pw", "root")
    with pytest.raises(ValueError, match="at least"):
        accounts.create_user(store, "x", "short", "admin")
    with pytest.raises(ValueError, match="user name"):
        accounts.create_user(store, "two words", "long enough pw", "admin")


def test_reset_changes_password_and_role(store):
    accounts.create_user(store, "lib", "first password", "librarian")
    accounts.create_user(store, "lib", "second password", "admin")
    assert accounts.verify(store, "lib", "first password") is None
    assert accounts.verify(store, "lib", "second password") == "admin"


def test_wrong_passwords_are_rate_limited(store):
    accounts.create_user(store, "lib", "correct horse", "librarian")
    t0 = 1_000_000.0
    for i in range(accounts.MAX_FAILURES):
        assert accounts.verify(store, "lib", f"guess {i}", at=t0 + i) is None
    # locked: even the right password is refused inside the window
    with pytest.raises(accounts.RateLimited) as info:
        accounts.verify(store, "lib", "correct horse", at=t0 + 10)
    assert 0 < info.value.retry_after <= accounts.WINDOW_SECONDS
    assert "too many failed logins" in str(info.value)
    # other names are not affected
    accounts.create_user(store, "other", "another password", "admin")
    assert accounts.verify(store, "other", "another password", at=t0 + 10) == "admin"
    # after the window the right password works again, and success clears the failures
    later = t0 + accounts.WINDOW_SECONDS + 5
    assert accounts.verify(store, "lib", "correct horse", at=later) == "librarian"
    assert accounts.failures(store, "lib", at=later) == []


def test_unknown_names_are_rate_limited_too(store):
    for i in range(accounts.MAX_FAILURES):
        accounts.verify(store, "ghost", f"guess {i}", at=100.0 + i)
    with pytest.raises(accounts.RateLimited):
        accounts.verify(store, "ghost", "guess", at=110.0)
