"""Thirteenth round, the notice's reference, buyer and title: the buyer's name without what follows
it, and the number mark a label's pattern takes with the reference. Texts invented for the tests."""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft.buyertrim import trim_buyer
from tenderctl.authoring.draft.reference import find_reference


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
