"""Round 15, rules: the bid's files (a size cap in any words, copies, one channel, a refused channel),
obligations said as nouns or adverbs, on invented notices in the four languages."""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft import draft_from_text


def rules(text: str) -> set[str]:
    return {check.rule for check in draft_from_text(text).checks}


@pytest.mark.parametrize(
    "text",
    [
        # a size cap said without a modal verb, in any words
        "Les candidatures sont adressées par courriel, sous la forme d'un fichier PDF de 12 Mo au plus.\n",
        "Las propuestas se remitirán en un único archivo de no más de 20 MB.\n",
        "The Agency is not responsible for bids that exceed 25 MB or are blocked by spam filters.\n",
        # the one channel, said as a fact or with an adverb
        "Les offres sont transmises exclusivement par courriel, pièces jointes en PDF.\n",
        "Tenders will only be accepted through the Council's e-tendering portal.\n",
        "Dépôt : remise électronique sur la plateforme uniquement.\n",
        "Offers must be submitted through the Ministry's e-procurement system.\n",
        # a refused channel
        "Hard-copy quotations are not accepted.\n",
        "Bids sent by fax will not be entertained.\n",
        "Las ofertas en papel no son admitidas.\n",
        "Les soumissionnaires n'ont pas la possibilité de remettre des offres par voie électronique.\n",
        # copies
        "Bids must be delivered in three (3) copies to the address above.\n",
        "La propuesta se presentará en original y duplicado.\n",
        "IC 20.1 Nombre de copies de l'offre en plus de l'original : deux (02).\n",
        "As propostas são entregues em 2 (duas) vias.\n",
    ],
)
def test_files(text: str) -> None:
    assert "files" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Documents: Bases de licitación (PDF, 3.1 MB); Planos (ZIP, 48 MB).\n",
        "The tender documents (Volume 1.pdf, 4 MB) may be downloaded from the portal.\n",
        "Le dossier de consultation est joint au présent message sous forme d'un fichier compressé (6,3 Mo).\n",
        "Proposals must be submitted through the supplier portal of the province.\n",
    ],
)
def test_no_files(text: str) -> None:
    assert "files" not in rules(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Les autres dispositions demeurent, notamment l'obligation de joindre l'attestation fiscale et l'attestation CNSS.\n",
            "required-documents",
        ),
        ("Les offres sont obligatoirement transmises via la plateforme, en un original et deux copies.\n", "files"),
        ("El oferente adjunta su oferta, debidamente firmada por el representante legal.\n", "signature"),
        ("A proposta, devidamente assinada pelo representante legal, é entregue no protocolo.\n", "signature"),
    ],
)
def test_obligations_said_as_nouns_or_adverbs(text: str, rule: str) -> None:
    assert rule in rules(text)
