"""Staff users, key informants and rounds: the services validate, never commit, and stay idempotent."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core.gazetteer import load_demo_locations, load_gazetteer
from core.informants import add_ki, find_ki_by_urn, import_kis_csv, phone_urn, telegram_urn
from core.inputs import CsvImportError, InputError
from core.models import KeyInformant, Round
from core.rounds import close_round, current_round, open_round
from core.staff import authenticate, create_staff, governorate_ids, issue_token, staff_for_token


@pytest.fixture
def session(session_factory):
    with session_factory() as s:
        load_gazetteer(s)
        load_demo_locations(s)
        s.commit()
        yield s


def test_create_reviewer_scoped_by_any_governorate_form(session):
    user = create_staff(
        session,
        username="rev",
        role="reviewer",
        password="long enough",
        governorates=["IQG11", "IQ-DA", "Dihok"],
    )
    assert sorted(a.pcode for a in user.governorates) == ["IQG09", "IQG11"]
    assert governorate_ids(user) == {a.id for a in user.governorates}
    assert authenticate(session, username="rev", password="long enough") is user
    assert authenticate(session, username="rev", password="wrong pass") is None


def test_admin_sees_all_and_bad_input_is_refused(session):
    admin = create_staff(session, username="boss", role="admin", password="long enough")
    assert governorate_ids(admin) is None
    for kwargs, message in [
        ({"username": "x", "role": "chief", "password": "long enough"}, "unknown role"),
        ({"username": "boss", "role": "admin", "password": "long enough"}, "already exists"),
        ({"username": "y", "role": "reviewer", "password": "long enough"}, "at least one governorate"),
        ({"username": "z", "role": "admin", "password": "short"}, "too short"),
        (
            {"username": "w", "role": "reviewer", "password": "long enough", "governorates": ["Atlantis"]},
            "unknown",
        ),
    ]:
        with pytest.raises(InputError, match=message):
            create_staff(session, **kwargs)


def test_token_issue_and_lookup(session):
    user = create_staff(session, username="api", role="admin", password="long enough")
    token = issue_token(session, staff=user, name="laptop")
    assert staff_for_token(session, token) is user
    assert user.tokens[0].last_used_at is not None
    assert token not in user.tokens[0].token_hash
    assert staff_for_token(session, token + "x") is None
    user.tokens[0].revoked_at = datetime.now(UTC)
    assert staff_for_token(session, token) is None


def test_phone_and_telegram_urns():
    assert phone_urn("0770 123 4567") == "tel:+9647701234567"
    assert phone_urn("+964 750 123 4567") == "tel:+9647501234567"
    assert phone_urn("٠٧٧٠١٢٣٤٥٦٧") == "tel:+9647701234567"
    assert telegram_urn("telegram:42") == telegram_urn(42) == "telegram:42"
    for bad in ("123", "hello", ""):
        with pytest.raises(InputError, match="bad phone"):
            phone_urn(bad)
    with pytest.raises(InputError, match="bad Telegram id"):
        telegram_urn("@someone")


def test_add_ki(session):
    ki = add_ki(
        session,
        name="Ahmed",
        phone="07701234567",
        telegram_id="123",
        language="ckb",
        place_ids=[100001, "100002"],
    )
    assert sorted(u.urn for u in ki.urns) == ["tel:+9647701234567", "telegram:123"]
    assert [loc.place_id for loc in ki.locations] == [100001, 100002]
    assert find_ki_by_urn(session, "telegram:123") is ki
    with pytest.raises(InputError, match="already belongs"):
        add_ki(session, name="Other", phone="+9647701234567", place_ids=[100001])
    with pytest.raises(InputError, match="unknown place id"):
        add_ki(session, name="Other", phone="07701234568", place_ids=[999])
    with pytest.raises(InputError, match="unknown language"):
        add_ki(session, name="Other", phone="07701234568", language="fr", place_ids=[100001])
    with pytest.raises(InputError, match="phone number or a Telegram id"):
        add_ki(session, name="Other", place_ids=[100001])


KI_CSV = """name,phone,telegram,language,place_ids,role
Ahmed,07701111111,,ar,100001|100002,mukhtar
Layla,,555,ckb,100020,
"""


def test_import_kis_is_idempotent(session):
    assert (import_kis_csv(session, io.StringIO(KI_CSV)).created) == 2
    again = import_kis_csv(session, io.StringIO(KI_CSV))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    moved = import_kis_csv(session, io.StringIO(KI_CSV.replace("100001|100002", "100003")))
    assert (moved.created, moved.updated) == (0, 1)
    ahmed = find_ki_by_urn(session, "tel:+9647701111111")
    assert [loc.place_id for loc in ahmed.locations] == [100003]
    assert session.scalar(select(func.count()).select_from(KeyInformant)) == 2


def test_import_kis_refuses_whole_file_with_line_numbers(session):
    bad = KI_CSV + "Nobody,123,,ar,100001,\nTwin,07701111111,,xx,999,\n,07702222222,,ar,,\n"
    with pytest.raises(CsvImportError) as caught:
        import_kis_csv(session, io.StringIO(bad))
    by_line = {}
    for line, reason in caught.value.errors:
        by_line.setdefault(line, []).append(reason)
    assert set(by_line) == {4, 5, 6}
    assert any("bad phone" in r for r in by_line[4])
    assert any("repeats line 2" in r for r in by_line[5])
    assert any("unknown language" in r for r in by_line[5]) and any("999" in r for r in by_line[5])
    assert "name is missing" in by_line[6] and "place_ids is missing" in by_line[6]
    assert session.scalar(select(func.count()).select_from(KeyInformant)) == 0


def test_rounds_open_close_and_current(session):
    t0 = datetime(2024, 1, 1, 8, tzinfo=UTC)
    assert current_round(session) is None
    first = open_round(session, starts_on=date(2024, 1, 1), now=t0)
    assert first.number == 1 and first.status == "open"
    second = open_round(session, starts_on=date(2024, 2, 1), now=t0 + timedelta(days=31))
    assert second.number == 2
    assert first.status == "closed" and first.ends_on == date(2024, 1, 31)
    assert session.scalar(select(func.count()).select_from(Round).where(Round.status == "open")) == 1
    assert current_round(session) is second
    assert current_round(session, t0 + timedelta(days=3)) is first
    assert current_round(session, t0 + timedelta(days=40)) is second
    assert current_round(session, t0 - timedelta(days=1)) is None
    # A naive time is taken as UTC.
    assert current_round(session, datetime(2024, 1, 5)) is first
    with pytest.raises(InputError, match="not after the last round"):
        open_round(session, number=2)
    with pytest.raises(InputError, match="before round 2"):
        open_round(session, starts_on=date(2024, 1, 15))
    assert open_round(session, number=10, starts_on=date(2024, 3, 1)).number == 10
    assert close_round(session).number == 10
    assert current_round(session) is None
