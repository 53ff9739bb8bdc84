"""SMS reporting end to end: signed webhook -> real RQ worker (burst) -> engine -> reports -> fake Twilio."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from core.models import (
    InboundMessage,
    KeyInformant,
    OutboundMessage,
    RegistrationRequest,
    Report,
    ReportMessage,
)
from factories import PLACE_A, seed_reporting
from fakes.runtime import drain, rt  # noqa: F401 - fixture
from fakes.sms_env import outbound_rows, replies_for, sms_client, text_in, twilio_api  # noqa: F401
from workflows.jobs import handle_inbound

KI_PHONE = "+9647701234567"

SCRIPTS = {
    "en": ("DTM 100001 F 120 I 700 N 1 2", "dtm f 130", "STATUS"),
    "ar": ("تقرير ١٠٠٠٠١ ع ١٢٠ ف ٧٠٠ ح غذاء ماء", "تقرير ع ١٣٠", "حالة"),
    "ckb": ("ڕاپۆرت ۱۰۰۰۰۱ خ ۱۲۰ ک ۷۰۰", "ڕاپۆرت خ ۱۳۰", "دۆخ"),
}


def count(rt, model, *where) -> int:  # noqa: F811
    """Count rows of a model."""
    with rt.session_factory() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.parametrize("lang", ["en", "ar", "ckb"])
def test_report_correct_and_status(rt, sms_client, twilio_api, lang):  # noqa: F811
    """A KI files a compact report, corrects it (the first is superseded) and asks STATUS."""
    seed_reporting(session_factory=rt.session_factory, kis=[{"language": lang, "phone": KI_PHONE}])
    first, correction, status = SCRIPTS[lang]

    sid1 = text_in(sms_client, first)
    drain(rt.redis)
    sid2 = text_in(sms_client, correction)
    drain(rt.redis)
    sid3 = text_in(sms_client, status)
    drain(rt.redis)

    with rt.session_factory() as session:
        r1, r2 = session.scalars(select(Report).order_by(Report.id)).all()
        assert (r1.families, r1.individuals, r1.status) == (120, 700, "superseded")
        assert (r2.families, r2.individuals, r2.individuals_estimated, r2.status) == (
            130,
            780,
            True,
            "pending",
        )
        assert r2.supersedes_id == r1.id
        assert r2.location.place_id == PLACE_A
        provenance = session.scalars(
            select(ReportMessage.message_id).where(ReportMessage.report_id == r2.id)
        ).all()
        [m2] = session.scalars(select(InboundMessage.id).where(InboundMessage.external_id == sid2)).all()
        assert provenance == [m2]

    echoes = [replies_for(sms_client, sid) for sid in (sid1, sid2, sid3)]
    assert all(e["status"] == "processed" for e in echoes)
    assert all(len(e["replies"]) == 1 and e["replies"][0]["status"] == "sent" for e in echoes)
    assert r1.ref in echoes[0]["replies"][0]["text"]
    assert r2.ref in echoes[1]["replies"][0]["text"]
    assert r2.ref in echoes[2]["replies"][0]["text"] and "130" in echoes[2]["replies"][0]["text"].translate(
        str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
    )
    expected_encoding = "GSM-7" if lang == "en" else "UCS-2"
    assert {e["replies"][0]["encoding"] for e in echoes} == {expected_encoding}
    assert [m.to for m in twilio_api.messages] == [KI_PHONE] * 3
    assert [m.body for m in twilio_api.messages] == [e["replies"][0]["text"] for e in echoes]


def test_unregistered_sender_is_queued_for_registration(rt, sms_client, twilio_api):  # noqa: F811
    """A stranger gets one polite refusal and lands in the registration queue, never in reports."""
    seed_reporting(session_factory=rt.session_factory, kis=[])
    stranger = "+9647709999999"
    text_in(sms_client, "DTM 100001 F 50", sender=stranger)
    text_in(sms_client, "hello?", sender=stranger)
    drain(rt.redis)
    assert count(rt, Report) == 0
    with rt.session_factory() as session:
        [request] = session.scalars(select(RegistrationRequest)).all()
    assert (request.urn, request.first_text, request.message_count) == (
        f"tel:{stranger}",
        "DTM 100001 F 50",
        2,
    )
    assert len(twilio_api.messages) == 2
    assert "registered" in twilio_api.messages[0].body


def test_same_message_sid_three_times(rt, sms_client, twilio_api):  # noqa: F811
    """Provider retries: one inbound row, one report, one echo."""
    seed_reporting(session_factory=rt.session_factory)
    sid = text_in(sms_client, "DTM 100001 F 120 I 700")
    text_in(sms_client, "DTM 100001 F 120 I 700", sid=sid)
    drain(rt.redis)
    text_in(sms_client, "DTM 100001 F 120 I 700", sid=sid)
    drain(rt.redis)
    assert count(rt, InboundMessage) == 1
    assert count(rt, Report) == 1
    assert count(rt, OutboundMessage) == 1
    assert len(twilio_api.messages) == 1


def test_running_the_job_twice_is_a_no_op(rt, sms_client, twilio_api):  # noqa: F811
    """handle_inbound on a processed message changes nothing."""
    seed_reporting(session_factory=rt.session_factory)
    text_in(sms_client, "DTM 100001 F 120")
    drain(rt.redis)
    with rt.session_factory() as session:
        message_id = session.scalar(select(InboundMessage.id))
    assert handle_inbound(message_id) == 0
    assert handle_inbound(message_id) == 0
    assert count(rt, Report) == 1
    assert count(rt, OutboundMessage) == 1


def _refuse_families(rt, families: int) -> None:  # noqa: F811
    """Make the database refuse reports with this many families (a trigger: a realistic failure)."""
    with rt.session_factory() as session, session.begin():
        if session.get_bind().dialect.name == "postgresql":
            session.execute(
                text(
                    "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                    f"IF NEW.families = {families} THEN RAISE EXCEPTION 'refused by trigger'; END IF; "
                    "RETURN NEW; END $$ LANGUAGE plpgsql"
                )
            )
            session.execute(
                text("CREATE TRIGGER refuse BEFORE INSERT ON reports FOR EACH ROW EXECUTE FUNCTION refuse()")
            )
        else:
            session.execute(
                text(
                    f"CREATE TRIGGER refuse BEFORE INSERT ON reports WHEN NEW.families = {families} "
                    "BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END"
                )
            )


def test_failing_message_is_kept_and_the_next_one_processed(rt, sms_client, twilio_api):  # noqa: F811
    """A message that raises is marked failed with its error; the KI's next message still goes through."""
    seed_reporting(session_factory=rt.session_factory)
    _refuse_families(rt, 666)
    bad = text_in(sms_client, "DTM 100001 F 666")
    good = text_in(sms_client, "DTM 100001 F 120")
    drain(rt.redis)
    with rt.session_factory() as session:
        failed = session.scalar(select(InboundMessage).where(InboundMessage.external_id == bad))
        ok = session.scalar(select(InboundMessage).where(InboundMessage.external_id == good))
        reports = session.scalars(select(Report)).all()
    assert failed.status == "failed" and "refused by trigger" in failed.error
    assert ok.status == "processed"
    assert [r.families for r in reports] == [120]
    assert replies_for(sms_client, bad)["replies"] == []
    assert len(replies_for(sms_client, good)["replies"]) == 1


def test_stop_confirms_once_then_silence(rt, sms_client, twilio_api):  # noqa: F811
    """STOP opts the KI out with one confirmation; nothing more is sent until START."""
    seed_reporting(session_factory=rt.session_factory)
    text_in(sms_client, "STOP")
    drain(rt.redis)
    text_in(sms_client, "DTM 100001 F 120")
    drain(rt.redis)
    with rt.session_factory() as session:
        assert session.scalar(select(KeyInformant.status)) == "opted_out"
    assert len(twilio_api.messages) == 1
    assert count(rt, Report) == 0
    text_in(sms_client, "START")
    drain(rt.redis)
    with rt.session_factory() as session:
        assert session.scalar(select(KeyInformant.status)) == "active"
    assert len(twilio_api.messages) == 2


def test_guided_report_keeps_provenance(rt, sms_client, twilio_api):  # noqa: F811
    """A guided report answered in nine messages links every one of them."""
    seed_reporting(session_factory=rt.session_factory)
    for answer in ("REPORT", "120", "700", "15", "1", "1 2", "1 1 3", "yes", "1"):
        text_in(sms_client, answer)
    drain(rt.redis)
    with rt.session_factory() as session:
        [report] = session.scalars(select(Report)).all()
        links = session.scalar(
            select(func.count()).select_from(ReportMessage).where(ReportMessage.report_id == report.id)
        )
        assert [o.shelter_type for o in report.shelters] == ["camp"]
        assert [n.need for n in report.needs] == ["food", "drinking_water"]
    assert links == 9
    assert [r.status for r in outbound_rows(rt)] == ["sent"] * 9
