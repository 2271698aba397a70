"""Demo data for `manage.py load_demo`.

Each app contributes an idempotent step (a function taking `stdout`); the command runs
them in the order of DEMO_STEPS. Every demo account uses DEMO_PASSWORD.
"""

DEMO_PASSWORD = "rollcall-demo"  # noqa: S105 - published demo password, see the README

DEMO_STEPS = [
    "lms.demo.accounts.load_ors_staff",
    "lms.demo.people.load_people",
    "cms.demo.toolkit.load_toolkit",
    "cms.demo.roll_call_course.load_roll_call_course",
    "cms.demo.best_practices_course.load_best_practices_course",
    "lms.demo.people.load_assignments",  # needs the courses above
    "cms.demo.history.load_history",
    # After the courses (links the card to the leave-behind course) and any demo history.
    "certificates.demo.load_certificates",
    "cms.demo.roll_call_session.load_rollcall_sessions",
    "cms.demo.site.load_site_address",
]
