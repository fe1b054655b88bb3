"""Eleventh-round rules: requirements said without a modal verb (a file format or size, a signed list
item, a form stated as signed), prices kept apart by envelopes or barred by a consequence, and the
negatives that must never become a check (papers asked only of the winner, CVs excluded from a page
count, Spanish "firmas" that are firms). One test per mechanism, with texts written for it."""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.requirements import classify


def rules(text: str) -> set[str]:
    """The rules of the draft's checks for a notice made of the text below a deadline line."""
    draft = draft_from_text("Ref: T-11\nClosing date: 3 May 2027 at 12:00 (Nairobi time)\n\n" + text)
    return {check.rule for check in draft.checks}


def classified(sentence: str) -> set[str]:
    return {requirement.rule for requirement in classify(sentence) if requirement.rule}


# --- a file format or size stated without a modal verb ------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Os ficheiros são carregados em formato PDF, com a dimensão máxima de 15 MB por ficheiro.",
        "Offers go to the address below as one (1) PDF.",
        "Formats acceptés : PDF uniquement ; 20 Mo maximum par fichier.",
        "La documentación se carga en archivos PDF de hasta 8 MB cada uno.",
    ],
)
def test_a_file_format_or_size_said_as_a_fact_is_the_files_rule(sentence: str) -> None:
    assert "files" in rules(sentence)


def test_the_format_of_the_notices_own_documents_is_not_a_files_rule() -> None:
    assert "files" not in rules("The bidding documents are published on the portal in PDF format.")


# --- signatures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "- Completed and signed Letter of Tender;",
        "- la soumission datée et signée par le gérant ;",
        "La propuesta se presenta foliada y visada por el postor en cada página.",
        "Todos los formularios deben ser suscritos por el representante legal.",
        "L'acte d'engagement est daté, signé et revêtu du cachet de l'entreprise.",
        "A proposta será rubricada em todas as folhas pelo representante.",
        "Las proposiciones se presentarán firmadas electrónicamente por el apoderado.",
    ],
)
def test_a_signature_said_without_must(sentence: str) -> None:
    assert "signature" in rules(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Las firmas interesadas deberán proporcionar información sobre su experiencia.",
        "La signature électronique n'est pas exigée au dépôt ; elle sera demandée au seul attributaire.",
    ],
)
def test_firms_and_a_signature_asked_after_award_are_not_the_signature_rule(sentence: str) -> None:
    assert "signature" not in classified(sentence)


# --- prices kept apart --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Sobre nº 3: Proposición económica conforme al Anexo V.",
        "Os concorrentes entregam dois envelopes distintos: Envelope nº 1 - Proposta Técnica e Envelope nº 2 - Proposta de Preços.",
        "Cualquier referencia a precios en el Sobre A descalifica la oferta.",
        "Toute indication de prix dans l'offre technique entraînera le rejet de l'offre.",
        "Do not include any pricing in the quality response.",
        "Volume I shall not contain any reference to price.",
        "Pricing must not appear in the response to the rated criteria.",
        "Do not include any financial proposal in the expression of interest.",
    ],
)
def test_prices_kept_out_of_the_technical_part(sentence: str) -> None:
    assert "no-financials" in rules(sentence)


def test_a_coastal_study_is_not_a_cost() -> None:
    sentence = "As manifestações devem ser entregues no endereço abaixo, com a menção 'Estudos de Protecção Costeira'."
    assert "no-financials" not in classified(sentence)


# --- what must never become a check -------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "As certidões fiscais só serão exigidas ao adjudicatário, antes da celebração do contrato.",
        "The successful bidder shall provide a certificate of incorporation before contract signature.",
        "Les attestations fiscales seront exigées du seul attributaire.",
        "Consultants are not required to submit audited financial statements at this stage.",
        "Proposals must be submitted through the portal using the Tender Response Form provided.",
        "The technical proposal shall not exceed 20 pages, excluding annexes.",
    ],
)
def test_papers_not_asked_of_the_bid_are_not_required_documents(sentence: str) -> None:
    assert "required-documents" not in classified(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Le mémoire ne doit pas dépasser 20 pages (excluant les annexes et les curriculum vitae).",
        "Las hojas de vida solo se solicitarán al postor ganador de la buena pro.",
        "CVs will only be requested from shortlisted firms.",
        "Referência: CV-MIN-UGP-CS-009-2027 (Crédito n.º 7zzz-CV).",
    ],
)
def test_cvs_excluded_asked_later_or_a_country_code_are_not_the_cvs_rule(sentence: str) -> None:
    assert "cvs" not in classified(sentence)


def test_a_form_that_must_be_signed_asks_for_the_signature_not_a_document() -> None:
    found = classified("The price schedule form (Annex 3) must be signed and stamped by an authorized person.")
    assert found == {"signature"}


def test_a_signed_form_in_a_list_of_papers_stays_a_document() -> None:
    found = classified("Mandatory documents: copy of business registration; tax compliance certificate; signed form of tender.")
    assert {"signature", "required-documents"} <= found


def test_page_limit_with_the_number_in_words_after_it() -> None:
    found = classify("A proposta não deve exceder 30 (trinta) páginas, excluindo os anexos.")
    assert [(r.rule, r.options.get("max")) for r in found if r.rule == "page-limit"] == [("page-limit", 30)]
