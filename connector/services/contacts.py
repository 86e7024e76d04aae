"""Contacts (``contact-service``): customers, suppliers and staff."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .._parse import to_int
from ..models import Contact
from ._base import CustomFieldsMixin, Service

# Portal field name → JSON Patch path of the contact resource.
_PATCH_PATHS = {
    "first_name": "/firstName",
    "last_name": "/lastName",
    "email": "/communication/emails/PRI/email",
    "phone": "/communication/telephones/PRI",
    "company_name": "/organisation/name",
}


class ContactService(CustomFieldsMixin, Service):
    service = "contact-service"
    _custom_field_resource = "contact"

    def get(self, contact_id: int) -> Contact:
        """One contact; ErpNotFound when the ERP does not know it."""
        return Contact.from_api(self._get_one("contact", contact_id, "contact"))

    def get_many(self, ids: Iterable[int]) -> list[Contact]:
        """Contacts in the order of ``ids`` (unknown ids left out), ceil(n/200) requests."""
        wanted = [int(i) for i in ids]
        by_id = {c.id: c for c in map(Contact.from_api, self._get_many("contact", wanted,
                                                                      "contact"))}
        return [by_id[i] for i in dict.fromkeys(wanted) if i in by_id]

    def search(self, **filters: Any) -> Iterator[int]:
        """Lazily, the ids of the contacts matching ``filters`` (column names)."""
        for row in self._search("contact", filters):
            contact_id = to_int(row.get("contactId"), "contactId", "contact-search")
            if contact_id is not None:
                yield contact_id

    def update(self, contact_id: int, **fields: str) -> None:
        """Change a few fields (first_name, last_name, email, phone, company_name)."""
        unknown = sorted(set(fields) - set(_PATCH_PATHS))
        if unknown:
            raise ValueError(f"contacts.update: unknown field(s) {', '.join(unknown)}; "
                             f"allowed: {', '.join(_PATCH_PATHS)}")
        if not fields:
            return
        ops = [{"op": "replace", "path": _PATCH_PATHS[k], "value": v} for k, v in fields.items()]
        self._write("PATCH", f"contact/{int(contact_id)}", ops)
