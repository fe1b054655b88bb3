"""An e-mail's header above the notice it carries: "From:", "Sent:", "To:", "Subject:" lines.

A notice that arrives by e-mail (forwarded by a colleague, sent by the buyer to its list) starts
with the message's header. Its "Subject:"/"Objet :"/"Asunto:"/"Assunto:" line is a label of the
title's words, but it names the message ("TR: Demande de cotation n° 14/ARSN/SA/2027", "RV:
Invitación proceso SA-MC-004-2027 publicado en SECOP II"), and the notice below usually names the
purchase whole ("Objeto: Adquisición de insumos ..."). So the header's lines are known, and the
subject is the title's last resort, not its first.
"""

from __future__ import annotations

import re

_FIELD = re.compile(
    r"^\s*(?:from|de|von|sent|enviado|envoye|date|fecha|data|to|a|para|cc|cco|bcc|objet|subject|asunto|assunto|"
    r"attachments?|pieces jointes|anexos?|adjuntos?)\s*:",
)
"""A field of a message's header, on a folded line (lower case, no accents)."""
_ADDRESSING = re.compile(r"^\s*(?:from|de|von|sent|enviado|envoye|to|a|para|cc)\s*:")
"""The fields only a message has: a letter's "Date :" and "Objet :" alone are not a message's header."""
REPLY_MARKS = re.compile(r"^(?:(?:re|tr|fw|fwd|rv|res|enc|aw|wg)\s*:\s*)+", re.I)
"""The marks a reply or a forward puts before a subject ("TR: ", "RV: ", "Fwd: Re: ")."""


def header_lines(folded_lines: list[str]) -> frozenset[int]:
    """The numbers of the lines that are a message's header: two header fields or more in a row
    (a lone "Objet :" line is a notice's own field, not a message's)."""
    out: set[int] = set()
    run: list[int] = []
    for number, line in enumerate([*folded_lines, ""]):
        if _FIELD.match(line):
            run.append(number)
            continue
        if len(run) >= 2 and any(_ADDRESSING.match(folded_lines[n]) for n in run):
            out.update(run)
        run = []
    return frozenset(out)


_SENDER = re.compile(r"^[ \t]*(?:from|de|von)[ \t]*:[ \t]*\"?(?P<name>[^<>\"\n@]{4,120}?)\"?[ \t]*<[^>\n]*@[^>\n]*>", re.I | re.M)
"""A message's sender with a display name: "De: Junta de Freguesia de X <geral@...>"."""


def senders(text: str) -> list[str]:
    """The display names of a message's senders, in order (a forwarded message's below the forward's)."""
    return [" ".join(match["name"].split()) for match in _SENDER.finditer(text[:60_000])]
