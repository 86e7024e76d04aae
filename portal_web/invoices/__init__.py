"""Invoices and credit notes, the statement of account, and their PDFs."""

from portal_web.areas import Area, Nav, Role

bp = Area("invoices", __name__, role=Role.CUSTOMER,
          nav=(Nav("Invoices", "index", order=40),))

from portal_web.invoices import routes  # noqa: E402,F401  (registers the views on bp)
