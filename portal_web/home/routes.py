"""GET / (the dashboard): the blocks of `home.blocks.BLOCKS`, each read from the ERP at once."""

from __future__ import annotations

from flask import render_template

from portal_web.customer import current_profile
from portal_web.erp import get_erp, get_settings
from portal_web.home import bp
from portal_web.home.blocks import BLOCKS
from portal_web.orders.services import tracking_numbers


@bp.get("/")
def dashboard():
    erp, settings, profile = get_erp(), get_settings(), current_profile()
    blocks = [(block.template, block.load(erp, settings, profile)) for block in BLOCKS]
    return render_template("home/dashboard.html", blocks=blocks, tracking=tracking_numbers)
