"""Money (``accounting-service``): balances and customer payments."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from .._parse import to_decimal, to_int
from ..errors import ErpProtocolError
from ..idsets import chunked_idsets
from ..models import NewPayment, Payment
from ._base import Service, new_id_from


class AccountingService(Service):
    service = "accounting-service"

    def balance(self, contact_id: int, currency_code: str) -> Decimal:
        """What the customer owes in that currency (invoiced minus credited minus paid);
        Brightpearl answers null for a contact with no transactions in it: that is zero."""
        code = quote(currency_code.upper(), safe="")
        answer = self._get(f"contact/{int(contact_id)}/currency/{code}/balance")
        if answer is None:
            return Decimal(0)
        balance = to_decimal(answer, "response", "balance")
        if balance is None:
            raise ErpProtocolError(f"balance: expected a money string, got {answer!r:.80}")
        return balance

    def record_payment(self, payment: NewPayment) -> int:
        """Record a customer payment (a receipt); returns its id. Safe to retry.

        ``(transaction_ref, method_code)`` is unique at the ERP: after an ambiguous failure
        or a "transactionRef already used" answer the payment is looked up, not resent.
        """
        answer = self._write(
            "POST", "customer-payment", payment.to_api(),
            lookup=lambda deadline_at: self.find_payment(
                payment.transaction_ref, payment.method_code, deadline_at=deadline_at))
        return new_id_from(answer, "customer-payment POST")

    def find_payment(self, transaction_ref: str, method_code: str, *,
                     deadline_at: float | None = None) -> int | None:
        """The id of the payment with this reference and method, if the ERP has one."""
        filters = {"transactionRef": transaction_ref, "paymentMethodCode": method_code}
        result = self._search_page("customer-payment", filters, page=1, page_size=10,
                                   deadline_at=deadline_at)
        for row in result.rows:
            if (str(row.get("transactionRef")) == transaction_ref
                    and str(row.get("paymentMethodCode")) == method_code):
                return to_int(row.get("paymentId"), "paymentId", "customer-payment-search")
        return None

    def payments(self, **filters: Any) -> Iterator[Payment]:
        """Lazily, every customer payment matching ``filters`` (500 per request)."""
        for row in self._search("customer-payment", filters):
            yield Payment.from_api(row)

    def payments_for(self, order_ids: Iterable[int]) -> dict[int, list[Payment]]:
        """The payments of each order, keyed by order id (every id present), oldest first.

        One search per 200 orders (an ``orderId`` ID set), never one per order.
        """
        found: dict[int, list[Payment]] = {int(i): [] for i in order_ids}
        for idset in chunked_idsets(found):
            for payment in self.payments(orderId=idset):
                found.setdefault(payment.order_id, []).append(payment)
        for payments in found.values():
            payments.sort(key=lambda p: (p.payment_date or _NO_DATE, p.id))
        return found


_NO_DATE = date.min
