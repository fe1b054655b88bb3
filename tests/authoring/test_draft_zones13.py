"""Thirteenth round, zones: a notice that names neither its country nor a zone, but its towns.

The towns its address, header and signature name vote for a zone (GeoNames' towns of the
countries with several zones, in a country that speaks the notice's language); a town named once,
a heading word, a month or towns of different clocks decide nothing. A saint's or a hero's name
in a street or a person's name is no country (Av. San Martín, María Guadalupe), and Antarctica
in a province's name is not the notice's country.
"""

from __future__ import annotations

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.context import Notice, notice_country
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.townvote import named_town_zone


def _submission(text: str) -> tuple[str, str | None, str, list[str]]:
    draft = draft_from_text(text)
    milestone = next(m for m in draft.dates if m.kind == "submission")
    reviews = " ".join(draft.reviews.get("timezone", []) + milestone.reviews)
    return milestone.at, milestone.timezone or draft.timezone, reviews, draft.warnings


def _country(text: str) -> str | None:
    return notice_country(Notice(text, fold_same_length(text)))[0]


def test_an_english_council_named_twice_reads_its_times_in_its_towns_zone() -> None:
    text = (
        "Hutt Road Depot Renewal - Request for Tender\n"
        "Issued by: Lower Hutt City Council, 30 Laings Road, Lower Hutt 5010\n\n"
        "The Council invites tenders for the renewal of the depot and for the works described in the documents.\n"
        "Tenders close: 3 December 2027 at 4:00 pm\n\n"
        "Contact: procurement officer, Private Bag 31912, Lower Hutt, during office hours.\n"
    )
    at, zone, why, warnings = _submission(text)
    assert at == "2027-12-03 16:00"
    assert zone == "Pacific/Auckland"
    assert "Lower Hutt" in why
    assert any("towns it names" in w for w in warnings)


def test_a_spanish_town_hall_pdf_with_broken_lines() -> None:
    text = (
        "AYUNTAMIENTO DE\nPONFERRADA\n\nAnuncio de licitación del contrato de suministro de luminarias LED\n"
        "Plaza del Ayuntamiento 1, Ponferrada (León)\n\n"
        "Fecha límite de presentación de ofertas: 12 de noviembre de 2027, a las\n14:00 horas.\n\n"
        "En Ponferrada, a 20 de octubre de 2027. El Alcalde.\n"
    )
    _at, zone, _why, _warnings = _submission(text)
    assert zone == "Europe/Madrid"


def test_a_portuguese_town_table_names_its_town_in_the_address_and_the_signature() -> None:
    text = (
        "PREFEITURA MUNICIPAL\n| Órgão | Secretaria de Obras |\n| Endereço | Rua Sete de Setembro, 410 - Centro, Tarauacá - AC |\n\n"
        "Abertura das propostas e limite de envio: 14/09/2027 às 09:00\n\n"
        "Tarauacá, 30 de agosto de 2027. Pregoeira municipal.\n"
    )
    _at, zone, why, _warnings = _submission(text)
    assert zone == "America/Rio_Branco"
    assert "Tarauacá" in why


def test_a_town_named_once_decides_nothing() -> None:
    text = "Concello de Ourense\n\nData límite de presentación de ofertas: 6 de outubro de 2027 ás 14:00 horas.\n"
    assert named_town_zone(Notice(text, text.lower()), "es") is None


def test_towns_on_different_clocks_decide_nothing() -> None:
    text = (
        "Avis d'appel d'offres - travaux de quai\n"
        "Bureau de Gaspé, 20, rue de la Reine, Gaspé\n"
        "Bureau de Cap-aux-Meules, 380, chemin Principal, Cap-aux-Meules\n"
        "Date limite : 5 mars 2027 à 14 h\n"
    )
    assert named_town_zone(Notice(text, text.lower()), "fr") is None


def test_a_heading_word_that_is_a_town_somewhere_is_no_town() -> None:
    text = "Opportunity\n\nRequest for Proposal\nOpportunity\n\nClosing: 4 May 2027 at 2:00 pm\n"
    assert named_town_zone(Notice(text, text.lower()), "en") is None


def test_a_street_named_after_san_martin_is_no_country() -> None:
    text = (
        "Municipalidad - Dirección de Compras\nAv. San Martín 1188, 1° piso\n"
        "Recepción de ofertas en Av. San Martín 1188 hasta el 4 de agosto de 2027 a las 10:00.\n"
    )
    assert _country(text) != "MF"


def test_an_agency_acronym_before_its_country_still_names_the_country() -> None:
    text = "UNICEF Moçambique - Maputo\nPedido de cotação\nPrazo: 4 de agosto de 2027 às 10:00\n"
    assert _country(text) == "MZ"
