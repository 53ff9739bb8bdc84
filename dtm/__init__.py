"""Composition root: reads settings and builds the web app, the worker, the scheduler and the CLI."""
