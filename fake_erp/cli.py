"""`fake-erp`: serve the fake ERP, and ops commands on the same database (usable while it runs).

Bad input is one line on stderr and exit status 2, with nothing changed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import sys
import time

import requests

from fake_erp.backend.reference import ORDER_STATUSES
from fake_erp.errors import ErpError
from fake_erp.faults import KNOBS

log = logging.getLogger(__name__)

DEFAULT_DB = os.path.join("data", "fake-erp.db")
SIZE_HELP = {
    "products": "products to seed (default 250, at least 20)",
    "customers": "customers to seed (default 30, at least 2)",
    "suppliers": "suppliers to seed (default 6, at least 1)",
    "orders": "orders to seed (default 400, at least 30)",
}


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise UsageError(message)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `fake-erp` console script; returns the exit status."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        return args.handler(args)
    except UsageError as e:
        print(f"fake-erp: error: {e}", file=sys.stderr)
        return 2
    except ErpError as e:
        print(f"fake-erp: error: {e.message}", file=sys.stderr)
        return 2
    except requests.RequestException as e:
        print(
            f"fake-erp: error: cannot reach the fake ERP: {e.__class__.__name__}", file=sys.stderr
        )
        return 1


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fake-erp", description="A Brightpearl-shaped fake ERP.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    faults = _fault_flags()
    sizes = _Parser(add_help=False)
    for name, text in SIZE_HELP.items():
        sizes.add_argument(f"--{name}", type=int, default=None, metavar="N", help=text)
    db = _Parser(add_help=False)
    db.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file (default {DEFAULT_DB})")
    _add_serve(commands, faults, sizes, db)
    seed = commands.add_parser("seed", parents=[sizes, db], help="fill an empty database")
    seed.add_argument(
        "--seed",
        type=int,
        required=True,
        metavar="N",
        help="random seed of the demo data (the same N gives the same data)",
    )
    seed.set_defaults(handler=_seed)
    _add_ops(commands, db)
    remote = commands.add_parser("faults", parents=[faults], help="set faults on a running server")
    remote.add_argument(
        "--url",
        default="http://127.0.0.1:8081",
        help="the running fake ERP (default http://127.0.0.1:8081)",
    )
    remote.add_argument(
        "--reset",
        action="store_true",
        help="back to the server's starting faults; clears the request log",
    )
    remote.set_defaults(handler=_faults)
    return parser


def _fault_flags() -> argparse.ArgumentParser:
    """One flag per fault knob, with its meaning, unit and default (from faults.KNOBS)."""
    faults = _Parser(add_help=False)
    group = faults.add_argument_group("faults (also POST /_fake/faults)")
    for knob in KNOBS:
        group.add_argument(
            knob.flag,
            dest=knob.name,
            type=knob.kind,
            default=None,
            metavar=knob.kind.__name__.upper(),
            help=f"{knob.unit}: {knob.help} (default {knob.kind(knob.default)})",
        )
    return faults


def _add_serve(commands, faults, sizes, db) -> None:
    serve = commands.add_parser("serve", parents=[faults, sizes, db], help="run the server")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=int, default=8081, help="port (default 8081; 0 = any free one)"
    )
    serve.add_argument(
        "--seed",
        type=int,
        default=None,
        metavar="N",
        help="fill an empty database first with the demo data of seed N",
    )
    serve.add_argument("--account", default="demo", help="account code in URLs (default demo)")
    serve.add_argument(
        "--app-ref", default="portal", help="brightpearl-app-ref to accept (default portal)"
    )
    serve.add_argument(
        "--token", default="dev-token", help="account or staff token to accept (default dev-token)"
    )
    serve.add_argument(
        "--allow-remote-control",
        action="store_true",
        help="serve /_fake/ to other hosts than loopback too, and deliver webhooks to them",
    )
    serve.set_defaults(handler=_serve)


def _add_ops(commands, db) -> None:
    names = ", ".join(f'"{name}"' for name, kind, _ in ORDER_STATUSES if kind == "SO")
    status = commands.add_parser(
        "order-status",
        parents=[db],
        help="change an order's status",
        epilog=f"Sales-order statuses: {names}. Any status of the order's type works "
        "(case-insensitive); a wrong name lists that type's statuses.",
    )
    status.add_argument("order_id", type=int, help="the order's id")
    status.add_argument("status_name", help="the new status's name")
    status.set_defaults(handler=_order_status)
    invoice = commands.add_parser("invoice", parents=[db], help="invoice an order")
    invoice.add_argument("order_id", type=int, help="the order's id")
    invoice.add_argument("--date", help="the invoice's date, YYYY-MM-DD (default: today); it "
                         "falls due after the customer's payment terms")
    invoice.set_defaults(handler=_invoice)
    ship = commands.add_parser("ship", parents=[db], help="ship an order with a tracking number")
    ship.add_argument("order_id", type=int, help="the order's id")
    ship.add_argument("--tracking", required=True, help="the carrier's tracking number")
    ship.set_defaults(handler=_ship)
    tasks = commands.add_parser("tasks", parents=[db], help="list the tasks")
    tasks.set_defaults(handler=_tasks)


def _sizes(args):
    from fake_erp.seed import SeedSizes

    given = {
        k: getattr(args, k)
        for k in ("products", "customers", "suppliers", "orders")
        if getattr(args, k) is not None
    }
    sizes = SeedSizes(**given)
    try:
        sizes.check()
    except ValueError as e:
        raise UsageError(str(e)) from None
    return sizes


def _fault_options(args) -> dict:
    return {k.name: getattr(args, k.name) for k in KNOBS if getattr(args, k.name) is not None}


def _serve(args) -> int:
    from fake_erp.server import start_server

    _ensure_folder(args.db)
    try:
        server = start_server(
            args.db,
            seed=args.seed,
            host=args.host,
            port=args.port,
            sizes=_sizes(args),
            quiet=False,
            account=args.account,
            app_ref=args.app_ref,
            account_token=args.token,
            allow_remote_control=args.allow_remote_control,
            **_fault_options(args),
        )
    except ValueError as e:
        raise UsageError(str(e)) from None
    except OSError as e:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {e.strerror}") from None
    print(f"fake ERP serving {server.base_url} (database {args.db})", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    with contextlib.suppress(KeyboardInterrupt):
        while True:
            time.sleep(3600)
    server.stop()
    return 0


def _interrupt(signum, frame):
    """SIGTERM stops the server as Ctrl-C does. Raising here, rather than setting an Event the
    main thread waits on, cannot deadlock: a handler that sets an Event can arrive while the
    main thread holds that Event's lock, and then waits for itself forever (seen: a fake ERP
    left serving after `make run` was killed)."""
    raise KeyboardInterrupt


def _ensure_folder(db_path: str) -> None:
    folder = os.path.dirname(db_path)
    if db_path != ":memory:" and folder:
        os.makedirs(folder, exist_ok=True)


def _open_existing(db_path: str):
    """Ops commands work on an existing database only (never create an empty one by mistake)."""
    from fake_erp.backend import Backend

    if not os.path.exists(db_path):
        raise UsageError(f"no database at {db_path}")
    return Backend(db_path)


def _seed(args) -> int:
    from fake_erp.backend import Backend
    from fake_erp.seed import seed

    sizes = _sizes(args)
    _ensure_folder(args.db)
    backend = Backend(args.db)
    started = time.perf_counter()
    try:
        seed(backend, args.seed, sizes)
    except ValueError as e:
        raise UsageError(str(e)) from None
    finally:
        backend.close()
    elapsed = time.perf_counter() - started
    print(
        f"seeded {args.db} with seed {args.seed} ({sizes.products} products, "
        f"{sizes.customers} customers, {sizes.orders} orders) in {elapsed:.2f} s"
    )
    return 0


def _order_status(args) -> int:
    backend = _open_existing(args.db)
    try:
        order = backend.orders.get_many([args.order_id])
        if not order:
            raise UsageError(f"no order {args.order_id}")
        type_code = order[0]["orderTypeCode"]
        matches = [
            s
            for s in backend.orders.statuses()
            if s["orderTypeCode"] == type_code and s["name"].lower() == args.status_name.lower()
        ]
        if not matches:
            valid = ", ".join(
                s["name"] for s in backend.orders.statuses() if s["orderTypeCode"] == type_code
            )
            raise UsageError(f"no {type_code} status named {args.status_name!r}; one of: {valid}")
        backend.ops.set_status(args.order_id, matches[0]["statusId"])
    finally:
        backend.close()
    print(f"order {args.order_id} is now {matches[0]['name']}")
    return 0


def _invoice(args) -> int:
    backend = _open_existing(args.db)
    try:
        reference = backend.ops.invoice(args.order_id, args.date)
    finally:
        backend.close()
    print(f"order {args.order_id} invoiced as {reference}")
    return 0


def _ship(args) -> int:
    if not args.tracking.strip():
        raise UsageError("--tracking must not be empty")
    backend = _open_existing(args.db)
    try:
        note_id = backend.ops.ship(args.order_id, args.tracking)
    finally:
        backend.close()
    tracking = args.tracking.strip()
    print(f"order {args.order_id} shipped (goods-out note {note_id}, tracking {tracking})")
    return 0


def _tasks(args) -> int:
    backend = _open_existing(args.db)
    try:
        tasks = backend.crm.all_tasks()
    finally:
        backend.close()
    for task in tasks:
        order = f" order {task['order_id']}" if task["order_id"] else ""
        due = f" due {task['due_date'][:10]}" if task["due_date"] else ""
        print(f"#{task['id']} to contact {task['assigned_to']}{order}{due}: {task['subject']}")
    if not tasks:
        print("no tasks")
    return 0


def _faults(args) -> int:
    url = args.url.rstrip("/")
    if args.reset:
        requests.post(f"{url}/_fake/reset", timeout=10).raise_for_status()
    changes = _fault_options(args)
    if changes:
        answer = requests.post(f"{url}/_fake/faults", json=changes, timeout=10)
        if answer.status_code == 400:
            raise UsageError(answer.json()["errors"][0]["message"])
    else:
        answer = requests.get(f"{url}/_fake/faults", timeout=10)
    answer.raise_for_status()
    print(json.dumps(answer.json(), indent=2))
    return 0
