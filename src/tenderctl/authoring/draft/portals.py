"""National procurement portals, by the words their notices carry, and the country each serves.

A notice copied from a national portal often names no country and no zone at all (a BOAMP
notice of Marseille, a GeM bid, a ChileCompra record): its times are the portal's country's.
Each entry is the portal's name, domain or reference shape as it appears in the folded text
(lower case, no accents). International portals (UNGM, TED, DevelopmentAid, ReliefWeb) are not
here: they serve every country.
"""

from __future__ import annotations

import functools
import re

PORTALS: dict[str, tuple[str, str]] = {
    "BOAMP": ("FR", r"boamp|bulletin officiel des annonces des marches publics"),
    "PLACE": ("FR", r"marches-publics\.gouv\.fr"),
    "PLACSP": ("ES", r"placsp|plataforma de contratacion del sector publico|contrataciondelestado\.es"),
    "SECOP": ("CO", r"secop|colombia compra eficiente"),
    "CompraNet": ("MX", r"compranet"),
    "GeM": ("IN", r"government e-marketplace|gem\.gov\.in|gem/20\d\d/[br]/\d"),
    "CPPP": ("IN", r"central public procurement portal|eprocure\.gov\.in"),
    "PhilGEPS": ("PH", r"philgeps"),
    "ChileCompra": ("CL", r"chilecompra|mercadopublico|mercado publico"),
    "Guatecompras": ("GT", r"guatecompras"),
    "SEACE": ("PE", r"seace"),
    "COMPR.AR": ("AR", r"compr\.ar"),
    "Compras.gov.br": ("BR", r"comprasnet|compras\.gov\.br|gov\.br/compras|portaldecompraspublicas"),
    "BASE": ("PT", r"base\.gov\.pt|diario da republica"),
    "Portuguese e-procurement platforms": ("PT", r"vortal\.biz|vortal nextgov|acingov|anogov|saphetygov"),
    "AusTender": ("AU", r"austender|tenders wa|tenders\.wa\.gov|tenders nsw|buy\.nsw"),
    "CanadaBuys": ("CA", r"canadabuys|achatscanada|buyandsell\.gc\.ca|achatsetventes"),
    "SAM.gov": ("US", r"sam\.gov"),
    "PPIP": ("KE", r"ppip|tenders\.go\.ke"),
    "TUNEPS": ("TN", r"tuneps"),
    "GeBIZ": ("SG", r"gebiz"),
    "ACCE": ("UY", r"comprasestatales"),
    "LPSE": ("ID", r"lpse|layanan pengadaan|inaproc"),
    "Bolpatra": ("NP", r"bolpatra"),
    "eTenders (South Africa)": ("ZA", r"etenders\.gov\.za"),
    "Portail des marchés publics (Maroc)": ("MA", r"marchespublics\.gov\.ma|portail marocain des marches publics"),
    "SICOP": ("CR", r"sicop|sistema integrado de compras publicas"),
    "DNCP": ("PY", r"contrataciones\.gov\.py|direccion nacional de contrataciones publicas"),
    "SERCOP": ("EC", r"sercop|compraspublicas\.gob\.ec"),
    "HonduCompras": ("HN", r"honducompras"),
    "SEAO": ("CA", r"seao\.ca|systeme electronique d'appel d'offres"),
}
"""Portal -> (ISO country, its words in the folded text). A plain, greppable table."""


@functools.cache
def _pattern() -> re.Pattern[str]:
    parts = [f"(?P<p{index}>{words})" for index, (_country, words) in enumerate(PORTALS.values())]
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")(?![a-z])")


def portal_country(folded: str) -> tuple[str, str] | None:
    """(country, portal) of the first national portal the folded text names, or None."""
    match = _pattern().search(folded)
    if match is None or match.lastgroup is None:
        return None
    name = list(PORTALS)[int(match.lastgroup[1:])]
    return PORTALS[name][0], name
