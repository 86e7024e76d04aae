"""The ERP's webhooks: `POST /erp/webhooks/<secret>` drops what an event says has changed.

Public (the ERP calls it without a session) and exempt from CSRF: Brightpearl does not sign its
webhooks, so the address itself carries a long secret, compared in constant time. An address
with another secret is answered like an unknown one (404).
"""

from portal_web.areas import Area, Role

bp = Area("webhooks", __name__, role=Role.ANYONE)

from portal_web.webhooks import routes  # noqa: E402,F401  (registers the views on bp)
