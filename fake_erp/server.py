"""A threaded werkzeug server for tests and `fake-erp serve`: binds (port 0 allowed), then returns.

`start_server()` returns once the socket is listening, so a test can use the URL at once.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from fake_erp.app import create_app, make_settings
from fake_erp.backend import Backend
from fake_erp.delivery import Deliverer
from fake_erp.seed import SeedSizes
from fake_erp.seed import seed as seed_data

log = logging.getLogger(__name__)


class _QuietHandler(WSGIRequestHandler):
    """Logs each request at DEBUG through our logger instead of printing it (tests stay quiet)."""

    def log_request(self, code="-", size="-") -> None:
        log.debug("%s %s", self.requestline, code)


@dataclass
class RunningServer:
    url: str
    base_url: str
    port: int
    app: object
    backend: Backend
    deliverer: Deliverer = field(repr=False)
    _server: BaseWSGIServer = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    def stop(self) -> None:
        """Stop serving and delivering, wake any hanging request, and close the database."""
        self.app.extensions["fake_erp"].faults.reset()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
        self.deliverer.stop()
        self.backend.close()


def open_backend(db_path: str, seed: int | None, sizes: SeedSizes | None = None) -> Backend:
    """The backend on `db_path`; with `seed`, an empty database is first filled with demo data."""
    backend = Backend(db_path)
    if seed is not None and backend.repo.is_empty():
        seed_data(backend, seed, sizes or SeedSizes())
    return backend


def start_server(
    db_path: str = ":memory:",
    seed: int | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    sizes: SeedSizes | None = None,
    quiet: bool = True,
    **settings,
) -> RunningServer:
    """Start the fake ERP in a background thread; `settings` are Settings or fault options."""
    backend = open_backend(db_path, seed, sizes)
    app = create_app(backend, make_settings(**settings))
    handler = _QuietHandler if quiet else WSGIRequestHandler
    server = make_server(host, port, app, threaded=True, request_handler=handler)
    server.daemon_threads = True  # a hanging request never blocks shutdown
    # A short poll: shutdown() waits up to one poll interval (werkzeug's default is 0.5 s).
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-erp", daemon=True
    )
    thread.start()
    state = app.extensions["fake_erp"]
    deliverer = Deliverer(backend.webhooks, state.settings.account,
                          allow_remote=state.settings.allow_remote_control)
    state.wake_delivery = deliverer.wake
    deliverer.start()
    bound = server.socket.getsockname()[1]
    url_host = f"[{host}]" if ":" in host else host
    url = f"http://{url_host}:{bound}"
    account = app.extensions["fake_erp"].settings.account
    log.info("fake ERP listening on %s", url)
    return RunningServer(
        url=url,
        base_url=f"{url}/public-api/{account}",
        port=bound,
        app=app,
        backend=backend,
        deliverer=deliverer,
        _server=server,
        _thread=thread,
    )
