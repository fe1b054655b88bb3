"""Thirteenth round, the notice's reference, buyer and title: the buyer's name without what follows
it, and the number mark a label's pattern takes with the reference. Texts invented for the tests."""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft.buyertrim import trim_buyer
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.reference import find_reference
from tenderctl.authoring.draft.title import find_title


def _reference(text: str) -> str | None:
    return find_reference(text, text.lower())[0]


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Câmara Municipal de Odemira, Praça da República, Odemira, Tel.: 283 320 900", "Câmara Municipal de Odemira"),
        ("Prefeitura Municipal de Itacoatiara, por meio da Comissão Permanente de Licitação", "Prefeitura Municipal de Itacoatiara"),
        ("Rural Water Trust (RWT), under the EU-funded Clean Springs programme", "Rural Water Trust (RWT)"),
        ("Commune de Saint-Leu - Règlement de la consultation - Marché n° 27-101", "Commune de Saint-Leu"),
        ("UNICEF MALI - SECTION APPROVISIONNEMENT", "UNICEF MALI"),
        ("Dirección de Adquisiciones - Secretaría de Finanzas", "Secretaría de Finanzas"),
        ("Region of Waterloo, Avenue Road 12, Kitchener", "Region of Waterloo"),
    ],
)
def test_the_buyer_ends_where_its_address_intermediary_or_section_begins(written: str, name: str) -> None:
    assert trim_buyer(written) == name


@pytest.mark.parametrize(
    "kept",
    [
        "Province Nord – Direction de l'aménagement",
        "Ministère de l'Eau, de l'Assainissement et de l'Hygiène",
        "Fiji Roads Authority",
        "Commune de Morges, Service des bâtiments",
    ],
)
def test_a_name_with_its_own_unit_or_a_listed_ministry_stays_whole(kept: str) -> None:
    assert trim_buyer(kept) == kept


def test_a_heading_of_only_a_procedure_is_no_buyer() -> None:
    assert trim_buyer("Marché de travaux - Procédure adaptée") is None


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("REQUEST FOR QUOTATION No. KEN/NBO/RFQ/2027/0311\n\nSupply of office chairs\n", "KEN/NBO/RFQ/2027/0311"),
        ("INVITATION FOR BIDS N° CTY/RDS/IFB/014/2027\nRoad works\n", "CTY/RDS/IFB/014/2027"),
    ],
)
def test_the_number_mark_after_a_kind_is_not_part_of_the_reference(text: str, reference: str) -> None:
    assert _reference(text) == reference


def _title(text: str) -> str:
    return find_title(text, fold_same_length(text), None)[0]


def test_a_schedule_heading_is_no_title() -> None:
    text = (
        "Marlborough District Council\n\nKey dates (all times New Zealand time)\n\n"
        "Resealing of the Queen Charlotte Drive 2028\n\nTenders close 14 March 2028 at 16:00.\n"
    )
    assert _title(text) == "Resealing of the Queen Charlotte Drive 2028"


def test_a_data_sheet_heading_is_no_title_but_the_service_label_names_it() -> None:
    text = "PNUD Bolivia\nHOJA DE DATOS (extracto)\nServicio: Consultoría para la evaluación del programa de riego comunitario\n"
    assert _title(text) == "Consultoría para la evaluación del programa de riego comunitario"


def test_the_contract_a_french_world_bank_notice_pays_for_is_its_title() -> None:
    text = (
        "AVIS D'APPEL D'OFFRES\n\n1. La Régie des Eaux de Kindia dispose de fonds sur son budget 2028 et se propose de les\n"
        "utiliser pour le paiement du marché relatif à la fourniture de compteurs d'eau, de vannes et d'accessoires\n"
        "de branchement.\n"
    )
    assert _title(text) == "fourniture de compteurs d'eau, de vannes et d'accessoires de branchement"


def test_a_page_footer_and_an_address_are_no_title() -> None:
    text = "Secretaría de Obras\nCalle Hidalgo 14, Colonia Centro, Ensenada\n---------- Página 3 de 41\nREHABILITACIÓN DEL COLECTOR SANITARIO PONIENTE\n"
    assert _title(text) == "REHABILITACIÓN DEL COLECTOR SANITARIO PONIENTE"


def test_a_journal_publication_number_is_not_the_notice_reference() -> None:
    text = (
        "Feuille officielle                                  N° de la publication 1377120\n\n"
        "2.2 Référence\nVDM-AO-2028-07\n\nCritères : prix 40 % ; références 20 % ; organisation 40 %\n"
    )
    assert _reference(text) == "VDM-AO-2028-07"


def test_a_label_word_inside_a_longer_word_labels_nothing() -> None:
    text = "Critères d'adjudication : prix 60 % ; références 20 % ; délais 20 %\nAppel d'offres n° 44/VL/2028\n"
    assert _reference(text) == "44/VL/2028"


@pytest.mark.parametrize("value", ["8.1. ORG-0003", "Institution", "Organismo"])
def test_a_form_identifier_or_a_field_name_is_no_buyer_name(value: str) -> None:
    from tenderctl.authoring.draft.names import plausible_name

    assert not plausible_name(value)


def test_the_official_name_follows_a_form_identifier_under_buyer() -> None:
    from tenderctl.authoring.draft.buyer import find_buyer

    text = "Roles of this organisation:\nBuyer\n8.1. ORG-0003\nOfficial name: Latvijas Valsts Ceļi\nRegistration number: 4000\n"
    assert find_buyer(text, fold_same_length(text))[0] == "Latvijas Valsts Ceļi"


def test_what_an_amendment_moves_is_not_the_title() -> None:
    text = (
        "Tamale Teaching Hospital\nNotice Type:            Extension of Closing Date\n\n"
        "SUPPLY AND INSTALLATION OF A CENTRAL OXYGEN PLANT FOR THE SURGICAL BLOCK\n\nThe closing date is extended.\n"
    )
    assert _title(text) == "SUPPLY AND INSTALLATION OF A CENTRAL OXYGEN PLANT FOR THE SURGICAL BLOCK"
