"""Email headers built from ERP data or from what a customer typed: never a second header.

A name is quoted by `email.utils.formataddr`, so a comma or angle brackets in a company name
stay part of the name instead of adding a recipient; a line break, which would start a new
header (`Bcc:`), is refused outright, as is an address that is not exactly one address.
"""

from __future__ import annotations

from email.utils import formataddr, getaddresses


class HeaderError(ValueError):
    """A header value that cannot be used as it is; the message says which and why."""


def header_value(name: str, value: str) -> str:
    """`value`, checked to fit on one header line."""
    if len(value.splitlines()) > 1 or value.endswith(("\r", "\n")):
        # splitlines: CR and LF, but also the other breaks the email package refuses (U+2028)
        raise HeaderError(f"the {name} holds a line break")
    return value


def recipient(name: str, address: str) -> str:
    """`Name <address>` for a To: line: one recipient, whatever the name holds."""
    header_value("name", name)
    header_value("email address", address)
    try:
        line = formataddr((name, address))
    except UnicodeError:
        raise HeaderError("the email address is not plain ASCII") from None
    if [found for _, found in getaddresses([line])] != [address] or address.count("@") != 1:
        raise HeaderError(f"the email address {address!r} is not one plain address")
    return line


def one_line(text: str) -> str:
    """Text from the ERP for a subject or a name: its line breaks and runs of spaces become one
    space (a company name typed with a line break still reads as that name, on one line)."""
    return " ".join(text.split())


def plain_address(address: str) -> str:
    """One plain ASCII address as a person typed it (`ann@acme.example`), else HeaderError."""
    address = address.strip()
    recipient("", address)
    return address
