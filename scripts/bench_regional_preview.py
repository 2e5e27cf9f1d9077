"""What the preview of a regional commons pays at each edit for its local commons, with and without
the memory `mkdocs serve` keeps (`maillage.federation.gather.Memory`).

Local commons of synthetic entries (`bench_regional.local_commons`: exported as their CI
publishes them, served on 127.0.0.1), a regional commons naming them; then `gather` is timed as
the preview runs it: once, after an edit of a regional projet (nothing the linkage reads), and
after an edit of a regional actor (the linkage runs again).

    .venv/bin/python scripts/bench_regional_preview.py --communs 4 --fiches 1000
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_regional
from maillage.federation.gather import Memory, gather
from maillage.model import load_commons, render_entry
from maillage.model.settings import load_settings

TOULOUSE = "31555"
STEPS = ("premier rassemblement", "édition d'un projet régional", "édition d'un acteur régional")


def user_seconds() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_utime


def edit(root: Path, step: str, number: int) -> None:
    """The edit a coordinator saves before the preview gathers again."""
    if step == STEPS[1]:
        data = {"schema_version": 1, "titre": f"Projet {number}", "statut": "en_cours", "commune": TOULOUSE,
                "echelle": "region"}
        path = root / "content" / "projets" / "projet-mesure.md"
    elif step == STEPS[2]:
        data = {"schema_version": 1, "nom": f"Acteur {number}", "forme": "organisation", "nature": "association",
                "commune": TOULOUSE, "echelle": "region"}
        path = root / "content" / "acteurs" / "acteur-mesure.md"
    else:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_entry(data, "Une modification."), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communs", type=int, default=4)
    parser.add_argument("--fiches", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sites, _ = bench_regional.local_commons(folder, args.communs, args.fiches, shared=20)
        with bench_regional.serving(sites) as servers:
            root = bench_regional.regional_commons(
                folder, [f"http://127.0.0.1:{s.server_address[1]}/donnees/" for s in servers])
            settings, number = load_settings(root), 0
            for label, memory in (("sans mémoire", None), ("avec mémoire", Memory())):
                rows = []
                for step in STEPS:
                    number += 1
                    edit(root, step, number)
                    commons = load_commons(root / "content")
                    wall, user = time.perf_counter(), user_seconds()
                    federation = gather(commons, root, settings, memory=memory)
                    rows.append(f"{step} : {time.perf_counter() - wall:.2f} s ({user_seconds() - user:.2f} s CPU "
                                f"utilisateur, {len(federation.commons.entries)} fiches)")
                print(f"{label} — " + " ; ".join(rows), flush=True)


if __name__ == "__main__":
    main()
