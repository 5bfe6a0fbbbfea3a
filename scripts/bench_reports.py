"""Benchmark the reports end to end on Ohio's statewide demo (a script, not a test).

Builds (or reuses) the statewide Ohio network with its years of history
(`ladder demo --scale state --state OH --no-serve`) in var/bench_reports.sqlite3 (or the
database DATABASE_URL names), serves it with gunicorn on a free port (LADDER_SERVER_TIMING=1,
so every response says how long the server worked), signs in through the login page as the
largest library's admin and as the network's coordinator, and requests each report page and
API call REPEAT times. Prints p50/p95 of the server's time (Server-Timing) and of the time the
client saw, the queries per request, and the goal beside each: 150 ms server time for one
library, 500 ms for the whole network (issue #15).

    .venv/bin/python scripts/bench_reports.py [--repeat 20] [--state OH]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
LIBRARY_GOAL_MS = 150.0
NETWORK_GOAL_MS = 500.0
PASSWORD = "ladder-demo"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def setup(env: dict[str, str], state: str) -> tuple[int, int, str, str]:
    """Build the network if needed; the largest library, the network, two logins."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ladder.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count, Q

    call_command("migrate", interactive=False, verbosity=0)

    from ladder.demo.statewide import network_slug
    from ladder.orgs.models import Library, Network, Role

    network = Network.objects.filter(slug=network_slug(state)).first()
    if network is None or not network.memberships.exists():
        print(f"Building the {state} statewide demo with its history (once)…", flush=True)
        began = time.perf_counter()
        subprocess.run(  # noqa: S603 (our own venv's command)
            [str(BIN / "ladder"), "demo", "--scale", "state", "--state", state, "--no-serve"],
            check=True,
            env={**os.environ, **env},
        )
        print(f"  built in {time.perf_counter() - began:.0f} s", flush=True)
        network = Network.objects.filter(slug=network_slug(state)).first()
    assert network is not None
    library = (
        Library.objects.filter(memberships__network=network)
        .annotate(staff=Count("employments", filter=Q(employments__end_date__isnull=True)))
        .order_by("-staff")
        .first()
    )
    assert library is not None
    admin = Role.objects.filter(kind=Role.Kind.LIBRARY_ADMIN, library=library).first()
    coordinator = Role.objects.filter(kind=Role.Kind.NETWORK_COORDINATOR, network=network).first()
    assert admin is not None and coordinator is not None, (
        "the demo names an admin and a coordinator"
    )
    for role in (admin, coordinator):
        role.person.set_password(PASSWORD)
        role.person.save(update_fields=["password"])
    return library.pk, network.pk, admin.person.email, coordinator.person.email


def sign_in(base: str, email: str):  # type: ignore[no-untyped-def]
    import requests

    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, "no CSRF token on the login page"
    answer = session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token.group(1), "username": email, "password": PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 302, f"sign-in as {email} failed ({answer.status_code})"
    session.headers["X-CSRFToken"] = session.cookies.get("csrftoken", "")
    return session


def measure(session, url: str, repeat: int) -> tuple[list[float], list[float], int, int]:  # type: ignore[no-untyped-def]
    server, client, queries, status = [], [], 0, 0
    session.get(url, timeout=120)  # warm up (caches, first import)
    for _ in range(repeat):
        began = time.perf_counter()
        response = session.get(url, timeout=120)
        client.append((time.perf_counter() - began) * 1000)
        status = response.status_code
        timing = response.headers.get("Server-Timing", "")
        app = re.search(r"app;dur=([\d.]+)", timing)
        count = re.search(r'desc="(\d+) queries"', timing)
        server.append(float(app.group(1)) if app else float("nan"))
        queries = int(count.group(1)) if count else -1
    return server, client, queries, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--state", default="OH")
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    env = {
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench_reports.sqlite3'}"
        ),
        "LADDER_SERVER_TIMING": "1",
        "SITE_URL": "http://127.0.0.1",
    }
    library, network, admin_email, coordinator_email = setup(env, args.state)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 (our own venv's gunicorn)
        [
            str(BIN / "gunicorn"),
            "ladder.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--timeout",
            "300",
        ],
        cwd=ROOT,
        env={**os.environ, **env, "SITE_URL": base},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        admin, coordinator = sign_in(base, admin_email), sign_in(base, coordinator_email)
        cases = [
            ("library", admin, f"/reports/library/?library={library}"),
            ("library", admin, f"/reports/equity/?library={library}"),
            ("library", admin, f"/api/v1/reports/pipeline?library={library}"),
            ("library", admin, f"/api/v1/reports/equity?library={library}"),
            ("library", admin, "/"),
            ("network", coordinator, f"/reports/network/?network={network}"),
            ("network", coordinator, f"/reports/equity/?network={network}"),
            ("network", coordinator, f"/api/v1/reports/pipeline?network={network}"),
            ("network", coordinator, f"/api/v1/reports/equity?network={network}"),
            ("network", coordinator, "/"),
        ]
        print(f"{args.state} statewide, {args.repeat} requests each, one gunicorn worker")
        print(
            f"{'scope':8} {'url':52} {'status':>6} {'queries':>7} {'server p50':>10} "
            f"{'p95':>7} {'client p50':>10} {'p95':>7}  goal (server p95)"
        )
        over = 0
        for scope, session, path in cases:
            times, seen, queries, status = measure(session, base + path, args.repeat)
            goal = LIBRARY_GOAL_MS if scope == "library" else NETWORK_GOAL_MS
            p95 = percentile(times, 0.95)
            verdict = (
                "ok" if status == 200 and p95 <= goal else "OVER" if status == 200 else "ERROR"
            )
            over += verdict != "ok"
            print(
                f"{scope:8} {path[:52]:52} {status:>6} {queries:>7} "
                f"{statistics.median(times):>8.1f}ms {p95:>5.1f}ms "
                f"{statistics.median(seen):>8.1f}ms {percentile(seen, 0.95):>5.1f}ms  "
                f"≤ {goal:.0f} ms {verdict}"
            )
        return 1 if over else 0
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
