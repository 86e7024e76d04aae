"""`<id:...>` in routes: an ERP id is a whole number from 1 with at most 12 digits.

Anything else (0, -1, 1.0, a 30-digit number) cannot name an ERP object, so it is a 404 here
rather than a malformed request sent on to the ERP.
"""

from werkzeug.routing import IntegerConverter

MAX_ERP_ID = 10**12 - 1


class ErpIdConverter(IntegerConverter):
    regex = r"[1-9][0-9]{0,11}"
