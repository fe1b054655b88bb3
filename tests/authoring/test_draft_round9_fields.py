"""Buyer and requirements: the ninth round's mechanisms, each on texts of its own.

Buyer: a unit or an official that speaks for its organisation (a directorate under the
organisation at the top, a pregoeiro or an executive engineer whose organisation follows his
title, an official's title that shortens the organisation's name), an acronym declared on a
line of its own ("Name - ACR"), a forwarded e-mail's headers before the notice, an
organisation and its unit on one line. Requirements: numbered clauses read one by one, a
signature beside another rule, duties in the present or as infinitives, a heading that
announces the bid's documents, a list's number that does not end a sentence.
"""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.buyer import find_buyer
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.requirements import classify, is_stated

DEADLINE = "\n\nDeadline for submission: 3 March 2028 at 10:00 (UTC).\n"


def buyer(text: str) -> str | None:
    return find_buyer(text, fold_same_length(text))[0]


def rules(text: str) -> set[str]:
    return {check.rule for check in draft_from_text(text + DEADLINE).checks}


# --- buyer ---------------------------------------------------------------------------------------


def test_a_directorate_inviting_gives_the_organisation_at_the_top() -> None:
    text = (
        "NORTHERN HIGHLANDS ROADS AUTHORITY\nREGIONAL DIRECTORATE, ARUSHA\n\nINVITATION FOR BIDS\n\n"
        "1. The Regional Directorate, Arusha Zone, now invites sealed bids for the resurfacing of 12 km of road.\n"
    )
    assert buyer(text) == "NORTHERN HIGHLANDS ROADS AUTHORITY"


def test_an_organisation_inviting_is_kept_when_the_top_is_a_unit() -> None:
    text = "DIRECTORATE OF WORKS\n\nThe Mombasa County Government invites sealed bids for the supply of street lights.\n"
    assert buyer(text) == "Mombasa County Government"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "Fundação Estadual de Hemoterapia - HEMOMINAS\n\nAVISO\n\nO Pregoeiro da HEMOMINAS torna público que realizará pregão.\n",
            "Fundação Estadual de Hemoterapia",
        ),
        (
            "DIRECTORATE OF ESTATES\n\nThe Executive Engineer, Southern Division-IV, Port Trust of Vizag, invites bids for repairs.\n",
            "Port Trust of Vizag",
        ),
        (
            "AVIS\n\nLa Personne Responsable des Marchés Publics (PRMP) de la Société Béninoise des Eaux porte à la "
            "connaissance des candidats que l'avis est reporté.\n",
            "Société Béninoise des Eaux",
        ),
    ],
)
def test_an_official_gives_the_organisation_named_after_his_title(text: str, wanted: str) -> None:
    assert buyer(text) == wanted


def test_an_officials_short_name_takes_the_whole_name_at_the_top() -> None:
    text = (
        "MINISTÈRE DE L'HYDRAULIQUE, DE L'ASSAINISSEMENT ET DE L'HYGIÈNE\nSECRÉTARIAT GÉNÉRAL\n\nAVIS\n\n"
        "Le Directeur des Marchés Publics du Ministère de l'Hydraulique porte à la connaissance des candidats "
        "que la date est reportée.\n"
    )
    assert buyer(text) == "MINISTÈRE DE L'HYDRAULIQUE, DE L'ASSAINISSEMENT ET DE L'HYGIÈNE"


def test_a_general_secretariat_is_a_unit_of_the_ministry_above_it() -> None:
    text = "MINISTERIO DE OBRAS PÚBLICAS\nSECRETARÍA GENERAL\n\nANUNCIO DE LICITACIÓN\n\nObjeto: obras.\n"
    assert buyer(text) == "MINISTERIO DE OBRAS PÚBLICAS"


def test_a_forwarded_mail_starts_below_its_headers() -> None:
    text = (
        "From: Procurement <tenders@example.org>\nSent: Monday\nSubject: FW: RFQ 12/2028\n\n"
        "---------- Forwarded message ----------\n\nNATIONAL RAILWAYS CORPORATION\n\nREQUEST FOR QUOTATION\n"
    )
    assert buyer(text) == "NATIONAL RAILWAYS CORPORATION"


def test_an_organisation_and_its_purchasing_unit_on_one_line() -> None:
    text = "Prefeitura de Juiz de Fora - Superintendência de Licitações\n\nConcorrência nº 3/2028\n"
    assert buyer(text) == "Prefeitura de Juiz de Fora"


def test_a_governing_body_labelled_as_the_contracting_organ_stays() -> None:
    # the contracting organ the notice names (a Junta de Gobierno) is not an official acting for another
    text = "Órgano de contratación: Junta de Gobierno Local del Ayuntamiento de Burgos\nObjeto: limpieza viaria\n"
    assert buyer(text) == "Junta de Gobierno Local del Ayuntamiento de Burgos"


# --- requirements ---------------------------------------------------------------------------------


def test_numbered_clauses_are_read_one_by_one() -> None:
    text = (
        "5. SUBMISSION\n"
        "5.1 No price shall appear in the technical proposal.\n"
        "5.2 The proposal shall not exceed 25 pages, excluding CVs.\n"
        "5.3 CVs of the Team Leader and the Hydrologist must be attached.\n"
        "5.4 The Form of Bid must be signed by a partner of the firm.\n"
    )
    assert {"no-financials", "page-limit", "cvs", "signature"} <= rules(text)


def test_a_signature_is_read_beside_another_rule() -> None:
    sentence = "La propuesta técnica, firmada por el representante legal, no incluirá ningún precio."
    assert {rule.rule for rule in classify(sentence)} >= {"signature", "no-financials"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Le candidat joint à son offre le curriculum vitae du conducteur de travaux.",
        "- Joindre les CV des deux ingénieurs proposés.",
        "A proposta técnica inclui os currículos da equipa-chave.",
        "Each bidder provides the CV of its site manager.",
    ],
)
def test_a_duty_in_the_present_or_as_an_infinitive_asks_for_cvs(sentence: str) -> None:
    assert is_stated(sentence)
    assert "cvs" in {rule.rule for rule in classify(sentence)}


def test_cvs_after_a_clause_that_forbids_prices_are_asked_for() -> None:
    sentence = "L'enveloppe technique ne contient aucune indication de prix ; les CV des experts sont joints à l'offre."
    assert "cvs" in {rule.rule for rule in classify(sentence)}


def test_a_capital_heading_announces_the_bids_documents() -> None:
    text = "6. DOCUMENTS TO BE SUBMITTED WITH THE BID\na) Certificate of registration\nb) Audited financial statements for 2025 and 2026\n"
    assert "required-documents" in rules(text)


def test_a_heading_about_the_work_announces_nothing() -> None:
    text = "3. SCOPE OF THE WORKS\na) Excavation of the trenches\nb) Laying of the pipes\n"
    assert "required-documents" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Requisitos de admisibilidad:\n1. Oferta firmada digitalmente por el apoderado.\n",
        "La cotización, firmada por el proveedor, se enviará por correo.\n",
        "Todos los folios de la oferta estarán firmados y sellados por el representante legal.\n",
        "Les offres signées et cachetées sont déposées au secrétariat.\n",
    ],
)
def test_a_bid_said_signed_asks_for_a_signature(text: str) -> None:
    assert "signature" in rules(text)


def test_a_bid_that_need_not_be_signed_asks_for_nothing() -> None:
    assert "signature" not in rules("The quotation need not be signed at this stage.\n")


def test_an_unsigned_bid_declared_irregular_is_a_disqualifying_signature() -> None:
    (found,) = [r for r in classify("Une offre non signée est irrégulière.") if r.rule == "signature"]
    assert found.severity == "disqualifying"


@pytest.mark.parametrize(
    "sentence",
    [
        "Do not include any prices or rates in your quality submission.",
        "Bidders must not show any pricing in the non-price part of the response form.",
        "Any rates quoted in the technical cover shall render the bid liable to rejection.",
        "El sobre n.º 2 no podrá contener información alguna de la oferta económica, so pena de exclusión.",
        "Le dossier technique ne doit contenir aucune indication d'honoraires.",
    ],
)
def test_no_prices_in_the_technical_offer_in_other_words(sentence: str) -> None:
    assert "no-financials" in {rule.rule for rule in classify(sentence)}


def test_a_price_schedule_alone_forbids_nothing() -> None:
    assert "no-financials" not in {rule.rule for rule in classify("Bidders must complete the price schedule in Annex 3.")}


def test_a_limit_in_sides_of_a4_is_a_page_limit() -> None:
    (found,) = [r for r in classify("Each answer must not exceed three sides of A4.") if r.rule == "page-limit"]
    assert found.options == {"max": 3}


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # a choice asked with a modal verb; "pode ser redigida em português ou inglês" offers one (round 12: no rule)
        ("- A proposta deve ser redigida em português ou inglês.\n", ["pt", "en"]),
        ("IC 11.1 La langue de l'offre est le français.\n", ["fr"]),
        ("Langue(s) pouvant être utilisée(s) dans l'offre : FR\n", ["fr"]),
        ("Las ofertas podrán presentarse en español.\n", ["es"]),
    ],
)
def test_the_language_of_the_bid_said_without_a_modal(text: str, wanted: list[str]) -> None:
    (check,) = [c for c in draft_from_text(text + DEADLINE).checks if c.rule == "language"]
    assert check.options["languages"] == wanted


def test_the_language_of_the_notices_own_documents_asks_nothing() -> None:
    assert "language" not in rules("The bidding documents in English may be purchased at the address above.\n")


@pytest.mark.parametrize(
    "text",
    [
        "LES OFFRES DOIVENT ETRE ACCOMPAGNEES DES PIECES ADMINISTRATIVES SUIVANTES :\nA/ DECLARATION DE PROBITE ET STATUTS\n",
        "Les pièces justificatives à fournir sont les suivantes :\n1) l'attestation fiscale et l'attestation de la CNSS ;\n",
        "12. Documentos a apresentar com a proposta: certidão de registo comercial e declaração de aceitação.\n",
        "The envelope shall hold the documents listed in Section IX, including the Omnibus Sworn Statement.\n",
    ],
)
def test_documents_announced_by_a_list_or_a_label(text: str) -> None:
    assert "required-documents" in rules(text)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("AVISO\n\nA Divisão de Aprovisionamento da Câmara Municipal de Tavira torna público o concurso.\n", "Câmara Municipal de Tavira"),
        ("AVIS\n\nLa Cellule de Passation des Marchés de la Commune de Kolda sollicite des offres.\n", "Commune de Kolda"),
    ],
)
def test_a_unit_named_with_its_organisation_gives_the_organisation(text: str, wanted: str) -> None:
    assert buyer(text) == wanted


def test_cvs_that_are_not_asked_for_in_french_are_never_a_rule() -> None:
    sentence = "Il n'est pas demandé de CV à ce stade : les CV ne doivent pas être joints au dossier."
    assert "cvs" not in {rule.rule for rule in classify(sentence)}
