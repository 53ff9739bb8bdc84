"""Keyword-only factories for test data, built on the project's own services where they exist."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from core.gazetteer import load_gazetteer
from core.gazetteer_csv import load_demo_locations
from core.informants import add_ki
from core.models import KeyInformant, Round
from core.rounds import open_round

# Demo (synthetic) locations shipped with the project.
PLACE_A = 100001  # Al-Shuhada Quarter, Baghdad
PLACE_B = 100002  # Al-Nuaimiya Village, Baghdad


def seed_gazetteer(*, session: Session) -> None:
    """Load governorates, districts and the synthetic demo locations."""
    load_gazetteer(session)
    load_demo_locations(session)


def make_ki(
    *,
    session: Session,
    name: str = "Test KI",
    phone: str | None = "+9647701234567",
    telegram_id: int | None = None,
    language: str = "en",
    place_ids: Iterable[int] = (PLACE_A,),
    status: str = "active",
) -> KeyInformant:
    """Register a key informant covering `place_ids`."""
    ki = add_ki(
        session, name=name, phone=phone, telegram_id=telegram_id, language=language, place_ids=place_ids
    )
    ki.status = status
    return ki


def make_round(*, session: Session, number: int | None = None) -> Round:
    """Open a round (the next number unless given)."""
    return open_round(session, number=number)


def seed_reporting(*, session_factory, kis: Iterable[dict] = ({},)) -> list[int]:
    """Set up a gazetteer, an open round and KIs (each a dict of `make_ki` keywords); return KI ids."""
    with session_factory() as session, session.begin():
        seed_gazetteer(session=session)
        make_round(session=session)
        return [make_ki(session=session, **spec).id for spec in kis]
