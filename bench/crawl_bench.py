"""Crawl benchmark: our crawler against Scrapy on a local multi-process server of generated pages.

    python bench/crawl_bench.py                      # quick: --sizes 500,2000
    python bench/crawl_bench.py --sizes 1000,20000   # the full measurement

Starts ``crawl_server.py`` (several processes on one 127.0.0.1 port, generated 20–60 KB GBK/UTF-8
portal article pages), then for each size runs, each as its own subprocess into a fresh SQLite file:
Scrapy fetch-only, our crawler fetch-only (``extract=False``), a bare loop over our ``Fetcher``,
Scrapy + trafilatura, our full pipeline. Politeness is relaxed to 8 requests in flight per host and
no delay. Reports pages/s, peak RSS of the run's whole process tree (polled with psutil, so extraction
pool workers count), CPU time per page, the page server's CPU use, the rows found in each database,
and the ratios ours/Scrapy. Every run is bounded by ``--run-timeout``; everything stops by itself.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]

HERE = Path(__file__).resolve().parent
RUNS: dict[str, tuple[str, ...]] = {  # name -> (script, mode, extra arguments...)
    "scrapy-fetch": ("scrapy_ref.py", "fetch"),
    "ours-fetch": ("crawl_ours.py", "fetch"),
    "ours-fetch-bare": ("crawl_ours.py", "fetch", "--bare"),
    "scrapy-full": ("scrapy_ref.py", "full"),
    "ours-full": ("crawl_ours.py", "full"),
}
RATIOS = (("ours-fetch", "scrapy-fetch", 1.5), ("ours-full", "scrapy-full", 3.0))
POLL = 0.05
CHILD_MIN_AGE = 0.2


@dataclass
class RunResult:
    """The figures of one run."""

    name: str
    size: int
    tool: str = ""
    status: str = "ok"  # ok | failed | timeout
    pages: int = 0
    errors: int = 0
    seconds: float = 0.0  # in-process crawl time (imports excluded)
    wall: float = 0.0  # subprocess wall time
    peak_rss_mb: float = 0.0  # process tree, polled
    max_proc_rss_mb: float = 0.0  # largest process reaped by the run (wait4; misses orphaned pool workers)
    cpu_s: float = 0.0  # CPU seconds of the run's process tree, interpreter start-up included
    main_cpu_s: float = 0.0  # of which the run's main process (as last polled)
    server_cpu: float = 0.0  # page server CPU seconds / run wall seconds (1.0 = one core busy)
    db_rows: dict[str, int] = field(default_factory=dict)
    samples: list[float] = field(default_factory=list)  # pages/s of every trial (--repeat)
    detail: str = ""

    @property
    def pages_per_s(self) -> float:
        """Pages stored per second of crawl time."""
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int, pages: int, lifetime: float) -> subprocess.Popen[bytes]:
    """Start crawl_server.py and wait until it answers."""
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "crawl_server.py"), "--port", str(port), "--workers", str(workers),
         "--pages", str(pages), "--lifetime", str(lifetime)],
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"page server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1) as resp:
                if resp.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    stop_group(proc.pid)
    raise RuntimeError("page server did not come up within 30 s")


def stop_group(pid: int) -> None:
    """SIGTERM the process group led by ``pid`` (a process this script started), then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def sample_tree(proc: psutil.Process, cpu_seen: dict[int, float]) -> int:
    """RSS of ``proc`` plus its descendants, recording each one's CPU seconds so far in ``cpu_seen``.

    A child younger than ``CHILD_MIN_AGE`` is left out of the RSS, so a fork caught before its
    ``exec`` (briefly showing the parent's pages) is not counted twice."""
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    now = time.time()
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error), p.oneshot():
            times = p.cpu_times()
            cpu_seen[p.pid] = times.user + times.system
            if p.pid == proc.pid or now - p.create_time() >= CHILD_MIN_AGE:
                total += p.memory_info().rss
    return total


def cpu_seconds(proc: psutil.Process) -> float:
    """User + system CPU seconds used so far by ``proc`` and its descendants."""
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def count_rows(db: Path) -> dict[str, int]:
    """Rows in the tables a run writes (pages with status 200, articles, claims), as far as they exist."""
    counts: dict[str, int] = {}
    if not db.exists():
        return counts
    queries = {
        "pages_200": "SELECT count(*) FROM pages WHERE status = 200",
        "articles": "SELECT count(*) FROM articles",
        "claims": "SELECT count(*) FROM claims",
    }
    with contextlib.closing(sqlite3.connect(db)) as conn:
        for key, sql in queries.items():
            with contextlib.suppress(sqlite3.Error):
                counts[key] = int(conn.execute(sql).fetchone()[0])
    return counts


def run_one(name: str, size: int, urls_file: Path, workdir: Path, timeout: float,
            extract_workers: int) -> RunResult:
    """Run one crawl subprocess, polling its process tree's RSS; bounded by ``timeout`` seconds."""
    script, mode, *extra = RUNS[name]
    db = workdir / f"{name}-{size}.db"
    for old in workdir.glob(f"{name}-{size}*"):
        if old.is_file():
            old.unlink()
    cmd = [sys.executable, str(HERE / script), mode, "--urls", str(urls_file), "--db", str(db), *extra]
    if script == "crawl_ours.py":
        cmd += ["--extract-workers", str(extract_workers)]
    out_path, err_path = workdir / f"{name}-{size}.out", workdir / f"{name}-{size}.err"
    result = RunResult(name=name, size=size)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True, cwd=workdir)
        ps = psutil.Process(proc.pid)
        peak = 0
        cpu_seen: dict[int, float] = {}
        status, usage = 0, None
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid == proc.pid:
                    break
                peak = max(peak, sample_tree(ps, cpu_seen))
                if time.perf_counter() - t0 > timeout:
                    result.status = "timeout"
                    stop_group(proc.pid)
                    _, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(POLL)
        except BaseException:  # Ctrl-C: take the run's processes down with us
            stop_group(proc.pid)
            raise
        stop_group(proc.pid)  # stragglers the run left behind, if any
        proc.returncode = os.waitstatus_to_exitcode(status)
        result.wall = round(time.perf_counter() - t0, 3)
    result.peak_rss_mb = round(peak / 2**20, 1)
    result.max_proc_rss_mb = round(usage.ru_maxrss / 1024, 1) if usage else 0.0  # Linux: KiB
    # every process seen by polling (pool workers too), or wait4's figure if that is larger
    polled = sum(cpu_seen.values())
    result.cpu_s = round(max(polled, usage.ru_utime + usage.ru_stime if usage else 0.0), 3)
    result.main_cpu_s = round(cpu_seen.get(proc.pid, 0.0), 3)
    result.db_rows = count_rows(db)
    lines = out_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    if result.status == "ok" and proc.returncode == 0 and lines:
        data: dict[str, Any] = json.loads(lines[-1])
        result.tool = str(data.get("tool", ""))
        result.pages, result.errors = int(data["pages"]), int(data["errors"])
        result.seconds = float(data["seconds"])
    else:
        if result.status == "ok":
            result.status = "failed"
        tail = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        result.detail = f"exit {proc.returncode}: " + " | ".join(tail)
        # a partial run still says how fast it went: stored rows over the wall time
        result.pages = max(result.db_rows.get("pages_200", 0), result.db_rows.get("articles", 0))
        result.seconds = result.wall
    return result


def median_run(trials: list[RunResult]) -> RunResult:
    """The trial with the median pages/s, carrying every trial's pages/s and the highest peak RSS."""
    ranked = sorted(trials, key=lambda r: r.pages_per_s)
    chosen = ranked[(len(ranked) - 1) // 2]
    chosen.samples = [round(r.pages_per_s, 1) for r in trials]
    chosen.peak_rss_mb = max(r.peak_rss_mb for r in trials)
    chosen.max_proc_rss_mb = max(r.max_proc_rss_mb for r in trials)
    return chosen


def format_table(results: list[RunResult]) -> str:
    """The results as a Markdown table, then the ratios against Scrapy per size."""
    rows = ["| pages | run | tool | status | stored | errors | s | pages/s | peak RSS MB "
            "| CPU ms/page | server CPU | trials pages/s | db rows |",
            "|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in results:
        rows_txt = ", ".join(f"{k}={v}" for k, v in r.db_rows.items())
        samples = " ".join(f"{v:.0f}" for v in r.samples)
        cpu_ms = 1000 * r.cpu_s / r.pages if r.pages else 0.0
        rows.append(f"| {r.size} | {r.name} | {r.tool or '-'} | {r.status} | {r.pages} | {r.errors} "
                    f"| {r.seconds:.1f} | {r.pages_per_s:.0f} | {r.peak_rss_mb:.0f} "
                    f"| {cpu_ms:.2f} | {r.server_cpu:.2f} | {samples} "
                    f"| {rows_txt} |")
    lines = ["\n".join(rows), ""]
    by_key = {(r.name, r.size): r for r in results}
    for size in sorted({r.size for r in results}):
        for ours, ref, target in RATIOS:
            a, b = by_key.get((ours, size)), by_key.get((ref, size))
            if a and b and a.pages_per_s and b.pages_per_s:
                ratio = a.pages_per_s / b.pages_per_s
                verdict = "meets" if ratio >= target else "BELOW"
                cpu = (b.cpu_s / b.pages) / (a.cpu_s / a.pages) if a.cpu_s and b.cpu_s else 0.0
                lines.append(f"- {size} pages: {ours} / {ref} = {ratio:.2f}× pages/s "
                             f"(target ≥ {target}×: {verdict}); {cpu:.2f}× pages per CPU second; "
                             f"RSS {a.peak_rss_mb:.0f} vs {b.peak_rss_mb:.0f} MB")
            else:
                lines.append(f"- {size} pages: {ours} / {ref}: n/a (a run failed or was skipped)")
    names = sorted({r.name for r in results})
    sizes = sorted({r.size for r in results})
    if len(sizes) > 1:
        for name in names:
            rss = [by_key[(name, s)].peak_rss_mb for s in sizes if (name, s) in by_key]
            trend = " → ".join(f"{v:.0f}" for v in rss)
            lines.append(f"- peak RSS of {name} at sizes {sizes}: {trend} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,2000", help="comma-separated page counts (default 500,2000)")
    ap.add_argument("--runs", default=",".join(RUNS), help=f"subset of {','.join(RUNS)}")
    ap.add_argument("--server-workers", type=int, default=2, help="page server processes")
    ap.add_argument("--extract-workers", type=int, default=2, help="our full mode's extraction processes")
    ap.add_argument("--repeat", type=int, default=1, help="trials per run; the median is reported")
    ap.add_argument("--run-timeout", type=float, default=900.0, help="seconds before a run is stopped")
    ap.add_argument("--workdir", default=str(HERE / "out" / "crawl"), help="databases, logs and results")
    ap.add_argument("--json", help="also write the results here (default: <workdir>/results.json)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    unknown = [r for r in runs if r not in RUNS]
    if unknown or not sizes or min(sizes) < 1 or args.repeat < 1:
        ap.error(f"bad --runs {unknown} or --sizes {args.sizes!r}")
    workdir = Path(args.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    lifetime = args.run_timeout * len(runs) * len(sizes) * args.repeat + 120
    server = start_server(port, args.server_workers, max(sizes), lifetime)
    server_ps = psutil.Process(server.pid)
    results: list[RunResult] = []
    started = datetime.now(timezone.utc)
    try:
        for size in sizes:
            urls_file = workdir / f"urls-{size}.txt"
            urls_file.write_text("".join(f"http://127.0.0.1:{port}/a/{i}.html\n" for i in range(size)),
                                 encoding="utf-8")
            trials: dict[str, list[RunResult]] = {name: [] for name in runs}
            for _ in range(args.repeat):  # round-robin, so background load hits every run alike
                for name in runs:
                    cpu0 = cpu_seconds(server_ps)
                    r = run_one(name, size, urls_file, workdir, args.run_timeout, args.extract_workers)
                    r.server_cpu = round((cpu_seconds(server_ps) - cpu0) / r.wall, 2) if r.wall else 0.0
                    trials[name].append(r)
                    print(f"{size:>6} {name:<13} {r.status:<8} {r.pages:>6} pages {r.seconds:7.1f} s "
                          f"{r.pages_per_s:7.0f} pages/s  peak RSS {r.peak_rss_mb:6.0f} MB  {r.detail}",
                          file=sys.stderr, flush=True)
            results.extend(median_run(trials[name]) for name in runs)
    finally:
        stop_group(server.pid)
        server.wait()
    cpus = os.cpu_count()
    header = (f"crawl bench {started:%Y-%m-%d %H:%M} UTC, {cpus} CPUs, Python {sys.version.split()[0]}, "
              f"load average {os.getloadavg()[0]:.2f} at the end, server workers {args.server_workers}, "
              f"extract workers {args.extract_workers}, median of {args.repeat} trial(s)")
    print(header)
    print(format_table(results))
    out = Path(args.json) if args.json else workdir / "results.json"
    out.write_text(json.dumps({"header": header, "results": [asdict(r) for r in results]}, indent=1,
                              ensure_ascii=False), encoding="utf-8")
    return 0 if all(r.status == "ok" for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
