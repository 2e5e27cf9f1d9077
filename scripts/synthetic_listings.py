#!/usr/bin/env python3
"""Generate synthetic French listings of cultural actors, with the ground truth.

Invented actors over real communes (COG 2026, weighted by population) are rendered in five
layouts, each with the noise real listings have:

- the RNA waldec export: capital letters, short titles, SIRET often missing, out-of-date
  addresses, a seat at a member's home in a neighbouring commune, postal codes typed where the
  INSEE code belongs, codes missing;
- the SIRENE establishments file: legal forms in names, inverted names (« GRENIER (CIE DU) »),
  arrondissement codes for Paris, Lyon and Marseille;
- Basilic: places, no identifiers;
- a federation's member spreadsheet (Windows-1252, a title row above the header): acronyms
  (MJC, FOL, CSC, FJEP), abbreviations (Harm., Chor., Coll., Cie, Asso.), lost accents, commune
  names only — short (« Charleville »), abbreviated (« Charleville-Mez. »), in capitals, with
  CEDEX —, phone numbers in every format (« +33 (0)3 29 … », overseas national and international
  forms), duplicated members;
- a town hall's list of associations: typos (also in legal-form words), the town hall's shared
  e-mail address and phone number given for several associations, postal codes often missing.

Distinct actors are made hard to tell apart: several actors per commune named after it
(« Harmonie de Yutz », « Ciné-club de Yutz »), near-homonyms in the same commune (« Compagnie
de la Lanterne » and « Théâtre de la Lanterne »), actors that moved (old addresses, sometimes in
the neighbouring commune, in older listings). `difficulte` scales every noise rate.

    python scripts/synthetic_listings.py --acteurs 3000 --sortie /tmp/listes

writes one CSV per layout, the mapping files for the two home-made layouts, and `verite.csv`
(fichier,ligne,actor_id: the truth by file and line, whatever record keys a mapping uses).
Tests and benchmarks import `generate` and `write` directly.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from maillage.model import slugify, territory
from maillage.model.identifiers import luhn_valid

FEDERATION_MAPPING = """\
source: federation
description: Liste des adhérents d'une fédération (tableur)
licence: usage interne
cle: Numéro adhérent
priorite: 2
champs:
  nom: Nom de la structure
  sigle: Sigle
  code_postal: CP
  commune_libelle: Ville
  telephone: Téléphone
  courriel: Courriel
  site_web: Site
  disciplines: Discipline
constantes:
  nature: association
  univers.pratique: amateur
  univers.economie: non_lucratif
valeurs:
  disciplines:
    table: {Théâtre: theatre, Theatre: theatre, Musique: musique, Danse: danse, Cirque: cirque,
            Patrimoine: patrimoine, Cinéma: cinema_audiovisuel, Cinema: cinema_audiovisuel,
            Lecture: livre_lecture, Arts plastiques: arts_visuels}
"""

TOWN_HALL_MAPPING = """\
source: mairie
description: Liste des associations d'une commune
licence: usage interne
priorite: 1
champs:
  nom: Association
  adresse: Adresse
  code_postal: Code postal
  commune_libelle: Commune
  telephone: Tél.
  courriel: Mél
constantes:
  nature: association
"""

LAYOUTS = ("rna", "sirene", "basilic", "federation", "mairie")
RNA_COLUMNS = [
    "id",
    "id_ex",
    "siret",
    "rup_mi",
    "gestion",
    "date_creat",
    "date_decla",
    "date_publi",
    "date_disso",
    "nature",
    "groupement",
    "titre",
    "titre_court",
    "objet",
    "objet_social1",
    "objet_social2",
    "adrs_complement",
    "adrs_numvoie",
    "adrs_repetition",
    "adrs_typevoie",
    "adrs_libvoie",
    "adrs_distrib",
    "adrs_codeinsee",
    "adrs_codepostal",
    "adrs_libcommune",
    "adrg_declarant",
    "adrg_complemid",
    "adrg_complemgeo",
    "adrg_libvoie",
    "adrg_distrib",
    "adrg_codepostal",
    "adrg_achemine",
    "adrg_pays",
    "dir_civilite",
    "siteweb",
    "publiweb",
    "observation",
    "position",
    "maj_time",
]
SIRENE_COLUMNS = [
    "siren",
    "nic",
    "siret",
    "statutDiffusionEtablissement",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement",
    "dateDernierTraitementEtablissement",
    "etablissementSiege",
    "nombrePeriodesEtablissement",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement",
    "distributionSpecialeEtablissement",
    "codeCommuneEtablissement",
    "codeCedexEtablissement",
    "libelleCedexEtablissement",
    "codePaysEtrangerEtablissement",
    "libellePaysEtrangerEtablissement",
    "dateDebut",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "enseigne2Etablissement",
    "enseigne3Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
]
BASILIC_COLUMNS = [
    "Nom",
    "Adresse",
    "Code postal",
    "Commune",
    "Code INSEE",
    "Région",
    "Département",
    "Type équipement ou lieu",
    "Label et appellation",
    "Latitude",
    "Longitude",
]
FEDERATION_COLUMNS = [
    "Numéro adhérent",
    "Nom de la structure",
    "Sigle",
    "Ville",
    "CP",
    "Téléphone",
    "Courriel",
    "Site",
    "Discipline",
]
TOWN_HALL_COLUMNS = ["Association", "Adresse", "Code postal", "Commune", "Tél.", "Mél"]
FEDERATION_TITLE = "Fédération départementale — liste des adhérents au 1er septembre"


@dataclass(frozen=True)
class Kind:
    """A kind of actor: how it is named, and what each register says of it.

    `pattern` uses {w} (a word of the actor's own) and {c} (its commune); a kind whose name has
    {c} and no {w} exists at most once per commune (« Comité des fêtes de {c} »).
    """

    nature: str  # association, entreprise or lieu
    pattern: str
    objet: str  # RNA social object code
    naf: str  # SIRENE activity code
    basilic: str  # Basilic place type
    discipline: str  # the federation's discipline column


KINDS = (
    Kind("association", "Compagnie {w}", "006050", "90.01Z", "", "Théâtre"),
    Kind("association", "Compagnie théâtrale {w}", "006050", "90.01Z", "", "Théâtre"),
    Kind("association", "Théâtre de la {w}", "006050", "90.01Z", "", "Théâtre"),
    Kind("association", "Collectif {w}", "006025", "90.03A", "", "Arts plastiques"),
    Kind("association", "Les Amis du Patrimoine de {c}", "006080", "94.99Z", "", "Patrimoine"),
    Kind("association", "Harmonie municipale de {c}", "006040", "90.01Z", "", "Musique"),
    Kind("association", "Harmonie {w} de {c}", "006040", "90.01Z", "", "Musique"),
    Kind("association", "Chorale {w}", "006040", "90.01Z", "", "Musique"),
    Kind("association", "Chorale {w} de {c}", "006040", "90.01Z", "", "Musique"),
    Kind("association", "Big band de {c}", "006040", "90.01Z", "", "Musique"),
    Kind("association", "Comité des fêtes de {c}", "006000", "94.99Z", "", ""),
    Kind("association", "Maison des Jeunes et de la Culture de {c}", "006000", "94.99Z", "", ""),
    Kind("association", "Centre Social et Culturel {w}", "006000", "88.99B", "", ""),
    Kind("association", "Foyer des Jeunes et d'Éducation Populaire de {c}", "006000", "94.99Z", "", ""),
    Kind("association", "Foyer Rural de {c}", "006000", "94.99Z", "", ""),
    Kind("association", "Ciné-club de {c}", "006030", "59.14Z", "", "Cinéma"),
    Kind("association", "Ciné-club {w}", "006030", "59.14Z", "", "Cinéma"),
    Kind("association", "Atelier d'Arts Plastiques {w}", "006025", "90.03A", "", "Arts plastiques"),
    Kind("association", "Festival {w} de {c}", "006000", "90.01Z", "", ""),
    Kind("association", "Association pour la Musique et la Danse de {c}", "006040", "94.99Z", "", "Musique"),
    Kind("association", "Office Municipal de la Culture de {c}", "006000", "94.99Z", "", ""),
    Kind("association", "Ensemble Vocal {w}", "006040", "90.01Z", "", "Musique"),
    Kind("association", "Cirque {w}", "006050", "90.01Z", "", "Cirque"),
    Kind("association", "École de Danse {w}", "006045", "85.52Z", "", "Danse"),
    Kind("association", "Société d'Histoire de {c}", "006080", "94.99Z", "", "Patrimoine"),
    Kind("entreprise", "{w} Production", "", "90.02Z", "", "Musique"),
    Kind("entreprise", "Studio {w}", "", "59.11A", "", "Cinéma"),
    Kind("entreprise", "Librairie {w}", "", "47.61Z", "", "Lecture"),
    Kind("entreprise", "Galerie {w}", "", "90.03A", "", "Arts plastiques"),
    Kind("lieu", "Théâtre municipal de {c}", "", "90.04Z", "Théâtre", "Théâtre"),
    Kind("lieu", "Médiathèque {w}", "", "91.01Z", "Bibliothèque", "Lecture"),
    Kind("lieu", "Musée {w} de {c}", "", "91.02Z", "Musée", "Patrimoine"),
    Kind("lieu", "Cinéma {w}", "", "59.14Z", "Cinéma", "Cinéma"),
    Kind("lieu", "Salle des fêtes de {c}", "", "90.04Z", "Lieu de spectacle", ""),
    Kind("lieu", "Conservatoire {w}", "", "85.52Z", "Conservatoire", "Musique"),
)
# Near-homonyms: a second actor of the same commune sharing the first one's own word under
# another kind (a company and a venue called « Lanterne », a choir and a band of Sainte-Cécile).
CONFUSABLE = {
    "Compagnie {w}": ("Théâtre de la {w}", "Collectif {w}", "Cirque {w}"),
    "Chorale {w}": ("Ensemble Vocal {w}", "Chorale {w} de {c}"),
    "Chorale {w} de {c}": ("Harmonie {w} de {c}", "Chorale {w}"),
    "Harmonie {w} de {c}": ("Chorale {w} de {c}", "Festival {w} de {c}"),
    "Ciné-club {w}": ("Cinéma {w}", "Studio {w}"),
    "Ciné-club de {c}": ("Big band de {c}", "Comité des fêtes de {c}", "Foyer Rural de {c}"),
    "Big band de {c}": ("Ciné-club de {c}", "Harmonie municipale de {c}"),
    "Médiathèque {w}": ("Librairie {w}", "Atelier d'Arts Plastiques {w}"),
    "Théâtre de la {w}": ("Compagnie {w}", "Compagnie théâtrale {w}"),
}
# Acronyms listings use instead of the full name, and what they stand for.
ACRONYMS = {
    "Maison des Jeunes et de la Culture": "MJC",
    "Centre Social et Culturel": "CSC",
    "Foyer des Jeunes et d'Éducation Populaire": "FJEP",
    "Office Municipal de la Culture": "OMC",
    "Association pour la Musique et la Danse": "AMD",
}
# Abbreviations of words in names, as clerks type them.
ABBREVIATIONS = (
    ("Harmonie", "Harm."),
    ("Chorale", "Chor."),
    ("Collectif", "Coll."),
    ("Compagnie", "Cie"),
    ("Association", "Asso."),
    ("Ensemble", "Ens."),
    ("municipale", "mun."),
    ("Théâtre", "Th."),
    ("Comité", "Cté"),
    ("Saint-", "St-"),
    ("Sainte-", "Ste-"),
    ("Atelier", "Atel."),
    ("Festival", "Fest."),
    ("Patrimoine", "Patrim."),
)
LEGAL_FORMS = {
    "association": ("Association", "ASSOCIATION", "Asso.", "Assoc.", "Ass."),
    "entreprise": ("SARL", "SAS", "EURL", "Sarl", "SASU"),
}
# Typos clerks make in legal-form words, which a matcher cannot simply drop as known words.
LEGAL_TYPOS = ("Assocation", "Associaton", "Asociation", "Assosiation", "Compagine", "Compangie")
WORDS = [
    "Lanterne",
    "Grenier",
    "Tréteaux",
    "Échappée",
    "Étincelle",
    "Cerf-Volant",
    "Horizon",
    "Boussole",
    "Passerelle",
    "Chapiteau",
    "Marionnette",
    "Ritournelle",
    "Arlequin",
    "Sérénade",
    "Églantine",
    "Hirondelle",
    "Colibri",
    "Mirabelle",
    "Myrtille",
    "Sapinière",
    "Ballon",
    "Moselotte",
    "Vologne",
    "Mortagne",
    "Meurthe",
    "Belle-Étoile",
    "Chaume",
    "Source",
    "Fontaine",
    "Rocaille",
    "Calliope",
    "Euterpe",
    "Thalie",
    "Clio",
    "Polymnie",
    "Orphée",
    "Mélusine",
    "Gargantua",
    "Quichotte",
    "Scapin",
    "Tartuffe",
    "Figaro",
    "Cyrano",
    "Ondine",
    "Coppélia",
    "Papageno",
    "Chimène",
    "Bérénice",
    "Antigone",
    "Ulysse",
    "Pénélope",
    "Icare",
    "Pandore",
    "Cassandre",
    "Ariane",
    "Pégase",
    "Licorne",
    "Phénix",
    "Salamandre",
    "Farfadet",
    "Lutin",
    "Troubadour",
    "Ménestrel",
    "Baladin",
    "Saltimbanque",
    "Funambule",
    "Pierrot",
    "Colombine",
    "Sainte-Cécile",
    "Saint-Éloi",
    "Saint-Martin",
    "Saint-Nicolas",
    "Renaissance",
    "Avenir",
    "Concordia",
    "Espérance",
    "Union",
]
SYLLABLES = [c + v for c in "bdklmnrstv" for v in "aeiou"]
STREET_TYPES = (
    ("rue", "RUE", "r."),
    ("avenue", "AV", "av."),
    ("place", "PL", "pl."),
    ("chemin", "CHE", "ch."),
    ("boulevard", "BD", "bd"),
    ("route", "RTE", "rte"),
    ("impasse", "IMP", "imp."),
)
STREET_NAMES = (
    "de la Gare",
    "du Général Leclerc",
    "Jean Jaurès",
    "Victor Hugo",
    "de l'Église",
    "des Écoles",
    "du Moulin",
    "Saint-Nicolas",
    "de la République",
    "Pasteur",
    "des Tilleuls",
    "du Château",
    "de la Liberté",
    "Carnot",
    "Gambetta",
    "du Stade",
    "des Vosges",
    "de Lorraine",
    "Sainte-Anne",
    "du Parc",
    "des Jardins",
    "de la Fontaine",
)
# Overseas départements: national trunk prefixes of landlines and mobiles, and country code.
OVERSEAS_PHONES = {
    "971": ("0590", "0690", "590"),
    "972": ("0596", "0696", "596"),
    "973": ("0594", "0694", "594"),
    "974": ("0262", "0692", "262"),
    "976": ("0269", "0639", "262"),
}
# Noise rates at difficulty 1 (each is multiplied by the difficulty, at most 1).
RATES = {
    "moved": 0.2,  # actors that moved: older listings show the old address
    "moved_commune": 0.25,  # of those, moved from a neighbouring commune
    "near_homonym": 0.08,  # a second actor sharing the word of an actor of the same commune
    "shared_townhall": 0.35,  # associations of small communes giving the town hall's e-mail and phone
    "neighbour": 0.05,  # a record located in the neighbouring commune (seat at a member's home)
    "rna_old": 0.6,  # RNA shows the old address of a moved actor
    "rna_no_code": 0.08,
    "rna_postal_for_insee": 0.04,
    "legal": 0.3,
    "legal_typo": 0.05,
    "abbreviation": 0.25,
    "acronym": 0.5,
    "typo": 0.05,
    "accents": 0.4,
    "inverted": 0.1,
    "short_commune": 0.15,
    "duplicate": 0.05,
    "no_postal": 0.3,
    "lower": 0.08,
    "own_town": 0.5,  # a town hall's list leaves out its own town's name
}


@dataclass
class Actor:
    """One invented actor: what every listing that knows it will show, before noise."""

    id: str
    kind: Kind
    name: str
    word: str
    commune: str
    commune_name: str
    postal: str
    street_number: str
    street_type: tuple[str, str, str]
    street_name: str
    phone: str
    email: str
    website: str
    siren: str
    siret: str
    rna: str
    old_address: tuple[str, str, str, str] | None = None  # (number, street name, commune, postal)
    townhall: tuple[str, str] | None = None  # the town hall's (e-mail, phone), for small communes


@dataclass
class Listings:
    """Rows of each layout, and the truth: (layout, index of the row) → actor id."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    truth: dict[tuple[str, int], str] = field(default_factory=dict)
    actors: list[Actor] = field(default_factory=list)


def _luhn_complete(prefix: str) -> str:
    """`prefix` plus the digit that makes it pass the Luhn check."""
    for digit in "0123456789":
        if luhn_valid(prefix + digit):
            return prefix + digit
    raise AssertionError("unreachable")


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _typo(text: str, rng: random.Random) -> str:
    """One keyboard slip: a letter dropped, doubled or swapped with its neighbour."""
    positions = [i for i, c in enumerate(text) if c.isalpha()]
    if len(positions) < 6:
        return text
    i = rng.choice(positions[2:-1])
    kind = rng.random()
    if kind < 0.4:
        return text[:i] + text[i + 1 :]
    if kind < 0.7:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


class Noise:
    """Random choices with rates scaled by the difficulty."""

    def __init__(self, seed: int, difficulty: float):
        self.rng = random.Random(seed)
        self.difficulty = difficulty

    def happens(self, rate: str | float, factor: float = 1.0) -> bool:
        base = RATES[rate] if isinstance(rate, str) else rate
        return self.rng.random() < min(1.0, base * factor * self.difficulty)


@cache
def _neighbours() -> dict[str, list[str]]:
    """Communes of the same intercommunality (the neighbours a seat or a move goes to)."""
    places = territory()
    by_epci: dict[str, list[str]] = {}
    for code in places.commune_codes():
        commune = places.commune(code)
        if commune and commune.epci:
            by_epci.setdefault(commune.epci, []).append(code)
    result = {}
    for members in by_epci.values():
        for code in members:
            result[code] = [c for c in members if c != code]
    return result


def _communes(departements: tuple[str, ...] | None) -> tuple[list[str], list[int]]:
    places = territory()
    codes = places.commune_codes() if departements is None else []
    for departement in departements or ():
        codes += places.commune_codes(departement)
    weights = [max(places.commune(c).population, 50) for c in codes]  # type: ignore[union-attr]
    return codes, weights


def _invented_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _phone(commune_departement: str, rng: random.Random) -> str:
    """Ten national digits: a landline of the commune's area, or a mobile."""
    overseas = OVERSEAS_PHONES.get(commune_departement[:3])
    if overseas:
        return rng.choice(overseas[:2]) + "".join(rng.choice("0123456789") for _ in range(6))
    first = rng.choice("12345") if rng.random() < 0.7 else rng.choice("67")
    return "0" + first + "".join(rng.choice("0123456789") for _ in range(8))


def make_actors(
    count: int, seed: int = 7, departements: tuple[str, ...] | None = None, difficulty: float = 1.0
) -> list[Actor]:
    """`count` distinct invented actors over real communes, weighted by population."""
    noise = Noise(seed, difficulty)
    rng = noise.rng
    places = territory()
    codes, weights = _communes(departements)
    neighbours = _neighbours()
    cumulative = list(itertools.accumulate(weights))  # computed once: choices() would redo it per call
    by_pattern = {kind.pattern: kind for kind in KINDS}
    actors: list[Actor] = []
    used: set[tuple[str, str]] = set()
    while len(actors) < count:
        if actors and noise.happens("near_homonym"):
            model = rng.choice(actors[-50:])
            others = CONFUSABLE.get(model.kind.pattern)
            if not others:
                continue
            kind, code, word = by_pattern[rng.choice(others)], model.commune, model.word
        else:
            kind = rng.choice(KINDS)
            code = rng.choices(codes, cum_weights=cumulative)[0]
            word = rng.choice(WORDS) if rng.random() < 0.5 else _invented_word(rng)
        commune = places.commune(code)
        assert commune is not None
        name = kind.pattern.format(w=word, c=commune.name)
        if (name, code) in used:
            continue
        used.add((name, code))
        actors.append(_actor(len(actors), kind, name, word, commune, neighbours.get(code, []), noise))
    return actors


def _actor(number: int, kind: Kind, name: str, word: str, commune, neighbours: list[str], noise: Noise) -> Actor:  # type: ignore[no-untyped-def]
    rng = noise.rng
    places = territory()
    # Identifiers derived from the actor's number (an affine bijection), so that two invented
    # actors never share one, as in the real registers.
    serial = (number * 7919 + 12_345_678) % 90_000_000 + 10_000_000
    siren = _luhn_complete(f"{serial}") if kind.nature != "lieu" or rng.random() < 0.5 else ""
    has_siret = bool(siren) and (kind.nature == "entreprise" or rng.random() < 0.35)
    slug = "".join(c for c in _strip_accents(word).lower() if c.isalnum())
    old = None
    if noise.happens("moved"):
        old_commune = commune
        if neighbours and noise.happens("moved_commune"):
            old_commune = places.commune(rng.choice(neighbours))
        old = (
            str(rng.randint(1, 120)),
            rng.choice(STREET_NAMES),
            old_commune.code,
            old_commune.postal_codes[0] if old_commune.postal_codes else "",
        )
    townhall = None
    if commune.population < 3000 and kind.nature == "association":
        town = slugify(commune.name)
        # The same address and number for every association of the commune.
        provider = random.Random(town).choice(("wanadoo.fr", "orange.fr"))
        townhall = (f"mairie.{town}@{provider}", _phone(commune.departement, random.Random(town)))
    return Actor(
        id=f"a{number:06d}",
        kind=kind,
        name=name,
        word=word,
        commune=commune.code,
        commune_name=commune.name,
        postal=commune.postal_codes[0] if commune.postal_codes else "",
        street_number=str(rng.randint(1, 120)),
        street_type=rng.choice(STREET_TYPES),
        street_name=rng.choice(STREET_NAMES),
        phone=_phone(commune.departement, rng),
        email=f"contact@{slug}{number}.fr" if rng.random() < 0.6 else "",
        website=f"https://www.{slug}{number}.fr" if rng.random() < 0.4 else "",
        siren=siren,
        siret=_luhn_complete(siren + f"{rng.randint(1, 999):04d}") if has_siret else "",
        rna=f"W{commune.departement[:2].replace('A', '0').replace('B', '0')}{number:07d}"
        if kind.nature == "association"
        else "",
        old_address=old,
        townhall=townhall,
    )


def _arrondissement_code(commune: str, rng: random.Random) -> str:
    """SIRENE and RNA locate Paris, Lyon and Marseille establishments by arrondissement."""
    first = {"75056": ("751", 20), "69123": ("6938", 9), "13055": ("132", 16)}.get(commune)
    if not first:
        return commune
    prefix, count = first
    number = rng.randint(1, count)
    return f"{prefix}{number:02d}" if len(prefix) == 3 else f"{prefix}{number}"


def _abbreviate(name: str, noise: Noise) -> str:
    for full, short in ABBREVIATIONS:
        if full in name and noise.rng.random() < 0.6:
            name = name.replace(full, short, 1)
    return name


def _with_acronym(name: str, noise: Noise) -> str:
    """« MJC de Yutz », « M.J.C. Yutz », « MJC - Maison des Jeunes et de la Culture de Yutz »."""
    for full, acronym in ACRONYMS.items():
        if not name.startswith(full):
            continue
        rest = name[len(full) :].strip()
        style = noise.rng.random()
        if style < 0.35:
            return f"{acronym} {rest}".strip()
        if style < 0.55:
            return f"{'.'.join(acronym)}. {re.sub(r'^(de|du|d.) ', '', rest)}".strip()
        if style < 0.75:
            return f"{acronym} {re.sub(r'^(de|du|d.) ', '', rest)}".strip()
        return f"{acronym} - {name}"
    return name


def noisy_name(actor: Actor, noise: Noise, accents: float, legal: float, typo: float, short: float) -> str:
    """The actor's name as one listing spells it."""
    rng = noise.rng
    name = actor.name
    if noise.happens(short):
        name = _with_acronym(name, noise)
    if noise.happens("abbreviation"):
        name = _abbreviate(name, noise)
    if actor.kind.nature in LEGAL_FORMS and noise.happens(legal):
        form = rng.choice(LEGAL_FORMS[actor.kind.nature])
        if actor.kind.nature == "association" and noise.happens("legal_typo", 4):
            form = rng.choice(LEGAL_TYPOS[:4])
        name = f"{form} {name}" if rng.random() < 0.7 else f"{name} ({form})"
    if name.startswith("Compagnie ") and noise.happens("legal_typo", 4):
        name = rng.choice(LEGAL_TYPOS[4:]) + name[len("Compagnie") :]
    if noise.happens(accents):
        name = _strip_accents(name)
    if noise.happens(typo):
        name = _typo(name, rng)
    return name


def _inverted(name: str) -> str:
    """SIRENE style: « GRENIER (COMPAGNIE DU) »."""
    match = re.match(r"^(\S+(?: théâtrale)?) (de la|du|de l'|des|de) (.+)$", name, re.IGNORECASE)
    if match and "{c}" not in match.group(3):
        return f"{match.group(3)} ({match.group(1)} {match.group(2)})"
    return name


def commune_label(official: str, noise: Noise) -> str:
    """A commune name as a clerk types it: short form, abbreviation, capitals, no accents, CEDEX."""
    rng = noise.rng
    name = official
    parts = name.split("-")
    if noise.happens("short_commune") and len(parts) > 1 and parts[0] not in ("Saint", "Sainte", "Le", "La", "Les"):
        style = rng.random()
        name = parts[0] if style < 0.6 else f"{parts[0]}-{parts[1][:3]}."
    if name.startswith(("Saint-", "Sainte-")) and rng.random() < 0.4:
        name = name.replace("Saint-", "St-", 1).replace("Sainte-", "Ste-", 1)
    if noise.happens("accents"):
        name = _strip_accents(name)
    if rng.random() < 0.5:
        name = name.upper()
    if rng.random() < 0.03:
        name += " CEDEX"
    return name


def phone_text(digits: str, departement: str, noise: Noise) -> str:
    """A ten-digit national number in one of the ways people write it."""
    rng = noise.rng
    if not digits:
        return ""
    overseas = OVERSEAS_PHONES.get(departement[:3])
    style = rng.random()
    if overseas and style < 0.4:
        return f"+{overseas[2]} {digits[1:4]} {digits[4:6]} {digits[6:8]} {digits[8:]}"
    if style < 0.4:
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    if style < 0.55:
        return ".".join(digits[i : i + 2] for i in range(0, 10, 2))
    if style < 0.7:
        return digits
    if style < 0.8:
        return f"+33 {digits[1]} " + " ".join(digits[i : i + 2] for i in range(2, 10, 2))
    if style < 0.9:
        return f"+33 (0){digits[1]} " + " ".join(digits[i : i + 2] for i in range(2, 10, 2))
    if style < 0.95:
        return digits[1:]  # a spreadsheet dropped the leading zero
    return "-".join(digits[i : i + 2] for i in range(0, 10, 2))


def website_text(url: str, noise: Noise) -> str:
    if not url:
        return ""
    style = noise.rng.random()
    if style < 0.5:
        return url
    if style < 0.7:
        return url.removeprefix("https://")
    if style < 0.85:
        return url.replace("https://www.", "http://") + "/"
    return url + "/accueil"


def render(
    actors: list[Actor], seed: int = 11, coverage: dict[str, float] | None = None, difficulty: float = 1.0
) -> Listings:
    """Render actors in the five layouts, with noise and duplicates; returns rows and truth."""
    noise = Noise(seed, difficulty)
    rng = noise.rng
    places = territory()
    neighbours = _neighbours()
    coverage = coverage or {"rna": 0.75, "sirene": 0.9, "basilic": 0.8, "federation": 0.3, "mairie": 0.35}
    out = Listings(rows={layout: [] for layout in LAYOUTS}, actors=actors)

    def add(layout: str, row: dict[str, str], actor: Actor) -> None:
        out.truth[(layout, len(out.rows[layout]))] = actor.id
        out.rows[layout].append(row)

    def located(actor: Actor, rate: str, old_rate: str | None = None) -> tuple[str, str, str, str]:
        """(number, street, commune code, postal code) this listing shows."""
        if actor.old_address and old_rate and rng.random() < RATES[old_rate]:
            return actor.old_address
        commune, postal = actor.commune, actor.postal
        near = neighbours.get(actor.commune) or []
        if near and noise.happens(rate):
            other = places.commune(rng.choice(near))
            commune, postal = other.code, other.postal_codes[0] if other.postal_codes else ""  # type: ignore[union-attr]
        return actor.street_number, actor.street_name, commune, postal

    for actor in actors:
        departement = places.commune(actor.commune).departement  # type: ignore[union-attr]
        if actor.kind.nature == "association" and rng.random() < coverage["rna"]:
            number, street, commune, postal = located(actor, "neighbour", "rna_old")
            code = _arrondissement_code(commune, rng)
            if noise.happens("rna_postal_for_insee"):
                code = postal
            elif noise.happens("rna_no_code"):
                code = ""
            row = dict.fromkeys(RNA_COLUMNS, "")
            acronym = next((a for full, a in ACRONYMS.items() if actor.name.startswith(full)), "")
            row.update(
                id=actor.rna,
                siret=actor.siret if rng.random() < 0.4 else "",
                nature="D",
                groupement="S",
                titre=noisy_name(actor, noise, 0.0, 0.1, RATES["typo"] / 2, 0.2).upper(),
                titre_court=acronym if acronym and rng.random() < 0.8 else "",
                objet=f"promouvoir {actor.kind.discipline.lower() or 'la culture'} à {actor.commune_name}",
                objet_social1=actor.kind.objet,
                adrs_numvoie=number,
                adrs_typevoie=actor.street_type[1],
                adrs_libvoie=street.upper(),
                adrs_codeinsee=code,
                adrs_codepostal=postal,
                adrs_libcommune=places.commune(commune).name.upper(),  # type: ignore[union-attr]
                siteweb=website_text(actor.website, noise) if rng.random() < 0.5 else "",
                position="A",
                maj_time="2026-01-15 10:00:00",
            )
            add("rna", row, actor)
        if actor.siret and rng.random() < coverage["sirene"]:
            number, street, commune, postal = located(actor, "neighbour", None)
            name = noisy_name(actor, noise, "accents", 0.5, RATES["typo"] / 2, 0.2)
            if noise.happens("inverted"):
                name = _inverted(name)
            name = name.upper()
            row = dict.fromkeys(SIRENE_COLUMNS, "")
            row.update(
                siren=actor.siren,
                nic=actor.siret[9:],
                siret=actor.siret,
                statutDiffusionEtablissement="O",
                etablissementSiege="true",
                numeroVoieEtablissement=number,
                typeVoieEtablissement=actor.street_type[1],
                libelleVoieEtablissement=street.upper(),
                codePostalEtablissement=postal,
                libelleCommuneEtablissement=_strip_accents(places.commune(commune).name).upper(),  # type: ignore[union-attr]
                codeCommuneEtablissement=_arrondissement_code(commune, rng),
                etatAdministratifEtablissement="A",
                denominationUsuelleEtablissement=name if rng.random() < 0.6 else "",
                activitePrincipaleEtablissement=actor.kind.naf,
                nomenclatureActivitePrincipaleEtablissement="NAFRev2",
            )
            if not row["denominationUsuelleEtablissement"]:
                row["enseigne1Etablissement"] = name
            add("sirene", row, actor)
        if actor.kind.nature == "lieu" and rng.random() < coverage["basilic"]:
            number, street, commune, postal = located(actor, 0.0, None)
            row = {
                "Nom": noisy_name(actor, noise, 0.05, 0.0, RATES["typo"] / 2, 0.0),
                "Adresse": f"{number} {actor.street_type[0]} {street}",
                "Code postal": postal,
                "Commune": places.commune(commune).name,  # type: ignore[union-attr]
                "Code INSEE": commune,
                "Région": "",
                "Département": "",
                "Type équipement ou lieu": actor.kind.basilic,
                "Label et appellation": "",
                "Latitude": "",
                "Longitude": "",
            }
            add("basilic", row, actor)
        for layout in ("federation", "mairie"):
            if actor.kind.nature == "lieu" or rng.random() >= coverage[layout]:
                continue
            for copy in range(2 if noise.happens("duplicate") else 1):
                add(layout, _home_made_row(layout, actor, departement, noise, copy, located), actor)
    return out


def _home_made_row(layout: str, actor: Actor, departement: str, noise: Noise, copy: int, located) -> dict[str, str]:  # type: ignore[no-untyped-def]
    rng = noise.rng
    places = territory()
    name = noisy_name(actor, noise, "accents", "legal", "typo", "acronym")
    if layout == "mairie" and noise.happens("own_town"):
        # A town hall does not repeat its own name: « Harmonie municipale », not « … de Yutz ».
        name = re.sub(rf"\s+(?:de|d')\s*{re.escape(actor.commune_name)}$", "", name, flags=re.IGNORECASE)
    if noise.happens("lower"):
        name = name.lower()
    number, street, commune, postal = located(actor, "neighbour", "rna_old" if layout == "mairie" else None)
    label = commune_label(places.commune(commune).name, noise)  # type: ignore[union-attr]
    phone, email = actor.phone if rng.random() < 0.7 else "", actor.email if rng.random() < 0.7 else ""
    if actor.townhall and noise.happens("shared_townhall", 1.0 if layout == "mairie" else 0.4):
        email, phone = actor.townhall
    phone = phone_text(phone, departement, noise)
    if layout == "federation":
        acronym = next((a for full, a in ACRONYMS.items() if actor.name.startswith(full)), "")
        return {
            "Numéro adhérent": f"F{actor.id[1:]}-{copy}",
            "Nom de la structure": name,
            "Sigle": acronym if acronym and rng.random() < 0.5 else "",
            "Ville": label,
            "CP": "" if noise.happens("no_postal", 0.3) else postal,
            "Téléphone": phone,
            "Courriel": email,
            "Site": website_text(actor.website, noise),
            "Discipline": actor.kind.discipline,
        }
    street_type = rng.choice(actor.street_type)
    return {
        "Association": name,
        "Adresse": f"{number}, {street_type} {street}" if rng.random() < 0.9 else "",
        "Code postal": "" if noise.happens("no_postal") else postal,
        "Commune": label,
        "Tél.": phone,
        "Mél": email,
    }


_SOURCE = {
    "rna": "rna-waldec",
    "sirene": "sirene",
    "basilic": "basilic",
    "federation": "federation",
    "mairie": "mairie",
}
_COLUMNS = {
    "rna": RNA_COLUMNS,
    "sirene": SIRENE_COLUMNS,
    "basilic": BASILIC_COLUMNS,
    "federation": FEDERATION_COLUMNS,
    "mairie": TOWN_HALL_COLUMNS,
}
_DELIMITER = {"rna": ";", "sirene": ",", "basilic": ";", "federation": ";", "mairie": ","}
_ENCODING = {"rna": "utf-8", "sirene": "utf-8", "basilic": "utf-8", "federation": "cp1252", "mairie": "utf-8"}
# Lines above the header: the federation's spreadsheet has a title and a blank line.
_TITLE_LINES = {"federation": [[FEDERATION_TITLE], []]}


def actor_entry(actor: Actor, noise: Noise | None = None, identifiers: bool = True) -> dict[str, object]:
    """An actor as a local commons publishes it (front matter), spelt as one listing would when
    `noise` is given: two commons describe a shared actor in their own words."""
    name, phone = actor.name, actor.phone
    street = f"{actor.street_number} {actor.street_type[0]} {actor.street_name}"
    if noise is not None:
        name = noisy_name(actor, noise, "accents", "legal", 0.0, "acronym")
        phone = phone_text(actor.phone, actor.commune[:2], noise)
        street = f"{actor.street_number}, {noise.rng.choice(actor.street_type)} {actor.street_name}"
    data: dict[str, object] = {
        "schema_version": 1,
        "nom": name,
        "forme": "organisation",
        "nature": {"lieu": "structure_culturelle"}.get(actor.kind.nature, actor.kind.nature),
        "commune": actor.commune,
        "echelle": "commune",
        "contact": {"telephone": phone, "adresse": f"{street}, {actor.postal} {actor.commune_name}"},
    }
    if actor.rna and identifiers:
        data["identifiants"] = {"rna": actor.rna}
    return data


def generate(
    actors: int, seed: int = 7, departements: tuple[str, ...] | None = None, difficulty: float = 1.0
) -> Listings:
    """Invent actors and render them in every layout."""
    return render(make_actors(actors, seed, departements, difficulty), seed + 4, difficulty=difficulty)


def write(listings: Listings, directory: Path) -> dict[str, tuple[Path, Path | None]]:
    """Write each layout as a CSV (the federation's in Windows-1252 with a title row, as
    spreadsheets export it), the home-made mappings and `verite.csv`; returns
    layout → (listing, own mapping or None)."""
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, tuple[Path, Path | None]] = {}
    truth_rows = []
    for layout in LAYOUTS:
        path = directory / f"{layout}.csv"
        title = _TITLE_LINES.get(layout, [])
        with path.open("w", encoding=_ENCODING[layout], newline="", errors="replace") as handle:
            plain = csv.writer(handle, delimiter=_DELIMITER[layout])
            plain.writerows(title)
            writer = csv.DictWriter(handle, _COLUMNS[layout], delimiter=_DELIMITER[layout])
            writer.writeheader()
            writer.writerows(listings.rows[layout])
        first_line = len(title) + 2
        for (kind, index), actor in listings.truth.items():
            if kind == layout:
                truth_rows.append((path.name, index + first_line, actor))
        written[layout] = (path, None)
    for layout, text in (("federation", FEDERATION_MAPPING), ("mairie", TOWN_HALL_MAPPING)):
        mapping = directory / f"{layout}.yaml"
        mapping.write_text(text, encoding="utf-8")
        written[layout] = (written[layout][0], mapping)
    with (directory / "verite.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["fichier", "ligne", "actor_id"])
        writer.writerows(sorted(truth_rows))
    return written


def main() -> None:
    """Command line: write synthetic listings to a folder."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--acteurs", type=int, default=3000, help="number of invented actors")
    parser.add_argument("--graine", type=int, default=7, help="random seed")
    parser.add_argument("--difficulte", type=float, default=1.0, help="scales every noise rate")
    parser.add_argument("--departements", nargs="*", help="limit to these départements (e.g. 88)")
    parser.add_argument("--sortie", type=Path, required=True, help="output folder")
    args = parser.parse_args()
    listings = generate(
        args.acteurs, args.graine, tuple(args.departements) if args.departements else None, args.difficulte
    )
    write(listings, args.sortie)
    total = sum(len(rows) for rows in listings.rows.values())
    print(f"{len(listings.actors)} acteurs, {total} lignes dans {args.sortie}")


if __name__ == "__main__":
    main()
