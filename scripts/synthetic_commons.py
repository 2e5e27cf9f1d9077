#!/usr/bin/env python3
"""Generate a synthetic, valid commons for benchmarks: N acteurs and M entries of each other type.

Values are drawn with a seeded RNG from the schemas' own enums and the Vosges communes, so every
file passes `maillage verifier` and references resolve. Shared by all benchmarks in `scripts/`.

Usage: python scripts/synthetic_commons.py DEST [--actors 10000] [--others 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from maillage.model import default_schemas, render_entry, territory
from maillage.model.identifiers import luhn_valid

WORDS = (
    "atelier", "théâtre", "musique", "danse", "chorale", "cirque", "fanfare", "lecture", "patrimoine",
    "mémoire", "vallée", "montagne", "forêt", "lac", "source", "scène", "fabrique", "collectif", "compagnie",
    "ensemble", "maison", "jeunes", "culture", "arts", "rue", "image", "photo", "cinéma", "festival",
    "marionnette", "conte", "bois", "papier", "verre", "textile", "jardin",
)


def _enum(schema_name: str, *path: str) -> list[str]:
    """The allowed values of an enum field, read from the schemas (never copied here)."""
    schemas = default_schemas()
    entry_type = next(t for t in default_schemas().types if t.schema == schema_name)
    for field_path, schema in schemas.fields(entry_type):
        if field_path == path:
            return list(schema["enum"])
    raise KeyError(path)


def _siret(rng: random.Random) -> str:
    while True:
        digits = "".join(rng.choice("0123456789") for _ in range(14))
        if luhn_valid(digits) and luhn_valid(digits[:9]):
            return digits


SYLLABLES = ("ba", "ri", "lo", "ven", "chan", "mu", "tel", "or", "sa", "qui", "pré", "dé", "ton", "gra", "fi",
             "lu", "mé", "char", "pon", "vil", "al", "er", "bou", "cor", "nas", "ti")


def _word(rng: random.Random) -> str:
    """A word of the vocabulary or, one time in three, a made-up one (a vocabulary of thousands)."""
    if rng.random() < 0.67:
        return rng.choice(WORDS)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _name(rng: random.Random, index: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(3)).capitalize() + f" {index}"


def generate(dest: Path, actors: int = 10000, others: int = 1000, seed: int = 0, departement: str = "88") -> None:
    """Write a valid synthetic commons into `dest` (a content directory), in the communes of a
    département (the Vosges unless told)."""
    rng = random.Random(seed)
    communes = territory().commune_codes(departement=departement)
    enums = {
        "nature": _enum("acteur", "nature"),
        "echelle": _enum("acteur", "echelle"),
        "discipline": _enum("acteur", "disciplines", "*"),
        "ressource": _enum("acteur", "propose", "*"),
        "role_projet": _enum("projet", "acteurs", "*", "role"),
        "statut": _enum("projet", "statut"),
        "resultat": _enum("experience", "resultat"),
        "type_rencontre": _enum("rencontre", "type"),
        "categorie": _enum("outil", "categorie"),
        "licence": _enum("outil", "licence"),
    }
    facets = {
        facet: _enum("acteur", "univers", facet)
        for facet in ("pratique", "milieu", "structure", "economie", "culture", "sphere")
    }
    actor_ids = [f"acteur-{i:05d}" for i in range(actors)]
    tool_ids = [f"outil-{i:05d}" for i in range(others)]
    project_ids = [f"projet-{i:05d}" for i in range(others)]

    def write(folder: str, entry_id: str, data: dict[str, Any], body: str) -> None:
        path = dest / folder / f"{entry_id}.md"
        path.write_text(render_entry({"schema_version": 1, **data}, body), "utf-8")

    for folder in ("acteurs", "outils", "projets", "experiences", "rencontres", "tirages"):
        (dest / folder).mkdir(parents=True, exist_ok=True)

    def body() -> str:
        """A body of its own for each entry (real entries differ: the search index grows with them)."""
        return "Présentation.\n\n" + " ".join(_word(rng) for _ in range(80)) + ".\n"
    for i, entry_id in enumerate(actor_ids):
        data: dict[str, Any] = {
            "nom": _name(rng, i),
            "forme": "organisation",
            "nature": rng.choice(enums["nature"]),
            "resume": " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + ".",
            "univers": {facet: rng.choice(values) for facet, values in facets.items() if rng.random() < 0.8},
            "disciplines": sorted(set(rng.sample(enums["discipline"], rng.randint(1, 3)))),
            "commune": rng.choice(communes),
            "echelle": rng.choice(enums["echelle"]),
            "propose": sorted(rng.sample(enums["ressource"], rng.randint(0, 3))),
            "recherche": sorted(rng.sample(enums["ressource"], rng.randint(0, 3))),
            "volontaire_tirage": rng.random() < 0.3,
            # A site of its own (a domain shared by every actor would make them all look alike).
            "site_web": f"https://{entry_id}.{departement}.example.org/",
        }
        if rng.random() < 0.3:
            data["identifiants"] = {"siret": _siret(rng)}
        write("acteurs", entry_id, data, body())

    start = date(2024, 1, 1)
    for i, entry_id in enumerate(tool_ids):
        write("outils", entry_id, {
            "titre": _name(rng, i),
            "categorie": rng.choice(enums["categorie"]),
            "objectif": "Faire se rencontrer des acteurs de mondes différents.",
            "duree_minutes": rng.choice([30, 60, 90, 180]),
            "taille_groupe": {"min": 4, "max": rng.choice([12, 20, 40])},
            "etapes": ["Accueil", "Présentations croisées", "Échanges", "Bilan"],
            "licence": rng.choice(enums["licence"]),
            "auteurs": rng.sample(actor_ids, 2),
        }, body())
    for i, entry_id in enumerate(project_ids):
        begin = start + timedelta(days=rng.randint(0, 700))
        write("projets", entry_id, {
            "titre": _name(rng, i),
            "statut": rng.choice(enums["statut"]),
            "date_debut": begin.isoformat(),
            "date_fin": (begin + timedelta(days=rng.randint(30, 400))).isoformat(),
            "commune": rng.choice(communes),
            "echelle": rng.choice(enums["echelle"]),
            "acteurs": [
                {"acteur": actor, "role": rng.choice(enums["role_projet"])} for actor in rng.sample(actor_ids, 3)
            ],
            "besoins": sorted(rng.sample(enums["ressource"], 2)),
            "outils": rng.sample(tool_ids, 2),
        }, body())
    for i in range(others):
        write("experiences", f"experience-{i:05d}", {
            "titre": _name(rng, i),
            "resultat": rng.choice(enums["resultat"]),
            "date": (start + timedelta(days=rng.randint(0, 900))).isoformat(),
            "commune": rng.choice(communes),
            "echelle": rng.choice(enums["echelle"]),
            "deroulement": "Ce qui s'est passé : " + " ".join(rng.choice(WORDS) for _ in range(40)) + ".",
            "ce_qui_a_marche": "Les présentations croisées.",
            "ce_qui_n_a_pas_marche": "Le calendrier trop serré.",
            "projet": rng.choice(project_ids),
            "acteurs": rng.sample(actor_ids, 3),
            "outils": rng.sample(tool_ids, 1),
        }, body())
        day = start + timedelta(days=rng.randint(0, 1100))
        write("rencontres", f"rencontre-{i:05d}", {
            "titre": _name(rng, i),
            "type": rng.choice(enums["type_rencontre"]),
            "debut": f"{day.isoformat()}T09:00:00+01:00",
            "fin": f"{day.isoformat()}T17:00:00+01:00",
            "fuseau": "Europe/Paris",
            "lieu": {"nom": "Salle des fêtes", "commune": rng.choice(communes)},
            "echelle": rng.choice(enums["echelle"]),
            "hote": rng.choice(actor_ids),
            "participants": rng.sample(actor_ids, 4),
        }, body())
        write("tirages", f"tirage-{i:05d}", {
            "titre": _name(rng, i),
            "statut": "brouillon",
            "commune": rng.choice(communes),
            "echelle": "departement",
            "vivier": {"criteres": {"territoire": "departement"}},
            "groupes": {"nombre": 2, "taille": 5},
            "quotas": [{"categorie": {"champ": "pratique", "valeur": "amateur"}, "min_par_groupe": 1}],
            "periode": {"debut": "2027-01-01", "fin": "2027-06-30"},
            "delai_reflexion_jours": 15,
            "alea": {"des": {"nombre": 10, "date": "2027-01-10T18:00:00+01:00"}},
        }, body())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--actors", type=int, default=10000)
    parser.add_argument("--others", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate(args.dest, args.actors, args.others, args.seed)


if __name__ == "__main__":
    main()
