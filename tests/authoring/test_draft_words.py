"""`draft` reads dates, kinds, zones, amendments and requirements from the words notices use, in EN/FR/ES/PT."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tenderctl.authoring.draft import draft_from_text, find_dates, validate_draft
from tenderctl.authoring.draft.requirements import classify


def instant(result, milestone) -> dt.datetime | dt.date:
    at = milestone.at
    if len(at) == 10:
        return dt.date.fromisoformat(at)
    if "T" in at:
        return dt.datetime.fromisoformat(at).astimezone(dt.UTC)
    zone = ZoneInfo(milestone.timezone or result.timezone)
    return dt.datetime.strptime(at, "%Y-%m-%d %H:%M").replace(tzinfo=zone).astimezone(dt.UTC)


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def only_submission(text: str, **options: str):
    result = draft_from_text(text, **options)
    yaml_text, problems = validate_draft(result)
    assert problems == [], yaml_text
    submissions = [m for m in result.dates if m.kind == "submission"]
    assert len(submissions) == 1, [(m.kind, m.at) for m in result.dates]
    return result, submissions[0]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Offers must be received by March 3, 2026 at 5:00 p.m. (Nairobi local time).", "2026-03-03 14:00"),
        ("Date limite de remise des offres : 1er décembre 2026 à 17h00 (heure de Paris)", "2026-12-01 16:00"),
        ("Presentación de ofertas: 10 de febrero de 2026, 3:00 p.m., hora legal colombiana", "2026-02-10 20:00"),
        ("As propostas deverão ser entregues até às 10:00 horas do dia 20 de Julho de 2026 (hora de Maputo).", "2026-07-20 08:00"),
        ("Recebimento das propostas até 15/06/2026 às 09h00 (horário de Brasília)", "2026-06-15 12:00"),
        ("Deadline on: 14-Jul-2026 12:00 (GMT -4.00) Eastern Time (US & Canada)", "2026-07-14 16:00"),
        ("Deadline for submission of bids: 12:00 noon, 22 June 2026 (Dhaka time)", "2026-06-22 06:00"),
        ("Bids must be delivered on or before 12:00 hours Nepal Standard Time on 15 January 2027.", "2027-01-15 06:15"),
        ("Closing date: 30 Sep 2026 17:00 GMT+8", "2026-09-30 09:00"),
        ("Date limite de réception des offres : 15 janvier 2027 à 16 h 00 (heure de Bruxelles)", "2027-01-15 15:00"),
        ("Bids close at 12 noon on Friday, 4th September 2026 (SAST).", "2026-09-04 10:00"),
        ("Deadline for submission: 2026-03-15T10:00:00+02:00", "2026-03-15 08:00"),
        ("Ofertas hasta el 3 de marzo de 2026 a las 10:00 a. m. (hora de Bogotá)", "2026-03-03 15:00"),
        ("Date de clôture : 2026/07/14 14 h 00 heure avancée de l'Est (HAE)", "2026-07-14 18:00"),
        ("As propostas devem ser entregues até às 16 horas do dia 5 de Outubro de 2026, hora de Cabo Verde.", "2026-10-05 17:00"),
    ],
)
def test_submission_instants_from_words(sentence: str, expected: str) -> None:
    result, submission = only_submission(f"Ref: AB-2026-01\n{sentence}\n")
    assert instant(result, submission) == utc(expected)


def test_abbreviation_with_the_notice_country() -> None:
    # PST in a Philippine notice is Philippine Standard Time, not Pacific time
    result, submission = only_submission(
        "Philippine Government Electronic Procurement System\nReference Number: 1234567\nClosing Date / Time: 04/07/2026 10:00 AM PST\n"
        "Pre-bid conference: 03/24/2026 10:00 AM\n"
    )
    assert submission.at == "2026-04-07 10:00" and result.timezone == "Asia/Manila"  # month first: 03/24 decides it
    assert any("Philippines" in r or "PH" in r for r in submission.reviews)


def test_label_whose_offset_the_place_does_not_have_keeps_the_stated_offset() -> None:
    # "EST" in October: New York is on EDT; the text's UTC-5 is kept, and the REVIEW line says so
    _result, submission = only_submission("Reference Number: UNDP-PAK-1\nDeadline: October 20, 2026 11:59 PM EST\n")
    assert submission.at == "2026-10-20T23:59-05:00"
    assert any("EDT" in r and "America/New_York" in r for r in submission.reviews)


def test_notice_wide_zone_statement_applies_to_every_time() -> None:
    result = draft_from_text(
        "Número del proceso: SIF-1-2026\nCierre de ofertas | 10 de febrero de 2026 | 3:00 p.m.\n"
        "Audiencia de adjudicación | 3 de marzo de 2026 | 10:00 a.m.\n\nTodas las horas corresponden a la hora legal colombiana.\n"
    )
    assert result.timezone == "America/Bogota"
    assert [(m.kind, m.at) for m in result.dates] == [("submission", "2026-02-10 15:00"), ("award", "2026-03-03 10:00")]
    assert "hora legal colombiana" in result.reviews["timezone"][0]


def test_no_zone_is_said_on_the_draft_and_in_warnings() -> None:
    result = draft_from_text("Ref: AB-12\nDate limite de remise des offres : 12/02/2026 à 12:00\n")
    assert result.timezone == "UTC"
    assert any("no time zone found" in w for w in result.warnings)
    assert any("placeholder" in r for r in result.reviews["timezone"])


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("A pre-bid meeting and site visit will take place on 28 April 2026 at 09:00.", "conference"),
        ("Visite des lieux obligatoire le 15 septembre 2026 à 10h.", "site-visit"),
        ("Clarification requests must reach us no later than 30 June 2026.", "questions"),
        ("Bids will be opened in public on 18 May 2026 at 10:30.", "opening"),
        ("Audiencia de adjudicación: 3 de marzo de 2026", "award"),
        ("Pedidos de esclarecimento: até 10/06/2026", "questions"),
        ("Junta de aclaraciones: 05/03/2026, 10:00 horas", "conference"),
        # a session or meeting about questions is held: a briefing, not the deadline to ask by
        ("Sessão de esclarecimentos (Microsoft Teams): 9 de outubro de 2026, 10h00", "conference"),
        ("Clarification meeting (Zoom): 12 October 2026 at 10:00", "conference"),
        ("Séance de questions-réponses en ligne : 14 octobre 2026 à 10h00", "conference"),
        ("Sesión de aclaraciones virtual: 15 de octubre de 2026, 9:00", "conference"),
        ("Deadline for clarification requests: 16 October 2026", "questions"),
        ("- Prazo para envio de perguntas: 12 de novembro de 2026", "questions"),
        ("Prazo para envio de dúvidas: 13 de novembro de 2026", "questions"),
        ("Prazo para pedidos de esclarecimento: 7 de outubro de 2026", "questions"),
        # a pre-X word qualifying a site visit
        ("A mandatory pre-tender site visit will be held on 20 August 2026 at 10:00.", "site-visit"),
        ("Compulsory pre-bid site inspection: 21 August 2026, 09:00", "site-visit"),
        # visits in their own words; a semicolon does not cut the visit from its date
        ("| Visita a las instalaciones | 13/08/2026 | 10:00 horas |", "site-visit"),
        ("Une visite des sites est obligatoire ; elle aura lieu le 22 septembre 2026 à 14h00.", "site-visit"),
        ("Audiencia de asignación de riesgos      27/08/2026 10:00 a. m.", "conference"),
    ],
)
def test_kinds_from_words(line: str, kind: str) -> None:
    result = draft_from_text(f"Ref: AB-1\n{line}\nDeadline for submission: 1 December 2026\n")
    assert kind in [m.kind for m in result.dates]


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Close Date & Time: 9-Nov-2026 2:00 pm (ACT Local Time)\nAddenda: none", "2026-11-09"),
        ("Bid End Date/Time              04-09-2026 15:00:00\nBid Opening Date/Time          04-09-2026 15:30:00", "2026-09-04 15:00"),
        ("Data de encerramento: 04/09/2026 às 10h00 (horário de Brasília)", "2026-09-04"),
    ],
)
def test_portal_close_labels_are_the_submission(line: str, day: str) -> None:
    _result, submission = only_submission(f"Ref: AB-1\n{line}\n")
    assert submission.at.startswith(day)
    assert not any("due by the opening" in r for r in submission.reviews)  # read from its own label


@pytest.mark.parametrize(
    "line",
    [
        "Entrega das propostas: a partir de 25/08/2026 às 08h00 no sítio www.gov.br/compras.",
        "Réception des offres à partir du 25 août 2026.",
        "Recepción de ofertas a partir del 25 de agosto de 2026.",
        "Submission of bids starting from 25 August 2026 on the portal.",
    ],
)
def test_a_period_start_is_not_the_deadline(line: str) -> None:
    result = draft_from_text(f"Ref: AB-1\n{line}\nSessão pública / public opening: 8 September 2026 09:00 UTC\n")
    assert all(m.at[:10] != "2026-08-25" for m in result.dates), [(m.kind, m.at) for m in result.dates]
    assert any("period-start" in s for s in result.skipped)


def test_a_range_from_a_partir_de_keeps_its_end() -> None:
    _result, submission = only_submission(
        "Ref: AB-1\nPresentación de ofertas desde el 10/09/2026 al 25/09/2026 a las 14:00 (hora de Lima)\n"
    )
    assert submission.at.startswith("2026-09-25")


def test_a_spaced_row_without_a_kind_word_does_not_take_the_next_rows() -> None:
    text = (
        "Ref: AB-1\nCronograma\n"
        "Reunión de coordinación interna            27/08/2026 10:00\n"
        "Presentación de ofertas                    15/09/2026 14:00\n"
        "Todas las horas son hora legal colombiana.\n"
    )
    result, submission = only_submission(text)
    assert submission.at.startswith("2026-09-15")
    text = text.replace("Reunión de coordinación interna ", "Verificación de requisitos habil")
    result, submission = only_submission(text)
    assert [m.kind for m in result.dates] == ["submission"]


def test_a_cancelled_date_is_not_added() -> None:
    result = draft_from_text(
        "Ref: AB-1\nAmendment 1\nThe pre-bid conference originally scheduled on 3 September 2026 is cancelled.\n"
        "Deadline for submission: 24 September 2026 16:00 UTC\n"
    )
    assert [m.kind for m in result.dates] == ["submission"]
    assert any("cancelled" in s for s in result.skipped)


def test_answers_and_publication_dates_are_reported_not_added() -> None:
    result = draft_from_text(
        "Ref: AB-1\nPublished on: 16-Jun-2026\nAnswers will be shared with all bidders by 3 July 2026.\nDeadline: 14 July 2026 12:00 UTC\n"
    )
    assert [m.kind for m in result.dates] == ["submission"]
    assert any("publication" in s for s in result.skipped) and any("answers" in s for s in result.skipped)


def test_same_day_time_takes_the_day_before_it() -> None:
    result = draft_from_text(
        "Ref: AB-1\nLes offres devront être déposées au plus tard le 1er décembre 2026 à 10 heures (heure de Dakar).\n"
        "Les offres seront ouvertes le même jour à 10 heures 30.\n"
    )
    assert [(m.kind, m.at) for m in result.dates] == [("submission", "2026-12-01 10:00"), ("opening", "2026-12-01 10:30")]


def test_extension_keeps_the_new_date_and_records_the_old() -> None:
    result, submission = only_submission(
        "Amendment No. 1\nRequest for Proposal: RFP/UNDP/2026/031\n"
        "The deadline for submission of proposals has been extended from 10 April to 24 April 2026, 16:00 hrs (New York time).\n"
    )
    assert submission.at == "2026-04-24 16:00" and result.timezone == "America/New_York"
    assert submission.notes is not None and "10 April" in submission.notes
    assert result.amendment


def test_corrigendum_instead_of_read() -> None:
    result, submission = only_submission(
        "Corrigendum\nReference number: UCA 26/014\nPlace of text to be modified: Time limit for receipt of tenders\n"
        "Instead of:\nDate: 02/03/2026\nLocal time: 12:00\nRead:\nDate: 16/03/2026\nLocal time: 12:00\nAll times are Brussels time.\n"
    )
    assert submission.at == "2026-03-16 12:00" and result.timezone == "Europe/Brussels"
    assert "02/03/2026" in (submission.notes or "")


def test_undecidable_numeric_date_is_a_review_line() -> None:
    result = draft_from_text("Ref: AB-1\nDeadline for submission: 03/04/2026 at 10:00 UTC+02:00\n")
    (milestone,) = result.dates
    assert any("nothing in the notice decides the order" in r for r in milestone.reviews)


def test_month_names_and_ordinals_in_four_languages() -> None:
    text = "1er décembre 2026; 10 de febrero de 2026; 3 de Setembro de 2026; 5th January 2026; 14-Jul-2026; 2 juin 2026 à 14h30"
    assert [(f.day.isoformat(), f.wall.isoformat() if f.wall else None) for f in find_dates(text)] == [
        ("2026-12-01", None),
        ("2026-02-10", None),
        ("2026-09-03", None),
        ("2026-01-05", None),
        ("2026-07-14", None),
        ("2026-06-02", "14:30:00"),
    ]


@pytest.mark.parametrize(
    ("sentence", "rule", "options"),
    [
        ("The technical proposal must be signed by an authorized representative.", "signature", {}),
        ("La oferta deberá estar firmada por el representante legal.", "signature", {}),
        ("Prices must not appear in the technical proposal.", "no-financials", {}),
        ("La partie technique de l'offre ne doit contenir aucune indication de prix, sous peine de rejet.", "no-financials", {}),
        ("CVs of the team leader and the key experts must be attached.", "cvs", {}),
        ("Os curriculum vitae dos técnicos-chave devem ser anexados à proposta técnica.", "cvs", {}),
        ("The technical proposal shall not exceed 30 pages, excluding CVs and annexes.", "page-limit", {"max": 30}),
        ("Le mémoire technique ne doit pas dépasser 20 pages.", "page-limit", {"max": 20}),
        ("Proposals must be written in English.", "language", {"languages": ["en"]}),
        ("Os documentos deverão ser redigidos em língua portuguesa.", "language", {"languages": ["pt"]}),
        ("Bids must be submitted in PDF format only; each file may not exceed 20 MB.", "files", {"formats": ["pdf"], "max_file_mb": 20.0}),
        (
            "Bidders shall attach copies of the Certificate of Incorporation and a valid Tax Compliance Certificate.",
            "required-documents",
            {"files": ["Certificate of Incorporation", "Tax Compliance Certificate"]},
        ),
    ],
)
def test_requirement_sentences_become_checks(sentence: str, rule: str, options: dict) -> None:
    found = {r.rule: r for r in classify(sentence)}
    assert rule in found, found
    assert found[rule].options == options


def test_a_negative_requirement_never_becomes_its_check() -> None:
    assert "cvs" not in {r.rule for r in classify("Key experts will not be evaluated: do NOT submit CVs with the expression of interest.")}
    result = draft_from_text("Ref: AB-1\nDeadline: 1 May 2026 12:00 UTC\nDo not submit CVs with the expression of interest.\n")
    assert "cvs" not in [c.rule for c in result.checks]


def test_fatal_wording_makes_a_disqualifying_check() -> None:
    (signature,) = classify("Sous peine de rejet, les offres doivent être signées par une personne habilitée.")
    assert signature.rule == "signature" and signature.severity == "disqualifying"


@pytest.mark.parametrize(
    ("text", "reference", "buyer"),
    [
        (
            "Credit No.: IDA-7412-KE\nProject ID: P178904\nReference No.: KE-MOH-41-CS\nThe Ministry of Health now invites firms.",
            "KE-MOH-41-CS",
            "Ministry of Health",
        ),
        (
            "Section I : Pouvoir adjudicateur\nNom officiel : Métropole de Lyon\nNuméro de référence : 2026-DCP-0117\n",
            "2026-DCP-0117",
            "Métropole de Lyon",
        ),
        ("Entidad: ALCALDÍA DE MEDELLÍN\nNúmero del proceso: SIF-LP-045-2026\n", "SIF-LP-045-2026", "ALCALDÍA DE MEDELLÍN"),
        (
            "Concurso Público Nº 04/ANE/2026\nA Administração Nacional de Estradas (ANE), convida empresas.",
            "04/ANE/2026",
            "Administração Nacional de Estradas (ANE)",
        ),
    ],
)
def test_reference_and_buyer(text: str, reference: str, buyer: str) -> None:
    result = draft_from_text(text + "\nDeadline for submission: 1 May 2026\n")
    assert result.reference == reference
    assert result.buyer == buyer


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        # wordings without a modal verb: an imperative, a consequence
        ("Please submit your quotation duly signed by your authorised representative.", "signature"),
        ("Las ofertas que no estén firmadas electrónicamente serán desechadas.", "signature"),
        ("Les offres non signées seront écartées.", "signature"),
        ("As propostas sem assinatura digital serão desclassificadas.", "signature"),
        # prices kept apart from the technical offer, in the words of each language
        ("Financial offers must be submitted in a separate file and must not appear in the technical offer.", "no-financials"),
        ("L'offre financière doit être soumise séparément et ne doit pas figurer dans l'offre technique.", "no-financials"),
        ("No se aceptarán propuestas económicas dentro del sobre técnico.", "no-financials"),
        ("A proposta financeira deve ser apresentada em separado da proposta técnica.", "no-financials"),
        ("La propuesta técnica no deberá exceder de 25 páginas.", "page-limit"),
    ],
)
def test_requirement_wordings_round3(sentence: str, rule: str) -> None:
    result = draft_from_text(f"Ref: AB-1\nDeadline: 1 May 2026 12:00 UTC\n\n{sentence}\n")
    assert rule in [c.rule for c in result.checks], [c.rule for c in result.checks]


def test_a_consequence_is_disqualifying() -> None:
    result = draft_from_text("Ref: AB-1\nDeadline: 1 May 2026 12:00 UTC\n\nLas proposiciones sin firma serán desechadas.\n")
    (signature,) = [c for c in result.checks if c.rule == "signature"]
    assert signature.severity == "disqualifying"


@pytest.mark.parametrize(
    ("line", "kind", "rival"),
    [
        ("Sessão de esclarecimentos (Microsoft Teams): 9 de outubro de 2026, 10h00", "conference", "questions"),
        ("Recepción de ofertas y apertura de sobres: 10/09/2026 10:00 horas", "submission", "opening"),
        ("Pre-bid meeting / site visit: 28 April 2026 at 09:00", "conference", "site-visit"),
    ],
)
def test_a_date_whose_words_name_two_kinds_carries_a_review(line: str, kind: str, rival: str) -> None:
    result = draft_from_text(f"Ref: AB-1\n{line}\nDeadline for submission: 1 December 2026 12:00 UTC\n")
    (milestone,) = [m for m in result.dates if m.kind == kind and not m.at.startswith("2026-12-01")]
    assert any(rival in r for r in milestone.reviews), milestone.reviews


def test_a_local_time_word_of_one_country_only_gives_its_zone_with_a_review() -> None:
    result, submission = only_submission("ATM ID: DEF-1\nClose Date & Time: 3-Dec-2026 12:00 pm (ACT Local Time)\n")
    assert instant(result, submission) == utc("2026-12-03 01:00")  # Canberra is on AEDT (UTC+11) in December
    assert any("AU only" in r for r in submission.reviews + result.reviews.get("timezone", [])), (submission.reviews, result.reviews)
