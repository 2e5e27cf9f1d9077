"""A small commons on disk, written with the model's entry writer (shared by the export tests).

It holds one entry or more of every type, a person without consent (`marie-cachee`) who is
cited by every other type, a person who consented to publication but not to showing her
contact (`paul-public`), one who consented to both (`lea-contact`), an actor in a commune
without coordinates, and contributed text aimed at spreadsheets and at HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from maillage.model import Commons, entry_path, render_entry, write_atomic

SITE = "https://maillage.example.org/vosges/"
HIDDEN_ID = "marie-cachee"
HIDDEN_NAME = "Marie Cachée-Secrète"
HIDDEN_EMAIL = "marie.cachee@example.org"
PAUL_EMAIL = "paul.public@example.org"
LEA_EMAIL = "lea.contact@example.org"
XSS_NAME = "Collectif </script><script>alert(1)</script> & <!-- amis"
FORMULA = '=HYPERLINK("http://evil.example","cliquez")'

V = {"schema_version": 1}

ENTRIES: dict[str, dict[str, dict[str, Any]]] = {
    "acteurs": {
        "compagnie-du-pre": {
            **V,
            "nom": "Compagnie du Pré",
            "forme": "organisation",
            "nature": "association",
            "resume": "Théâtre itinérant dans les villages.",
            "univers": {"pratique": "professionnel", "milieu": "rural"},
            "disciplines": ["theatre", "danse"],
            "commune": "88160",
            "echelle": "intercommunalite",
            "volontaire_tirage": True,
            "site_web": "https://compagnie-du-pre.example.org",
            "contact": {"courriel": "bonjour@compagnie-du-pre.example.org", "telephone": "03 29 00 00 00"},
            "provenance": {"nom": {"source": "recensement-secret.csv", "ligne": 4, "date": "2026-01-10"}},
        },
        HIDDEN_ID: {
            **V,
            "nom": HIDDEN_NAME,
            "forme": "personne",
            "nature": "artiste",
            "resume": "Plasticienne qui ne veut pas être publiée.",
            "commune": "88160",
            "echelle": "commune",
            "volontaire_tirage": True,
            "contact": {"courriel": HIDDEN_EMAIL},
        },
        "paul-public": {
            **V,
            "nom": "Paul Public",
            "forme": "personne",
            "nature": "artiste",
            "commune": "88196",
            "echelle": "commune",
            "contact": {"courriel": PAUL_EMAIL, "telephone": "06 00 00 00 01"},
            "consentement": {"publication": True, "contact": False, "date": "2026-02-01", "recueilli_par": "Zoé"},
        },
        "lea-contact": {
            **V,
            "nom": "Léa Contact",
            "forme": "personne",
            "nature": "elu",
            "commune": "88160",
            "echelle": "commune",
            "contact": {"courriel": LEA_EMAIL},
            "consentement": {"publication": True, "contact": True, "date": "2026-02-02"},
        },
        "fanfare-formule": {
            **V,
            "nom": "-Fanfare+",
            "forme": "organisation",
            "nature": "association",
            "resume": FORMULA,
            "commune": "88160",
            "echelle": "commune",
            "contact": {"adresse": "@rue des Tambours"},
        },
        "collectif-balise": {
            **V,
            "nom": XSS_NAME,
            "forme": "organisation",
            "nature": "collectif_habitants",
            "commune": "88160",
            "echelle": "commune",
        },
        "association-de-papeete": {
            **V,
            "nom": "Association de Papeete",
            "forme": "organisation",
            "nature": "association",
            "commune": "98735",
            "echelle": "region",
        },
    },
    "outils": {
        "porteur-de-parole": {
            **V,
            "titre": "Porteur de parole",
            "categorie": "methode_animation",
            "objectif": "Recueillir la parole des passants.",
            "licence": "CC-BY-SA-4.0",
            "duree_minutes": 90,
            "auteurs": ["compagnie-du-pre", HIDDEN_ID],
        },
    },
    "projets": {
        "festival-des-granges": {
            **V,
            "titre": "Festival des granges",
            "resume": "Des spectacles dans les granges.",
            "statut": "en_cours",
            "commune": "88160",
            "echelle": "intercommunalite",
            "acteurs": [
                {"acteur": "compagnie-du-pre", "role": "porteur"},
                {"acteur": HIDDEN_ID, "role": "partenaire"},
                {"acteur": "paul-public", "role": "participant"},
            ],
            "outils": ["porteur-de-parole"],
        },
    },
    "experiences": {
        "soiree-ratee": {
            **V,
            "titre": "Une soirée ratée",
            "resultat": "echec",
            "date": "2026-01-20",
            "commune": "88160",
            "deroulement": "Personne n'est venu.",
            "projet": "festival-des-granges",
            "acteurs": [HIDDEN_ID, "compagnie-du-pre"],
        },
    },
    "rencontres": {
        "immersion-epinal": {
            **V,
            "titre": "Journée d'immersion, « atelier ; test »",
            "resume": "Une journée chez un hôte.",
            "type": "immersion",
            "debut": "2026-03-14T09:00:00+01:00",
            "fin": "2026-03-14T17:00:00+01:00",
            "lieu": {"nom": "Salle des fêtes", "adresse": "1, rue de la Gare", "commune": "88160"},
            "echelle": "commune",
            "hote": HIDDEN_ID,
            "participants": [HIDDEN_ID, "paul-public"],
            "lance_par": ["compagnie-du-pre"],
            "places": 20,
            "inscription": "https://inscription.example.org/immersion",
        },
        "atelier-ete": {
            **V,
            "titre": "Atelier d'été",
            "type": "atelier",
            "debut": "2026-07-02T12:00:00Z",
            "fin": "2026-07-02T15:00:00Z",
            "lieu": {"commune": "88196"},
            "echelle": "commune",
            "hote": "compagnie-du-pre",
        },
    },
    "tirages": {
        "tirage-printemps": {
            **V,
            "titre": "Tirage de printemps",
            "statut": "tire",
            "commune": "88160",
            "echelle": "departement",
            "organise_par": ["compagnie-du-pre"],
            "vivier": {"liste": ["compagnie-du-pre", HIDDEN_ID, "paul-public"]},
            "groupes": {"nombre": 1, "taille": 2},
            "periode": {"debut": "2026-04-01", "fin": "2026-06-30"},
            "delai_reflexion_jours": 7,
            "alea": {"des": {"nombre": 3, "date": "2026-03-20T18:00:00+01:00"}},
            "resultat": {
                "groupes": [{"numero": 1, "membres": ["compagnie-du-pre", HIDDEN_ID]}],
                "reserve": [HIDDEN_ID, "paul-public"],
                "remplacements": [
                    {"groupe": 1, "sortant": HIDDEN_ID, "entrant": "paul-public", "motif": "desistement",
                     "date": "2026-03-23T10:00:00+01:00"},
                    {"groupe": 1, "sortant": "paul-public", "entrant": HIDDEN_ID, "motif": "silence",
                     "date": "2026-03-24T10:00:00+01:00"},
                ],
            },
            "reponses": [{"acteur": HIDDEN_ID, "reponse": "confirme", "date": "2026-03-22T10:00:00+01:00"}],
            "journal": [
                {"date": "2026-03-20T18:05:00+01:00", "evenement": "tirage", "precedent": "0" * 64,
                 "empreinte": "1" * 64, "details": {"membres": [HIDDEN_ID, "paul-public"], HIDDEN_ID: "tiré"}},
            ],
        },
    },
}

BODIES = {
    "compagnie-du-pre": "Une compagnie **itinérante**.",
    HIDDEN_ID: f"Je suis {HIDDEN_NAME}.",
}

# Last-commit times handed over by the site build (the feed and DTSTAMP use them).
UPDATED = {
    "compagnie-du-pre": datetime(2026, 3, 1, 10, 0, tzinfo=UTC),
    "soiree-ratee": datetime(2026, 3, 5, 8, 30, tzinfo=UTC),
    "immersion-epinal": datetime(2026, 2, 1, 12, 0, tzinfo=UTC),
}
CREATED = {"soiree-ratee": datetime(2026, 1, 21, 9, 0, tzinfo=UTC)}


@dataclass
class Exported:
    """A commons on disk and what `write_all` wrote for it."""

    content: Path
    out: Path
    commons: Commons
    paths: list[Path]

    def file(self, name: str) -> Path:
        """An output file by name (`acteurs.csv`, `flux.atom`)."""
        found = [p for p in self.paths if p.name == name]
        assert len(found) == 1, name
        return found[0]


def write_content(root: Path) -> Path:
    """Write every fixture entry under `root/content` and return the content directory."""
    content = root / "content"
    for folder, entries in ENTRIES.items():
        for entry_id, data in entries.items():
            write_atomic(entry_path(content, folder, entry_id), render_entry(data, BODIES.get(entry_id, "")))
    return content
