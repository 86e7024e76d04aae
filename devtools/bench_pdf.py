"""Benchmark a real 50-line invoice PDF, built through the invoices area's own functions.

Run ``python -m devtools.bench_pdf`` (``make bench`` runs it). It starts its own fake ERP in
memory, places a 50-row sales order for the demo customer (rows at three tax rates), invoices
it and records two payments; then it reads the invoice back as the invoice page does
(``erp.ledger.entry`` and the tax by rate) and renders its PDF ``--repeat`` times. It prints the
first render (which cuts the DejaVu fonts, once per process), the p50 and p95 of the others,
and the same with the two ERP reads included: wall time, and the CPU time of this process (on a
machine shared with other work the wall time includes waiting for a core). Loopback only.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from pypdf import PdfReader

from connector import ErpClient
from fake_erp.seed import SeedSizes
from fake_erp.server import start_server
from portal_web.invoices.pdfs import Paper, buyer_party, invoice_pdf
from portal_web.invoices.services import tax_lines
from portal_web.settings import Settings
from tests.fixtures_erp import DEMO_CUSTOMER_ID, FakeErpControl

ROWS = 50
_CODES = (("T1", 20), ("T5", 5), ("T0", 0))


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    server = start_server(":memory:", seed=1, sizes=SeedSizes(products=60, orders=30))
    control = FakeErpControl(server)
    try:
        order_id = _invoice(control)
        with ErpClient(base_url=server.base_url, deadline=30.0) as erp:
            _report(erp, order_id, args.repeat)
    finally:
        control.http.close()
        server.stop()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m devtools.bench_pdf")
    parser.add_argument("--repeat", type=int, default=30)
    return parser


def _invoice(control: FakeErpControl) -> int:
    """A 50-row invoice of the demo customer at three tax rates, part paid twice."""
    rows = []
    for n in range(ROWS):
        code, rate = _CODES[n % len(_CODES)]
        net = 12 + n
        rows.append({"productId": n + 1, "quantity": 1 + n % 7, "net": f"{net}.00",
                     "tax": f"{net * rate / 100:.2f}", "taxCode": code})
    order_id = control.create_sales_order(DEMO_CUSTOMER_ID, rows=rows)
    control.invoice(order_id)
    control.pay(order_id, "100.00")
    control.pay(order_id, "50.00")
    return order_id


def _report(erp: ErpClient, order_id: int, repeat: int) -> None:
    settings = Settings()
    paper = Paper(settings.seller, settings.pdf, settings.locale)

    def build() -> bytes:
        entry = erp.ledger.entry(order_id)
        buyer = buyer_party(entry.order.billing_address, "Dubois Interiors Ltd", paper.locale)
        return invoice_pdf(entry, tax_lines(erp, entry), buyer, paper)

    entry = erp.ledger.entry(order_id)
    taxes = tax_lines(erp, entry)
    buyer = buyer_party(entry.order.billing_address, "Dubois Interiors Ltd", paper.locale)
    first = _ms(lambda: invoice_pdf(entry, taxes, buyer, paper))
    renders = [_ms(lambda: invoice_pdf(entry, taxes, buyer, paper)) for _ in range(repeat)]
    built = [_ms(build) for _ in range(repeat)]
    pdf = invoice_pdf(entry, taxes, buyer, paper)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"\n{len(entry.order.rows)}-line invoice {entry.number}: {pages} pages, "
          f"{len(pdf) / 1024:.0f} KB, {len(taxes)} tax rates, {len(entry.payments)} payments")
    print(f"{'':34} {'wall p50':>9} {'wall p95':>9} {'CPU p50':>9}   (ms)")
    print(f"{'render (first: fonts cut once)':34} {first[0]:9.1f} {'':9} {first[1]:9.1f}")
    for label, times in (("render", renders), ("read from the ERP and render", built)):
        walls, cpus = [t[0] for t in times], [t[1] for t in times]
        print(f"{label:34} {statistics.median(walls):9.1f} {_p95(walls):9.1f} "
              f"{statistics.median(cpus):9.1f}")


def _ms(action) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


if __name__ == "__main__":
    raise SystemExit(main())
