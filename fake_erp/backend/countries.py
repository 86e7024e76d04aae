"""The countries the fake knows: ISO 3166 alpha-3 and alpha-2 codes, an id and a name.

Brightpearl takes a 3-letter `countryIsoCode` on postal addresses and answers the alpha-2 code
and its own `countryId` beside it. The fake's ids are the ISO 3166 numeric codes (Brightpearl's
own ids are not public: GBR is 222 in recorded traffic); docs/erp-contract.md lists that.
"""

from __future__ import annotations

from dataclasses import dataclass

from fake_erp.errors import BadRequest


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    id: int
    name: str


_TABLE = """
ARG AR 32 Argentina|AUS AU 36 Australia|AUT AT 40 Austria|BEL BE 56 Belgium|BRA BR 76 Brazil
CAN CA 124 Canada|CHE CH 756 Switzerland|CHN CN 156 China|CRI CR 188 Costa Rica
CZE CZ 203 Czechia|DEU DE 276 Germany|DNK DK 208 Denmark|ESP ES 724 Spain|EST EE 233 Estonia
FIN FI 246 Finland|FRA FR 250 France|GBR GB 826 United Kingdom|GRC GR 300 Greece
HKG HK 344 Hong Kong|HUN HU 348 Hungary|IND IN 356 India|IRL IE 372 Ireland|ISL IS 352 Iceland
ITA IT 380 Italy|JPN JP 392 Japan|KOR KR 410 South Korea|LTU LT 440 Lithuania
LUX LU 442 Luxembourg|LVA LV 428 Latvia|MEX MX 484 Mexico|NLD NL 528 Netherlands
NOR NO 578 Norway|NZL NZ 554 New Zealand|POL PL 616 Poland|PRT PT 620 Portugal
ROU RO 642 Romania|SGP SG 702 Singapore|SVK SK 703 Slovakia|SVN SI 705 Slovenia
SWE SE 752 Sweden|TUR TR 792 Turkey|USA US 840 United States|ZAF ZA 710 South Africa
"""

COUNTRIES: dict[str, Country] = {}
for _entry in _TABLE.replace("\n", "|").split("|"):
    if _entry.strip():
        _iso3, _iso2, _id, _name = _entry.split(maxsplit=3)
        COUNTRIES[_iso3] = Country(_iso3, _iso2, int(_id), _name)


def country(iso3: str, field: str = "countryIsoCode") -> Country:
    """The country of a 3-letter code; anything else is a 400 naming the field."""
    found = COUNTRIES.get(iso3.strip().upper()) if isinstance(iso3, str) else None
    if found is None:
        raise BadRequest(f"{field} must be a 3-letter ISO 3166 country code such as GBR")
    return found


def country_fields(iso3: str) -> dict:
    """What Brightpearl answers beside an address: name, id, alpha-2 and alpha-3 codes."""
    found = COUNTRIES.get(iso3)
    if found is None:
        return {}
    return {
        "country": found.name,
        "countryId": found.id,
        "countryIsoCode": found.iso2,
        "countryIsoCode3": found.iso3,
    }
