"""`make run` (devtools.run_local) as a developer uses it: start, click, Ctrl-C, start again.

Issue 7: Ctrl-C ended with "make: *** Error 1"; a thousand access-log lines buried the banner;
the demo login links changed on every restart although the data folder was kept.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import requests

from devtools.run_local import DEMO_CONTACTS, DemoLinks
from portal_web.auth.services import invite

ROOT = Path(__file__).resolve().parents[2]
_LINK = re.compile(r"^\s+(http://\S+/login/\S+)$")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_LEFT = re.compile(r'name="(qty-\d+)" type="number" inputmode="numeric" min="0" max="(\d+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _MakeRun:
    """`python -m devtools.run_local` in its own process group, as a terminal runs it."""

    def __init__(self, data: Path, erp_port: int, portal_port: int, mail_port: int):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devtools.run_local", "--erp-port", str(erp_port),
             "--portal-port", str(portal_port), "--mail-port", str(mail_port),
             "--data", str(data)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")},
            start_new_session=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def banner(self, seconds: float = 60) -> list[str]:
        """The lines up to the end of the banner (the second line of "=")."""
        deadline, rules = time.monotonic() + seconds, 0
        while rules < 2:
            line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            assert line is not None, "\n".join(self.output)
            self.output.append(line)
            rules += line.startswith("=" * 72)
        return self.output

    def ctrl_c(self) -> tuple[int, list[str]]:
        os.killpg(self.process.pid, signal.SIGINT)
        status = self.process.wait(timeout=30)
        while (line := self.lines.get(timeout=10)) is not None:
            self.output.append(line)
        return status, self.output


def _links(lines: list[str]) -> list[str]:
    return [m.group(1) for line in lines if (m := _LINK.match(line))]


def test_make_run_keeps_its_banner_and_links_and_stops_cleanly_on_ctrl_c(tmp_path):
    erp_port, portal_port, mail_port = _free_port(), _free_port(), _free_port()
    first = _MakeRun(tmp_path, erp_port, portal_port, mail_port)
    try:
        links = _links(first.banner())
        assert len(links) == len(DEMO_CONTACTS)
        assert f"Mail:      smtp://127.0.0.1:{mail_port}" in "\n".join(first.output)
        with requests.Session() as browser:
            for _ in range(20):  # a customer clicking around
                assert browser.get(f"http://127.0.0.1:{portal_port}/healthz").ok
            _share_a_demo_quote(browser, links[0], portal_port)
        _the_demo_supplier_acknowledges_and_ships(links, tmp_path)
    finally:
        status, output = first.ctrl_c()
    (saved,) = (tmp_path / "mail").glob("*.eml")
    assert any(line.startswith("mail: ") and "colleague@demo.example" in line
               and str(saved) in line for line in output)
    assert status == 0, "\n".join(output)
    after_banner = output[output.index("=" * 72, output.index("=" * 72) + 1) + 1:]
    assert all("GET /healthz" not in line for line in after_banner)  # in data/logs instead
    assert "Traceback" not in "\n".join(output)
    assert "GET /healthz" in (tmp_path / "logs" / "portal-access.log").read_text()

    again = _MakeRun(tmp_path, erp_port, portal_port, mail_port)
    try:
        assert _links(again.banner()) == links
    finally:
        status, output = again.ctrl_c()
    assert status == 0, "\n".join(output)


def _share_a_demo_quote(browser, link: str, portal_port: int) -> None:
    """The demo customer logs in, sees active and expired quotes, and shares quote 2."""
    portal = f"http://127.0.0.1:{portal_port}"
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get(link).text).group(1)
    assert browser.post(link, {"csrf_token": token}).ok
    quotes = browser.get(f"{portal}/quotes").text
    assert "status-active" in quotes and "status-expired" in quotes
    page = browser.get(f"{portal}/quotes/2").text
    form = dict(re.findall(r'name="(csrf_token|submission)" value="([^"]+)"',
                           page[page.index('id="share-title"'):]))
    shared = browser.post(f"{portal}/quotes/2/share",
                          {**form, "recipients": "colleague@demo.example", "message": "Look"})
    assert "The quote was sent to colleague@demo.example" in shared.text


def test_the_demo_links_are_replaced_once_someone_invites_again(fake_erp, portal, tmp_path):
    env = {"PORTAL_ERP_BASE_URL": fake_erp.base_url, "PORTAL_PUBLIC_URL": portal.url}
    path = tmp_path / "demo-links.json"
    first = DemoLinks(path, env).current()
    assert DemoLinks(path, env).current() == first
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # the secrets are its owner's only
    invite(portal.erp, next(iter(DEMO_CONTACTS.values())), portal.url)  # `portal invite 4`
    renewed = DemoLinks(path, env).current()
    changed = [who for who in first if first[who] != renewed[who]]
    assert changed == [next(iter(DEMO_CONTACTS))]


def _the_demo_supplier_acknowledges_and_ships(links: list[str], data: Path) -> None:
    """Issue 11, done when: in `make run` the demo supplier acknowledges and ships a PO, and
    `fake-erp tasks` shows the buyer's tasks."""
    from tests.fixtures_erp import DEMO_PURCHASE_ORDER_IDS, DEMO_SUPPLIER_ID

    link = next(link for link in links if f"/login/{DEMO_SUPPLIER_ID}." in link)
    sent = DEMO_PURCHASE_ORDER_IDS[1]  # "Sent to supplier" for any seed (docs/fake-erp.md)
    with requests.Session() as browser:
        token = _CSRF.search(browser.get(link, timeout=10).text).group(1)
        landing = browser.post(link, data={"csrf_token": token}, timeout=10)
        assert landing.url.endswith("/supplier/purchase-orders"), landing.url
        base = landing.url.removesuffix("/supplier/purchase-orders")
        page = browser.get(f"{base}/supplier/purchase-orders/{sent}", timeout=10).text
        form = {"csrf_token": _CSRF.search(page).group(1), "supplier_ref": "SO-DEMO-1",
                "promised": (date.today() + timedelta(days=14)).isoformat()}
        acknowledged = browser.post(f"{base}/supplier/purchase-orders/{sent}/acknowledge",
                                    data=form, timeout=10)
        assert "Acknowledged: delivery promised" in acknowledged.text
        form = {"csrf_token": form["csrf_token"], "carrier": "DPD", "tracking": "DEMO-1",
                "shipped_on": date.today().isoformat(),
                "form_token": re.search(r'name="form_token" value="([^"]+)"',
                                        acknowledged.text).group(1),
                **{name: left for name, left in _LEFT.findall(acknowledged.text)}}
        shipped = browser.post(f"{base}/supplier/purchase-orders/{sent}/ship", data=form,
                               timeout=10)
        assert "everything has now shipped" in shipped.text
    tasks = subprocess.run([sys.executable, "-m", "fake_erp", "tasks", "--db",
                            str(data / "fake-erp.db")], cwd=ROOT, capture_output=True,
                           text=True, timeout=30, check=True).stdout
    assert len([line for line in tasks.splitlines() if f"PO #{sent}" in line]) == 2


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_killing_make_run_outright_takes_its_servers_with_it(tmp_path):
    """A `kill -9` (or a crashed terminal) must not leave servers holding the ports."""
    ports = {"fake ERP": _free_port(), "portal": _free_port(), "mail sink": _free_port()}
    run = _MakeRun(tmp_path, *ports.values())
    try:
        run.banner()
        assert all(_listening(port) for port in ports.values())
    finally:
        run.process.kill()
        run.process.wait(timeout=10)
    deadline = time.monotonic() + 30  # gunicorn's graceful stop is bounded by 30 s

    def still_up() -> list[str]:
        return [name for name, port in ports.items() if _listening(port)]

    while still_up() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert still_up() == [], (time.monotonic() - deadline + 30, run.output[-20:])
