"""The draw's protocol on an entry's data: prepare, run, answer, replace — and verify.

Every command first replays the entry (`verify` without the commons): an entry edited by
hand after its commitments or its run is refused before anything is written.

Answers reach a draw two ways. The organiser's commands (`confirm`, `decline`) append them to
the hash-chained `journal` at once. A pull request or the web form (`record_answer_data`) can
only add them to `reponses`: such an answer is *pending*. `verify` accepts a pending answer
when the commands would have accepted it (a seat holder who has not answered yet, dated
within their reflection period, not in the future, not before a journaled replacement) and
says it is not journaled yet; `inscribe` — and every later command, before doing anything
else — appends the pending answers to the journal in date order, extending the chain.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime
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
    CLOCK_TOLERANCE,
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
from maillage.draw.state import CONFIRMED, DECLINED, DrawState
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
    _refuse_if_altered(data, when)
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
    state = _drawn_state(data, when)
    state.answer(actor, response, when)
    _seal(data, state, "reponse", format_datetime(when), {"acteur": actor, "reponse": response})
    return data


def replace(entry: Entry, when: datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """After the reflection period, give the places of withdrawals and silences to the reserve."""
    data = copy.deepcopy(entry.data)
    state = _drawn_state(data, when)
    changes = state.replace(when)
    if not changes:
        raise DrawError(msg.NOTHING_TO_REPLACE)
    _seal(data, state, "remplacement", format_datetime(when), {"changements": changes})
    return data, changes


def inscribe(entry: Entry, when: datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Append the answers added to `reponses` (pull request, web form) to the journal, in date order.

    `when` is the moment of inscription: no pending answer may be dated after it. Returns the
    new data and the answers inscribed; refuses when there is none or when one is not valid.
    """
    data = copy.deepcopy(entry.data)
    report = _answerable(data, when)
    if not report.pending:
        raise DrawError(msg.NOTHING_TO_INSCRIBE)
    assert report.state is not None  # a draw that verifies has a replayed state
    _inscribe(data, report.state, report.pending, when)
    return data, report.pending


def record_answer_data(
    entry_data: dict[str, Any], actor_id: str, answer: str, when: datetime, *, now: datetime | None = None
) -> dict[str, Any]:
    """The draw's data with one more answer in `reponses`, for a pull request (the web form's path).

    `answer` is `confirme` or `decline`, `when` the moment of the answer (with a time zone),
    `now` the current time (default: this machine's clock). The input is not modified. The
    answer is not journaled: it is checked exactly as `verify` checks a pending answer — the
    draw must be run and not closed, untouched since, and the answer must come from a seat
    holder (someone drawn, or a reserve already called in) who has not answered yet, dated
    within their reflection period, not in the future. Once the pull request is merged,
    `maillage tirage inscrire` (or any later command) appends it to the journal.

    Raises `DrawError` with a French message; its `field` is the path of the field at fault,
    e.g. `reponses.3.acteur` or `reponses.3.date` (`reponse` when the answer is not a known value).
    """
    if answer not in (CONFIRMED, DECLINED):
        raise DrawError(msg.PENDING_BAD_ANSWER.format(answer=answer), "reponse")
    if when.tzinfo is None:
        raise DrawError(msg.DATETIME_WITHOUT_ZONE.format(value=when.isoformat(), field="date"), "date")
    now = now or datetime.now(UTC)
    data = copy.deepcopy(entry_data)
    _answerable(data, now)
    data["reponses"] = [
        *(data.get("reponses") or []),
        {"acteur": actor_id, "reponse": answer, "date": format_datetime(when)},
    ]
    report = verify_data(data, pool_now=None, optimality=False, now=now)
    if report.errors:
        field_path = report.located.get(0, "")
        raise DrawError(report.errors[0], field_path)
    return data


def _answerable(data: dict[str, Any], now: datetime) -> Report:
    """The verification of a draw that can still take answers, or a French refusal."""
    if data.get("statut") not in (DRAWN, CLOSED):
        raise DrawError(msg.NOT_DRAWN.format(status=data.get("statut")), "statut")
    if data.get("statut") == CLOSED:
        raise DrawError(msg.ALREADY_CLOSED, "statut")
    return _refuse_if_altered(data, now)


def _drawn_state(data: dict[str, Any], when: datetime) -> DrawState:
    """The replayed state of a drawn entry, with its pending answers journaled first (in `data`)."""
    report = _answerable(data, when)
    assert report.state is not None  # a draw that verifies has a replayed state
    _inscribe(data, report.state, report.pending, when)
    return report.state


def _inscribe(data: dict[str, Any], state: DrawState, pending: list[dict[str, Any]], when: datetime) -> None:
    for item in pending:
        moment = parse_datetime(item["date"], "reponses.date")
        state.answer(item["acteur"], item["reponse"], moment)
        details = {"acteur": item["acteur"], "reponse": item["reponse"], "inscrite_le": format_datetime(when)}
        _seal(data, state, "reponse", format_datetime(moment), details)


def _seal(data: dict[str, Any], state: DrawState, event: str, date: str, details: dict[str, Any]) -> None:
    """Write the state into the entry, fingerprint it and log the event with that fingerprint."""
    data["resultat"].update(state.result_data())
    data["reponses"] = [dict(r) for r in state.responses]
    data["resultat"]["empreinte"] = state_fingerprint(data)
    if state.complete:
        data["statut"] = CLOSED
    journal.append(data["journal"], date, event, {**details, "etat": data["resultat"]["empreinte"]})


def state_fingerprint(data: dict[str, Any], responses: list[dict[str, Any]] | None = None) -> str:
    """SHA-256 of everything the run and the journaled answers decided (`responses`, by default
    the entry's `reponses`)."""
    result = data.get("resultat") or {}
    return fingerprint(
        {
            "graine": data.get("graine"),
            "resultat": {k: v for k, v in result.items() if k != "empreinte"},
            "reponses": (data.get("reponses") or []) if responses is None else responses,
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


def _refuse_if_altered(data: dict[str, Any], now: datetime) -> Report:
    report = verify_data(data, pool_now=None, optimality=False, now=now)
    if report.errors:
        raise DrawError(msg.ENTRY_EDITED.format(problems="\n  - ".join(report.errors)))
    return report


@dataclass
class Report:
    """What `verify` found: errors (the draw cannot be trusted as written) and notes.

    `located` maps the index of an error about one field to that field's path (for its line);
    `pending` lists the valid answers not journaled yet, in date order; `state` is the replayed
    state of a drawn entry.
    """

    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    located: dict[int, str] = field(default_factory=dict)
    pending: list[dict[str, Any]] = field(default_factory=list)
    state: DrawState | None = None

    def refuse(self, message: str, field_path: str) -> None:
        """Record an error about one field of the entry."""
        self.located[len(self.errors)] = field_path
        self.errors.append(message)


def verify(entry: Entry, commons: Commons | None, optimality: bool = True, now: datetime | None = None) -> Report:
    """Recompute everything from the entry (and, with `commons`, the pool from the actors).

    Errors about one answer name the entry's file and line; `now` (default: this machine's
    clock) is the moment answers may not be dated after.
    """
    pool_now: Pool | None = None
    report_pool_error = ""
    if commons is not None and entry.data.get("statut") not in (None, "brouillon"):
        try:
            pool_now = build_pool(entry, commons, read_rules(entry.data))
        except DrawError as exc:
            report_pool_error = exc.message
    report = verify_data(entry.data, pool_now, optimality, now)
    _locate(entry, report)
    if report_pool_error:
        report.errors.insert(0, msg.POOL_NOW_UNREADABLE.format(reason=report_pool_error))
    if not report.errors and entry.data.get("statut") not in (None, "brouillon"):
        _verify_publication(entry, report)
    return report


def _locate(entry: Entry, report: Report) -> None:
    """Prefix each error about an answer with the file, line and field it is about."""
    for index, field_path in report.located.items():
        parts = field_path.split(".")
        line, column = entry.document.position(tuple(int(p) if p.isdigit() else p for p in parts))
        number = int(parts[1]) + 1 if len(parts) > 1 and parts[1].isdigit() else 0
        report.errors[index] = msg.PENDING_LOCATED.format(
            path=entry.document.path,
            line=line,
            column=column,
            number=number,
            field=parts[-1],
            message=report.errors[index],
        )


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


def verify_data(data: dict[str, Any], pool_now: Pool | None, optimality: bool, now: datetime | None = None) -> Report:
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
            report.state = _replay(data, report, now or datetime.now(UTC))
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


def _replay(data: dict[str, Any], report: Report, now: datetime) -> DrawState | None:
    """Redo the run and every logged event; report every difference with what the entry says,
    then check the answers not journaled yet."""
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
    replaced = max(
        (parse_datetime(str(e.get("date")), "journal.date") for e in events if e.get("evenement") == "remplacement"),
        default=None,
    )
    _check_pending(state, _pending_candidates(data, state, report), replaced, now, report)
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
    fingerprint_now = state_fingerprint(data, state.responses)
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


def _pending_candidates(data: dict[str, Any], state: DrawState, report: Report) -> list[tuple[int, Any]]:
    """The items of `reponses` that the journal does not hold, with their index.

    Every journaled answer must be in `reponses` exactly once and unchanged; an item from
    someone whose answer is journaled, but different, would change that answer: refused.
    """
    journaled = {r["acteur"]: r for r in state.responses}
    seen: set[str] = set()
    candidates = []
    for index, item in enumerate(data.get("reponses") or []):
        actor = item.get("acteur") if isinstance(item, dict) else None
        if not isinstance(actor, str) or actor not in journaled:
            candidates.append((index, item))
            continue
        before = journaled[actor]
        if item != before:
            report.refuse(
                msg.PENDING_CHANGES_JOURNALED.format(id=actor, answer=before["reponse"], date=before["date"]),
                f"reponses.{index}.reponse",
            )
        elif actor in seen:
            report.refuse(msg.JOURNALED_ANSWER_TWICE.format(id=actor), f"reponses.{index}.acteur")
        seen.add(actor)
    for actor, before in journaled.items():
        if actor not in seen:
            report.errors.append(
                msg.JOURNALED_ANSWER_MISSING.format(id=actor, answer=before["reponse"], date=before["date"])
            )
    return candidates


def _check_pending(
    state: DrawState, candidates: list[tuple[int, Any]], replaced: datetime | None, now: datetime, report: Report
) -> None:
    """Accept the pending answers the commands would accept, in date order; refuse the others."""
    trial = copy.deepcopy(state)  # the journaled state stays as the journal made it
    dated = []
    for index, item in candidates:
        try:
            dated.append((_pending_date(item, index), index, item))
        except DrawError as exc:
            report.refuse(exc.message, exc.field)
    for when, index, item in sorted(dated, key=lambda d: (d[0], d[1])):
        try:
            _accept_pending(trial, item, index, when, replaced, now)
        except DrawError as exc:
            report.refuse(exc.message, exc.field)
            continue
        report.pending.append({"acteur": item["acteur"], "reponse": item["reponse"], "date": item["date"]})
        report.notes.append(
            msg.PENDING_ANSWER.format(id=item["acteur"], answer=_ANSWER_WORDS[item["reponse"]], date=item["date"])
        )


_ANSWER_WORDS = {CONFIRMED: "confirme", DECLINED: "se désiste"}


def _pending_date(item: Any, index: int) -> datetime:
    """The date of a well-formed pending answer, or a French refusal."""
    where = f"reponses.{index}"
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("acteur", "reponse", "date")):
        raise DrawError(msg.PENDING_UNREADABLE, f"{where}.acteur")
    if item["reponse"] not in (CONFIRMED, DECLINED):
        raise DrawError(msg.PENDING_BAD_ANSWER.format(answer=item["reponse"]), f"{where}.reponse")
    return parse_datetime(item["date"], f"{where}.date")


def _accept_pending(
    state: DrawState, item: dict[str, Any], index: int, when: datetime, replaced: datetime | None, now: datetime
) -> None:
    actor, date = item["acteur"], f"reponses.{index}.date"
    shown = format_datetime(when)
    if when > now + CLOCK_TOLERANCE:
        raise DrawError(msg.PENDING_IN_FUTURE.format(id=actor, date=shown, now=format_datetime(now)), date)
    if replaced is not None and when < replaced:
        raise DrawError(
            msg.PENDING_BEFORE_REPLACEMENT.format(id=actor, date=shown, replaced=format_datetime(replaced)), date
        )
    if state.group_of(actor) is None:
        raise DrawError(msg.ANSWER_NOT_DRAWN.format(id=actor), f"reponses.{index}.acteur")
    if actor in state.answers:
        raise DrawError(msg.ANSWER_TWICE.format(id=actor, answer=state.answers[actor]), f"reponses.{index}.acteur")
    # A contributed answer must come within the reflection period, declines included: after it,
    # silence already gives the seat back, and `replace` decides.
    if when > state.deadline_of(actor):
        deadline = format_datetime(state.deadline_of(actor))
        raise DrawError(msg.PENDING_LATE.format(id=actor, date=shown, deadline=deadline), date)
    try:
        state.answer(actor, item["reponse"], when)
    except DrawError as exc:
        raise DrawError(exc.message, date) from None


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
