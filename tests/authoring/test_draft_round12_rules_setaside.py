"""Round 12, rules: the set-aside third of the cases (written with the others, run only at the end)."""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft.requirements import classify


def rules(sentence: str) -> set[str]:
    return {requirement.rule for requirement in classify(sentence) if requirement.rule}


@pytest.mark.parametrize(
    "sentence",
    [
        "The proposal shall be submitted in two (2) hard copies and one original.",
        "Les manifestations d'intérêt, en trois (03) exemplaires dont un original, doivent être déposées à l'adresse ci-dessus.",
        "Hard copy submissions will not be accepted.",
        "As propostas deverão ser apresentadas exclusivamente através da plataforma eletrónica.",
        "Las ofertas se presentarán únicamente a través del sistema electrónico de contrataciones.",
    ],
)
def test_a_sentence_fixing_the_delivery_is_files(sentence: str) -> None:
    assert "files" in rules(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Bids in a plain sealed envelope must be deposited in the tender box.",
        "As propostas devem ser entregues em mão ou através do portal até às 12h00.",
        "La oferta económica se cargará solamente en el formulario electrónico del portal.",
    ],
)
def test_a_sentence_not_fixing_the_files_is_not_files(sentence: str) -> None:
    assert "files" not in rules(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Proposals shall be prepared in English or Spanish.",
        "La oferta deberá redactarse en castellano; los folletos técnicos pueden presentarse en inglés.",
    ],
)
def test_a_language_the_bid_must_use_is_language(sentence: str) -> None:
    assert "language" in rules(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "As propostas podem ser apresentadas em português ou em francês.",
        "Quotations can be written in English or French.",
    ],
)
def test_a_choice_of_languages_offered_is_not_language(sentence: str) -> None:
    assert "language" not in rules(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "O formulário de proposta (Anexo III) deve ser assinado pelo representante legal.",
        "Los anexos técnicos podrán presentarse en inglés.",
    ],
)
def test_a_sentence_on_how_papers_are_made_lists_no_papers(sentence: str) -> None:
    assert "required-documents" not in rules(sentence)


def test_papers_the_bid_must_hold_are_required_documents() -> None:
    sentence = "L'offre doit être signée et contenir l'attestation fiscale, le registre de commerce et la caution de soumission."
    assert "required-documents" in rules(sentence)
