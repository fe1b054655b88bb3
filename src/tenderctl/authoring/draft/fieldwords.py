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
}
"""Languages a notice may require that the language rule (en, fr, es, pt) cannot tell apart."""

BID_NOUNS = (
    r"offres?|plis?|soumissions?|dossiers?|documents?|pieces|candidatures?|"
    r"bids?|proposals?|offers?|tenders?|quotations?|quotes?|responses?|expressions? of interest|files|"
    r"propuestas?|ofertas?|cotizacion(?:es)?|documentos?|archivos?|sobres?|"
    r"propostas?|arquivos?|envelopes?"
)
"""What a requirement is about when it is said as a fact ("Le pli est signé", "Os documentos são redigidos")."""

NOTICE_DOCUMENTS = (
    r"tender documents?|tendering documents?|bidding documents?|bid documents?|solicitation documents?|rfp documents?|"
    r"terms of reference|dossier d'appel d'offres|dossier de consultation|dao|dce|cahier des charges|termes de reference|"
    r"pliegos?|bases de (?:la )?licitacion|documentos de (?:la )?licitacion|terminos de referencia|edital|caderno de encargos|"
    r"termos de referencia"
)
"""The notice's own documents: what is said of them ("Tender documents will be uploaded in PDF") asks nothing of the bid."""
