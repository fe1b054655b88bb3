"""Reference, buyer and title: the eleventh round's mechanisms, each on texts of its own.

Title: a message's Subject line is the last resort, a form's blank is no title, a letter's
closing is no title. Reference: portals' own labels, "No. de" read as "número de", money labels,
a portal's serial giving way to the buyer's code, a field in a heading's right column, a page
header, a law's number. Buyer: a PDF's running header, a portal's banner, an address after the
name, a column of stacked labels.
"""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.buyer import find_buyer
from tenderctl.authoring.draft.labels import reference_strength, title_strength
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.mail import header_lines
from tenderctl.authoring.draft.reference import find_reference
from tenderctl.authoring.draft.title import find_title

DEADLINE = "\nDeadline for submission: 1 May 2026 12:00 UTC\n"


def buyer(text: str, title: str | None = None) -> str | None:
    return find_buyer(text, fold_same_length(text), title)[0]


def reference(text: str) -> str | None:
    return find_reference(text, fold_same_length(text))[0]


def title(text: str, ref: str | None = None) -> str:
    return find_title(text, fold_same_length(text), ref)[0]


# --- title ----------------------------------------------------------------------------------


MAIL = (
    "De: Compras <compras@example.org>\nEnviado: lunes, 4 de octubre de 2027\nPara: proveedores\n"
    "Asunto: RV: Proceso SA-19-2027 publicado - favor revisar\n\nBuenos días,\n\n"
)


def test_a_message_subject_gives_way_to_the_notice_below() -> None:
    text = MAIL + "HOSPITAL DE NARIÑO\nObjeto: Suministro de gases medicinales para las sedes del hospital\n"
    assert title(text) == "Suministro de gases medicinales para las sedes del hospital"


def test_a_message_subject_is_the_last_resort_without_its_forward_marks() -> None:
    text = MAIL.replace("Proceso SA-19-2027 publicado - favor revisar", "SA-19-2027 - Suministro de gases medicinales")
    assert title(text + "Gracias.\n", "SA-19-2027") == "Suministro de gases medicinales"


def test_a_letters_date_and_subject_are_no_message_header() -> None:
    lines = ["date : 3 mars 2027", "objet : fourniture de mobilier", "", "de : service achats", "a : liste"]
    assert header_lines(lines) == frozenset({3, 4})


def test_a_forms_blank_is_no_title() -> None:
    text = 'Description: Supply of pallet racking for the Lusaka hub\n  - Subject line: "RFQ/2027/61 - [Company name]".\n'
    assert title(text) == "Supply of pallet racking for the Lusaka hub"


def test_a_letters_closing_is_no_title() -> None:
    text = "Kia ora,\n\nThe council invites quotes.\n\nNga mihi,\nAroha Tane\nProcurement Advisor\n"
    assert "Aroha" not in title(text)


# --- reference ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["codigo del proceso", "proceso de compra", "numero de acto", "opportunity id", "no. de licitacion", "n.o do concurso", "expte."],
)
def test_portal_labels_name_the_reference(label: str) -> None:
    assert reference_strength(label) >= 2


@pytest.mark.parametrize("label", ["precio de referencia", "valor de referencia", "reference price", "no sistema licitacoes-e"])
def test_money_and_a_portals_system_number_are_no_reference(label: str) -> None:
    assert reference_strength(label) == 0


def test_a_portals_serial_gives_way_to_the_buyers_code() -> None:
    text = "Référence de l'avis : 27-029904\nNuméro de la consultation : CCPL-2027-TX-06\n"
    assert reference(text) == "CCPL-2027-TX-06"
    heading = "CONVOCA A LICITACIÓN PÚBLICA No. HRC-LIC-03-2027\n\nNOG: 21875427\n"
    assert reference(heading) == "HRC-LIC-03-2027"


def test_a_buyers_number_without_letters_stays() -> None:
    assert reference("Licitación Pública N° 123/2026\nExpediente: 2026-00412\n") in {"123/2026", "2026-00412"}


def test_a_field_in_the_right_column_of_a_heading() -> None:
    assert reference("ANUNCIO DE LICITACIÓN                          Expte.: 27/SUM/0031\n") == "27/SUM/0031"


def test_a_page_header_and_a_laws_number_are_no_reference() -> None:
    assert reference("RFP No. FFA-2027-113                     Page 3 of 14\n") == "FFA-2027-113"
    text = "Nos termos do Decreto-Lei n.º 22/2022, aberto a todos.\nADJUDICACIÓN SIMPLIFICADA N.º 031-2027-GRA\n"
    assert reference(text) == "031-2027-GRA"


def test_a_kind_and_a_code_without_a_number_sign() -> None:
    assert reference("MercadoPublico.cl\n\nLicitación Pública  2271-14-LQ27\nEstado: Publicada\n") == "2271-14-LQ27"


def test_no_word_is_cut_for_its_letter_n() -> None:
    assert reference("Licitación Pública Nacional LPN-GADT-015/2027\n") == "LPN-GADT-015/2027"


# --- buyer ----------------------------------------------------------------------------------


def test_the_organisation_of_a_running_header() -> None:
    page = "Office of the Auditor General of Belize                  Page {} of 6\n\nBid Reference: OAG-02-2027\n\n"
    assert buyer(page.format(1) + "Some text.\n\n" + page.format(2)) == "Office of the Auditor General of Belize"


def test_a_portals_banner_is_no_buyer() -> None:
    text = "Compras · Portal Nacional · compras.example.gov.br\nInício > Editais\n\nPREFEITURA MUNICIPAL DE JOINVILLE\n\nObjeto: X\n"
    assert buyer(text) == "PREFEITURA MUNICIPAL DE JOINVILLE"


def test_an_address_after_the_name_ending_with_the_country() -> None:
    assert buyer("Entidad contratante: Agencia del Agua, Av. Amazonas N34-451, Quito, Ecuador\n") == "Agencia del Agua"
    assert buyer("Entidad contratante: Ministerio de Salud, Dirección de Compras\n") == "Ministerio de Salud, Dirección de Compras"


def test_stacked_labels_of_a_portals_page() -> None:
    text = (
        "Tender Details\n\nTender Number\nGDE-0093/2027\nDescription\nSupply of learner furniture to 41 schools\n"
        "Department\nGauteng Department of Education\nClosing Date\n2027-10-29 11:00\n"
    )
    assert buyer(text) == "Gauteng Department of Education"
    assert title(text) == "Supply of learner furniture to 41 schools"


def test_the_tenders_title_is_no_buyer() -> None:
    text = "Contracts Finder\nOpportunity\n\nGrounds Maintenance Services 2028-2032\nBorough Council of Eastmoor\n\nPublished date: 4 October 2027\n"
    assert buyer(text, "Grounds Maintenance Services 2028-2032") == "Borough Council of Eastmoor"


def test_the_whole_draft_of_a_forwarded_notice() -> None:
    text = MAIL + "ESE HOSPITAL DE NARIÑO\nNúmero del proceso: SA-19-2027\nObjeto: Suministro de gases medicinales\n"
    draft = draft_from_text(text + DEADLINE)
    assert (draft.reference, draft.title) == ("SA-19-2027", "Suministro de gases medicinales")


def test_a_title_in_quotes_over_two_lines() -> None:
    text = (
        "DIARIO OFICIAL — jueves 9 de septiembre de 2027 — Página 27\n\nHOSPITAL REGIONAL DE CUILAPA\n\n"
        'CONVOCA A LICITACIÓN PÚBLICA No. HRC-LIC-03-2027\n\n"ADQUISICIÓN DE OXÍGENO MEDICINAL EN CILINDROS PARA\n'
        'EL HOSPITAL REGIONAL DE CUILAPA"\n\nSe invita a presentar ofertas.\n'
    )
    assert title(text, "HRC-LIC-03-2027") == "ADQUISICIÓN DE OXÍGENO MEDICINAL EN CILINDROS PARA EL HOSPITAL REGIONAL DE CUILAPA"


def test_what_the_notices_kind_and_number_are_for() -> None:
    text = (
        "RÉPUBLIQUE DU CAMEROUN\nPaix - Travail - Patrie\n\nCOMMUNAUTÉ URBAINE DE DOUALA\nCOMMUNIQUÉ RECTIFICATIF\n\n"
        "relatif à l'Appel d'Offres National Ouvert n° 018/AONO/CUD/2027 pour les travaux de curage\n"
        "des drains primaires du bassin versant de la Mbopi\n\nLe calendrier est modifié.\n"
    )
    assert title(text) == "travaux de curage des drains primaires du bassin versant de la Mbopi"


@pytest.mark.parametrize("label", ["estimated cost put to tender", "pre-tender site visit", "tender opening", "tender security"])
def test_a_tenders_money_and_events_are_no_title_label(label: str) -> None:
    assert title_strength(label) == 0


def test_an_amount_or_a_span_of_time_is_no_title() -> None:
    text = "Name of Work: Special repairs to roofs of quarters at Shivaji Nagar\nEstimated cost put to tender: Rs. 86,42,300/-\n"
    assert title(text) == "Special repairs to roofs of quarters at Shivaji Nagar"
    assert title("Objeto: 24 meses, con inicio previsto en enero\nSupervisión de las obras de drenaje de Malabo\n") != (
        "24 meses, con inicio previsto en enero"
    )
