"""French prepositions before place names: « des Ardennes », « de la Marne », « du Havre ».

French writes "de" + article differently for each name, which the official geography records as
the name's *type de nom en clair* (INSEE's TNCC): 0 « de », 1 « d' », 2 « du » (le), 3 « de la »,
4 « des » (les), 5 « de l' », 6 « des » (aux), 7 « de las », 8 « de los ». The shipped table
carries it for départements and régions, and for the communes where it is not what the name's
own article and first letter give (« d'Hirson », an h muet). EPCI are all feminine
(communauté, métropole): « de la CC du Pays Rethélois ».
"""

from __future__ import annotations

from maillage.model.territory import Place, territory

# TNCC → (article that starts the name, if any; what replaces "de" + that article).
_LIAISONS = {
    0: ("", "de "),
    1: ("", "d'"),
    2: ("Le ", "du "),
    3: ("La ", "de la "),
    4: ("Les ", "des "),
    5: ("L'", "de l'"),
    6: ("Aux ", "des "),
    7: ("Las ", "de las "),
    8: ("Los ", "de los "),
}
_VOWELS = "AEIOUYÂÊÎÔÛÉÈËÏÜŒ"


def of_place(place: Place) -> str:
    """« de » and the place's name, contracted as French writes it."""
    if place.kind == "intercommunalite":
        return "de la " + place.name
    liaison = territory().liaison(place)
    if liaison is None:
        liaison = liaison_from_name(place.name)
    article, joined = _LIAISONS[liaison]
    name = place.name[len(article):] if article and place.name.startswith(article) else place.name
    return joined + name


def liaison_from_name(name: str) -> int:
    """The TNCC a name's own article and first letter give (« d'Ay », « de Sedan », « du Havre »)."""
    for tncc in (2, 3, 4, 5, 6):
        if name.startswith(_LIAISONS[tncc][0]):
            return tncc
    return 1 if name[:1].upper() in _VOWELS else 0
