"""Demo roll-call session: an open session at Capital City PD for the leave-behind course.

Idempotent: when the agency already has a session, nothing is added. Sign in as
supervisor@capital-city-pd.example.org, open /rollcall/, and check in from a phone as
officer@capital-city-pd.example.org with the code on the screen.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.demo.roll_call_course import COURSE_SLUG
from courses.models import CoursePage
from lms.demo.people import CAPITAL_CITY
from lms.models import Agency
from lms.rollcall.models import RollCallSession
from lms.rollcall.services import default_completion_rule, start_session

AGENCY_NAME = CAPITAL_CITY
SUPERVISOR_EMAIL = "supervisor@capital-city-pd.example.org"


def load_rollcall_sessions(stdout) -> None:
    agency = Agency.objects.filter(name=AGENCY_NAME).first()
    supervisor = get_user_model().objects.filter(email__iexact=SUPERVISOR_EMAIL).first()
    course = CoursePage.objects.live().filter(slug=COURSE_SLUG).first()
    if agency is None or supervisor is None or course is None:
        stdout.write("Skipped the demo roll-call session (agency, supervisor or course missing)")
        return
    if RollCallSession.objects.filter(agency=agency).exists():
        stdout.write("Kept the demo roll-call session")
        return
    session = start_session(
        supervisor=supervisor,
        agency=agency,
        course=course,
        held_on=timezone.localdate(),
        unit="Day shift",
        location="Muster room",
        completion_rule=default_completion_rule(course),
    )
    stdout.write(f"Created demo roll-call session #{session.pk} ({session.course_title})")
