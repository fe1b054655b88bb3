"""The procedure's kind before a Portuguese notice's number is part of its reference (the
convention of the h9 and h10 truths, which agree on it): "PREGÃO ELETRÔNICO Nº 019/2028 - CPL/PME"."""

from __future__ import annotations

import pytest

from tenderctl.authoring.draft.procedure import with_procedure_kind


@pytest.mark.parametrize(
    ("text", "ref", "want"),
    [
        ("EDITAL DE PREGÃO ELETRÔNICO Nº 027/2028 - CPL/PMT\n", "027/2028 - CPL/PMT", "PREGÃO ELETRÔNICO Nº 027/2028 - CPL/PMT"),
        ("AVISO DE DISPENSA ELETRÔNICA Nº 0311/2027\n", "0311/2027", "DISPENSA ELETRÔNICA Nº 0311/2027"),
        ("Procedimento: Consulta Prévia n.º 12/CP/2027\n", "12/CP/2027", "Consulta Prévia n.º 12/CP/2027"),
        ("Concurso Público Nacional N.º 04/UGA/2027\n", "04/UGA/2027", "Concurso Público Nacional N.º 04/UGA/2027"),
        (
            "AVISO DE LICITAÇÃO - Pregão Eletrônico SRP nº 55/2027 - SES/TO\n",
            "55/2027 - SES/TO",
            "Pregão Eletrônico SRP nº 55/2027 - SES/TO",
        ),
    ],
)
def test_the_kind_before_the_number_joins_it(text: str, ref: str, want: str) -> None:
    assert with_procedure_kind(ref, text, "pt") == want


def test_a_number_under_a_label_keeps_its_own_shape() -> None:
    assert with_procedure_kind("CP-07/DCP/2027", "Referência interna: CP-07/DCP/2027\n", "pt") == "CP-07/DCP/2027"


def test_another_language_keeps_the_number() -> None:
    assert with_procedure_kind("37/2027", "Licitación Abreviada Nº 37/2027\n", "es") == "37/2027"


def test_a_kind_on_another_line_is_not_joined() -> None:
    assert with_procedure_kind("031/2027", "PREGÃO ELETRÔNICO Nº\n031/2027\n", "pt") == "031/2027"
