"""Thirteenth round, zones, set aside: written with test_draft_zones13.py, run once at the end."""

from __future__ import annotations

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.context import Notice, notice_country
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.townvote import named_town_zone


def _zone(text: str) -> str | None:
    draft = draft_from_text(text)
    milestone = next(m for m in draft.dates if m.kind == "submission")
    return milestone.timezone or draft.timezone


def test_a_french_quebec_mail_signature_names_the_town_twice() -> None:
    text = (
        "De : Service de l'approvisionnement\nObjet : TR: appel d'offres déneigement\n\n"
        "Bonjour, voici l'avis. Les soumissions sont reçues jusqu'au 9 novembre 2027 à 11 h.\n\n"
        "Ville de Rimouski\n205, avenue de la Cathédrale, Rimouski (Québec) G5L 5J1\n"
    )
    assert _zone(text) == "America/Toronto"


def test_a_mexican_border_town_in_an_html_table() -> None:
    text = (
        "<table><tr><td>Convocante</td><td>Municipio de Mexicali, Baja California</td></tr>"
        "<tr><td>Domicilio</td><td>Calzada Independencia 998, Mexicali, B.C.</td></tr>"
        "<tr><td>Presentación y apertura de proposiciones</td><td>18 de marzo de 2027, 10:00 horas</td></tr></table>\n"
    )
    assert _zone(text) == "America/Tijuana"


def test_a_month_name_is_no_town() -> None:
    text = "Edital de pregão\nMarço\n\nAbertura: 10 de Março de 2027, Março, às 10:00\n"
    assert named_town_zone(Notice(text, text.lower()), "pt") is None


def test_a_person_named_guadalupe_is_no_country() -> None:
    text = (
        "Junta de aclaraciones\nAtentamente,\nLIC. MARÍA GUADALUPE TORRES\nDirectora de Adquisiciones\n"
        "Fecha de apertura: 11 de noviembre de 2027 a las 10:00 horas\n"
    )
    assert notice_country(Notice(text, fold_same_length(text)))[0] != "GP"
