"""What a regional build read, for the command line: text for a person, JSON for a program."""

from __future__ import annotations

from typing import Any

from maillage.federation import texts
from maillage.federation.fetch import SUPPORTED_VERSIONS
from maillage.federation.gather import Federation, LocalSource
from maillage.model.dates import french_datetime


def _state(source: LocalSource) -> str:
    if source.fresh:
        return texts.STATE_FRESH
    return texts.STATE_COPY if source.shown else texts.STATE_ABSENT


def report_text(federation: Federation) -> str:
    """One paragraph per local commons, then the entries shown once for several commons."""
    types = federation.commons.schemas.types
    lines = [texts.REPORT_VERSIONS.format(versions=", ".join(map(str, SUPPORTED_VERSIONS)))]
    for source in federation.sources:
        counts = ", ".join(f"{n} {t.plural if n > 1 else t.singular}" for t in types
                           if (n := source.counts.get(t.folder, 0)))
        when = texts.REPORT_READ_AT.format(date=french_datetime(source.read_at)) if source.read_at else ""
        lines.append(texts.REPORT_SOURCE.format(
            name=source.label, key=source.key, version=source.version or "?", state=_state(source), when=when,
            counts=counts or texts.REPORT_NOTHING))
    lines.append(texts.REPORT_GROUPS.format(count=len(federation.groups)))
    for group in federation.groups:
        origins = ", ".join(o.commons for o in group.kept.origins) + ("" if group.kept.remote else texts.HERE)
        lines.append(f"  {group.kept.title} ({group.kept.type.singular}) — {origins} ({group.reason})")
    return "\n".join(lines)


def report_json(federation: Federation) -> dict[str, Any]:
    """The same, as data (French keys, like the exports)."""
    return {
        "formats_lus": list(SUPPORTED_VERSIONS),
        "communs": [
            {"cle": s.key, "nom": s.name, "adresse": s.location, "site": s.site, "territoire": s.territory,
             "format": s.version, "etat": _state(s), "lu_le": s.read_at.isoformat() if s.read_at else None,
             "probleme": s.problem, "fiches": s.counts, "empreintes": s.digests}
            for s in federation.sources
        ],
        "doublons": [
            {"id": g.kept.id, "type": g.kept.type.folder, "titre": g.kept.title, "motif": g.reason,
             "ici": not g.kept.remote, "origines": [{"commun": o.commons, "url": o.url} for o in g.kept.origins]}
            for g in federation.groups
        ],
        "avertissements": federation.warnings,
    }
