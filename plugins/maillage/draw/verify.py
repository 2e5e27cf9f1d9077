"""`verifier`: redo a draw from its entry and say, in French, everything that differs.

`verify_data` checks the entry alone and is run by every command before it writes anything
(fingerprints, panels, probabilities as shown, the journal's chain, the run and every event
replayed). `verify` adds what needs more time or more than the entry (`deep`):

- the whole leximin-fair distribution recomputed from the frozen pool and rules, every
  type's probability compared with the committed one (tolerance `PROBABILITY_TOLERANCE`);
- the RFC 3161 tokens checked against the authorities the commons trusts, and their times
  compared with the randomness: the commitments provably existed before it;
- the drand beacon's BLS signature checked with the network's public key;
- the git history: prepared once, journal never rewritten, events bound to the commits that
  published what came before;
- today's volunteers compared with the frozen pool — information, never a failure: a past
  draw stays verifiable forever, whatever the commons becomes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from maillage import __version__
from maillage.draw import clock, journal
from maillage.draw import messages as msg
from maillage.draw.authorities import Authorities, load_authorities
from maillage.draw.canonical import fingerprint, software_fingerprint
from maillage.draw.clock import CLOCK_TOLERANCE, format_datetime, parse_datetime
from maillage.draw.distribution import SCALE, Distribution, check_panel
from maillage.draw.drand import Beacon, verify_beacon
from maillage.draw.errors import DrawError
from maillage.draw.pool import Pool, build_pool
from maillage.draw.randomness import HashStream, check_dice, check_drand_value, seed
from maillage.draw.rules import Category, Quota, read_rules, rules_commitment
from maillage.draw.selection import select
from maillage.draw.state import CONFIRMED, DECLINED, DrawState
from maillage.draw.timestamp import verify_stamp

if TYPE_CHECKING:
    from maillage.draw.store import DrawFile

# How far a committed probability may be from the recomputed leximin one: the LP solver is
# exact to about 1e-9 and weights are rounded to 1e-9, so 1e-6 leaves room for both and
# still catches any deliberate change (a tampered tool moving one type by 0.01 or more).
PROBABILITY_TOLERANCE = 1e-6
DRAWN, CLOSED = "tire", "clos"
_SEAT_EVENTS = ("remplacement", "assouplissement", "complement_tirage", "cloture")


def probability_text(value: Fraction) -> str:
    """A probability as it is written and shown: six decimals, rounded half up."""
    micro = (value * 10**6 + Fraction(1, 2)).__floor__()
    return f"{micro // 10**6}.{micro % 10**6:06d}"


def commitments_digest(commitments: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the whole commitments: the marker of *these* commitments,
    time-stamped by the authority, searched in the history and hashed into the seed."""
    return fingerprint(commitments)


def state_fingerprint(data: dict[str, Any], responses: list[dict[str, Any]] | None = None) -> str:
    """SHA-256 of everything the run and the journaled events decided."""
    result = data.get("resultat") or {}
    return fingerprint(
        {
            "graine": data.get("graine"),
            "resultat": {k: v for k, v in result.items() if k != "empreinte"},
            "reponses": (data.get("reponses") or []) if responses is None else responses,
        }
    )


def seal_state(data: dict[str, Any], state: DrawState) -> None:
    """Write a state into the entry's result and answers, with its fingerprint."""
    base = {k: data["resultat"][k] for k in ("date", "nombre_tire", "tirage_retenu") if k in data["resultat"]}
    data["resultat"] = {**base, **state.result_data()}
    data["reponses"] = [dict(r) for r in state.responses]
    data["resultat"]["empreinte"] = state_fingerprint(data)


def randomness_times(data: dict[str, Any], authorities: Authorities) -> list[datetime]:
    """When the draw's random values come into existence (drand round, announced dice roll)."""
    alea = data.get("alea") or {}
    times = []
    if alea.get("drand"):
        times.append(authorities.network(alea["drand"]["chaine"]).round_time(alea["drand"]["ronde"]))
    if alea.get("des"):
        times.append(parse_datetime(alea["des"]["date"], "alea.des.date"))
    return times


@dataclass
class Report:
    """What verification found: errors (the draw cannot be trusted as written), notes, and
    what the commands need (`located`: error index → field path; pending answers; state)."""

    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    located: dict[int, str] = field(default_factory=dict)
    pending: list[dict[str, Any]] = field(default_factory=list)
    state: DrawState | None = None

    def refuse(self, message: str, field_path: str) -> None:
        """Record an error about one field of the entry."""
        self.located[len(self.errors)] = field_path
        self.errors.append(message)


def verify(draw: DrawFile, now: datetime | None = None, use_commons: bool = True) -> Report:
    """Everything `verifier` checks (see the module docstring)."""
    data = draw.entry.data
    report = verify_data(data, draw.authorities, now, deep=True)
    if data.get("statut") in (None, "brouillon") or not isinstance(data.get("engagements"), dict):
        return report
    _verify_frozen_exports(draw, report, use_commons)
    if use_commons:
        _compare_pool_now(draw, report)
    _verify_history(draw, report)
    return report


def _verify_frozen_exports(draw: DrawFile, report: Report, read_now: bool) -> None:
    """A regional draw: the copies of the local commons' exports it froze are the committed ones
    (an error if not); which local commons publish other data today (information, with `read_now`)."""
    committed = draw.entry.data["engagements"].get("communs_locaux")
    if not committed:
        return
    from maillage.federation import frozen

    for problem in frozen.check_frozen(draw.root, draw.entry.id, committed):
        report.refuse(problem, "engagements.communs_locaux")
    if read_now:
        report.notes += frozen.changed_since(committed)


def verify_data(
    data: dict[str, Any], authorities: Authorities | None, now: datetime | None = None, deep: bool = False
) -> Report:
    """Verification of an entry's data alone (see the module docstring)."""
    authorities = authorities or load_authorities(None)
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
        _verify_commitments(data, commitments, deep, report)
        _verify_journal_start(data, commitments, report)
        _verify_sources(data, authorities, deep, report)
        if status in (DRAWN, CLOSED):
            report.state = _replay(data, authorities, report, now or clock.now(), deep)
        elif data.get("graine") or data.get("resultat"):
            report.errors.append(msg.RESULT_WITHOUT_RUN)
    except DrawError as exc:
        report.errors.append(exc.message)
    return report


# --- Commitments ---------------------------------------------------------------------------------


def _verify_commitments(data: dict[str, Any], commitments: dict[str, Any], deep: bool, report: Report) -> None:
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
    if [t.get("probabilite") for t in commitments["types"]] != [probability_text(p) for p in probabilities]:
        report.errors.append(msg.PROBABILITIES_WRONG)
    if deep and not report.errors:
        _verify_fairness(pool, rules, probabilities, commitments, report)
    if software_fingerprint() != commitments["logiciel"]:
        report.notes.append(msg.SOFTWARE_DIFFERENT.format(version=commitments.get("version", "?"), current=__version__))


def _verify_fairness(
    pool: Pool, rules: Any, probabilities: list[Fraction], commitments: dict[str, Any], report: Report
) -> None:
    """Recompute the leximin distribution and compare every type's probability with the committed one.

    Leximin probabilities are unique (the distributions reaching them may differ), so any type
    favoured or disfavoured beyond the tolerance is a failure, even when the minimum is kept.
    """
    from maillage.draw.fairness import compute_distribution  # SciPy: loaded only when the check runs

    fair, optimum = compute_distribution(pool, rules)
    expected = fair.probabilities()
    differences = []
    for number, (found, wanted, kind) in enumerate(zip(probabilities, expected, pool.types, strict=True), start=1):
        if abs(float(found) - float(wanted)) > PROBABILITY_TOLERANCE:
            labels = ", ".join(Category.from_key(c).label for c in sorted(kind)) or msg.NO_CATEGORY
            differences.append(
                msg.TYPE_PROBABILITY_DIFFERS.format(
                    number=number, labels=labels, found=probability_text(found), expected=probability_text(wanted)
                )
            )
    if differences:
        report.errors.append(
            msg.DISTRIBUTION_NOT_LEXIMIN.format(details=" ; ".join(differences), tolerance=PROBABILITY_TOLERANCE)
        )
    else:
        report.notes.append(
            msg.FAIRNESS_CHECKED.format(types=len(expected), tolerance=PROBABILITY_TOLERANCE, optimum=f"{optimum:.6f}")
        )


def _verify_journal_start(data: dict[str, Any], commitments: dict[str, Any], report: Report) -> None:
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
        or details.get("engagements") != commitments_digest(commitments)
        or first.get("date") != commitments["date"]
    ):
        report.errors.append(msg.LOG_COMMITMENTS_MISMATCH)


# --- Random sources and time-stamps --------------------------------------------------------------


def _verify_sources(data: dict[str, Any], authorities: Authorities, deep: bool, report: Report) -> None:
    """Random sources fixed after the commitments; the dice recorded before the drand round;
    with `deep`, the time-stamp tokens against their authorities."""
    alea = data.get("alea") or {}
    committed = parse_datetime(data["engagements"]["date"], "engagements.date")
    drand, dice = alea.get("drand"), alea.get("des")
    round_time = authorities.network(drand["chaine"]).round_time(drand["ronde"]) if drand else None
    if round_time is not None and round_time <= committed:
        report.errors.append(
            msg.DRAND_ROUND_TOO_EARLY_SHORT.format(round=drand["ronde"], published=format_datetime(round_time))
        )
    if dice and parse_datetime(dice["date"], "alea.des.date") <= committed:
        report.errors.append(msg.DICE_TOO_EARLY.format(rolled=dice["date"], committed=format_datetime(committed)))
    events = [e for e in data.get("journal") or [] if isinstance(e, dict)]
    dice_events = [e for e in events if e.get("evenement") == "des"]
    if dice and dice.get("resultat"):
        if len(dice_events) != 1 or (dice_events[0].get("details") or {}).get("resultat") != dice["resultat"]:
            report.errors.append(msg.DICE_NOT_JOURNALED)
        else:
            recorded = parse_datetime(dice_events[0]["date"], "journal.date")
            if round_time is not None and recorded >= round_time:
                report.errors.append(
                    msg.DICE_RECORDED_AFTER_DRAND.format(
                        date=format_datetime(recorded), published=format_datetime(round_time)
                    )
                )
            if not (dice_events[0].get("details") or {}).get("temoins"):
                report.errors.append(msg.DICE_WITHOUT_WITNESSES)
    elif dice_events:
        report.errors.append(msg.DICE_NOT_JOURNALED)
    if deep:
        _verify_stamps(data, authorities, round_time, dice_events, report)


def _verify_stamps(
    data: dict[str, Any], authorities: Authorities, round_time: datetime | None, dice_events: list[Any], report: Report
) -> None:
    stamps = data.get("horodatages") or {}
    digest = commitments_digest(data["engagements"])
    times = randomness_times(data, authorities)
    token = stamps.get("engagements")
    if token is None:
        report.warnings.append(msg.NO_TOKEN_TRUST)
    else:
        try:
            attested = verify_stamp(token, authorities, digest, "engagements")
        except DrawError as exc:
            report.errors.append(msg.COMMITMENTS_TOKEN_INVALID.format(reason=exc.message))
        else:
            authority = authorities.authority(token["autorite"])
            if times and attested >= min(times):
                report.errors.append(
                    msg.STAMP_AFTER_RANDOMNESS.format(
                        date=format_datetime(attested), randomness=format_datetime(min(times))
                    )
                )
            else:
                report.notes.append(
                    msg.COMMITMENTS_STAMPED.format(
                        date=format_datetime(attested),
                        name=authority.name,
                        subject=authority.subject,
                        fingerprint=authority.fingerprint,
                    )
                )
    dice_token = stamps.get("des")
    if dice_token is not None and dice_events:
        try:
            attested = verify_stamp(dice_token, authorities, journal.event_fingerprint(dice_events[0]), "des")
        except DrawError as exc:
            report.errors.append(msg.DICE_TOKEN_INVALID.format(reason=exc.message))
        else:
            if round_time is not None and attested >= round_time:
                report.errors.append(msg.DICE_STAMPED_AFTER_DRAND.format(date=format_datetime(attested)))
            else:
                report.notes.append(msg.DICE_STAMPED.format(date=format_datetime(attested)))
    elif dice_events and round_time is not None:
        report.warnings.append(msg.DICE_WITHOUT_TOKEN)
    complements = [e for e in data.get("journal") or [] if isinstance(e, dict) and e.get("evenement") == "complement"]
    for number, (event, token) in enumerate(zip(complements, stamps.get("complements") or [], strict=False), start=1):
        try:
            verify_stamp(token, authorities, journal.event_fingerprint(event), "complements")
        except DrawError as exc:
            report.errors.append(msg.COMPLEMENT_TOKEN_INVALID.format(number=number, reason=exc.message))


def _check_beacon(authorities: Authorities, chain: str, source: dict[str, Any], deep: bool, where: str) -> None:
    """A recorded drand value must be the SHA-256 of its signature, and (deep) the signature valid."""
    value = check_drand_value(source.get("valeur") or "")
    signature = source.get("signature")
    if not signature:
        raise DrawError(msg.DRAND_SIGNATURE_MISSING.format(where=where))
    beacon = Beacon(source["ronde"], signature, source.get("signature_precedente"))
    if beacon.randomness != value:
        raise DrawError(msg.DRAND_VALUE_NOT_SIGNATURE.format(where=where))
    if deep:
        verify_beacon(authorities.network(chain), beacon)


# --- The run and the events ----------------------------------------------------------------------


def _replay(
    data: dict[str, Any], authorities: Authorities, report: Report, now: datetime, deep: bool
) -> DrawState | None:
    """Redo the run and every journaled event; report every difference with what the entry says."""
    alea = data.get("alea") or {}
    commitments = data["engagements"]
    drand, dice = alea.get("drand"), alea.get("des")
    if drand:
        _check_beacon(authorities, drand["chaine"], drand, deep, msg.THE_DRAW)
    if dice:
        check_dice(dice.get("resultat") or "", dice["nombre"])
    result = data.get("resultat")
    if not isinstance(result, dict) or "date" not in result:
        report.errors.append(msg.RESULT_MISSING)
        return None
    run_date = parse_datetime(result["date"], "resultat.date")
    if drand:
        published = authorities.network(drand["chaine"]).round_time(drand["ronde"])
        if published > run_date + CLOCK_TOLERANCE:
            report.errors.append(
                msg.DRAND_NOT_YET.format(
                    round=drand["ronde"], published=format_datetime(published), when=result["date"]
                )
            )
    expected_seed = seed(commitments_digest(commitments), alea)
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
    runs = [n for n, e in enumerate(events) if e.get("evenement") == "tirage"]
    if len(runs) != 1 or events[runs[0]].get("date") != result["date"]:
        report.errors.append(msg.LOG_RUN_MISSING)
        return state
    for number, event in enumerate(events[1 : runs[0]], start=2):
        if event.get("evenement") not in ("horodatage", "des"):
            report.errors.append(msg.LOG_EVENT_BEFORE_RUN.format(number=number, event=event.get("evenement")))
    complements: dict[int, dict[str, Any]] = {}
    for number, event in enumerate(events[runs[0] + 1 :], start=runs[0] + 2):
        _replay_event(state, event, number, report, authorities, data, complements, deep)
    _compare_state(data, state, report)
    last_change = max(
        (parse_datetime(str(e.get("date")), "journal.date") for e in events[runs[0] + 1 :] if _changes_seats(e)),
        default=None,
    )
    _check_pending(state, _pending_candidates(data, state, report), last_change, now, report)
    return state


def _changes_seats(event: dict[str, Any]) -> bool:
    details = event.get("details") if isinstance(event.get("details"), dict) else {}
    return event.get("evenement") in _SEAT_EVENTS or bool(details.get("remplacement"))


def _replay_event(
    state: DrawState,
    event: dict[str, Any],
    number: int,
    report: Report,
    authorities: Authorities,
    data: dict[str, Any],
    complements: dict[int, dict[str, Any]],
    deep: bool,
) -> None:
    details = event.get("details") if isinstance(event.get("details"), dict) else {}
    when = parse_datetime(str(event.get("date")), f"journal.{number - 1}.date")
    kind = event.get("evenement")
    try:
        if kind == "reponse":
            caused = state.answer(
                str(details.get("acteur")), str(details.get("reponse")), when, details.get("transmise_par")
            )
            if (caused[0] if caused else None) != details.get("remplacement"):
                report.errors.append(msg.LOG_REPLACEMENT_DIFFERS.format(number=number))
        elif kind == "remplacement":
            if state.replace_silences(when) != details.get("changements"):
                report.errors.append(msg.LOG_REPLACEMENT_DIFFERS.format(number=number))
        elif kind == "assouplissement":
            index = int(details.get("quota", 0))
            if (
                not 1 <= index <= len(state.rules.quotas)
                or details.get("avant") != state.rules.quotas[index - 1].to_data()
            ):
                raise DrawError(msg.RELAX_NO_SUCH_QUOTA.format(index=index, count=len(state.rules.quotas)))
            if state.relax(index - 1, Quota.from_data(details["apres"]), when) != details.get("changements"):
                report.errors.append(msg.LOG_REPLACEMENT_DIFFERS.format(number=number))
        elif kind == "complement":
            _replay_announcement(state, details, when, number, authorities, data, complements)
        elif kind == "complement_tirage":
            _replay_complement(state, details, when, number, report, authorities, data, complements, deep)
        elif kind == "cloture":
            state.close(when, str(details.get("motif") or ""))
            if details.get("places_vacantes") != [v.data() for v in state.vacancies]:
                report.errors.append(msg.LOG_CLOSURE_DIFFERS.format(number=number))
        else:
            report.errors.append(msg.LOG_UNKNOWN_EVENT.format(number=number, event=kind))
    except DrawError as exc:
        report.errors.append(msg.LOG_EVENT_REFUSED.format(number=number, reason=exc.message))
    except (KeyError, TypeError, ValueError):
        report.errors.append(msg.LOG_ITEM_MALFORMED.format(number=number))


def complement_fingerprint(late: list[Any], round_number: int | None, dice_count: int | None) -> str:
    """The commitment of a complementary draw: its late pool and its announced random source."""
    return fingerprint({"vivier": late, "ronde": round_number, "nombre_des": dice_count})


def _replay_announcement(
    state: DrawState,
    details: dict[str, Any],
    when: datetime,
    number: int,
    authorities: Authorities,
    data: dict[str, Any],
    complements: dict[int, dict[str, Any]],
) -> None:
    late = details["vivier"]
    round_number, dice_count = details.get("ronde"), details.get("nombre_des")
    if details.get("empreinte") != complement_fingerprint(late, round_number, dice_count):
        raise DrawError(msg.COMPLEMENT_FINGERPRINT_WRONG)
    if round_number is not None:
        published = authorities.network(data["alea"]["drand"]["chaine"]).round_time(round_number)
        if published <= when:
            raise DrawError(
                msg.COMPLEMENT_ROUND_TOO_EARLY.format(round=round_number, published=format_datetime(published))
            )
    record = {"annonce": format_datetime(when), "vivier": [str(i) for i, _ in late], "empreinte": details["empreinte"]}
    record |= {"ronde": round_number} if round_number is not None else {"nombre_des": dice_count}
    state.announce_complement(record)
    complements[len(state.complements)] = {"late": late, "record": record}


def _replay_complement(
    state: DrawState,
    details: dict[str, Any],
    when: datetime,
    number: int,
    report: Report,
    authorities: Authorities,
    data: dict[str, Any],
    complements: dict[int, dict[str, Any]],
    deep: bool,
) -> None:
    announced = complements.get(len(state.complements))
    if announced is None or "tire_le" in announced["record"]:
        raise DrawError(msg.COMPLEMENT_NONE_ANNOUNCED)
    record = announced["record"]
    if "ronde" in record:
        source = details["drand"]
        if source.get("ronde") != record["ronde"] or source.get("chaine") != data["alea"]["drand"]["chaine"]:
            raise DrawError(msg.COMPLEMENT_ROUND_DIFFERS.format(round=record["ronde"]))
        _check_beacon(authorities, source["chaine"], source, deep, msg.THE_COMPLEMENT)
        if authorities.network(source["chaine"]).round_time(record["ronde"]) > when + CLOCK_TOLERANCE:
            raise DrawError(msg.DRAND_NOT_YET.format(round=record["ronde"], published="?", when=format_datetime(when)))
        random_part: dict[str, Any] = {"drand": source}
        record.update({k: source[k] for k in ("valeur", "signature", "signature_precedente") if k in source})
    else:
        record["des"] = check_dice(str(details["des"]), record["nombre_des"])
        random_part = {"des": record["des"]}
    complement_seed = fingerprint({"graine": data.get("graine"), "complement": record["empreinte"], **random_part})
    if details.get("graine") != complement_seed:
        report.errors.append(msg.COMPLEMENT_SEED_WRONG.format(number=number))
    late = Pool.from_commitment(announced["late"])
    order = HashStream(complement_seed, "complement").shuffle(late.ids())
    if details.get("ordre") != order:
        report.errors.append(msg.COMPLEMENT_ORDER_WRONG.format(number=number))
    record.update({"tire_le": format_datetime(when), "ordre": order})
    changes = state.extend_reserve(order, {v.id: v.categories for v in late.volunteers}, when)
    if changes != details.get("changements"):
        report.errors.append(msg.LOG_REPLACEMENT_DIFFERS.format(number=number))


def _compare_state(data: dict[str, Any], state: DrawState, report: Report) -> None:
    result = data["resultat"]
    expected = state.result_data()
    if result.get("groupes") != expected["groupes"]:
        report.errors.append(msg.GROUPS_DIFFER.format(expected=_groups_text(expected["groupes"])))
    if result.get("reserve") != expected["reserve"]:
        report.errors.append(msg.RESERVE_DIFFERS)
    for key, message in (
        ("remplacements", msg.REPLACEMENTS_DIFFER),
        ("places_vacantes", msg.VACANCIES_DIFFER),
        ("quotas", msg.RELAXED_QUOTAS_DIFFER),
        ("complements", msg.COMPLEMENTS_DIFFER),
        ("cloture", msg.CLOSURE_DIFFERS),
    ):
        if result.get(key, [] if key != "cloture" else None) != expected.get(key, [] if key != "cloture" else None):
            report.errors.append(message)
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


# --- Answers not journaled yet -------------------------------------------------------------------


def _pending_candidates(data: dict[str, Any], state: DrawState, report: Report) -> list[tuple[int, Any]]:
    """The items of `reponses` the journal does not hold, with their index; every journaled
    answer must still be there, unchanged."""
    journaled = list(state.responses)
    candidates = []
    for index, item in enumerate(data.get("reponses") or []):
        if item in journaled:
            journaled.remove(item)
        else:
            candidates.append((index, item))
    for missing in journaled:
        report.errors.append(
            msg.JOURNALED_ANSWER_MISSING.format(id=missing["acteur"], answer=missing["reponse"], date=missing["date"])
        )
    return candidates


def _check_pending(
    state: DrawState, candidates: list[tuple[int, Any]], last_change: datetime | None, now: datetime, report: Report
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
            _accept_pending(trial, item, index, when, last_change, now)
        except DrawError as exc:
            report.refuse(exc.message, exc.field)
            continue
        report.pending.append(dict(item))
        word = msg.ANSWER_WORDS[item["reponse"]]
        report.notes.append(msg.PENDING_ANSWER.format(id=item["acteur"], answer=word, date=item["date"]))


def _pending_date(item: Any, index: int) -> datetime:
    where = f"reponses.{index}"
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("acteur", "reponse", "date")):
        raise DrawError(msg.PENDING_UNREADABLE, f"{where}.acteur")
    if item["reponse"] not in (CONFIRMED, DECLINED):
        raise DrawError(msg.PENDING_BAD_ANSWER.format(answer=item["reponse"]), f"{where}.reponse")
    return parse_datetime(item["date"], f"{where}.date")


def _accept_pending(
    state: DrawState, item: dict[str, Any], index: int, when: datetime, last_change: datetime | None, now: datetime
) -> None:
    actor, date = item["acteur"], f"reponses.{index}.date"
    shown = format_datetime(when)
    if when > now + CLOCK_TOLERANCE:
        raise DrawError(msg.PENDING_IN_FUTURE.format(id=actor, date=shown, now=format_datetime(now)), date)
    if last_change is not None and when < last_change:
        raise DrawError(
            msg.PENDING_BEFORE_REPLACEMENT.format(id=actor, date=shown, replaced=format_datetime(last_change)), date
        )
    if state.group_of(actor) is None:
        raise DrawError(msg.ANSWER_NOT_DRAWN.format(id=actor), f"reponses.{index}.acteur")
    withdrawal = item["reponse"] == DECLINED and state.answers.get(actor) == CONFIRMED
    # A contributed answer must come within the reflection period (a withdrawal after a
    # confirmation excepted): after it, silence already gives the place back.
    if not withdrawal and when > state.deadline_of(actor):
        raise DrawError(
            msg.PENDING_LATE.format(id=actor, date=shown, deadline=format_datetime(state.deadline_of(actor))), date
        )
    try:
        state.answer(actor, item["reponse"], when, item.get("transmise_par"))
    except DrawError as exc:
        raise DrawError(exc.message, f"reponses.{index}.acteur") from None
    if not str(item.get("transmise_par") or "").strip():
        # An answer the coordinator did not record must say who sent it (the web form fills it in).
        raise DrawError(msg.PENDING_SENDER_MISSING.format(id=actor), f"reponses.{index}.transmise_par")


# --- Outside the entry ---------------------------------------------------------------------------


def _compare_pool_now(draw: DrawFile, report: Report) -> None:
    """Today's volunteers against the frozen pool: information only."""
    data = draw.entry.data
    try:
        now_pool = build_pool(draw.entry, draw.commons, read_rules(data))
    except DrawError as exc:
        report.notes.append(msg.POOL_NOW_UNREADABLE.format(reason=exc.message))
        return
    frozen = Pool.from_frozen(data["engagements"])
    if now_pool.commitment() != frozen.commitment():
        report.notes.append(msg.POOL_CHANGED_INFO.format(details=_pool_difference(frozen, now_pool)))


def _verify_history(draw: DrawFile, report: Report) -> None:
    """What the git history shows (see `history`)."""
    history = draw.history
    if not history.available or not history.versions:
        report.warnings.append(msg.NO_HISTORY.format(reason=history.reason or "aucun commit"))
        return
    if history.reason:
        report.warnings.append(msg.HISTORY_PARTIAL.format(reason=history.reason))
    data = draw.entry.data
    digest = commitments_digest(data["engagements"])
    first = history.first_prepared()
    if (
        first is not None
        and first.journal is not None
        and (first.journal[0].get("details") or {}).get("engagements") != digest
    ):
        report.errors.append(msg.PREPARED_TWICE.format(commit=first.commit[:12], date=format_datetime(first.date)))
    published = history.first_with(digest)
    if published is None:
        report.warnings.append(msg.COMMITMENTS_NOT_COMMITTED)
    else:
        report.notes.append(
            msg.COMMITMENTS_COMMITTED.format(commit=published.commit[:12], date=format_datetime(published.date))
        )
    current = [e.get("empreinte") for e in data.get("journal") or [] if isinstance(e, dict)]
    for version in history.versions:
        past = [e.get("empreinte") for e in version.journal or [] if isinstance(e, dict)]
        if past != current[: len(past)]:
            where = next(
                (n for n, (a, b) in enumerate(zip(past, current, strict=False), start=1) if a != b), len(current) + 1
            )
            report.errors.append(
                msg.JOURNAL_REWRITTEN.format(
                    commit=version.commit[:12], date=format_datetime(version.date), number=where
                )
            )
            break
    for number, event in enumerate(data.get("journal") or [], start=1):
        depot = (event.get("details") or {}).get("depot") if isinstance(event, dict) else None
        if not isinstance(depot, dict):
            continue
        version = history.by_commit(str(depot.get("commit")))
        length = depot.get("evenements")
        if version is None or not isinstance(length, int):
            report.errors.append(msg.DEPOT_UNKNOWN.format(number=number, commit=str(depot.get("commit"))[:12]))
        elif [e.get("empreinte") for e in version.journal or []] != current[:length]:
            report.errors.append(msg.DEPOT_DIFFERS.format(number=number, commit=version.commit[:12]))
    run = next((e for e in data.get("journal") or [] if isinstance(e, dict) and e.get("evenement") == "tirage"), None)
    publication = (run.get("details") or {}).get("publication") if run else None
    if isinstance(publication, dict) and publication.get("texte"):
        report.notes.append(msg.PUBLISHED_AS_SAID.format(text=publication["texte"]))


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
    return ", ".join(k for k in sorted(set(before) | set(now)) if before.get(k) != now.get(k)) or "?"


def _pool_difference(frozen: Pool, now: Pool) -> str:
    before = {v.id: v.categories for v in frozen.volunteers}
    after = {v.id: v.categories for v in now.volunteers}
    parts = []
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(i for i in set(before) & set(after) if before[i] != after[i])
    for ids, template in ((added, msg.POOL_ADDED), (removed, msg.POOL_REMOVED), (changed, msg.POOL_CATEGORIES_CHANGED)):
        if ids:
            shown = ", ".join(ids[:20]) + (f" (+{len(ids) - 20})" if len(ids) > 20 else "")
            parts.append(template.format(ids=shown))
    return " ; ".join(parts)
