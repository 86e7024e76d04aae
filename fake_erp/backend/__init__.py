"""The fake ERP's rules over a SQLite repository. No web imports: routes and the CLI share it."""

from __future__ import annotations

from fake_erp.backend import reference
from fake_erp.backend.accounting import Accounting
from fake_erp.backend.addresses import Addresses
from fake_erp.backend.contacts import Contacts
from fake_erp.backend.crm import Crm
from fake_erp.backend.ops import Ops
from fake_erp.backend.orders import Orders
from fake_erp.backend.products import Products
from fake_erp.backend.repository import Repository
from fake_erp.backend.tax import TaxCodes
from fake_erp.backend.warehouse import Warehouse
from fake_erp.backend.webhooks import Webhooks


class Backend:
    """One ERP account's data and rules; the areas are attributes (`backend.orders`)."""

    def __init__(self, db_path: str = ":memory:"):
        self.repo = Repository(db_path)
        with self.repo.write() as conn:
            reference.install(conn)
        self.contacts = Contacts(self.repo)
        self.addresses = Addresses(self.repo)
        self.products = Products(self.repo)
        self.orders = Orders(self.repo)
        self.accounting = Accounting(self.repo)
        self.warehouse = Warehouse(self.repo)
        self.crm = Crm(self.repo)
        self.tax = TaxCodes(self.repo)
        self.webhooks = Webhooks(self.repo)
        self.ops = Ops(self.repo, self.orders, self.warehouse, self.webhooks)

    def close(self) -> None:
        self.repo.close()


__all__ = ["Backend"]
