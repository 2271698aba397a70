"""1. Officer pages under gunicorn (4 sync workers) against a plain Django "hello" view."""

from __future__ import annotations

from bench.measure import Figure, Options


def officer_session_cookie(user) -> str:
    """Sign the officer in the way the site does: a session row, sent back as a cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def bench_officer():
    from bench.data import officer_email
    from lms.models import User

    return User.objects.get(email=officer_email(1))


HTTP_ROUNDS = 3


def http_section(options: Options, env: dict) -> list[Figure]:
    from bench.data import bench_courses
    from bench.serving import Gunicorn, get_with_cookies, measure, with_cookies
    from courses.models import LessonPage
    from courses.progress import mark_lesson_complete

    officer = bench_officer()
    course = bench_courses()[0]
    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    mark_lesson_complete(user=officer, lesson=lessons[0])  # a learner part-way through
    cookie = officer_session_cookie(officer)
    targets = [
        ("hello view (baseline)", "/bench/hello/", ""),
        ("lesson page", lessons[min(1, len(lessons) - 1)].url, cookie),
        ("course page", course.url, cookie),
        ("officer dashboard", "/dashboard/", cookie),
    ]
    figures: list[Figure] = []
    log = options.sqlite_path.parent / "gunicorn.log"
    with Gunicorn(workers=options.workers, env=env, log_path=log) as server:
        ready = []
        results = {}
        for name, path, cookie_header in targets:
            # Like a browser, keep the cookies the first response sets (the CSRF cookie).
            status, body, cookies = get_with_cookies(server.port, path, cookie_header)
            if cookie_header:
                cookie_header = with_cookies(cookie_header, cookies)
            if status != 200:
                results[name] = None
                figures.append(
                    Figure("pages", name, None, "req/s", note=f"missing: GET {path} -> {status}")
                )
                continue
            # Warm every worker (imports, caches) before measuring.
            measure(port=server.port, path=path, cookie=cookie_header, seconds=1,
                    connections=options.connections)  # fmt: skip
            ready.append((name, path, cookie_header, len(body)))
        # The machine is shared: the baseline and the pages are measured in turns, ROUNDS
        # times, and each keeps its best round, so a burst of someone else's work cannot land
        # on one of them only.
        for _ in range(HTTP_ROUNDS):
            for name, path, cookie_header, size in ready:
                result = measure(
                    port=server.port,
                    path=path,
                    cookie=cookie_header,
                    seconds=options.seconds / HTTP_ROUNDS,
                    connections=options.connections,
                )
                best = results.get(name)
                if best is None or result.requests_per_second > best.requests_per_second:
                    results[name] = result
                print(
                    f"  {name}: {result.requests_per_second:.0f} req/s, p50 "
                    f"{result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms ({result.tool}, "
                    f"{size} bytes)",
                    flush=True,
                )
    hello = results.get("hello view (baseline)")
    for name, _, _ in targets:
        result = results.get(name)
        if result is None:
            continue
        ratio = result.requests_per_second / hello.requests_per_second if hello else None
        figure = Figure(
            "pages",
            name,
            round(result.requests_per_second, 1),
            "req/s",
            baseline_name="hello view",
            baseline=round(hello.requests_per_second, 1) if hello else None,
            ratio=round(ratio, 3) if ratio is not None else None,
            extra={
                "p50_ms": round(result.p50_ms, 2),
                "p99_ms": round(result.p99_ms, 2),
                "requests": result.requests,
                "errors": result.errors,
                "tool": result.tool,
                "workers": options.workers,
                "connections": options.connections,
                "seconds": options.seconds,
            },
            note="; ".join(result.notes),
        )
        if result.errors:
            figure.note = f"{result.errors} error responses. {figure.note}".strip()
        if name == "lesson page" and ratio is not None:
            figure.goal = ">= 15% of hello"
            figure.met = ratio >= 0.15 and not result.errors
        figures.append(figure)
    return figures
