"""Gunicorn, run from Python so `portal serve` needs no config file."""

from __future__ import annotations

from flask import render_template
from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker

from portal_web import create_app
from portal_web.redaction import RedactingLogger
from portal_web.settings import check_can_serve, per_process

# The longest request line gunicorn accepts (its own maximum): a long search then reaches the
# portal, which answers with its own page and message; only longer ones are refused before it.
MAX_REQUEST_LINE = 8190


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


def serve(settings, *, host: str, port: int, workers: int, access_log: str = "-") -> None:
    """Threads per worker: requests mostly wait on the ERP, so threads are the cheap way to wait.

    Each worker is a process with its own connector; unless they share a store, the ERP budget
    and the login limit are split between them so that together they stay under them.
    `access_log` is a file, or "-" for standard output.
    """
    check_can_serve(settings, host)
    _Portal(per_process(settings, workers), {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": PortalWorker,
        "threads": 8,
        "timeout": 30,
        "limit_request_line": MAX_REQUEST_LINE,
        "accesslog": access_log,
        "logger_class": RedactingLogger,  # login links carry a secret in their path
        # gunicorn's control socket is one path per user: two portals (or a portal and the
        # tests) would take it from each other, and nothing here uses it.
        "control_socket_disable": True,
    }).run()
