"""Runtime commands (serve, worker, scheduler, jobs): stub until the lead's module lands."""


def register(app) -> None:
    """Register nothing yet."""
