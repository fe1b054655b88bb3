"""The words of a notice's labels in four languages: which label names the buyer, which the
notice's own reference, which only a number that belongs to something else.

A label is the text before a colon or a table cell at the start of a line ("Acheteur public :",
"Entidad adjudicadora:", "Buying agency:", "RFT ID:", "Número de operación:"). It is read by
its words, not matched whole: a label is a buyer's when it holds a buyer word and no word of
an address, a phone or an identifier; a reference's when it holds a number word (or is a
reference word itself) and no word of money, tax or classification. Each word has a strength:
among several labels the strongest wins, then the first. Words are folded (lower case, no
accents) and matched as whole words or phrases.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tenderctl.authoring.draft.titlelabels import NOT_TITLE, TITLE_WORDS

# strength 3: the buyer, said as such; 2: an organisation that usually is; 1: a unit of it
BUYER_WORDS: dict[str, int] = {
    # English
    "buyer": 3,
    "buying agency": 3,
    "buying entity": 3,
    "purchaser": 3,
    "procuring entity": 3,
    "procuring agency": 3,
    "procurement entity": 3,
    "contracting authority": 3,
    "contracting entity": 3,
    "contracting agency": 3,
    "contracting organization": 3,
    "contracting organisation": 3,
    "employer": 3,
    "client": 2,
    "issued by": 2,
    "executing agency": 2,
    "implementing agency": 2,
    "agency": 2,
    "ind. agency": 2,
    "organization": 2,
    "organisation": 2,
    "published by": 2,
    # the name of the organisation, in a portal's hierarchy (Ministry > Department > Organisation > Office)
    "organization name": 3,
    "organisation name": 3,
    "name of the organisation": 3,
    "name of the organization": 3,
    "name of organisation": 3,
    "name of organization": 3,
    "office name": 1,
    "un organization": 3,
    "official name": 2,
    "department": 2,
    "ministry": 1,
    "office": 2,
    "unit": 1,
    # French
    "acheteur": 3,
    "acheteur public": 3,
    "organisme acheteur": 3,
    "pouvoir adjudicateur": 3,
    "entite adjudicatrice": 3,
    "autorite contractante": 3,
    "organisation contractante": 3,
    "maitre d'ouvrage": 3,
    "maitre de l'ouvrage": 3,
    "nom officiel": 2,
    "nombre oficial": 2,
    "nome oficial": 2,
    "poder adjudicador": 3,
    "razon social": 2,
    "denominacion social": 2,
    "dependencia que tramita": 1,
    "organisme": 2,
    "nom de l'organisation": 3,
    "nom de l'organisme": 3,
    "ministere": 1,
    "service": 1,
    # Spanish
    "entidad": 3,
    "entidad adjudicadora": 3,
    "entidad contratante": 3,
    "entidad convocante": 3,
    "entidad compradora": 3,
    "entidad estatal": 3,
    "dependencia": 3,
    "dependencia o entidad": 3,
    "organo de contratacion": 3,
    "organismo contratante": 3,
    "organismo licitante": 3,
    "organismo comprador": 3,
    "organismo demandante": 3,
    "comprador": 3,
    "convocante": 3,
    "responsable de esta licitacion": 3,
    "organismo": 2,
    "institucion": 2,
    "nombre de la entidad": 3,
    "nombre de la organizacion": 3,
    "unidad compradora": 1,
    "unidad operativa de compras": 3,  # COMPR.AR's field for the buying unit
    "unidad operativa de adquisiciones": 3,
    "unidad ejecutora": 1,
    "unidad de compra": 1,
    # Portuguese
    "entidade": 3,
    "entidade adjudicante": 3,
    "entidade contratante": 3,
    "designacao da entidade adjudicante": 3,
    "orgao": 3,
    "orgao gerenciador": 3,
    "orgao contratante": 3,
    "contratante": 3,
    "comprador publico": 3,
    "nome do orgao": 3,
    "nome da entidade": 3,
    "nome da organizacao": 3,
    "unidade compradora": 1,
}
"""Folded label words that name the buyer, with their strength."""

NOT_BUYER = (
    "address",
    "adresse",
    "direccion",
    "endereco",
    "telephone",
    "tel",
    "phone",
    "telefono",
    "email",
    "e-mail",
    "courriel",
    "correo",
    "fax",
    "contact",
    "contacto",
    "website",
    "site",
    "url",
    "profil",
    "perfil",
    "representative",
    "representant",
    "representante",
    "person",
    "persona",
    "pessoa",
    "type",
    "tipo",
    "code",
    "codigo",
    "number",
    "numero",
    "no",
    "id",
    "identification",
    "identificacion",
    "siret",
    "nit",
    "cif",
    "rut",
    "nif",
    "nipc",
    "cnpj",
    "city",
    "ville",
    "ciudad",
    "country",
    "pays",
    "pais",
    "category",
    "categorie",
    "categoria",
    "activity",
    "activite",
    "actividad",
    "reclamos",
    "location",
    "lieu",
    "funding",
    "reference",
    "referencia",
    "ref",
    "recruiting",
    "plataforma",  # "Plataforma eletrónica utilizada pela entidade adjudicante: acinGov": the portal, not the buyer
    "platform",
    "plateforme",
    "portal",
    "financement",
    "financiamiento",
    "financiamento",
)
"""Words that make a label about the buyer's address, contact or identifier, not its name."""

# strength 3: the notice's own number, said as such; 2: a number of the procedure; 1: a bare "No."
REFERENCE_WORDS: dict[str, int] = {
    "reference": 3,
    "ref": 3,
    "referencia": 3,
    "nomenclatura": 3,
    "expediente": 3,
    "numero de expediente": 3,
    "expte": 3,
    "nog": 3,  # Guatecompras' "Número de Operación Guatecompras"
    "notice id": 3,
    "notice number": 3,
    "notice no": 3,
    "tender id": 3,
    "tender no": 3,
    "tender number": 3,
    "bid number": 3,
    "bid no": 3,
    "solicitation number": 3,
    "solicitation no": 3,
    "invitation number": 3,
    "numero de l'invitation": 3,
    "numero de sollicitation": 3,
    "numero de la demande de soumissions": 3,
    "numero de l'avis": 2,
    "numero de la consultation": 3,
    "identifiant de la consultation": 3,
    "identifiant interne": 3,
    "identifiant": 2,
    "reference interne": 3,
    "internal reference": 3,
    "internal identifier": 3,
    "referencia interna": 3,
    "referencia interna del expediente": 3,
    "numero del proceso": 3,
    "numero de proceso": 3,
    "numero de procedimiento": 3,
    "numero de operacion": 3,
    "numero de licitacion": 3,
    "numero de la licitacion": 3,
    "numero de convocatoria": 3,
    "licitacion id": 3,
    "id de la licitacion": 3,
    "numero do processo": 2,
    "numero do procedimento": 3,
    "numero do edital": 3,
    "procurement reference": 3,
    "contract identification": 3,
    "atm id": 3,
    "rft id": 3,
    "rfx id": 3,
    "rfp no": 3,
    "rfq no": 3,
    "itb no": 3,
    "ifb no": 3,
    "eoi no": 3,
    "rfp number": 3,
    "rfq number": 3,
    "itb number": 3,
    "ifb number": 3,
    "eoi number": 3,
    "csrn reference": 3,
    "package number": 3,
    "package no": 3,
    # a portal's field for the buyer's own number ("Código del proceso", "Proceso de compra", "Número de acto")
    "opportunity id": 3,
    "opportunity number": 3,
    "ib no": 3,
    "codigo del proceso": 3,
    "codigo de proceso": 3,
    "proceso de compra": 3,
    "numero de acto": 3,
    "codigo do processo": 2,
    "id": 2,
    "number": 2,
    "numero": 2,
    "no": 1,
    "n°": 1,
    "nº": 1,
    "n.º": 1,
}
"""Folded label words that name the notice's own reference, with their strength."""

NOT_REFERENCE = (
    "approval",
    "publication",  # "N° de la publication 1219876", "Notice publication number": the journal's number, not the notice's
    "publicacion",
    "publicacao",
    "issue number",  # "OJ S issue number: 109/2027": the journal's issue
    "your",  # "Your Ref:": the bidder's own reference, in a letter
    "vos",
    "votre",
    "su referencia",
    "sua referencia",
    "loan",
    "credit",
    "grant",
    "project",
    "projet",
    "proyecto",
    "projeto",
    "programme",
    "program",
    "pret",
    "prestamo",
    "emprestimo",
    "don",
    "financing",
    "financement",
    "financiamiento",
    "financiamento",
    "award id",
    "clin",
    "line item",
    "purchase request",
    "requisition",
    "file",
    "dossier de l'acheteur",
    "siret",
    "nit",
    "cif",
    "rut",
    "nif",
    "nipc",
    "cnpj",
    "tax",
    "vat",
    "tva",
    "cpv",
    "unspsc",
    "uasg",
    "phone",
    "telephone",
    "telefono",
    "fax",
    "contract marco",
    "contrato marco",
    "framework",
    "identification national",
    "numero national",
    "registration",
    "registre",
    "registro",
    "budget",
    "ceiling",
    "item",
    "lot",
    "case",
    "account",
    "compte",
    "cuenta",
    # the portal's own serial for the notice ("Nº da licitação no sistema Licitações-e")
    "no sistema",
    "en el sistema",
    "in the system",
    "dans le systeme",
    # money: "Precio de referencia: B/. 738.500,00" is an amount
    "precio",
    "price",
    "prix",
    "preco",
    "valor",
    "montant",
    "amount",
    "importe",
    "monto",
    "cost",
    "cout",
    "costo",
    "custo",
)
"""Words that make a numbered label about the money, the buyer's registration or an item."""


def _phrase(words: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    parts = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(parts)})(?![a-z0-9])")


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return _phrase(list(BUYER_WORDS)), _phrase(NOT_BUYER), _phrase(list(REFERENCE_WORDS)), _phrase(NOT_REFERENCE)


def _strength(label: str, table: dict[str, int], words: re.Pattern[str], bad: re.Pattern[str]) -> int:
    label = " ".join(label.replace("/", " / ").split())
    if bad.search(label):
        return 0
    return max((table.get(m.group(0), 0) for m in words.finditer(label)), default=0)


@functools.cache
def _title_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return _phrase(list(TITLE_WORDS)), _phrase(NOT_TITLE)


def title_strength(label: str) -> int:
    """0 when the folded ``label`` does not name the title, else 1 to 3."""
    words, bad = _title_patterns()
    return _strength(label, TITLE_WORDS, words, bad)


def buyer_strength(label: str) -> int:
    """0 when the folded ``label`` does not name the buyer, else 1 (a unit) to 3 (the buyer)."""
    words, bad, _r, _nr = _patterns()
    return _strength(label, BUYER_WORDS, words, bad)


_NUMBER_OF = re.compile(r"^(?:no|n[°º]|n\.º|n\.o|num|nro)\.?\s+(?=(?:de|del|de la|do|da|du|of)\s)")
""""No. de licitación", "Nº do processo", "Núm. de expediente": the abbreviation of "número"."""


def reference_strength(label: str) -> int:
    """0 when the folded ``label`` does not name the notice's reference, else 1 ("No.") to 3."""
    _b, _nb, words, bad = _patterns()
    return _strength(_NUMBER_OF.sub("numero ", label.strip()), REFERENCE_WORDS, words, bad)


@dataclass(frozen=True)
class Labelled:
    """A labelled line: the label (folded), its value (as written) and where the value starts."""

    label: str
    value: str
    start: int
    line: int


_LABEL_LINE = re.compile(
    r"^[ \t]*(?:[ivx]+\.[\d.]*\)\s*|\d+(?:\.\d+)*[.)]\s+|[-•*]\s+|\|\s*)?(?P<label>[^\n:|\t]{1,70}?)[ \t]*(?:[:|\t]|\s{3,})[ \t]*(?P<v>[^\n]*)$",
    re.M,
)


def _bare_label(line: str) -> bool:
    """A line that is a label phrase and nothing else (two words at least: "Órgano de Contratación")."""
    label = " ".join(line.split())
    numbered = re.match(r"\d+(?:\.\d+)*\.?\s+(?P<rest>.+)$", label)
    if numbered and 2 <= len(numbered["rest"].split()) <= 6 and _title_patterns()[0].fullmatch(numbered["rest"]):
        return True  # "2.1 Titre du projet du marché": a form's numbered heading, its value below
    if len(label.split()) == 1:
        # "Titre", "Title", "Objet" alone on its line (TED eForms in print): only the strongest words
        return TITLE_WORDS.get(label) == 3 or REFERENCE_WORDS.get(label) == 3 or BUYER_WORDS.get(label) == 3
    if not 2 <= len(label.split()) <= 6:
        return False
    buyers, _nb, references, _nr = _patterns()
    titles = _title_patterns()[0]
    return any(p.fullmatch(label) for p in (buyers, references, titles))


def _any_label(line: str) -> bool:
    """A line that is one label phrase of any field, of any strength ("Department", "Description")."""
    label = " ".join(line.split())
    if not 1 <= len(label.split()) <= 4 or not label[:1].isalpha():
        return False
    buyers, _nb, references, _nr = _patterns()
    return any(p.fullmatch(label) for p in (buyers, references, _title_patterns()[0]))


def _stacked_labels(lines: list[str]) -> frozenset[int]:
    """A portal's page printed as a column ("Tender Number" / "KZN-DOH 14/2027-28" / "Description" /
    "APPOINTMENT OF ..." / "Department" / "KwaZulu-Natal Department of Health"): a label line that a label
    line two lines above or below accompanies is a label even when its word alone ("Department") is weak."""
    labels = [n for n, line in enumerate(lines) if _any_label(line) or _bare_label(line)]
    if not labels:
        return frozenset()
    near = zip(labels, [-99, *labels[:-1]], [*labels[1:], 10**9], strict=True)  # each with the label before and after it
    return frozenset(n for n, before, after in near if n - before <= 6 or after - n <= 6)


_NEXT_LABEL = re.compile(r"^[^:\n]{1,40}:(?:\s|$)")
_NUMBERED_ROW = re.compile(r"[ \t]*(?P<label>[a-z][^\n:|\t]{1,70}?)[ \t]*(?:[:|\t]|\s{3,})[ \t]*")
"""The label cell after a row's number ("| 12 | Name of Works | ...")."""
MAX_LABELS = 400


def labelled_lines(text: str, low: str, limit: int) -> list[Labelled]:
    """Every "label: value" line in ``text[:limit]`` (a value on the next line when the label
    stands alone), at most :data:`MAX_LABELS` of them."""
    out: list[Labelled] = []
    lines = low[:limit].split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    stacked = _stacked_labels(lines[:400])
    for number, line in enumerate(lines):
        if len(out) >= MAX_LABELS:
            break
        match = _LABEL_LINE.match(line)
        if match is None and number + 1 < len(lines) and (_bare_label(line) or number in stacked):
            # "Órgano de Contratación" alone, its value on the next line (PLACSP)
            value_start = starts[number + 1]
            value = text[value_start : value_start + len(lines[number + 1])].strip()
            if value and not _NEXT_LABEL.match(value):
                out.append(Labelled(line.strip(), value, value_start, number))
            continue
        if match is None or len(match["label"].split()) > 8:
            continue
        if match["label"][-1:].isdigit() and match["v"][:1].isdigit():
            continue  # "by 12:00 noon": a time, not a label
        label = match["label"].strip()
        value_start = starts[number] + match.start("v")
        value = text[value_start : starts[number] + match.end("v")].strip().strip("|").strip()
        row = _NUMBERED_ROW.match(low, value_start) if re.fullmatch(r"\d{1,3}\.?", label) else None
        if row is not None and row.end() <= starts[number] + len(line):
            # "| 12 | Name of Works | Improvement of ...": a numbered table row, its label in the second cell
            label, value_start = row["label"].strip(), row.end()
            value = text[value_start : starts[number] + len(line)].strip().strip("|").strip()
        if not value and number + 1 < len(lines):
            value_start = starts[number + 1]
            value = text[value_start : value_start + len(lines[number + 1])].strip()
            if _NEXT_LABEL.match(value):
                value = ""  # the next line is a label of its own
        if value:
            out.append(Labelled(label, value, value_start, number))
            inner = _INNER_FIELD.match(line, match.start("v"))
            if inner and ":" not in line[: match.start("v")]:
                # "ANUNCIO DE LICITACIÓN        Expte.: 27/SUM/0031": a heading, then a field in its right column
                start = starts[number] + inner.start("v")
                out.append(Labelled(inner["label"].strip(), text[start : starts[number] + inner.end("v")].strip(), start, number))
    return out


_INNER_FIELD = re.compile(r"(?P<label>[^:\n]{2,40}?)\s*:\s+(?P<v>\S.*)$")
