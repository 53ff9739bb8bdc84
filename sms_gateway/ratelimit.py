"""A send-rate limit per sender number, shared by every worker through Redis (next free slot per key).

Each send reserves the next slot atomically (a Lua script using the Redis clock, so workers on machines
with skewed clocks still agree) and waits until it comes; a long code then sends at most `rate` msg/s.
"""

from __future__ import annotations

import time

from redis import Redis

_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nxt)
redis.call('SET', KEYS[1], slot + interval, 'PX', math.floor((slot + interval - now) / 1000) + 1000)
return slot - now
"""


class SlotLimiter:
    """Spaces events on a key at least 1/rate seconds apart across processes."""

    def __init__(self, redis: Redis, *, rate_per_second: float, prefix: str = "dtm:rate:"):
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self._script = redis.register_script(_RESERVE)
        self._interval_us = int(1_000_000 / rate_per_second)
        self._prefix = prefix

    def reserve(self, key: str) -> float:
        """Reserve the next slot for `key`; return how many seconds to wait for it."""
        wait_us = int(self._script(keys=[self._prefix + key], args=[self._interval_us]))
        return wait_us / 1_000_000

    def acquire(self, key: str) -> float:
        """Wait until this process may send on `key`; return the time waited."""
        wait = self.reserve(key)
        if wait > 0:
            time.sleep(wait)
        return wait
