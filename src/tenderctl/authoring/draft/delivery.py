"""The form a bid is delivered in, read as the `files` rule: its copies, a refused channel, its one channel.

The truth format counts "upload-only or no e-mail/zip, number of copies" as files: a sentence that
gives the copies ("one original and two copies"), refuses a way ("Faxed bids will not be accepted",
"Electronic bidding will not be permitted") or fixes the one way a bid goes in ("via the eTenders
postbox only", "must be submitted electronically through GETS") asks something of the bid's files.
What does not: an envelope alone ("in a sealed envelope clearly marked": neither the h10 truths nor
the format count it), a channel offered beside another ("by hand or through the portal"), where the
prices go ("uploaded only in the financial packet"), and a channel for questions or downloads.
"""

from __future__ import annotations

import re

from tenderctl.authoring.draft.fieldwords import BID_NOUNS

_NUMBER = r"(?:\(?\d{1,2}\)?\s*)?(?:[a-z]+\s+|\([a-z]+\)\s*)?(?:\(\d{1,2}\)\s*)?"
COPIES = re.compile(
    rf"(?<![a-z])(?:originals?|originales?|originais|originaux)\s+(?:and|et|y|e|plus|\+)\s+{_NUMBER}(?:copies|copy|copias?|"
    r"exemplaires?|vias|photocopies|hard copies)(?![a-z])"
    rf"|(?<![a-z])en {_NUMBER}exemplaires(?![a-z])|(?<![a-z])em {_NUMBER}vias(?![a-z])"
    # "in two (2) copies", "en un (1) ejemplar original", "original y duplicado", "Nombre de copies de l'offre : trois (03)"
    rf"|(?<![a-z])(?:in|en|em) {_NUMBER}(?:hard )?(?:copies|copias|ejemplar(?:es)?|exemplaires?)(?![a-z])"
    r"|(?<![a-z])(?:original (?:y|e|et) (?:duplicado|triplicado|duplicata)|in (?:duplicate|triplicate)|en (?:duplicado|triplicado)|"
    r"(?:number|nombre|numero) (?:de |of )(?:copies|copias|exemplaires|vias)|exemplaires? papier|paper copies)(?![a-z])"
)
"""The paper a bid is made of: "one (1) original and two (2) copies", "en original y dos copias", "en trois exemplaires"."""
CHANNEL_ONLY = re.compile(
    # "se enviarán exclusivamente a la dirección ofertas@...", "sent only to the secure mailbox"
    r"(?<![a-z])(?:(?:only|exclusively|solely|uniquement|exclusivement|exclusivamente|unicamente|somente|apenas) (?:to|a|au|al|para)"
    r" (?:the |la |l'|el |o |a )?(?:following |siguiente |seguinte |secure |dedicated )?(?:tender )?"
    r"(?:address|e-?mail|mailbox|direccion|adresse|endereco|correo|courriel|buzon|boite))|"
    r"(?<![a-z])(?:only (?:through|via|on|using|by|in|at)|(?:through|via|on|using) (?:the )?[\w\-. ]{2,40}? only|"
    r"exclusively (?:through|via|on|using|by|in)|solely (?:through|via|on)|"
    r"uniquement (?:sur|via|par|au moyen|a travers|a l'adresse|en ligne|de maniere|de facon|sous forme)|exclusivement (?:sur|via|par|au moyen|a travers|en ligne)|"
    r"(?:unicamente|exclusivamente|solamente|solo|somente|apenas) (?:a traves|atraves|por (?:medio|meio|via|el|la|o|a)|en (?:el|la|forma)|"
    r"de forma|em (?:formato|plataforma)|pel[oa]|via|na plataforma|no portal|en linea|mediante|online)|"
    r"(?:submitted|uploaded|delivered|transmitted|lodged|sent|made) (?:electronically|online|in hard copy|by hand) (?:through|via|on|to|using)|"
    r"(?:remis|deposee?s?|transmis|soumis|envoye|adresse)\w* (?:par voie electronique|en ligne|sous forme electronique|electroniquement)|"
    r"(?:electronic|online|e-?)(?:bidding|submission|tendering|tender box|postbox)|"
    # "La remise électronique des offres est obligatoire", "la presentación electrónica es obligatoria"
    r"(?:remise|depot|soumission|transmission|reponse|presentacion|entrega|submissao|apresentacao) (?:des (?:offres|plis|candidatures) |"
    r"de (?:las |los )?(?:ofertas|propuestas) |das propostas )?(?:electronique|electronica|eletronica|dematerialisee)"
    r"(?: des offres| de las ofertas| das propostas)?(?: [a-z]+)?(?: (?:est|es|e|sera|sont))? (?:obligatoire|obligatoria|obrigatoria|exigee|exigida)|"
    r"(?:de forma|por via|por medios?|em suporte|en soporte|par voie|em formato|en formato|sous format) electronic\w*|"
    r"(?:por meio|atraves) (?:eletronico|da plataforma|do portal|do sistema)|"
    # "Quotations will only be accepted through the portal", "dépôt électronique sur simap uniquement"
    r"(?:only|exclusively) (?:be )?(?:accepted|received|considered) (?:through|via|on|by|at|in)|"
    r"(?:sur|via|par) (?:le |la |l')?[\w\-. ]{2,40}? (?:uniquement|exclusivement)|"
    # a modal verb and an electronic bidding system named as such: "Responses must be submitted through the TxDOT
    # eBid system" (a portal named without its bidding, "through the LPSE portal", is counted by few truths)
    r"(?:submitted|made|uploaded|lodged|received) (?:electronically )?(?:through|via|on|using) (?:the )?(?:[\w\-.']+ ){0,4}?"
    r"(?:e-?procurement system|e-?bid(?:ding)? system|e-?tendering system|electronic (?:bid )?submission|bid submission portal)(?![a-z]))"
)
"""The one way a bid may be delivered: "via the eTenders postbox only", "exclusivamente a través de la Plataforma"."""
CHANNEL_REFUSED = re.compile(
    r"(?<![a-z])(?:fax\w*|telecop\w*|e-?mail\w*|courriels?|correos? electronicos?|correo|courier|post(?:al)?|hard[\s-]cop\w*|manual|"
    r"paper|papel|papier|physical|fisic[ao]s?|en mano|by hand|medios electronicos|meios eletronicos|via postal|correio\w*|"
    r"electronic(?:ally)?|electronique\w*|par voie electronique|electronicas?|eletronic\w*)(?![a-z])"
    r"[^.;]{0,60}?(?:not be (?:accepted|considered|received|admitted|permitted|allowed|entertained)|no son (?:admitid|aceptad|recibid)\w*|(?:is|are) not (?:permitted|allowed|accepted)|will be rejected|ne (?:seront|sera) pas (?:acceptee?s?|recevables?|admises?)|"
    r"(?:ne sont|n'est|ne sera|ne seront) pas (?:acceptee?s?|admises?|recevables?|autorisee?s?|permise?s?)|irrecevables?|"
    r"no se (?:acept|admit|recib|consider|permit)\w*|no (?:seran|sera) (?:aceptad|admitid|recibid|considerad|permitid)\w*|"
    r"nao (?:serao|sera|sao|e) (?:aceites?|aceitas?|aceitos?|admitid|recebid|considerad)\w*)"
    r"|(?<![a-z])(?:no se (?:acept|admit|recib)\w*|no (?:seran|sera) (?:aceptad|admitid|recibid)\w*|not (?:be )?accept\w*|"
    r"nao (?:serao|sera) (?:aceites?|aceitas?|aceitos?|admitid|recebid)\w*|ne (?:seront|sera) pas (?:acceptee?s?|admises?|recevables?))"
    r"[^.;]{0,50}?(?:por |par |by |via |en |em |in )(?:[a-z]+ ){0,2}?(?:fax|telecop\w*|e-?mail|courriel|correo|courier|post|postal|"
    r"mensajeria|messagerie|mensageiro|papel|papier|paper|"
    r"correio|courrier|medios|meios|voie|formato|soporte|suporte)"
    # "No se admitirán sobres recibidos con posterioridad ..., ni propuestas remitidas por correo electrónico"
    r"|(?<![a-z])(?:no se (?:admitir|aceptar|recibir)\w*|will not be (?:accepted|considered)|ne seront pas (?:acceptee?s|admises))"
    r"[^.;]{0,140}?\s(?:ni|nor|nem)\s[^.;]{0,40}?(?:por|par|by|via) (?:correo|fax|e-?mail|courriel)"
    # "no offline/hard copies will be accepted"
    r"|(?<![a-z])no (?:offline|hard|paper|physical|e-?mail\w*|fax\w*|postal|manual)[^.;]{0,30}?(?:will|shall) be (?:accepted|considered|received)"
    # "aucune offre papier ni courriel", "n'ont pas la possibilité de remettre des offres par voie électronique"
    r"|(?<![a-z])aucune (?:offre|soumission|candidature) (?:papier|par (?:courriel|fax|voie))"
    r"|(?<![a-z])n'ont pas la possibilite de (?:remettre|soumettre|deposer|transmettre) (?:des |les |leurs )?(?:offres|plis) (?:par|sous|en)"
)
"""A way of delivering refused: "Faxed bids will not be accepted", "No se recibirán ofertas por medios electrónicos"."""
_ABOUT_QUESTIONS = re.compile(
    r"(?<![a-z])(?:questions?|queries|clarifications?|enquir\w*|inquir\w*|consultas?|preguntas?|aclaracion\w*|esclarecimentos?|"
    r"pedidos de|demandes? de (?:renseignement|precision|eclaircissement)|renseignements?|registration|inscri\w*|"
    r"registo|registro|download\w*|descarg\w*|telecharg\w*|acknowledg\w*|accuse de reception)(?![a-z])"
)
"""A channel for questions or downloads, not for the bid: "questions by e-mail only"."""


_BIDDING = re.compile(
    rf"(?<![a-z])(?:{BID_NOUNS}|cotizacion\w*|cotacoes|cotac\w*|quotations?|submi\w*|upload\w*|presenta\w*|apresenta\w*|remis\w*|depos\w*|entreg\w*|ingres\w*|someter\w*)(?![a-z])"
)
"""A word for the bid or for handing it in: a channel named with one is the bid's channel."""


_EXCLUSIVE = re.compile(
    r"(?<![a-z])(?:only|exclusively|solely|uniquement|exclusivement|unicamente|exclusivamente|solamente|solo|somente|apenas)(?![a-z])"
)
_ALTERNATIVE = re.compile(
    r"(?<![a-z])(?:either|soit|may also|can also|peuvent aussi|pourront aussi|tambien|tambem)(?![a-z])"
    r"|(?<![a-z])(?:or|ou|o)\s+(?:by|in|through|via|at|to|on the|par|sur|en|au|a la|atraves|a traves|por|em|na|no|pelo|pela|mediante|"
    r"deposited|delivered|sent|submitted|lodged|envoy\w*|depose\w*|remis\w*|entreg\w*|enviad\w*|hand|post|courier|electronic\w*|"
    r"hard cop\w*|paper)(?![a-z])"
)
"""Another way offered beside the channel: "by hand or through the portal", "o por vía electrónica"."""
_PRICE_SUBJECT = re.compile(r"(?<![a-z])(?:pric\w*|financial|financier\w*|economic\w*|precio\w*|preco\w*|prix|valores)(?![a-z])")
"""Where the prices go ("The financial bid shall be uploaded only in the financial packet"): the
no-financials rule's business, not a channel for the bid."""


def fixes_delivery(low: str, required: bool) -> bool:
    """The (folded) sentence fixes the form the bid is delivered in: copies, a refused channel, or
    the one channel it must go through ("via the eTenders postbox only"; "must be submitted
    electronically through GETS" when ``required``, the sentence having a modal verb). A channel
    offered beside another ("by hand or through the portal") fixes nothing."""
    if COPIES.search(low):
        return True
    if _ABOUT_QUESTIONS.search(low):
        return False
    if CHANNEL_REFUSED.search(low):
        return True
    if not _BIDDING.search(low):
        return False
    return any(_one_channel(low, match, required) for match in CHANNEL_ONLY.finditer(low))


def _one_channel(low: str, match: re.Match[str], required: bool) -> bool:
    clause = re.split(r"[;:]\s", low[: match.start()])[-1]
    if _PRICE_SUBJECT.search(clause[-80:]):
        return False
    if _EXCLUSIVE.search(match.group(0)):
        return True
    near = low[max(0, match.start() - 50) : match.end() + 50]
    return required and not _ALTERNATIVE.search(near)


def delivery_statement(low: str) -> re.Match[str] | None:
    """Copies or a refused channel, stated without a modal verb ("Nombre d'exemplaires : un original
    et trois copies", "Electronic bidding will not be permitted"): a requirement as such."""
    if _ABOUT_QUESTIONS.search(low):
        return None
    stated = COPIES.search(low) or CHANNEL_REFUSED.search(low)
    if stated is None and _BIDDING.search(low):
        # "Las cotizaciones se enviarán exclusivamente a la dirección ..."
        stated = next((m for m in CHANNEL_ONLY.finditer(low) if _EXCLUSIVE.search(m.group(0)) and _one_channel(low, m, False)), None)
    return stated
