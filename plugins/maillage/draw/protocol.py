"""The draw's protocol on an entry's data: prepare, run, answer, replace — and verify.

Every command first replays the entry (`verify` without the commons): an entry edited by
hand after its commitments or its run is refused before anything is written.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any

from maillage import __version__
from maillage.draw import journal
from maillage.draw import messages as msg
from maillage.draw.canonical import fingerprint, software_fingerprint
from maillage.draw.distribution import SCALE, Distribution, check_panel
from maillage.draw.errors import DrawError
from maillage.draw.fairness import PanelSpace, fair_distribution
from maillage.draw.history import first_published
from maillage.draw.pool import Pool, build_pool
from maillage.draw.randomness import (
    check_dice,
    check_drand_value,
    check_sources_before,
    drand_chain,
    format_datetime,
    parse_datetime,
    seed,
)
from maillage.draw.rules import Rules, read_rules, rules_commitment
from maillage.draw.selection import select
from maillage.draw.state import DrawState
from maillage.model import Commons, Entry

PREPARED, DRAWN, CLOSED = "prepare", "tire", "clos"


def probability_text(value: Fraction) -> str:
    """A probability as it is written and shown: six decimals, rounded half up."""
    micro = (value * 10**6 + Fraction(1, 2)).__floor__()
    return f"{micro // 10**6}.{micro % 10**6:06d}"


def _counts(pool: Pool, rules: Rules) -> dict[str, int]:
    return {c.key: pool.count(c) for c in rules.categories}


def compute_distribution(pool: Pool, rules: Rules) -> tuple[Distribution, float]:
    """The fair distribution of a pool under rules, or a French refusal saying why none exists."""
    if rules.seats > len(pool.volunteers):
        raise DrawError(
            msg.POOL_TOO_SMALL.format(
                pool=len(pool.volunteers), groups=rules.groups, size=rules.size, seats=rules.seats
            ),
            "groupes",
        )
    space = PanelSpace(rules, pool.types, pool.type_sizes())
    result = fair_distribution(space, len(pool.volunteers), _counts(pool, rules))
    return result.distribution, result.maximin


def prepare(entry: Entry, commons: Commons, when: datetime) -> tuple[dict[str, Any], Pool]:
    """Freeze pool, rules and distribution and write their commitments, before any randomness."""
    data = copy.deepcopy(entry.data)
    if data.get("statut") not in (None, "brouillon"):
        raise DrawError(msg.ALREADY_PREPARED.format(status=data.get("statut")), "statut")
    alea = data.get("alea") or {}
    if (alea.get("drand") or {}).get("valeur") or (alea.get("des") or {}).get("resultat"):
        raise DrawError(msg.RANDOMNESS_ALREADY_KNOWN, "alea")
    check_sources_before(alea, when)
    rules = read_rules(data)
    pool = build_pool(entry, commons, rules)
    distribution, maximin = compute_distribution(pool, rules)
    frozen = pool.frozen()
    for item, probability in zip(frozen["types"], distribution.probabilities(), strict=True):
        item["probabilite"] = probability_text(probability)
    panels = distribution.to_data()
    commitments = {
        "date": format_datetime(when),
        "version": __version__,
        "vivier": fingerprint(pool.commitment()),
        "regles": fingerprint(rules_commitment(data)),
        "distribution": fingerprint(panels),
        "logiciel": software_fingerprint(),
        "maximin": probability_text(Fraction(maximin).limit_denominator(10**9)),
        **frozen,
        "tirages_possibles": panels,
    }
    data["engagements"] = commitments
    data["statut"] = PREPARED
    data["journal"] = []
    details = {k: commitments[k] for k in ("vivier", "regles", "distribution", "logiciel", "version")}
    details["regles_detail"] = rules_commitment(data)
    journal.append(data["journal"], commitments["date"], "preparation", details)
    return data, pool


def run(entry: Entry, drand_value: str | None, dice: str | None, when: datetime) -> dict[str, Any]:
    """Record the public random values, derive the seed, draw the groups and the reserve."""
    data = copy.deepcopy(entry.data)
    if data.get("statut") != PREPARED:
        raise DrawError(msg.NOT_PREPARED.format(status=data.get("statut")), "statut")
    _refuse_if_altered(data)
    alea = data["alea"]
    _record_randomness(alea, drand_value, dice)
    committed = parse_datetime(data["engagements"]["date"], "engagements.date")
    check_sources_before(alea, committed)
    _check_published(alea, when)
    data["graine"] = seed(data["engagements"], alea)
    rules = read_rules(data)
    pool = Pool.from_frozen(data["engagements"])
    distribution = Distribution.from_data(data["engagements"]["tirages_possibles"], pool.type_sizes())
    selection = select(data["graine"], pool, distribution)
    state = DrawState.start(selection, rules, {v.id: v.categories for v in pool.volunteers}, when)
    data["resultat"] = {
        "date": format_datetime(when),
        "nombre_tire": selection.number,
        "tirage_retenu": selection.panel,
        **state.result_data(),
    }
    data["reponses"] = []
    data["statut"] = DRAWN
    _seal(data, state, "tirage", format_datetime(when), {"graine": data["graine"], "tirage_retenu": selection.panel})
    return data


def answer(entry: Entry, actor: str, response: str, when: datetime) -> dict[str, Any]:
    """Record a confirmation (`confirme`) or a withdrawal (`decline`) of someone drawn."""
    data = copy.deepcopy(entry.data)
    state = _drawn_state(data)
    state.answer(actor, response, when)
    _seal(data, state, "reponse", format_datetime(when), {"acteur": actor, "reponse": response})
    return data


def replace(entry: Entry, when: datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """After the reflection period, give the places of withdrawals and silences to the reserve."""
    data = copy.deepcopy(entry.data)
    state = _drawn_state(data)
    changes = state.replace(when)
    if not changes:
        raise DrawError(msg.NOTHING_TO_REPLACE)
    _seal(data, state, "remplacement", format_datetime(when), {"changements": changes})
    return data, changes


def _drawn_state(data: dict[str, Any]) -> DrawState:
    if data.get("statut") not in (DRAWN, CLOSED):
        raise DrawError(msg.NOT_DRAWN.format(status=data.get("statut")), "statut")
    if data.get("statut") == CLOSED:
        raise DrawError(msg.ALREADY_CLOSED, "statut")
    _refuse_if_altered(data)
    report = Report()
    state = _replay(data, report)
    assert state is not None  # _refuse_if_altered has run the same replay without problems
    return state


def _seal(data: dict[str, Any], state: DrawState, event: str, date: str, details: dict[str, Any]) -> None:
    """Write the state into the entry, fingerprint it and log the event with that fingerprint."""
    data["resultat"].update(state.result_data())
    data["reponses"] = [dict(r) for r in state.responses]
    data["resultat"]["empreinte"] = state_fingerprint(data)
    if state.complete:
        data["statut"] = CLOSED
    journal.append(data["journal"], date, event, {**details, "etat": data["resultat"]["empreinte"]})


def state_fingerprint(data: dict[str, Any]) -> str:
    """SHA-256 of everything the run and the answers decided."""
    result = data.get("resultat") or {}
    return fingerprint(
        {
            "graine": data.get("graine"),
            "resultat": {k: v for k, v in result.items() if k != "empreinte"},
            "reponses": data.get("reponses") or [],
        }
    )


def _record_randomness(alea: dict[str, Any], drand_value: str | None, dice: str | None) -> None:
    drand, dice_spec = alea.get("drand"), alea.get("des")
    if drand_value is not None and not drand:
        raise DrawError(msg.DRAND_NOT_DECLARED, "alea.drand")
    if dice is not None and not dice_spec:
        raise DrawError(msg.DICE_NOT_DECLARED, "alea.des")
    if drand:
        if drand_value is None and not drand.get("valeur"):
            raise DrawError(
                msg.DRAND_VALUE_MISSING.format(round=drand["ronde"], chain=drand["chaine"]), "alea.drand.valeur"
            )
        if drand_value is not None:
            drand["valeur"] = check_drand_value(drand_value)
    if dice_spec:
        if dice is None and not dice_spec.get("resultat"):
            raise DrawError(msg.DICE_MISSING.format(count=dice_spec["nombre"]), "alea.des.resultat")
        dice_spec["resultat"] = check_dice(dice if dice is not None else dice_spec["resultat"], dice_spec["nombre"])


def _check_published(alea: dict[str, Any], when: datetime) -> None:
    """The random values cannot be known before the run: refuse a run dated before them."""
    drand = alea.get("drand")
    if drand:
        published = drand_chain(drand["chaine"]).round_time(drand["ronde"])
        if published > when:
            raise DrawError(
                msg.DRAND_NOT_YET.format(
                    round=drand["ronde"], published=format_datetime(published), when=format_datetime(when)
                ),
                "alea.drand.ronde",
            )
    dice = alea.get("des")
    if dice and parse_datetime(dice["date"], "alea.des.date") > when:
        raise DrawError(msg.DICE_NOT_YET.format(rolled=dice["date"], when=format_datetime(when)), "alea.des.date")


def _refuse_if_altered(data: dict[str, Any]) -> None:
    report = verify_data(data, pool_now=None, optimality=False)
    if report.errors:
        raise DrawError(msg.ENTRY_EDITED.format(problems="\n  - ".join(report.errors)))


@dataclass
class Report:
    """What `verify` found: errors (the draw cannot be trusted as written) and notes."""

    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def verify(entry: Entry, commons: Commons | None, optimality: bool = True) -> Report:
    """Recompute everything from the entry (and, with `commons`, the pool from the actors)."""
    pool_now: Pool | None = None
    report_pool_error = ""
    if commons is not None and entry.data.get("statut") not in (None, "brouillon"):
        try:
            pool_now = build_pool(entry, commons, read_rules(entry.data))
        except DrawError as exc:
            report_pool_error = exc.message
    report = verify_data(entry.data, pool_now, optimality)
    if report_pool_error:
        report.errors.insert(0, msg.POOL_NOW_UNREADABLE.format(reason=report_pool_error))
    if not report.errors and entry.data.get("statut") not in (None, "brouillon"):
        _verify_publication(entry, report)
    return report


def _verify_publication(entry: Entry, report: Report) -> None:
    """Compare the first commit carrying the commitments with the moment the randomness exists."""
    publication = first_published(entry.source, entry.data["engagements"]["vivier"])
    if not publication.tracked:
        return
    published = publication.date
    if published is None:
        report.notes.append(msg.COMMITMENTS_NOT_COMMITTED)
        return
    random_at = _randomness_times(entry.data.get("alea") or {})
    if random_at and published >= min(random_at):
        report.errors.append(
            msg.COMMITMENTS_COMMITTED_LATE.format(
                published=format_datetime(published), randomness=format_datetime(min(random_at))
            )
        )
    else:
        report.notes.append(msg.COMMITMENTS_COMMITTED.format(published=format_datetime(published)))


def _randomness_times(alea: dict[str, Any]) -> list[datetime]:
    times = []
    if alea.get("drand"):
        times.append(drand_chain(alea["drand"]["chaine"]).round_time(alea["drand"]["ronde"]))
    if alea.get("des"):
        times.append(parse_datetime(alea["des"]["date"], "alea.des.date"))
    return times


def verify_data(data: dict[str, Any], pool_now: Pool | None, optimality: bool) -> Report:
    """`verify` on an entry's data alone (see `verify`)."""
    report = Report()
    status = data.get("statut")
    if status in (None, "brouillon"):
        report.notes.append(msg.NOTHING_TO_VERIFY)
        return report
    commitments = data.get("engagements")
    needed = ("date", "vivier", "regles", "distribution", "logiciel", "volontaires", "types", "tirages_possibles")
    if not isinstance(commitments, dict) or any(k not in commitments for k in needed):
        report.errors.append(msg.COMMITMENTS_MISSING)
        return report
    try:
        _verify_commitments(data, commitments, pool_now, optimality, report)
        _verify_journal(data, commitments, report)
        if status in (DRAWN, CLOSED):
            _replay(data, report)
        elif data.get("graine") or data.get("resultat"):
            report.errors.append(msg.RESULT_WITHOUT_RUN)
    except DrawError as exc:
        report.errors.append(exc.message)
    return report


def _verify_commitments(
    data: dict[str, Any], commitments: dict[str, Any], pool_now: Pool | None, optimality: bool, report: Report
) -> None:
    if fingerprint(rules_commitment(data)) != commitments["regles"]:
        report.errors.append(msg.RULES_CHANGED.format(fields=_changed_rules(data)))
    pool = Pool.from_frozen(commitments)
    frozen = pool.frozen()
    stored_types = [{k: v for k, v in t.items() if k != "probabilite"} for t in commitments["types"]]
    if (
        fingerprint(pool.commitment()) != commitments["vivier"]
        or frozen["volontaires"] != commitments["volontaires"]
        or frozen["types"] != stored_types
    ):
        report.errors.append(msg.POOL_FROZEN_ALTERED)
    if pool_now is not None and pool_now.commitment() != pool.commitment():
        report.errors.append(msg.POOL_CHANGED.format(details=_pool_difference(pool, pool_now)))
    if fingerprint(commitments["tirages_possibles"]) != commitments["distribution"]:
        report.errors.append(msg.DISTRIBUTION_ALTERED)
    rules = read_rules(data)
    sizes = pool.type_sizes()
    distribution = Distribution.from_data(commitments["tirages_possibles"], sizes)
    for number, panel in enumerate(distribution.panels, start=1):
        problem = check_panel(panel, rules, pool.types, sizes)
        if problem:
            report.errors.append(msg.PANEL_INVALID.format(number=number, problem=problem))
    if sum(distribution.weights) != SCALE or any(w <= 0 for w in distribution.weights):
        report.errors.append(msg.WEIGHTS_NOT_ONE.format(total=sum(distribution.weights), scale=SCALE))
    probabilities = distribution.probabilities()
    shown = [t.get("probabilite") for t in commitments["types"]]
    if shown != [probability_text(p) for p in probabilities]:
        report.errors.append(msg.PROBABILITIES_WRONG)
    if optimality and not report.errors:
        _, optimum = compute_distribution(pool, rules)
        if float(min(probabilities)) < optimum - 1e-6:
            report.errors.append(
                msg.DISTRIBUTION_UNFAIR.format(found=probability_text(min(probabilities)), optimum=f"{optimum:.6f}")
            )
    if software_fingerprint() != commitments["logiciel"]:
        report.notes.append(msg.SOFTWARE_DIFFERENT.format(version=commitments.get("version", "?"), current=__version__))


def _verify_journal(data: dict[str, Any], commitments: dict[str, Any], report: Report) -> None:
    log = data.get("journal")
    if not isinstance(log, list) or not log:
        report.errors.append(msg.LOG_MISSING)
        return
    report.errors.extend(journal.chain_problems(log))
    first = log[0] if isinstance(log[0], dict) else {}
    details = first.get("details") if isinstance(first.get("details"), dict) else {}
    keys = ("vivier", "regles", "distribution", "logiciel")
    if (
        first.get("evenement") != "preparation"
        or any(details.get(k) != commitments[k] for k in keys)
        or first.get("date") != commitments["date"]
    ):
        report.errors.append(msg.LOG_COMMITMENTS_MISMATCH)


def _replay(data: dict[str, Any], report: Report) -> DrawState | None:
    """Redo the run and every logged event; report every difference with what the entry says."""
    alea = data.get("alea") or {}
    commitments = data["engagements"]
    committed = parse_datetime(commitments["date"], "engagements.date")
    drand, dice = alea.get("drand"), alea.get("des")
    if drand:
        check_drand_value(drand.get("valeur") or "")
    if dice:
        check_dice(dice.get("resultat") or "", dice["nombre"])
    check_sources_before(alea, committed)
    result = data.get("resultat")
    if not isinstance(result, dict) or "date" not in result:
        report.errors.append(msg.RESULT_MISSING)
        return None
    run_date = parse_datetime(result["date"], "resultat.date")
    _check_published(alea, run_date)
    expected_seed = seed(commitments, alea)
    if data.get("graine") != expected_seed:
        report.errors.append(msg.SEED_WRONG.format(found=data.get("graine"), expected=expected_seed))
    rules = read_rules(data)
    pool = Pool.from_frozen(commitments)
    distribution = Distribution.from_data(commitments["tirages_possibles"], pool.type_sizes())
    selection = select(expected_seed, pool, distribution)
    state = DrawState.start(selection, rules, {v.id: v.categories for v in pool.volunteers}, run_date)
    if (result.get("nombre_tire"), result.get("tirage_retenu")) != (selection.number, selection.panel):
        report.errors.append(msg.DRAWN_PANEL_DIFFERS.format(panel=selection.panel, number=selection.number))
    events = [e for e in data.get("journal") or [] if isinstance(e, dict)]
    if len(events) < 2 or events[1].get("evenement") != "tirage" or events[1].get("date") != result["date"]:
        report.errors.append(msg.LOG_RUN_MISSING)
    for number, event in enumerate(events[2:], start=3):
        _replay_event(state, event, number, report)
    _compare_state(data, state, report)
    return state


def _replay_event(state: DrawState, event: dict[str, Any], number: int, report: Report) -> None:
    details = event.get("details") if isinstance(event.get("details"), dict) else {}
    when = parse_datetime(str(event.get("date")), f"journal.{number - 1}.date")
    kind = event.get("evenement")
    try:
        if kind == "reponse":
            state.answer(str(details.get("acteur")), str(details.get("reponse")), when)
        elif kind == "remplacement":
            changes = state.replace(when)
            if changes != details.get("changements"):
                report.errors.append(msg.LOG_REPLACEMENT_DIFFERS.format(number=number))
        else:
            report.errors.append(msg.LOG_UNKNOWN_EVENT.format(number=number, event=kind))
    except DrawError as exc:
        report.errors.append(msg.LOG_EVENT_REFUSED.format(number=number, reason=exc.message))


def _compare_state(data: dict[str, Any], state: DrawState, report: Report) -> None:
    result = data["resultat"]
    expected = state.result_data()
    if result.get("groupes") != expected["groupes"]:
        report.errors.append(msg.GROUPS_DIFFER.format(expected=_groups_text(expected["groupes"])))
    if result.get("reserve") != expected["reserve"]:
        report.errors.append(msg.RESERVE_DIFFERS)
    if result.get("remplacements") != expected["remplacements"]:
        report.errors.append(msg.REPLACEMENTS_DIFFER)
    if (data.get("reponses") or []) != state.responses:
        report.errors.append(msg.RESPONSES_DIFFER)
    fingerprint_now = state_fingerprint(data)
    last = (data.get("journal") or [{}])[-1]
    last_state = (
        last.get("details", {}).get("etat")
        if isinstance(last, dict) and isinstance(last.get("details"), dict)
        else None
    )
    if result.get("empreinte") != fingerprint_now or last_state != fingerprint_now:
        report.errors.append(msg.RESULT_FINGERPRINT_WRONG)
    expected_status = CLOSED if state.complete else DRAWN
    if data.get("statut") != expected_status:
        report.errors.append(msg.STATUS_WRONG.format(found=data.get("statut"), expected=expected_status))


def _groups_text(groups: list[dict[str, Any]]) -> str:
    return " ; ".join(f"groupe {g['numero']} : {', '.join(g['membres'])}" for g in groups)


def _changed_rules(data: dict[str, Any]) -> str:
    """Which rule fields differ from those logged at preparation (when the log says)."""
    log = data.get("journal") or []
    first = log[0] if log and isinstance(log[0], dict) else {}
    before = (first.get("details") or {}).get("regles_detail") if isinstance(first.get("details"), dict) else None
    now = rules_commitment(data)
    if not isinstance(before, dict):
        return "?"
    changed = [k for k in sorted(set(before) | set(now)) if before.get(k) != now.get(k)]
    return ", ".join(changed) or "?"


def _pool_difference(frozen: Pool, now: Pool) -> str:
    before = {v.id: v.categories for v in frozen.volunteers}
    after = {v.id: v.categories for v in now.volunteers}
    parts = []
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(i for i in set(before) & set(after) if before[i] != after[i])
    if added:
        parts.append(msg.POOL_ADDED.format(ids=", ".join(added)))
    if removed:
        parts.append(msg.POOL_REMOVED.format(ids=", ".join(removed)))
    if changed:
        parts.append(msg.POOL_CATEGORIES_CHANGED.format(ids=", ".join(changed)))
    return " ; ".join(parts)
