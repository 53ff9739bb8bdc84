"""Channel-agnostic workflows: conversation engine, reporting flow, validation, catalogs and queue jobs."""
