"""First start of the embedded mode: migrate, load the gazetteer and demo places, open a round, add a demo admin."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import func, select

from core.db import session_scope
from core.models import Location, Round, StaffUser
from dtm import migrate
from dtm.settings import Settings
from workflows.runtime import Runtime

DEMO_ADMIN = "admin"


@dataclass
class Prepared:
    """What the embedded start-up did, as lines to print for the person who started it."""

    lines: list[str] = field(default_factory=list)
    admin_password: str | None = None


def prepare_embedded(settings: Settings, rt: Runtime) -> Prepared:
    """Make a fresh embedded install usable at once; on later starts only migrate (every step is idempotent)."""
    from core.gazetteer import load_demo_locations, load_gazetteer
    from core.rounds import open_round
    from core.staff import create_staff

    done = Prepared()
    migrate.upgrade(settings.database_url)
    with session_scope(rt.session_factory) as session:
        areas = load_gazetteer(session)
        if areas.created:
            done.lines.append(f"gazetteer loaded: {areas.created} governorates and districts")
        if not session.scalar(select(func.count(Location.id))):
            demo = load_demo_locations(session)
            done.lines.append(
                f"{demo.created} SYNTHETIC demo locations loaded (for trials only; "
                "load real ones with `dtm gazetteer load --locations FILE`)"
            )
        if not session.scalar(select(func.count(Round.id))):
            rnd = open_round(session)
            done.lines.append(f"round {rnd.number} opened (open the next with `dtm round open`)")
        if not session.scalar(select(func.count(StaffUser.id))):
            done.admin_password = secrets.token_urlsafe(12)
            create_staff(session, username=DEMO_ADMIN, role="admin", password=done.admin_password)
            done.lines.append(
                f"demo admin created: user {DEMO_ADMIN!r}, password {done.admin_password!r} "
                f"(shown once; for the review desk, and `dtm user token {DEMO_ADMIN}` gives an API token)"
            )
    return done
