"""article_extract: clean articles and numeric claims from Chinese news portal pages.

Public API::

    from article_extract import extract, extract_claims, find_numbers
    article = extract(html_bytes, url="https://example.cn/a.html")
    article.to_dict()
"""

from .claims import extract_claims
from .model import Article, Claim, PageRecord
from .numerals import NumberMatch, find_numbers
from .pipeline import extract

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Claim",
    "NumberMatch",
    "PageRecord",
    "__version__",
    "extract",
    "extract_claims",
    "find_numbers",
]
