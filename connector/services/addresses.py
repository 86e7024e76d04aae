"""Postal addresses and a contact's address book (``contact-service``)."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import AddressInput, PostalAddress
from ._base import Service, new_id_from


class AddressService(Service):
    service = "contact-service"

    def for_contact(self, contact_id: int) -> list[PostalAddress]:
        """Every address linked to the contact (extension: the full address book)."""
        items = self._get_list(f"contact/{int(contact_id)}/postal-address", "address book")
        return [PostalAddress.from_api(item) for item in items]

    def get(self, address_id: int) -> PostalAddress:
        """One address; ErpNotFound when unknown."""
        return PostalAddress.from_api(self._get_one("postal-address", address_id,
                                                    "postal address"))

    def create(self, contact_id: int, address: AddressInput,
               types: Iterable[str] = ("DEL",)) -> PostalAddress:
        """Create an address and link it to the contact (two requests)."""
        types = tuple(types)
        new_id = new_id_from(self._write("POST", "postal-address", address.to_api()),
                             "postal-address POST")
        links = [{"postalAddressId": new_id, "type": t} for t in types]
        self._write("PUT", f"contact/{int(contact_id)}/postal-address", links)
        return PostalAddress.from_api({"addressId": new_id, "contactId": int(contact_id),
                                       **address.to_api(), "types": list(types)})

    def update(self, address_id: int, address: AddressInput) -> None:
        """Replace the address's lines."""
        self._write("PUT", f"postal-address/{int(address_id)}", address.to_api())
