"""`<id('order'):order_id>` in routes: an ERP id, and what kind of object it names.

An ERP id is a whole number from 1 with at most 12 digits. Anything else (0, -1, 1.0, a 30-digit
number) cannot name an ERP object, so it is a 404 here rather than a malformed request sent on to
the ERP. The kind ('order', 'product', ...) is read by the access tests, which check every route
with another customer's object of that kind (tests/portal_web/test_security.py).
"""

from werkzeug.routing import IntegerConverter

MAX_ERP_ID = 10**12 - 1


class ErpIdConverter(IntegerConverter):
    regex = r"[1-9][0-9]{0,11}"

    def __init__(self, url_map, kind: str | None = None) -> None:
        super().__init__(url_map)
        self.kind = kind
