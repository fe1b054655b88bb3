"""Round 12, rules: the bid's delivery form read as files, a choice of languages, lists that are not papers.

Each case is a sentence written for the category (not taken from the corpus), varied the way notices
word it; a third of them are kept in test_draft_round12_rules_setaside.py.
"""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft.requirements import classify


def rules(sentence: str) -> set[str]:
    return {requirement.rule for requirement in classify(sentence) if requirement.rule}


@pytest.mark.parametrize(
    "sentence",
    [
        # number of copies
        "Bidders shall submit one (1) original and three (3) copies of their bid.",
        "Les offres seront présentées en un original et deux copies, sous peine de rejet.",
        "La oferta deberá presentarse en original y dos copias debidamente foliadas.",
        # a refused channel
        "Tenders sent by fax or e-mail will not be accepted.",
        "No se aceptarán ofertas enviadas por correo electrónico.",
        "Não serão aceites propostas enviadas por correio eletrónico.",
        # the one channel, said with "only"
        "Quotations must be submitted through the eProcure portal only.",
        "Les offres sont transmises exclusivement par voie électronique sur la plateforme régionale.",
        # the one channel, said with a modal verb
        "Proposals shall be submitted electronically through the Tender Portal before the closing time.",
    ],
)
def test_a_sentence_fixing_the_delivery_is_files(sentence: str) -> None:
    assert "files" in rules(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # an envelope alone: how the bid is wrapped, not its files
        "Bids must be enclosed in a sealed envelope clearly marked with the tender number.",
        "Les offres doivent être remises sous pli fermé au secrétariat de la mairie.",
        # a channel offered beside another
        "Las ofertas deberán entregarse en sobre cerrado en la oficina de compras, o por vía electrónica en la plataforma.",
        "Tenders shall be delivered by hand to the Tender Box or submitted through the e-GP portal.",
        # where the prices go
        "The price offer shall be uploaded only in the commercial envelope of the system.",
        # a channel for questions
        "Questions must be sent by e-mail only to procurement@example.org.",
    ],
)
def test_a_sentence_not_fixing_the_files_is_not_files(sentence: str) -> None:
    assert "files" not in rules(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Bids must be written in English or French.",
        "Les offres doivent être rédigées en français ou en anglais.",
        "As propostas devem ser redigidas em língua portuguesa ou inglesa.",
        "Languages in which tenders may be submitted: Dutch, French",
        # one language asked, another allowed for some papers: the asked one counts
        "Les offres sont rédigées en français ; les catalogues peuvent être fournis en anglais.",
    ],
)
def test_a_language_the_bid_must_use_is_language(sentence: str) -> None:
    assert "language" in rules(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Tenders may be submitted in English or French.",
        "Las propuestas podrán presentarse en español o en inglés.",
        "Les soumissions seront rédigées en anglais ou en français.",
    ],
)
def test_a_choice_of_languages_offered_is_not_language(sentence: str) -> None:
    assert "language" not in rules(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Returnable schedules (Bid Form, Price Schedule, Declaration Form) must be completed and signed by the bidder.",
        "El formulario de oferta (Anexo 1) debe estar firmado por el representante legal.",
        "Les annexes techniques peuvent être rédigées en anglais.",
        "Each form shall be uploaded as a separate PDF file not larger than 5 MB.",
    ],
)
def test_a_sentence_on_how_papers_are_made_lists_no_papers(sentence: str) -> None:
    assert "required-documents" not in rules(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The bid must include a signed Form of Tender, a valid tax clearance certificate and the certificate of incorporation.",
        "La propuesta deberá estar firmada y contener el Formulario A-2 Declaración jurada y el certificado de RUC.",
    ],
)
def test_papers_the_bid_must_hold_are_required_documents(sentence: str) -> None:
    assert "required-documents" in rules(sentence)


def test_a_numbered_item_wrapped_over_indented_lines_keeps_the_list_going() -> None:
    from tenderctl.authoring.draft.lists import numbered_lists

    text = (
        "HOW TO APPLY\n"
        "1. Quotations must reach the tender mailbox before the closing time; late ones\n"
        "   are returned unopened.\n"
        "2. The price schedule goes in its own file, protected by a password that the\n"
        "   bidder keeps until the evaluation committee asks for it during the\n"
        "   financial evaluation.\n"
        "3. The quotation must include a valid business licence and a tax certificate.\n"
    )
    ((heading, items),) = numbered_lists(text)
    assert heading == "HOW TO APPLY"
    assert [item.number for item in items] == [1, 2, 3]
    assert items[1].body.endswith("financial evaluation.")


def test_a_paragraph_after_the_numbered_items_ends_the_list() -> None:
    from tenderctl.authoring.draft.lists import numbered_lists

    text = "Steps\n1. Register on the portal\nRegistration is free of charge.\n2. Download the documents\nThey are in PDF.\n\nOther text.\n"
    ((_heading, items),) = numbered_lists(text)
    assert [(item.heading, item.body) for item in items] == [
        ("Register on the portal", "Registration is free of charge."),
        ("Download the documents", "They are in PDF."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Justificatifs à produire : extrait du registre du commerce ; attestation de la caisse de sécurité sociale.\n",
        "Documentación de presentación obligatoria:\n- Declaración jurada de datos del postor\n- Constancia de inscripción en el RNP\n",
        "Documentos que constituem a proposta:\n(a) Carta de apresentação;\n(b) Certidão de quitação fiscal;\n",
    ],
)
def test_a_label_announcing_the_papers_to_supply_asks_for_them(text: str) -> None:
    from tenderctl.authoring.draft import draft_from_text

    deadline = "\nClosing date: 14 June 2027 at 10:00 (UTC+1).\n"
    assert "required-documents" in {check.rule for check in draft_from_text(text + deadline).checks}


@pytest.mark.parametrize(
    "text",
    [
        "ITB 20.1  Number of copies: one (1) original and two (2) copies.\n",
        "Electronic submission of bids will not be permitted.\n",
        "La soumission par voie électronique n'est pas autorisée.\n",
        "No hard copy bids shall be accepted.\n",
    ],
)
def test_copies_or_a_refused_channel_without_a_modal_is_files(text: str) -> None:
    from tenderctl.authoring.draft import draft_from_text

    deadline = "\nClosing date: 14 June 2027 at 10:00 (UTC+1).\n"
    assert "files" in {check.rule for check in draft_from_text(text + deadline).checks}


def test_a_refused_channel_for_questions_is_not_files() -> None:
    from tenderctl.authoring.draft import draft_from_text

    text = "Requests for clarification sent by fax will not be accepted.\nClosing date: 14 June 2027 at 10:00 (UTC+1).\n"
    assert "files" not in {check.rule for check in draft_from_text(text).checks}


@pytest.mark.parametrize(
    "text",
    [
        "The RFQ includes the following documents:\n- Annex A: Technical Specifications\n- Annex B: Quotation Form\n",
        "Le DAO comprend les pièces suivantes :\n- le règlement de la consultation ;\n- le formulaire de soumission ;\n",
    ],
)
def test_the_notices_own_documents_are_not_asked_of_the_bid(text: str) -> None:
    from tenderctl.authoring.draft import draft_from_text

    deadline = "\nClosing date: 14 June 2027 at 10:00 (UTC+1).\n"
    assert "required-documents" not in {check.rule for check in draft_from_text(text + deadline).checks}


@pytest.mark.parametrize(
    "sentence",
    [
        "El adjudicatario deberá presentar el certificado de antecedentes penales dentro de los cinco días hábiles.",
        "Le titulaire pressenti devra produire les attestations fiscales et sociales sous huit jours.",
        "The successful bidder shall furnish a performance security and a tax compliance certificate.",
    ],
)
def test_the_winners_papers_are_not_the_bids(sentence: str) -> None:
    assert "required-documents" not in rules(sentence)


def test_the_winners_signature_beside_the_bids_keeps_the_bids() -> None:
    sentence = "Le pli est signé électroniquement par le candidat ; à défaut, l'attributaire signera le marché."
    assert "signature" in rules(sentence)


@pytest.mark.parametrize(
    "text",
    [
        "- Las cotizaciones se enviarán exclusivamente a la dirección compras.ofertas@example.org.\n",
        "No se aceptarán propuestas enviadas por servicio de mensajería.\n",
        "Las ofertas enviadas por correo postal no serán permitidas.\n",
        "- Tamaño máximo de cada mensaje: 12 MB.\n",
    ],
)
def test_more_ways_of_fixing_the_delivery_are_files(text: str) -> None:
    from tenderctl.authoring.draft import draft_from_text

    deadline = "\nFecha límite: 14 de junio de 2027 a las 10:00 (UTC-5).\n"
    assert "files" in {check.rule for check in draft_from_text(text + deadline).checks}


def test_a_lettered_item_with_a_label_stays_in_the_list_of_papers() -> None:
    from tenderctl.authoring.draft import draft_from_text

    text = (
        "LES OFFRES DOIVENT ETRE ACCOMPAGNEES DES PIECES SUIVANTES :\n"
        "A/ DOSSIER ADMINISTRATIF : EXTRAIT DE ROLE, ATTESTATION DE MISE A JOUR CNAS.\n"
        "B/ OFFRE TECHNIQUE : MEMOIRE TECHNIQUE, PLANNING.\n"
        "\nDate limite : 14 juin 2027 à 10 h 00 (UTC+1).\n"
    )
    assert "required-documents" in {check.rule for check in draft_from_text(text).checks}


def test_a_word_broken_at_a_pdf_lines_end_is_read_whole() -> None:
    from tenderctl.authoring.draft import draft_from_text

    text = (
        "12.1 - As propostas são obrigatoriamente redigidas em língua portu-\n"
        "guesa e entregues no endereço indicado.\n"
        "\nPrazo: 14 de junho de 2027, às 10h00 (UTC+1).\n"
    )
    (check,) = [c for c in draft_from_text(text).checks if c.rule == "language"]
    assert check.options["languages"] == ["pt"]


@pytest.mark.parametrize(
    ("sentence", "wanted"),
    [
        ("Los precios deberán cotizarse en dólares, indicando por separado el IVA.", False),
        ("Prices must be quoted in euros, with VAT shown separately.", False),
        ("The financial proposal must be submitted separately from the technical proposal.", True),
    ],
)
def test_taxes_shown_apart_are_no_envelope_of_their_own(sentence: str, wanted: bool) -> None:
    assert ("no-financials" in rules(sentence)) is wanted
