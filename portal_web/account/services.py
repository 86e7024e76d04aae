"""The customer's account as the ERP holds it now, and the changes the portal may make to it.

Account details cost three requests (the contact and the account manager in one GET, the billing
address, the balance); the contact may change only their name, email and phone, sent as one JSON
Patch of exactly those fields. Delivery addresses are the contact's address book in the ERP,
written there at once (a new address is linked as a delivery address).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from connector.errors import ErpNotFound
from connector.models import AddressInput, Contact, PostalAddress
from portal_web.pricing import price_book

EDITABLE = ("first_name", "last_name", "email", "phone")
BILLING_TYPES = frozenset({"BIL", "DEF"})  # the billing (and default) address: not edited here


@dataclass(frozen=True)
class Credit:
    """Balance owed, credit limit and what is left of it (None: no limit is set)."""

    currency_code: str
    balance: Decimal
    limit: Decimal | None

    @property
    def available(self) -> Decimal | None:
        return None if self.limit is None else max(self.limit - self.balance, Decimal(0))

    @property
    def over_limit(self) -> Decimal:
        return max(self.balance - self.limit, Decimal(0)) if self.limit is not None else \
            Decimal(0)


@dataclass(frozen=True)
class Account:
    contact: Contact
    manager: Contact | None
    billing: PostalAddress | None
    credit: Credit
    price_list_name: str


def account_people(erp, profile) -> tuple[Contact, Contact | None]:
    """The contact and their account manager, in one GET (a second when the manager changed
    since the login)."""
    wanted = [profile.contact_id] + ([profile.owner_id] if profile.owner_id else [])
    people = {c.id: c for c in erp.contacts.get_many(wanted)}
    contact = people.get(profile.contact_id)
    if contact is None:
        raise ErpNotFound(f"No contact {profile.contact_id}")
    manager = people.get(contact.owner_id) if contact.owner_id else None
    if contact.owner_id and manager is None:
        manager = erp.contacts.get(contact.owner_id)
    return contact, manager


def credit_of(erp, contact: Contact) -> Credit:
    """What the customer owes in their currency (the ERP's balance) against their limit."""
    currency = erp.reference.currencies().get(contact.currency_id)
    code = currency.code if currency else ""
    balance = erp.accounting.balance(contact.id, code) if code else Decimal(0)
    return Credit(code, balance, contact.credit_limit or None)


def account(erp, profile, default_price_list_id: int | None) -> Account:
    contact, manager = account_people(erp, profile)
    billing_id = contact.address_ids.get("BIL") or contact.address_ids.get("DEF")
    billing = erp.addresses.get(billing_id) if billing_id else None
    credit = credit_of(erp, contact)
    book = price_book(erp, price_list_id=contact.price_list_id, currency_code=credit.currency_code
                      or None, default_price_list_id=default_price_list_id)
    name = erp.reference.price_lists()[book.price_list_id].name  # the list the catalog uses
    return Account(contact, manager, billing, credit, name)


def update_contact(erp, contact_id: int, data: dict) -> None:
    """One JSON Patch of exactly the editable fields; nothing else is ever sent."""
    erp.contacts.update(contact_id, **{name: data[name] for name in EDITABLE})


def address_book(erp, contact_id: int) -> list[PostalAddress]:
    return erp.addresses.for_contact(contact_id)


def own_address(book: list[PostalAddress], address_id: int) -> PostalAddress | None:
    """The address when it is in the contact's own book (else None: a 404 for the page)."""
    return next((a for a in book if a.id == address_id), None)


def is_billing(address: PostalAddress) -> bool:
    return bool(BILLING_TYPES & set(address.types))


def billing_address(book: list[PostalAddress]) -> PostalAddress | None:
    """The address invoices go to: the one linked as billing address, else the default one."""
    return next((a for a in book if "BIL" in a.types), None) or \
        next((a for a in book if "DEF" in a.types), None)


def address_input(data: dict) -> AddressInput:
    return AddressInput(line1=data["line1"], line2=data["line2"] or "", line3=data["city"],
                        line4=data["region"] or "", postal_code=data["postal_code"],
                        country=data["country"])


def same_address(address: PostalAddress, new: AddressInput) -> bool:
    """The book already has this address (a form sent twice adds it once)."""
    def key(*parts):
        return tuple(" ".join(p.split()).lower() for p in parts)

    return key(address.line1, address.line2, address.line3, address.line4, address.postal_code,
               address.country) == key(new.line1, new.line2, new.line3, new.line4,
                                       new.postal_code, new.country)


def form_data(address: PostalAddress) -> dict:
    """An address as the form's fields."""
    return {"line1": address.line1, "line2": address.line2, "city": address.line3,
            "region": address.line4, "postal_code": address.postal_code,
            "country": address.country}
