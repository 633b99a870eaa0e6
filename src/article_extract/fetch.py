"""HTTP fetching for the crawler: one httpx async client, retries with backoff, size and redirect caps.

:meth:`Fetcher.fetch` never raises for network or HTTP trouble; it returns a :class:`FetchResult`
whose ``error`` says what went wrong and which keeps every response received on the way (redirect
hops and retried errors included) so that each can be archived.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import httpcore
import httpx

from .netstream import AsyncioBackend
from .urls import UrlError, normalize_url

#: Statuses that are retried (after backoff): 429 and 5xx; every other 4xx is final.
RETRY_STATUSES = frozenset({429, *range(500, 600)})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Network failures worth another attempt.
_TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


class FetchDenied(Exception):
    """Raised by a ``before_request`` hook to stop a fetch (robots.txt, scope); the message is the reason.

    ``skip`` True: a policy decision (the URL is skipped); False: a failure (robots.txt unreachable).
    """

    def __init__(self, reason: str, *, skip: bool = True) -> None:
        super().__init__(reason)
        self.skip = skip


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and manners of the fetcher (the fetch part of ``CrawlConfig``)."""

    user_agent: str
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 10
    retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    max_retry_after: float = 120.0
    accept_language: str = "zh-CN,zh;q=0.9,en;q=0.5"


@dataclass
class Response:
    """One HTTP response as received. ``body`` has any Content-Encoding removed (decoded bytes)."""

    url: str
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes = b""
    #: why ``body`` is incomplete: ``length`` (cut at the size cap), ``unspecified`` (not read)
    truncated: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        lname = name.lower()
        for key, value in self.headers:
            if key.lower() == lname:
                return value
        return None

    @property
    def content_type(self) -> str | None:
        """The media type without parameters, lower-cased (``text/html``), or None."""
        value = self.header("content-type")
        if not value:
            return None
        return value.split(";", 1)[0].strip().lower() or None

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of Content-Type, or None."""
        value = self.header("content-type") or ""
        for param in value.split(";")[1:]:
            key, _, val = param.partition("=")
            if key.strip().lower() == "charset":
                return val.strip().strip("\"'") or None
        return None


@dataclass
class FetchResult:
    """The outcome of fetching one URL (after redirects and retries)."""

    url: str
    responses: list[Response] = field(default_factory=list)
    error: str | None = None
    #: when a later attempt may succeed (a long Retry-After); None = no point retrying
    retry_at: datetime | None = None
    attempts: int = 0
    #: True when a ``before_request`` hook skipped the URL (robots.txt disallows it)
    denied: bool = False
    #: True when the failure may go away later (timeouts, network errors, 429/5xx, robots.txt down)
    transient: bool = False

    @property
    def response(self) -> Response | None:
        """The last response received (the final one after redirects), or None."""
        return self.responses[-1] if self.responses else None

    @property
    def final_url(self) -> str | None:
        """The URL of the last response."""
        return self.responses[-1].url if self.responses else None

    @property
    def ok(self) -> bool:
        """True for a complete 2xx (or 304) response and no error."""
        resp = self.response
        return self.error is None and resp is not None and (200 <= resp.status < 300 or resp.status == 304)


#: Decides from the response head whether to read the body: None = read it, else the reason not to.
BodyFilter = Callable[[httpx.Response], "str | None"]
#: Called before every request (each retry and redirect hop): pacing, robots.txt; may raise FetchDenied.
BeforeRequest = Callable[[str], Awaitable[None]]


class _Retry(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP date); None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Backoff before retry ``attempt`` (1-based): uniform in [d/2, d], d = min(cap, base·2^(attempt-1))."""
    delay = min(cap, base * (2 ** max(0, attempt - 1)))
    return (rng or random).uniform(delay / 2, delay)


def build_client(
    policy: FetchPolicy, max_connections: int = 100, *, ssl_context: ssl.SSLContext | None = None
) -> httpx.AsyncClient:
    """The shared async client: no automatic redirects, the policy's timeouts and User-Agent.

    ``ssl_context`` replaces the default (system CAs, certificate verification on)."""
    timeout = httpx.Timeout(
        connect=policy.connect_timeout, read=policy.read_timeout, write=policy.read_timeout, pool=None
    )
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Language": policy.accept_language,
    }
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
    # httpx's own pool over plain asyncio connections (netstream): far less CPU per request
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context or httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=AsyncioBackend(),
    )
    return httpx.AsyncClient(
        timeout=timeout, headers=headers, follow_redirects=False, trust_env=False, transport=transport
    )


class Fetcher:
    """Fetches URLs with retries, backoff, Retry-After, redirect and size limits."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        policy: FetchPolicy,
        *,
        before_request: BeforeRequest | None = None,
        slots: asyncio.Semaphore | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.client = client
        self.policy = policy
        self.before_request = before_request
        #: bounds HTTP requests in flight (shared by fetchers); held only while a request runs
        self.slots: contextlib.AbstractAsyncContextManager[Any] = (
            slots if slots is not None else contextlib.nullcontext()
        )
        self.rng = rng or random.Random()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        body_filter: BodyFilter | None = None,
    ) -> FetchResult:
        """GET ``url`` following redirects; conditional on ``etag``/``last_modified`` when given."""
        result = FetchResult(url=url)
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        current = url
        visited = {url}
        chain = [url]
        while True:
            resp = await self._fetch_with_retries(current, conditional, body_filter, result)
            if resp is None:
                return result
            if resp.status not in REDIRECT_STATUSES:
                _set_status_error(result, resp, self.policy.max_bytes)
                return result
            location = resp.header("location")
            if not location:
                result.error = f"HTTP {resp.status} redirect without a Location header"
                return result
            try:
                target = normalize_url(urljoin(current, location.strip()))
            except UrlError as exc:
                result.error = f"bad redirect target from {current}: {exc}"
                return result
            chain.append(target)
            if target in visited:
                result.error = "redirect loop: " + " -> ".join(chain)
                return result
            if len(chain) - 1 > self.policy.max_redirects:
                result.error = f"too many redirects (more than {self.policy.max_redirects}): {url}"
                return result
            visited.add(target)
            current = target
            conditional = {}

    async def _fetch_with_retries(
        self,
        url: str,
        conditional: dict[str, str],
        body_filter: BodyFilter | None,
        result: FetchResult,
    ) -> Response | None:
        """One hop with retries; None (and ``result.error`` set) when it finally failed."""
        attempt = 0
        while True:
            attempt += 1
            result.attempts += 1
            try:
                if self.before_request is not None:
                    await self.before_request(url)
                async with self.slots:
                    resp = await asyncio.wait_for(
                        self._request(url, conditional, body_filter), timeout=self.policy.total_timeout
                    )
            except FetchDenied as exc:
                result.error = str(exc)
                result.denied = exc.skip
                result.transient = not exc.skip
                return None
            except asyncio.TimeoutError:
                failure = _Retry(f"timed out after {self.policy.total_timeout:g} s in total")
            except _TRANSIENT_ERRORS as exc:
                failure = _Retry(_describe(exc))
            except (httpx.HTTPError, httpx.InvalidURL) as exc:  # bad gzip, invalid URL …: final
                result.error = _describe(exc)
                return None
            else:
                result.responses.append(resp)
                if resp.status not in RETRY_STATUSES:
                    return resp
                failure = _Retry(f"HTTP {resp.status}", parse_retry_after(resp.header("retry-after")))
            if attempt > self.policy.retries:
                result.error = f"{failure.reason} (gave up after {attempt} attempts)"
                result.transient = True
                if failure.retry_after is not None:
                    result.retry_at = datetime.now(timezone.utc) + timedelta(seconds=failure.retry_after)
                return None
            delay = backoff_delay(attempt, self.policy.backoff_base, self.policy.backoff_max, self.rng)
            if failure.retry_after is not None:
                if failure.retry_after > self.policy.max_retry_after:
                    result.error = f"{failure.reason} with Retry-After {failure.retry_after:.0f} s (too long)"
                    result.transient = True
                    result.retry_at = datetime.now(timezone.utc) + timedelta(seconds=failure.retry_after)
                    return None
                delay = max(delay, failure.retry_after)
            await asyncio.sleep(delay)

    async def _request(
        self, url: str, conditional: dict[str, str], body_filter: BodyFilter | None
    ) -> Response:
        """One GET, body streamed up to ``max_bytes`` decoded bytes."""
        cap = self.policy.max_bytes
        async with self.client.stream("GET", url, headers=conditional) as http:
            resp = Response(
                url=url,
                status=http.status_code,
                reason=http.reason_phrase,
                http_version=http.http_version,
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in http.headers.raw],
            )
            skip = body_filter(http) if body_filter is not None and 200 <= http.status_code < 300 else None
            if skip is not None:
                resp.truncated = "unspecified"
                return resp
            declared = http.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap and "content-encoding" not in http.headers:
                resp.truncated = "length"
                return resp
            chunks: list[bytes] = []
            size = 0
            async for chunk in http.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    chunks.append(chunk[: len(chunk) - (size - cap)])
                    resp.truncated = "length"
                    break
                chunks.append(chunk)
            resp.body = b"".join(chunks)
            return resp


def _set_status_error(result: FetchResult, resp: Response, cap: int) -> None:
    if resp.truncated == "length":
        result.error = f"response body larger than the {_human(cap)} size cap"
    elif resp.status >= 400:
        result.error = f"HTTP {resp.status} {resp.reason}".rstrip()


def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MiB"
    if n >= 1024:
        return f"{n / 1024:g} KiB"
    return f"{n} B"


def _describe(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
