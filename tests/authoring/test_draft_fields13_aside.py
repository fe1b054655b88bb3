"""Thirteenth round, set aside (written with test_draft_fields13.py, run once at the end)."""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft.buyertrim import trim_buyer
from tenderctl.authoring.draft.reference import find_reference


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Hospital Distrital de Chimoio, Rua da Liberdade, Caixa Postal 12", "Hospital Distrital de Chimoio"),
        pytest.param(
            "Municipalidad de Tacna, a través de la Unidad de Logística",
            "Municipalidad de Tacna",
            marks=pytest.mark.xfail(strict=True, reason="set aside, missed: Spanish 'a través de' is not cut (only Portuguese 'através')"),
        ),
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


def test_aside_a_meeting_heading_is_no_title() -> None:
    from tenderctl.authoring.draft.lexicon import fold_same_length
    from tenderctl.authoring.draft.title import find_title

    text = "Comune di Lugano\nSite visit and clarification meeting\nConstrução da nova escola primária de Viseu\n"
    assert find_title(text, fold_same_length(text), None)[0] == "Construção da nova escola primária de Viseu"


@pytest.mark.xfail(
    strict=True,
    reason="set aside, missed: the section heading reads as naming a purchase ('... de l'appel d'offres'), so the veto does not hold",
)
def test_aside_a_section_heading_is_no_title() -> None:
    from tenderctl.authoring.draft.lexicon import fold_same_length
    from tenderctl.authoring.draft.title import find_title

    text = "Section II. Données particulières de l'appel d'offres\nFOURNITURE DE MATÉRIEL INFORMATIQUE POUR LES LYCÉES\n"
    assert find_title(text, fold_same_length(text), None)[0] == "FOURNITURE DE MATÉRIEL INFORMATIQUE POUR LES LYCÉES"


def test_aside_an_issue_number_is_not_the_reference() -> None:
    text = "OJ S issue number: 044/2028\nNotice publication number: 128811-2028\nInternal identifier: LVC-2028/117\n"
    assert find_reference(text, text.lower())[0] == "LVC-2028/117"


def test_aside_the_buyer_stops_before_its_funder() -> None:
    assert trim_buyer("Autoridade Nacional da Água, financiado pelo Banco Mundial") == "Autoridade Nacional da Água"


def test_aside_a_postponement_subject_is_not_the_title() -> None:
    from tenderctl.authoring.draft.lexicon import fold_same_length
    from tenderctl.authoring.draft.title import find_title

    text = "Asunto: Aplazamiento de la fecha de apertura de propuestas\n\nSUMINISTRO DE MEDICAMENTOS PARA EL HOSPITAL GENERAL\n"
    assert find_title(text, fold_same_length(text), None)[0] == "SUMINISTRO DE MEDICAMENTOS PARA EL HOSPITAL GENERAL"
