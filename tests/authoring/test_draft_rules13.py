"""Round 13, rules: papers listed without a verb, lead-ins in any tense, consequences said in the
present, the electronic channel made mandatory, refusals that trail, and negatives that stay negative.

Each case is a text written for the category (not taken from the corpus), varied the way notices word
it (labelled lines, bullets, roman items, lines a PDF broke); a third of them are kept in
test_draft_rules13_aside.py.
"""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft import draft_from_text


def rules(text: str) -> set[str]:
    return {check.rule for check in draft_from_text(text).checks}


@pytest.mark.parametrize(
    "text",
    [
        "5. Pièces administratives : attestation de régularité fiscale ; certificat de non-faillite ; extrait du registre de commerce.\n",
        "8. Documentos de habilitação: certidão negativa de débitos federais; alvará de funcionamento; "
        "declaração de inexistência de fato impeditivo.\n",
        "Documentación: constancia de inscripción en el RUPE, certificado de estar al día con la seguridad social "
        "y declaración jurada de no inhabilitación.\n",
        "Eligibility papers: certificate of incorporation; tax clearance certificate; proof of registration with the board.\n",
    ],
)
def test_a_list_of_papers_without_a_verb_is_required_documents(text: str) -> None:
    assert "required-documents" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Pièces administratives exigées\n- Attestation de situation fiscale\n- Attestation CNSS\n",
        "MANDATORY DOCUMENTS\n • Good standing certificate from the revenue authority\n • Certificate of attendance at the site visit\n",
        "Les cabinets intéressés fourniront :\n a) une présentation du cabinet ;\n b) les états financiers certifiés des deux dernières années.\n",
        "3. Tenderers must submit copies of the following:\n     i.   Business registration\n     ii.  Valid Tax Compliance Certificate (KRA)\n",
    ],
)
def test_items_under_a_lead_in_or_heading_are_papers(text: str) -> None:
    assert "required-documents" in rules(text)


def test_a_lead_in_in_the_future_tense_carries_cvs_too() -> None:
    text = "Se deberá acompañar:\n- Registro vigente en el padrón de proveedores.\n- Currículum del residente de obra.\n"
    assert {"required-documents", "cvs"} <= rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Tenderers having a valid trade licence, VAT registration and a tax clearance certificate are eligible.\n",
        "Les documents suivants sont joints au présent avis : attestation de visite type, certificat de garantie type.\n",
        "Our references\n\nWe have worked with:\n- the registration office of the city;\n- a certificate of merit.\n",
    ],
)
def test_papers_held_or_given_ask_nothing(text: str) -> None:
    assert "required-documents" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Toute mention de prix dans l'enveloppe technique entraîne le rejet de l'offre.\n",
        "Any reference to prices in the technical proposal leads to the rejection of the bid.\n",
        "- enveloppe n° 2 « Offre financière » : soumission et bordereau des prix.\n",
    ],
)
def test_prices_kept_out_by_a_consequence_or_their_own_envelope(text: str) -> None:
    assert "no-financials" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "La remise électronique des offres est obligatoire.\n",
        "No se admitirán sobres recibidos después de la hora fijada, aunque el acto de apertura no hubiera comenzado, "
        "ni propuestas remitidas por correo electrónico.\n",
    ],
)
def test_the_one_channel_and_a_trailing_refusal_are_files(text: str) -> None:
    assert "files" in rules(text)


def test_a_requirement_of_the_electronic_mode_is_no_channel() -> None:
    assert "files" not in rules("Para la presentación electrónica, la propuesta debe firmarse con firma digital.\n")


def test_a_signature_asked_of_the_winner_is_not_the_bids() -> None:
    assert "signature" not in rules("La signature électronique de l'acte d'engagement n'est exigée que de l'attributaire.\n")


def test_a_separation_not_required_is_no_rule() -> None:
    found = rules("No se exige la separación de la documentación administrativa y de la oferta económica en sobres distintos.\n")
    assert not {"no-financials", "files"} & found


def test_a_page_count_broken_onto_the_next_line_is_read() -> None:
    assert "page-limit" in rules("La propuesta técnica no deberá exceder veinte\n(20) páginas, sin contar anexos.\n")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Bids shall be in Arabic or English.\n", "language"),
        ("The technical and the commercial offers shall be uploaded separately.\n", "no-financials"),
    ],
)
def test_a_language_said_with_be_in_and_a_commercial_offer_kept_apart(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Offers must be lodged electronically via the state tender portal.\n",
        "No se aceptan ofertas en papel ni por correo electrónico.\n",
        "Format de remise : réponse électronique obligatoire sur la plateforme.\n",
    ],
)
def test_the_channel_in_other_words_is_files(text: str) -> None:
    assert "files" in rules(text)


def test_a_channel_in_a_participle_is_no_delivery_rule() -> None:
    assert "files" not in rules("Les documents déposés par voie électronique sont signés électroniquement.\n")


def test_requirements_after_numbered_steps_are_read() -> None:
    text = (
        "Steps to apply\n1. Register on the portal\n2. Download the documents\n3. Submit your bid\n\n"
        "Other conditions\nThe technical proposal must not exceed 15 pages.\n"
    )
    assert "page-limit" in rules(text)


def test_a_page_count_with_its_paper_size() -> None:
    assert "page-limit" in rules("Contenu du dossier :\n – note de motivation de 4 pages A4 au maximum ;\n – références.\n")
