"""`make run`: the fake ERP with demo data, a mail sink and the portal, on loopback; prints where
to click.

The fake ERP keeps its data in `data/fake-erp.db`, so orders placed in the portal are still there
the next time, and `fake-erp ship ...` and the other ops commands work on it as it runs. The
demo contacts' login links (two customers, the demo supplier) are kept in
`data/demo-links.json` and printed again at the next start, as long as they still work
(`portal invite` replaces a link). Request logs go to `data/logs/`, so the terminal keeps the
banner and the portal's own warnings. The portal's mail goes to a local sink
(`devtools/mail_sink.py`): one line per message in the terminal, each message saved in
`data/mail/`. Ctrl-C stops everything and ends with status 0.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from connector.errors import ErpError

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_SEED = 1
# The demo contacts whose ids the fake ERP keeps stable for any seed (docs/fake-erp.md).
DEMO_CONTACTS = {"demo customer (EUR price list, prices shown in GBP, three addresses; paid, "
                 "part-paid and overdue invoices and a credit note)": 4,
                 "customer without a price list (the default list)": 5,
                 "demo supplier (purchase orders in every status, to acknowledge and ship)": 6}
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    run = LocalRun(Path(args.data), args.erp_port, args.portal_port, args.mail_port)
    for signum in _STOP_SIGNALS:  # Ctrl-C, kill, or the terminal closing: stop the same way
        signal.signal(signum, _stop)
    try:
        return run.serve()
    except KeyboardInterrupt:
        print("\nStopped.", flush=True)
        return 0
    except (RuntimeError, OSError, ValueError, ErpError) as e:  # ValueError: a bad setting
        print(f"make run: {e}", file=sys.stderr)
        return 1
    finally:
        run.stop()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m devtools.run_local",
                                     description="The fake ERP and the portal, on loopback.")
    parser.add_argument("--erp-port", type=int, default=8081)
    parser.add_argument("--portal-port", type=int, default=8000)
    parser.add_argument("--mail-port", type=int, default=8025)
    parser.add_argument("--data", default=str(ROOT / "data"),
                        help="the folder of the ERP's database, the demo links and the logs")
    return parser


def _die_with_parent() -> None:
    """In the child: Linux sends it SIGTERM when `make run` dies, even by SIGKILL.

    The children have sessions of their own (a terminal's Ctrl-C reaches only `make run`, which
    stops them in order), so without this a killed `make run` would leave servers holding the
    ports until someone finds them.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _stop(signum, frame):
    raise KeyboardInterrupt


class LocalRun:
    """The two servers as child processes, each in its own session.

    Only this process gets the terminal's Ctrl-C; it then stops the children itself, so that a
    child that happens to exit first is never taken for a crash (`make: *** Error 1`).
    """

    def __init__(self, data: Path, erp_port: int, portal_port: int, mail_port: int = 8025) -> None:
        self.data, self.logs = data, data / "logs"
        self.erp_root = f"http://127.0.0.1:{erp_port}"
        self.portal_url = f"http://127.0.0.1:{portal_port}"
        self.erp_port, self.portal_port, self.mail_port = erp_port, portal_port, mail_port
        self.env = {**os.environ, "PORTAL_ERP_BASE_URL": f"{self.erp_root}/public-api/demo",
                    "PORTAL_PUBLIC_URL": self.portal_url,
                    "PORTAL_SMTP_URL": f"smtp://127.0.0.1:{mail_port}"}
        self.children: list[subprocess.Popen] = []

    def serve(self) -> int:
        """Starts both, prints the banner, and waits; 1 if a server stops by itself."""
        self.logs.mkdir(parents=True, exist_ok=True)
        with open(self.logs / "fake-erp.log", "a") as erp_log:
            self._start([BIN / "fake-erp", "serve", "--port", self.erp_port, "--db",
                         self.data / "fake-erp.db", "--seed", DEMO_SEED], stdout=erp_log)
        _wait_for(f"{self.erp_root}/_fake/faults", "the fake ERP")
        self._start([sys.executable, "-m", "devtools.mail_sink", "--port", self.mail_port,
                     "--dir", self.data / "mail"])
        _wait_for_port(self.mail_port, "the mail sink")
        links = DemoLinks(self.data / "demo-links.json", self.env).current()
        self._start([BIN / "portal", "serve", "--port", self.portal_port,  # its defaults
                     "--access-log", self.logs / "portal-access.log"])
        _wait_for(f"{self.portal_url}/healthz", "the portal")
        self._print_banner(links)
        while all(child.poll() is None for child in self.children):
            time.sleep(0.5)
        print("make run: a server stopped by itself; see above and data/logs/", file=sys.stderr)
        return 1

    def stop(self) -> None:
        """Stops the children, then kills what is left after 10 s.

        SIGTERM, not SIGINT: gunicorn's graceful stop lets a worker that is still booting
        finish quietly, where its quick stop interrupts the import with a traceback.
        """
        for signum in _STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C must not cut this short
        for child in self.children:
            if child.poll() is None:
                child.terminate()
        for child in self.children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()

    def _start(self, command, stdout=None) -> None:
        self.children.append(subprocess.Popen(
            [str(part) for part in command], env=self.env, cwd=ROOT, stdout=stdout,
            stderr=subprocess.STDOUT if stdout else None, start_new_session=True,
            preexec_fn=_die_with_parent))

    def _print_banner(self, links: dict[str, str]) -> None:
        print("\n" + "=" * 72)
        print(f"Portal:    {self.portal_url}")
        print(f"Fake ERP:  {self.erp_root}/public-api/demo  (faults: {self.erp_root}/_fake/faults)")
        print(f"Mail:      smtp://127.0.0.1:{self.mail_port}  (nothing is delivered: one line "
              f"per message here, saved in {_shown(self.data / 'mail')}/)")
        for who, link in links.items():
            print(f"Log in as the {who}:\n  {link}")
        print(f"Request logs: {_shown(self.logs)}/ (portal-access.log, fake-erp.log)")
        print(f"Ctrl-C stops everything. The ERP's data stays in "
              f"{_shown(self.data / 'fake-erp.db')}.")
        print("=" * 72 + "\n", flush=True)


class DemoLinks:
    """The demo contacts' login links, kept between runs while they still work.

    A link's secret exists only in the link (the ERP keeps its hash), so the links are kept in
    the data folder (readable by its owner only); each is checked against the ERP at start and
    replaced by a new invitation when it no longer works (after `portal invite` or `revoke`).
    """

    def __init__(self, path: Path, env: dict) -> None:
        from portal_web.erp import make_client
        from portal_web.settings import load_settings

        self.path = path
        self.settings = load_settings(env)
        self.erp = make_client(self.settings)

    def current(self) -> dict[str, str]:
        from portal_web.auth.services import invite, redeem

        kept = self._read()
        tokens = {}
        for contact_id in DEMO_CONTACTS.values():
            token = kept.get(str(contact_id))
            if token is None or redeem(self.erp, token) is None:
                link = invite(self.erp, contact_id, self.settings.public_url).link
                token = link.rsplit("/login/", 1)[1]
            tokens[str(contact_id)] = token
        self._write(tokens)
        self.erp.close()
        return {who: f"{self.settings.public_url}/login/{tokens[str(contact_id)]}"
                for who, contact_id in DEMO_CONTACTS.items()}

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(v, str)}

    def _write(self, tokens: dict[str, str]) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(tokens, out, indent=2)


def _shown(path: Path) -> str:
    """A path as short as it can be said: relative to the project when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _wait_for_port(port: int, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)  # not listening yet
    raise RuntimeError(f"{what} did not start within {seconds:.0f} s (port {port})")


def _wait_for(url: str, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.2)  # not listening yet
    raise RuntimeError(f"{what} did not start within {seconds:.0f} s ({url})")


if __name__ == "__main__":
    sys.exit(main())
