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


def test_an_abbreviation_of_the_country_in_the_other_season_reads_the_place_clock() -> None:
    # "EST" in June in a US notice: New York is on EDT; EST is the country's own label in winter,
    # so the notice means its wall clock (twelfth round: as every blind writer read it), and the
    # REVIEW line gives the literal reading too
    result = draft_from_text("Notice ID: 47PC0327Q0019\nPlace: Harrisburg, PA 17101, USA\nQuotes are due June 5, 2027 at 2:00 PM EST.\n")
    (submission,) = [m for m in result.dates if m.kind == "submission"]
    assert (submission.at, submission.timezone or result.timezone) == ("2027-06-05 14:00", "America/New_York")
    assert any("EDT" in r and "2027-06-05T14:00-05:00" in r for r in submission.reviews + result.reviews.get("timezone", []))


# --- zones of countries with several -------------------------------------------------------------


def test_a_bare_offset_picks_the_countrys_zone_on_that_offset_for_the_other_times() -> None:
    # the Congo has two zones (Kinshasa UTC+1, Lubumbashi UTC+2): "GMT+2" names the east, and the
    # briefing, which states nothing, is read on the same clock
    text = (
        "ONG intervenant en République démocratique du Congo.\n"
        "Une séance d'information aura lieu le 25 février 2027 à 9h00.\n"
        "Date limite de dépôt des offres : 8 mars 2027 à 15h00 (heure de Goma, GMT+2).\n"
    )
    result = draft_from_text(text)
    assert result.timezone == "Africa/Lubumbashi"
    assert instants(text)["conference"] == [utc(2027, 2, 25, 7, 0)]


# --- kinds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Bidders may submit questions in writing to the buyer no later than 5 February 2027.", "questions"),
        ("Bidders may now submit clarification requests up to 24 February 2027.", "questions"),
        ("Deadline for requesting additional information: 2027-03-08", "questions"),
        ("Les offres seront ouvertes en présence des soumissionnaires qui le souhaitent, le 9 mars 2027.", "opening"),
        ("Le dépouillement aura lieu en séance publique le 9 mars 2027.", "opening"),
    ],
)
def test_kinds_read_from_the_words_of_the_sentence(sentence: str, kind: str) -> None:
    result = draft_from_text("Ref: A-1\nClosing date: 1 March 2027\n" + sentence + "\n")
    assert [m.kind for m in result.dates] == ["submission", kind]
    assert not any("also name" in r for r in result.dates[1].reviews)


@pytest.mark.parametrize(
    "line",
    [
        "Fecha estimada de adjudicación            08-04-2027",
        "Expected start of the LTA              : 1 April 2027",
        "The contract is expected to start on 1 April 2027.",
        "Contract period: 2027/11/01",
    ],
)
def test_estimates_and_contract_periods_are_reported_not_added(line: str) -> None:
    result = draft_from_text("Ref: A-1\n" + line + "\n")
    assert result.dates == []
    assert any("not a milestone" in s for s in result.skipped)


# --- dates taken from another milestone ----------------------------------------------------------


def test_an_opening_immediately_after_the_close_is_at_the_closing_instant() -> None:
    text = (
        "Tender No: KE-1\nTenders must be deposited not later than 11:00 a.m. (Nairobi time) on 4 March 2027.\n"
        "Tenders will be opened immediately thereafter in the presence of the tenderers.\n"
    )
    result = draft_from_text(text)
    (opening,) = [m for m in result.dates if m.kind == "opening"]
    assert instants(text)["opening"] == instants(text)["submission"] == [utc(2027, 3, 4, 8, 0)]
    assert any("immediately thereafter" in r for r in opening.reviews)


def test_no_opening_is_made_up_without_the_words() -> None:
    text = "Tender No: KE-1\nTenders must be deposited not later than 11:00 a.m. (Nairobi time) on 4 March 2027.\n"
    assert "opening" not in instants(text)


def test_bids_until_the_opening_keep_the_opening_too() -> None:
    text = (
        "Concorrência nº 4/2027\nA sessão pública de abertura das propostas será realizada no dia 15 de março de 2027, "
        "às 09h00 (horário de Manaus).\nAs propostas poderão ser cadastradas até a data e horário da abertura da sessão.\n"
    )
    got = instants(text)
    assert got["submission"] == got["opening"] == [utc(2027, 3, 15, 13, 0)]


def test_an_opening_alone_is_still_read_as_the_deadline() -> None:
    got = instants("Pregão nº 1/2026\nAbertura da sessão pública: 01/12/2026 às 10h00 (horário de Brasília).\n")
    # eighth round: the opening stays beside the deadline taken from it (the corpus' truths keep both)
    assert got == {"submission": [utc(2026, 12, 1, 13, 0)], "opening": [utc(2026, 12, 1, 13, 0)]}


def test_a_time_under_its_own_label_on_the_next_line() -> None:
    # eForms: "Date limite ...\n09/03/2027\nHeure locale\n12:00:00 (UTC+01:00)"
    text = "Identifiant interne\nDAJ-1\nDate limite de réception des offres\n09/03/2027\nHeure locale\n12:00:00 (UTC+01:00)\n"
    assert instants(text)["submission"] == [utc(2027, 3, 9, 11, 0)]


def test_every_cldr_territory_decides_its_date_order_or_says_it_cannot() -> None:
    """Countries whose first language has no CLDR locale (Ethiopia's en_ET, Burkina Faso's
    mos_BF) once raised UnknownLocaleError out of ``draft``: every territory now answers."""
    from babel.core import get_global

    from tenderctl.authoring.draft.lexicon import month_first

    answers = {country: month_first(country) for country in get_global("territory_languages")}
    assert answers["US"] is True and answers["FR"] is False and answers["ET"] is not None and answers["BF"] is False
    assert all(answer in (True, False, None) for answer in answers.values())
