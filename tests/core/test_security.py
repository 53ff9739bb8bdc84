"""Passwords are argon2-hashed; API tokens are random and stored only as a hash with a short prefix."""

from __future__ import annotations

from core.security import generate_token, hash_password, hash_token, verify_password, verify_token


def test_password_round_trip():
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse")
    assert not verify_password(stored, "wrong horse")
    assert not verify_password("not-a-hash", "correct horse")


def test_tokens_are_unique_and_only_their_hash_is_kept():
    first, second = generate_token(), generate_token()
    assert first.token != second.token
    assert first.token_hash == hash_token(first.token) and len(first.token_hash) == 64
    assert first.token.startswith(first.prefix) and len(first.prefix) <= 12
    assert first.token not in first.token_hash
    assert verify_token(first.token, first.token_hash)
    assert not verify_token(second.token, first.token_hash)
