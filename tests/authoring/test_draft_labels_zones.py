"""Labels read by their words (buyer, reference) in four languages, titles chosen by what they
name, and zones from regional names, country-scoped words and abbreviations read with the
notice's country."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tenderctl.authoring.draft import draft_from_text
from tenderctl.authoring.draft.buyer import find_buyer
from tenderctl.authoring.draft.context import Notice, notice_country, notice_language
from tenderctl.authoring.draft.labels import buyer_strength, reference_strength
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.reference import find_reference
from tenderctl.authoring.draft.title import find_title


def head(text: str) -> tuple[str, str]:
    return text, fold_same_length(text)


@pytest.mark.parametrize(
    ("text", "buyer"),
    [
        ("Acheteur public : Office National de l'Assainissement (ONAS)\nObjet : x", "Office National de l'Assainissement (ONAS)"),
        ("Organisation contractante : Services publics et Approvisionnement Canada\n", "Services publics et Approvisionnement Canada"),
        ("Entidad adjudicadora: Empresa Municipal de Aguas\nTeléfono: 955 020 100\n", "Empresa Municipal de Aguas"),
        ("Buying agency: Transport for NSW\nRFT ID: X-2026-1\n", "Transport for NSW"),
        ("Órgão gerenciador: Secretaria de Saúde do Estado\n", "Secretaria de Saúde do Estado"),
        # a unit below the entity loses to the entity, whatever the order
        ("Unidad compradora: Dirección de Compras\nEntidad: MUNICIPALIDAD DE MIXCO\n", "MUNICIPALIDAD DE MIXCO"),
        # the buyer's address, phone or registration is not the buyer
        ("Adresse de l'acheteur : 1 rue X\nNom de l'acheteur : Ville de Brest\n", "Ville de Brest"),
    ],
)
def test_buyer_labels_in_four_languages(text: str, buyer: str) -> None:
    assert find_buyer(*head(text))[0] == buyer


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("NOG: 23448712\nEntidad: X\n", "23448712"),
        ("Loan No.: 2000200004512\nIFB No.: MRH/W/02/2026\n", "MRH/W/02/2026"),
        ("NIT: 899.999.081-6\nNúmero de operación: 0042/26-OB\n", "0042/26-OB"),
        ("Project Number: 53269-002\nCSRN Reference No.: PICIIP-CS-07\n", "PICIIP-CS-07"),
        ("Référence de la consultation : 26-DCP-0831\n", "26-DCP-0831"),
        ("Referência do procedimento: CP 41/2026-DAQ\n", "CP 41/2026-DAQ"),
        ("Contract Line Item Number: CLIN 0001\nNotice ID: 72052726R00014\n", "72052726R00014"),
    ],
)
def test_reference_labels_skip_money_and_registration_numbers(text: str, reference: str) -> None:
    assert find_reference(*head(text))[0] == reference


def test_label_strengths() -> None:
    assert buyer_strength("contracting authority") == 3
    assert buyer_strength("telephone of the contracting authority") == 0
    assert buyer_strength("unidad compradora") == 1
    assert reference_strength("numero de expediente") == 3
    assert reference_strength("loan no.") == 0
    assert reference_strength("by 12") == 0


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "United Republic of Tanzania\nDar es Salaam Water Supply Project, Phase 2\nReference No.: AB-1/2026\n",
            "Dar es Salaam Water Supply Project, Phase 2",
        ),
        (
            "MINISTERE DES FINANCES\nCellule de Gestion des Projets et des Marchés\nN° 004/CGPM/2026\n\nRecrutement d'un consultant pour l'audit des comptes\n",
            "Recrutement d'un consultant pour l'audit des comptes",
        ),
        (
            "SAM.gov - Contract Opportunity\nNotice ID: 1234567\nOffice: X\n\nDesign of a flood warning system for the lower basin\n",
            "Design of a flood warning system for the lower basin",
        ),
        (
            "Anuncio de licitación pública\nExpediente: 12/2026\n\nSuministro de mobiliario escolar para centros públicos\n",
            "Suministro de mobiliario escolar para centros públicos",
        ),
    ],
)
def test_title_is_what_is_bought_not_a_banner_an_organisation_or_a_country(text: str, title: str) -> None:
    low = fold_same_length(text)
    reference, _why = find_reference(text, low)
    assert find_title(text, low, reference)[0] == title


def submission_utc(text: str) -> dt.datetime:
    result = draft_from_text(text)
    (sub,) = [m for m in result.dates if m.kind == "submission"]
    if "T" in sub.at:
        return dt.datetime.fromisoformat(sub.at).astimezone(dt.UTC)
    local = dt.datetime.strptime(sub.at, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(sub.timezone or result.timezone))
    return local.astimezone(dt.UTC)


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        # a regional name CLDR does not carry
        ("Plazo de presentación de ofertas: 22/05/2026 a las 14:00 (hora peninsular)", "2026-05-22 12:00"),
        # a region from the tz country table's comments
        ("Presentación de propuestas: 10/03/2026 a las 11:00 horas, hora de Quintana Roo", "2026-03-10 16:00"),
        # a word that names a zone only in the notice's country (Australia/ACT)
        ("Country: Australia\nClosing date: 9 March 2027 2:00 pm (ACT local time)", "2027-03-09 03:00"),
        # an abbreviation the country's own name spells (Nepal Standard Time), not Newfoundland's NST
        ("Government of Nepal\nBids must be submitted by 12:00 NST on 15 January 2027.", "2027-01-15 06:15"),
        # AEST in Australia: the main zone with that name, never Macquarie Island
        ("Country: Australia\nTenders close on 14 July 2026 at 10:00 am AEST.", "2026-07-14 00:00"),
        # tiempo del centro (CompraNet's words)
        ("País: México\nPresentación de proposiciones: 19/03/2026, 11:00 horas tiempo del centro", "2026-03-19 17:00"),
    ],
)
def test_regional_and_country_words_give_the_zone(text: str, utc: str) -> None:
    assert submission_utc(text) == dt.datetime.fromisoformat(utc).replace(tzinfo=dt.UTC)


def test_mainland_word_with_the_country() -> None:
    text = "País: Portugal\nPrazo para apresentação das propostas: 23 de outubro de 2026, às 17h00 (hora continental)."
    assert submission_utc(text) == dt.datetime(2026, 10, 23, 16, 0, tzinfo=dt.UTC)


def test_stated_offset_is_never_replaced_by_a_zone_with_another() -> None:
    # CET in July: Paris is on CEST; the draft keeps UTC+1 as written and says so
    result = draft_from_text("Pouvoir adjudicateur : Ville de Paris\nDate limite de remise des offres : 15 juillet 2026 à 12h00 CET")
    (sub,) = [m for m in result.dates if m.kind == "submission"]
    assert sub.at == "2026-07-15T12:00+01:00" and sub.reviews


def test_country_from_web_and_mail_addresses() -> None:
    text = "Avis\nRenseignements : achats@mairie-brest.fr, https://marches.brest.fr\nDate limite : 3 mars 2026 à 12h00"
    notice = Notice(text, fold_same_length(text))
    assert notice_country(notice)[0] == "FR"
    # a domain sold to anyone is not a country's, unless under a government second level
    sold = "Contact: bids@firm.co\n"
    assert notice_country(Notice(sold, sold.lower()))[0] is None
    public = "Contact: compras@idu.gov.co\n"
    assert notice_country(Notice(public, public.lower()))[0] == "CO"


def test_notice_language() -> None:
    assert notice_language("les offres doivent etre remises par le candidat avec la mention et des pieces") == "fr"
    assert notice_language("las ofertas deberan presentarse en la sede del organismo y con los anexos para el") == "es"
    assert notice_language("12:00") is None


def test_title_from_a_label_or_a_spaced_table_column() -> None:
    for text in ("Contract title: Construction of the river canal\n", "Title                        Four-laning of the ring road\n"):
        low = fold_same_length(text)
        assert find_title(text, low, None)[1] is None and len(find_title(text, low, None)[0].split()) >= 4


def test_submission_start_is_not_the_deadline_and_times_after_starting_at() -> None:
    text = (
        "Country: Malawi\nA site visit is scheduled for 12 September 2026 starting at 09:00 hours.\nBid Submission Start Date    01-Sep-2026 10:00 AM\nBid Submission End Date      29-Sep-2026 03:00 PM\n"
        "Bids will be publicly opened at 15:30 hours on the same day.\n"
    )
    result = draft_from_text(text)
    kinds = sorted((m.kind, m.at) for m in result.dates)
    assert kinds == [("opening", "2026-09-29 15:30"), ("site-visit", "2026-09-12 09:00"), ("submission", "2026-09-29 15:00")]


def test_issuer_code_after_the_number_is_part_of_the_reference() -> None:
    assert find_reference(*head("Pregão Eletrônico SRP nº 118/2026 - SES/GO\n"))[0] == "118/2026 - SES/GO"
    assert find_reference(*head("PREGÃO ELETRÔNICO Nº 90012/2026 - UASG 153254\n"))[0] == "90012/2026"


def test_cldr_tables_cache_serves_what_a_build_gives(tmp_path, monkeypatch) -> None:
    """The tables kept in the user's cache are the tables a fresh build gives; a stale or broken
    cache file is rebuilt, never served."""
    import json

    from tenderctl.authoring.draft import lexicon

    monkeypatch.setenv("TENDERCTL_CACHE_DIR", str(tmp_path))

    def fresh() -> dict:
        for function in (lexicon._tables, lexicon.months, lexicon.places, lexicon.abbreviations, lexicon.weekdays, lexicon.language_names):
            function.cache_clear()
        return {"months": lexicon.months(), "places": lexicon.places(), "abbreviations": lexicon.abbreviations()}

    built = fresh()
    cached_file = tmp_path / "draft-tables.json"
    assert cached_file.is_file()
    assert fresh() == built  # served from the file
    assert built["places"]["hora peninsular"].zones == ("Europe/Madrid",)
    data = json.loads(cached_file.read_text(encoding="utf-8"))
    data["key"] = "another version"
    data["months"] = {"janvier": 7}
    cached_file.write_text(json.dumps(data), encoding="utf-8")
    assert fresh()["months"]["janvier"] == 1  # a stale key is rebuilt
    cached_file.write_text("{not json", encoding="utf-8")
    assert fresh() == built
    for function in (lexicon._tables, lexicon.months, lexicon.places, lexicon.abbreviations, lexicon.weekdays, lexicon.language_names):
        function.cache_clear()


def test_a_period_on_a_labelled_line_keeps_its_end_and_no_word_of_the_next_line() -> None:
    text = (
        "Ciudad: Lima\nCronograma\nRegistro de participantes: del 15/09/2026 al 20/10/2026\n"
        "Formulación de consultas: del 15/09/2026 al 25/09/2026\nPresentación de ofertas: 21/10/2026 hasta las 23:59\n"
    )
    result = draft_from_text(text)
    assert sorted((m.kind, m.at) for m in result.dates) == [("questions", "2026-09-25"), ("submission", "2026-10-21 23:59")]
    assert any("Registro" in s for s in result.skipped)
