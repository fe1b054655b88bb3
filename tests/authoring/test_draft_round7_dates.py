"""Seventh-round date rules: the country from the portal and the address, zones of several-zone
countries, kinds that were misread, derived and amended dates. One test per mechanism."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.context import Notice, notice_country
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.portals import PORTALS, portal_country


def country(text: str) -> str | None:
    return notice_country(Notice(text, fold_same_length(text)))[0]


def instants(text: str) -> dict[str, list[dt.datetime | dt.date]]:
    """kind -> the UTC instants (or days) of the draft's milestones of that kind."""
    result = draft_from_text(text)
    out: dict[str, list[dt.datetime | dt.date]] = {}
    for m in result.dates:
        if len(m.at) == 10:
            value: dt.datetime | dt.date = dt.date.fromisoformat(m.at)
        elif "T" in m.at:
            value = dt.datetime.fromisoformat(m.at).astimezone(dt.UTC)
        else:
            zone = ZoneInfo(m.timezone or result.timezone)
            value = dt.datetime.strptime(m.at, "%Y-%m-%d %H:%M").replace(tzinfo=zone).astimezone(dt.UTC)
        out.setdefault(m.kind, []).append(value)
    return out


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


# --- the country --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("BOAMP - Bulletin officiel des annonces des marchés publics\nAvis n° 27-1\n", "FR"),
        ("Plataforma de Contratación del Sector Público\nAnuncio de licitación\n", "ES"),
        ("MercadoPúblico.cl\nFicha de licitación\n", "CL"),
        ("Bid Number: GEM/2027/B/6418273\nBid End Date/Time 15-03-2027 15:00:00\n", "IN"),
        ("COMPRANET - Sistema Electrónico\n", "MX"),
    ],
)
def test_the_national_portal_gives_the_country(text: str, code: str) -> None:
    assert country(text) == code


def test_portal_table_is_plain_and_each_entry_is_found_by_its_own_words() -> None:
    assert portal_country("notice published on sam.gov today") == ("US", "SAM.gov")
    assert portal_country("a gem of a building") is None  # the word alone is not GeM
    assert all(len(code) == 2 and code.isupper() for code, _words in PORTALS.values())


def test_a_country_label_beats_the_portal() -> None:
    assert country("SAM.gov\nCountry: Germany\nDeadline: 1 May 2027\n") == "DE"


def test_a_long_country_name_in_another_language_than_cldrs() -> None:
    # CLDR's French says "Congo (RDC)"; the notice writes the long name, which its Spanish spells
    text = "L'ONG intervient en République démocratique du Congo depuis 2010.\n"
    assert country(text) == "CD"


def test_an_adjective_of_nationality_comes_from_a_country_never_from_a_city() -> None:
    # "Eastern" shares its first letters with Easter Island (a city of Chile in CLDR)
    assert country("Questions by May 21, 2027, 12:00 PM Eastern.\n") is None


def test_a_three_letter_code_that_ends_an_address() -> None:
    assert country("Place of Performance: Harrisburg, PA 17101, USA\n") == "US"
    assert country("The firm, AND its partners, CAN bid.\n") is None


def test_an_abbreviation_of_the_country_keeps_its_stated_offset_in_the_other_season() -> None:
    # "EST" in June in a US notice: New York is on EDT; EST is the country's own label in winter,
    # so the text's UTC-5 is kept (never a zone with another offset that day)
    result = draft_from_text("Notice ID: 47PC0327Q0019\nPlace: Harrisburg, PA 17101, USA\nQuotes are due June 5, 2027 at 2:00 PM EST.\n")
    (submission,) = [m for m in result.dates if m.kind == "submission"]
    assert submission.at == "2027-06-05T14:00-05:00"
    assert any("EDT" in r for r in submission.reviews)
