#!/usr/bin/env python3
"""Benchmark the census on synthetic French listings (see `synthetic_listings.py`), beside splink.

Quality (default): invented actors over the communes of a territory (default: the Grand Est
région, its ten départements), rendered in the RNA, SIRENE, Basilic, federation and town-hall
layouts with the noise real listings have, run through the real steps (import → normalise →
link), then a perfect reviewer (the ground truth) answers the review queue round after round,
each answer taking effect at once, until nothing is asked. Pairwise precision, recall and F1
on the final clusters, as Christen recommends:

    python scripts/bench_census_synthetic.py --acteurs 3000 --splink

`--splink` also runs splink (the installed version) set up as a competent user would, on the
same normalised records, with the same bands and the same simulated reviewer.

Seeds: the model was tuned on seed 7 (`--graine 7`); the default, 2027, is the held-out seed,
never tuned on. `--difficulte 1.5` scales every noise rate.

Speed: `--volume 100000` generates about that many records over the whole of France and times
normalise and link (wall clock and user CPU). `--deux-fois` links twice and checks the files are
byte-identical. `--import-memoire 1000000` writes a SIRENE-shaped file of that many rows and
imports it through the command line in a child process, reporting its peak memory.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic_listings
from maillage.census.importer import import_listing
from maillage.census.link import APART, SAME, pair
from maillage.census.mapping import load_mapping, resolve_mapping
from maillage.census.records import normalise_workdir, read_records
from maillage.census.run import recluster, record_decisions, run_link
from maillage.census.workdir import Workdir
from maillage.model import territory
from maillage.model.territory import Scope

HELD_OUT_SEED = 2027
GRAND_EST = ("08", "10", "51", "52", "54", "55", "57", "67", "68", "88")
SHIPPED = {"rna": "rna-waldec", "sirene": "sirene", "basilic": "basilic"}
RECORDS_PER_ACTOR = 1.58
MAX_ROUNDS = 10
LEGAL_WORDS = frozenset({"association", "asso", "assoc", "ass", "sarl", "sas", "sasu", "eurl", "sa", "scop"})


@contextmanager
def timed(label: str, out: dict[str, float]):  # type: ignore[no-untyped-def]
    """Wall clock and user CPU (this process and its threads) of a block."""
    start, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_utime
    yield
    out[f"{label}_s"] = time.perf_counter() - start
    out[f"{label}_cpu"] = resource.getrusage(resource.RUSAGE_SELF).ru_utime - cpu


def pairs_of(assignment: dict[str, str]) -> set[tuple[str, str]]:
    """Every pair of records put in one cluster."""
    groups: dict[str, list[str]] = defaultdict(list)
    for uid, group in assignment.items():
        groups[group].append(uid)
    return {p for members in groups.values() for p in itertools.combinations(sorted(members), 2)}


def scores(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of clusters against the truth."""
    found, true = pairs_of(predicted), pairs_of(truth)
    hits = len(found & true)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(true) if true else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if hits else 0.0


def prepare(
    actors: int, folder: Path, seed: int, difficulty: float, departements: tuple[str, ...] | None
) -> tuple[Workdir, dict[str, str], dict[str, float]]:
    """Generate, write, import and normalise the listings; the workdir, the truth by uid, timings."""
    listings = synthetic_listings.generate(actors, seed, departements, difficulty)
    written = synthetic_listings.write(listings, folder / "listes")
    workdir = Workdir(folder / "recensement")
    timings: dict[str, float] = {}
    with timed("import", timings):
        for layout, (path, own_mapping) in written.items():
            mapping_path = own_mapping or resolve_mapping(SHIPPED[layout])
            import_listing(path, load_mapping(mapping_path), mapping_path, workdir, date(2026, 11, 25))
    with timed("normalise", timings):
        normalise_workdir(workdir, scope=territory_of(departements))
    with (folder / "listes" / "verite.csv").open(encoding="utf-8") as handle:
        by_line = {(row["fichier"], row["ligne"]): row["actor_id"] for row in csv.DictReader(handle)}
    truth = {r["uid"]: by_line[(r["fichier"], r["ligne"])] for r in read_records(workdir)}
    return workdir, truth, timings


def territory_of(departements: tuple[str, ...] | None) -> Scope | None:
    """The commons' territory the listings are normalised for (None: the whole of France)."""
    if departements is None:
        return None
    return Scope(tuple(territory().place("departement", code) for code in departements))


def census_quality(workdir: Workdir, truth: dict[str, str]) -> dict[str, Any]:
    """The census through its real steps, then the perfect reviewer."""
    figures: dict[str, Any] = {}
    with timed("link", figures):
        run_link(workdir)
    _, clustering = recluster(workdir, None)
    figures["auto"] = scores(clustering.clusters, truth)
    questions = 0
    for _ in range(MAX_ROUNDS):
        if not clustering.review:
            break
        answers = {
            pair(link.uid_l, link.uid_r): SAME if truth[link.uid_l] == truth[link.uid_r] else APART
            for link in clustering.review
        }
        questions += len(answers)
        record_decisions(workdir, answers, None)
        _, clustering = recluster(workdir, None)
    figures["final"] = scores(clustering.clusters, truth)
    figures["questions"] = questions
    return figures


def splink_quality(records: list[dict[str, str]], truth: dict[str, str], auto: float, review: float) -> dict[str, Any]:
    """splink as a competent user sets it up, with the same bands and the same reviewer."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    from maillage.census.normalise import ascii_fold

    def column(record: dict[str, str], name: str) -> str | None:
        return record.get(name) or None

    def cleaned(name: str) -> str | None:
        # What a competent user does to names: lower case, no accents or punctuation, no legal form.
        words = [w for w in ascii_fold(name).split() if w not in LEGAL_WORDS]
        return " ".join(words) or None

    rows = [
        {
            "unique_id": r["uid"],
            "nom": cleaned(r["nom"]),
            "commune": column(r, "commune"),
            "code_postal": column(r, "code_postal"),
            "adresse": column(r, "adresse_norm"),
            "telephone": column(r, "tel_cle"),
            "courriel": column(r, "courriel"),
            "domaine": column(r, "domaine"),
            "siren": column(r, "siren"),
            "rna": column(r, "rna"),
        }
        for r in records
    ]
    frame = pd.DataFrame(rows, dtype="string")
    frame = frame.astype(object).where(frame.notna(), None)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("nom", [0.95, 0.88, 0.7]).configure(term_frequency_adjustments=True),
            cl.ExactMatch("commune").configure(term_frequency_adjustments=True),
            cl.ExactMatch("code_postal"),
            cl.JaroWinklerAtThresholds("adresse", [0.9, 0.7]),
            cl.ExactMatch("telephone").configure(term_frequency_adjustments=True),
            cl.EmailComparison("courriel"),
            cl.ExactMatch("domaine"),
            cl.ExactMatch("siren"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nom"),
            block_on("commune", "substr(nom, 1, 4)"),
            block_on("code_postal", "substr(nom, 1, 4)"),
            block_on("telephone"),
            block_on("courriel"),
            block_on("domaine"),
            block_on("siren"),
        ],
    )
    figures: dict[str, Any] = {}
    with timed("link", figures):
        db = DuckDBAPI()
        linker = Linker(db.register(frame), settings)
        linker.training.estimate_probability_two_random_records_match(
            [block_on("siren"), block_on("nom", "commune")], recall=0.7
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("nom"))
        # Names are trained where they vary: same address, or same phone (not same commune,
        # where EM settles on "same place" as its match class).
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("commune", "adresse"))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("telephone"))
        predictions = linker.inference.predict(threshold_match_probability=review).as_pandas_dataframe()
    scored = sorted(
        ((round(float(p), 6), *pair(a, b)) for a, b, p in zip(
            predictions.unique_id_l, predictions.unique_id_r, predictions.match_probability, strict=True)),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    decisions: dict[tuple[str, str], str] = {}

    def components() -> dict[str, str]:
        parent = {uid: uid for uid in truth}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        edges = [(a, b) for p, a, b in scored if p >= auto and decisions.get((a, b)) != APART]
        edges += [key for key, decision in decisions.items() if decision == SAME]
        for a, b in edges:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        return {uid: find(uid) for uid in parent}

    clusters = components()
    figures["auto"] = scores(clusters, truth)
    questions = 0
    for _ in range(MAX_ROUNDS):
        queue: dict[tuple[str, str], tuple[str, str]] = {}
        for p, a, b in scored:
            if auto > p and (a, b) not in decisions and clusters[a] != clusters[b]:
                queue.setdefault(pair(clusters[a], clusters[b]), (a, b))
        if not queue:
            break
        questions += len(queue)
        for a, b in queue.values():
            decisions[(a, b)] = SAME if truth[a] == truth[b] else APART
        clusters = components()
    figures["final"] = scores(clusters, truth)
    figures["questions"] = questions
    return figures


def _line(name: str, figures: dict[str, Any], records: int) -> str:
    ap, ar, af = figures["auto"]
    fp, fr, ff = figures["final"]
    share = figures["questions"] / records
    return (
        f"| {name} | {ap:.4f} | {ar:.4f} | {af:.4f} | {figures['questions']} ({share:.1%}) | "
        f"{fp:.4f} | {fr:.4f} | {ff:.4f} | {figures['link_s']:.1f} s ({figures['link_cpu']:.1f} s CPU) |"
    )


def quality(args: argparse.Namespace) -> None:
    """Quality figures of the census (and splink), as a Markdown table."""
    departements = None if args.departements == ["france"] else tuple(args.departements)
    with tempfile.TemporaryDirectory() as folder:
        workdir, truth, timings = prepare(args.acteurs, Path(folder), args.graine, args.difficulte, departements)
        records = read_records(workdir)
        actors = len(set(truth.values()))
        print(
            f"{len(records)} enregistrements, {actors} acteurs réels (graine {args.graine}, difficulté "
            f"{args.difficulte}, {'France' if departements is None else ' '.join(departements)}) ; "
            f"import {timings['import_s']:.1f} s, normalisation {timings['normalise_s']:.1f} s"
        )
        print(
            "\n| | précision auto | rappel auto | F1 auto | questions (% des enregistrements) | "
            "précision finale | rappel final | F1 final | liaison |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        print(_line("recensement Maillage", census_quality(workdir, truth), len(records)))
        if args.splink:
            figures = splink_quality(records, truth, 0.99, 0.5)
            print(_line("splink (réglage d'un utilisateur compétent)", figures, len(records)))


def volume(args: argparse.Namespace) -> None:
    """Time normalise and link on about `--volume` records over the whole of France."""
    with tempfile.TemporaryDirectory() as folder:
        workdir, _, timings = prepare(int(args.volume / RECORDS_PER_ACTOR), Path(folder), args.graine, 1.0, None)
        records = len(read_records(workdir))
        runs = 2 if args.deux_fois else 1
        digests = []
        for run in range(runs):
            figures: dict[str, float] = {}
            with timed("link", figures):
                summary = run_link(workdir, retrain=True)
            digests.append(_digest(workdir))
            print(
                f"passage {run + 1} : {records} enregistrements, import {timings['import_s']:.1f} s, normalisation "
                f"{timings['normalise_s']:.1f} s, liaison {figures['link_s']:.1f} s ({figures['link_cpu']:.1f} s CPU "
                f"utilisateur) ; pic mémoire du processus {_peak_mb():.0f} Mo\n  {summary}"
            )
        if runs == 2:
            same = digests[0] == digests[1]
            print("deux passages identiques octet pour octet" if same else "DIFFÉRENCE entre les deux passages")


def _digest(workdir: Workdir) -> str:
    digest = hashlib.sha256()
    for path in (workdir.links, workdir.clusters, workdir.review):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_memory(rows: int, seed: int) -> None:
    """Import a SIRENE-shaped file of `rows` rows through the command line; peak memory of the child."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "StockEtablissement_extrait.csv"
        write_sirene(path, rows, rng)
        size = path.stat().st_size / 1e6
        command = [str(Path(sys.executable).parent / "maillage"), "recensement", "importer", str(path), "-c", "sirene",
                   "--dossier", str(Path(folder) / "recensement")]
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(result.stdout.strip() or result.stderr.strip()[-500:])
        print(
            f"{rows} lignes ({size:.0f} Mo) importées en {elapsed:.1f} s ({usage.ru_utime:.1f} s CPU utilisateur) ; "
            f"pic mémoire {usage.ru_maxrss / 1024:.0f} Mo"
        )


def write_sirene(path: Path, rows: int, rng: random.Random) -> None:
    """A StockEtablissement-shaped CSV of cultural establishments, written row by row."""
    columns = synthetic_listings.SIRENE_COLUMNS
    codes = [("88160", "88000", "EPINAL"), ("08105", "08000", "CHARLEVILLE-MEZIERES"), ("57757", "57970", "YUTZ")]
    naf = ["90.01Z", "90.02Z", "59.14Z", "94.99Z", "91.01Z"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for index in range(rows):
            siren = synthetic_listings._luhn_complete(f"{10_000_000 + index:08d}")
            siret = synthetic_listings._luhn_complete(f"{siren}0001")
            commune, postal, label = rng.choice(codes)
            values = dict.fromkeys(columns, "")
            values.update(
                siren=siren, nic=siret[9:], siret=siret, numeroVoieEtablissement=str(rng.randint(1, 200)),
                typeVoieEtablissement="RUE", libelleVoieEtablissement="DE LA REPUBLIQUE",
                codePostalEtablissement=postal, libelleCommuneEtablissement=label, codeCommuneEtablissement=commune,
                etatAdministratifEtablissement="A", denominationUsuelleEtablissement=f"COMPAGNIE NUMERO {index}",
                activitePrincipaleEtablissement=rng.choice(naf), nomenclatureActivitePrincipaleEtablissement="NAFRev2",
            )
            writer.writerow(values.values())


def two_commons(folder: Path, actors: int, planted: int, seed: int) -> tuple[list[str], dict[tuple[str, str], str]]:
    """Two local commons of the same towns (the Ardennes), sharing only `planted` actors: the
    first publishes them with their RNA number, the second in its own words without it.
    Returns the two `donnees/` folders and the truth: (folder, entry id) → actor id."""
    from maillage import exports
    from maillage.model import load_commons, render_entry

    pool = synthetic_listings.make_actors(2 * actors + planted, seed, ("08",))
    noise = synthetic_listings.Noise(seed + 1, 1.0)
    halves = {
        "premier": [(a, synthetic_listings.actor_entry(a)) for a in pool[:actors] + pool[2 * actors :]],
        "second": [(a, synthetic_listings.actor_entry(a, noise, identifiers=False)) for a in pool[actors:]],
    }
    locations, truth = [], {}
    for name, entries in halves.items():
        content = folder / name / "content"
        for actor, data in entries:
            path = content / "acteurs" / f"{actor.id}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_entry(data, ""), "utf-8")
        site = folder / name / "site"
        exports.write_all(load_commons(content), site, f"https://{name}.example.org/", site_name=f"Commun {name}")
        locations.append(str(site / "donnees"))
        truth.update({(str(site / "donnees"), actor.id): actor.id for actor, _ in entries})
    return locations, truth


def regional_quality(actors: int, planted: int, seed: int) -> None:
    """The regional merge on two commons sharing `planted` actors: distinct actors merged, planted found."""
    from maillage.federation import gather
    from maillage.model import load_commons
    from maillage.model.settings import settings_from_options

    with tempfile.TemporaryDirectory() as folder:
        locations, _ = two_commons(Path(folder), actors, planted, seed)
        root = Path(folder) / "region"
        (root / "content").mkdir(parents=True)
        settings = settings_from_options({"communs_locaux": locations})
        start = time.perf_counter()
        region = gather(load_commons(root / "content"), root, settings)
        elapsed = time.perf_counter() - start
        ids = [{o.id for o in g.kept.origins} for g in region.groups]
        wrong = sum(1 for found in ids if len(found) > 1)
        print(
            f"deux communs de {actors + planted} acteurs (Ardennes), {planted} en commun : {len(ids) - wrong} "
            f"retrouvés, {wrong} fusions d'acteurs distincts ({elapsed:.1f} s)"
        )


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--acteurs", type=int, default=3000)
    parser.add_argument("--graine", type=int, default=HELD_OUT_SEED, help="7 to tune; the default is held out")
    parser.add_argument("--difficulte", type=float, default=1.0)
    parser.add_argument("--departements", nargs="*", default=list(GRAND_EST), help="or: france")
    parser.add_argument("--splink", action="store_true", help="also run splink as a competent user would")
    parser.add_argument("--volume", type=int, help="time linkage of about this many records instead")
    parser.add_argument("--deux-fois", action="store_true", help="with --volume: link twice, compare the files")
    parser.add_argument("--import-memoire", type=int, help="peak memory of importing this many SIRENE rows")
    parser.add_argument("--regional", type=int, help="regional merge of two commons of this many actors each")
    args = parser.parse_args()
    if args.regional:
        regional_quality(args.regional, max(args.regional // 10, 1), args.graine)
    elif args.import_memoire:
        import_memory(args.import_memoire, args.graine)
    elif args.volume:
        volume(args)
    else:
        quality(args)


if __name__ == "__main__":
    main()
