"""What an operator can watch, in the Prometheus format (``prometheus_client``).

The counters and histograms below are the process's own, moved where things happen; the gauges
that describe the pool (notices pending and sent, the audit chain's length) and the replica
(whether it leads the scheduler) are read when scraped, by :class:`PoolCollector`. They are
served on ``/metrics`` of the ops port (``POOLGOV_OPS_PORT``, off by default; see bot/ops.py).

Labels are bounded: listener kinds (bot/request_ids.py), Slack Web API method names, and the
class name of a refusal (a :class:`~governance.errors.GovernanceError` subclass).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from sqlalchemy import Engine, func, select

from governance.errors import GovernanceError

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The process's own metrics; every ops server registers them beside its pool's gauges.
SHARED = CollectorRegistry(auto_describe=True)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0, 10.0)
ACK_SECONDS = Histogram(
    "poolgov_ack_seconds",
    "From a Slack request reaching the app to its acknowledgement, by listener kind.",
    ["kind"],
    buckets=LATENCY_BUCKETS,
    registry=SHARED,
)
RECEIPT_SECONDS = Histogram(
    "poolgov_receipt_seconds",
    "From a vote click reaching the app to its ballot's answer (the receipt follows at once).",
    ["kind"],
    buckets=LATENCY_BUCKETS,
    registry=SHARED,
)
BALLOTS_RECORDED = Counter(
    "poolgov_ballots_recorded",
    "Ballots recorded (a re-delivered click counts once).",
    [],
    registry=SHARED,
)
BALLOTS_REFUSED = Counter(
    "poolgov_ballots_refused",
    "Ballots refused, by reason (the refusal's name; 'fault' when nothing could be recorded).",
    ["reason"],
    registry=SHARED,
)
BATCH_SIZE = Histogram(
    "poolgov_ballot_batch_size",
    "Ballots recorded together in one transaction.",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256, 500),
    registry=SHARED,
)
SLACK_CALLS = Counter(
    "poolgov_slack_api_calls", "Slack Web API calls, by method.", ["method"], registry=SHARED
)
SLACK_RATE_LIMITED = Counter(
    "poolgov_slack_api_rate_limited",
    "Slack Web API answers 429 (rate limited), by method; each is waited out and retried.",
    ["method"],
    registry=SHARED,
)


def counted_ballots(
    submit: Callable[[Any, Callable[[Any], None]], None],
) -> Callable[[Any, Callable[[Any], None]], None]:
    """Wrap the batcher's ``submit``: each answer counted, its latency from the click observed."""
    from bot import request_ids  # imported here: request_ids imports this module

    def submit_counted(command: Any, then: Callable[[Any], None]) -> None:
        request = request_ids.CURRENT.get()

        def answered(answer: Any) -> None:
            if isinstance(answer, GovernanceError):
                BALLOTS_REFUSED.labels(reason=type(answer).__name__).inc()
            elif isinstance(answer, Exception):
                BALLOTS_REFUSED.labels(reason="fault").inc()
            else:
                BALLOTS_RECORDED.inc(sum(1 for event in answer if not event.replayed))
            if request is not None:
                RECEIPT_SECONDS.labels(kind=request.kind).observe(
                    time.perf_counter() - request.started
                )
                log.debug(
                    "ballot answered: %s",
                    type(answer).__name__ if isinstance(answer, Exception) else "recorded",
                    extra={"request_id": request.id},
                )
            then(answer)

        submit(command, answered)

    return submit_counted


def sized_batches(record: Callable[[Sequence[Any]], T]) -> Callable[[Sequence[Any]], T]:
    def record_sized(commands: Sequence[Any]) -> T:
        BATCH_SIZE.observe(len(commands))
        return record(commands)

    return record_sized


class CountingWebClient(WebClient):
    """A Web API client that counts each call by method (429s: :class:`CountingRateLimits`)."""

    def api_call(self, api_method: str, *args: Any, **kwargs: Any) -> Any:
        SLACK_CALLS.labels(method=_method(api_method)).inc()
        return super().api_call(api_method, *args, **kwargs)


class CountingRateLimits(RateLimitErrorRetryHandler):
    """Slack's ``Retry-After`` waited out as before, each 429 counted by method."""

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is not None and response.status_code == 429:
            SLACK_RATE_LIMITED.labels(method=_method(request.url.rsplit("/", 1)[-1])).inc()
        return bool(super().can_retry(state=state, request=request, response=response, error=error))


def _method(name: str) -> str:
    cleaned = name.split("?", 1)[0]
    return cleaned if len(cleaned) <= 64 and cleaned.replace(".", "").isalnum() else "other"


class PoolCollector(Collector):
    """The gauges read when scraped: from the database, and from this replica's scheduler."""

    def __init__(self, engine: Engine, leading: Callable[[], bool]) -> None:
        self._engine = engine
        self._leading = leading

    def collect(self) -> Iterable[Metric]:
        leader = GaugeMetricFamily(
            "poolgov_scheduler_leader", "1 when this replica runs the scheduler, else 0."
        )
        leader.add_metric([], 1.0 if self._leading() else 0.0)
        yield leader
        try:
            counts, chain = self._read()
        except Exception as error:  # the database is away: say so, keep the process's own
            log.warning("metrics: cannot read the database (%s)", type(error).__name__)
            return
        notices = GaugeMetricFamily(
            "poolgov_notices",
            "Notices of the outbox, by state (pending, sent, dropped).",
            labels=["state"],
        )
        for state in ("pending", "sent", "dropped"):
            notices.add_metric([state], float(counts.get(state, 0)))
        yield notices
        length = GaugeMetricFamily("poolgov_audit_chain_length", "Entries in the audit chain.")
        length.add_metric([], float(chain))
        yield length

    def _read(self) -> tuple[dict[str, int], int]:
        from storage.tables import AuditHeadRow
        from storage.tables_outbox import NoticeRow

        with self._engine.connect() as connection:
            rows = connection.execute(
                select(NoticeRow.state, func.count()).group_by(NoticeRow.state)
            ).all()
            seq = connection.execute(select(AuditHeadRow.seq)).scalar()
        return {str(state): int(count) for state, count in rows}, int(seq or 0)


def registry_for(collector: PoolCollector | None) -> CollectorRegistry:
    """What one ops server exposes: the process's metrics and its pool's gauges."""
    registry = CollectorRegistry(auto_describe=True)
    for shared in (
        ACK_SECONDS,
        RECEIPT_SECONDS,
        BALLOTS_RECORDED,
        BALLOTS_REFUSED,
        BATCH_SIZE,
        SLACK_CALLS,
        SLACK_RATE_LIMITED,
    ):
        registry.register(shared)
    if collector is not None:
        registry.register(collector)
    return registry
