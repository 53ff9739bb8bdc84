"""Composition root: reads settings and builds the web app, the worker, the scheduler and the CLI."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dtm-ki-bot")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0"
