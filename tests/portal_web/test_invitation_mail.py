"""The invitation's headers: one recipient and one line each, whatever the ERP's data holds."""

from email.utils import getaddresses

import pytest

from portal_web.mail.headers import HeaderError, header_value, recipient


@pytest.mark.parametrize("name", ["Acme Ltd", "Smith, Jones & Co", 'The "Best" <Tools>',
                                  "Café Müller GmbH", ""])
def test_any_name_stays_the_name_of_one_recipient(name):
    line = recipient(name, "ann@acme.example")
    assert [address for _, address in getaddresses([line])] == ["ann@acme.example"]
    assert "\n" not in line and "\r" not in line


@pytest.mark.parametrize("name, address", [
    ("Acme\r\nBcc: thief@evil.example", "ann@acme.example"),
    ("Acme\u2028Bcc: thief@evil.example", "ann@acme.example"),  # a line break to email too
    ("Acme", "ann@acme.example\nBcc: thief@evil.example"),
    ("Acme", "ann@acme.example, thief@evil.example"),
    ("Acme", "Ann <ann@acme.example>"),
    ("Acme", "not an address"),
    ("Acme", "ann@acme@example"),
    ("Acme", "änn@acme.example"),
])
def test_line_breaks_and_anything_but_one_plain_address_are_refused(name, address):
    with pytest.raises(HeaderError):
        recipient(name, address)


def test_a_header_value_with_a_line_break_is_refused():
    assert header_value("subject", "Your access") == "Your access"
    with pytest.raises(HeaderError, match="subject holds a line break"):
        header_value("subject", "Your access\r\nBcc: x@y.example")
