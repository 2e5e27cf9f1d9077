"""The files each draw publishes beside its page, so that anyone can check it alone.

`tirages/<id>/tirage.json`: the entry's whole data (front matter and data file) and the public
part of the authorities it relies on (the time-stamping authority's certificates, the drand
network's chain info); `tirages/<id>/verifier_tirage.py`: the standalone verification script
(one file, Python's standard library only, no Maillage), the same for every draw.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from maillage.draw.authorities import Authorities, load_authorities
from maillage.draw.errors import DrawError
from maillage.model import Commons, Entry

DRAW_SECTION = "tirage"  # the `x-section` of the schemas whose entries are draws
SCRIPT = Path(__file__).parent / "standalone" / "verifier_tirage.py"
DATA_NAME = "tirage.json"
SCRIPT_NAME = "verifier_tirage.py"


@cache
def commons_authorities(content: Path) -> Authorities:
    """The authorities of the commons whose content folder is `content` (read once per build)."""
    try:
        return load_authorities(content.resolve().parent)
    except DrawError:
        return load_authorities(None)


def published_data(entry: Entry, authorities: Authorities) -> dict[str, Any]:
    """What `tirage.json` holds: the entry and the public keys and certificates it relies on."""
    data = entry.data
    used: dict[str, Any] = {"horodatage": {}, "drand": {}}
    for token in (data.get("horodatages") or {}).values():
        for item in token if isinstance(token, list) else [token]:
            name = item.get("autorite") if isinstance(item, dict) else None
            if name in authorities.timestamping:
                used["horodatage"][name] = authorities.timestamping[name].pem()
    chain = ((data.get("alea") or {}).get("drand") or {}).get("chaine")
    if chain in authorities.networks:
        network = authorities.networks[chain]
        used["drand"][chain] = network.info() | {"relais": list(authorities.relays_for(chain))}
    return {"fiche": data, "autorites": used, "verifier": f"python3 {SCRIPT_NAME} {DATA_NAME}"}


def verification_files(entry: Entry, commons: Commons) -> dict[str, bytes]:
    """The files to write under the page of a draw (none for another entry, or a draft)."""
    if entry.type.section != DRAW_SECTION or entry.data.get("statut") in (None, "brouillon"):
        return {}
    payload = published_data(entry, commons_authorities(commons.root))
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    return {DATA_NAME: text.encode("utf-8"), SCRIPT_NAME: SCRIPT.read_bytes()}
