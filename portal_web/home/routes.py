"""GET / (the dashboard): the blocks of `home.blocks.BLOCKS`, read from the ERP together."""

from __future__ import annotations

from flask import render_template

from portal_web.customer import current_profile
from portal_web.erp import get_erp, get_settings
from portal_web.home import bp
from portal_web.home.blocks import BLOCKS, load_all
from portal_web.orders.services import tracking_numbers


@bp.get("/")
def dashboard():
    erp, settings, profile = get_erp(), get_settings(), current_profile()
    blocks = list(zip([block.template for block in BLOCKS], load_all(erp, settings, profile),
                      strict=True))
    return render_template("home/dashboard.html", blocks=blocks, tracking=tracking_numbers)
