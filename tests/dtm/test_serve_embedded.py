"""`dtm serve` with no settings at all: SQLite, in-process queue, first-start set-up, KIs reporting by SMS."""

from __future__ import annotations

import signal
import sqlite3

import httpx
import pytest

from fakes.processes import dtm_server, run_dtm

KIS = {
    "en": ("+9647701000001", "100001"),
    "ar": ("+9647701000002", "100002"),
    "ckb": ("+9647501000003", "100003"),
}


def text_as(url: str, phone: str, text: str, cwd) -> str:
    """Send one SMS with `dtm simulate sms`; return what the KI reads."""
    done = run_dtm(
        "simulate", "sms", "--from", phone, "--url", url, text, env={"DTM_PUBLIC_URL": url}, cwd=cwd
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    """A trial install in an empty directory: `dtm serve` with no configuration."""
    cwd = tmp_path_factory.mktemp("trial")
    with dtm_server(env={}, cwd=cwd) as (url, server):
        yield url, server, cwd


def test_first_start_prepares_everything(trial):
    url, server, cwd = trial
    out = server.output()
    assert "embedded" in out and "sqlite:///./dtm.db" in out
    assert "gazetteer loaded: 119 governorates and districts" in out
    assert "SYNTHETIC demo locations loaded" in out
    assert "round 1 opened" in out
    assert "demo admin created: user 'admin', password '" in out
    ready = httpx.get(url + "/readyz").json()
    assert ready["status"] == "ok"
    assert set(ready["checks"]) == {"database", "queue", "embedded_worker"}
    assert all(c["ok"] for c in ready["checks"].values())
    assert httpx.get(url + "/healthz").json() == {"status": "ok"}
    page = httpx.get(url + "/")
    assert page.status_code == 200 and "DTM key-informant reporting" in page.text
    assert 'id="mode" class="mode embedded"' in page.text
    assert (cwd / "dtm.db").is_file()


def test_kis_file_correct_and_check_in_three_languages(trial):
    url, _, cwd = trial
    for lang, (phone, place) in KIS.items():
        added = run_dtm(
            "ki",
            "add",
            "--name",
            f"KI {lang}",
            "--phone",
            phone,
            "--lang",
            lang,
            "-l",
            place,
            env={},
            cwd=cwd,
        )
        assert added.returncode == 0, added.stderr

    phone, place = KIS["en"]
    assert "Thank you. Report R" in text_as(url, phone, f"DTM {place} F 120 I 700", cwd)
    corrected = text_as(url, phone, f"dtm {place} f 125 i 730", cwd)
    assert "families 125, people 730. It replaces your report R" in corrected
    assert "families 125, people 730. Status: waiting for review." in text_as(url, phone, "STATUS", cwd)

    phone, place = KIS["ar"]
    first = text_as(url, phone, "تقرير ١٠٠٠٠٢ ع ١٢٠ ف ٧٠٠ ح غذاء ماء", cwd)
    assert "شكراً. التقرير R" in first and "عوائل 120، أفراد 700" in first
    corrected = text_as(url, phone, "تقرير ع ١٣٠ ف ٨٠٠", cwd)  # one location: the place may be left out
    assert "عوائل 130، أفراد 800" in corrected and "يحل محل تقريرك R" in corrected
    status = text_as(url, phone, "الحالة", cwd)
    assert "قرية النعيمية (100002)" in status and "130" in status and "بانتظار المراجعة" in status

    phone, place = KIS["ckb"]
    first = text_as(url, phone, f"ڕاپۆرت {place} خ ۱۲۰ ک ۷۰۰", cwd)
    assert "سوپاس. ڕاپۆرتی R" in first and "خێزان 120، کەس 700" in first
    corrected = text_as(url, phone, f"ڕاپۆرت {place} خ ۹۰", cwd)
    assert "خێزان 90" in corrected and "دەگرێتەوە" in corrected
    assert "چاوەڕێی پێداچوونەوەیە" in text_as(url, phone, "دۆخ", cwd)

    with sqlite3.connect(cwd / "dtm.db") as db:
        rows = db.execute(
            "SELECT l.place_id, r.families, r.status FROM reports r JOIN locations l ON l.id = r.location_id "
            "ORDER BY r.id"
        ).fetchall()
    assert rows == [
        (100001, 120, "superseded"),
        (100001, 125, "pending"),
        (100002, 120, "superseded"),
        (100002, 130, "pending"),
        (100003, 120, "superseded"),
        (100003, 90, "pending"),
    ]


def test_unregistered_sender_is_refused_in_arabic_and_english(trial):
    url, _, cwd = trial
    reply = text_as(url, "+9647709999999", "hello", cwd)
    assert "رقمك غير مسجل" in reply and "This number is not registered with DTM" in reply
    with sqlite3.connect(cwd / "dtm.db") as db:
        assert db.execute("SELECT urn FROM registration_requests").fetchall() == [("tel:+9647709999999",)]


def test_second_start_keeps_data_and_adds_no_admin(trial, tmp_path):
    url, server, cwd = trial
    # SIGTERM, as docker sends it: the worker and scheduler threads stop and the lifespan ends cleanly.
    # Uvicorn then re-raises the signal it caught, so the exit status is "terminated by SIGTERM".
    assert server.stop() in (0, -signal.SIGTERM)
    out = server.output()
    assert "Application shutdown complete" in out
    assert "Traceback" not in out and "did not stop" not in out
    with dtm_server(env={}, cwd=cwd) as (url2, again):
        out = again.output()
        assert "demo admin created" not in out and "round 1 opened" not in out
        assert "Last report" in text_as(url2, KIS["en"][0], "STATUS", cwd)
