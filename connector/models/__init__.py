"""What the connector returns: frozen dataclasses built from the ERP's JSON, one module per area.

Each model's ``from_api(data)`` is driven by a declarative field table (``_table.py``): unknown
extra fields are ignored, missing optional fields get a neutral value, and a missing required
field raises ErpProtocolError. Money is Decimal. Import everything from here:
``from connector.models import Order``.
"""

from ..paging import Page
from .activity import Payment, Shipment, Task
from .catalog import PriceBreak, PriceList, Product, ProductPrice
from .contacts import Contact, PostalAddress
from .inputs import AddressInput, NewOrderRow, NewPayment, NewSalesOrder
from .integration import Webhook
from .ledger import LedgerEntry
from .orders import DeliveryAddress, Invoice, Order, OrderNote, OrderRow
from .reference import Currency, OrderStatus, TaxCode

__all__ = [
    "AddressInput", "Contact", "Currency", "DeliveryAddress", "Invoice", "LedgerEntry",
    "NewOrderRow", "NewPayment", "NewSalesOrder", "Order", "OrderNote", "OrderRow",
    "OrderStatus", "Page", "Payment", "PostalAddress", "PriceBreak", "PriceList", "Product",
    "ProductPrice", "Shipment", "Task", "TaxCode", "Webhook",
]
