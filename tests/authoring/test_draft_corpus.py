"""Every notice of the corpus drafts into a file that validates; the training part's deadlines are right.

The corpus (tests/authoring/notices/) is scored field by field by bench/score_drafts.py. Here
only the training part's submission deadlines are asserted (the held-out part is drafted and
validated, never compared here: its score is read once, at the end, in bench/).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tenderctl.authoring.draft import draft_from_text, read_notice, validate_draft

CORPUS = Path(__file__).parent / "notices"
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import score_drafts  # noqa: E402

TRAIN = sorted((CORPUS / "train").glob("*.txt"))
HELDOUT = sorted((CORPUS / "heldout").glob("*.txt"))
# Known misses, each for a reason the notice gives: no zone, country, portal or address is written anywhere
# in it: UTC placeholder, REVIEW line, warning. (The BOAMP and PLACSP notices that were here now take
# their portal's country, seventh round.)
NO_ZONE_IN_TEXT: set[str] = set()
# Misses of the third held-out set (h5), moved into train once studied; each is removed when its fix lands
# (strict: a notice that starts passing fails here until it leaves this set).
KNOWN_SUBMISSION_MISSES: set[str] = {
    # the fourth held-out set (h7), scored once in the sixth round and moved into train: its submission misses
    "h7a-india-state-corrigendum",
    "h7b-dncp-paraguay",
    # the eighth round's own notices (r8d-*), written before its date fixes: their first misses
    "r8d-es-compranet-diferimiento-jalisco",
    # the fifth held-out set (h8), scored once in the sixth round, studied, and moved into train: its submission misses
    "h8a-pt-bec-sp-pregao-pdf",
    "h8b-es-bajacalifornia-tijuana-bases-pdf",
    "h8c-pt-matogrosso-pregao-pdf",
    # the eleventh round's rules notices (r11r-*), written for their requirements: "until 2:00 p.m. Mountain Time
    # on Tuesday, December 7, 2027" read as all-day
    "r11r-en-us-ifb-signed-items",
    "r11r-pt-cv-codigo",  # set aside: "até às 16h00 (hora da Praia) do dia 30 de novembro" after "por e-mail ... até 12 MB"
    # the sixth held-out set (h9, 37 notices), scored once, blind, in the seventh round and moved into train
    "h9a-en-nest-tanzania-forwarded",
    # the seventh held-out set (h10, 102 notices), scored once, blind, in the eleventh round and moved into train
    "h10a-en-nepal-egp-dhankuta-water",
    "h10b-fr-afd-comores-ami-deux-colonnes",
    "h10c-es-ar-neuquen-circular-prorroga",
    "h10c-es-do-dgcp-inapa-circular-enmienda",
    "h10c-es-es-placsp-ceuta-sobres",
    "h10c-es-ops-paho-ungm-rfp-este",
    "h10c-es-pe-seace-cusco-ficha",
    "h10d-en-indiana-idoa-addendum",
    "h10d-pt-dr-anuncio-pdf-paginas",
    # the eighth held-out set (h11, 178 notices), scored once, blind, in the twelfth round and moved into train
    "h11a-en-jkr-sarawak-miri-quotation",
    "h11a-en-kerala-etenders-kwa-corrigendum",
    "h11a-en-lpse-jayapura-wit-tahapan",
    "h11a-en-solomon-honiara-mehrd-tender",
    "h11a-en-worldbank-kiribati-kiritimati-rfb",
    "h11b-fr-afd-mauritanie-nouadhibou-journal",
    "h11b-fr-algerie-oran-prorogation-cahier",
    "h11b-fr-burkina-quotidien-dedougou-lots",
    "h11b-fr-gabon-portgentil-cellules-portail",
    "h11b-fr-guyane-saintlaurent-tableau-pipes",
    "h11b-fr-mayotte-dembeni-mapa-court",
    "h11b-fr-niger-zinder-prorogation-tu",
    "h11b-fr-parcscanada-kluane-pacifique-yukon",
    "h11b-fr-place-ambassade-maurice",
    "h11b-fr-quebec-saguenay-hne-mai",
    "h11b-fr-region-bretagne-restreinte-candidatures",
    "h11b-fr-simap-geneve-sig-ordinaire",
    "h11b-fr-spac-gander-heure-terreneuve",
    "h11b-fr-spm-rectificatif-heure-hiver",
    "h11c-es-es-boja-granada-correccion-errores",
    "h11c-es-es-bop-tenerife-elhierro-dos-columnas",
    "h11c-es-mx-bc-ensenada-bases-horario-verano",
    "h11c-es-mx-compranet-cozumel-hora-centro-y-local",
    "h11c-es-mx-nl-monterrey-correo-aclaracion-hora",
    "h11c-es-mx-son-navojoa-convocatoria-prensa-tabla",
    "h11c-es-pe-seace-arequipa-adjudicacion-simplificada",
    "h11c-es-pr-act-aviso-subasta-hora-atlantico",
    "h11d-en-contractsfinder-kingslynn",
    "h11d-en-mauritius-pdf-bds",
    "h11d-pt-acingov-setubal-concurso",
    "h11d-pt-angola-email-lubango-horas",
    "h11d-pt-ioemt-duascolunas-sinop",
    "h11d-pt-licitacoese-ipixuna-pregao",
    "h11d-pt-macau-concurso-ssm",
    "h11d-pt-mocambique-tabela-celulas-nampula",
    "h11d-pt-noronha-dispensa-vistoria",
    "h11d-pt-pacaraima-jornal-aviso",
    "h11d-pt-saotome-manifestacao-cvs",
    "h11d-pt-saphety-smas-concurso",
    "h11d-pt-timor-anunsiu-bilingue",
    # the ninth held-out set (h12, 182 notices), scored once, blind, in the thirteenth round; two thirds moved into train, every third kept held out (the fourteenth round's aside)
    "h12a-en-bangladesh-egp-lged-works",
    "h12a-en-bcbid-victoria-rfp",
    "h12a-en-findatender-nhs-leeds-lots",
    "h12a-en-india-kerala-etenders-corrigendum",
    "h12a-en-ireland-etenders-opw-dublin",
    "h12a-en-maryland-emma-dgs-addendum",
    "h12a-en-sa-tenders-adelaide-eoi",
    "h12a-en-samgov-huachuca-arizona-combined",
    "h12a-en-texas-esbd-txdot-rfq",
    "h12b-fr-algerie-alger-eph-bologhine",
    "h12b-fr-eprocurement-be-namur-ecoles",
    "h12b-fr-rdc-lubumbashi-snel-rectificatif",
    "h12b-fr-simap-geneve-hug-linge",
    "h12b-fr-togo-lome-port-autonome-dao",
    "h12b-pt-boavista-rr-prefeitura-tabela",
    "h12b-pt-dre-braga-concurso-publico",
    "h12b-pt-dre-lisboa-prorrogacao-prazo",
    "h12b-pt-guinebissau-bissau-bm-smi",
    "h12b-pt-madeira-funchal-iasaude-consulta",
    "h12b-pt-noronha-pe-administracao-pregao",
    "h12c-es-euskadi-osakidetza-limpieza",
    "h12c-es-madrid-canal-contadores",
    "h12d-es-salta-provincia-escuelas",
    "h12d-pt-dre-pontedabarca-escola",
    "h12d-pt-pelotas-rs-tabela-frota",
    "h12e-en-thailand-egat-ebidding",
}


def test_corpus_shape() -> None:
    import yaml

    # about a quarter aside: a held-out set, once studied, moves into train and a new one is
    # written, so the share runs between a fifth and a third (train grows by each round's own
    # notices while the set is out); never fewer than 14 unseen notices.
    # Between the move and the new set's arrival (written by someone who has not seen the code)
    # the held-out part is empty: that is allowed, a small one is not.
    assert len(TRAIN) + len(HELDOUT) >= 30
    assert not HELDOUT or (len(HELDOUT) >= 14 and len(HELDOUT) * 5 >= len(TRAIN + HELDOUT))
    truths = [yaml.safe_load(p.with_suffix("").with_suffix(".truth.yaml").read_text(encoding="utf-8")) for p in TRAIN + HELDOUT]
    assert len({t["portal"] for t in truths}) >= 10
    assert {t["language"] for t in truths} == {"en", "fr", "es", "pt"}


@pytest.mark.parametrize("notice", TRAIN + HELDOUT, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notice_drafts_into_a_valid_file(notice: Path) -> None:
    result = draft_from_text(read_notice(notice), source=notice.name)
    text, problems = validate_draft(result)
    assert problems == [], text


@pytest.mark.parametrize(
    "notice",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="known miss, see docs/drafting.md"))
        if p.stem in KNOWN_SUBMISSION_MISSES
        else p
        for p in TRAIN
    ],
    ids=lambda p: p.stem,
)
def test_training_submission_deadline(notice: Path) -> None:
    import yaml

    truth = yaml.safe_load(notice.with_suffix("").with_suffix(".truth.yaml").read_text(encoding="utf-8"))
    result = draft_from_text(read_notice(notice), source=notice.name)
    (submission,) = [m for m in result.dates if m.kind == "submission"]
    (wanted,) = [d for d in truth["dates"] if d["kind"] == "submission"]
    got = score_drafts.draft_instant(submission.at, submission.timezone or result.timezone)
    if notice.stem in NO_ZONE_IN_TEXT:
        assert result.timezone == "UTC" and any("no time zone found" in w for w in result.warnings)
        return
    assert got == score_drafts.truth_instant(wanted)
