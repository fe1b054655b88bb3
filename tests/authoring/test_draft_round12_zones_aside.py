"""Twelfth round, zones: the examples set aside (a third of each category), run once at the end."""

from __future__ import annotations

from tenderctl.authoring.draft import draft_from_text


def _submission(text: str) -> tuple[str, str | None, str]:
    draft = draft_from_text(text)
    milestone = next(m for m in draft.dates if m.kind == "submission")
    reviews = " ".join(draft.reviews.get("timezone", []) + milestone.reviews)
    return milestone.at, milestone.timezone or draft.timezone, reviews


def test_aside_wrapped_phrase_after_dos() -> None:
    text = (
        "Região Autónoma dos Açores\nCâmara Municipal da Horta\n\n"
        "As propostas devem ser entregues até às 16h00 de 9 de março de 2027, hora dos\n"
        "Açores, na plataforma eletrónica.\n"
    )
    _at, zone, _why = _submission(text)
    assert zone == "Atlantic/Azores"


def test_aside_the_deadlines_are_in_manaus_time() -> None:
    text = (
        "PREFEITURA MUNICIPAL DE PARINTINS - AM\n\n"
        "Os prazos deste edital observam o horário de Manaus.\n\n"
        "Data limite para envio das propostas: 12/05/2027 às 09h00\n"
    )
    _at, zone, _why = _submission(text)
    assert zone == "America/Manaus"
