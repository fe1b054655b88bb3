"""Ninth-round date rules: an amendment's old and new dates side by side (two columns, or an old
label and a new one), and dates and times written in words. One test per mechanism, each with
texts written for it (not the corpus')."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.columns import column_rows, old_spans, rewrite_rows
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.numberwords import digits_for_words


def milestones(text: str) -> dict[str, list[tuple[dt.datetime | dt.date, str]]]:
    """kind -> (UTC instant or day, notes) of the draft's milestones of that kind."""
    result = draft_from_text(text)
    out: dict[str, list[tuple[dt.datetime | dt.date, str]]] = {}
    for m in result.dates:
        if len(m.at) == 10:
            value: dt.datetime | dt.date = dt.date.fromisoformat(m.at)
        else:
            zone = ZoneInfo(m.timezone or result.timezone)
            value = dt.datetime.strptime(m.at, "%Y-%m-%d %H:%M").replace(tzinfo=zone).astimezone(dt.UTC)
        out.setdefault(m.kind, []).append((value, m.notes or ""))
    return out


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


# --- old and new dates side by side ------------------------------------------------------------

COLUMN_NOTICES = [
    (
        "Corrigendum 2 - Tender SUP/44/2027 (Accra, Ghana)\n\n"
        "Event                    Original date               Revised date\n"
        "Closing of bids          12 March 2027, 10:00 GMT    26 March 2027, 10:00 GMT\n"
        "Opening of bids          12 March 2027, 10:30 GMT    26 March 2027, 10:30 GMT\n",
        {"submission": utc(2027, 3, 26, 10, 0), "opening": utc(2027, 3, 26, 10, 30)},
        "12 March",
    ),
    (
        "Adenda n.º 3 - Concurso 11/2027 (Praia, Cabo Verde)\n\n"
        "Onde se lê                               Passa a ler-se\n"
        "Prazo de entrega das propostas: 5 de     Prazo de entrega das propostas: 19 de\n"
        "outubro de 2027, às 16h00                outubro de 2027, às 16h00\n",
        {"submission": utc(2027, 10, 19, 17, 0)},
        "5 de",
    ),
    (
        "Circular aclaratoria n.º 4 - Licitación 2027-118 (Quito, Ecuador)\n\n"
        "Actividad          | Donde dice              | Debe decir\n"
        "Entrega de ofertas | 14/06/2027 15:00        | 28/06/2027 15:00\n",
        {"submission": utc(2027, 6, 28, 20, 0)},
        "14/06/2027",
    ),
    (
        "Avis rectificatif - AOO 22/2027 (Abidjan, Côte d'Ivoire)\n\n"
        "Objet               Ancienne date            Nouvelle date\n"
        "Dépôt des offres    mardi 7 septembre 2027   mardi 21 septembre 2027\n"
        "                    à 10 heures              à 10 heures\n",
        {"submission": utc(2027, 9, 21, 10, 0)},
        "7 septembre",
    ),
]


@pytest.mark.parametrize(("text", "new", "old"), COLUMN_NOTICES)
def test_a_two_column_amendment_keeps_the_new_date_and_records_the_old(text: str, new: dict[str, dt.datetime], old: str) -> None:
    got = milestones(text)
    for kind, when in new.items():
        assert [value for value, _ in got.get(kind, [])] == [when], kind
        assert any(old in notes for _, notes in got[kind]), got[kind]


@pytest.mark.parametrize(
    ("text", "new", "old"),
    [
        (
            "AMENDMENT 01 - closing date\nFROM: August 4, 2027 3:00 PM EDT\nTO: August 18, 2027 3:00 PM EDT\n",
            utc(2027, 8, 18, 19, 0),
            "August 4",
        ),
        (
            "Fe de erratas\nDonde dice: «Presentación de ofertas: 9 de julio de 2027 a las 12:00 horas (hora de Madrid)»\n"
            "Debe decir: «Presentación de ofertas: 23 de julio de 2027 a las 12:00 horas (hora de Madrid)»\n",
            utc(2027, 7, 23, 10, 0),
            "9 de julio",
        ),
        (
            "Addendum 2. Closing date as published: 2 November 2027 at 12:00 noon (AEDT) now revised to: "
            "16 November 2027 at 12:00 noon (AEDT).\n",
            utc(2027, 11, 16, 1, 0),
            "2 November",
        ),
    ],
)
def test_an_old_label_marks_its_date_old_up_to_the_new_label(text: str, new: dt.datetime, old: str) -> None:
    got = milestones(text)
    assert [value for value, _ in got["submission"]] == [new]
    assert old in got["submission"][0][1]


def test_an_email_from_line_is_no_old_date() -> None:
    text = (
        "From: Procurement Unit\nSent: 3 May 2027 09:12\nTo: bidders\n\n"
        "Request for quotation RFQ-2027-19. Quotations are due by 20 May 2027 at 14:00 (EAT), Nairobi, Kenya.\n"
    )
    got = milestones(text)
    assert [value for value, _ in got["submission"]] == [utc(2027, 5, 20, 11, 0)]
    assert got["submission"][0][1] == ""  # nothing "amended"


def test_rows_are_rewritten_in_place_same_length() -> None:
    text = "Item   Onde se lê              Passa a ler-se\n1      Abertura: 2 de junho     Abertura: 9 de junho\n       de 2027                  de 2027\n\nfim"
    low = fold_same_length(text)
    rows = column_rows(low)
    assert len(rows) == 1
    flat = rewrite_rows(low, rows)
    assert len(flat) == len(low)
    assert "abertura: 2 de junho de 2027 => abertura: 9 de junho de 2027" in flat
    assert flat.endswith("\n\nfim")
    (start, end, weak), *_ = old_spans(low, flat, rows)
    assert "2 de junho de 2027" in flat[start:end] and "9 de junho" not in flat[start:end] and not weak


def test_a_table_without_old_and_new_headers_is_left_alone() -> None:
    text = "Activity            Date              Time\nClosing of bids     4 May 2027        10:00\n"
    assert column_rows(fold_same_length(text)) == []


# --- dates and times in words ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "digits"),
    [
        ("el veintiséis (26) de octubre de dos mil veintisiete", "26"),
        ("el veintiséis (26) de octubre de dos mil veintisiete", "2027"),
        ("aos quinze dias do mês de março de dois mil e vinte e sete", "15"),
        ("le vingt-trois mai deux mille vingt-sept à dix heures", "10:00"),
        ("a las diez y quince minutos de la mañana (10:15 a.m.)", "10:15"),
        ("hasta las doce horas del mediodía", "12:00"),
        ("às catorze horas e trinta minutos", "14:30"),
        ("at three o'clock in the afternoon", "15:00"),
        ("tres (3) copias", "3"),
    ],
)
def test_numbers_in_words_are_written_as_digits_same_length(words: str, digits: str) -> None:
    low = fold_same_length(words)
    out = digits_for_words(low)
    assert len(out) == len(low)
    assert digits in out.split() or any(digits in w for w in out.split())


@pytest.mark.parametrize("text", ["un plazo de treinta y uno días", "one copy and two originals", "une offre et deux copies"])
def test_numbers_out_of_a_date_stay_words(text: str) -> None:
    low = fold_same_length(text)
    assert digits_for_words(low) == low


@pytest.mark.parametrize(
    ("text", "kind", "when"),
    [
        (
            "Licitación LP-09-2027, Tegucigalpa, Honduras. Las ofertas se recibirán hasta las diez de la mañana (10:00 a.m.) del "
            "día martes nueve (9) de noviembre de dos mil veintisiete (2027).\n",
            "submission",
            utc(2027, 11, 9, 16, 0),
        ),
        (
            "Concurso 4/2027, Luanda, Angola. As propostas devem ser entregues até às quinze horas do dia vinte e três de "
            "setembro de dois mil e vinte e sete.\n",
            "submission",
            utc(2027, 9, 23, 14, 0),
        ),
        (
            "Appel d'offres 12/2027, Dakar, Sénégal. Les offres seront reçues au plus tard le vingt-huit juin deux mille "
            "vingt-sept à dix heures trente.\n",
            "submission",
            utc(2027, 6, 28, 10, 30),
        ),
        (
            "Tender MoH/27/09, Monrovia, Liberia. Bids must be delivered on or before the fourteenth day of July, two "
            "thousand and twenty-seven at ten o'clock in the morning.\n",
            "submission",
            utc(2027, 7, 14, 10, 0),
        ),
    ],
)
def test_a_deadline_in_words_is_read(text: str, kind: str, when: dt.datetime) -> None:
    assert [value for value, _ in milestones(text)[kind]] == [when]


def test_words_with_bracketed_digits_read_the_digits() -> None:
    # the words and the digits disagree: the digits are what the notice means to be read
    text = "Licitación 7/2027, San José, Costa Rica. Recepción de ofertas: el día veinte (21) de mayo de 2027 a las 10:00 horas.\n"
    assert [value for value, _ in milestones(text)["submission"]] == [utc(2027, 5, 21, 16, 0)]


def test_long_runs_of_number_words_stay_bounded() -> None:
    # hostile input: a megabyte of number words is read once, the result the same length
    low = "dos mil y veinte (2 de " * 40_000
    assert len(digits_for_words(low)) == len(low)


def test_the_new_date_repeated_in_the_header_is_one_milestone_with_its_was() -> None:
    text = (
        "Closing Date: 15 April 2027 14:00 (AEST)\n\nAddendum 1 - Sydney, Australia\n"
        "Previous closing date and time: 1 April 2027 14:00 (AEST)\nNew closing date and time: 15 April 2027 14:00 (AEST)\n"
    )
    got = milestones(text)
    assert [value for value, _ in got["submission"]] == [utc(2027, 4, 15, 4, 0)]
    assert "1 April 2027" in got["submission"][0][1]


@pytest.mark.parametrize(
    ("text", "kind", "when"),
    [
        ("Licitación 3/2027, Lima, Perú. Presentación de ofertas: 25 de marzo de 2027, de 08:30 a 16:30 horas.\n", "submission", 21),
        ("Licitación 3/2027, Lima, Perú. Apertura de ofertas: 26 de marzo de 2027, de 10:00 a 12:00 horas.\n", "opening", 15),
    ],
)
def test_a_time_window_is_a_deadline_at_its_end_and_an_event_at_its_start(text: str, kind: str, when: int) -> None:
    (value, _), *_ = milestones(text)[kind]
    assert isinstance(value, dt.datetime) and value.hour == when and value.minute == 30 * (kind == "submission")
