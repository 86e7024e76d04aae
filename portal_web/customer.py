"""The logged-in customer as services need them: their profile and their price book."""

from __future__ import annotations

from flask_login import current_user

from connector.models import DeliveryAddress
from portal_web.erp import get_erp, get_settings
from portal_web.pricing import PriceBook, price_book


def current_profile():
    return current_user.profile


def current_price_book() -> PriceBook:
    """Built from cached reference data: no ERP call once the caches are warm."""
    profile, settings = current_user.profile, get_settings()
    return price_book(get_erp(), price_list_id=profile.price_list_id,
                      currency_code=profile.currency_code,
                      default_price_list_id=settings.default_price_list_id, locale=settings.locale,
                      tax_code_id=profile.tax_code_id)


def as_order_address(profile, address) -> DeliveryAddress:
    """One of the customer's postal addresses as an order writes it: with their name and
    company (a delivery address at checkout, the billing party of a statement)."""
    return DeliveryAddress(full_name=profile.name, company_name=profile.company,
                           line1=address.line1, line2=address.line2, line3=address.line3,
                           line4=address.line4, postal_code=address.postal_code,
                           country=address.country)
