"""Eighth-round date rules: an amendment's old date from the words before it, the bids' own deadline
beside generic ones, times labelled on the date's line, outlying regions' zones, dates never merged
silently. One test per mechanism, each with texts written for it (not the corpus')."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.context import Notice, notice_country


def instants(text: str) -> dict[str, list[dt.datetime | dt.date]]:
    """kind -> the UTC instants (or days) of the draft's milestones of that kind."""
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


@pytest.mark.parametrize(
    ("text", "new"),
    [
        (
            "Avis rectificatif\nLa date limite de dépôt des offres, initialement fixée au lundi 3 mai 2027 à 12h00, est reportée au "
            "lundi 17 mai 2027 à 12h00 (heure de Paris).\n",
            utc(2027, 5, 17, 10, 0),
        ),
        (
            "Addendum 1\nThe deadline for submission of bids, originally set for 4 June 2027 at 10:00 hours, has been changed to "
            "18 June 2027 at 10:00 hours (Nairobi time).\n",
            utc(2027, 6, 18, 7, 0),
        ),
        (
            "Prórroga\nFecha límite de entrega de ofertas: en lugar del 7 de junio de 2027 a las 11:00, será el lunes 21 de junio "
            "de 2027 a las 11:00 (hora de Lima).\n",
            utc(2027, 6, 21, 16, 0),
        ),
        (
            "Aviso de adiamento\nA sessão pública de entrega das propostas, marcada para 02/06/2027 às 09h00, fica adiada para "
            "16/06/2027 às 09h00 (horário de Brasília).\n",
            utc(2027, 6, 16, 12, 0),
        ),
        (
            "Addendum 2\nQuotations must be submitted by 9 July 2027 at 3:00 pm (Kampala time) instead of 2 July 2027.\n",
            utc(2027, 7, 9, 12, 0),
        ),
    ],
    ids=["fr-initialement-fixee", "en-originally-set-for", "es-en-lugar-del", "pt-marcada-para", "en-new-before-instead-of"],
)
def test_an_amendments_old_date_is_recorded_not_offered(text: str, new: dt.datetime) -> None:
    result = draft_from_text(text)
    submissions = [m for m in result.dates if m.kind == "submission"]
    assert len(submissions) == 1, result.to_yaml()
    assert instants(text)["submission"] == [new]
    assert submissions[0].notes.startswith("amended: was ")


def test_an_old_date_that_is_cancelled_is_not_an_old_date() -> None:
    result = draft_from_text(
        "Ref: AB-2\nAmendment 1\nThe site visit originally scheduled on 8 June 2027 is cancelled.\n"
        "Deadline for submission: 24 June 2027 16:00 UTC\n"
    )
    assert [m.kind for m in result.dates] == ["submission"] and not result.dates[0].notes
    assert any("cancelled" in s for s in result.skipped)


def test_a_generic_deadline_beside_the_bids_own_is_another_deadline() -> None:
    text = (
        "Fecha límite de entrega de ofertas: 14 de junio de 2027, 10h00 (hora de Lima)\n"
        "Fecha límite para convalidación de errores: 21 de junio de 2027, 17h00\n"
    )
    got = instants(text)
    assert got["submission"] == [utc(2027, 6, 14, 15, 0)]
    assert got["other"] == [utc(2027, 6, 21, 22, 0)]


def test_an_all_day_closing_word_keeps_a_timed_generic_deadline() -> None:
    # the bids' words on a day without a time may be a slip: nothing is demoted, both stay marked
    result = draft_from_text("Closing: 14 June 2027\nDeadline: 21 June 2027 at 10:00 (Accra time)\n")
    submissions = [m for m in result.dates if m.kind == "submission"]
    assert len(submissions) == 2 and all(any("2 submission dates" in r for r in m.reviews) for m in submissions)


@pytest.mark.parametrize(
    "line",
    ["Date : 13.04.2027 Heure : 16:00", "Au lieu de : 01/04/2027 Heure locale : 09:00\nLire : 13/04/2027 Heure locale : 16:00"],
)
def test_a_time_labelled_on_the_dates_own_line(line: str) -> None:
    text = f"Pays : France\nDate limite de réception des offres\n{line}\n"
    assert instants(text)["submission"] == [utc(2027, 4, 13, 14, 0)]


def test_dot_leaders_make_a_row_not_a_sentence_end() -> None:
    text = (
        "City of Tempe, AZ 85281\n"
        "Pre-Bid Conference .............. 06/15/2027, 9:00 AM MST\n"
        "Bid Due Date and Time ........... 07/08/2027, 2:00 PM MST\n"
    )
    got = instants(text)
    assert got["submission"] == [utc(2027, 7, 8, 21, 0)]
    assert got["conference"] == [utc(2027, 6, 15, 16, 0)]


def test_a_place_and_day_alone_on_a_line_is_the_signing_day() -> None:
    result = draft_from_text("Deadline for submission: 24 June 2027 16:00 UTC\n\nNairobi, 2 June 2027\n")
    assert [m.kind for m in result.dates] == ["submission"]
    assert any("signed" in s for s in result.skipped)


def test_a_wrapped_sentence_keeps_its_subject_from_the_line_above() -> None:
    text = (
        "Prazo de entrega das propostas: 30 de junho de 2027, às 17h00 (hora de Maputo).\n\n"
        "O prazo para apresentação de pedidos de esclarecimentos termina no primeiro terço do\n"
        "prazo, a 14 de junho de 2027.\n"
    )
    got = instants(text)
    assert got["submission"] == [utc(2027, 6, 30, 15, 0)]
    assert got["questions"] == [dt.date(2027, 6, 14)]


@pytest.mark.parametrize(
    ("address", "zone"),
    [
        ("Rua do Município, 9500-000 Ponta Delgada, São Miguel, Açores\nwww.exemplo.pt", "Atlantic/Azores"),
        ("REGIÃO AUTÓNOMA DA MADEIRA\nRua da Sé, Funchal", "Atlantic/Madeira"),
        ("Cabildo de Lanzarote, Canarias\nPaís: España", "Atlantic/Canary"),
    ],
)
def test_an_outlying_region_named_at_the_top_gives_its_zone(address: str, zone: str) -> None:
    result = draft_from_text(f"{address}\n\nPrazo de apresentação das propostas: 14/06/2027 às 17h00\n")
    assert result.timezone == zone


def test_a_mainland_city_of_a_several_zone_country_does_not_move_the_zone() -> None:
    # "Center" is a town of North Dakota with its own zone, and a word of every address
    result = draft_from_text("Civic Center, 100 Main St, Albany, NY 12207\nBids due: 07/08/2027 at 2:00 PM local time\n")
    assert result.timezone == "America/New_York"


@pytest.mark.parametrize(
    ("text", "code"),
    [("Instituto Nacional de Seguros\nCosta Rica\n", "CR"), ("1777 Broadway, Boulder, CO 80302\n", "US")],
)
def test_a_country_named_like_its_city_and_a_us_address_name_their_country(text: str, code: str) -> None:
    from tenderctl.authoring.draft.lexicon import fold_same_length

    assert notice_country(Notice(text, fold_same_length(text)))[0] == code


def test_same_kind_same_day_different_times_are_never_merged_silently() -> None:
    text = (
        "All times are New Zealand time.\n"
        "Site visit (north site): 9 June 2027, 9:30 AM\n"
        "Site visit (south site): 9 June 2027, 1:30 PM\n"
        "Deadline for tenders: 30 June 2027, 12:00 PM\n"
    )
    result = draft_from_text(text)
    visits = [m for m in result.dates if m.kind == "site-visit"]
    assert len(visits) == 2
    assert all(any("both are kept" in r for r in m.reviews) for m in visits)


def test_a_periods_start_and_end_on_one_line_keep_the_end() -> None:
    text = "Cronograma (hora de Lima)\nPresentación de propuestas\t12/06/2027 00:01\t12/06/2027 23:59\n"
    assert instants(text)["submission"] == [utc(2027, 6, 13, 4, 59)]


def test_the_start_of_a_reception_period_is_not_the_deadline() -> None:
    text = (
        "Fecha/hora de inicio de recepción de ofertas: 01/06/2027 08:00\n"
        "Fecha/hora de cierre de recepción de ofertas: 15/06/2027 10:00\n"
        "Institución: Instituto Nacional de Seguros, San José, Costa Rica\n"
    )
    assert instants(text)["submission"] == [utc(2027, 6, 15, 16, 0)]


def test_a_delivery_date_is_not_a_deadline_of_the_bids() -> None:
    result = draft_from_text(
        "Date limite de remise des offres : 18 mars 2027, 16:00 (heure de Niamey)\nLivraison souhaitée : au plus tard le 15 mai 2027.\n"
    )
    assert [m.kind for m in result.dates] == ["submission"]
    assert any("delivery" in s for s in result.skipped)


def test_twelve_of_midday_is_noon() -> None:
    text = "Fecha límite para la presentación de propuestas: 20 de mayo de 2027, 12 del mediodía, hora de Lima\n"
    assert instants(text)["submission"] == [utc(2027, 5, 20, 17, 0)]


def test_a_time_before_its_date_past_an_offset() -> None:
    text = "Proposals must be submitted no later than 10:00 hours local time (GMT+5) on\n3 May 2027.\n"
    assert instants(text)["submission"] == [utc(2027, 5, 3, 5, 0)]


def test_a_plain_scheduled_date_is_not_an_old_one() -> None:
    # "prevista para" is a word of any notice: a law's "modificaciones" at the top does not make it an old date
    text = (
        "Ley 80 de 1993 y sus modificaciones.\n"
        "La visita técnica prevista para el 12 de mayo de 2027 a las 09:00 será en la obra.\n"
        "Fecha límite de entrega de ofertas: 26 de mayo de 2027, 10:00 (hora de Lima)\n"
    )
    got = instants(text)
    assert got["site-visit"] == [utc(2027, 5, 12, 14, 0)]
    assert got["submission"] == [utc(2027, 5, 26, 15, 0)]


def test_a_periods_end_after_a_partir_de_keeps_the_rows_kind_and_a_city_with_its_state_code() -> None:
    text = (
        "Pregão Eletrônico nº 9/2027\n"
        "Recebimento das propostas: a partir de 01/06/2027, às 08h00, até 15/06/2027, às 07h59 (horário local de Porto Velho-RO).\n"
    )
    got = instants(text)
    assert got["submission"] == [utc(2027, 6, 15, 11, 59)]


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        (
            "Kenya Urban Roads Authority, P.O. Box 41727, Nairobi, Kenya\n"
            "Bids must be delivered by 3 May 2027 at 10:00 hours local time, in an envelope marked\n"
            "'Rehabilitation of drainage in the Lisbon Street and Toronto Road estates'.\n",
            "Africa/Nairobi",
        ),
        (
            "Ministerio de Vivienda, Lima, Perú\n"
            "Las ofertas deberán presentarse a más tardar el 3 de mayo de 2027 a las 10:00 horas, hora local, con la\n"
            "referencia «Pavimentación de las calles Caracas y Santiago del barrio Montevideo».\n",
            "America/Lima",
        ),
        (
            "Ville de Dakar, Sénégal\n"
            "Les offres seront remises au plus tard le 3 mai 2027 à 10 h 00, heure locale, sous pli portant\n"
            "la mention « Réfection de l'avenue Georges Pompidou et de la rue de Paris ».\n",
            "Africa/Dakar",
        ),
    ],
    ids=["en", "es", "fr"],
)
def test_a_place_far_from_the_time_words_is_not_the_clock(text: str, zone: str) -> None:
    """A city named further on in the deadline's sentence (a street, a district, a quoted subject)
    is not the zone "local time" means: the notice's own country gives it."""
    result = draft_from_text(text)
    assert result.timezone == zone, result.timezone
    (submission,) = instants(text)["submission"]
    assert submission == dt.datetime(2027, 5, 3, 10, tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def test_a_place_next_to_the_time_words_is_still_the_clock() -> None:
    text = "UNDP Panama\nProposals are due on 3 May 2027 at 10:00 (New York time) through the portal.\n"
    assert draft_from_text(text).timezone == "America/New_York"


@pytest.mark.parametrize(
    "sentence",
    [
        "Las ofertas se presentarán hasta el 3 de mayo de 2027 a las 10:00 horas.",
        "Se recibirán propuestas hasta el 3 de mayo de 2027 a las 10:00 horas.",
        "Les offres seront reçues jusqu'au 3 mai 2027 à 10 h 00.",
        "Les plis devront être déposés avant le 3 mai 2027 à 10 h 00.",
        "As propostas serão recebidas até 3 de maio de 2027, às 10h00.",
        "Bids will be received until 3 May 2027 at 10:00.",
        "Quotations should be sent by 3 May 2027 at 10:00.",
    ],
)
def test_the_bids_and_a_verb_of_delivery_in_any_tense_give_the_deadline(sentence: str) -> None:
    text = f"Ministerio de Vivienda / Ministère / Ministry, Lima, Perú\n{sentence}\n"
    (submission,) = instants(text)["submission"]
    assert submission == dt.datetime(2027, 5, 3, 10, tzinfo=ZoneInfo("America/Lima")).astimezone(dt.UTC)


def test_a_delivery_verb_without_a_time_limit_is_not_a_deadline() -> None:
    """ "presentarse en idioma español" asks for a language: the signing day after it is no deadline."""
    from tenderctl.authoring.draft.kinds import kind_of

    assert kind_of("Las proposiciones deberán presentarse en idioma español y firmadas.") is None
    assert kind_of("Las proposiciones deberán presentarse hasta el") == "submission"
