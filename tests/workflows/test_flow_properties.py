"""Properties of `step` for any text from any reachable state and any kind of sender, plus flow rules."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine_world import INDEX, KIS, ROUND, START, World
from workflows.engine.flow import step
from workflows.engine.turn import crockford, make_ref
from workflows.engine.types import Context, Incoming, OptIn, Reply

SENDERS = {
    "unregistered": "tel:+9647700000000",
    "active_one_place": "tel:+9647701111111",
    "active_sms": "tel:+9647502222222",
    "active_telegram": "telegram:5550001",
    "suspended": "tel:+9647704444444",
    "opted_out": "tel:+9647705555555",
}
# Text that reaches the interesting branches: commands, compact reports, answers, and anything at all.
MEANINGFUL = st.sampled_from(
    [
        "report",
        "تقرير",
        "ڕاپۆرت",
        "1",
        "2",
        "3",
        "120",
        "?",
        "15 8",
        "100 20",
        "1 2 5",
        "1 2 3",
        "0",
        "hay",
        "DTM 10234 F 120",
        "تقرير ع ١٢٠",
        "help",
        "status",
        "cancel",
        "إلغاء",
        "lang en",
        "lang ckb",
        "STOP",
        "START",
        "yes",
        "-5",
        "١٢٠",
        "۱۲۰",
    ]
)
ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.sampled_from(list("0123456789 ,;:=-/\n.FfIiNn؟،")),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sender=st.sampled_from(sorted(SENDERS)),
    prefix=st.lists(st.one_of(MEANINGFUL, ANY_TEXT), max_size=8),
    text=st.one_of(ANY_TEXT, MEANINGFUL),
    waited=st.sampled_from([0, 1, 30]),
    round_open=st.booleans(),
)
def test_exactly_one_reply_from_any_state(sender, prefix, text, waited, round_open) -> None:
    world = World()
    urn = SENDERS[sender]
    for message in prefix:
        world.send(urn, message)
    world.wait(timedelta(hours=waited))
    world.round = ROUND if round_open else None
    ki_before = world.kis.get(urn)
    effects = world.send(urn, text)
    replies = [e for e in effects if isinstance(e, Reply)]
    json.loads(json.dumps(world.states[urn]))  # the runner stores state as JSON
    if (
        ki_before is not None
        and ki_before.status == "opted_out"
        and not any(isinstance(e, OptIn) for e in effects)
    ):
        assert effects == []  # silence, unless they sent START
        return
    assert len(replies) == 1, (effects, text)
    assert replies[0].text.strip()


def _ctx(urn: str, **changes) -> Context:
    base = Context(
        ki=KIS.get(urn), round=ROUND, locations=INDEX, governorates=World().context(urn).governorates
    )
    return replace(base, **changes)


def test_opted_out_sender_gets_nothing_but_start_works() -> None:
    urn = SENDERS["opted_out"]
    for text in ["hello", "DTM F 120", "help", "stop", "lang en"]:
        _, effects = step({}, Incoming(text, urn, "sms", 1), _ctx(urn), START)
        assert effects == []
    for text in ["START", "ابدأ", "yes"]:  # YES re-subscribes at Twilio, so it does here too (SMS only)
        _, effects = step({}, Incoming(text, urn, "sms", 1), _ctx(urn), START)
        assert isinstance(effects[0], OptIn) and len(effects) == 2


def test_options_are_in_sms_text_and_in_choices_everywhere() -> None:
    urn = SENDERS["active_telegram"]
    _, sms = step({}, Incoming("report", urn, "sms", 1), _ctx(urn), START)
    _, tg = step({}, Incoming("report", urn, "telegram", 1), _ctx(urn), START)
    assert (
        sms[0].choices
        == tg[0].choices
        == ("1 Hay Al-Askari (10234)", "2 Hay Al-Tameem (10235)", "3 Al-Qayyarah (30001)")
    )
    assert all(choice in sms[0].text for choice in sms[0].choices)
    assert not any(choice in tg[0].text for choice in tg[0].choices)


def test_state_holds_language_question_draft_and_expiry() -> None:
    urn = SENDERS["active_telegram"]
    now = datetime(2024, 5, 1, 9, 0)
    state, _ = step({}, Incoming("report", urn, "telegram", 7), _ctx(urn), now)
    state, _ = step(state, Incoming("2", urn, "telegram", 8), _ctx(urn), now)
    assert state["lang"] == "en"
    assert state["q"] == "families"
    assert state["draft"]["location"]["place_id"] == 10235
    assert state["msgs"] == [7, 8]
    assert datetime.fromisoformat(state["expires"]) == now + timedelta(hours=24)


def test_step_does_not_mutate_the_given_state() -> None:
    urn = SENDERS["active_telegram"]
    state, _ = step({}, Incoming("report", urn, "telegram", 7), _ctx(urn), START)
    frozen = json.dumps(state, sort_keys=True)
    step(state, Incoming("2", urn, "telegram", 8), _ctx(urn), START)
    assert json.dumps(state, sort_keys=True) == frozen


def test_refs_are_crockford_base32_of_the_message_id() -> None:
    assert crockford(0) == "0"
    assert crockford(31) == "Z"
    assert crockford(32) == "10"
    assert make_ref(Incoming("x", "tel:1", "sms", 123456), START) == "R3RJ0"
    refs = {make_ref(Incoming("x", "tel:1", "sms", i), START) for i in range(5000)}
    assert len(refs) == 5000
    assert make_ref(Incoming("x", "tel:1", "sms", None), START).startswith("T")


def test_staff_language_change_wins_over_an_old_lang_command() -> None:
    urn = SENDERS["active_telegram"]
    state, _ = step({}, Incoming("lang ar", urn, "telegram", 1), _ctx(urn), START)
    ki_ar = replace(KIS[urn], language="ar")
    state, effects = step(state, Incoming("help", urn, "telegram", 2), _ctx(urn, ki=ki_ar), START)
    assert "للإبلاغ" in effects[0].text
    ki_ckb = replace(KIS[urn], language="ckb")  # staff changed it in the admin afterwards
    state, effects = step(state, Incoming("help", urn, "telegram", 3), _ctx(urn, ki=ki_ckb), START)
    assert "ڕاپۆرت" in effects[0].text and state["lang"] == "ckb"
