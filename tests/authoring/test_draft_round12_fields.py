"""Reference, buyer and title: the twelfth round's mechanisms, each on texts of its own.

Title: a portal's own name for the title field ("Name of Works", "Nombre del acto", "Designação",
"Titre du projet du marché" alone on its line), a buyer's label that names no title ("NIF e
designação da entidade adjudicante"), a purchase written in quotes over several lines, a
signature's person and a page's number that are no title, a notice's kind after a heading's colon
("Contract Opportunity Type: Combined Synopsis/Solicitation"). A third of the examples of each
category are in test_draft_round12_fields_aside.py, run apart.
"""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft.buyer import find_buyer
from tenderctl.authoring.draft.labels import title_strength
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.reference import find_reference
from tenderctl.authoring.draft.title import find_title
from tenderctl.authoring.draft.titlewords import quoted_purchase


def title(text: str, ref: str | None = None) -> str:
    return find_title(text, fold_same_length(text), ref)[0]


# --- a portal's own label for the title -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "| 11 | Package No.   | RHD/KHL/W-07 |\n| 12 | Name of Works | Widening of Khulna - Satkhira Road at Ch. 12+000 |\n",
            "Widening of Khulna - Satkhira Road at Ch. 12+000",
        ),
        (
            "Unidad de compra: Dirección Regional de Coclé\nNombre del acto: CONSTRUCCIÓN DEL PUENTE SOBRE EL RÍO GRANDE, PENONOMÉ\n",
            "CONSTRUCCIÓN DEL PUENTE SOBRE EL RÍO GRANDE, PENONOMÉ",
        ),
        (
            "Referência:     CP-OB-14/2027\nDesignação:     Empreitada de repavimentação da Rua do Outeiro\n",
            "Empreitada de repavimentação da Rua do Outeiro",
        ),
        (
            "2.1 Titre du projet du marché\nNettoyage des bâtiments scolaires de la commune 2028-2030\n2.2 Identifiant du projet\nC-114\n",
            "Nettoyage des bâtiments scolaires de la commune 2028-2030",
        ),
        (
            "Proceso de compra: 46-0031-LPU27\nNombre descriptivo del proceso: Adquisición de neumáticos para la flota de la Dirección Provincial\n",
            "Adquisición de neumáticos para la flota de la Dirección Provincial",
        ),
    ],
)
def test_a_portals_own_label_names_the_title(text: str, want: str) -> None:
    assert title(text) == want


def test_a_label_naming_the_buyer_is_no_title_label() -> None:
    assert title_strength("nif e designacao da entidade adjudicante") == 0
    assert title_strength("nombre de la entidad contratante") == 0
    assert title_strength("designacao") == 3


def test_a_persons_name_label_needs_a_purchase_to_be_a_title() -> None:
    text = "Contacto\nNombre: Ana María Fuentes\nCorreo: afuentes@example.org\n"
    assert title(text) != "Ana María Fuentes"


# --- a purchase in quotes over several lines --------------------------------------------------


@pytest.mark.parametrize(
    ("head", "want"),
    [
        (
            'AVISO\nALCALDÍA MUNICIPAL DE MASAYA\nLICITACIÓN PÚBLICA No. LP-05-2027\n\n"REHABILITACIÓN DE CALLES DEL BARRIO SAN JERÓNIMO Y\n'
            '          MONIMBÓ, SECTOR 2"\n\n1. La Alcaldía invita a presentar ofertas.\n',
            "REHABILITACIÓN DE CALLES DEL BARRIO SAN JERÓNIMO Y MONIMBÓ, SECTOR 2",
        ),
        (
            "le invita a participar en el procedimiento No. IA-14/2027, relativo a:\n\n"
            '   "SUMINISTRO DE 120 EQUIPOS DE CÓMPUTO PARA LAS ESCUELAS\n    PRIMARIAS DEL MUNICIPIO"\n\nFechas:\n',
            "SUMINISTRO DE 120 EQUIPOS DE CÓMPUTO PARA LAS ESCUELAS PRIMARIAS DEL MUNICIPIO",
        ),
        (
            "APPEL D'OFFRES N° 04/2027\n\n« Travaux de réfection de la toiture du marché central\n de la commune »\n\nLes offres ...\n",
            "Travaux de réfection de la toiture du marché central de la commune",
        ),
    ],
)
def test_a_quoted_purchase_over_lines_is_the_title(head: str, want: str) -> None:
    assert quoted_purchase(head) == want


def test_a_quoted_sentence_or_name_is_no_purchase() -> None:
    assert quoted_purchase('La oferta se entregará con la leyenda:\n"NO ABRIR ANTES DE LA FECHA DE APERTURA"\n') is None
    assert quoted_purchase('Empresa: "Constructora Los Andes S.A."\n') is None


# --- what no title is -------------------------------------------------------------------------


def test_a_signatures_person_is_no_title() -> None:
    text = "Maputo, 2 de Março de 2027\n\nO Director\nDra. Helena Manuel Cossa Nhantumbo\n"
    assert "Helena" not in title(text)


def test_a_page_number_is_no_title() -> None:
    text = "PREFEITURA MUNICIPAL DE CODAJÁS - Rua Principal, s/nº\nPágina 3 de 27\n"
    assert "Página" not in title(text)


def test_a_notice_kind_after_a_headings_colon_is_no_title() -> None:
    text = (
        "Contract Opportunities\n\nReplacement of Chiller Plant, Building 12\nCombined Synopsis/Solicitation   Active\n"
        "Notice ID: 36C25927Q0188\n  Contract Opportunity Type: Combined Synopsis/Solicitation (Original)\n"
    )
    assert title(text) == "Replacement of Chiller Plant, Building 12"


# --- what no title is (2): a document's part, an address's kilometre -------------------------


def test_a_part_of_the_bidding_document_is_no_title() -> None:
    text = (
        "MINISTÈRE DES INFRASTRUCTURES\nDOSSIER D'APPEL D'OFFRES N° 12/2027\n\n"
        "Travaux de réhabilitation du marché central de Bukavu (1,8 km de voirie), y compris assainissement, Ville de Bukavu\n\n"
        "SECTION II – INSTRUCTIONS AUX SOUMISSIONNAIRES (extraits)\n"
    )
    assert title(text).startswith("Travaux de réhabilitation du marché central")


# --- buyer ------------------------------------------------------------------------------------


def buyer(text: str) -> str | None:
    return find_buyer(text, fold_same_length(text))[0]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Pouvoir adjudicateur : Ministère de la Santé - Agence nationale des produits de santé\n",
            "Agence nationale des produits de santé",
        ),
        ("U.S. DEPARTMENT OF THE INTERIOR - NATIONAL PARK SERVICE\nSolicitation 140P2027Q0077\n", "NATIONAL PARK SERVICE"),
        (
            "Organismo: Ministerio de Obras Públicas - Dirección General de Aguas\n",
            "Ministerio de Obras Públicas - Dirección General de Aguas",
        ),
        ("Entidad: GOBIERNO REGIONAL DE PIURA - SEDE CENTRAL\n", "GOBIERNO REGIONAL DE PIURA - SEDE CENTRAL"),
    ],
)
def test_a_body_below_its_ministry_is_the_buyer_and_a_unit_is_not(text: str, want: str) -> None:
    assert buyer(text) == want


def test_the_sending_organisation_of_a_message_is_the_last_resort() -> None:
    text = (
        "De: Câmara Municipal de Alvito <compras@cm-alvito.example.pt>\nPara: fornecedores\nAssunto: Convite n.º 3/2027\n\n"
        "Exmos. Senhores,\njunto enviamos o convite para apresentação de proposta.\n"
    )
    assert buyer(text) == "Câmara Municipal de Alvito"


def test_a_person_sending_a_message_is_no_buyer() -> None:
    text = "From: Ana Camara <ana@example.org>\nTo: suppliers\nSubject: quotation\n\nPlease see the attached request.\n"
    assert buyer(text) != "Ana Camara"


def test_a_sentence_with_a_colon_does_not_end_a_messages_top() -> None:
    text = (
        "De: compras@example.cl\nPara: proveedores\nAsunto: RE: consulta\n\n"
        "Estimados, respondemos la consulta: el plazo no se modifica.\n\nMUNICIPALIDAD DE LIMACHE\nDepartamento de Adquisiciones\n"
    )
    assert buyer(text) == "MUNICIPALIDAD DE LIMACHE"


# --- reference --------------------------------------------------------------------------------


def reference(text: str) -> str | None:
    return find_reference(text, fold_same_length(text))[0]


@pytest.mark.parametrize(
    "text",
    [
        "Lugar: Salón del Concejo, Av. 6 de Agosto N° 245\nProceso GAMT-ANPE-011/2027\n",
        "Dirección: Calle 23 No. 118, Vedado, La Habana\nSolicitud de Cotización SDC-CUB-2027-014\n",
        "Endereço: Rua da Liberdade n.º 56, Maputo\nConcurso CP-FE-09/2027\n",
    ],
)
def test_a_streets_number_is_no_reference(text: str) -> None:
    ref = reference(text)
    assert ref is not None and ref not in {"245", "118", "56"}


def test_a_number_written_elsewhere_as_the_start_of_a_longer_code_is_that_code() -> None:
    text = "N° 011/2027/MAEP/PADA/UCP\n\nAVIS À MANIFESTATION D'INTÉRÊT\n« AMI n° 011/2027 – Audit financier du projet ».\n"
    assert reference(text) == "011/2027/MAEP/PADA/UCP"


def test_a_budget_line_is_no_reference() -> None:
    text = (
        "Los pagos se harán con cargo a la partida presupuestaria No.\n7.3.08.11.001, denominada Materiales.\nCódigo: SIE-GADPE-031-2027\n"
    )
    assert reference(text) != "7.3.08.11.001"


def test_a_newspapers_issue_in_its_running_header_is_no_reference() -> None:
    text = "LE QUOTIDIEN — N° 21 337 — Lundi 4 octobre 2027 — Page 14\n\nAppel d'Offres Ouvert n° AOO-18/2027\n"
    assert reference(text) == "AOO-18/2027"


def test_a_procurement_category_is_no_title() -> None:
    text = "Objeto de contratación: Bienes\nDescripción del objeto: ADQUISICIÓN DE MOBILIARIO ESCOLAR PARA LA I.E. N° 1021\n"
    assert title(text) == "ADQUISICIÓN DE MOBILIARIO ESCOLAR PARA LA I.E. N° 1021"


def test_a_law_the_sentence_opens_with_is_not_the_buyers_name() -> None:
    text = "In compliance with the Oyo State Public Procurement Law, 2019, OYSIPA invites eligible firms to submit bids.\n"
    assert buyer(text) == "OYSIPA"


def test_a_private_company_above_a_forwarded_notice_is_the_bidders_signature() -> None:
    text = (
        "De: Juan Pérez <jperez@constructoraoriente.example.bo>\nPara: equipo\nAsunto: RV: convocatoria\n\n"
        "CONSTRUCTORA ORIENTE SRL\nDepartamento de Licitaciones\n\nGOBIERNO AUTÓNOMO MUNICIPAL DE RIBERALTA\n"
    )
    assert buyer(text) == "GOBIERNO AUTÓNOMO MUNICIPAL DE RIBERALTA"
