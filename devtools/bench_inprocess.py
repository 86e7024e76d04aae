"""The portal's own time for a cached catalog page, measured in-process (issue 13's target: at
most 3 ms median; 7-12 ms before its read cache and formatting memo).

The portal is called through Flask's test client (no HTTP server in the way) with the demo
customer's session and warm caches; its own time is its Server-Timing ``app`` value (the page's
time minus the time it waited on the ERP, none here).
"""

from __future__ import annotations

import re
import statistics

from connector import ErpSettings
from fake_erp.seed import SeedSizes
from fake_erp.server import start_server
from portal_web import create_app
from portal_web.auth.services import invite
from portal_web.settings import Settings

DEMO_CUSTOMER_ID = 4  # stable for any seed (docs/fake-erp.md)
_APP_TIME = re.compile(r"app;dur=([0-9.]+)")


def own_time_of_a_cached_catalog_page(views: int = 500) -> float:
    """The median, in milliseconds."""
    server = start_server(":memory:", seed=1, sizes=SeedSizes())
    try:
        settings = Settings(env="test", secret_key="bench-" + "k" * 40,
                            erp=ErpSettings(base_url=server.base_url))
        app = create_app(settings)
        client = app.test_client()
        link = invite(app.extensions["erp"], DEMO_CUSTOMER_ID, "http://portal.bench").link
        path = link.removeprefix("http://portal.bench")
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
        client.post(path, data={"csrf_token": token.group(1)})
        for _ in range(10):
            client.get("/catalog")
        times = [float(_APP_TIME.search(client.get("/catalog").headers["Server-Timing"])
                       .group(1)) for _ in range(views)]
        app.extensions["erp"].close()
        return statistics.median(times)
    finally:
        server.stop()


if __name__ == "__main__":
    print(f"{own_time_of_a_cached_catalog_page():.2f} ms")
