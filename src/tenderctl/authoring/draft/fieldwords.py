"""Words of the fields side of `draft` that CLDR does not give in the shape notices use them:
the names of languages the language rule cannot tell apart, and the nouns a requirement says
something about ("the bids are signed", "los archivos se cargarán en PDF").

Kept apart from :mod:`lexicon` (dates, zones, kinds): a notice's header and its requirements
are read with these, and nothing else reads them.
"""

from __future__ import annotations

OTHER_LANGUAGES: dict[str, str] = {
    # folded names in English, French, Spanish and Portuguese -> ISO 639-1 code
    "german": "de",
    "allemand": "de",
    "aleman": "de",
    "alemao": "de",
    "deutsch": "de",
    "italian": "it",
    "italien": "it",
    "italiano": "it",
    "dutch": "nl",
    "neerlandais": "nl",
    "neerlandes": "nl",
    "holandes": "nl",
    "arabic": "ar",
    "arabe": "ar",
    "russian": "ru",
    "russe": "ru",
    "ruso": "ru",
    "russo": "ru",
    "chinese": "zh",
    "chinois": "zh",
    "chino": "zh",
    "chines": "zh",
    "polish": "pl",
    "polonais": "pl",
    "polaco": "pl",
    "polones": "pl",
    "swedish": "sv",
    "suedois": "sv",
    "sueco": "sv",
    "danish": "da",
    "danois": "da",
    "danes": "da",
    "greek": "el",
    "grec": "el",
    "griego": "el",
    "grego": "el",
    "turkish": "tr",
    "turc": "tr",
    "turco": "tr",
    "czech": "cs",
    "tcheque": "cs",
    "checo": "cs",
    "tcheco": "cs",
    "romanian": "ro",
    "roumain": "ro",
    "rumano": "ro",
    "romeno": "ro",
    "hungarian": "hu",
    "hongrois": "hu",
    "hungaro": "hu",
    "finnish": "fi",
    "finnois": "fi",
    "finlandes": "fi",
    "swahili": "sw",
    "amharic": "am",
    "amharique": "am",
    "mongolian": "mn",
    "mongol": "mn",
    "persian": "fa",
    "persan": "fa",
    "farsi": "fa",
    "kinyarwanda": "rw",
}
"""Languages a notice may require that the language rule (en, fr, es, pt) cannot tell apart."""

BID_NOUNS = (
    r"offres?|plis?|soumissions?|dossiers?|documents?|pieces|candidatures?|"
    r"bids?|proposals?|offers?|tenders?|quotations?|quotes?|responses?|expressions? of interest|files|"
    r"propuestas?|ofertas?|cotizacion(?:es)?|documentos?|archivos?|sobres?|"
    r"propostas?|arquivos?|envelopes?|cvs?|curriculums?|curricula|hojas de vida|curriculos"
)
"""What a requirement is about when it is said as a fact ("Le pli est signé", "Os documentos são redigidos")."""

NOTICE_DOCUMENTS = (
    r"tender documents?|tendering documents?|bidding documents?|bid documents?|solicitation documents?|rfp documents?|"
    r"terms of reference|dossier d'appel d'offres|dossier de consultation|dao|dce|cahier des charges|termes de reference|"
    r"pliegos?|bases de (?:la )?licitacion|documentos de (?:la )?licitacion|terminos de referencia|edital|caderno de encargos|"
    r"termos de referencia"
)
"""The notice's own documents: what is said of them ("Tender documents will be uploaded in PDF") asks nothing of the bid."""

SMALL_WORDS: dict[str, frozenset[str]] = {
    # the commonest short words of running text, to tell a notice's language
    "en": frozenset("the and of to in is for with are be by this will".split()),  # noqa: SIM905
    "fr": frozenset("le la les des du et est une pour dans qui sur au aux par".split()),  # noqa: SIM905
    "es": frozenset("el los las del y es una para en que con por se al".split()),  # noqa: SIM905
    "pt": frozenset("o os as do da dos das e uma para em que com por ao na no".split()),  # noqa: SIM905
    "de": frozenset("der die das und ist nicht mit den von zu fur ein eine sind werden bei im auf".split()),  # noqa: SIM905
    "it": frozenset("il della che per sono delle dei degli gli nel alla con una di le".split()),  # noqa: SIM905
    "nl": frozenset("het een van en niet zijn voor met worden bij op te door".split()),  # noqa: SIM905
}
"""Small words of the four languages `draft` reads and of three it does not."""
LANGUAGE_NAMES = {"de": "German", "it": "Italian", "nl": "Dutch"}


PAGE_NUMBER_WORDS: dict[str, int] = {
    # a page limit written in words alone ("maximum two pages each", "no más de cinco páginas"); folded
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10, "quinze": 15, "vingt": 20, "trente": 30,
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "diez": 10, "quince": 15, "veinte": 20, "treinta": 30,
    "duas": 2, "dois": 2, "quatro": 4, "dez": 10, "vinte": 20, "trinta": 30,
}  # fmt: skip
