"""The six entry types: their folders, schemas and display names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EntryType:
    """One kind of entry, stored as Markdown files in `content/<folder>/`."""

    folder: str
    schema: str
    title_field: str
    singular: str
    plural: str


ENTRY_TYPES: tuple[EntryType, ...] = (
    EntryType("acteurs", "acteur", "nom", "acteur", "acteurs"),
    EntryType("outils", "outil", "titre", "outil", "outils"),
    EntryType("projets", "projet", "titre", "projet", "projets"),
    EntryType("experiences", "experience", "titre", "retour d'expérience", "retours d'expérience"),
    EntryType("rencontres", "rencontre", "titre", "rencontre", "rencontres"),
    EntryType("tirages", "tirage", "titre", "tirage au sort", "tirages au sort"),
)

BY_FOLDER: dict[str, EntryType] = {t.folder: t for t in ENTRY_TYPES}
