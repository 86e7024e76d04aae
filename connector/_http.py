"""One HTTP exchange with the ERP: a pooled session, the request, its answer's body.

The transport (``_transport.py``) decides what to send and whether to try again; this only
sends, and turns what comes back into (status, headers, decoded JSON), or into our errors:
a network failure says whether the request may have reached the ERP, an answer larger than
``max_response_bytes`` or still arriving at the call's deadline is not read to its end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from ._responses import decode, int_header, network_error
from .errors import ErpProtocolError, ErpUnavailable


class ErpHttp:
    def __init__(self, *, base_url: str, app_ref: str, account_token: str, pool_size: int,
                 connect_timeout: float, read_timeout: float, max_response_bytes: int,
                 clock: Callable[[], float]) -> None:
        self.base_url = base_url.rstrip("/")
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.max_response_bytes = max_response_bytes
        self._clock = clock
        self.session = _make_session(pool_size, app_ref, account_token)

    def close(self) -> None:
        self.session.close()

    def exchange(self, method: str, path: str, params: dict | None, body: Any, *,
                 remaining: float, deadline_at: float,
                 headers: dict[str, str] | None = None) -> tuple[int, Any, Any]:
        """One HTTP request (``headers`` added to the session's, e.g. If-Match); network
        failures become ErpUnavailable saying if it was sent."""
        where = {"method": method, "path": path}
        timeout = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
        try:
            resp = self.session.request(
                method, f"{self.base_url}/{path.lstrip('/')}", params=params, json=body,
                timeout=timeout, allow_redirects=False, stream=True, headers=headers)
        except requests.RequestException as e:
            raise network_error(e, where) from e
        with resp:
            raw = self._read_body(resp, deadline_at, where)
        return resp.status_code, resp.headers, decode(raw, resp.status_code, where)

    def _read_body(self, resp: requests.Response, deadline_at: float, where: dict) -> bytes:
        """Read at most ``max_response_bytes``, and never past the call's deadline."""
        declared = int_header(resp.headers, "content-length")
        if declared is not None and declared > self.max_response_bytes:
            raise ErpProtocolError(f"ERP answer too large ({declared} bytes)", **where)
        chunks, size = [], 0
        try:
            for chunk in resp.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.max_response_bytes:
                    raise ErpProtocolError(f"ERP answer larger than {size} bytes", **where)
                if self._clock() > deadline_at:
                    raise ErpUnavailable("ERP answer still arriving at the deadline",
                                         reason="timeout", **where)
                chunks.append(chunk)
        except requests.RequestException as e:
            raise network_error(e, where) from e
        return b"".join(chunks)


def _make_session(pool_size: int, app_ref: str, account_token: str) -> requests.Session:
    """One pooled session; urllib3 retries nothing (tenacity is the only retry layer)."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({
        "brightpearl-app-ref": app_ref,
        "brightpearl-account-token": account_token,
        "Accept": "application/json",
    })
    session.trust_env = False  # no proxies or .netrc credentials picked up from the env
    return session
