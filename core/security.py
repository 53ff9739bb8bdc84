"""Password hashing (argon2) and API tokens (random, stored as SHA-256 hash plus a short prefix)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Defaults of argon2-cffi follow RFC 9106's low-memory profile; fine for a handful of staff logins.
_hasher = PasswordHasher()

TOKEN_PREFIX = "dtm_"  # noqa: S105 - a marker for secret scanners, not a secret
# Shown in listings so staff can tell tokens apart without the secret; fits ApiToken.prefix (12).
PREFIX_LENGTH = 10


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Tell whether a password matches its stored hash (False for a malformed hash)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    """Tell whether a hash was made with weaker parameters than today's and should be replaced."""
    return _hasher.check_needs_rehash(password_hash)


@dataclass(frozen=True)
class NewToken:
    """A freshly generated API token: show `token` once, store only `token_hash` and `prefix`."""

    token: str
    token_hash: str
    prefix: str


def hash_token(token: str) -> str:
    """Hash an API token for storage and lookup (tokens are random, so a fast hash is enough)."""
    return hashlib.sha256(token.encode()).hexdigest()


def generate_token() -> NewToken:
    """Make a new random API token (256 bits)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return NewToken(token=token, token_hash=hash_token(token), prefix=token[:PREFIX_LENGTH])


def verify_token(token: str, token_hash: str) -> bool:
    """Tell whether a presented token matches a stored hash, in constant time."""
    return hmac.compare_digest(hash_token(token), token_hash)
