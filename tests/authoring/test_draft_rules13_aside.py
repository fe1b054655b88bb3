"""Round 13, rules: the cases set aside when test_draft_rules13.py was written, run once at the end."""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft import draft_from_text


def rules(text: str) -> set[str]:
    return {check.rule for check in draft_from_text(text).checks}


@pytest.mark.parametrize(
    "text",
    [
        "III.1.2) Economic and financial standing: audited financial statements for 2025 and 2026; a bank reference letter.\n",
        "Capacidad económica y financiera: declaración sobre el volumen de negocios de los tres últimos ejercicios.\n",
        pytest.param(
            "Exigências de habilitação técnica: registro no conselho profissional; atestados de capacidade técnica.\n",
            marks=pytest.mark.xfail(
                strict=True, reason="round 13 aside miss: 'registro' and plural 'atestados' are no document words of classify"
            ),
        ),
        "As propostas são instruídas com:\n a) Declaração de aceitação do caderno de encargos;\n b) Alvará de construção.\n",
        "The bidder must attach the following:\n   i.   Certificate of Registration\n   ii.  Valid Tax Compliance Certificate\n"
        "   iii. Audited accounts\n",
    ],
)
def test_papers_are_required_documents(text: str) -> None:
    assert "required-documents" in rules(text)


def test_papers_the_notice_offers_ask_nothing() -> None:
    text = "Estão disponíveis no portal: modelo de declaração de idoneidade e certidão de visita técnica.\n"
    assert "required-documents" not in rules(text)


@pytest.mark.xfail(strict=True, reason="round 13 aside miss: 'mención' is not read as a technical proposal showing prices")
def test_a_consequence_in_spanish_keeps_prices_out() -> None:
    assert "no-financials" in rules("Cualquier mención de precios en el sobre técnico dará lugar al rechazo de la oferta.\n")


@pytest.mark.parametrize(
    "text",
    [
        "La presentación electrónica de las ofertas es obligatoria.\n",
        "Late bids will not be accepted under any circumstances, nor bids sent by e-mail.\n",
    ],
)
def test_files(text: str) -> None:
    assert "files" in rules(text)


def test_the_signature_of_past_contracts_is_not_the_bids() -> None:
    assert "signature" not in rules("Les références doivent être justifiées par les pages de signature des contrats.\n")


def test_a_page_count_broken_onto_the_next_line_in_portuguese() -> None:
    assert "page-limit" in rules("A proposta técnica não deverá exceder trinta\n(30) páginas.\n")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Les offres sont à établir en langue française ou allemande.\n", "language"),
        ("A proposta técnica e a proposta comercial devem ser apresentadas separadamente.\n", "no-financials"),
        ("The proposal must be in the Mongolian language.\n", "language"),
    ],
)
def test_language_and_prices(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "La oferta se presentará de forma electrónica a través del portal institucional.\n",
        "Les offres doivent être envoyées par voie électronique via le profil d'acheteur.\n",
    ],
)
def test_the_channel_said_as_a_fact_or_with_a_modal(text: str) -> None:
    assert "files" in rules(text)


def test_requirements_after_the_steps_in_french() -> None:
    text = (
        "How to apply\n1. Créez un compte\n2. Téléchargez le dossier\n3. Déposez votre offre\n\n"
        "Les offres doivent être rédigées en langue française.\n"
    )
    assert "language" in rules(text)
