"""`make run`: the fake ERP with demo data, and the portal, on loopback; prints where to click.

The fake ERP keeps its data in `data/fake-erp.db`, so orders placed in the portal are still there
the next time, and `fake-erp ship ...` and the other ops commands work on it as it runs. Ctrl-C
stops everything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA = ROOT / "data"
ERP_PORT, PORTAL_PORT = 8081, 8000
ERP_ROOT = f"http://127.0.0.1:{ERP_PORT}"
PORTAL_URL = f"http://127.0.0.1:{PORTAL_PORT}"
DEMO_SEED = 1


def main() -> int:
    DATA.mkdir(exist_ok=True)
    env = {**os.environ, "PORTAL_ERP_BASE_URL": f"{ERP_ROOT}/public-api/demo",
           "PORTAL_PUBLIC_URL": PORTAL_URL}
    children = []
    try:
        children.append(_start([BIN / "fake-erp", "serve", "--port", str(ERP_PORT),
                                "--db", DATA / "fake-erp.db", "--seed", str(DEMO_SEED)], env))
        _wait_for(f"{ERP_ROOT}/_fake/faults", "the fake ERP")
        links = {who: _invite(contact_id, env) for who, contact_id in _demo_contacts().items()}
        children.append(_start([BIN / "portal", "serve", "--port", str(PORTAL_PORT),
                                "--workers", "2"], env))
        _wait_for(f"{PORTAL_URL}/healthz", "the portal")
        _print_banner(links)
        return _wait(children)
    except (RuntimeError, OSError) as e:
        print(f"make run: {e}", file=sys.stderr)
        return 1
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)
        for child in children:
            child.wait(timeout=10)


def _start(command, env) -> subprocess.Popen:
    return subprocess.Popen([str(part) for part in command], env=env, cwd=ROOT)


def _wait_for(url: str, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.2)  # not listening yet
    raise RuntimeError(f"{what} did not start within {seconds:.0f} s ({url})")


def _demo_contacts() -> dict[str, int]:
    """The demo customers whose ids the fake ERP keeps stable for any seed (docs/fake-erp.md)."""
    return {"demo customer (EUR price list, prices shown in GBP, three addresses)": 4,
            "customer without a price list (the default list)": 5}


def _invite(contact_id: int, env) -> str:
    out = subprocess.run([str(BIN / "portal"), "invite", str(contact_id)], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip() or f"portal invite {contact_id} failed")
    return out.stdout.splitlines()[0].removeprefix("Login link: ")


def _print_banner(links: dict[str, str]) -> None:
    print("\n" + "=" * 72)
    print(f"Portal:    {PORTAL_URL}")
    print(f"Fake ERP:  {ERP_ROOT}/public-api/demo  (faults: {ERP_ROOT}/_fake/faults)")
    for who, link in links.items():
        print(f"Log in as the {who}:\n  {link}")
    print("Ctrl-C stops everything. The ERP's data stays in data/fake-erp.db.")
    print("=" * 72 + "\n", flush=True)


def _wait(children) -> int:
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
