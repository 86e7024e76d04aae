"""Contacts and their postal addresses (``contact-service``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ._table import FromApi, api, boolean, decimal, id_map, integer, ref_id, strings, text


@dataclass(frozen=True)
class Contact(FromApi):
    id: int
    first_name: str
    last_name: str
    company_name: str
    email: str
    phone: str
    is_supplier: bool
    is_staff: bool
    price_list_id: int | None
    currency_id: int | None
    credit_limit: Decimal | None
    credit_term_days: int | None
    owner_id: int | None
    address_ids: dict[str, int] = field(default_factory=dict, hash=False)
    discount_percentage: Decimal | None = None
    nominal_code: str = ""
    tax_code_id: int | None = None  # its own (exempt, reverse charge): replaces the products'

    _what = "contact"
    _api = {
        "id": api("contactId", integer, required=True),
        "first_name": api("firstName"),
        "last_name": api("lastName"),
        "company_name": api("organisation.name"),
        "email": api("communication.emails.PRI.email"),
        "phone": api("communication.telephones.PRI"),
        "is_supplier": api("relationshipToAccount.isSupplier", boolean),
        "is_staff": api("relationshipToAccount.isStaff", boolean),
        "price_list_id": api("financialDetails.priceListId", integer),
        "currency_id": api("financialDetails.currencyId", integer),
        "credit_limit": api("financialDetails.creditLimit", decimal),
        "credit_term_days": api("financialDetails.creditTermDays", integer),
        "owner_id": api("assignment.current.staffOwnerContactId", ref_id),
        "address_ids": api("postAddressIds", id_map),
        "discount_percentage": api("financialDetails.discountPercentage", decimal),
        "nominal_code": api("financialDetails.nominalCode", text),
        "tax_code_id": api("financialDetails.taxCodeId", ref_id),
    }

    @property
    def is_customer(self) -> bool:
        """A customer is a contact that is neither supplier nor staff (Brightpearl's rule)."""
        return not (self.is_supplier or self.is_staff)

    @property
    def display_name(self) -> str:
        """The company for a business customer, else the person's name."""
        return self.company_name or f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class PostalAddress(FromApi):
    """An address of a contact. ``country`` is the ISO 3166 alpha-3 code Brightpearl keeps
    (``GBR``), ``country_iso2`` the alpha-2 one (``GB``)."""

    id: int
    line1: str
    line2: str
    line3: str
    line4: str
    postal_code: str
    country: str
    types: tuple[str, ...] = ()
    country_iso2: str = ""
    contact_id: int | None = None

    _what = "postal address"
    _api = {
        "id": api("addressId", integer, required=True),
        "line1": api("addressLine1"),
        "line2": api("addressLine2"),
        "line3": api("addressLine3"),
        "line4": api("addressLine4"),
        "postal_code": api("postalCode"),
        "country": api("countryIsoCode"),
        "types": api("types", strings),
        "country_iso2": api("countryIsoCode2"),
        "contact_id": api("contactId", integer),
    }
