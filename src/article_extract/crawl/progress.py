"""Crawl progress: a tqdm bar on a terminal, periodic quiet log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from .config import CrawlSummary


class Progress:
    """Shows done/failed/queued and pages/s while a crawl runs; :meth:`note` prints per-URL messages."""

    def __init__(
        self, enabled: bool | None = None, stream: TextIO | None = None, interval: float = 10.0
    ) -> None:
        self.stream = stream or sys.stderr
        tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.use_bar = tty if enabled is None else enabled
        self.quiet_lines = enabled is not False and not self.use_bar
        self.interval = interval
        self._last_line = time.monotonic()
        self._bar: Any = None
        if self.use_bar:
            from tqdm import tqdm

            self._bar = tqdm(total=0, unit="page", file=self.stream, dynamic_ncols=True, smoothing=0.1)

    def note(self, message: str) -> None:
        """One message line (an error for one URL), printed without breaking the bar."""
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def update(self, summary: CrawlSummary, queued: int, elapsed: float) -> None:
        """Refresh the bar, or print a log line every ``interval`` seconds."""
        rate = summary.processed / elapsed if elapsed > 0 else 0.0
        now = time.monotonic()
        if self._bar is not None:
            if now - self._last_line < 0.2 and queued:  # redraw at most 5 times a second
                return
            self._last_line = now
            self._bar.total = summary.processed + queued
            self._bar.n = summary.processed
            self._bar.set_postfix(done=summary.done, failed=summary.failed, queued=queued, refresh=False)
            self._bar.refresh()
            return
        if self.quiet_lines and now - self._last_line >= self.interval:
            self._last_line = now
            print(
                f"crawl: {summary.done} done, {summary.failed} failed, {summary.skipped} skipped, "
                f"{queued} queued, {rate:.1f} pages/s",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        """Remove the bar."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
