"""robots.txt per host (protego), fetched once per crawl, following RFC 9309.

* 2xx: the rules apply (``Disallow``/``Allow`` for our product token, ``Crawl-delay``).
* 4xx: no robots.txt: everything allowed.
* 5xx, 429 or unreachable: the whole host counts as disallowed for this crawl.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from protego import Protego

from .urls import host_key

#: Bytes of robots.txt read at most (RFC 9309 asks crawlers to read at least 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class RobotsFile:
    """What fetching ``/robots.txt`` gave: the status (None if unreachable), body and error."""

    status: int | None
    body: bytes = b""
    error: str | None = None


#: Fetches one robots.txt URL.
RobotsFetcher = Callable[[str], Awaitable[RobotsFile]]


@dataclass(frozen=True)
class RobotsRules:
    """The parsed rules for one host, from our user agent's point of view."""

    parser: Protego | None
    agent: str
    #: set when the host counts as wholly disallowed (robots.txt unreachable / 5xx)
    blocked_reason: str | None = None

    def allowed(self, url: str) -> bool:
        """True when ``url`` may be fetched."""
        if self.blocked_reason is not None:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, self.agent))

    @property
    def crawl_delay(self) -> float | None:
        """``Crawl-delay`` (seconds) for our agent, or None."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(self.agent)
        return float(delay) if delay is not None else None

    def why_not(self, url: str) -> str:
        """The reason ``url`` is not allowed, for error messages."""
        if self.blocked_reason is not None:
            return self.blocked_reason
        return f"disallowed by robots.txt: {url}"


def rules_from(robots: RobotsFile, agent: str) -> RobotsRules:
    """Turn a fetched robots.txt into rules following RFC 9309's status handling."""
    if robots.status is not None and 200 <= robots.status < 300:
        text = robots.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        return RobotsRules(Protego.parse(text), agent)
    if robots.status is not None and 400 <= robots.status < 500 and robots.status != 429:
        return RobotsRules(None, agent)
    why = f"HTTP {robots.status}" if robots.status is not None else (robots.error or "unreachable")
    return RobotsRules(None, agent, blocked_reason=f"robots.txt unavailable ({why}); host not crawled")


class RobotsCache:
    """robots.txt rules per ``scheme://host:port``, each fetched once (concurrent callers share it)."""

    def __init__(self, fetch: RobotsFetcher, agent: str) -> None:
        self._fetch = fetch
        self.agent = agent
        self._rules: dict[str, asyncio.Task[RobotsRules]] = {}

    async def rules(self, url: str) -> RobotsRules:
        """The rules for ``url``'s host (fetching its robots.txt the first time)."""
        key = host_key(url)
        task = self._rules.get(key)
        if task is None:
            task = asyncio.ensure_future(self._load(key))
            self._rules[key] = task
        return await asyncio.shield(task)

    async def _load(self, key: str) -> RobotsRules:
        return rules_from(await self._fetch(key + "/robots.txt"), self.agent)
