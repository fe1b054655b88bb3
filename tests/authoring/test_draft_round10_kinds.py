"""Tenth-round kinds of dates: which date is the submission deadline when others stand beside it
(answers, validity, registration, complaints, a shortlist, the same closing said twice), and times
written apart from their day (the next row, the cell under it, across a line break). One test per
mechanism, each with texts written for it (not the corpus')."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.dates import find_dates
from tenderctl.authoring.draft.kinds import kind_of
from tenderctl.authoring.draft.lexicon import fold_same_length


def milestones(text: str) -> dict[str, list[dt.datetime | dt.date]]:
    """kind -> UTC instants (or days) of the draft's milestones of that kind."""
    result = draft_from_text(text)
    out: dict[str, list[dt.datetime | dt.date]] = {}
    for m in result.dates:
        if len(m.at) == 10:
            value: dt.datetime | dt.date = dt.date.fromisoformat(m.at)
        elif "T" in m.at:
            value = dt.datetime.fromisoformat(m.at).astimezone(dt.UTC)
        else:
            zone = ZoneInfo(m.timezone or result.timezone)
            value = dt.datetime.strptime(m.at, "%Y-%m-%d %H:%M").replace(tzinfo=zone).astimezone(dt.UTC)
        out.setdefault(m.kind, []).append(value)
    return out


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


# --- words of kinds that are not the submission -------------------------------------------------


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("Las respuestas se publicarán a más tardar el", "answers"),
        ("Fecha límite de respuestas y aclaraciones", "answers"),
        ("Les réponses seront publiées le", "answers"),
        ("Os esclarecimentos e a decisão serão disponibilizados até", "answers"),
        ("Clarifications will be posted on the website by", "answers"),
        ("Proposals must remain valid for 120 days, i.e. until", "validity"),
        ("Les offres resteront valables jusqu'au", "validity"),
        ("La liste restreinte sera établie au plus tard le", "buyer-step"),
        ("Original Inactive Date:", "buyer-step"),
        ("Prazo de execução do contrato: 18 meses, com início em", "contract-period"),
        ("Conferencia previa a la presentación de propuestas:", "conference"),
        ("Date limite de réception des plaintes :", "bidder-step"),
        ("Fecha límite de convalidación de errores", "bidder-step"),
        ("Bidders who wish to attend must register by e-mail no later than", "bidder-step"),
        ("The closing date for receipt of clarification questions is", "questions"),
        ("Date et heure de fermeture :", "submission"),
        ("Recepción de Propuestas:", "submission"),
    ],
)
def test_the_words_name_the_kind(words: str, kind: str) -> None:
    assert kind_of(words) == kind


def test_a_buyer_act_on_a_list_of_errors_is_no_deadline() -> None:
    # "erros e omissões" is a bidders' deadline only with a word of a time limit; "foi aprovada" is the buyer's act
    assert kind_of("Em 27 de abril foi aprovada a lista de erros e omissões apresentada pelos interessados") is None
    assert kind_of("As listas de erros e omissões devem ser apresentadas até") == "bidder-step"


ANSWERS_AND_VALIDITY = [
    # English: answers and validity beside the closing
    "Reference: RFQ/77/2027\nKey dates\n- Clarification requests: by 3 May 2027\n"
    "- Answers will be posted on the website by 6 May 2027\n- Closing: 12 May 2027, 14:00 (UTC+03:00)\n\n"
    "Quotations must remain valid for 90 days, i.e. until 10 August 2027.\n",
    # Spanish
    "Referencia: SDC-77-2027\nPlazo para consultas: hasta el 3 de mayo de 2027\n"
    "Las respuestas se compartirán con todos los invitados a más tardar el 6 de mayo de 2027.\n"
    "Fecha límite de presentación de ofertas: 12 de mayo de 2027, 14:00 horas (UTC+03:00)\n"
    "Las ofertas serán válidas por 90 días, es decir hasta el 10 de agosto de 2027.\n",
    # French
    "Référence : AO-77-2027\nLes demandes d'éclaircissements sont reçues jusqu'au 3 mai 2027.\n"
    "Les réponses seront publiées le 6 mai 2027.\n"
    "Date limite de dépôt des offres : 12 mai 2027 à 14 h 00 (UTC+03:00).\n"
    "Les offres resteront valables jusqu'au 10 août 2027.\n",
    # Portuguese
    "Referência: CP-77/2027\nOs pedidos de esclarecimento devem ser apresentados até 3 de maio de 2027.\n"
    "As respostas aos pedidos serão publicadas até 6 de maio de 2027.\n"
    "As propostas devem ser apresentadas até às 14:00 do dia 12 de maio de 2027 (UTC+03:00).\n"
    "As propostas terão validade até 10 de agosto de 2027.\n",
]


@pytest.mark.parametrize("text", ANSWERS_AND_VALIDITY)
def test_answers_and_validity_are_not_the_submission(text: str) -> None:
    found = milestones(text)
    assert found["submission"] == [utc(2027, 5, 12, 11, 0)]
    assert found["questions"] == [dt.date(2027, 5, 3)]
    every = [value for values in found.values() for value in values]
    assert dt.date(2027, 5, 6) not in every and dt.date(2027, 8, 10) not in every


def test_the_same_closing_said_twice_is_one_submission() -> None:
    text = (
        "Reference: RFP/2027/900\nDeadline on: 20-Oct-2027 10:00 (GMT 2.00)\n\n"
        "Schedule\n- Deadline for submission of proposals: 20 October 2027, 10:00 hours (GMT+2)\n"
        "- Questions close: 4pm Wednesday 13 October 2027 (GMT+2)\n"
    )
    found = milestones(text)
    assert found["submission"] == [utc(2027, 10, 20, 8, 0)]
    assert "other" not in found  # the header's generic "Deadline on" is the same instant, not another deadline
    assert found["questions"] == [utc(2027, 10, 13, 14, 0)]


def test_a_generic_deadline_gives_way_to_the_bids_deadline_in_a_table() -> None:
    text = (
        "Proceso SIE-RE-2027-090 (UTC-05:00)\n"
        "Etapa | Fecha\n"
        "Fecha límite de entrega de ofertas | 2027-08-17 10:00\n"
        "Fecha límite de convalidación de errores | 2027-08-23 17:00\n"
    )
    result = draft_from_text(text)
    assert [(m.kind, m.at[:16].replace("T", " ")) for m in result.dates] == [
        ("submission", "2027-08-17 10:00"),
        ("other", "2027-08-23 17:00"),
    ]


def test_a_bilingual_range_is_one_period() -> None:
    text = (
        "Solicitation No.: EN578-27-0999\nClosing date / Date de clôture : 2027-09-14 14:00 (UTC-04:00)\n\n"
        "Bids may be submitted in English or French. / Les soumissions peuvent être présentées en\n"
        "français ou en anglais.\n\nContract period / Période du contrat: 2027-10-01 to / au 2028-09-30\n"
    )
    found = milestones(text)
    assert found["submission"] == [utc(2027, 9, 14, 18, 0)]
    assert len(found) == 1


# --- a sentence wrapped over lines keeps its words ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Ref: X-1\n• Les questions doivent être soumises par écrit au plus tard sept jours avant la date de\n"
            "  clôture, soit le 1er juin 2027. Les réponses seront publiées.\n",
            "questions",
        ),
        (
            "Ref: X-2\nITC 6.2   Questions may be sent by e-mail to the procurement officer.\n"
            "          Responses will be sent to all shortlisted consultants and uploaded on the\n"
            "          website no later than 19 February 2027.\n",
            None,
        ),
    ],
)
def test_a_wrapped_line_takes_the_kind_of_its_sentence(text: str, kind: str | None) -> None:
    found = milestones(text)
    if kind is None:
        assert found == {}
    else:
        assert list(found) == [kind]


def test_a_dates_list_goes_on_over_its_items_hanging_lines() -> None:
    text = (
        "RFQ No. ABC-27-019\n\nTimeline\n"
        "  - Bidders' conference: 5 June 2027 at 10:00 AM (UTC+04:30), main office (House 14,\n"
        "    Street 3). Attendance is optional.\n"
        "  - Deadline for receipt of quotations: 14 June 2027, 16:00 (UTC+04:30)\n\n"
        "Requirements\n  * Quotations must be signed.\n"
    )
    assert milestones(text)["submission"] == [utc(2027, 6, 14, 11, 30)]


# --- a time written apart from its day -------------------------------------------------------------


def _walls(text: str) -> list[tuple[dt.date, dt.time | None]]:
    return [(f.day, f.wall) for f in find_dates(text, low=fold_same_length(text))]


@pytest.mark.parametrize(
    ("text", "wall"),
    [
        ("Data da abertura    14/06/2027\nHorário             10:00 (horário local)\n", dt.time(10, 0)),
        ("Fecha límite de presentación\nDía/Mes/Año\n26/10/2027\nHora:Min\n10:00 (presentación)\n", dt.time(10, 0)),
        ("Fecha de presentación de ofertas: 18.mar..2027 Hora: 10:00:00 a.m.\n", dt.time(10, 0)),
        ("- Questions close: 5pm Thursday 23 September 2027\n", dt.time(17, 0)),
        ("- Responses due: 4:00pm (NZDT) Thursday 30 September 2027\n", dt.time(16, 0)),
    ],
)
def test_the_time_is_read_apart_from_the_day(text: str, wall: dt.time) -> None:
    assert _walls(text)[0][1] == wall


def test_a_window_across_a_line_break_ends_at_its_second_time() -> None:
    text = "LA DATE DE DEPOT DES OFFRES EST LE MERCREDI 17 MARS 2027, DE 08H00\nA 12H00 (UTC+01:00).\n"
    (item,) = find_dates(text, low=fold_same_length(text))
    assert (item.wall, item.wall_end) == (dt.time(8, 0), dt.time(12, 0))
    assert milestones("Ref: AO-5\n" + text)["submission"] == [utc(2027, 3, 17, 11, 0)]


def test_a_table_cell_takes_the_time_under_it_and_the_kind_over_it() -> None:
    text = (
        "Ref: LP-9-2027\n\n"
        "Proceso            Objeto                  Fecha límite de      Apertura de\n"
        "                                           presentación         ofertas\n"
        "LP-9-2027          Alumbrado público       21/07/2027           21/07/2027\n"
        "                   del centro              09h00                09h30\n\n"
        "Todas las horas corresponden a la hora oficial del Perú (UTC-05:00).\n"
    )
    found = milestones(text)
    assert found["submission"] == [utc(2027, 7, 21, 14, 0)]
    assert found["opening"] == [utc(2027, 7, 21, 14, 30)]


def test_a_line_below_that_is_no_cell_gives_no_time() -> None:
    # the text under the date runs across its column (a sentence, not a cell): its time is not the date's
    table = "Opening      14/06/2027      Other\nshort text that runs on, 22:00 here\n"
    assert _walls(table)[0][1] is None
    # the same date with its own cell under it
    assert _walls("Opening      14/06/2027      Other\n             22:00\n")[0][1] == dt.time(22, 0)


# --- further words and shapes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("A pre-bid meeting will be held at the REAA Conference Room, followed by a site visit on", "conference"),
        ("at 10:00 in the Conference Room, followed by a site visit to the substation on", "site-visit"),
        ("se tiendra dans la salle de conférence de la DMP le", None),
        ("Enquiry deadline", "questions"),
        ("Absolución de consultas y observaciones", "answers"),
        ("invita a los consultores a presentar sus ofertas por la plataforma SEACE hasta el", "submission"),
        ("Las ofertas se recibirán por medio del sistema SICOP hasta las", "submission"),
        ("Data e hora limite para envio das propostas:", "submission"),
    ],
)
def test_more_words_name_the_kind(words: str, kind: str | None) -> None:
    assert kind_of(words) == kind


def test_a_requirement_on_the_bids_far_from_a_date_word_is_no_deadline() -> None:
    # "presentarse ... por el": the bids' form, not their deadline (the time-limit word must be one of "hasta", "until"...)
    assert kind_of("Las proposiciones deberán presentarse en idioma español y firmadas en todas sus hojas por el") is None


def test_a_two_digit_year_is_read_with_a_review() -> None:
    (item,) = find_dates("apertura electrónica (14/12/27, 11:00).", low=fold_same_length("apertura electrónica (14/12/27, 11:00)."))
    assert (item.day, item.wall) == (dt.date(2027, 12, 14), dt.time(11, 0))
    assert any("two-digit year" in r for r in item.reviews)
    assert find_dates("Expediente 12/2027/05") == []


@pytest.mark.parametrize(
    "heading",
    ["5 - PRAZO PARA APRESENTAÇÃO DAS PROPOSTAS", "DATE LIMITE DE DÉPÔT DES OFFRES", "## Submission of tenders"],
)
def test_a_paragraph_under_a_heading_takes_its_kind(heading: str) -> None:
    text = f"Ref: CP-1/2027\n\n{heading}\nAté às 23:59 do 30.º dia a contar do envio, ou seja, até às 23:59 de 13 de maio de 2027.\n"
    assert [m.kind for m in draft_from_text(text).dates] == ["submission"]


def test_a_plain_sentence_above_is_no_heading() -> None:
    text = "Ref: CP-2/2027\n\nThe offices are open on working days only\nAté às 23:59 do 30.º dia, ou seja, até às 23:59 de 13 de maio de 2027.\n"
    assert draft_from_text(text).dates == []


def test_a_place_with_its_region_signs_the_notice() -> None:
    text = "Ref: LP-3/2027\nLas ofertas se recibirán hasta el 30 de junio de 2027 a las 10:00 horas.\n\nHermosillo, Sonora, a 2 de junio de 2027.\n"
    result = draft_from_text(text)
    assert [m.at[:10] for m in result.dates] == ["2027-06-30"]
    assert any("signed" in s for s in result.skipped)
