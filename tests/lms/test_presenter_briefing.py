"""Presenter mode shows the course's roll-call briefing (CMS content), not the online course."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags

from courses.briefing import RollCallBriefingBlock, SayDoBlock
from tests.factories import build_course, make_agency, make_member, start_briefing_session

pytestmark = pytest.mark.django_db

BRIEFING = [
    ("segment", {"title": "Why it matters", "minutes": 2, "steps": [
        ("say_do", {"say": "One in twenty die within a year.", "do": "Hold up a kit."}),
    ]}),
    ("segment", {"title": "Hands-on: the device", "minutes": 4, "steps": [
        ("say_do", {"say": "Do not prime or test it.", "do": ""}),
        ("link", {"target": "agency_sop", "label": "Our SOP"}),
        ("link", {"target": "wallet_card", "label": "The wallet card"}),
    ]}),
]  # fmt: skip


@pytest.fixture(autouse=True)
def _no_mfa_prompt(settings):
    settings.ROLLCALL_ENFORCE_MFA = False


def start_session(*, course):
    agency = make_agency(name="Example Village Police Department")
    sergeant = make_member(agency=agency, role="supervisor").user
    session = start_briefing_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
    )
    return session, sergeant


def test_presenter_mode_shows_the_briefing_segments_on_a_clock_not_the_lessons(client):
    from certificates.models import QuickReferenceCard

    course = build_course(title="Leave-behind naloxone", lessons=2, roll_call_briefing=BRIEFING)
    QuickReferenceCard.objects.create(
        slug="officer-card", title="Officer card", body=[], course=course
    )
    session, sergeant = start_session(course=course)
    client.force_login(sergeant)
    response = client.get(f"/rollcall/{session.pk}/present/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["count"] == 3  # an outline slide, then one slide per segment
    assert "Roll-call briefing · 6 minutes" in html
    assert "0:00-2:00" in html and "2:00-6:00 · Leave-behind naloxone" in html
    assert "Do not prime or test it." in html
    assert "Check breathing. Call 911." not in html  # the lessons' text is not shown
    assert f'href="/sop/agency/{session.agency_id}/"' in html
    assert 'href="/cards/officer-card/"' in html


def test_presenter_mode_says_clearly_when_the_course_has_no_briefing(client):
    session, sergeant = start_session(course=build_course(lessons=2))
    client.force_login(sergeant)
    response = client.get(f"/rollcall/{session.pk}/present/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This course has no roll-call briefing yet" in html
    assert 'id="slide-2"' not in html


def test_another_agencys_supervisor_cannot_present_the_session(client):
    session, _ = start_session(course=build_course(lessons=1, roll_call_briefing=BRIEFING))
    outsider = make_member(agency=make_agency(name="Other PD"), role="supervisor").user
    client.force_login(outsider)
    assert client.get(f"/rollcall/{session.pk}/present/").status_code == 404


def test_a_briefing_longer_than_fifteen_minutes_is_refused_with_the_total():
    block = RollCallBriefingBlock()
    segments = [
        ("segment", {"title": f"Part {n}", "minutes": 4, "steps": [("say_do", {"say": "Hi."})]})
        for n in range(4)
    ]
    with pytest.raises(ValidationError) as refused:
        block.clean(block.normalize(segments))
    assert "add up to 16 minutes" in str(refused.value.non_block_errors)


def test_a_step_with_nothing_to_say_or_do_is_refused():
    with pytest.raises(ValidationError) as refused:
        SayDoBlock().clean(SayDoBlock().to_python({"say": " ", "do": ""}))
    assert "Write what to say, what to do, or both." in str(refused.value.non_block_errors)


# --- the shipped briefing of the leave-behind course -------------------------------------------


@pytest.fixture
def demo_course(db):
    from cms.demo.roll_call_course import COURSE_SLUG, load_roll_call_course
    from cms.demo.toolkit import load_toolkit
    from courses.models import CoursePage

    load_toolkit(io.StringIO())
    load_roll_call_course(io.StringIO())
    return CoursePage.objects.get(slug=COURSE_SLUG)


def test_the_shipped_briefing_fits_ten_to_fifteen_minutes_of_reading(demo_course):
    from courses.briefing import timed_segments

    segments = timed_segments(briefing=demo_course.roll_call_briefing)
    assert 10 <= segments[-1].ends_at <= 15
    text = strip_tags(str(demo_course.roll_call_briefing.render_as_block()))
    words = len(re.findall(r"\w+", text))
    # Read aloud at about 130 words a minute, leaving minutes for the hands-on demonstration.
    assert 900 <= words <= 1800, words


def test_the_shipped_briefing_covers_what_a_sergeant_must_say(client, demo_course):
    session, sergeant = start_session(course=demo_course)
    client.force_login(sergeant)
    html = client.get(f"/rollcall/{session.pk}/present/").content.decode()
    for required in (
        "start CPR",
        "AED",
        "911",
        "other nostril",
        "Do not prime it",
        "Penal Law 220.78",
        "CPL 60.49",
        "touching fentanyl",
        "xylazine",
        "Scenario",
        "nasal-spray-steps.svg",
    ):
        assert required in html, required
    assert f'href="/sop/agency/{session.agency_id}/"' in html
