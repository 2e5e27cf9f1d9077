#!/usr/bin/env python3
"""Generate synthetic French listings of cultural actors, with the ground truth.

Several thousand invented actors over real communes (COG 2026, weighted by population) are
rendered in five layouts, each with the noise real listings have: the RNA waldec export
(capital letters, short titles, SIRET often missing), the SIRENE establishments file (legal
forms in names, arrondissement codes for Paris, Lyon and Marseille), Basilic (places, no
identifiers), a federation's member spreadsheet (acronyms, lost accents, postal codes only,
duplicated members) and a town hall's list of associations (typos, duplicates).

    python scripts/synthetic_listings.py --acteurs 3000 --sortie /tmp/listes

writes one CSV per layout, the matching mapping files for the two home-made layouts, and
`verite.csv` (source,record_id,actor_id). Tests and benchmarks import `generate` directly.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from maillage.model import territory
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

# (kind of actor, name pattern, acronym or "", RNA objet social, NAF code, Basilic type, discipline)
KINDS = (
    ("association", "Compagnie {w}", "", "006050", "90.01Z", "", "Théâtre"),
    ("association", "Compagnie théâtrale {w}", "", "006050", "90.01Z", "", "Théâtre"),
    ("association", "Les Amis du Patrimoine de {c}", "", "006080", "94.99Z", "", "Patrimoine"),
    ("association", "Harmonie {w} de {c}", "", "006040", "90.01Z", "", "Musique"),
    ("association", "Chorale {w}", "", "006040", "90.01Z", "", "Musique"),
    ("association", "Comité des fêtes de {c}", "", "006000", "94.99Z", "", ""),
    ("association", "Maison des Jeunes et de la Culture de {c}", "MJC", "006000", "94.99Z", "", ""),
    ("association", "Foyer Rural de {c}", "", "006000", "94.99Z", "", ""),
    ("association", "Ciné-club {w}", "", "006030", "59.14Z", "", "Cinéma"),
    ("association", "Atelier d'Arts Plastiques {w}", "", "006025", "90.03A", "", "Arts plastiques"),
    ("association", "Festival {w} de {c}", "", "006000", "90.01Z", "", ""),
    ("association", "Association pour la Musique et la Danse de {c}", "AMD", "006040", "94.99Z", "", "Musique"),
    ("association", "Office Culturel Intercommunal de {c}", "OCI", "006000", "94.99Z", "", ""),
    ("association", "Ensemble Vocal {w}", "", "006040", "90.01Z", "", "Musique"),
    ("association", "Cirque {w}", "", "006050", "90.01Z", "", "Cirque"),
    ("association", "École de Danse {w}", "", "006045", "85.52Z", "", "Danse"),
    ("entreprise", "{w} Production", "", "", "90.02Z", "", "Musique"),
    ("entreprise", "Studio {w}", "", "", "59.11A", "", "Cinéma"),
    ("entreprise", "Librairie {w}", "", "", "47.61Z", "", "Lecture"),
    ("entreprise", "Galerie {w}", "", "", "90.03A", "", "Arts plastiques"),
    ("lieu", "Théâtre municipal de {c}", "", "", "90.04Z", "Théâtre", "Théâtre"),
    ("lieu", "Médiathèque {w}", "", "", "91.01Z", "Bibliothèque", "Lecture"),
    ("lieu", "Musée {w} de {c}", "", "", "91.02Z", "Musée", "Patrimoine"),
    ("lieu", "Cinéma {w}", "", "", "59.14Z", "Cinéma", "Cinéma"),
    ("lieu", "Salle des fêtes de {c}", "", "", "90.04Z", "Lieu de spectacle", ""),
    ("lieu", "Conservatoire {w}", "", "", "85.52Z", "Conservatoire", "Musique"),
)
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
    "Déodatie",
    "Belle-Étoile",
    "Chaume",
    "Source",
    "Fontaine",
    "Rocaille",
    "Calliope",
    "Euterpe",
    "Thalie",
    "Terpsichore",
    "Clio",
    "Polymnie",
    "Orphée",
    "Mélusine",
    "Gargantua",
    "Pantagruel",
    "Quichotte",
    "Scapin",
    "Sganarelle",
    "Tartuffe",
    "Figaro",
    "Cyrano",
    "Ondine",
    "Sylphide",
    "Coppélia",
    "Papageno",
    "Zerline",
    "Chimène",
    "Rodrigue",
    "Bérénice",
    "Phèdre",
    "Andromaque",
    "Iphigénie",
    "Antigone",
    "Électre",
    "Ulysse",
    "Pénélope",
    "Icare",
    "Dédale",
    "Prométhée",
    "Pandore",
    "Cassandre",
    "Hélène",
    "Pâris",
    "Ariane",
    "Thésée",
    "Persée",
    "Méduse",
    "Pégase",
    "Chimère",
    "Griffon",
    "Licorne",
    "Phénix",
    "Salamandre",
    "Sirène",
    "Farfadet",
    "Lutin",
    "Korrigan",
    "Troubadour",
    "Trouvère",
    "Ménestrel",
    "Jongleur",
    "Baladin",
    "Saltimbanque",
    "Funambule",
    "Acrobate",
    "Clown",
    "Pierrot",
    "Colombine",
]
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "ka",
    "ke",
    "ki",
    "ko",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "na",
    "ne",
    "no",
    "ra",
    "re",
    "ri",
    "ro",
    "sa",
    "se",
    "si",
    "so",
    "ta",
    "te",
    "ti",
    "to",
    "va",
    "ve",
    "vi",
    "vo",
    "za",
]
STREET_TYPES = (
    ("rue", "RUE"),
    ("avenue", "AV"),
    ("place", "PL"),
    ("chemin", "CHE"),
    ("boulevard", "BD"),
    ("route", "RTE"),
    ("impasse", "IMP"),
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
ACCENTED_LEGAL = {
    "association": ("Association", "ASSOCIATION", "Asso.", "Assoc."),
    "entreprise": ("SARL", "SAS", "EURL", "Sarl"),
}


@dataclass
class Actor:
    """One invented actor: what every listing that knows it will show, before noise."""

    id: str
    kind: str
    name: str
    sigle: str
    commune: str
    commune_name: str
    postal: str
    street_number: str
    street_type: tuple[str, str]
    street_name: str
    phone: str
    email: str
    website: str
    siren: str
    siret: str
    rna: str
    objet: str
    naf: str
    basilic_type: str
    discipline: str


@dataclass
class Listings:
    """Rows of each layout, and the truth: (source, record key) → actor id."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    truth: dict[tuple[str, str], str] = field(default_factory=dict)
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


def _communes(rng: random.Random, departements: tuple[str, ...] | None) -> tuple[list[str], list[int]]:
    places = territory()
    codes = [code for code in places._communes if departements is None or places._communes[code][1] in departements]
    weights = [max(places._communes[c][4], 50) for c in codes]
    return codes, weights


def _invented_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def make_actors(count: int, seed: int = 7, departements: tuple[str, ...] | None = None) -> list[Actor]:
    """`count` distinct invented actors over real communes, weighted by population."""
    rng = random.Random(seed)
    places = territory()
    codes, weights = _communes(rng, departements)
    cumulative = list(itertools.accumulate(weights))  # computed once: choices() would redo it per call
    actors: list[Actor] = []
    used: set[tuple[str, str]] = set()
    names: set[str] = set()
    while len(actors) < count:
        kind, pattern, sigle, objet, naf, basilic, discipline = rng.choice(KINDS)
        code = rng.choices(codes, cum_weights=cumulative)[0]
        commune = places.commune(code)
        assert commune is not None
        word = rng.choice(WORDS) if rng.random() < 0.5 else _invented_word(rng)
        name = pattern.format(w=word, c=commune.name)
        if (name, code) in used or ("{c}" in pattern and "{w}" not in pattern and name in names):
            continue
        used.add((name, code))
        names.add(name)
        number = len(actors)
        # Identifiers derived from the actor's number (an affine bijection), so that two invented
        # actors never share one, as in the real registers.
        serial = (number * 7919 + 12_345_678) % 90_000_000 + 10_000_000
        siren = _luhn_complete(f"{serial}") if kind != "lieu" or rng.random() < 0.5 else ""
        has_siret = bool(siren) and (kind == "entreprise" or rng.random() < 0.7)
        slug = "".join(c for c in _strip_accents(word).lower() if c.isalnum())
        actors.append(
            Actor(
                id=f"a{number:06d}",
                kind=kind,
                name=name,
                sigle=sigle,
                commune=code,
                commune_name=commune.name,
                postal=commune.postal_codes[0] if commune.postal_codes else "",
                street_number=str(rng.randint(1, 120)),
                street_type=rng.choice(STREET_TYPES),
                street_name=rng.choice(STREET_NAMES),
                phone=f"0{rng.choice('123456789')}" + "".join(rng.choice("0123456789") for _ in range(8)),
                email=f"contact@{slug}{number}.fr" if rng.random() < 0.7 else "",
                website=f"https://www.{slug}{number}.fr" if rng.random() < 0.5 else "",
                siren=siren,
                siret=_luhn_complete(siren + f"{rng.randint(1, 999):04d}") if has_siret else "",
                rna=f"W{commune.departement[:2].replace('A', '0').replace('B', '0')}{number:07d}"
                if kind == "association"
                else "",
                objet=objet,
                naf=naf,
                basilic_type=basilic,
                discipline=discipline,
            )
        )
    return actors


def _arrondissement_code(actor: Actor, rng: random.Random) -> str:
    """SIRENE and RNA locate Paris, Lyon and Marseille establishments by arrondissement."""
    first = {"75056": ("751", 20), "69123": ("6938", 9), "13055": ("132", 16)}.get(actor.commune)
    if not first:
        return actor.commune
    prefix, count = first
    number = rng.randint(1, count)
    return f"{prefix}{number:02d}" if len(prefix) == 3 else f"{prefix}{number}"


def _noisy_name(actor: Actor, rng: random.Random, accents: float, legal: float, typo: float) -> str:
    name = actor.name
    if rng.random() < legal and actor.kind in ACCENTED_LEGAL:
        form = rng.choice(ACCENTED_LEGAL[actor.kind])
        name = f"{form} {name}" if rng.random() < 0.7 else f"{name} ({form})"
    if "Saint-" in name and rng.random() < 0.5:
        name = name.replace("Saint-", "St-")
    if rng.random() < accents:
        name = _strip_accents(name)
    if rng.random() < typo:
        name = _typo(name, rng)
    return name


def render(actors: list[Actor], seed: int = 11, coverage: dict[str, float] | None = None) -> Listings:
    """Render actors in the five layouts, with noise and duplicates; returns rows and truth."""
    rng = random.Random(seed)
    coverage = coverage or {"rna": 0.75, "sirene": 0.9, "basilic": 0.8, "federation": 0.3, "mairie": 0.35}
    out = Listings(rows={layout: [] for layout in LAYOUTS}, actors=actors)

    def add(layout: str, key: str, row: dict[str, str], actor: Actor) -> None:
        out.rows[layout].append(row)
        out.truth[(_SOURCE[layout], key)] = actor.id

    for actor in actors:
        if actor.kind == "association" and rng.random() < coverage["rna"]:
            code = _arrondissement_code(actor, rng)
            title = _noisy_name(actor, rng, 0.0, 0.1, 0.02).upper()
            row = dict.fromkeys(RNA_COLUMNS, "")
            row.update(
                id=actor.rna,
                siret=actor.siret if rng.random() < 0.4 else "",
                nature="D",
                groupement="S",
                titre=title,
                titre_court=actor.sigle if actor.sigle and rng.random() < 0.8 else "",
                objet=f"promouvoir {actor.discipline.lower() or 'la culture'} à {actor.commune_name}",
                objet_social1=actor.objet,
                adrs_numvoie=actor.street_number,
                adrs_typevoie=actor.street_type[1],
                adrs_libvoie=actor.street_name.upper(),
                adrs_codeinsee=code,
                adrs_codepostal=actor.postal,
                adrs_libcommune=actor.commune_name.upper(),
                siteweb=actor.website if rng.random() < 0.5 else "",
                position="A",
                maj_time="2026-01-15 10:00:00",
            )
            add("rna", actor.rna, row, actor)
        if actor.siret and rng.random() < coverage["sirene"]:
            row = dict.fromkeys(SIRENE_COLUMNS, "")
            name = _noisy_name(actor, rng, 0.3, 0.5, 0.03).upper()
            row.update(
                siren=actor.siren,
                nic=actor.siret[9:],
                siret=actor.siret,
                statutDiffusionEtablissement="O",
                etablissementSiege="true",
                numeroVoieEtablissement=actor.street_number,
                typeVoieEtablissement=actor.street_type[1],
                libelleVoieEtablissement=actor.street_name.upper(),
                codePostalEtablissement=actor.postal,
                libelleCommuneEtablissement=actor.commune_name.upper(),
                codeCommuneEtablissement=_arrondissement_code(actor, rng),
                etatAdministratifEtablissement="A",
                denominationUsuelleEtablissement=name if rng.random() < 0.6 else "",
                activitePrincipaleEtablissement=actor.naf,
                nomenclatureActivitePrincipaleEtablissement="NAFRev2",
            )
            if not row["denominationUsuelleEtablissement"]:
                row["enseigne1Etablissement"] = name
            add("sirene", actor.siret, row, actor)
        if actor.kind == "lieu" and rng.random() < coverage["basilic"]:
            row = {
                "Nom": _noisy_name(actor, rng, 0.05, 0.0, 0.02),
                "Adresse": f"{actor.street_number} {actor.street_type[0]} {actor.street_name}",
                "Code postal": actor.postal,
                "Commune": actor.commune_name,
                "Code INSEE": actor.commune,
                "Région": "",
                "Département": "",
                "Type équipement ou lieu": actor.basilic_type,
                "Label et appellation": "",
                "Latitude": "",
                "Longitude": "",
            }
            add("basilic", f"{row['Nom']}|{actor.commune}", row, actor)
        for layout, accents in (("federation", 0.5), ("mairie", 0.3)):
            if actor.kind == "lieu" or rng.random() >= coverage[layout]:
                continue
            for copy in range(2 if rng.random() < 0.05 else 1):
                row = _home_made_row(layout, actor, rng, accents, copy)
                key = row.get("Numéro adhérent") or str(len(out.rows[layout]) + 2)
                add(layout, key, row, actor)
    return out


def _home_made_row(layout: str, actor: Actor, rng: random.Random, accents: float, copy: int) -> dict[str, str]:
    name = _noisy_name(actor, rng, accents, 0.3, 0.08)
    if actor.sigle and rng.random() < 0.5:
        name = actor.sigle + (f" {actor.commune_name}" if rng.random() < 0.3 else "")
    phone = actor.phone if rng.random() < 0.7 else ""
    phone = " ".join(phone[i : i + 2] for i in range(0, 10, 2)) if phone and rng.random() < 0.5 else phone
    if layout == "federation":
        return {
            "Numéro adhérent": f"F{actor.id[1:]}-{copy}",
            "Nom de la structure": name,
            "Sigle": actor.sigle if rng.random() < 0.5 else "",
            "Ville": actor.commune_name.upper(),
            "CP": actor.postal,
            "Téléphone": phone,
            "Courriel": actor.email if rng.random() < 0.8 else "",
            "Site": actor.website,
            "Discipline": actor.discipline,
        }
    return {
        "Association": name,
        "Adresse": f"{actor.street_number}, {actor.street_type[1].lower()}. {actor.street_name}",
        "Code postal": actor.postal,
        "Commune": actor.commune_name,
        "Tél.": phone,
        "Mél": actor.email if rng.random() < 0.6 else "",
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


def generate(actors: int, seed: int = 7, departements: tuple[str, ...] | None = None) -> Listings:
    """Invent actors and render them in every layout."""
    return render(make_actors(actors, seed, departements), seed + 4)


def write(listings: Listings, directory: Path) -> dict[str, tuple[Path, Path | None]]:
    """Write each layout as a CSV (the federation's in Windows-1252, as spreadsheets export it),
    the home-made mappings and `verite.csv`; returns layout → (listing, own mapping or None)."""
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, tuple[Path, Path | None]] = {}
    for layout in LAYOUTS:
        path = directory / f"{layout}.csv"
        with path.open("w", encoding=_ENCODING[layout], newline="", errors="replace") as handle:
            writer = csv.DictWriter(handle, _COLUMNS[layout], delimiter=_DELIMITER[layout])
            writer.writeheader()
            writer.writerows(listings.rows[layout])
        written[layout] = (path, None)
    for layout, text in (("federation", FEDERATION_MAPPING), ("mairie", TOWN_HALL_MAPPING)):
        mapping = directory / f"{layout}.yaml"
        mapping.write_text(text, encoding="utf-8")
        written[layout] = (written[layout][0], mapping)
    with (directory / "verite.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "record_id", "actor_id"])
        for (source, key), actor in sorted(listings.truth.items()):
            writer.writerow([source, key, actor])
    return written


def main() -> None:
    """Command line: write synthetic listings to a folder."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--acteurs", type=int, default=3000, help="number of invented actors")
    parser.add_argument("--graine", type=int, default=7, help="random seed")
    parser.add_argument("--departements", nargs="*", help="limit to these départements (e.g. 88)")
    parser.add_argument("--sortie", type=Path, required=True, help="output folder")
    args = parser.parse_args()
    listings = generate(args.acteurs, args.graine, tuple(args.departements) if args.departements else None)
    write(listings, args.sortie)
    total = sum(len(rows) for rows in listings.rows.values())
    print(f"{len(listings.actors)} acteurs, {total} lignes dans {args.sortie}")


if __name__ == "__main__":
    main()
