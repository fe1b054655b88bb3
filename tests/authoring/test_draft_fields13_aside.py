"""Thirteenth round, set aside (written with test_draft_fields13.py, run once at the end)."""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft.buyertrim import trim_buyer
from tenderctl.authoring.draft.reference import find_reference


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Hospital Distrital de Chimoio, Rua da Liberdade, Caixa Postal 12", "Hospital Distrital de Chimoio"),
        ("Municipalidad de Tacna, a través de la Unidad de Logística", "Municipalidad de Tacna"),
        ("WFP Sudan - Supply Chain Unit", "WFP Sudan"),
    ],
)
def test_aside_the_buyer_ends_before_what_follows(written: str, name: str) -> None:
    assert trim_buyer(written) == name


def test_aside_a_bilingual_institution_with_its_region_stays() -> None:
    assert trim_buyer("Agence des services frontaliers – Région du Québec") == "Agence des services frontaliers – Région du Québec"


def test_aside_no_mark_in_a_spanish_reference() -> None:
    text = "INVITACIÓN A COTIZAR Nº SEC-ADQ-2027-044\nAdquisición de uniformes\n"
    assert find_reference(text, text.lower())[0] == "SEC-ADQ-2027-044"
