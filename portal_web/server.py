"""Gunicorn, run from Python so `portal serve` needs no config file."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from portal_web import create_app
from portal_web.redaction import RedactingLogger
from portal_web.settings import check_can_serve, per_process


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


def serve(settings, *, host: str, port: int, workers: int) -> None:
    """Threads per worker: requests mostly wait on the ERP, so threads are the cheap way to wait.

    Each worker is a process with its own connector; unless they share a store, the ERP budget
    is split between them so that together they stay under it.
    """
    check_can_serve(settings, host)
    _Portal(per_process(settings, workers), {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": 8,
        "timeout": 30,
        "accesslog": "-",
        "logger_class": RedactingLogger,  # login links carry a secret in their path
    }).run()
