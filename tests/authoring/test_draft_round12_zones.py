"""Twelfth round, zones: the zone of each drafted date when the notice's words are few or misleading.

A town's name written in lower case is a word ("para"), a zone phrase wrapped after "des", the
schedule's nouns ("las fechas", "os prazos") stating the zone of every date, a country named as
often as another decided by the notice's addresses, the towns of a several-zone country, and an
abbreviation of the place's own zone in the wrong season.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderctl.authoring.draft import draft_from_text


def _submission(text: str) -> tuple[str, str | None, str]:
    draft = draft_from_text(text)
    milestone = next(m for m in draft.dates if m.kind == "submission")
    reviews = " ".join(draft.reviews.get("timezone", []) + milestone.reviews)
    return milestone.at, milestone.timezone or draft.timezone, reviews


def test_a_town_written_in_lower_case_is_a_word_not_the_place() -> None:
    text = (
        "Município de Loulé\nPraça da República, 8100-951 Loulé, Portugal\n\n"
        "Alertamos para a mudança da hora legal no último domingo de outubro: os prazos seguem a hora em vigor.\n\n"
        "Data limite de apresentação das propostas: 4 de novembro de 2027, às 17h00.\n"
    )
    _at, zone, _why = _submission(text)
    assert zone == "Europe/Lisbon"


def test_a_zone_phrase_wrapped_after_des_goes_on_to_the_next_line() -> None:
    text = (
        "POLYNÉSIE FRANÇAISE\nCommune de Rikitea\n\n"
        "Date limite de réception des offres : mardi 7 décembre 2027 à 9 h 00, heure des\n"
        "Gambier. Les offres sont remises sous pli cacheté.\n"
    )
    _at, zone, _why = _submission(text)
    assert zone == "Pacific/Gambier"


def test_the_dates_of_the_procedure_state_the_zone_of_every_date() -> None:
    text = (
        "Reenvío la convocatoria; ojo, aquí en Chihuahua capital vamos una hora adelante del horario de allá.\n\n"
        "Estado de Sonora - Municipio de Cajeme\n"
        "Le comunicamos las fechas del procedimiento (hora local de Hermosillo):\n"
        " - Junta de aclaraciones: 10 de marzo de 2027 a las 10:00 horas\n"
        " - Presentación y apertura de proposiciones: 17 de marzo de 2027 a las 11:00 horas\n"
    )
    _at, zone, _why = _submission(text)
    assert zone == "America/Hermosillo"


def test_the_deadlines_follow_the_mainland_clock_over_an_island_visit() -> None:
    text = (
        "Comuna: Isla de Pascua\nHospital de Hanga Roa\n\n"
        "Fecha de cierre de recepción de la oferta: 14-06-2027 15:00:00\n\n"
        "Observaciones: Los plazos indicados en esta ficha se rigen por la hora oficial de Chile continental\n"
        "que registra el sistema. La visita se efectuará en la hora local de Isla de Pascua.\n"
    )
    _at, zone, _why = _submission(text)
    assert zone == "America/Santiago"


def test_a_country_named_as_often_as_another_is_decided_by_the_addresses() -> None:
    text = (
        "From: Unidad de Compras GAM Riberalta <compras@riberalta.gob.bo>\n\n"
        "  1. Reunión informativa de aclaración ........ 03/06/2027  10:00\n"
        "  2. Fecha límite de presentación de propuestas: 10/06/2027  10:00\n\n"
        "Gobierno Autónomo Municipal de Riberalta\nBeni - Bolivia\n"
    )
    at, zone, why = _submission(text)
    assert (at, zone) == ("2027-06-10 10:00", "America/La_Paz")
    assert "addresses" in why


def test_a_town_of_the_congo_east_reads_lubumbashi_time() -> None:
    text = (
        "RÉPUBLIQUE DÉMOCRATIQUE DU CONGO\nPROVINCE DU SUD-KIVU\nMairie de Bukavu\n\n"
        "Les offres doivent être déposées à l'Hôtel de Ville, avenue Patrice Lumumba, Bukavu, au plus tard\n"
        "le 14 octobre 2027 à 10 h 00, heure locale.\n"
    )
    at, zone, why = _submission(text)
    assert (at, zone) == ("2027-10-14 10:00", "Africa/Lubumbashi")
    assert "Bukavu" in why


def test_a_quebec_town_reads_eastern_time() -> None:
    text = (
        "Ville de Saguenay\n201, rue Racine Est, Saguenay (Québec) G7H 1S1, Canada\n\n"
        "Date et heure limites de réception des soumissions : 2 février 2027 à 11 h 00\n"
    )
    _at, zone, why = _submission(text)
    assert zone == "America/Toronto" and "Saguenay" in why


def test_a_us_town_reads_its_state_clock() -> None:
    text = (
        "City of Flagstaff, Arizona\nPurchasing Division, 211 W Aspen Ave, Flagstaff, AZ 86001\n\n"
        "INVITATION FOR BIDS\nSealed bids will be received until 2:00 p.m. on March 9, 2027.\n"
    )
    at, zone, _why = _submission(text)
    assert (at, zone) == ("2027-03-09 14:00", "America/Phoenix")


def test_a_mexican_town_of_quintana_roo_reads_cancun_time() -> None:
    text = (
        "H. Ayuntamiento de Solidaridad\nPlaya del Carmen, México\n\n"
        "Presentación y apertura de proposiciones: 20 de julio de 2027 a las 10:00 horas.\n"
    )
    _at, zone, _why = _submission(text)
    assert zone == "America/Cancun"


def test_a_town_name_shared_by_towns_of_several_zones_picks_none() -> None:
    text = (
        "U.S. Department of Commerce\nOffice of Acquisition Management\n1401 Constitution Ave NW, Washington, DC 20230\n\n"
        "Offers are due by 3:00 p.m. on 12 April 2027.\n"
    )
    _at, zone, why = _submission(text)
    assert zone == "America/New_York" and "Commerce" not in why


def test_a_winter_label_in_summer_reads_the_named_country_clock_with_both_readings() -> None:
    text = (
        "Ville de Namur\nHôtel de Ville, 5000 Namur, Belgique\n\n"
        "IV.2.2) Date limite de réception des offres : 16/09/2027, heure locale : 10:00 (CET)\n"
    )
    at, zone, why = _submission(text)
    assert (at, zone) == ("2027-09-16 10:00", "Europe/Brussels")
    assert "CEST" in why and "2027-09-16T10:00+01:00" in why


def test_central_standard_time_in_july_in_a_us_notice_reads_chicago() -> None:
    text = "City of Chicago, Department of Procurement Services\n121 N LaSalle St, Chicago, IL 60602\n\nBids are due July 13, 2027 at 11:00 AM CST.\n"
    at, zone, why = _submission(text)
    assert (at, zone) == ("2027-07-13 11:00", "America/Chicago")
    assert "CDT" in why and "2027-07-13T11:00-06:00" in why


def test_a_standard_offset_beside_its_city_in_summer_reads_the_city_clock() -> None:
    text = "Fecha límite de presentación de propuestas: 15 de julio de 2027, 17:00 (GMT-5, hora de Nueva York)\n"
    at, zone, why = _submission(text)
    assert (at, zone) == ("2027-07-15 17:00", "America/New_York")
    assert "-05:00" in why


def test_a_label_with_no_place_known_keeps_its_offset() -> None:
    text = "Deadline for submission: 20 July 2027, 14:00 CET\n"
    at, _zone, why = _submission(text)
    assert at == "2027-07-20T14:00+01:00"
    assert "CEST" in why


def test_an_ambiguous_label_reads_the_zone_of_a_country_of_the_notice_language() -> None:
    text = (
        "The Executive Engineer, Rural Works Division, invites online bids from eligible contractors for the works\n"
        "below. The bid documents are to be downloaded from the portal and must be uploaded with the bid.\n\n"
        "Last date and time for online bid submission: 22.12.2027 up to 15:00 hrs (IST)\n"
    )
    at, zone, why = _submission(text)
    assert (at, zone) == ("2027-12-22 15:00", "Asia/Kolkata")
    assert "ambiguous" in why


def test_a_town_of_the_notice_country_named_twice_outranks_its_namesake_abroad() -> None:
    text = (
        "AYUNTAMIENTO DE CÓRDOBA\nCapitulares, 1, 14071 Córdoba, España\n\n"
        "Fecha límite de presentación de ofertas: 12 de julio de 2027 a las 14:00 horas (hora de Córdoba)\n"
    )
    _at, zone, why = _submission(text)
    assert zone == "Europe/Madrid"
    assert "also a town" in why


def test_a_city_abroad_named_once_stays_abroad() -> None:
    text = (
        "Public Services and Procurement Canada\n11 Laurier St, Gatineau, Canada\n\n"
        "Bid closing: 14 September 2027 at 12:00 (London time), as the UK office receives the bids.\n"
    )
    _at, zone, _why = _submission(text)
    assert zone == "Europe/London"


def test_a_notice_wide_offset_with_no_zone_applies_to_every_time() -> None:
    text = (
        "OFFICE DES PORTS\nAvis d'appel d'offres ouvert n° 12/2027\n\n"
        "Toutes les heures de ce dossier sont indiquées en heure locale (UTC+01:00).\n\n"
        "Date limite de remise des plis : 12 octobre 2027 à 10 h 00\n"
    )
    at, _zone, why = _submission(text)
    assert at == "2027-10-12T10:00+01:00"
    assert "UTC+01:00" in why


def test_without_geonames_the_country_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    from tenderctl.authoring.draft import towns

    monkeypatch.setattr(towns, "_source", lambda: None)
    towns.clear()
    try:
        assert towns.town_zone("CD", "goma") is None
        text = "PROVINCE DU NORD-KIVU\nMairie de Goma, République démocratique du Congo\n\nDate limite : 12 octobre 2027 à 11 h 00\n"
        _at, zone, why = _submission(text)
        assert zone == "Africa/Kinshasa"
        assert "2 zones" in why
    finally:
        towns.clear()


def test_the_kept_town_table_is_the_one_a_fresh_build_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tenderctl.authoring.draft import towns

    monkeypatch.setenv("TENDERCTL_CACHE_DIR", str(tmp_path))
    towns.clear()
    try:
        built = towns.town_zones()
        assert (tmp_path / "draft-towns.json").is_file()
        towns.clear()
        assert towns.town_zones() == built
        (tmp_path / "draft-towns.json").write_text('{"key": "stale", "towns": {"CD": {"goma": "Africa/Kinshasa"}}}', encoding="utf-8")
        towns.clear()
        assert towns.town_zone("CD", "goma") == "Africa/Lubumbashi"
    finally:
        towns.clear()
