"""The client's services, one module per area of the ERP; reached as ``erp.<area>``."""

from .accounting import AccountingService
from .addresses import AddressService
from .catalog import CatalogService
from .contacts import ContactService
from .ledger import LedgerService
from .orders import OrderService
from .reference import ReferenceService
from .shipments import ShipmentService
from .tasks import TaskService
from .webhooks import WebhookService

__all__ = [
    "AccountingService", "AddressService", "CatalogService", "ContactService", "LedgerService",
    "OrderService", "ReferenceService", "ShipmentService", "TaskService", "WebhookService",
]
