"""Reference, buyer, title and requirements: the eighth round's mechanisms, each on texts of its own.

Buyer: an acronym written as the notice spells it in full, a unit of a ministry, a unit a
labelled organisation acts through, tax numbers and roles after the name. Title: an amendment's
subject line, "Name of Contract" labels, the object named in the prose, lines that are never a
title (a letter's place and date, a line in brackets, a file number). Reference: the buyer's
code over a portal's bare serial. Requirements: page limits after the number or in words, the
obligations of "requeridos", "não pode", "sob pena", rejection as "non-responsive", documents
that are not documents (a signing certificate, a building).
"""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft.buyer import find_buyer, spelled_out
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.reference import find_reference
from tenderctl.authoring.draft.requirements import classify
from tenderctl.authoring.draft.title import find_title


def classified(sentence: str) -> set[str]:
    return {requirement.rule for requirement in classify(sentence) if requirement.rule}


def buyer(text: str) -> str | None:
    return find_buyer(text, fold_same_length(text))[0]


def reference(text: str) -> str | None:
    return find_reference(text, fold_same_length(text))[0]


def title(text: str) -> str:
    reference_found = reference(text)
    return find_title(text, fold_same_length(text), reference_found)[0]


# --- buyer ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("short", "sentence", "full"),
    [
        (
            "OPAM Haut-Ogooué",
            "L'Office Public d'Aménagement et de Maintenance Haut-Ogooué (OPAM) publie le présent avis.",
            "Office Public d'Aménagement et de Maintenance Haut-Ogooué (OPAM)",
        ),
        (
            "MinSal Región Norte",
            "El Ministerio de Salud - Región Norte convoca a la presente licitación.",
            "Ministerio de Salud - Región Norte",
        ),
        ("CNRE", "O Centro Nacional de Recursos Energéticos (CNRE) anuncia", "Centro Nacional de Recursos Energéticos (CNRE)"),
    ],
)
def test_an_acronym_is_spelled_out_as_the_notice_writes_it(short: str, sentence: str, full: str) -> None:
    assert spelled_out(short, sentence) == full


@pytest.mark.parametrize(
    ("short", "sentence"),
    [
        ("UNDP Sri Lanka", "United Nations Development Programme, Colombo"),  # "Sri Lanka" is not in the longer name
        ("CNRE", "O Conselho Nacional de Recursos Estratégicos Regionais (CNRER) anuncia"),  # the letters do not fit
        ("Ville de Lyon", "La Ville de Lyon (VDL) lance"),  # no acronym in the buyer
    ],
)
def test_a_name_that_does_not_spell_the_acronym_is_not_taken(short: str, sentence: str) -> None:
    assert spelled_out(short, sentence) is None


def test_a_lone_acronym_in_the_prose_gives_its_full_name_before_the_top_line() -> None:
    text = (
        "MINISTÈRE DES TRANSPORTS\nAGEPAR\n\nAVIS D'APPEL D'OFFRES\n\n"
        "1. L'Agence de Gestion des Pistes et Aménagements Ruraux (AGEPAR) a obtenu des fonds de l'État.\n\n"
        "2. L'AGEPAR invite les entreprises qualifiées à présenter leurs offres.\n"
    )
    assert buyer(text) == "Agence de Gestion des Pistes et Aménagements Ruraux (AGEPAR)"


def test_a_labelled_lone_acronym_is_the_notices_own_choice() -> None:
    text = "Organisation: WHO\nReference: WHO-RFP-2027-01\n\nThe World Health Organization (WHO) is seeking proposals.\n"
    assert buyer(text) == "WHO"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "Le Directeur des Affaires Financières du Ministère de la Santé, des Affaires Sociales et de la Famille, lance un appel d'offres.",
            "Ministère de la Santé, des Affaires Sociales et de la Famille",
        ),
        (
            "Entidade adjudicante: Ministério das Obras Públicas, através da Unidade de Gestão de Aquisições, Praia\n",
            "Ministério das Obras Públicas",
        ),
        ("Entidade adjudicante: Município de Tondela, NIPC 506 000 000, Largo da Feira\n", "Município de Tondela"),
        ("La Secretaría de Infraestructura (la Contratante) invita a presentar ofertas para la obra.", "Secretaría de Infraestructura"),
        (
            "GOVERNMENT OF KERALA\nOFFICE OF THE EXECUTIVE ENGINEER, PWD ROADS DIVISION, KOLLAM\n\nNIT No. 12/2027\n",
            "PWD ROADS DIVISION, KOLLAM",
        ),
    ],
)
def test_units_roles_and_tax_numbers_are_not_the_name(text: str, wanted: str) -> None:
    assert buyer(text) == wanted


# --- title -------------------------------------------------------------------------------------


def test_an_amendment_subject_is_not_the_title() -> None:
    text = (
        "Plataforma de Contratação\nProcedimento: CP/2027/0042\n\nAssunto: Esclarecimentos e prorrogação do prazo\n\n"
        'Concurso público para a "Aquisição de viaturas elétricas para a frota municipal"\n\nExmos. Senhores,\n'
    )
    assert title(text) == "Aquisição de viaturas elétricas para a frota municipal"


def test_an_addendum_heading_gives_way_to_the_subject() -> None:
    text = "ADDENDUM No. 1\n\nReference: RFP/2027/044\nSubject: Supply of laboratory reagents to four district hospitals\n"
    assert title(text) == "Supply of laboratory reagents to four district hospitals"


def test_a_name_of_contract_label_with_its_wrapped_value() -> None:
    text = (
        "INVITATION FOR BIDS\n\nName of Project: Rural Water Project\nName of Contract: Construction of elevated water tanks in\n"
        "Kasungu and Mchinji Districts\nIFB No.: MW/RWP/W/01/2027\n"
    )
    assert title(text) == "Construction of elevated water tanks in Kasungu and Mchinji Districts"


@pytest.mark.parametrize(
    ("prose", "wanted"),
    [
        (
            "A Prefeitura torna público que realizará licitação, cujo objeto é a AQUISIÇÃO DE MERENDA ESCOLAR, HORTIFRUTI E PÃES,\nconforme o termo de referência.",
            "AQUISIÇÃO DE MERENDA ESCOLAR, HORTIFRUTI E PÃES",
        ),
        (
            "Appel d'offres ouvert n° 12/2027 relatif à la construction d'un marché couvert à Kindia\n\nLe Maire informe les candidats.",
            "construction d'un marché couvert à Kindia",
        ),
    ],
)
def test_the_object_named_in_the_prose(prose: str, wanted: str) -> None:
    assert title("AVISO\n\n" + prose + "\n") == wanted


@pytest.mark.parametrize(
    "line",
    ["Kindia, le 12 mars 2027", "Beira, aos 3 de Abril de 2027", "(Lei Federal nº 14.133/2021)", "Processo Administrativo nº 12.345/2027"],
)
def test_lines_that_are_never_titles(line: str) -> None:
    assert title(f"{line}\n\nSome text without a heading.\n") != line


# --- reference ---------------------------------------------------------------------------------


def test_the_buyers_code_beats_a_portals_serial() -> None:
    assert reference("RFx ID:      55512345\nReference:   WDC-RFT-2027-009\n") == "WDC-RFT-2027-009"
    assert reference("Reference:   55512345\n") == "55512345"  # alone, the serial stays


# --- requirements ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "La offre technique ne dépassera pas vingt (20) pages.",
        "La propuesta técnica no podrá superar 25 páginas.",
        "Technical proposal | Methodology and work plan | 15 pages maximum | PDF",
        "Respondents are asked to attach short CVs (maximum two pages each).",
        "El resumen no deberá exceder los 10 folios.",
    ],
)
def test_page_limits_in_the_shapes_notices_use(sentence: str) -> None:
    assert "page-limit" in classified(sentence)


def test_a_page_limit_in_words_gives_its_number() -> None:
    (limit,) = [r for r in classify("CVs should be of maximum three pages each.") if r.rule == "page-limit"]
    assert limit.options == {"max": 3}


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Cada ficheiro não pode ter mais de 15 MB.", "files"),
        ("Documentos requeridos: carta de presentación firmada por el representante legal.", "signature"),
        ("A proposta é instruída com a declaração de compromisso (Anexo II).", "required-documents"),
    ],
)
def test_obligations_without_the_usual_modal(sentence: str, rule: str) -> None:
    assert rule in classified(sentence)


def test_an_unsigned_bid_that_is_non_responsive_is_a_disqualifying_signature() -> None:
    (signature,) = [
        r
        for r in classify("The Bid Form must be signed by an authorized person; unsigned bids will be deemed non-responsive.")
        if r.rule == "signature"
    ]
    assert signature.severity == "disqualifying"


@pytest.mark.parametrize(
    "sentence",
    [
        "La oferta debe presentarse firmada digitalmente con certificado emitido por una autoridad registrada.",
        "Las ofertas se abrirán en la sala de reuniones del Edificio Anexo, segundo piso.",
    ],
)
def test_things_that_are_not_documents(sentence: str) -> None:
    assert "required-documents" not in classified(sentence)


def test_a_notice_kind_then_its_code_is_the_reference() -> None:
    assert reference("Tenders Portal\n\nRequest for Tender HLT20279931\nProvision of courier services\n") == "HLT20279931"


def test_a_contract_label_whose_value_is_a_purchase_is_the_title() -> None:
    text = "INVITATION FOR BIDS\nIFB No.: PW/2027/08\n\nProject: Coastal Roads Programme\nContract: Rehabilitation of the Tanjung coastal road (Lot 3)\n"
    assert title(text) == "Rehabilitation of the Tanjung coastal road (Lot 3)"


def test_a_purpose_line_under_the_number_is_the_title() -> None:
    text = "AVIS D'APPEL D'OFFRES NATIONAL OUVERT\nN° 0042/AONO/CUB/2027\nPOUR LA CONSTRUCTION D'UN MARCHÉ MUNICIPAL À BAFOUSSAM\n\nLe Maire lance un appel.\n"
    assert title(text) == "CONSTRUCTION D'UN MARCHÉ MUNICIPAL À BAFOUSSAM"


@pytest.mark.parametrize(
    "value",
    [
        "Page 3 of 14",
        "Página 2 de 9",
        "Date et heure limites de réception des offres :",
        "Name of Official Inviting Tender",
        "Mme Chloé Bélanger, 10025, avenue Jasper",
        "Avenida Paulista 1578, 5º andar",
        "Calle 26 No. 13-19, Bogotá",
        "Rua Carlos Avalone, s/n, Centro Político Administrativo",
        "provincial de l'Équipement et de l'Eau, avenue Moulay Ali",
        "(SERVICIOS DE CONSULTORÍA - SELECCIÓN DE FIRMAS)",
    ],
)
def test_what_is_no_name_is_never_a_buyer(value: str) -> None:
    from tenderctl.authoring.draft.buyer import plausible_name

    assert not plausible_name(value)


@pytest.mark.parametrize(
    "value",
    [
        "Ministry of Health",
        "Route 66 Authority",
        "Ayuntamiento de Las Palmas de Gran Canaria",
        "Régie de Distribution d'Eau du Haut-Katanga (REDEHKAT)",
        "Prefeitura Municipal de São José dos Campos",
        "Port Autonome de Lomé",
        "Hospital Regional Dr. Adib Jatene",
    ],
)
def test_organisations_are_names(value: str) -> None:
    from tenderctl.authoring.draft.buyer import plausible_name

    assert plausible_name(value)


def test_a_footer_at_the_top_gives_way_to_the_organisation_below_it() -> None:
    text = (
        "Page 1 of 12\n"
        "NATIONAL WATER AND SEWERAGE CORPORATION\n"
        "INVITATION FOR BIDS\n\n"
        "Bids must be delivered to the address below on or before 3 May 2027 at 10:00 hours East Africa Time.\n"
    )
    from tenderctl.authoring.draft import draft_from_text

    assert draft_from_text(text).buyer == "NATIONAL WATER AND SEWERAGE CORPORATION"
