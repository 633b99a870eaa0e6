"""The crawler's extraction worker processes (:mod:`article_extract.crawl.procpool`): real processes
from the forkserver, real socket pairs, real signals."""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing
import operator
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import psutil
import pytest

from article_extract.crawl.engine import _WORKER_PRELOAD
from article_extract.crawl.procpool import CLOSED, CRASHED, IN_FLIGHT, ExtractPool, timed_out
from article_extract.crawl.worker import PageOutcome, PageWork, process

T = TypeVar("T")


def page_html(title: str, links: str = "") -> str:
    """A small news page the extractor finds an article in (with claims)."""
    body = "".join(
        f"<p>第{i + 1}段：据统计，{title}显示本地网民规模达到{i + 1}.25亿人，同比增长{i + 2}.5%，"
        "互联网普及率进一步提升，数字经济规模持续扩大。</p>"
        for i in range(4)
    )
    return (
        f"<!DOCTYPE html><html><head><title>{title} - 测试新闻网</title></head><body>"
        f"<div class='article'><h1>{title}</h1><div class='info'>2026-01-05 10:00 来源：新华社</div>"
        f"{body}</div><div class='links'>{links}</div></body></html>"
    )


def links_only(i: int) -> PageWork:
    """A page whose outcome names it: its one link (no article extraction: cheap)."""
    html = f"<html><body><a href='/page/{i}.html'>{i}</a></body></html>"
    return PageWork(html.encode(), f"http://site.test/{i}.html", "html", None, True, False)


def stalling(work: PageWork) -> PageOutcome:
    """:func:`process` after stalling as the URL's fragment says: ``#sleep=S`` sleeps S seconds,
    ``#spin`` loops for ever (a hung extraction). Runs in the workers."""
    _, _, how = work.url.partition("#")
    if how == "spin":
        while True:
            pass
    if how.startswith("sleep="):
        time.sleep(float(how.removeprefix("sleep=")))
    return process(work)


def stalled(i: int, how: str) -> PageWork:
    """:func:`links_only` page ``i``, stalling (with :func:`stalling`) as ``how`` says."""
    return dataclasses.replace(links_only(i), url=f"http://site.test/{i}.html#{how}")


def link_of(i: int) -> tuple[str, ...]:
    """The outcome's links of :func:`links_only` page ``i``."""
    return (f"http://site.test/page/{i}.html",)


def with_pool(workers: int, scenario: Callable[[ExtractPool], Awaitable[T]], **options: Any) -> T:
    """Run ``scenario`` on a new pool in a new event loop; the pool is closed whatever happens."""
    pool = ExtractPool(workers, preload=_WORKER_PRELOAD, **options)

    async def main() -> T:
        try:
            return await scenario(pool)
        finally:
            await pool.close()

    return asyncio.run(main())


async def held_by(pool: ExtractPool, pid: int, count: int) -> None:
    """Wait (yielding to the event loop) until worker ``pid`` holds ``count`` pages."""
    link = next(link for link in pool._links if link.proc.pid == pid)
    while len(link.pending) < count:
        await asyncio.sleep(0)


class _FailsToLoad:
    """Pickles fine; unpickling it (in the worker) raises ZeroDivisionError."""

    def __reduce__(self) -> tuple[Any, ...]:
        return operator.truediv, (1, 0)


def test_outcomes_are_those_of_process_run_here() -> None:
    works = [
        PageWork(page_html(f"工业统计{i}", "<a href='/next.html'>下一篇</a>").encode(),
                 f"http://news.test/{i}.html", "html", "utf-8", True, True)
        for i in range(3)
    ] + [
        PageWork(b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
                 b"<item><link>http://news.test/f.html</link></item></channel></rss>",
                 "http://news.test/rss.xml", "feed"),
        PageWork(b"<html>not a feed</html>", "http://news.test/x.xml", "feed"),
        # an answer of about 1 MB: it arrives in pieces
        PageWork("".join(f"<a href='/l/{i}.html'>{i}</a>" for i in range(30000)).encode(),
                 "http://news.test/many.html", "html", None, True, False),
    ]  # fmt: skip

    async def scenario(pool: ExtractPool) -> list[PageOutcome]:
        return list(await asyncio.gather(*(pool.submit(work) for work in works)))

    outcomes = with_pool(2, scenario)
    assert outcomes == [process(work) for work in works]
    first = outcomes[0].article
    assert first is not None and first.title == "工业统计0"
    assert outcomes[0].links == ("http://news.test/next.html",)
    assert outcomes[3].feed is not None and outcomes[3].feed.urls == ("http://news.test/f.html",)
    assert outcomes[4].error
    assert len(outcomes[5].links) == 30000


def test_many_pages_on_two_workers_come_back_matched_and_at_most_two_held_each() -> None:
    total = 400
    most_held: list[int] = []

    async def scenario(pool: ExtractPool) -> list[PageOutcome]:
        tasks = [asyncio.create_task(pool.submit(links_only(i))) for i in range(total)]
        while not all(task.done() for task in tasks):
            most_held.append(max((len(link.pending) for link in pool._links), default=0))
            await asyncio.sleep(0)
        return [task.result() for task in tasks]

    outcomes = with_pool(2, scenario)
    assert [outcome.links for outcome in outcomes] == [
        (f"http://site.test/page/{i}.html",) for i in range(total)
    ]
    assert max(most_held) == IN_FLIGHT


def test_killed_worker_fails_only_the_page_it_was_on_and_is_replaced() -> None:
    async def scenario(
        pool: ExtractPool,
    ) -> tuple[list[PageOutcome], list[PageOutcome], list[int], list[int]]:
        await asyncio.gather(*(pool.submit(links_only(i)) for i in range(4)))  # both workers attached
        before = pool.pids
        victim = before[0]
        os.kill(victim, signal.SIGSTOP)  # it takes pages but cannot answer them
        tasks = [asyncio.create_task(pool.submit(links_only(i))) for i in range(20)]
        await held_by(pool, victim, IN_FLIGHT)
        os.kill(victim, signal.SIGKILL)
        first = list(await asyncio.gather(*tasks))
        while len(pool.pids) < 2:  # the replacement is starting
            await asyncio.sleep(0.01)
        later = list(await asyncio.gather(*(pool.submit(links_only(i)) for i in range(20))))
        return first, later, before, pool.pids

    first, later, before, after = with_pool(2, scenario)
    crashed = [i for i, outcome in enumerate(first) if outcome.error is not None]
    assert len(crashed) == 1  # the page it held but had not started went to another worker
    assert all(first[i].error == CRASHED for i in crashed)
    assert all(
        outcome.links == (f"http://site.test/page/{i}.html",)
        for i, outcome in enumerate(first)
        if i not in crashed
    )
    assert [outcome.links for outcome in later] == [(f"http://site.test/page/{i}.html",) for i in range(20)]
    assert before[1] in after and before[0] not in after and len(after) == 2


def test_close_stops_every_worker_and_kills_one_that_does_not_exit() -> None:
    async def scenario(pool: ExtractPool) -> tuple[list[int], PageOutcome, PageOutcome]:
        await asyncio.gather(*(pool.submit(links_only(i)) for i in range(4)))
        pids = pool.pids
        os.kill(pids[0], signal.SIGSTOP)  # cannot see EOF: close() must kill it
        task = asyncio.create_task(pool.submit(links_only(1)))
        await held_by(pool, pids[0], 1)
        await pool.close(timeout=0.5)
        return pids, await task, await pool.submit(links_only(2))

    pids, held, after = with_pool(2, scenario)
    assert held.error == CLOSED and after.error == CLOSED
    assert multiprocessing.active_children() == []
    assert len(pids) == 2 and not any(psutil.pid_exists(pid) for pid in pids)


def test_a_5_mb_body_goes_through_while_the_event_loop_keeps_running() -> None:
    tail = "<a href='/the-end.html'>end</a>"
    body = ("<html><body>" + ("<p>" + "新闻" * 500 + "</p>\n") * 3500 + tail + "</body></html>").encode()
    assert len(body) > 5_000_000
    work = PageWork(body, "http://big.test/", "html", "utf-8", True, False)
    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    async def scenario(pool: ExtractPool) -> tuple[int, int, int, PageOutcome]:
        await pool.submit(links_only(0))
        (pid,) = pool.pids
        (link,) = pool._links
        beat = asyncio.create_task(heartbeat())
        os.kill(pid, signal.SIGSTOP)  # reads nothing: a blocking send of the body would hang the loop
        task = asyncio.create_task(pool.submit(work))
        while not link.pending:  # sent (as far as the loop is concerned)
            await asyncio.sleep(0)
        sent_at = ticks
        for _ in range(100):
            await asyncio.sleep(0)
        assert not task.done()
        buffered = link._transport.get_write_buffer_size() if link._transport else 0
        os.kill(pid, signal.SIGCONT)
        outcome = await task
        beat.cancel()
        return buffered, sent_at, ticks, outcome

    buffered, sent_at, ticks_at_end, outcome = with_pool(1, scenario)
    assert buffered > 4_000_000  # most of the body waits in the event loop's transport, not in a send()
    assert ticks_at_end - sent_at >= 100  # the heartbeat kept ticking meanwhile
    assert outcome.error is None and outcome.links == ("http://big.test/the-end.html",)


def test_a_request_that_cannot_be_sent_or_read_fails_that_page_only() -> None:
    works = [
        links_only(0),
        PageWork(lambda: None, "http://x.test/", "html"),  # type: ignore[arg-type]  # not picklable
        PageWork(_FailsToLoad(), "http://x.test/", "html"),  # type: ignore[arg-type]
        links_only(3),
    ]

    async def scenario(pool: ExtractPool) -> list[PageOutcome]:
        return list(await asyncio.gather(*(pool.submit(work) for work in works)))

    outcomes = with_pool(1, scenario)
    assert outcomes[0].links == ("http://site.test/page/0.html",)
    assert (outcomes[1].error or "").startswith("extraction request could not be sent: ")
    assert outcomes[2].error == "extraction request unreadable: ZeroDivisionError: division by zero"
    assert outcomes[3].links == ("http://site.test/page/3.html",)


def test_workers_exit_when_the_crawler_is_killed() -> None:
    """No orphans after ``kill -9``: a worker sees EOF on its socket and exits."""
    code = (
        "import asyncio, sys, time\n"
        "from article_extract.crawl.procpool import ExtractPool\n"
        "from article_extract.crawl.worker import PageWork\n"
        "pool = ExtractPool(2, warm=False)\n"
        "work = PageWork(b'<html></html>', 'http://x.test/', 'html', None, True, False)\n"
        "async def main():\n"
        "    await asyncio.gather(*(pool.submit(work) for _ in range(4)))\n"
        "    print(*pool.pids, flush=True)\n"
        "    await asyncio.sleep(600)\n"
        "asyncio.run(main())\n"
    )
    crawler = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert crawler.stdout is not None
        pids = [int(pid) for pid in crawler.stdout.readline().split()]
        workers = [psutil.Process(pid) for pid in pids]
        assert len(workers) == 2 and all(worker.is_running() for worker in workers)
    finally:
        crawler.kill()
        crawler.wait()
    deadline = time.monotonic() + 60  # a limit for the wait, not a timing assertion
    while time.monotonic() < deadline and any(_running(worker) for worker in workers):
        time.sleep(0.05)
    assert not any(_running(worker) for worker in workers)


def _running(proc: psutil.Process) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever adopted it to reap it)."""
    try:
        return proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_spawned_workers_where_there_is_no_forkserver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["fork", "spawn"])
    works = [links_only(i) for i in range(6)]
    pool = ExtractPool(2, warm=False)
    assert pool._context.get_start_method() == "spawn"

    async def main() -> list[PageOutcome]:
        try:
            return list(await asyncio.gather(*(pool.submit(work) for work in works)))
        finally:
            await pool.close()

    assert asyncio.run(main()) == [process(work) for work in works]
    assert multiprocessing.active_children() == []


def test_a_page_past_the_time_limit_fails_alone_and_its_worker_is_replaced() -> None:
    works = [links_only(0), links_only(1), stalled(2, "spin"), links_only(3), links_only(4)]

    async def scenario(
        pool: ExtractPool,
    ) -> tuple[list[PageOutcome], list[int], list[int], list[PageOutcome]]:
        await asyncio.gather(*(pool.submit(links_only(i)) for i in range(4)))  # both workers attached
        before = pool.pids
        outcomes = list(await asyncio.gather(*(pool.submit(work) for work in works)))
        while len(pool.pids) < 2:  # the replacement is starting
            await asyncio.sleep(0.01)
        later = list(await asyncio.gather(*(pool.submit(links_only(i)) for i in range(10))))
        return outcomes, before, pool.pids, later

    outcomes, before, after, later = with_pool(2, scenario, time_limit=0.5, run=stalling)
    assert outcomes[2] == PageOutcome(error=timed_out(0.5))
    assert outcomes[2].error == "extraction timed out after 0.5 s (worker killed)" != CRASHED
    assert [outcome.links for i, outcome in enumerate(outcomes) if i != 2] == [
        link_of(i) for i in (0, 1, 3, 4)
    ]
    assert all(outcome.error is None for i, outcome in enumerate(outcomes) if i != 2)
    assert [outcome.links for outcome in later] == [link_of(i) for i in range(10)]
    assert len(after) == 2 and len(set(before) - set(after)) == 1  # one worker killed, one new
    killed = (set(before) - set(after)).pop()
    assert not psutil.pid_exists(killed)
    assert multiprocessing.active_children() == []
    assert not any(psutil.pid_exists(pid) for pid in after)


def test_the_page_queued_behind_a_timed_out_one_goes_to_the_replacement() -> None:
    async def scenario(pool: ExtractPool) -> tuple[list[PageOutcome], int, list[int]]:
        await pool.submit(links_only(0))
        (victim,) = pool.pids
        tasks = [asyncio.create_task(pool.submit(work)) for work in (stalled(1, "spin"), links_only(2))]
        await held_by(pool, victim, IN_FLIGHT)  # the second page waits in the same worker
        return list(await asyncio.gather(*tasks)), victim, pool.pids

    (hung, queued), victim, after = with_pool(1, scenario, time_limit=0.5, run=stalling)
    assert hung.error == timed_out(0.5)
    assert queued.error is None and queued.links == link_of(2)
    assert len(after) == 1 and victim not in after
    assert not psutil.pid_exists(victim) and not any(psutil.pid_exists(pid) for pid in after)


def test_a_queued_page_is_not_timed_while_it_waits_behind_a_slow_one() -> None:
    """Each page takes 1.25 s of a 2 s limit: the second would fail if timed from when it was sent."""

    async def scenario(pool: ExtractPool) -> tuple[list[PageOutcome], list[int], list[int]]:
        await pool.submit(links_only(0))
        before = pool.pids
        (pid,) = before
        tasks = [asyncio.create_task(pool.submit(stalled(i, "sleep=1.25"))) for i in (1, 2)]
        await held_by(pool, pid, IN_FLIGHT)  # both sent to the one worker at once
        return list(await asyncio.gather(*tasks)), before, pool.pids

    outcomes, before, after = with_pool(1, scenario, time_limit=2.0, run=stalling)
    assert [outcome.error for outcome in outcomes] == [None, None]
    assert [outcome.links for outcome in outcomes] == [link_of(1), link_of(2)]
    assert before == after  # nobody was killed


@pytest.mark.parametrize("limit", [None, 0])
def test_without_a_time_limit_a_slow_page_just_completes(limit: float | None) -> None:
    async def scenario(pool: ExtractPool) -> tuple[list[PageOutcome], list[int], list[int]]:
        first = await pool.submit(links_only(0))
        before = pool.pids
        slow = await pool.submit(stalled(1, "sleep=1.5"))
        return [first, slow], before, pool.pids

    outcomes, before, after = with_pool(1, scenario, time_limit=limit, run=stalling)
    assert [outcome.links for outcome in outcomes] == [link_of(0), link_of(1)]
    assert all(outcome.error is None for outcome in outcomes)
    assert before == after


def test_a_negative_time_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        ExtractPool(1, time_limit=-1.0)
