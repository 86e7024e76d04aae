"""What a safe write ended with: the object's id, and whether this call created it.

A write made safe by its reference (``create_sales_order``, ``record_payment``) can end three
ways: the ERP answered with the new id; this call's answer was lost and the lookup found the
object by its reference; or the ERP refused the reference as already used and the lookup found
the object an earlier write had made. Callers that act once per object (the account manager's
task for a new order) need to know which, so the id carries it.
"""

from __future__ import annotations


class WrittenId(int):
    """An id (an ``int``, so callers that need only the id use it as one) with ``created``.

    It prints as the plain number (``str``, ``repr``, URLs, search filters, JSON).

    ``created`` is True when this call's own write made the object: the ERP answered it with
    the id, or an attempt of this call may have landed and the lookup then found the object
    (the likeliest author). False when the ERP said the reference was used before this call
    sent anything that may have landed: another request, or an earlier one, made it.
    """

    created: bool

    def __new__(cls, value: int, *, created: bool) -> WrittenId:
        written = super().__new__(cls, value)
        written.created = created
        return written
