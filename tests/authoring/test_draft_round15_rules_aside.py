"""Round 15, rules: cases set aside when test_draft_round15_rules.py was written, run once at the end.

Invented snippets in the four languages `draft` reads, in the shapes of real portals.
"""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft import draft_from_text


def rules(text: str) -> set[str]:
    return {check.rule for check in draft_from_text(text).checks}


@pytest.mark.parametrize(
    "text",
    [
        "All pages of the bid shall be signed and stamped by the authorised representative.\n",
        "La oferta deberá estar firmada por el representante legal del oferente.\n",
        "Todas as folhas da proposta deverão ser rubricadas e a última assinada.\n",
        "Chaque page de l'offre doit être paraphée par le soumissionnaire.\n",
    ],
)
def test_signature(text: str) -> None:
    assert "signature" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Proposals must be submitted in English.\n",
        "Les offres doivent être rédigées en français.\n",
        "Las propuestas deberán presentarse en idioma español.\n",
        "As propostas deverão ser redigidas em português.\n",
    ],
)
def test_language(text: str) -> None:
    assert "language" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "The technical proposal shall not exceed 25 pages, excluding annexes.\n",
        "La note méthodologique ne devra pas dépasser 10 pages.\n",
        "La propuesta técnica no deberá superar las quince (15) páginas.\n",
        "A proposta técnica não poderá ultrapassar 20 páginas.\n",
    ],
)
def test_page_limit(text: str) -> None:
    assert "page-limit" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "The financial proposal must be submitted in a separate sealed envelope.\n",
        "L'offre financière doit être placée dans une enveloppe séparée.\n",
        "La propuesta económica deberá presentarse en sobre separado.\n",
        "A proposta financeira deverá ser apresentada em envelope separado.\n",
    ],
)
def test_no_financials(text: str) -> None:
    assert "no-financials" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bids must be uploaded only through the e-procurement portal; the maximum file size is 10 MB.\n",
        "Les offres sont transmises uniquement par voie électronique sur la plateforme.\n",
        "Las ofertas deberán presentarse en un original y dos copias.\n",
        "As propostas serão entregues em 2 (duas) vias.\n",
    ],
)
def test_files(text: str) -> None:
    assert "files" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bidders must submit: a valid tax clearance certificate, a certificate of incorporation and a trade licence.\n",
        "Le soumissionnaire doit fournir l'attestation fiscale, l'attestation CNSS et le registre de commerce.\n",
        "Los oferentes deberán adjuntar el RUT, el certificado de existencia y representación legal y la garantía de seriedad.\n",
        "Os licitantes deverão apresentar a CND federal, o certificado de regularidade do FGTS e a certidão trabalhista.\n",
    ],
)
def test_required_documents(text: str) -> None:
    assert "required-documents" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Do NOT submit CVs with the Expression of Interest.\n",
        "Les CV ne doivent pas être joints à la manifestation d'intérêt.\n",
        "No se deben adjuntar hojas de vida en esta etapa.\n",
        "Não devem ser enviados currículos nesta fase.\n",
    ],
)
def test_no_cvs_when_forbidden(text: str) -> None:
    assert "cvs" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "The proposal shall include the CVs of the key experts.\n",
        "L'offre comprendra les CV des experts clés.\n",
        "La propuesta deberá incluir las hojas de vida del personal clave.\n",
        "A proposta deverá incluir os currículos da equipe técnica.\n",
    ],
)
def test_cvs(text: str) -> None:
    assert "cvs" in rules(text)
