"""Rule ``no-financials``: no price, fee or cost figure anywhere in the technical proposal.

Many buyers (UN agencies, development banks) evaluate the technical proposal blind to the
price and disqualify a bid whose technical part reveals it. The rule therefore reads every
place text lives (tables, headers and footers, text boxes, comments, tracked deletions,
annotations, form fields, attachments, spreadsheet cells) and reports each finding.

What counts, in order of confidence:

* an amount with a currency symbol or code (``USD 650``, ``€32,000``, ``87 500 EUR``,
  ``R$ 12.000,00``, ``CHF 3'000``, ``12 millions de dollars``) - fail;
* price or cost vocabulary in English, French, Spanish or Portuguese directly followed by a
  figure (``daily rate: 650``, ``coût total 87 500``, ``honorarios 1.200``) - fail;
* a spreadsheet cell with a currency number format, or a number in a spreadsheet or table
  column headed by such vocabulary or a currency (``Unit cost``, ``Daily rate (USD)``), or
  in a ``Total`` column beside one, or in a table row labelled so (``Daily fee | 650``) - fail;
* an amount stated in millions or billions with no price word in its sentence (``$45 million
  are allocated to the programme``): usually a statistic about the buyer or the sector,
  so it only warns. Decision documented in docs/checklist.md.

What does not count (the rule must not cry wolf): years, dates, times, page and section
numbers, phone numbers, percentages, counts of things (``300 million children``,
``cost of 3 workshops``), e-mail addresses and links, the tender's own reference, and
``budget`` in narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tenderctl.checks._options import choice, strings
from tenderctl.checks._text import excerpt, fold, lines_containing, one_line, unreadable_result, unseen_parts
from tenderctl.checks.registry import Context, Evidence, Result, Status, rule

if TYPE_CHECKING:
    from tenderctl.documents.model import Document, TextBlock

MAX_EVIDENCE = 60

# --- numbers -------------------------------------------------------------------------------------
_SEP = r"[ \u00a0\u202f'’.,]"
NUMBER = rf"\d{{1,3}}(?:{_SEP}\d{{3}})+(?:[.,]\d{{1,2}})?|\d+(?:[.,]\d+)?"
MAGNITUDE = (
    r"(?:millions?|billions?|thousands?|trillions?|milliards?|millones?|mil\s+millones|milh(?:ão|ao|ões|oes)|"
    r"bilh(?:ão|ao|ões|oes)|mille|mil|mio\.?|mrd\.?|mn|bn|m|k)"
)
BIG_MAGNITUDE = re.compile(r"(?i)^(?:millions?|billions?|trillions?|milliards?|millones?|mil\s+millones|milh|bilh|mio|mrd|mn|bn|m)")

# --- currencies ----------------------------------------------------------------------------------
SYMBOLS = r"US\$|USD\$|R\$|C\$|A\$|NZ\$|HK\$|S\$|MX\$|\$|€|£|¥|₹|₦|₱|₩|₽|₺|₫|₵|₴|₪|৳|₡|₲|₭|₮|₸|₨"
# ISO 4217 codes people actually write in proposals; codes that are also common words or
# acronyms in capitals (ALL, CUP, SOS, TOP, PHP, AMD, PEN, GEL, TRY, BOB, MOP) are left out.
CODES = [
    "USD",
    "EUR",
    "GBP",
    "CHF",
    "JPY",
    "CNY",
    "CAD",
    "AUD",
    "NZD",
    "BRL",
    "MXN",
    "ARS",
    "COP",
    "CLP",
    "UYU",
    "PYG",
    "BOB",
    "DOP",
    "GTQ",
    "HNL",
    "NIO",
    "CRC",
    "PAB",
    "JMD",
    "TTD",
    "HTG",
    "XOF",
    "XAF",
    "KES",
    "NGN",
    "ZAR",
    "GHS",
    "UGX",
    "TZS",
    "RWF",
    "ETB",
    "EGP",
    "MAD",
    "TND",
    "DZD",
    "MZN",
    "AOA",
    "ZMW",
    "MWK",
    "BWP",
    "NAD",
    "CDF",
    "BIF",
    "SDG",
    "SSP",
    "DJF",
    "MGA",
    "MUR",
    "INR",
    "PKR",
    "BDT",
    "LKR",
    "NPR",
    "IDR",
    "THB",
    "VND",
    "MYR",
    "SGD",
    "HKD",
    "KRW",
    "TWD",
    "KHR",
    "MMK",
    "AFN",
    "IRR",
    "IQD",
    "JOD",
    "LBP",
    "SYP",
    "YER",
    "AED",
    "SAR",
    "QAR",
    "KWD",
    "OMR",
    "BHD",
    "SEK",
    "NOK",
    "DKK",
    "ISK",
    "PLN",
    "CZK",
    "HUF",
    "RON",
    "BGN",
    "RSD",
    "UAH",
    "RUB",
    "KZT",
    "UZS",
    "ILS",
    "FJD",
    "PGK",
]
LOCAL = r"FCFA|F\s?CFA|CFA\s?F|Fr\.|SFr\.?|CHF|KSh|Ksh|Rs\.?|Rp|Tk|GH¢|N\$"
WORDS = (
    r"(?:US\s+|U\.S\.\s+|american\s+|canadian\s+|australian\s+)?dollars?|euros?|pounds?\s+sterling|sterling|"
    r"(?:swiss\s+)?francs?(?:\s+(?:suisses?|CFA))?|reais|pesos?|rupees?|shillings?|nairas?|rands?|cedis?|"
    r"d[oó]lares(?:\s+(?:americanos|estadounidenses|estadunidenses))?|d[oó]lar|yuans?|dirhams?|"
    r"dinars?|kwanzas?|meticais|birr|quetzales|soles|libras(?:\s+esterlinas)?|livres?\s+sterling"
)
_CODE_ALT = "|".join(CODES)
# The most common codes are also found in lower case ("usd 500"); the rest only in capitals.
_LOWER_CODES = "usd|eur|gbp|chf|brl|xof|xaf|kes|inr|zar|ngn|mxn|cop"
CURRENCY = rf"(?:{SYMBOLS}|{LOCAL}|\b(?:{_CODE_ALT})\b|(?i:\b(?:{WORDS}|{_LOWER_CODES})\b))"

_AMOUNT_BEFORE = re.compile(rf"(?P<cur>{CURRENCY})\s?(?P<num>(?<![\d]){NUMBER})(?:\s?(?P<mag>(?i:{MAGNITUDE}))\b)?")
_AMOUNT_AFTER = re.compile(
    rf"(?<![\w.,])(?P<num>{NUMBER})(?:\s?(?P<mag>(?i:{MAGNITUDE}))\b)?\s?(?:(?i:de|d')\s?)?(?P<cur>{CURRENCY})(?![A-Za-z])"
)

# --- price vocabulary (EN, FR, ES, PT) ------------------------------------------------------------
STRONG = [
    # English
    r"prices?",
    r"pricing",
    r"priced",
    r"costs?",
    r"costing",
    r"costed",
    r"fees?",
    r"daily\s+rates?",
    r"day\s+rates?",
    r"hourly\s+rates?",
    r"monthly\s+rates?",
    r"unit\s+rates?",
    r"rates?\s+per\s+(?:day|hour|month)",
    r"per\s+diems?",
    r"lump[\s-]+sums?",
    r"remuneration",
    r"honorari(?:um|a)",
    r"amounts?",
    r"quotations?",
    r"financial\s+(?:offer|proposal)",
    r"tariffs?",
    r"salar(?:y|ies)",
    r"compensation",
    r"reimbursables?",
    r"payments?",
    r"invoiced?",
    r"charges?",
    # French
    r"prix",
    r"co[uû]ts?",
    r"tarifs?(?:\s+journaliers?)?",
    r"taux\s+journaliers?",
    r"honoraires",
    r"montants?",
    r"forfaits?",
    r"sommes?\s+forfaitaires?",
    r"r[ée]mun[ée]rations?",
    r"devis",
    r"offre\s+financi[eè]re",
    r"frais",
    r"salaires?",
    r"paiements?",
    # Spanish
    r"precios?",
    r"costos?",
    r"costes?",
    r"tarifas?(?:\s+diarias?)?",
    r"honorarios",
    r"montos?",
    r"importes?",
    r"suma\s+global",
    r"remuneraci[oó]n",
    r"cotizaci[oó]n",
    r"gastos",
    r"oferta\s+(?:econ[oó]mica|financiera)",
    r"salarios?",
    r"pagos?",
    # Portuguese
    r"pre[cç]os?",
    r"custos?",
    r"di[aá]rias?",
    r"honor[aá]rios",
    r"montantes?",
    r"valor(?:es)?\s+(?:total|global|unit[aá]rio)",
    r"remunera[cç][aã]o",
    r"cota[cç][aã]o",
    r"despesas",
    r"proposta\s+financeira",
    r"sal[aá]rios?",
    r"pagamentos?",
]
# Not prices although they contain a price word.
_COMPOUNDS = re.compile(
    r"(?i)\b(?:cost|co[uû]t|costo|custo)[\s-]+(?:effective(?:ness)?|efficien(?:t|cy)|benefit|sharing|saving|recovery|"
    r"efficace|efficacit[ée]|efectiv[oa]|eficaz|eficiente|efetiv[oa]|b[ée]n[ée]fice)|"
    r"\blow[\s-]cost\b|\bno[\s-]cost\b|\bat\s+no\s+(?:extra\s+)?(?:cost|charge)\b|\bfree\s+of\s+charge\b|\bin\s+charge\b|"
    r"\bcharge\s+(?:of|de)\b|\bprise\s+en\s+charge\b|\bcargo\b|\bprize\b"
)
_STRONG = re.compile(r"(?i)(?<![\w-])(?:" + "|".join(STRONG) + r")(?![\w-])")
_WEAK_BUDGET = re.compile(
    r"(?i)\b(?:budgets?|budg[ée]taires?|presupuestos?|or[cç]amentos?|funding|financement|financiamiento|financiamento)\b"
)

# Between a price word and its figure: a few words, no sentence end.
_CONNECTOR = re.compile(r"^[^\d.;!?\n]{0,40}$")
_MAX_CONNECTOR_WORDS = 5

# A figure followed by one of these is still a price (anything else alphabetic means it counts things).
_TRAILING_OK = frozenset(
    """per par por pour para for excl excluding incl including inclusive hors ht ttc vat tva iva net gross brut bruto
    only seulement solamente apenas and et y e or ou o is are was were est es will would be sera seront with avec con com
    to a au in en em the le la el les los las of de du des del do da tax taxes all tout todo total
    covers cover covering includes include represents corresponds applies remains comprises paid payable due fixed firm
    couvre couvrent comprend comprennent inclut incluent représente correspond ferme payé payable cubre incluye
    representa corresponde pagado fijo cobre inclui pago fixo""".split()  # noqa: SIM905
)
_TRAILING_WORD = re.compile(r"^[\s:)\]]*([^\W\d_][\w'’-]*)")

# --- things that are not prices: blanked before matching (offsets kept) ---------------------------
_MONTHS = (
    r"jan(?:uary|vier|eiro)?|feb(?:ruary)?|f[ée]v(?:rier)?|fevereiro|febrero|mar(?:ch|s|zo|[cç]o)?|apr(?:il)?|avr(?:il)?|"
    r"abr(?:il)?|may|mai(?:o)?|mayo|june?|juin|junio|junho|july|jul(?:liet|io|ho)?|aug(?:ust)?|ao[uû]t|agosto|"
    r"sep(?:t(?:ember)?)?|sept(?:embre)?|septiembre|setembro|oct(?:ober|obre|ubre)?|out(?:ubro)?|nov(?:ember|embre|iembre|embro)?|"
    r"dec(?:ember)?|d[ée]c(?:embre)?|diciembre|dezembro|dez"
)
_BLANKS = [
    re.compile(r"https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"),
    re.compile(rf"(?i)\b\d{{1,2}}(?:st|nd|rd|th|er|º)?(?:\s+de)?\s+(?:{_MONTHS})\.?(?:\s+(?:de\s+)?\d{{4}})?\b"),
    re.compile(rf"(?i)\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"),
    re.compile(rf"(?i)\b(?:{_MONTHS})\.?\s+\d{{4}}\b"),
    re.compile(r"(?i)\b\d{1,2}[:h]\d{2}\b(?:\s?(?:am|pm|h|cet|cest|utc|gmt))?|\b\d{1,2}\s?(?:am|pm)\b"),
    re.compile(r"(?i)\d+(?:[.,]\d+)?\s?(?:%|per\s?cent|percent|pour\s?cent|por\s?ciento|por\s?cento|pct)"),
    re.compile(
        r"(?i)\b(?:tel|t[ée]l|phone|telephone|t[ée]l[ée]phone|tel[ée]fono|telefone|fax|mobile|mob|cell|gsm|whatsapp)\b\.?\s*[:.]?\s*[+\d(][\d\s().-]{5,}\d"
    ),
    re.compile(r"(?<![\w])(?:\+|00)\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,5}\b"),
    re.compile(
        r"(?i)(?<![\w])(?:sections?|chapters?|chapitres?|cap[ií]tulos?|annex(?:es|e)?|anexos?|appendix|appendices|ap[eê]ndices?|"
        r"figures?|figuras?|fig\.|tables?|tableaux?|tablas?|tabelas?|pages?|p[aá]ginas?|pp?\.|articles?|art[ií]culos?|art\.|"
        r"clauses?|cl[aá]usulas?|paragraphs?|paragraphes?|p[aá]rrafos?|par[aá]grafos?|§|steps?|[ée]tapes?|pasos?|phases?|fases?|"
        r"objectives?|objectifs?|objetivos?|outputs?|outcomes?|activit(?:y|ies)|activit[ée]s?|actividad(?:es)?|atividades?|lots?|"
        r"modules?|waves?|rounds?|no\.|n°|nº|n\.º|#|item|items|version|v\.?|iso|sdgs?|odd|ods|target|cible|meta|indicators?|"
        r"indicateurs?|indicadores?|questions?|q|workshops?|ateliers?|tasks?|t[âa]ches?|tareas?|tarefas?|deliverables?|"
        r"livrables?|entregables?|produtos?|products?|grade|level|niveau|nivel|room|salle|box|bp|cp|po)"
        r"\s*[:.]?\s*\d+(?:[.\-/]\d+)*(?:\s*(?:of|de|sur|/)\s*\d+)?"
    ),
    re.compile(r"(?<![\w.,])\d{1,2}(?:\.\d{1,2}){2,}(?![\w.,])"),
    re.compile(r"(?<![\w.,])\d{1,3}\.\d{1,2}(?=\s+[A-Z][a-z])"),
    re.compile(r"(?<![\w.,])\d+\s?/\s?\d+(?![\w.,])"),
]


# --- a cheap first look: most lines hold no figure, or no money word near one -----------------------
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[^\W\d_]+")
_SYMBOL = re.compile(r"[$€£¥₹₦₱₩₽₺₫₵₴₪৳₡₲₭₮₸₨¢]")
_CODE_TOKENS = frozenset(CODES) | {"FCFA", "CFA", "KSh", "Ksh", "Rs", "Rp", "Tk", "Fr", "SFr"} | frozenset(_LOWER_CODES.split("|"))
_HINT_PREFIXES = (
    "pric", "cost", "coût", "cout", "fee", "rate", "lump", "remun", "rémun", "honor", "amount", "quot", "financ", "tarif",
    "salar", "salá", "compens", "reimburs", "payment", "invoic", "charg", "prix", "taux", "montant", "forfait", "somme",
    "devis", "frais", "paiement", "precio", "coste", "monto", "import", "suma", "cotiz", "cotaç", "cotac", "gasto",
    "oferta", "pago", "preç", "preco", "custo", "diári", "diari", "valor", "despesa", "proposta", "pagament", "diem",
    "dollar", "dólar", "dolar", "euro", "pound", "sterling", "franc", "reais", "peso", "rupee", "shilling", "naira",
    "cedi", "yuan", "dirham", "dinar", "kwanza", "metica", "birr", "quetzal", "libra", "livre",
)  # fmt: skip
_HINT_WORDS = frozenset({"rand", "rands", "soles"})


def may_hold_price(text: str) -> bool:
    """False when ``text`` surely holds no price: no digit, or no currency and no price word at all.

    Only a filter for speed (most lines of a proposal fail it); what passes is judged in full.
    """
    if not _DIGIT.search(text):
        return False
    if _SYMBOL.search(text):
        return True
    for token in _TOKEN.findall(text):
        if token in _CODE_TOKENS:
            return True
        lowered = token.lower()
        if lowered.startswith(_HINT_PREFIXES) or lowered in _HINT_WORDS:
            return True
    return False


def _with_digits(texts: list[str]) -> set[int]:
    """Indexes of the texts holding a digit: ASCII ones found in one pass over all the text,
    other scripts' digits line by line, only in lines that are not plain ASCII."""
    found = lines_containing(texts, "0123456789")
    found.update(index for index, text in enumerate(texts) if index not in found and not text.isascii() and _DIGIT.search(text))
    return found


def _blank(text: str, reference: str | None) -> str:
    """``text`` with every non-price number span replaced by spaces (same length, same offsets)."""
    chars = list(text)

    def wipe(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    if reference:
        for m in re.finditer(re.escape(reference), text, re.IGNORECASE):
            wipe(m.start(), m.end())
    current = "".join(chars)
    for pattern in _BLANKS:
        spans = [m.span() for m in pattern.finditer(current)]
        if spans:
            for start, end in spans:
                wipe(start, end)
            current = "".join(chars)
    return current


@dataclass(frozen=True)
class Finding:
    status: Status
    why: str
    page: int | None
    excerpt: str
    where: str


def _value(number: str) -> float | None:
    """The numeric value of a figure written with any thousands/decimal convention."""
    digits = re.sub(r"[ \u00a0\u202f'’]", "", number)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?", digits) and digits.count(".") + digits.count(",") >= 1:
        last = max(digits.rfind("."), digits.rfind(","))
        if len(digits) - last - 1 <= 2 and digits.count(digits[last]) == 1 and len(re.findall(r"[.,]", digits)) > 1:
            return float(re.sub(r"[.,]", "", digits[:last]) + "." + digits[last + 1 :])
        return float(re.sub(r"[.,]", "", digits))
    try:
        return float(digits.replace(",", "."))
    except ValueError:
        return None


def _is_year(number: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", number))


def _counts_things(after: str) -> bool:
    """True when the figure is followed by a noun (``3 workshops``, ``300 million children``)."""
    m = _TRAILING_WORD.match(after)
    if not m:
        return False
    word = fold(m.group(1)).rstrip("'’-")
    return len(word) >= 2 and word not in _TRAILING_OK and not re.fullmatch(rf"(?i){MAGNITUDE}", word)


_SENTENCE_REACH = 400
"""How far a sentence is looked for either side of a figure (bounded: hostile text has no full stops)."""


def _sentence(text: str, start: int, end: int) -> str:
    low = max(0, start - _SENTENCE_REACH)
    high = min(len(text), end + _SENTENCE_REACH)
    left = max(text.rfind(". ", low, start), text.rfind("\n", low, start), text.rfind(";", low, start), low - 1)
    right_candidates = [i for i in (text.find(". ", end, high), text.find("\n", end, high), text.find(";", end, high)) if i != -1]
    right = min(right_candidates) if right_candidates else high
    return text[left + 1 : right]


_STATISTIC = re.compile(
    r"(?i)\b(?:gdp|gnp|per\s+capita|income|revenues?|invest(?:ed|ments?)|allocated|allocations?|funding|funded|fund|grants?|"
    r"spent|spending|worth|market|economy|economic\s+losses|losses|donat(?:ed|ions?)|mobili[sz]ed|pledged|disbursed|"
    r"budgets?|pib|revenus?|investis?|investissements?|allou[ée]s?|financement|financ[ée]s?|subventions?|dons|march[ée]|"
    r"ingresos|inversi[oó]n|invertidos?|asignados?|financiamiento|financiados?|presupuestos?|donaciones|"
    r"renda|receitas?|investimentos?|investidos?|alocados?|financiamento|financiados?|or[cç]amentos?|doa[cç][oõ]es|mercado)\b"
)
# Amounts about the bidder's past contracts or turnover: financial, but not this bid's price
# (experience tables list "Contract value: USD 250,000"). They warn, wherever they are.
_PAST_CONTRACT = re.compile(
    r"(?i)\b(?:contract\s+(?:value|amount|sum)|value\s+of\s+(?:the\s+)?contract|project\s+(?:value|budget)|annual\s+turnover|turnover|"
    r"valeur\s+du\s+(?:contrat|march[ée])|montant\s+du\s+(?:contrat|march[ée])|chiffre\s+d.affaires|"
    r"valor\s+del\s+contrato|monto\s+del\s+contrato|volumen\s+de\s+negocios|facturaci[oó]n|"
    r"valor\s+do\s+contrato|montante\s+do\s+contrato|faturamento|volume\s+de\s+neg[oó]cios)\b"
)
_NARRATIVE_PLACES = frozenset(
    {"body", "footnote", "comment", "textbox", "annotation", "deleted", "inserted", "ocr", "metadata", "header", "footer"}
)


MAX_PER_BLOCK = 200
"""Findings kept per text block: enough to prove the point, bounded on hostile input."""


def _amounts(text: str, blanked: str, covered: bytearray, where: str = "body") -> list[tuple[int, int, str, Status]]:
    """Currency amounts; marks their spans in ``covered`` so later passes do not report them twice."""
    found: list[tuple[int, int, str, Status]] = []
    for pattern in (_AMOUNT_BEFORE, _AMOUNT_AFTER):
        for m in pattern.finditer(blanked):
            if len(found) >= MAX_PER_BLOCK:
                return found
            start, end = m.span()
            if any(covered[start:end]):
                continue
            number = m.group("num")
            if not re.search(r"\d", number):
                continue
            mag = m.group("mag") or ""
            covered[start:end] = b"\x01" * (end - start)
            sentence = _sentence(blanked, start, end)
            strong = bool(_STRONG.search(_COMPOUNDS.sub(" ", sentence)))
            narrative = where in _NARRATIVE_PLACES and not strong
            if _PAST_CONTRACT.search(sentence):
                found.append((start, end, "an amount about past contracts or turnover (check it is not your price)", Status.warn))
            elif narrative and mag and BIG_MAGNITUDE.match(mag) and len(sentence.split()) >= 5:
                found.append((start, end, "an amount in millions in narrative (a statistic? check it is not your price)", Status.warn))
            elif narrative and _STATISTIC.search(sentence):
                found.append((start, end, "an amount in a sentence about funding or the economy (check it is not your price)", Status.warn))
            else:
                found.append((start, end, "an amount with a currency", Status.fail))
    return found


def _priced_figures(blanked: str, covered: bytearray) -> list[tuple[int, int, str]]:
    """Price vocabulary directly followed by a figure: ``daily rate: 650``."""
    clean = _COMPOUNDS.sub(lambda m: " " * len(m.group(0)), blanked)
    found: list[tuple[int, int, str]] = []
    for word in _STRONG.finditer(clean):
        rest = clean[word.end() : word.end() + 60]
        figure = re.search(rf"(?<![\w.,])({NUMBER})(?:\s?({MAGNITUDE})\b)?", rest, re.IGNORECASE)
        if not figure:
            continue
        between = rest[: figure.start()]
        if not _CONNECTOR.match(between) or len(between.split()) > _MAX_CONNECTOR_WORDS:
            continue
        number = figure.group(1)
        value = _value(number)
        if value is None or _is_year(number) or (value < 10 and not re.search(r"[.,]\d", number)):
            continue
        start, end = word.start(), word.end() + figure.end()
        if _counts_things(clean[end : end + 30]) or _PAST_CONTRACT.search(_sentence(clean, start, end)):
            continue
        if any(covered[start:end]):
            continue
        found.append((start, end, f"{one_line(word.group(0)).lower()!r} next to a figure"))
        covered[start:end] = b"\x01" * (end - start)  # one finding per figure, however many price words lead to it
        if len(found) >= MAX_PER_BLOCK:
            break
    return found


_CURRENCY_FORMAT = re.compile(r"[$€£¥₹₦₱₩₽₺₫₵₴₪৳]|\[\$[^\]-]+|\"(?:" + _CODE_ALT + r")\"|(?<![A-Za-z])(?:" + _CODE_ALT + r")(?![A-Za-z])")


_ATTACHMENT_PREFIX = re.compile(r"^\[[^\]\n]{1,200}\]\s*")
_CURRENCY_MARK = re.compile(rf"(?<![A-Za-z]){CURRENCY}(?![A-Za-z])")
# Headings about counts or shares of money are not prices: "Number of payments", "Payment (%)".
_QUANTITY_HEADING = re.compile(
    r"(?i)%|\b(?:percent(?:age)?|pourcentage|porcentaje|porcentagem|number\s+of|no\.\s*of|nombre\s+de|n[uú]mero\s+de|"
    r"quantity|qty|quantit[ée]s?|cantidad(?:es)?|quantidades?)\b"
)
# A column of time: "Days", "Person-days", "Months (input)"; "Fee per day" is still a price.
_TIME_HEADING = re.compile(
    r"(?i)^\W*(?:(?:working|person|man|expert|staff|calendar|field|billable|total)[\s-]+)?"
    r"(?:days?|weeks?|months?|years?|hours?|jours?|semaines?|mois|ann[ée]es?|heures?|d[ií]as|semanas|meses|a[nñ]os|anos|horas|dias)"
    r"(?:\s*\([^)]{0,40}\))?\W*$"
)
_TOTAL_HEADING = re.compile(r"(?i)^\W*(?:grand\s+|sub-?\s?|sous-)?tota(?:l|le|ux|les|is)\W*$")
_TABLE_REF = re.compile(r"^(?P<table>.+)!(?P<column>[A-Z]+)(?P<row>\d+)$")
"""A cell as ``Sheet!B7`` (spreadsheets) or ``Table 2!C3`` (tables in Word and OpenDocument files)."""


def _names_price(heading: str) -> bool:
    """A column header or row label about money: a price word or a currency, and not a count, share or time.

    Stacked headers come as "Fees (EUR) / Days": the last part is the column's own.
    """
    own = heading.rsplit(" / ", 1)[-1]
    if _TIME_HEADING.match(own) or _QUANTITY_HEADING.search(own):
        return False
    if _CURRENCY_MARK.search(heading):
        return True
    return bool(_STRONG.search(_COMPOUNDS.sub(" ", heading))) and not _QUANTITY_HEADING.search(heading)


def _bare_figure(block: TextBlock) -> tuple[str, float] | None:
    """The cell's text and value when the cell holds a figure and nothing else."""
    text = block.text.strip()
    if block.where == "attachment":  # cells of an attached workbook come as "[costs.xlsx] 650"
        text = _ATTACHMENT_PREFIX.sub("", text)
    value = _value(text.replace("−", "-").lstrip("-")) if re.fullmatch(rf"-?\(?{NUMBER}\)?", text.strip("()")) else None
    return None if value is None else (text, value)


def _table_of(block: TextBlock) -> str | None:
    match = _TABLE_REF.match(block.cell or "")
    return match.group("table") if match else None


def _cell_findings(block: TextBlock, priced_tables: set[str]) -> list[Finding]:
    """A figure formatted as currency, in a cost column, or in the ``Total`` column of a table that has one.

    ``priced_tables`` collects the tables (and sheets) where a cost column was found.
    """
    figure = _bare_figure(block)
    if figure is None:
        return []
    text, value = figure
    label = "" if block.where in ("cell", "table") else f"[{block.where}] "
    place = label + (block.cell or "cell") + (f" ({one_line(block.column_header)})" if block.column_header else "")
    if block.number_format and _CURRENCY_FORMAT.search(block.number_format):
        return [Finding(Status.fail, f"a cell formatted as currency ({block.number_format})", block.page, f"{place}: {text}", "cell")]
    header = block.column_header or ""
    if not header or value < 10 or _is_year(text):
        return []
    table = _table_of(block)
    if _names_price(header):
        if table is not None:
            priced_tables.add(table)
        return [Finding(Status.fail, f"a figure in a cost column ({one_line(header)!r})", block.page, f"{place}: {text}", "cell")]
    if table in priced_tables and _TOTAL_HEADING.match(header):
        return [Finding(Status.fail, f"a total beside a cost column ({one_line(header)!r})", block.page, f"{place}: {text}", "cell")]
    return []


MAX_ROW_LABELS = 64


def _row_label(block: TextBlock, labels: dict[tuple[str, str], str], findings: list[Finding]) -> None:
    """A table without header, read as label/value rows: a figure right after a "Daily fee" cell.

    Only the nearest label to the left counts, so "Daily fee | 650 | Days | 12" flags 650, not 12.
    """
    match = _TABLE_REF.match(block.cell or "")
    if match is None:
        return
    row = (match.group("table"), match.group("row"))
    figure = _bare_figure(block)
    if figure is None:
        if _DIGIT.search(block.text):  # "650 EUR" is judged as text, and labels nothing after it
            labels.pop(row, None)
        elif any(ch.isalpha() for ch in block.text):
            if len(labels) >= MAX_ROW_LABELS and row not in labels:
                labels.clear()
            labels[row] = block.text.strip()
        return
    text, value = figure
    label = labels.get(row, "")
    priced_label = len(label) < 60 and _PRICE_HEADING.match(label) and _names_price(label)
    if priced_label and block.column_header is None and value >= 10 and not _is_year(text):
        why = f"a figure in a table row labelled {one_line(label)!r}"
        findings.append(Finding(Status.fail, why, block.page, f"{block.cell} ({one_line(label)}): {text}", "table"))


_PRICE_HEADING = re.compile(r"^\W*[\w'’]+(?:\W+[\w'’]+){0,3}\W*$")


def scan_blocks(blocks: list[TextBlock], reference: str | None = None) -> list[Finding]:
    """Every price finding in ``blocks`` (one document), in reading order."""
    findings: list[Finding] = []
    recent_table_headings: list[tuple[int | None, str]] = []
    priced_tables: set[str] = set()
    row_labels: dict[tuple[str, str], str] = {}
    with_digits = _with_digits([block.text for block in blocks])
    for index, block in enumerate(blocks):
        if not block.text.strip():
            continue
        in_cell: list[Finding] = []
        if block.where == "cell" or block.cell:
            in_cell = _cell_findings(block, priced_tables)
            findings.extend(in_cell)
        if block.where == "table" and _table_of(block) is not None:
            if not in_cell:
                _row_label(block, row_labels, findings)
        elif block.where == "table":  # cells without a place: headings in reading order
            recent_table_headings = _table_cell(block, recent_table_headings, findings)
        if index not in with_digits or not may_hold_price(block.text):
            continue
        blanked = _blank(block.text, reference)
        label = "" if block.where in ("body", "cell") else f"[{block.where}] "
        covered = bytearray(len(blanked))
        for start, end, why, status in _amounts(block.text, blanked, covered, block.where):
            findings.append(Finding(status, why, block.page, label + excerpt(block.text, start, end), block.where))
        for start, end, why in _priced_figures(blanked, covered):
            findings.append(Finding(Status.fail, why, block.page, label + excerpt(block.text, start, end), block.where))
    return findings


def _table_cell(block: TextBlock, headings: list[tuple[int | None, str]], findings: list[Finding]) -> list[tuple[int | None, str]]:
    """Table cells with no known place, one block each: a bare figure after a "Fee" heading cell."""
    stripped = block.text.strip()
    if not _DIGIT.search(stripped):
        if len(stripped) < 60 and _PRICE_HEADING.match(stripped) and _STRONG.search(_COMPOUNDS.sub(" ", stripped)):
            return [*headings, (block.page, stripped)][-3:]
        return headings
    if headings and re.fullmatch(NUMBER, stripped):
        value = _value(stripped)
        page, heading = headings[-1]
        if value is not None and value >= 10 and not _is_year(stripped) and page == block.page:
            findings.append(
                Finding(
                    Status.fail,
                    f"a figure in a table column headed {one_line(heading)!r}",
                    block.page,
                    f"[table] {heading}: {stripped}",
                    "table",
                )
            )
    return headings


@rule(
    "no-financials",
    params={
        "allow": "List of phrases to ignore (e.g. a figure quoted from the terms of reference).",
        "statistics": "'warn' (default) or 'ignore': amounts in millions in narrative with no price word.",
    },
    documents=("technical", "cv", "other"),
)
def no_financials(ctx: Context) -> list[Result]:
    """No price, fee or cost information in the technical proposal.

    Why: buyers that score quality before price disqualify a technical proposal that
    reveals the price ("Make sure to not include information on financials in the technical
    proposal"). Every place text lives is read: tables, headers, footers, text boxes,
    comments, tracked deletions (they still ship), annotations, form fields, attachments,
    every sheet of a workbook.

    Fails on: amounts with a currency symbol or code (USD 650, €32,000, 87 500 EUR,
    R$ 12.000,00, CHF 3'000), price words in English, French, Spanish or Portuguese next to
    a figure (daily rate: 650, coût total 87 500, honorarios 1.200, preço 900), spreadsheet
    cells formatted as currency, spreadsheet and table cells in a cost column ("Daily rate
    (USD)"; a figure under "Days", "Year" or "%" is not a price). Warns on amounts in
    millions in narrative with no price word ("$45 million are allocated"): usually a statistic.
    Ignores years, dates, page and section numbers, phone numbers, percentages, counts
    ("300 million children"), the tender's reference and "budget" in narrative.

    How to pass: move every figure about your price to the financial proposal. A scanned
    page without a text layer cannot be checked and gives `unverified`, never a pass.

    Default documents: everything but the financial proposal (technical, CVs, other
    annexes), because all of it usually goes into the technical envelope and a CV that
    states the expert's daily fee reveals the price as surely. `documents: technical`
    narrows it to the technical proposal.

    Example:
      - rule: no-financials
        documents: technical
        options: {allow: ["USD 2 million programme"]}
    """
    if not ctx.documents:
        return [Result("no-financials", Status.skipped, "no document of the checked roles found (see `documents:` in the tender)")]
    allow = [fold(a) for a in strings(ctx, "allow")]
    statistics = choice(ctx, "statistics", ("warn", "ignore"), "warn")
    results: list[Result] = []
    for doc in sorted(ctx.documents, key=lambda d: d.path):
        results.append(_check_document(doc, ctx.tender.reference, allow, statistics))
    return results


def _check_document(doc: Document, reference: str, allow: list[str], statistics: str) -> Result:
    findings = [
        f
        for f in scan_blocks(doc.blocks, reference)
        if not any(a in fold(f.excerpt) for a in allow) and not (f.status is Status.warn and statistics == "ignore")
    ]
    blind = unseen_parts(doc)
    if not doc.readable and not findings:
        return unreadable_result("no-financials", doc)
    evidence = [Evidence(doc.path, f.page, f.excerpt) for f in findings[:MAX_EVIDENCE]]
    more = f" (first {MAX_EVIDENCE} shown)" if len(findings) > MAX_EVIDENCE else ""
    fails = [f for f in findings if f.status is Status.fail]
    tail = f"; besides, {blind}: not checked" if blind else ""
    if fails:
        kinds = sorted({f.why.split(" (")[0] for f in fails})
        return Result(
            "no-financials",
            Status.fail,
            f"{doc.path}: {len(fails)} financial figure{'s' if len(fails) != 1 else ''} found ({'; '.join(kinds)}){more}{tail}",
            evidence=evidence,
        )
    if findings:
        return Result(
            "no-financials",
            Status.warn,
            f"{doc.path}: {len(findings)} amount{'s' if len(findings) != 1 else ''} in narrative that may be statistics, not prices: "
            f"check them{more}{tail}",
            evidence=evidence,
        )
    if blind:
        return Result(
            "no-financials",
            Status.unverified,
            f"{blind}: financial figures there cannot be ruled out",
            evidence=[Evidence(doc.path, None, blind)],
        )
    if not any(b.text.strip() for b in doc.blocks):
        return Result("no-financials", Status.unverified, f"{doc.path}: no text found in it, so nothing could be checked")
    parts = sorted({b.where for b in doc.blocks if b.text.strip()})
    ocr = " (scanned pages read by OCR)" if "ocr" in parts else ""
    return Result("no-financials", Status.passed, f"{doc.path}: no prices or amounts found (read: {', '.join(parts)}){ocr}")
