"""Buyer, reference and title: the categories missed by the second held-out set, each on texts of its own.

Organisational units lose to their organisation; a portal's banner or a notice's kind is never the
buyer; "X, on behalf of Y, invites" gives X; labels alone on their line take the next line;
a label and its number without a colon; titles are never body sentences, paragraph lines or fields.
"""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.buyer import find_buyer
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.reference import find_reference
from tenderctl.authoring.draft.title import find_title

DEADLINE = "\nDeadline for submission: 1 May 2026 12:00 UTC\n"


def buyer(text: str) -> str | None:
    return find_buyer(text, fold_same_length(text))[0]


def reference(text: str) -> str | None:
    return find_reference(text, fold_same_length(text))[0]


def title(text: str, ref: str | None = None) -> str:
    return find_title(text, fold_same_length(text), ref)[0]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # a unit under its organisation (country office, directorate, pro-rectorate, procurement unit)
        ("United Nations Children's Fund\nCountry Office in Ghana\n\nRequest for Proposals\n", "United Nations Children's Fund"),
        (
            "MINISTÉRIO DA SAÚDE\nHOSPITAL UNIVERSITÁRIO DE BRASÍLIA\nDiretoria de Administração\n\nAVISO DE LICITAÇÃO\n",
            "HOSPITAL UNIVERSITÁRIO DE BRASÍLIA",
        ),
        ("Université de Lomé\nDirection des affaires financières\n\nAVIS D'APPEL D'OFFRES\n", "Université de Lomé"),
        ("CITY GOVERNMENT OF CEBU\nBids and Awards Committee\n\nINVITATION TO BID\n", "CITY GOVERNMENT OF CEBU"),
        # a banner or a notice's kind above the organisation is not it
        (
            "Portal de Compras Públicas\n\nCONVOCATORIA\nLicitación Pública Nacional\n\nInstituto Mexicano del Seguro Social\nCoordinación de Adquisiciones\nTeléfono: 55 1234\n",
            "Instituto Mexicano del Seguro Social",
        ),
        ("AVIS À MANIFESTATION D'INTÉRÊT\nSERVICES DE CONSULTANTS\n\nSecteur : Santé\n", None),
        ("Servicio Nacional de Aprendizaje\nDirección Regional Antioquia\n\nINVITACIÓN PÚBLICA\n", "Servicio Nacional de Aprendizaje"),
        # "on behalf of" and prose wrapped over two lines
        (
            "Summary\nThe Crown Agents Limited, acting for the Ministry of Health and Social Welfare of the United Republic of\nTanzania, invites sealed bids from eligible suppliers.\n",
            "Crown Agents Limited",
        ),
        (
            "L'Agence française de développement, pour le compte du Ministère de l'Eau et de l'Assainissement du\nBurkina Faso, sollicite des propositions de cabinets.\n",
            "Agence française de développement",
        ),
        (
            "A Fundação Getulio Vargas, em nome da Secretaria Municipal de Educação, convida empresas a apresentar propostas.\n",
            "Fundação Getulio Vargas",
        ),
        # a label alone on its line, the value on the next
        (
            "Anuncio de licitación\n\nÓrgano de Contratación\nAlcaldía del Ayuntamiento de Zaragoza\nTeléfono 976721100\n",
            "Alcaldía del Ayuntamiento de Zaragoza",
        ),
        # the name of the organisation among the levels of a portal's hierarchy
        (
            "Ministry/State Name   Ministry of Defence\nDepartment Name   Department of Military Affairs\nOrganisation Name   Indian Army\nOffice Name   Ordnance Depot, Kanpur\n",
            "Indian Army",
        ),
    ],
)
def test_buyer_is_the_organisation_not_its_unit_or_a_banner(text: str, wanted: str | None) -> None:
    assert buyer(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Evento: Número de Operación Guatecompras (NOG) 25011432\nModalidad: Licitación\n", "25011432"),
        ("Número de operación Guatecompras (NOG) 25011433\n", "25011433"),
        ("Avis n° 26-204411 publié le 02/10/2026\nIdentifiant interne de la consultation : 26-SMA-0031\n", "26-SMA-0031"),
        ("Referencia interna: EXP-2026/118\nBOE núm. 244\n", "EXP-2026/118"),
        ("Processo nº 23110.004512/2026-33\nPREGÃO ELETRÔNICO Nº 90012/2026\n", "90012/2026"),
        ("Número de Expediente\n2026/00871-SER\nPublicado el 03-10-2026\n", "2026/00871-SER"),
    ],
)
def test_reference_inline_on_its_own_line_and_before_a_file_number(text: str, wanted: str) -> None:
    assert reference(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # "Request for Proposal: X": the value
        (
            "CanadaBuys\nTender notice\n\nInvitation to Tender: Snow clearing at federal buildings in Gatineau\nSolicitation number: EW-2026-11\n",
            "Snow clearing at federal buildings in Gatineau",
        ),
        # a body sentence or a wrapped paragraph's line is not the title
        (
            "Tender notice\n\nParks Canada requires the rehabilitation of a pedestrian bridge over the Rideau canal.\nSupply of timber decking for the Rideau footbridge\n",
            "Supply of timber decking for the Rideau footbridge",
        ),
        (
            "AVIS D'APPEL D'OFFRES\n\nRéhabilitation de trois centres de santé à Kara\n\nLes dossiers d'appel d'offres peuvent être retirés au secrétariat de la mairie\ndu lundi au vendredi.\n",
            "Réhabilitation de trois centres de santé à Kara",
        ),
        # a field with an amount, a spaced row
        (
            "INVITATION TO BID\nProject: Construction of a Two-Storey School Building in Barangay Lanit\nApproved Budget for the Contract (ABC): PHP 12,480,000.00\n",
            "Construction of a Two-Storey School Building in Barangay Lanit",
        ),
        (
            "Bid Details\nBid Offer Validity (From End Date)   90 (Days)\nItem Category   Solar Street Lights with Lithium Battery\n",
            "Solar Street Lights with Lithium Battery",
        ),
        # with nothing naming the contract, the project is the title
        (
            "AVIS À MANIFESTATION D'INTÉRÊT\n\nRépublique du Sénégal\nProjet de résilience des systèmes alimentaires côtiers (PRSAC)\nSecteur : Pêche\n",
            "Projet de résilience des systèmes alimentaires côtiers (PRSAC)",
        ),
    ],
)
def test_title_is_never_a_body_sentence_or_a_field(text: str, wanted: str) -> None:
    assert title(text) == wanted


def test_a_site_banner_with_a_bar_is_not_the_title_and_support_is_a_purchase() -> None:
    text = "DevelopmentAid | Appels d'offres\nPays : Togo\n\nAppui technique à la digitalisation du cadastre de Lomé\n\nNuméro : 8350001\n"
    assert title(text) == "Appui technique à la digitalisation du cadastre de Lomé"


def test_an_acronym_in_prose_gives_way_to_the_organisation_at_the_top() -> None:
    text = (
        "Programme des Nations Unies pour le Développement\nBureau de pays du Niger\n\nLe PNUD vous invite à soumettre une proposition.\n"
    )
    assert buyer(text) == "Programme des Nations Unies pour le Développement"
    assert buyer("Le Fonds national de l'habitat vous invite à soumettre une offre.\n") == "Fonds national de l'habitat"


def test_the_header_fixes_reach_the_draft() -> None:
    result = draft_from_text("Órgano de Contratación\nDiputación Provincial de Huesca\n\nNúmero de Expediente 2026/00871-SER" + DEADLINE)
    assert result.buyer == "Diputación Provincial de Huesca"
    assert result.reference == "2026/00871-SER"
