"""Agency isolation matrix: every route that takes an id, code or slug, requested by people of
another agency and anonymously, must answer 404 (or, anonymously, a log-in redirect).

The routes are found by walking the URL resolver, so a new route is covered by default. Each URL
keyword argument needs a factory below that builds an object belonging to agency A (or one of
its officers); an unknown keyword makes the test fail and says what to add. Routes that are
public by design, or that show statewide content rather than an agency's, are listed with the
reason in PUBLIC_BY_DESIGN / STATEWIDE_CONTENT.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import build_course, make_agency, make_completion, make_member
from tests.security.url_walk import walk_urlpatterns

CHECKED_NAMESPACES = {"lms", "courses", "certificates", "cms"}

# Anyone may open these; they show nothing that belongs to one agency or person.
PUBLIC_BY_DESIGN = {
    "lms:join": "the join page shows only the agency's name, for a code the agency handed out "
    "(wrong codes are rate-limited)",
    "certificates:verify": "anyone holding a certificate may check it is genuine",
    "certificates:verify_json": "the same verification, as JSON",
    "certificates:card": "quick reference cards are public printables",
    "certificates:card_version": "quick reference cards are public printables",
    "certificates:card_wallet": "quick reference cards are public printables",
    "certificates:card_sheet": "quick reference cards are public printables",
    "cms:family_insert_current": "the family insert is a public leaflet",
    "cms:family_insert_version": "the family insert is a public leaflet",
    "cms:family_insert_pdf": "the family insert is a public leaflet",
    "lms:notification_unsubscribe": "one-click unsubscribe from an e-mail, without sign-in "
    "(RFC 8058): the signed token names one person and one kind, only turns that kind off and "
    "shows nothing else; a forged token gets 400",
}
# Courses are the same for every agency: any signed-in officer may open them, anonymous may not.
STATEWIDE_CONTENT = {
    "courses:lesson_start": "lessons are statewide content",
    "courses:lesson_complete": "lessons are statewide content (progress is the caller's own)",
    "courses:quiz:start": "quizzes are statewide content (the attempt is the caller's own)",
    "courses:course_offline_list": "what an officer's phone saves of a course: statewide content",
}


@dataclass
class World:
    """Agency A with its people and objects; agency B whose people must see none of them."""

    agency: object = None
    other_agency: object = None
    cache: dict = field(default_factory=dict)

    @cached_property
    def supervisor(self):
        return make_member(agency=self.agency, role="supervisor").user

    @cached_property
    def officer_membership(self):
        return make_member(agency=self.agency, role="officer", unit="Day shift")

    @cached_property
    def officer(self):
        return self.officer_membership.user

    @cached_property
    def course(self):
        return build_course(title="Naloxone leave-behind")

    @cached_property
    def completion(self):
        return make_completion(user=self.officer, course=self.course, agency=self.agency)


def _agency_id(world: World):
    return world.agency.pk


def _membership_id(world: World):
    return world.officer_membership.pk


def _user_id(world: World):
    return world.officer.pk


def _session_id(world: World):
    from lms.rollcall.services import default_completion_rule, start_session

    return start_session(
        supervisor=world.supervisor,
        agency=world.agency,
        course=world.course,
        held_on=timezone.localdate(),
        completion_rule=default_completion_rule(world.course),
    ).pk


def _quiz_attempt(world: World):
    if "attempt" not in world.cache:
        from courses.quiz.engine import start_attempt
        from tests.courses.quiz.helpers import make_quiz

        world.officer  # noqa: B018 - the officer joins agency A before starting
        quiz = make_quiz(course=world.course)
        world.cache["attempt"] = start_attempt(user=world.officer, quiz=quiz)
    return world.cache["attempt"]


def _public_id(world: World):
    return _quiz_attempt(world).public_id


def _quiz_id(world: World):
    return _quiz_attempt(world).quiz_id


def _course_id(world: World):
    return world.course.pk


def _lesson_id(world: World):
    return world.course.get_children().first().pk


def _certificate_code(world: World):
    from certificates.issuing import issue_certificate

    return issue_certificate(completion=world.completion, render=False).code


def _adoption_id(world: World):
    """Agency A's own SOP as a PDF, so the PDF route is checked as well as the text pages."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cms.sop import adopt_sop

    return adopt_sop(
        agency=world.agency,
        adopted_by=world.supervisor,
        title="Naloxone SOP",
        upload=SimpleUploadedFile("sop.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    ).pk


def _invitation_id(world: World):
    """An open invitation addressed to agency A's officer (from a third agency): only that
    officer may answer it, so agency B's people, the inviting agency's supervisors included,
    must get 404."""
    from lms.people.invitations import invite_to_agency

    inviter = make_agency(name="Agency C")
    invitation, _created = invite_to_agency(
        agency=inviter,
        user=world.officer,
        invited_by=None,
        first_name="Ann",
        last_name="Officer",
        email=world.officer.email,
    )
    return invitation.pk


def _notification_id(world: World):
    """An in-app notification of agency A's officer: only that officer may open or mark it."""
    from lms.models import Notification

    return Notification.objects.create(
        recipient=world.officer, kind="join_approved", key="isolation", title="You joined"
    ).pk


# URL keyword -> builds the value for an object of agency A. Add one for every new keyword.
KWARG_FACTORIES: dict[str, Callable[[World], object]] = {
    "agency_id": _agency_id,
    "membership_id": _membership_id,
    "user_id": _user_id,
    "session_id": _session_id,
    "public_id": _public_id,
    "quiz_id": _quiz_id,
    "lesson_id": _lesson_id,
    "course_id": _course_id,
    "code": _certificate_code,
    "adoption_id": _adoption_id,
    "invitation_id": _invitation_id,
    "notification_id": _notification_id,
    # Secondary keywords that only narrow a route already keyed by an object above.
    "position": lambda world: 1,
    "fmt": lambda world: "jwt",  # an Open Badges credential of the certificate
}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    kwargs: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


def _walk() -> Iterator[Route]:
    for namespaces, pattern, entry in walk_urlpatterns():
        converters = getattr(entry.pattern, "converters", None)
        kwargs = tuple(converters) if converters else tuple(entry.pattern.regex.groupindex)
        if kwargs and namespaces and namespaces[0] in CHECKED_NAMESPACES:
            name = ":".join((*namespaces, entry.name or "<unnamed>"))
            yield Route(name=name, pattern=pattern, kwargs=kwargs)


def routes_with_ids() -> list[Route]:
    return sorted(set(_walk()), key=lambda r: r.name)


ROUTES = routes_with_ids()
CHECKED = [r for r in ROUTES if r.name not in PUBLIC_BY_DESIGN]


def test_the_matrix_finds_the_agency_routes():
    names = {route.name for route in ROUTES}
    assert {"lms:roster", "lms:membership_approve", "lms:join"} <= names


def _url_for(route: Route, world: World) -> str:
    missing = [kw for kw in route.kwargs if kw not in KWARG_FACTORIES]
    if missing:
        pytest.fail(
            f"Route {route.name} ({route.pattern}) takes {missing}, which the isolation matrix "
            "cannot build. Add a factory for it to KWARG_FACTORIES in "
            "tests/security/test_isolation.py (an object of agency A), or, if the route is "
            "public by design, list it in PUBLIC_BY_DESIGN with the reason."
        )
    return reverse(route.name, kwargs={kw: KWARG_FACTORIES[kw](world) for kw in route.kwargs})


def _request(client, url: str):
    response = client.get(url)
    if response.status_code == 405:  # POST-only: the state change must be refused as well
        response = client.post(url)
    return response


@pytest.fixture
def world(db, settings):
    settings.ROLLCALL_ENFORCE_MFA = False  # MFA has its own tests; here the views must answer
    return World(agency=make_agency(name="Agency A"), other_agency=make_agency(name="Agency B"))


@pytest.mark.django_db
@pytest.mark.parametrize("route", CHECKED, ids=str)
@pytest.mark.parametrize("who", ["officer_of_b", "supervisor_of_b"])
def test_people_of_another_agency_get_404(client, world, route, who):
    url = _url_for(route, world)
    role = "officer" if who == "officer_of_b" else "supervisor"
    client.force_login(make_member(agency=world.other_agency, role=role).user)
    response = _request(client, url)
    if route.name in STATEWIDE_CONTENT:
        assert response.status_code != 500, f"{route.name}: {url}"
        return
    assert response.status_code == 404, (
        f"{route.name} ({url}) answered {response.status_code} to the {who.replace('_', ' ')}: "
        "look the object up through lms/access.py so another agency's id is a 404."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("route", CHECKED, ids=str)
def test_anonymous_visitors_get_404_or_the_log_in_page(client, world, route):
    url = _url_for(route, world)
    response = _request(client, url)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/"), f"{route.name}: {url}"
    else:
        assert response.status_code == 404, f"{route.name} ({url}): {response.status_code}"


@pytest.mark.django_db
def test_an_unknown_url_keyword_fails_with_instructions(world):
    route = Route(name="lms:example", pattern="example/<int:widget_id>/", kwargs=("widget_id",))
    with pytest.raises(pytest.fail.Exception, match="Add a factory for it to KWARG_FACTORIES"):
        _url_for(route, world)


@pytest.mark.django_db
def test_supervisor_of_the_same_agency_reaches_the_agency_pages(client, world):
    """A control: the 404s above come from the agency check, not from broken views."""
    client.force_login(world.supervisor)
    for name in ["lms:roster", "lms:join_code", "lms:roster_import", "lms:agency_assignments"]:
        assert client.get(reverse(name, kwargs={"agency_id": world.agency.pk})).status_code == 200


@pytest.mark.django_db
def test_another_agencys_supervisor_cannot_see_the_officer_anywhere(client, world):
    """The issue's "done when": no page of agency B's supervisor names agency A's officer."""
    officer = world.officer
    supervisor_b = make_member(agency=world.other_agency, role="supervisor").user
    client.force_login(supervisor_b)
    pages = [
        "/dashboard/",
        "/agencies/",
        reverse("lms:roster", kwargs={"agency_id": world.other_agency.pk}),
    ]
    for url in pages:
        response = client.get(url, follow=True)
        assert officer.email not in response.content.decode(), url


# Statewide routes take no id, so the matrix above does not see them: every route under
# dashboard/statewide/ is ORS-only (every agency's people), found the same way, by walking.
STATEWIDE_PREFIX = "dashboard/statewide/"


def _statewide_routes():
    for namespaces, pattern, entry in walk_urlpatterns():
        if pattern.startswith(STATEWIDE_PREFIX):
            yield ":".join((*namespaces, entry.name))


STATEWIDE_ROUTES = sorted(set(_statewide_routes()))


def test_the_statewide_routes_are_found():
    assert {"lms:statewide_dashboard", "lms:ledger_export_csv"} <= set(STATEWIDE_ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", STATEWIDE_ROUTES)
@pytest.mark.parametrize("role", ["officer", "supervisor", "agency_admin"])
def test_statewide_routes_are_404_for_everyone_but_ors_staff(client, world, name, role):
    client.force_login(make_member(agency=world.agency, role=role).user)
    response = _request(client, reverse(name))
    assert response.status_code == 404, f"{name} answered {response.status_code} to a {role}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", STATEWIDE_ROUTES)
def test_statewide_routes_send_anonymous_visitors_to_sign_in(client, world, name):
    response = _request(client, reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/"), name
