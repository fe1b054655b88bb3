"""Round 11, dates: zone words read with the notice's country."""

from __future__ import annotations

from tenderctl.authoring.draft import draft_from_text


def test_a_country_long_name_beats_the_metazone_word_inside_it() -> None:
    notice = (
        "Intendencia de Florida\nLicitación Abreviada Nº 12/2027\n"
        "Recepción de ofertas hasta: 09/11/2027 11:00 hs\n\n"
        "Hora oficial de la República Oriental del Uruguay.\n"
    )
    result = draft_from_text(notice, source="uy.txt")
    assert result.timezone == "America/Montevideo"


def test_a_foreign_namesake_without_a_clock_word_is_no_zone_statement() -> None:
    notice = (
        "Plataforma de Contratación del Sector Público\n"
        "Órgano de Contratación: Junta de Gobierno Local del Ayuntamiento de Mérida\n"
        "Expediente: CONT-2027/0211\nPaís: España\n"
        "Fecha fin de presentación de oferta: 10/05/2027 14:00\n"
    )
    result = draft_from_text(notice, source="es.txt")
    assert result.timezone == "Europe/Madrid"
