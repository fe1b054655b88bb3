"""Reference, buyer, title and requirements: the seventh round's mechanisms, each on texts of its own.

Requirements: items under a lead-in ("must contain:"), requirements said as facts ("Le pli est
signé"), annexes and named forms, CVs refused after the word, page counts in words, prices
that disqualify a technical proposal, languages the rule cannot check. Header: wrapped titles
and field values joined, paragraph lines, sentences and addresses refused, one-word labels,
"invites proposals for X", dashes as written. Buyer: name-and-address labels, units acting for
their organisation, officials and appositions, form fields, bilingual names.
"""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft import draft_from_text, validate_draft
from tenderctl.authoring.draft.buyer import find_buyer, one_language
from tenderctl.authoring.draft.header import as_written
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.reference import find_reference
from tenderctl.authoring.draft.requirements import classify
from tenderctl.authoring.draft.title import find_title

DEADLINE = "\nDeadline for submission: 1 May 2026 12:00 UTC\n"


def rules(text: str) -> dict[str, dict[str, object]]:
    """The draft's checks of ``text`` (with a deadline added), by rule, with their options."""
    return {check.rule: check.options for check in draft_from_text(text + DEADLINE).checks}


def classified(sentence: str) -> set[str]:
    return {requirement.rule for requirement in classify(sentence) if requirement.rule}


def buyer(text: str) -> str | None:
    return find_buyer(text, fold_same_length(text))[0]


def reference(text: str) -> str | None:
    return find_reference(text, fold_same_length(text))[0]


def title(text: str) -> str:
    return find_title(text, fold_same_length(text), None)[0]


# --- requirements ---------------------------------------------------------------------------


def test_items_under_a_lead_in_are_requirements() -> None:
    text = (
        "Instructions\n\nThe technical proposal must contain:\n"
        "   (a) the CVs of the proposed key personnel, each signed by the person concerned;\n"
        "   (b) the following documents:\n"
        "         (i)  Certificate of Registration of the firm;\n"
        "         (ii) Form B: Proposal Submission Form.\n"
    )
    found = rules(text)
    assert {"cvs", "signature", "required-documents"} <= set(found)
    assert any("Certificate of Registration" in name for name in found["required-documents"]["files"])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "Requisitos de calificación:\n- Copia de la constancia de inscripción en el RNP;\n- Declaración jurada de no tener impedimento.\n",
        "Os licitantes deverão apresentar os seguintes documentos:\nI - certidão negativa de débitos;\nII - atestado de capacidade técnica.\n",
    ],
)
def test_a_requirements_heading_and_roman_items(text: str) -> None:
    files = rules("Condiciones\n\n" + text)["required-documents"]["files"]
    assert len(files) == 2  # type: ignore[arg-type]
    assert not any(name[:1] in "-I" for name in files)  # type: ignore[union-attr]


def test_a_list_of_the_work_asks_nothing_of_the_bid() -> None:
    text = "Scope\n\nThe consultant shall perform the following tasks:\n- review the CVs of the ministry's staff;\n- draft the certificates of completion.\n"
    assert not {"cvs", "required-documents"} & set(rules(text))


def test_a_list_of_what_the_notice_attaches_asks_nothing() -> None:
    text = "The following documents are attached to this RFP:\n- Annex 1 - Terms of Reference\n- Annex 2 - Draft contract\n"
    assert "required-documents" not in rules("Documents\n\n" + text)
    assert "required-documents" in rules("Documents\n\nThe following documents must be submitted:\n- Annex 1 - Technical form\n")


def test_a_sentence_across_a_pdf_page_break_is_read_whole() -> None:
    text = (
        "UNOPS | RFP/2027/1 | Page 1 of 2\nRequest for proposals\n\nProposals must be written\n"
        "UNOPS | RFP/2027/2 | Page 2 of 2\nin English.\n"
    )
    assert rules(text)["language"] == {"languages": ["en"]}


def test_items_without_a_lead_in_ask_nothing() -> None:
    text = "Our team\n\nWe have worked with:\n- the CVs of our experts on our website;\n- a certificate of merit.\n"
    assert not {"cvs", "required-documents"} & set(rules(text))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Le dossier administratif comprendra :\n- une attestation de non faillite ;\n- une attestation fiscale valide.\n",
            "required-documents",
        ),
        ("Les cabinets intéressés doivent fournir :\n1. une lettre de manifestation signée par le représentant ;\n", "signature"),
        (
            "El proponente deberá adjuntar los siguientes documentos:\n  a) Certificado de existencia;\n  b) Registro Único Tributario.\n",
            "required-documents",
        ),
    ],
)
def test_lead_ins_in_the_other_languages(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Le pli est signé électroniquement par une personne habilitée.", "signature"),
        ("Os documentos são redigidos em língua portuguesa.", "language"),
        ("Los archivos se presentarán en formato PDF, con un tamaño máximo de 25 MB por documento.", "files"),
        ("L'offre technique et l'offre financière sont placées sous plis séparés.", "no-financials"),
    ],
)
def test_requirements_said_as_facts(sentence: str, rule: str) -> None:
    assert rule in rules("Conditions\n\n" + sentence + "\n")


@pytest.mark.parametrize(
    "sentence",
    [
        "Tender documents will be uploaded on the portal in PDF format.",
        "Le dossier d'appel d'offres est remis en format PDF contre paiement.",
    ],
)
def test_what_is_said_of_the_notices_own_documents_asks_nothing(sentence: str) -> None:
    assert rules("Conditions\n\n" + sentence + "\n") == {}


def test_a_fact_that_maps_to_no_rule_is_not_kept_as_a_tip() -> None:
    draft = draft_from_text("Conditions\n\nLes offres sont ouvertes en séance publique." + DEADLINE)
    assert not draft.checks
    assert not any("ouvertes" in note for note in draft.notes)


@pytest.mark.parametrize(
    ("sentence", "wanted"),
    [
        ("Tenderers must complete and lodge the Tender Response Form (Attachment 1) and the Pricing Schedule (Attachment 2).", True),
        ("Los anexos administrativos N° 1, 2 y 3 son obligatorios.", True),
        ("The EOI must include the firm's profile and the EOI Experience Summary template.", True),
        ("Expressions of interest must be delivered in a written form to the address below.", False),
        ("All bids must be accompanied by a Bid-Securing Declaration.", False),
        ("CVs must be submitted in the format provided (Annex 2).", False),
        ("Le pli est signé électroniquement (certificat qualifié eIDAS).", False),
        ("Os curriculum vitae devem ser anexados à proposta técnica.", False),
    ],
)
def test_documents_to_include(sentence: str, wanted: bool) -> None:
    assert ("required-documents" in classified(sentence)) is wanted


def test_a_document_after_a_negation_is_not_asked_for_but_one_named_with_no_is() -> None:
    assert "required-documents" not in classified("Bidders must not attach any certificate of merit.")
    assert "required-documents" in classified(
        "Todas las ofertas deberán estar acompañadas de la Declaración Jurada de no estar inhabilitado."
    )


def test_an_envelope_label_lists_what_the_bid_holds() -> None:
    assert "required-documents" in rules("Condiciones\n\nSobre 1: Declaración responsable conforme al DEUC y anexo II.\n")


@pytest.mark.parametrize(
    "sentence",
    [
        "The EOI must include the firm's profile; CVs are not required at the EOI stage.",
        "Key experts will not be evaluated at the shortlisting stage.",
        "Firms must not attach CVs of individual experts to the Expression of Interest.",
        "No se requiere presentar hojas de vida del personal; las hojas de vida no serán evaluadas.",
        "Não é necessário apresentar currículos do pessoal técnico nesta fase.",
        "Les CV ne doivent pas être joints à la manifestation d'intérêt.",
        "Las propuestas se presentarán sin incluir hojas de vida.",
        "The technical offer may not exceed 15 pages (excluding annexes and CVs).",
    ],
)
def test_cvs_refused_or_excluded_never_give_a_cvs_check(sentence: str) -> None:
    assert "cvs" not in classified(sentence)


def test_cvs_with_a_page_limit_give_both_checks() -> None:
    found = classify("CVs of the team leader must be submitted in the format provided, no more than 4 pages each.")
    assert {r.rule for r in found} == {"cvs", "page-limit"}


@pytest.mark.parametrize(
    ("sentence", "pages"),
    [
        ("The technical proposal shall not exceed twenty (20) pages, font size 11.", 20),
        ("The response to Part B must not exceed 12 A4 pages.", 12),
        ("La propuesta técnica no deberá exceder de 60 páginas.", 60),
    ],
)
def test_page_limits_in_words_and_sizes(sentence: str, pages: int) -> None:
    (limit,) = [r for r in classify(sentence) if r.rule == "page-limit"]
    assert limit.options == {"max": pages}


@pytest.mark.parametrize(
    ("sentence", "pages"),
    [
        ("Technical proposals: maximum 20 pages.", 20),
        ("Proposals should not exceed 10 pages.", 10),
        ("La oferta técnica tendrá una extensión máxima de 30 páginas.", 30),
        ("Le mémoire technique est limité à 10 pages.", 10),
        ("A proposta técnica terá no máximo 25 páginas.", 25),
        ("The Terms of Reference (maximum 12 pages) are attached.", None),
    ],
)
def test_a_page_limit_needs_no_modal_verb(sentence: str, pages: int | None) -> None:
    assert rules("Conditions\n\n" + sentence + "\n").get("page-limit") == ({"max": pages} if pages else None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Each page of the bid must be initialled by the bidder.",
        "Chaque page de l'offre doit être paraphée.",
        "Todas las hojas de la oferta deberán estar rubricadas.",
    ],
)
def test_initials_on_every_page_are_a_signature(sentence: str) -> None:
    assert "signature" in classified(sentence)


@pytest.mark.parametrize(
    ("sentence", "wanted"),
    [
        ("Any technical proposal revealing price information will be disqualified.", True),
        ("Any technical proposal that includes prices will be rejected.", True),
        ("En este sobre no deberá incluirse ninguna información relativa al precio ofertado.", True),
        ("Technical proposals scoring below 70 will be rejected and their financial proposals returned unopened.", False),
    ],
)
def test_prices_that_disqualify_a_technical_proposal(sentence: str, wanted: bool) -> None:
    assert ("no-financials" in classified(sentence)) is wanted


def test_a_language_the_rule_cannot_check_is_a_check_with_a_review_line() -> None:
    draft = draft_from_text("5.1.12 Terms\nLanguages in which tenders may be submitted: German" + DEADLINE)
    (check,) = [c for c in draft.checks if c.rule == "language"]
    assert check.options == {"languages": ["de"]}
    assert "cannot be checked" in check.reviews[0]
    _yaml, problems = validate_draft(draft)
    assert problems == []


def test_a_known_language_beside_an_unknown_one_is_checked_and_the_other_named() -> None:
    (check,) = [r for r in classify("Languages in which tenders may be submitted: Danish, English") if r.rule == "language"]
    assert check.options == {"languages": ["en"]}
    assert "da cannot be checked" in check.why


# --- titles ---------------------------------------------------------------------------------


def test_a_title_wrapped_at_a_dash_or_a_lower_case_line_is_joined() -> None:
    text = (
        "Alliance Solidarité Grands Lacs (ASGL)\nAppel d'offres ouvert n° ASGL/AO/2027/007\n"
        "Fourniture et livraison de kits d'abris d'urgence et d'articles ménagers essentiels -\n"
        "Nord-Kivu (territoires de Rutshuru et Masisi)\n\nPublié le 22 février 2027\n"
    )
    assert title(text).endswith("essentiels - Nord-Kivu (territoires de Rutshuru et Masisi)")
    text = "RFQ Ref: MRI/2027/031\nSupply and delivery of 1,200 solar lanterns and 600 family water filters\nto Bor, Jonglei State\n\nMRI invites suppliers.\n"
    assert title(text) == "Supply and delivery of 1,200 solar lanterns and 600 family water filters to Bor, Jonglei State"


def test_a_field_value_wrapped_onto_the_next_line_is_joined() -> None:
    text = (
        "OBJETO: Contratação de empresa especializada para execução\ndas obras de construção da Unidade Básica de Saúde.\n\nOutros dados\n"
    )
    assert title(text) == "Contratação de empresa especializada para execução das obras de construção da Unidade Básica de Saúde"


@pytest.mark.parametrize(
    "line",
    [
        "All times are Dhaka local time.",
        "Bid documents are available from 8 February 2027 on the eTenders portal at no cost.",
        "Plot 18, Kira Road, Kamwokya - Kampala, Uganda",
    ],
)
def test_sentences_and_addresses_are_never_titles(line: str) -> None:
    text = f"NILE BASIN HEALTH ALLIANCE\n{line}\n\nRehabilitation of the Kira health centre water supply\n\nDate: 1 March 2027\n"
    assert title(text) == "Rehabilitation of the Kira health centre water supply"


def test_the_first_line_of_a_paragraph_is_not_a_title() -> None:
    text = (
        "AGENCE NATIONALE DE L'EAU\n\n"
        "Dans le cadre de l'exécution du Programme d'Accès Universel à l'Eau, financé par la Banque\n"
        "Ouest Africaine de Développement, la Personne Responsable des Marchés invite les cabinets\n"
        "qualifiés à manifester leur intérêt.\n"
    )
    assert not title(text).startswith("Dans le cadre")


def test_a_one_word_label_alone_on_its_line_takes_the_next() -> None:
    text = "1.1 Acheteur\nActivité du pouvoir adjudicateur\nServices généraux des administrations publiques\n\nTitre\nNettoyage et hygiène des locaux des médiathèques\nDescription\nPrestations de nettoyage.\n"
    assert title(text) == "Nettoyage et hygiène des locaux des médiathèques"


def test_what_the_first_sentence_invites_proposals_for() -> None:
    text = (
        "unicef | for every child                REQUEST FOR PROPOSAL FOR SERVICES\n\n"
        "The United Nations Children's Fund (UNICEF) invites qualified service providers to submit a\n"
        "proposal for the establishment of Long Term Arrangements for third-party monitoring of WASH activities.\n"
    )
    assert title(text) == "establishment of Long Term Arrangements for third-party monitoring of WASH activities"


def test_a_title_in_capitals_that_names_a_purchase() -> None:
    text = "MINISTÈRE DE LA SANTÉ\nAVIS D'APPEL D'OFFRES N° 12/2027\n\nTRAVAUX DE CONSTRUCTION D'UN CENTRE DE SANTÉ À KAOLACK\n\nLe Ministère de la Santé lance un appel d'offres.\n"
    assert title(text) == "TRAVAUX DE CONSTRUCTION D'UN CENTRE DE SANTÉ À KAOLACK"


def test_a_quoted_title_in_the_invitation_and_a_tender_label() -> None:
    text = 'Ministry of Roads\nINVITATION FOR BIDS\n\nThe Ministry of Roads invites sealed bids for "Rehabilitation of the Kasama road (48 km)".\n'
    assert title(text) == "Rehabilitation of the Kasama road (48 km)"
    assert (
        title("Tender: Construction of rural feeder roads in Mchinji\nClosing: 3 May 2027\n")
        == "Construction of rural feeder roads in Mchinji"
    )


def test_a_weak_label_whose_value_names_a_purchase() -> None:
    text = "eTenders - National Treasury, Republic of South Africa\nBID NUMBER: UHLM/INF/2027/009\nDESCRIPTION: Construction of Mbizana Road Phase 3 paving\n"
    assert title(text) == "Construction of Mbizana Road Phase 3 paving"


def test_a_value_keeps_the_dashes_of_the_notice() -> None:
    original = "Lot 3 (Argungu – Augie corridor)\n"
    plain = original.replace("–", "-")
    assert as_written("Lot 3 (Argungu - Augie corridor)", plain, original) == "Lot 3 (Argungu – Augie corridor)"
    assert "–" in draft_from_text("Title: Roads of Argungu – Augie corridor" + DEADLINE).title


# --- buyer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "Nom et adresse officiels de l'organisme acheteur : Ville de Marseille-Estaque, Direction de\nla commande publique.\n"
            "Référence acheteur : 2027-TRV-011\n",
            "Ville de Marseille-Estaque",
        ),
        (
            "NIF e designação da entidade adjudicante:\n507 000 318 - Município de Vila Nova do Sabor\nEndereço: Praça 1\n",
            "Município de Vila Nova do Sabor",
        ),
        (
            "Sección I: Poder adjudicador\nNombre oficial: Consorcio de Aguas del Nervión\nLocalidad: Bilbao\n",
            "Consorcio de Aguas del Nervión",
        ),
        (
            "Organismo demandante\nRazón social:     Servicio de Salud Arauco Interior\nUnidad de compra: Hospital Alto\n",
            "Servicio de Salud Arauco Interior",
        ),
        (
            "1.- Entidad adjudicadora:\n  a) Organismo: Autoridad Portuaria de Gran Canaria Sur.\n"
            "  b) Dependencia que tramita el expediente: Departamento de Contratación.\n",
            "Autoridad Portuaria de Gran Canaria Sur",
        ),
        (
            "Recruiting ADB Department:  Central and West Asia Department\nExecuting Agency:  Roads Department of Georgia\n",
            "Roads Department of Georgia",
        ),
    ],
)
def test_buyer_labels(text: str, wanted: str) -> None:
    assert buyer(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # a unit acting for its ministry: the ministry; a unit of a named agency: the agency
        (
            "A Unidade de Gestão do Projeto (UGP-PAES), em nome do Ministério da Energia e Recursos Naturais, convida os proponentes.",
            "Ministério da Energia e Recursos Naturais",
        ),
        (
            "AGENCE NATIONALE DE L'EAU (ANE)\n\nLa Personne Responsable des Marchés Publics de l'ANE, pour le compte du Ministère de l'Eau, invite les cabinets.",
            "AGENCE NATIONALE DE L'EAU (ANE)",
        ),
        # an organisation acting for another stays the buyer
        (
            "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH, on behalf of the Federal Ministry, is seeking offers.",
            "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH",
        ),
        # an official and a role after a comma
        ("Le Maire de la Commune de Bafoussam Ier, Maître d'Ouvrage, lance un appel d'offres.", "Commune de Bafoussam Ier"),
        (
            "AGENCE DE GESTION DES ROUTES (AGEROUTE)\n\nL'AGEROUTE, Maître d'Ouvrage Délégué, agissant pour le compte du Ministère, invite les entreprises.",
            "AGENCE DE GESTION DES ROUTES (AGEROUTE)",
        ),
        (
            "L'Alliance Solidarité Grands Lacs (ASGL), organisation non gouvernementale internationale intervenant en RDC, lance le présent appel.",
            "Alliance Solidarité Grands Lacs (ASGL)",
        ),
    ],
)
def test_buyer_prose(text: str, wanted: str) -> None:
    assert buyer(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Issued by: Procurement and Supplies Unit, Ministry of Health\n", "Ministry of Health"),
        ("Autorité contractante : Agence d'Exécution (AGETIP), pour le compte de la Commune de Kaolack\n", "Agence d'Exécution (AGETIP)"),
        ("Entidad: SERVICIO DE SALUD DEL MAULE, Hospital Regional de Talca\n", "SERVICIO DE SALUD DEL MAULE, Hospital Regional de Talca"),
        ("Entidad contratante: Municipalidad Distrital de San Isidro / Gerencia de Logística\n", "Municipalidad Distrital de San Isidro"),
        ("Purchaser: The Ministry of Finance, represented by the Director of Procurement\n", "Ministry of Finance"),
        (
            "Plataforma eletrónica utilizada pela entidade adjudicante: acinGov\nDesignação da entidade adjudicante: Município de Braga\n",
            "Município de Braga",
        ),
        ('Client: Ministry of Energy (the "Client")\n', "Ministry of Energy"),
        ("Maître d'ouvrage : Commune de Thiès, représentée par son Maire\n", "Commune de Thiès"),
        ("Contratante: Companhia de Saneamento Básico (SABESP), CNPJ 43.776.517/0001-80\n", "Companhia de Saneamento Básico (SABESP)"),
    ],
)
def test_a_labelled_unit_of_an_organisation_or_an_agent(text: str, wanted: str) -> None:
    assert buyer(text) == wanted


def test_a_sentence_at_the_top_is_no_organisation_a_one_word_name_is_kept() -> None:
    text = "Request for Proposals RFP-2027-88\nProvision of translation services\n\nThe Secretariat invites proposals for the provision of translation services.\n"
    assert buyer(text) == "Secretariat"


def test_a_verb_inside_a_word_is_no_verb() -> None:
    text = "AVIS\nRecrutement d'un cabinet pour le contrôle et la surveillance des travaux\n\nAgence Nationale de l'Eau\n"
    assert buyer(text) != "Recrutement d'un cabinet pour le contrôle et la surveil"


def test_a_form_field_at_the_top_is_not_the_buyer_an_acronym_line_is() -> None:
    assert (
        buyer("REQUEST FOR QUOTATION (RFQ)\n\nUNDP Timor-Leste\n\nNAME & ADDRESS OF FIRM\n____\n\nDATE:\n25 February 2027\n")
        == "UNDP Timor-Leste"
    )


def test_a_bilingual_name_keeps_the_notices_half() -> None:
    both = "Public Services and Procurement Canada / Services publics et Approvisionnement Canada"
    assert one_language(both, "en") == "Public Services and Procurement Canada"
    assert one_language(both, "fr") == "Services publics et Approvisionnement Canada"
    assert one_language("COMMUNE DE BAFOUSSAM IER / BAFOUSSAM 1ST COUNCIL", "fr") == "COMMUNE DE BAFOUSSAM IER"
    assert one_language("Direction des achats / Procurement", None) == "Direction des achats / Procurement"
    lines = "Tender notice / Avis d'appel d'offres\nTitle / Titre: Snow removal\nClosing date / Date de clôture: 2027/03/04\n"
    assert buyer(lines + "Contracting authority / Autorité contractante:\n" + both + "\n") == "Public Services and Procurement Canada"


# --- reference ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Préstamo BID N° 4567/OC-PE\nLicitación Pública Nacional N° LPN-007-2027-PNSR\n", "LPN-007-2027-PNSR"),
        ("Prêt FAD n° 2100150049871\nAOI n° 004/ONAS/PAZ2/2027\n", "004/ONAS/PAZ2/2027"),
        ("Approval Number:  4711\nProject Number:   55120-002\nPackage Number:   RBRS-CS-03\n", "RBRS-CS-03"),
        ("EDITAL DE CONCORRÊNCIA ELETRÔNICA Nº\n004/2027-CPL/PMIRN\n", "004/2027-CPL/PMIRN"),
        ("AVISO DE LICITAÇÃO – PREGÃO PRESENCIAL Nº 011/2027\n", "011/2027"),
        ("Your Ref: ACME-2027-99\nOur Ref: UNDP/TL/2027/RFQ-012\n", "UNDP/TL/2027/RFQ-012"),
    ],
)
def test_the_notices_own_number_not_the_funders(text: str, wanted: str) -> None:
    assert reference(text) == wanted


def test_a_notice_in_a_language_draft_does_not_read_says_so() -> None:
    text = (
        "Bekanntmachung\n\nDie Stadtwerke Hafenau GmbH schreibt die Wartung der Anlagen aus. Die Angebote sind in "
        "deutscher Sprache einzureichen und werden nicht zurückgegeben. Der Auftrag wird für die Dauer von vier Jahren "
        "vergeben; die Unterlagen sind auf der Plattform und bei der Vergabestelle im Rathaus zu erhalten. Die Frist "
        "für die Angebote ist in der Bekanntmachung und auf dem Portal angegeben, die Öffnung ist nicht öffentlich."
    )
    draft = draft_from_text(text + DEADLINE)
    assert any("German" in warning for warning in draft.warnings)
    assert any("German" in reason for reason in draft.reviews["notes"])
    english = draft_from_text("The bids shall be written in English and the offers of the bidders are opened in public. " * 5 + DEADLINE)
    assert not any("German" in warning for warning in english.warnings)


def test_a_code_before_the_name_at_the_top_and_a_titles_full_stop() -> None:
    text = "Pregão Eletrônico Nº 90004/2027\nUASG 158123 - INSTITUTO FEDERAL DO CEARÁ\nObjeto: Aquisição de equipamentos de laboratório.\n"
    assert buyer(text) == "INSTITUTO FEDERAL DO CEARÁ"
    assert title(text) == "Aquisição de equipamentos de laboratório"
    assert title("Title: Audit services for ACME Ltd.\n") == "Audit services for ACME Ltd."


def test_cvs_said_as_a_fact_and_with_a_page_count() -> None:
    assert {"cvs", "signature"} <= set(rules("Offre\n\nLes CV des experts, signés, seront joints à l'offre technique.\n"))
    found = rules("Equipo\n\nHojas de vida del equipo clave (máximo 2 páginas cada una).\n")
    assert found.get("page-limit") == {"max": 2} and "cvs" in found


def test_financial_statements_are_a_document() -> None:
    text = "Bids\n\nBidders shall submit with their bid:\n(a) a Power of Attorney;\n(b) audited financial statements for three years.\n"
    assert rules(text)["required-documents"] == {"files": ["Power of Attorney", "financial statements"]}


def test_a_procurement_department_above_its_university() -> None:
    assert (
        buyer("Department of Procurement Services\nUniversity of Ghana\nLegon, Accra\n\nINVITATION FOR TENDERS\n") == "University of Ghana"
    )
    assert buyer("Department of Public Works and Highways\nRegion VII\n\nINVITATION TO BID\n") == "Department of Public Works and Highways"


def test_a_ted_heading_gives_its_last_part() -> None:
    text = "España – Servicios de limpieza de edificios – Limpieza de los colegios públicos de Usera\n\nAnuncio de licitación\n"
    assert draft_from_text(text + DEADLINE).title == "Limpieza de los colegios públicos de Usera"
    assert title("Supply of vehicles - Lot 1 - Pick-ups\n\nThe Ministry invites bids.\n") != "Pick-ups"


def test_a_bilingual_header_in_columns_gives_its_first_column() -> None:
    text = (
        "RÉPUBLIQUE DU CAMEROUN                    REPUBLIC OF CAMEROON\n"
        "MINISTÈRE DES TRAVAUX PUBLICS              MINISTRY OF PUBLIC WORKS\n\nAVIS D'APPEL D'OFFRES\n"
        "Les offres seront reçues par la Commission.\n"
    )
    assert buyer(text) == "MINISTÈRE DES TRAVAUX PUBLICS"


def test_a_long_label_line_is_a_field_of_its_own() -> None:
    text = "5.1.12 Terms\nElectronic submission: Required\nLanguages in which tenders or requests to participate may be submitted: German\n"
    (check,) = draft_from_text(text + DEADLINE).checks
    assert check.tip == "Languages in which tenders or requests to participate may be submitted: German"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "ESTADO DO PARÁ\nPREFEITURA MUNICIPAL DE SANTARÉM\n\nAVISO DE LICITAÇÃO\n\nA Comissão Permanente de Licitação torna público que realizará licitação.\n",
            "PREFEITURA MUNICIPAL DE SANTARÉM",
        ),
        (
            "AVISO\n\nA PREFEITURA DE IRANDUBA, por intermédio da Comissão de Licitação, torna público que realizará licitação.\n",
            "PREFEITURA DE IRANDUBA",
        ),
        ("AVISO\n\nO Fundo de Estradas, através da sua UGEA, convida os concorrentes.\n", "Fundo de Estradas"),
    ],
)
def test_an_organisation_acting_through_its_unit(text: str, wanted: str) -> None:
    assert buyer(text) == wanted


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Les candidats joindront à leur dossier une copie du registre de commerce et une attestation de la CNSS.", "required-documents"),
        ("Le dossier de candidature sera composé de : une lettre de motivation, un CV détaillé et une copie des diplômes.", "cvs"),
        ("Aucune information financière ne doit figurer dans l'offre technique.", "no-financials"),
    ],
)
def test_french_futures_and_financial_information(sentence: str, rule: str) -> None:
    assert rule in rules("Conditions\n\n" + sentence + "\n")


def test_a_possessive_is_not_part_of_a_documents_name() -> None:
    found = rules("Conditions\n\nApplicants are requested to attach copies of their academic certificates.\n")
    assert found["required-documents"] == {"files": ["academic certificates"]}
