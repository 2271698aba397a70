"""The roll-call burst, for locust (run by bench/load/run.py; never imported by pytest).

Every simulated officer signs in through allauth's form from its own address (X-Forwarded-For;
the bench settings trust one proxy). Once everyone is in, the first LOAD_SUBMITTERS officers
open the bench quiz and, when all of them are ready, submit their answers at the same moment,
each submission sent twice in parallel (a double tap on a weak connection).

The officers are FastHttpUsers (geventhttpclient): the load runs on the same two cores as the
server, and python-requests' client took about a quarter of a core during the burst.
"""

from __future__ import annotations

import itertools
import os
import re
from urllib.parse import urlencode

import gevent
from gevent.event import Event
from locust import FastHttpUser, constant, events, task

USERS = int(os.environ.get("LOAD_USERS", "300"))
SUBMITTERS = int(os.environ.get("LOAD_SUBMITTERS", "200"))
QUIZ_ID = int(os.environ.get("LOAD_QUIZ_ID", "0"))
QUIZ_URL = os.environ.get("LOAD_QUIZ_URL", "/")
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
EMAIL_PATTERN = os.environ.get("LOAD_EMAIL_PATTERN", "officer{:06d}@bench.example.org")
WAIT_SECONDS = float(os.environ.get("LOAD_WAIT_SECONDS", "240"))

_numbers = itertools.count(1)
_state = {"logged_in": 0, "ready": 0, "done": 0}
all_logged_in = Event()
all_ready = Event()

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_ACTION = re.compile(r'<form method="post" action="([^"]*/answer/)"')
FIRST_CHOICE = re.compile(r'name="answer-(\d+)" value="([^"]+)"')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _count(key: str, target: int, event: Event) -> None:
    _state[key] += 1
    if _state[key] >= target:
        event.set()


class Officer(FastHttpUser):
    wait_time = constant(1)

    def on_start(self):
        self.number = next(_numbers)
        self.submits = self.number <= SUBMITTERS
        self.finished = False
        address = f"10.{self.number // 65536}.{self.number // 256 % 256}.{self.number % 256}"
        self.headers = {"X-Forwarded-For": address}
        self.form_headers = {**self.headers, **FORM}
        try:
            self._log_in()
        finally:
            _count("logged_in", USERS, all_logged_in)

    def _log_in(self):
        page = self.client.get("/accounts/login/", headers=self.headers, name="login form")
        token = CSRF_INPUT.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data=urlencode(
                {
                    "login": EMAIL_PATTERN.format(self.number),
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                }
            ),
            headers=self.form_headers,
            name="login",
            max_redirects=0,  # per call; allow_redirects=False flips a setting both copies share
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")

    @task
    def roll_call(self):
        if self.finished or not self.submits:
            gevent.sleep(5)
            return
        self.finished = True
        all_logged_in.wait(timeout=WAIT_SECONDS)
        form = None
        try:
            form = self._open_quiz()
        finally:
            _count("ready", SUBMITTERS, all_ready)
        all_ready.wait(timeout=WAIT_SECONDS)
        if form is not None:
            action, data = form
            # The same submission twice at once: exactly one attempt must be graded.
            jobs = [gevent.spawn(self._submit, action, data) for _ in range(2)]
            gevent.joinall(jobs)
        _state["done"] += 1
        if _state["done"] >= SUBMITTERS:
            gevent.spawn_later(2, self.environment.runner.quit)

    def _open_quiz(self):
        page = self.client.get(QUIZ_URL, headers=self.headers, name="quiz page")
        token = CSRF_INPUT.search(page.text)
        if token is None:
            return None
        attempt = self.client.post(
            f"/quiz/{QUIZ_ID}/start/",
            data=urlencode({"csrfmiddlewaretoken": token.group(1)}),
            headers=self.form_headers,
            name="quiz start",
        )
        action = FORM_ACTION.search(attempt.text)
        token = CSRF_INPUT.search(attempt.text)
        if action is None or token is None:
            return None
        data: list[tuple[str, str]] = [("csrfmiddlewaretoken", token.group(1))]
        seen = set()
        for position, choice in FIRST_CHOICE.findall(attempt.text):
            if position not in seen:  # choices are not shuffled: the first is correct
                seen.add(position)
                data += [("q", position), (f"answer-{position}", choice)]
        data.append(("finish", "1"))
        return action.group(1), urlencode(data)

    def _submit(self, action: str, data: str):
        with self.client.post(
            action,
            data=data,
            headers=self.form_headers,
            name="quiz submit",
            max_redirects=0,  # per call; allow_redirects=False flips a setting both copies share
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/result/" not in response.headers.get(
                "Location", ""
            ):
                response.failure(
                    f"submit answered {response.status_code} {response.headers.get('Location', '')}"
                )


@events.quitting.add_listener
def _report(environment, **kwargs):
    print(f"load: state {_state}")
