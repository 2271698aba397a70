"""Load just the demo content the browser flows need (the full history is slower)."""

from __future__ import annotations

import io

from django.utils.module_loading import import_string

FLOW_STEPS = [
    "lms.demo.accounts.load_ors_staff",
    "lms.demo.people.load_people",
    "cms.demo.roll_call_course.load_roll_call_course",
    "lms.demo.people.load_assignments",
    "certificates.demo.load_certificates",
]


def load_flow_demo() -> None:
    sink = io.StringIO()
    for step in FLOW_STEPS:
        import_string(step)(sink)
