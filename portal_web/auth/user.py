"""The logged-in person, rebuilt from the signed session cookie on every request (no database).

What the pages need about the customer (company, price list, currency, account manager) is
copied into the session at login and refreshed with every access re-check, so a page does not
spend an ERP call on it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask_login import UserMixin


@dataclass(frozen=True)
class Profile:
    contact_id: int
    role: str  # "customer" or "supplier"
    name: str
    company: str
    price_list_id: int | None
    currency_code: str | None
    owner_id: int | None
    fingerprint: str
    epoch: str = ""  # the contact's session epoch when this session opened (logout ends it)
    tax_code_id: int | None = None  # the customer's own tax code (exempt, reverse charge)

    @classmethod
    def from_contact(cls, contact, currencies, fingerprint: str, epoch: str = "") -> Profile:
        currency = currencies.get(contact.currency_id) if contact.currency_id else None
        person = f"{contact.first_name} {contact.last_name}".strip()
        return cls(
            contact_id=contact.id,
            role="supplier" if contact.is_supplier else "customer",
            name=person or contact.display_name,
            company=contact.display_name,
            price_list_id=contact.price_list_id,
            currency_code=currency.code if currency else None,
            owner_id=contact.owner_id,
            fingerprint=fingerprint,
            epoch=epoch,
            tax_code_id=contact.tax_code_id,
        )

    def to_session(self) -> dict:
        return asdict(self)

    @classmethod
    def from_session(cls, data) -> Profile | None:
        try:
            return cls(**data)
        except TypeError:
            return None


class PortalUser(UserMixin):
    """Flask-Login's user: the profile, and nothing that needs the ERP to build."""

    def __init__(self, profile: Profile):
        self.profile = profile

    def get_id(self) -> str:
        return str(self.profile.contact_id)

    @property
    def contact_id(self) -> int:
        return self.profile.contact_id

    @property
    def is_customer(self) -> bool:
        return self.profile.role == "customer"
