"""Sub-commands of the ``article-extract`` CLI (one module each, see ``article_extract.cli``)."""
