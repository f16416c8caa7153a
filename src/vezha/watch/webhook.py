"""Webhook delivery: POST each pending alert as JSON, once, with bounded retries.

``deliver_webhook(store, url, client)`` posts every alert the ``webhook`` channel has not
delivered (``vezha.store.alerts.pending``), oldest first, with an ``Idempotency-Key`` header
(``vezha-alert-<id>``). A 2xx answer marks it delivered in ``alert_deliveries``, so a restart
sends nothing twice. A connection error, a 429 or a 5xx is retried up to ``retries`` times
with exponential back-off; past that (or on another 4xx) the attempt and its error are
recorded, and delivery stops there: the rest stays pending for the next call. The HTTP
client is passed in (tests use a local receiver or a mock transport).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

import httpx

from ..store.alerts import Alert, mark_delivered, mark_failed, pending
from .present import alert_record

__all__ = ["WebhookReport", "deliver_webhook", "post_alert", "webhook_deliverer", "CHANNEL", "BACKOFF",
           "COOLDOWN"]

CHANNEL = "webhook"
BACKOFF = 0.5               # seconds before the first retry; doubled each time
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
COOLDOWN = 60.0             # seconds without attempts after a delivery failed (webhook_deliverer)


@dataclass(frozen=True, slots=True)
class WebhookReport:
    sent: int = 0
    failed: int = 0
    error: str = ""


def deliver_webhook(store: Any, url: str, client: httpx.Client, *, watchlist: str | None = None,
                    retries: int = 3, base_url: str = "",
                    sleep: Callable[[float], None] = time.sleep) -> WebhookReport:
    """Deliver the pending alerts; stop at the first one the receiver will not take."""
    sent = 0
    for alert in pending(store, CHANNEL, watchlist):
        error = post_alert(client, url, alert, retries=retries, base_url=base_url, sleep=sleep)
        if error:
            mark_failed(store, alert.id, CHANNEL, error)
            return WebhookReport(sent, 1, error)
        mark_delivered(store, alert.id, CHANNEL)
        sent += 1
    return WebhookReport(sent)


def post_alert(client: httpx.Client, url: str, alert: Alert, *, retries: int = 3,
               base_url: str = "", sleep: Callable[[float], None] = time.sleep) -> str:
    """POST one alert; "" when the receiver took it, else the last error."""
    headers = {"Idempotency-Key": f"vezha-alert-{alert.id}"}
    body = {"alert": alert_record(alert, base_url)}
    error = ""
    for attempt in range(retries + 1):
        if attempt:
            sleep(BACKOFF * 2 ** (attempt - 1))
        try:
            response = client.post(url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
            continue
        if response.is_success:
            return ""
        error = f"HTTP {response.status_code}"
        if response.status_code not in RETRY_STATUS:
            break
    return error


def webhook_deliverer(settings: Any, client: httpx.Client | None = None,
                      clock: Callable[[], float] = time.monotonic
                      ) -> Callable[[Any], WebhookReport] | None:
    """What a Watcher calls after new alerts: deliver to ``alert_webhook_url`` (None if unset).

    After a failed delivery it waits ``COOLDOWN`` seconds before trying again, so a receiver
    that is down slows ingestion once, not for every article; what failed stays pending.
    """
    if not settings.alert_webhook_url:
        return None
    http = client or httpx.Client(timeout=settings.fetch_timeout,
                                  headers={"User-Agent": settings.user_agent})
    failed_at = [-COOLDOWN]

    def deliver(store: Any) -> WebhookReport:
        if clock() - failed_at[0] < COOLDOWN:
            return WebhookReport()
        report = deliver_webhook(store, settings.alert_webhook_url, http,
                                 retries=settings.alert_webhook_retries,
                                 base_url=settings.public_url)
        if report.failed:
            failed_at[0] = clock()
        return report
    return deliver
