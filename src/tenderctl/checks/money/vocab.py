"""The words and marks of money in EN/FR/ES/PT, and the number spans that are not prices.

Moved out of the rule module (which kept the judging): currencies the rule knows without CLDR,
price vocabulary, compounds that are not prices, and the spans blanked before matching (dates,
phone numbers, section numbers...). Every pattern is linear on any text: bounded
quantifiers, no unbounded repeat inside another (``tests/checks/test_money_linear.py``).
"""

from __future__ import annotations

import re

from tenderctl.checks.money.numbers import MAGNITUDE, NUMBER

__all__ = ["MAGNITUDE", "NUMBER"]


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
    r"(?:US\s{1,8}|U\.S\.\s{1,8}|american\s{1,8}|canadian\s{1,8}|australian\s{1,8})?dollars?|euros?|pounds?\s{1,8}sterling|sterling|"
    r"(?:swiss\s{1,8})?francs?(?:\s{1,8}(?:suisses?|CFA))?|reais|pesos?|rupees?|shillings?|nairas?|rands?|cedis?|"
    r"d[oó]lares(?:\s{1,8}(?:americanos|estadounidenses|estadunidenses))?|d[oó]lar|yuans?|dirhams?|"
    r"dinars?|kwanzas?|meticais|birr|quetzales|soles|libras(?:\s{1,8}esterlinas)?|livres?\s{1,8}sterling"
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
    r"daily\s{1,8}rates?",
    r"day\s{1,8}rates?",
    r"hourly\s{1,8}rates?",
    r"monthly\s{1,8}rates?",
    r"unit\s{1,8}rates?",
    r"rates?\s{1,8}per\s{1,8}(?:day|hour|month)",
    r"per\s{1,8}diems?",
    r"lump[\s-]+sums?",
    r"remuneration",
    r"honorari(?:um|a)",
    r"amounts?",
    r"quotations?",
    r"financial\s{1,8}(?:offer|proposal)",
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
    r"tarifs?(?:\s{1,8}journaliers?)?",
    r"taux\s{1,8}journaliers?",
    r"honoraires",
    r"montants?",
    r"forfaits?",
    r"sommes?\s{1,8}forfaitaires?",
    r"r[ée]mun[ée]rations?",
    r"devis",
    r"offre\s{1,8}financi[eè]re",
    r"frais",
    r"salaires?",
    r"paiements?",
    # Spanish
    r"precios?",
    r"costos?",
    r"costes?",
    r"tarifas?(?:\s{1,8}diarias?)?",
    r"honorarios",
    r"montos?",
    r"importes?",
    r"suma\s{1,8}global",
    r"remuneraci[oó]n",
    r"cotizaci[oó]n",
    r"gastos",
    r"oferta\s{1,8}(?:econ[oó]mica|financiera)",
    r"salarios?",
    r"pagos?",
    # Portuguese
    r"pre[cç]os?",
    r"custos?",
    r"di[aá]rias?",
    r"honor[aá]rios",
    r"montantes?",
    r"valor(?:es)?\s{1,8}(?:total|global|unit[aá]rio)",
    r"remunera[cç][aã]o",
    r"cota[cç][aã]o",
    r"despesas",
    r"proposta\s{1,8}financeira",
    r"sal[aá]rios?",
    r"pagamentos?",
]
# Not prices although they contain a price word.
_COMPOUNDS = re.compile(
    r"(?i)\b(?:cost|co[uû]t|costo|custo)[\s-]+(?:effective(?:ness)?|efficien(?:t|cy)|benefit|sharing|saving|recovery|"
    r"efficace|efficacit[ée]|efectiv[oa]|eficaz|eficiente|efetiv[oa]|b[ée]n[ée]fice)|"
    r"\blow[\s-]cost\b|\bno[\s-]cost\b|\bat\s{1,8}no\s{1,8}(?:extra\s{1,8})?(?:cost|charge)\b|\bfree\s{1,8}of\s{1,8}charge\b|\bin\s{1,8}charge\b|"
    r"\bcharge\s{1,8}(?:of|de)\b|\bprise\s{1,8}en\s{1,8}charge\b|\bcargo\b|\bprize\b"
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
    re.compile(r"https?://\S{1,2000}|www\.\S{1,2000}|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{1,200}"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"),
    re.compile(rf"(?i)\b\d{{1,2}}(?:st|nd|rd|th|er|º)?(?:\s{1, 8}de)?\s{1, 8}(?:{_MONTHS})\.?(?:\s{1, 8}(?:de\s{1, 8})?\d{{4}})?\b"),
    re.compile(rf"(?i)\b(?:{_MONTHS})\.?\s{1, 8}\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s{1, 8}\d{{4}})?\b"),
    re.compile(rf"(?i)\b(?:{_MONTHS})\.?\s{1, 8}\d{{4}}\b"),
    re.compile(r"(?i)\b\d{1,2}[:h]\d{2}\b(?:\s?(?:am|pm|h|cet|cest|utc|gmt))?|\b\d{1,2}\s?(?:am|pm)\b"),
    re.compile(r"(?i)(?<![\d.,])\d{1,15}(?:[.,]\d{1,6})?\s?(?:%|per\s?cent|percent|pour\s?cent|por\s?ciento|por\s?cento|pct)"),
    re.compile(
        r"(?i)\b(?:tel|t[ée]l|phone|telephone|t[ée]l[ée]phone|tel[ée]fono|telefone|fax|mobile|mob|cell|gsm|whatsapp)\b\.?\s{0,3}[:.]?\s{0,3}[+\d(][\d\s().-]{5,30}\d"
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
        r"\s{0,3}[:.]?\s{0,3}\d{1,6}(?:[.\-/]\d{1,6}){0,6}(?:\s{0,3}(?:of|de|sur|/)\s{0,3}\d{1,6})?"
    ),
    re.compile(r"(?<![\w.,])\d{1,2}(?:\.\d{1,2}){2,8}(?![\w.,])"),
    re.compile(r"(?<![\w.,])\d{1,3}\.\d{1,2}(?=\s{1,8}[A-Z][a-z])"),
    re.compile(r"(?<![\w.,])\d{1,8}\s?/\s?\d{1,8}(?![\w.,])"),
]

_STATISTIC = re.compile(
    r"(?i)\b(?:gdp|gnp|per\s{1,8}capita|income|revenues?|invest(?:ed|ments?)|allocated|allocations?|funding|funded|fund|grants?|"
    r"spent|spending|worth|market|economy|economic\s{1,8}losses|losses|donat(?:ed|ions?)|mobili[sz]ed|pledged|disbursed|"
    r"budgets?|pib|revenus?|investis?|investissements?|allou[ée]s?|financement|financ[ée]s?|subventions?|dons|march[ée]|"
    r"ingresos|inversi[oó]n|invertidos?|asignados?|financiamiento|financiados?|presupuestos?|donaciones|"
    r"renda|receitas?|investimentos?|investidos?|alocados?|financiamento|financiados?|or[cç]amentos?|doa[cç][oõ]es|mercado)\b"
)
# Amounts about the bidder's past contracts or turnover: financial, but not this bid's price
# (experience tables list "Contract value: USD 250,000"). They warn, wherever they are.
_PAST_CONTRACT = re.compile(
    r"(?i)\b(?:contract\s{1,8}(?:value|amount|sum)|value\s{1,8}of\s{1,8}(?:the\s{1,8})?contract|project\s{1,8}(?:value|budget)|annual\s{1,8}turnover|turnover|"
    r"valeur\s{1,8}du\s{1,8}(?:contrat|march[ée])|montant\s{1,8}du\s{1,8}(?:contrat|march[ée])|chiffre\s{1,8}d.affaires|"
    r"valor\s{1,8}del\s{1,8}contrato|monto\s{1,8}del\s{1,8}contrato|volumen\s{1,8}de\s{1,8}negocios|facturaci[oó]n|"
    r"valor\s{1,8}do\s{1,8}contrato|montante\s{1,8}do\s{1,8}contrato|faturamento|volume\s{1,8}de\s{1,8}neg[oó]cios)\b"
)
_NARRATIVE_PLACES = frozenset(
    {"body", "footnote", "comment", "textbox", "annotation", "deleted", "inserted", "ocr", "metadata", "header", "footer"}
)
