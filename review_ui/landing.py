"""The public landing page at `/`: what this server is and where its parts are; it shows no data."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def build_router(*, mode: str, public_url: str, channels: list[str]) -> APIRouter:
    """Return the landing page route; `mode` is 'embedded' or 'production'."""
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    async def landing(request: Request) -> HTMLResponse:
        """Render the landing page (no figures: it is reachable without logging in)."""
        return TEMPLATES.TemplateResponse(
            request,
            "landing.html",
            {"mode": mode, "public_url": public_url.rstrip("/"), "channels": channels},
        )

    return router
