"""Gunicorn, run from Python so `portal serve` needs no config file.

One process with many threads is the default: pages mostly wait on the ERP, and one process
shares one cache and one ERP budget without any store. More processes (`--workers`) either
share them through Redis (`PORTAL_CACHE_URL`), or each get their own cache and a share of the
budget, which `serve` says at start. With several processes, /metrics adds up every one of
them (prometheus_client's multiprocess mode, in a temporary folder).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import threading

from flask import render_template
from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker
from prometheus_client import multiprocess, values

from connector.errors import ErpError
from portal_web import create_app
from portal_web.redaction import RedactingLogger
from portal_web.settings import check_can_serve, per_process, shares_one_budget

log = logging.getLogger(__name__)

# The longest request line gunicorn accepts (its own maximum): a long search then reaches the
# portal, which answers with its own page and message; only longer ones are refused before it.
MAX_REQUEST_LINE = 8190
WEBHOOKS_RETRY_S = 60.0  # when the ERP could not be asked to call the portal at start


class _Portal(BaseApplication):
    def __init__(self, settings, options):
        self._settings = settings
        self._options = options
        super().__init__()

    def load_config(self):
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(self._settings)


class PortalWorker(ThreadWorker):
    """Gunicorn's threaded worker; an address too long even for it gets the portal's own page."""

    _too_long: bytes | None = None

    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        if self._too_long is None:
            self._too_long = too_long_answer(self.wsgi)
        try:
            util.write_nonblock(client, self._too_long)
        except OSError:
            self.log.debug("Failed to send the 414 page.")
        return None


def too_long_answer(app) -> bytes:
    """The raw HTTP answer for an address that is too long: the portal's error page, status
    414, with the headers every page carries (the app's own after-request hooks add them)."""
    with app.test_request_context("/"):
        html = render_template("errors/error.html", status=414,
                               title="That address is too long",
                               message="If you were searching the catalog, search for at most "
                                       "100 characters.")
        response = app.process_response(app.make_response((html, 414)))
    response.headers["Connection"] = "close"
    head = "".join(f"{name}: {value}\r\n" for name, value in response.headers.items())
    return f"HTTP/1.1 {response.status}\r\n{head}\r\n".encode("latin-1") + response.get_data()


def serve(settings, *, host: str, port: int, workers: int = 1, threads: int = 32,
          access_log: str = "-") -> None:
    """Threads per worker: requests mostly wait on the ERP, so threads are the cheap way to wait.

    Each worker is a process with its own connector; unless they share a store, the ERP budget
    (with its shares) and the login limit are split between them so that together they stay
    under them. `access_log` is a file, or "-" for standard output.
    """
    check_can_serve(settings, host)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": PortalWorker,
        "threads": threads,
        "timeout": 30,
        "limit_request_line": MAX_REQUEST_LINE,
        "accesslog": access_log,
        "logger_class": RedactingLogger,  # login links carry a secret in their path
        # gunicorn's control socket is one path per user: two portals (or a portal and the
        # tests) would take it from each other, and nothing here uses it.
        "control_socket_disable": True,
        "post_worker_init": _install_webhooks,
    }
    if workers > 1:
        _say_how_workers_share(settings, workers)
        options.update(_metrics_of_every_worker())
    _Portal(per_process(settings, workers), options).run()


def _say_how_workers_share(settings, workers: int) -> None:
    if shares_one_budget(settings):
        return
    share = per_process(settings, workers).erp.budget_per_minute
    print(f"portal: {workers} workers without PORTAL_CACHE_URL: each has its own cache and "
          f"1/{workers} of the ERP budget ({share} requests a minute); set "
          f"PORTAL_CACHE_URL=redis://... to share one cache and one budget", file=sys.stderr,
          flush=True)


def _metrics_of_every_worker() -> dict:
    """prometheus_client's multiprocess mode: each worker writes its metrics to files in one
    folder, and /metrics reads them all. It must be on before a worker makes its metrics."""
    folder = tempfile.mkdtemp(prefix="portal-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    values.ValueClass = values.get_value_class()
    return {"child_exit": lambda _server, worker: multiprocess.mark_process_dead(worker.pid),
            "on_exit": lambda _server: shutil.rmtree(folder, ignore_errors=True)}


def _install_webhooks(worker) -> None:
    """In each new worker, in the background: ask the ERP to call this portal's webhooks
    address (idempotent), again every minute until the ERP answers."""
    app = worker.wsgi
    if app.extensions["settings"].webhooks:
        threading.Thread(target=_keep_installing, args=(app,), name="erp-webhooks",
                         daemon=True).start()


def _keep_installing(app, stop: threading.Event | None = None) -> None:
    from portal_web.webhooks.services import install

    stop = stop or threading.Event()
    settings, erp = app.extensions["settings"], app.extensions["erp"]
    while True:
        try:
            done = install(erp, settings)
        except ErpError as e:
            log.warning("ERP webhooks not installed (%s): trying again in %.0f s; until then "
                        "cached pages are refreshed by their times to live", e, WEBHOOKS_RETRY_S)
            if stop.wait(WEBHOOKS_RETRY_S):
                return
            continue
        log.info("ERP webhooks: %d added, %d already there, %d removed, %d refused",
                 len(done.added), len(done.kept), done.removed, len(done.refused))
        return
