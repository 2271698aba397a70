"""Serving gunicorn on loopback and measuring it: wrk when installed, else a small Python client."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with N sync workers on a free loopback port, stopped on exit."""

    def __init__(self, *, workers: int = 4, env: dict | None = None, log_path: Path):
        self.port = free_port()
        self.workers = workers
        self.env = {**os.environ, **(env or {})}
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [
                str(gunicorn),
                "lms.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--preload",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                status, _ = get(self.port, "/health/")
                if status < 500:
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 90 s; see {self.log_path}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    status, body, _ = get_with_cookies(port, path, cookie)
    return status, body


def get_with_cookies(port: int, path: str, cookie: str = "") -> tuple[int, bytes, dict]:
    """GET once; also the cookies the response set (name -> value), as a browser keeps them."""
    from http.cookies import SimpleCookie

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return response.status, response.read(), {name: m.value for name, m in jar.items()}
    finally:
        conn.close()


def with_cookies(cookie: str, new: dict) -> str:
    """The Cookie header after a response set `new` cookies."""
    jar = dict(part.split("=", 1) for part in cookie.split("; ") if "=" in part)
    jar.update(new)
    return "; ".join(f"{name}={value}" for name, value in jar.items())


@dataclass
class LoadResult:
    tool: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    notes: list[str] = field(default_factory=list)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * _UNITS[match.group(2)]


def run_wrk(
    *, url: str, cookie: str, seconds: float, connections: int, threads: int = 2
) -> LoadResult:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603 - our own command line
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"\n\s+50%\s+(\S+)", output).group(1))
    p99 = _ms(re.search(r"\n\s+99%\s+(\S+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    errors = int(non2xx.group(1)) if non2xx else 0
    notes = [f"socket errors: {socket_errors.group(1)}"] if socket_errors else []
    return LoadResult("wrk", rps, p50, p99, total, errors, notes)


def run_python_client(
    *, port: int, path: str, cookie: str, seconds: float, connections: int
) -> LoadResult:
    """Keep-alive connections in threads; weaker than wrk (the GIL), so used only without it."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        bad = 0
        headers = {"Cookie": cookie} if cookie else {}
        while time.perf_counter() < stop_at:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((time.perf_counter() - t0) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    if not latencies:
        return LoadResult("python", 0.0, 0.0, 0.0, 0, errors[0])
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return LoadResult(
        "python-threads",
        len(latencies) / elapsed,
        statistics.median(latencies),
        p99,
        len(latencies),
        errors[0],
    )


def measure(*, port: int, path: str, cookie: str, seconds: float, connections: int) -> LoadResult:
    if shutil.which("wrk"):
        return run_wrk(
            url=f"http://127.0.0.1:{port}{path}",
            cookie=cookie,
            seconds=seconds,
            connections=connections,
        )
    return run_python_client(
        port=port, path=path, cookie=cookie, seconds=seconds, connections=connections
    )
