"""Tenth round, zones: a place before its offset, "all times" read after their words, zone pickers,
a place named where no zone is written, statements of the notice's country first."""

from __future__ import annotations

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.context import Notice, notice_country
from tenderctl.authoring.draft.lexicon import fold
from tenderctl.authoring.draft.zones import find_zone


def _submission(text: str) -> tuple[str, str | None, str]:
    draft = draft_from_text(text)
    milestone = next(m for m in draft.dates if m.kind == "submission")
    return milestone.at, milestone.timezone or draft.timezone, " ".join(draft.reviews.get("timezone", []))


def test_place_before_its_offset_names_the_zone() -> None:
    text = (
        "Date limite de réception des offres : 15 mars 2027 à 12h00\n\nToutes les heures sont exprimées en heure de La Réunion (UTC+4).\n"
    )
    assert _submission(text)[1] == "Indian/Reunion"


def test_all_times_sentence_reads_the_zone_after_its_words() -> None:
    text = (
        "ABERTURA DA SESSÃO PÚBLICA: 06/05/2027 às 09h00\n"
        "Embora a secretaria esteja sediada em Cuiabá (horário local uma hora a menos), todas as\n"
        "referências de tempo deste edital observam o horário de Brasília.\n"
    )
    assert _submission(text)[1] == "America/Sao_Paulo"


def test_zone_picker_label_reads_the_summer_clock_with_a_review() -> None:
    text = "Fuso horário: (GMT+00:00) Lisboa, Londres, Dublin\n\nData limite de entrega das propostas: 2027-08-23 16:00\n"
    at, zone, why = _submission(text)
    assert (at, zone) == ("2027-08-23 16:00", "Europe/Lisbon")
    assert "standard offset" in why


def test_a_named_city_gives_the_zone_when_none_is_written() -> None:
    text = "CABILDO DE LANZAROTE\nArrecife, Canarias\n\nFecha límite de presentación de ofertas: 12 de abril de 2027, a las 14:00 horas.\n"
    _at, zone, why = _submission(text)
    assert zone == "Atlantic/Canary" and "Canarias" in why


def test_region_of_a_several_zone_country_beats_its_first_zone() -> None:
    text = (
        "CompraNet - Convocatoria\nDomicilio: Boulevard Kino 302, Hermosillo, Sonora\n\n"
        "Presentación y apertura de proposiciones: 20/07/2027, 09:00 horas\n"
    )
    assert _submission(text)[1] == "America/Hermosillo"


def test_statement_of_the_notice_country_wins_over_a_portal_elsewhere() -> None:
    text = (
        "UNDP Sri Lanka - COLOMBO\n"
        "Please note: the deadline shown in the system is displayed in New York time, whereas the\n"
        "deadline in the RFP documents is Colombo time (GMT+5:30).\n\n"
        "Proposals must be submitted by 15 April 2027 at 14:00.\n"
    )
    assert _submission(text)[1] == "Asia/Colombo"


def test_a_city_name_is_no_adjective_of_nationality() -> None:
    # "COLOMBO" is Sri Lanka's city, not "Colombian": the country stays Sri Lanka's
    text = "UNDP Sri Lanka - COLOMBO\nOffice: COLOMBO 7\n"
    notice = Notice(text, fold(text))
    assert notice_country(notice)[0] == "LK"


def test_a_territory_name_written_as_a_common_word_is_no_country() -> None:
    text = "REPÚBLICA DEMOCRÁTICA DE TIMOR-LESTE\nReunião de esclarecimento: 2 de agosto\nReunião de obra: 3 de agosto\nA reunião é presencial.\n"
    assert notice_country(Notice(text, fold(text)))[0] == "TL"


def test_a_line_above_never_lends_its_time_word() -> None:
    # "New York time." ends the line above: the next line's zone is read from its own words
    text = "The system displays deadlines in New York time.\nThe deadline in this document is Nairobi local time (GMT+3).\n"
    mention = find_zone(text, fold(text), text.index("The deadline"), len(text) - 1)
    assert mention is not None and mention.place is not None and mention.place.country == "KE"


def test_linked_adjective_names_a_short_country() -> None:
    text = "RÉPUBLIQUE TOGOLAISE\nPays : République Togolaise\n"
    assert notice_country(Notice(text, fold(text)))[0] == "TG"


def test_a_portuguese_platform_names_portugal() -> None:
    # a municipality that names no country, on Vortal: mainland Portugal, WEST in May
    text = "MUNICÍPIO DE VISEU\n\nModo de apresentação das propostas: plataforma eletrónica Vortal (www.vortal.biz)\n\nPrazo para apresentação das propostas: até às 17:00 horas do dia 6 de maio de 2027\n"
    assert _submission(text)[1] == "Europe/Lisbon"


def test_a_short_notice_without_a_readable_language_still_takes_its_named_city() -> None:
    text = (
        "PREFEITURA MUNICIPAL DE RIO BRANCO\nRua Rui Barbosa, 285, Rio Branco - AC\n\nRecebimento das propostas até 14/10/2027 às 09h00.\n"
    )
    assert _submission(text)[1] == "America/Rio_Branco"


def test_a_place_ending_the_text_is_read() -> None:
    # the last words of a notice can be its place: the look-ahead stops at the text's end
    text = "Recebimento das propostas até 14/10/2027 às 09h00.\nPrefeitura de Rio Branco"
    assert _submission(text)[1] == "America/Rio_Branco"
