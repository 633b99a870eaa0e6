"""Build configuration beyond pyproject.toml: the optional C walk (``article_extract._lexwalk``).

The extension is optional: where it cannot be compiled, the package installs without it and
``article_extract.segments`` walks pages in Python (the same results, slower).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "article_extract._lexwalk",
            ["src/article_extract/_lexwalk.c"],
            optional=True,
            extra_compile_args=["-O2"],
        )
    ]
)
