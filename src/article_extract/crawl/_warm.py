"""Imported by the extraction forkserver before it forks workers: loads the package's lazy resources.

Workers forked from a warmed server share the claims segmenter's dictionary and compiled patterns
(copy-on-write) instead of each loading them on its first page.
"""

from __future__ import annotations

from .worker import warm_up

warm_up()
