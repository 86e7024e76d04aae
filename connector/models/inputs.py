"""What callers give the connector: new orders, payments and addresses.

Inputs are frozen dataclasses too, so a request body is built in one place (``to_api``) and a
safe write can be resent with exactly the same content and reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from .._parse import money

if TYPE_CHECKING:
    from .orders import DeliveryAddress


@dataclass(frozen=True)
class AddressInput:
    line1: str
    line2: str = ""
    line3: str = ""
    line4: str = ""
    postal_code: str = ""
    country: str = ""

    def to_api(self) -> dict:
        """The body of ``POST|PUT /postal-address`` (line3 is the city, line4 the region)."""
        return {
            "addressLine1": self.line1, "addressLine2": self.line2, "addressLine3": self.line3,
            "addressLine4": self.line4, "postalCode": self.postal_code,
            "countryIsoCode": self.country,
        }


@dataclass(frozen=True)
class NewOrderRow:
    product_id: int
    quantity: int
    net: Decimal
    tax: Decimal = Decimal(0)
    tax_code: str = "T0"

    def to_api(self) -> dict:
        """``net`` and ``tax`` are the row's totals, as money strings (the contract)."""
        return {
            "productId": self.product_id, "quantity": str(self.quantity),
            "net": money(self.net), "tax": money(self.tax), "taxCode": self.tax_code,
        }


@dataclass(frozen=True)
class NewSalesOrder:
    customer_id: int
    external_ref: str
    status_id: int | None
    price_list_id: int | None
    currency_code: str
    rows: Sequence[NewOrderRow]
    customer_ref: str | None = None
    delivery_address: DeliveryAddress | None = None
    delivery_date: date | None = None

    def __post_init__(self) -> None:
        if not self.external_ref:
            raise ValueError("NewSalesOrder.external_ref is required: it makes retries safe")
        object.__setattr__(self, "rows", tuple(self.rows))

    def to_api(self) -> dict:
        """The body of ``POST /sales-order``: the order with all its rows, in one call."""
        body: dict = {
            "customer": {"id": self.customer_id},
            "externalRef": self.external_ref,
            "currency": {"code": self.currency_code},
            "rows": [row.to_api() for row in self.rows],
        }
        if self.customer_ref is not None:
            body["ref"] = self.customer_ref
        if self.status_id is not None:
            body["statusId"] = self.status_id
        if self.price_list_id is not None:
            body["priceListId"] = self.price_list_id
        delivery = {}
        if self.delivery_date is not None:
            delivery["date"] = self.delivery_date.isoformat()
        if self.delivery_address is not None:
            delivery["address"] = self.delivery_address.to_api()
        if delivery:
            body["delivery"] = delivery
        return body


@dataclass(frozen=True)
class NewPayment:
    transaction_ref: str
    method_code: str
    order_id: int
    currency_code: str
    amount: Decimal
    payment_date: date
    exchange_rate: Decimal = Decimal(1)
    journal_ref: str = ""

    def __post_init__(self) -> None:
        if not self.transaction_ref or not self.method_code:
            raise ValueError("NewPayment needs transaction_ref and method_code (its dedupe key)")

    def to_api(self) -> dict:
        """The body of ``POST /customer-payment`` (always a RECEIPT)."""
        return {
            "transactionRef": self.transaction_ref, "paymentMethodCode": self.method_code,
            "paymentType": "RECEIPT", "orderId": self.order_id,
            "currencyIsoCode": self.currency_code, "exchangeRate": money(self.exchange_rate),
            "amountPaid": money(self.amount), "paymentDate": self.payment_date.isoformat(),
            "journalRef": self.journal_ref,
        }
