"""``Server-Timing`` on every response, for benchmarks (``LADDER_SERVER_TIMING=1``).

The benchmark scripts (scripts/bench_*.py) read it to report the server's own time beside the
time the client saw: ``Server-Timing: app;dur=12.3, db;dur=4.1;desc="17 queries"``. Off by
default: it tells a visitor how long the server worked.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse


class ServerTiming:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = [0, 0.0]

        def count(
            execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
        ) -> Any:
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries[0] += 1
                queries[1] += time.perf_counter() - began

        began = time.perf_counter()
        wrappers = [connection.execute_wrapper(count) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        app = (time.perf_counter() - began) * 1000
        response["Server-Timing"] = (
            f'app;dur={app:.1f}, db;dur={queries[1] * 1000:.1f};desc="{int(queries[0])} queries"'
        )
        return response
