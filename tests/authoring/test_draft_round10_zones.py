"""Tenth round, zones: a place before its offset, "all times" read after their words, zone pickers,
a place named where no zone is written, statements of the notice's country first."""

from __future__ import annotations

from tenderctl.authoring.draft import draft_from_text


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
