"""The dashboard's blocks: each is a template and the function that reads what it shows.

A block is one line of `BLOCKS`: another area adds its own by writing its template and its
loader, without touching the others. Loaders take the ERP client, the settings and the
logged-in profile, and return the template's variables (under `block`).

The blocks read the ERP together (`erp.parallel`), one lane each, so that the page waits about
as long as its slowest lane rather than for every read in turn. Blocks of one lane load in
turn: the latest orders follow what is due, because they are mostly among the open invoices
just read, whose GET then holds them (a request saved, the same number every time).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from connector.constants import OrderType, StatusState
from portal_web.account.services import account_people, credit_of
from portal_web.areas import url_if_served
from portal_web.invoices.services import today
from portal_web.orders.services import orders_page, status_table
from portal_web.quotes.services import open_quotes

RECENT = 5
PAY_ENDPOINT = "pay.index"  # the payments area's page: "Pay balance" once it exists


@dataclass(frozen=True)
class Block:
    template: str
    load: Callable[..., dict]
    lane: str = ""  # blocks of one lane load in turn; the lanes load together (default: own)


def account_block(erp, settings, profile) -> dict:
    """Who is logged in, their account manager, and what they owe against their limit: the
    contact and manager in one GET, and the ERP's balance."""
    contact, manager = account_people(erp, profile)
    return {"contact": contact, "manager": manager, "credit": credit_of(erp, contact),
            "pay_url": url_if_served(PAY_ENDPOINT)}


def dues_block(erp, settings, profile) -> dict:
    """What is overdue: the open invoices (three requests for up to 200)."""
    invoices = erp.ledger.open_invoices(profile.contact_id)
    overdue = [e for e in invoices if e.days_overdue(today())]
    by_currency: dict[str, Decimal] = {}
    for entry in overdue:
        by_currency[entry.currency_code] = \
            by_currency.get(entry.currency_code, Decimal(0)) + entry.outstanding
    return {"open_count": len(invoices), "overdue_count": len(overdue),
            "overdue": by_currency}


def orders_block(erp, settings, profile) -> dict:
    """The latest orders and how many are open (one search). The latest are the first page of
    My orders (its very requests: search, GET, shipments), so that either page costs nothing
    once the other was seen and cached; the first five are shown."""
    table = status_table(erp, settings)
    first, shipments = orders_page(erp, table, profile, "", 1)
    recent = replace(first, items=first.items[:RECENT], page_size=RECENT)
    open_ids = [s.id for s in erp.reference.statuses()
                if s.id in table.visible_ids and s.state == StatusState.OPEN]
    open_count = sum(1 for _ in erp.orders.search_ids(
        contactId=profile.contact_id, orderTypeId=OrderType.SALES_ORDER.type_id,
        orderStatusId=open_ids)) if open_ids else 0
    return {"orders": recent, "shipments": shipments, "table": table, "open_count": open_count}


def quotes_block(erp, settings, profile) -> dict:
    """The active quotes, soonest to expire first (a search and a GET)."""
    return {"quotes": open_quotes(erp, profile, limit=RECENT)}


# The dashboard, top to bottom: another area adds its block here (one line).
BLOCKS = (
    Block("home/_account.html", account_block),
    Block("home/_dues.html", dues_block, lane="documents"),
    Block("home/_quotes.html", quotes_block),
    Block("home/_orders.html", orders_block, lane="documents"),
)


def load_all(erp, settings, profile, blocks: tuple[Block, ...] = BLOCKS) -> list[dict]:
    """Each block's variables, in the order of `blocks`; the lanes read the ERP together."""
    lanes: dict[str, list[int]] = {}
    for index, block in enumerate(blocks):
        lanes.setdefault(block.lane or f"#{index}", []).append(index)

    def lane_loader(indexes: list[int]) -> Callable[[], list[tuple[int, dict]]]:
        return lambda: [(i, blocks[i].load(erp, settings, profile)) for i in indexes]

    loaded = dict(pair for lane in erp.parallel(*map(lane_loader, lanes.values()))
                  for pair in lane)
    return [loaded[index] for index in range(len(blocks))]

