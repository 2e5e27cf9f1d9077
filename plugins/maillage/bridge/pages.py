"""The pages of the service: home, form (new or edit), preview, send, tracking, health."""

from __future__ import annotations

import asyncio
import difflib
import functools
import re
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, FileSystemLoader
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from maillage.bridge import messages as msg
from maillage.bridge.abuse import (
    CSRF_COOKIE,
    HONEYPOT_FIELD,
    STAMP_FIELD,
    Stamp,
    client_ip,
    is_loopback_host,
    new_csrf_token,
    origin_allowed,
    own_origins,
)
from maillage.bridge.preview import Row, changes, readable
from maillage.bridge.public import public_data
from maillage.bridge.queue import NewSubmission
from maillage.bridge.state import Bridge
from maillage.bridge.submission import (
    BODY_FIELD,
    BODY_PATH,
    Draft,
    build_draft,
    free_id,
    public_version,
    without_personal,
)
from maillage.bridge.versions import (
    BASE_FIELD,
    CHOICE_CURRENT,
    CHOICE_MINE,
    CONFLICT_PREFIX,
    Base,
    conflict_name,
    conflict_path,
    digest,
    open_base,
    seal_base,
)
from maillage.bridge.widgets import (
    ROWS_PREFIX,
    add_row,
    all_names,
    attach_errors,
    build_widgets,
    compact_rows,
)
from maillage.forms import FormField, find_field, form_fields, values_from_data
from maillage.forms.communes import CHOICE_PREFIX, answers_from_codes, commune_help
from maillage.model import (
    Commons,
    Entry,
    EntryType,
    SchemaSet,
    entry_path,
    entry_zone,
    render_entry,
)
from maillage.model.merge import MISSING, Conflict

ACTION_FIELD = "_action"
MAX_VALUES = 2000  # form fields per request: a schema form has a few dozen, rows included
DATALIST_LIMIT = 1000

_TEMPLATES = Environment(
    loader=FileSystemLoader(__file__.rsplit("/", 1)[0] + "/templates"),
    autoescape=True,  # every contributed value is untrusted: escape everything, always
    trim_blocks=True,
    lstrip_blocks=True,
)
_TEMPLATES.globals["STATE_LABELS"] = msg.STATE_LABELS
_TEMPLATES.tests["iso_date"] = lambda value: re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) is not None


@functools.cache
def fields_of(entry_type: EntryType, schemas: SchemaSet) -> tuple[FormField, ...]:
    """The form fields of a type, derived once from the schemas (they do not change at run time)."""
    return tuple(form_fields(entry_type, schemas))


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A French HTML page; a CSRF cookie is set for new visitors."""
    csrf = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf", None) or new_csrf_token()
    request.state.csrf = csrf
    types = _bridge(request).commons.schemas.types
    return _html(request, _TEMPLATES.get_template(template).render(types=types, **context), status)


def _html(request: Request, body: str, status: int) -> HTMLResponse:
    response = HTMLResponse(body, status_code=status)
    csrf = request.state.csrf
    if request.cookies.get(CSRF_COOKIE) != csrf:
        # Tried on this machine over plain http, a Secure cookie would be dropped by some browsers.
        public = _bridge(request).config.service.url_publique.startswith("https")
        secure = request.url.scheme == "https" or (public and not is_loopback_host(request.url.netloc))
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", secure=secure, path="/")
    return response


def _bridge(request: Request) -> Bridge:
    return request.app.state.bridge


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A French error page that never shows internals."""
    return render(request, "erreur.html", status, message=message)


async def home(request: Request) -> Response:
    """The list of forms."""
    return render(request, "accueil.html")


async def health(request: Request) -> Response:
    """`/sante`: the queue answers; counts per state (no secret, no content)."""
    bridge = _bridge(request)
    counts = await asyncio.to_thread(bridge.queue.counts)
    oldest = await asyncio.to_thread(bridge.queue.oldest_pending_age)
    return JSONResponse(
        {
            "etat": "ok",
            "file_attente": counts,
            "attente_max_secondes": round(oldest),
            "forge": bridge.config.forge.type,
        }
    )


async def references(request: Request) -> Response:
    """`/references/<type>?q=`: ids and titles of published entries, for the search box script."""
    folder = request.path_params["folder"]
    if folder not in _bridge(request).commons.schemas.by_folder:
        return JSONResponse([], status_code=404)
    query = request.query_params.get("q", "").casefold()[:80]
    # `?commencees=1`: only the events that have begun (the subject of a testimony).
    begun = datetime.now(UTC) if request.query_params.get("commencees") == "1" else None
    choices = _bridge(request).commons.choices(folder, begun)
    found = [{"id": e.id, "titre": e.title} for e in choices if query in e.id or query in e.title.casefold()]
    return JSONResponse(found[:50])


# The commune list changes only when the service restarts on another territory or another
# Maillage: browsers keep it an hour, then ask again with its ETag (answered 304 when unchanged).
COMMUNES_CACHE = "public, max-age=3600"


async def communes(request: Request) -> Response:
    """`/communes.json`: the territory's communes for the commune picker (gzipped when accepted)."""
    body = _bridge(request).commune_list
    gzipped = "gzip" in request.headers.get("accept-encoding", "")
    etag = f'"{body.tag}-gzip"' if gzipped else f'"{body.tag}"'
    headers = {"vary": "accept-encoding", "etag": etag, "cache-control": COMMUNES_CACHE}
    if _matches(request.headers.get("if-none-match", ""), etag):
        return Response(status_code=304, headers=headers)
    if gzipped:
        headers["content-encoding"] = "gzip"
    return Response(body.packed if gzipped else body.raw, media_type="application/json", headers=headers)


def _matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match header names this ETag (weak comparison, RFC 9110 §13.1.2)."""
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


async def tracking(request: Request) -> Response:
    """`/suivi/<token>`: where a submission stands."""
    token = request.path_params["token"]
    submission = await asyncio.to_thread(_bridge(request).queue.by_token, token[:64])
    if submission is None:
        return error_page(request, 404, msg.NOT_FOUND)
    link = submission.proposal_url if submission.proposal_url.startswith(("https://", "http://")) else ""
    return render(
        request,
        "suivi.html",
        submission=submission,
        entry_type=_bridge(request).commons.schemas.by_folder[submission.folder],
        state_help=msg.STATE_HELP[submission.state],
        link=link,
        thanks=request.query_params.get("merci") == "1",
    )


async def new_form(request: Request) -> Response:
    """`/proposer/<type>`: an empty form, or its preview/send."""
    entry_type = _bridge(request).commons.schemas.by_folder.get(request.path_params["folder"])
    if entry_type is None:
        return error_page(request, 404, msg.UNKNOWN_TYPE)
    if request.method in ("GET", "HEAD"):
        prefilled = _prefilled(request, entry_type)
        if prefilled:  # a link that names what to fill in (a rencontre to testify about)
            return _form_page(request, entry_type, None, prefilled, "")
        return _empty_form(request, entry_type)
    return await _post(request, entry_type, None)


PREFILL_LIMIT = 200  # characters of a value given in the address


def _prefilled(request: Request, entry_type: EntryType) -> dict[str, list[str]]:
    """Values given in the form's address (`/proposer/temoignages?rencontre=<id>`), for the fields
    that hold one value; anything else in the address is ignored. The preview checks them all."""
    fields = fields_of(entry_type, _bridge(request).commons.get().schemas)
    single = {f.name for f in _leaves(fields) if f.kind not in ("group", "repeat", "checkboxes", "references", "lines")}
    return {name: [value[:PREFILL_LIMIT]] for name, value in request.query_params.items() if name in single and value}


# The empty form of a type is the most requested page and the same for everyone but its stamp:
# render it once per loaded commons, then put each visitor's stamp in the slot.
_STAMP_SLOT = "0.000000000000000000000000.emplacement"


def _empty_form(request: Request, entry_type: EntryType) -> HTMLResponse:
    bridge = _bridge(request)
    bridge.commons.get()
    # Kept by this service, for the version of the commons it has loaded (never shared with
    # another service of the same process, which serves another commons).
    forms = bridge.empty_forms
    # A form that offers only the rencontres already begun changes as each one begins.
    rule = entry_type.testimony
    begun = len(bridge.commons.choices(rule.folder, datetime.now(UTC))) if rule else None
    key = (entry_type.folder, bridge.commons.version, begun)
    html = forms.get(key)
    if html is None:
        html = _form_page(request, entry_type, None, {}, "", stamp=_STAMP_SLOT).body.decode("utf-8")
        for stale in [k for k in forms if k[1] != key[1]]:
            del forms[stale]
        forms[key] = html
    request.state.csrf = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
    stamp = bridge.stamps.issue(request.state.csrf)
    return _html(request, html.replace(f'value="{_STAMP_SLOT}"', f'value="{stamp}"', 1), 200)


async def edit_form(request: Request) -> Response:
    """`/modifier/<type>/<id>`: a form pre-filled from the current file, or its preview/send."""
    entry_type = _bridge(request).commons.schemas.by_folder.get(request.path_params["folder"])
    if entry_type is None:
        return error_page(request, 404, msg.UNKNOWN_TYPE)
    commons = _bridge(request).commons.get()
    entry = commons.entries.get(request.path_params["entry_id"])
    # An entry that may not be published gets the very answer of one that does not exist.
    if entry is None or entry.type != entry_type or not entry.publishable:
        return error_page(request, 404, msg.UNKNOWN_ENTRY.format(id=request.path_params["entry_id"][:80]))
    if request.method in ("GET", "HEAD"):
        data, body = public_version(entry, commons)
        values = values_from_data(entry_type, data, commons.schemas)
        answers_from_codes(entry_type, values, commons.schemas)
        return _form_page(request, entry_type, entry, values, body)
    return await _post(request, entry_type, entry)


def shown_fields(entry_type: EntryType, existing: Entry | None, schemas: SchemaSet) -> tuple[FormField, ...]:
    """The fields of the form: for an existing person, neither her consent nor her personal
    details, which only the maintainers change."""
    fields = fields_of(entry_type, schemas)
    if existing is None or not existing.is_person or entry_type.person is None:
        return fields
    return _without_personal_fields(fields, entry_type.person.consent)


def _without_personal_fields(fields: Iterable[FormField], consent: str) -> tuple[FormField, ...]:
    kept = []
    for f in fields:
        if f.personal or f.name == consent:
            continue
        if f.kind == "group":
            children = _without_personal_fields(f.children, consent)
            if not children:
                continue
            f = replace(f, children=children)
        kept.append(f)
    return tuple(kept)


def _form_page(
    request: Request,
    entry_type: EntryType,
    existing: Entry | None,
    values: dict[str, list[str]],
    body: str,
    *,
    draft: Draft | None = None,
    notice: str = "",
    stamp: str = "",
    status: int = 200,
    base: str | None = None,
    settled: dict[str, bool] | None = None,
) -> HTMLResponse:
    bridge = _bridge(request)
    commons = bridge.commons.get()
    fields = shown_fields(entry_type, existing, commons.schemas)
    all_problems = draft.problems if draft else []
    errors: dict[str, list[str]] = {}
    for problem in all_problems:
        errors.setdefault(problem.field or "", []).append(problem.message)
    names = all_names(build_widgets(fields, values, {})) | {BODY_FIELD}
    placed = attach_errors(errors, names)
    widgets = build_widgets(fields, values, placed)
    folders = sorted({f.reference_folder for f in _leaves(fields) if f.reference_folder})
    begun_only = _begun_only(entry_type)
    begun = {f.reference_folder for f in _leaves(fields) if f.name in begun_only}
    now = datetime.now(UTC)
    datalists = {folder: bridge.commons.choices(folder, now if folder in begun else None)[:DATALIST_LIMIT]
                 for folder in folders}
    request.state.csrf = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
    preview = diff = ""
    kept_hidden = False
    readable_rows: list[Row] = []
    changed: list[tuple[str, str, str]] = []
    if draft is not None and not all_problems and not draft.conflicts:
        # What the public form may show (see `bridge.public`): the preview, the readable entry and
        # the diff never hold a hidden reference nor a person's personal details.
        shown_data = _public_data(draft.data, entry_type, existing, commons)
        preview = render_entry(shown_data, draft.body)
        kept_hidden = preview != draft.file_text
        readable_rows = readable(fields, shown_data, commons, entry_zone(entry_type, shown_data))
        if existing is not None:
            shown_before = _public_data(existing.data, entry_type, existing, commons)
            before = render_entry(shown_before, existing.body)
            changed = changes(readable(fields, shown_before, commons, entry_zone(entry_type, shown_before)),
                              readable_rows)
            diff = "".join(
                difflib.unified_diff(
                    before.splitlines(keepends=True), preview.splitlines(keepends=True), "avant", "après"
                )
            )
    if base is None and existing is not None:
        # The form carries the version it shows: the current one.
        data, current_body = public_version(existing, commons)
        base = seal_base(bridge.stamps, Base(digest(existing), data, current_body))
    conflicts = draft.conflicts if draft else []
    return render(
        request,
        "formulaire.html",
        status,
        entry_type=entry_type,
        existing=existing,
        widgets=widgets,
        body=body,
        body_errors=placed.get(BODY_FIELD, []),
        general_errors=placed.get("", []),
        summary=[(_ident(name), m) for name, messages in placed.items() for m in messages],
        error_count=len(all_problems),
        rows={k: v for k, v in values.items() if k.startswith(ROWS_PREFIX)},
        datalists=datalists,
        preview=preview,
        readable=readable_rows,
        changed=changed,
        body_changed=existing is not None and draft is not None and draft.body.strip() != existing.body.strip(),
        diff=diff,
        kept_hidden=kept_hidden,
        commune_help=commune_help(bridge.settings.scope),
        commune_choices={name: answer.candidates for name, answer in draft.unsettled.items()} if draft else {},
        notice=notice,
        stamp=stamp or bridge.stamps.issue(request.state.csrf),
        stamp_field=STAMP_FIELD,
        base=base or "",
        base_field=BASE_FIELD,
        conflicts=[_conflict_view(c, fields, entry_type, commons) for c in conflicts],
        choice_prefix=CHOICE_PREFIX,
        conflict_prefix=CONFLICT_PREFIX,
        # Conflicts already settled travel with the form until the last one is.
        settled={name: CHOICE_MINE if keep else CHOICE_CURRENT for name, keep in (settled or {}).items()},
        honeypot=HONEYPOT_FIELD,
        action_field=ACTION_FIELD,
        body_field=BODY_FIELD,
        with_body=entry_type.testimony is None,  # a testimony's words are its own field (`x-temoignage`)
        consent=_consent_labels(fields, entry_type),
        begun_only=begun_only,
        person_edit=existing is not None and existing.is_person,
        stamp_minutes=round(bridge.config.limites.validite_formulaire_minutes),
    )


def _public_data(data: dict, entry_type: EntryType, existing: Entry | None, commons: Commons) -> dict:
    """Entry data as the public form may show it (see `bridge.public`)."""
    shown = public_data(data, entry_type, commons)
    if existing is not None and existing.is_person:
        shown = without_personal(shown, commons, entry_type)
    return shown


def _begun_only(entry_type: EntryType) -> frozenset[str]:
    """The fields that may only cite an event already begun: a testimony's subject (`x-temoignage`)."""
    rule = entry_type.testimony
    return frozenset({".".join(p for p in rule.target if p != "*")}) if rule else frozenset()


def _consent_labels(fields: Iterable[FormField], entry_type: EntryType) -> dict[str, str] | None:
    """For a type that may describe persons (`x-personne`): the labels of its consent boxes."""
    if entry_type.person is None:
        return None
    consent = entry_type.person.consent
    return {f.name.removeprefix(consent + "."): f.label for f in _leaves(fields) if f.name.startswith(consent + ".")}


def _conflict_view(conflict: Conflict, fields: Iterable[FormField], entry_type: EntryType, commons: Commons) -> dict:
    """A conflict as the form shows it: the field's label and the three values, as text."""
    name = conflict_name(conflict.path)
    found = find_field(fields, name) if conflict.path != BODY_PATH else None
    label = found.label if found else ("Texte de la fiche" if conflict.path == BODY_PATH else name)
    return {
        "name": name,
        "ident": "conflit-" + name.replace(".", "-"),
        "label": label,
        "base": _as_text(conflict.base),
        "mine": _as_text(conflict.mine),
        "theirs": _as_text(conflict.theirs),
    }


def _as_text(value: object) -> str:
    if value is MISSING or value in (None, "", [], {}):
        return "(vide)"
    if isinstance(value, list):
        return ", ".join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return " ; ".join(f"{k} : {_as_text(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def _ident(name: str) -> str:
    return "champ-" + name.replace(".", "-") if name else ""


def _leaves(fields: Iterable[FormField]) -> Iterator[FormField]:
    for f in fields:
        yield f
        yield from _leaves(f.children)


async def _post(request: Request, entry_type: EntryType, existing: Entry | None) -> Response:
    bridge = _bridge(request)
    own = own_origins(bridge.config.service.url_publique, request.url.scheme, request.url.netloc)
    if not origin_allowed(request.headers.get("origin"), request.headers.get("referer"), own):
        return error_page(request, 403, msg.BAD_ORIGIN)
    form = await request.form(max_files=0, max_fields=MAX_VALUES)
    posted = _read_form(form)
    if posted.honeypot.strip():
        return error_page(request, 400, msg.HONEYPOT)
    commons = bridge.commons.get()
    fields = shown_fields(entry_type, existing, commons.schemas)
    values = compact_rows(fields, posted.values)
    # A testimony's form has no body (its words are a field): a body posted anyway is not taken,
    # an edit keeps the file's own.
    body = posted.body if entry_type.testimony is None else (existing.body if existing else "")
    csrf = request.cookies.get(CSRF_COOKIE, "")
    limits = bridge.config.limites
    stamp = bridge.stamps.check(posted.stamp, csrf)
    validity = limits.validite_formulaire_minutes * 60
    if stamp is None or time.time() - stamp.issued_at > validity:
        return _form_page(request, entry_type, existing, values, body, notice=msg.FORM_EXPIRED, status=400)
    # Every answer to a post carries a fresh stamp of the same form (same idempotency key), so the
    # validity runs from the last page shown.
    fresh = bridge.stamps.issue(csrf, nonce=stamp.nonce)
    if posted.action.startswith("ajouter:"):
        add_row(values, posted.action.removeprefix("ajouter:"), fields)
        return _form_page(request, entry_type, existing, values, body, stamp=fresh)
    base: Base | None = None
    if existing is not None:
        base = open_base(bridge.stamps, posted.base)
        if base is None:  # without the version it was made from, an edit could undo later changes
            return _form_page(request, entry_type, existing, values, body, notice=msg.FORM_EXPIRED, stamp=fresh,
                              status=400)
    choices = {
        path: posted.choices[name] == CHOICE_MINE
        for name in posted.choices
        if (path := conflict_path(name)) and posted.choices[name] in (CHOICE_MINE, CHOICE_CURRENT)
    }
    # A millisecond or two of pure Python: cheaper on the event loop than a hop to a thread,
    # which would only add lock handovers between threads.
    draft = build_draft(entry_type, values, body, commons, existing, scope=bridge.settings.scope, base=base,
                        choices=choices)
    if draft.conflicts:
        # Never sent as it stands: the contributor chooses for every field both sides changed.
        # The form keeps its base until every conflict is settled, so each one is shown again.
        return _form_page(request, entry_type, existing, _merged_values(draft, values, commons), draft.body,
                          draft=draft, notice=msg.CONFLICTS, stamp=fresh, status=409, base=posted.base,
                          settled={conflict_name(path): keep for path, keep in choices.items()})
    if draft.rebased and not choices:
        # Carried onto the current version without conflict: shown before it can be sent.
        return _form_page(request, entry_type, existing, _merged_values(draft, values, commons), draft.body,
                          draft=draft, notice=msg.REBASED, stamp=fresh, status=409)
    if posted.action != "envoyer" or not draft.ok or draft.rebased:
        if draft.rebased:  # the settled version, shown before it can be sent
            values = _merged_values(draft, values, commons)
            body = draft.body
        status = 200 if draft.ok else 422
        values = draft.values if not draft.rebased else values
        return _form_page(request, entry_type, existing, values, body, draft=draft, stamp=fresh, status=status)
    return await _send(request, bridge, draft, existing, stamp, fresh)


@dataclass(frozen=True)
class Posted:
    """What a form post carries besides the entry's values."""

    values: dict[str, list[str]]
    body: str
    action: str
    stamp: str
    honeypot: str
    base: str
    choices: dict[str, str]


_CONTROL_FIELDS = (STAMP_FIELD, ACTION_FIELD, HONEYPOT_FIELD, BODY_FIELD, BASE_FIELD)


def _read_form(form: FormData) -> Posted:
    values: dict[str, list[str]] = {}
    choices: dict[str, str] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str) or key in _CONTROL_FIELDS:
            continue
        if key.startswith(CONFLICT_PREFIX):
            choices[key.removeprefix(CONFLICT_PREFIX)] = value
        else:
            values.setdefault(key, []).append(value)
    text = lambda name: value if isinstance(value := form.get(name, ""), str) else ""  # noqa: E731
    return Posted(values, text(BODY_FIELD), text(ACTION_FIELD), text(STAMP_FIELD), text(HONEYPOT_FIELD),
                  text(BASE_FIELD), choices)


def _merged_values(draft: Draft, values: dict[str, list[str]], commons: Commons) -> dict[str, list[str]]:
    """The form's values for an edit carried onto the current version (its public view)."""
    entry_type = draft.entry_type
    merged = values_from_data(entry_type, public_data(draft.data, entry_type, commons), commons.schemas)
    answers_from_codes(entry_type, merged, commons.schemas)
    return {**_rows(values), **merged}


def _rows(values: dict[str, list[str]]) -> dict[str, list[str]]:
    """The row counts of repeat groups (kept when the form is shown again)."""
    return {k: v for k, v in values.items() if k.startswith(ROWS_PREFIX)}


async def _send(
    request: Request, bridge: Bridge, draft: Draft, existing: Entry | None, stamp: Stamp, fresh: str
) -> Response:
    limits = bridge.config.limites
    entry_type = draft.entry_type
    if time.time() - stamp.issued_at < limits.delai_min_secondes:
        return _form_page(
            request, entry_type, existing, draft.values, draft.body, draft=draft, notice=msg.FORM_TOO_FAST,
            stamp=fresh, status=429,
        )
    key = bridge.stamps.idempotency_key(stamp)
    known = bridge.queue.by_key(key)  # an indexed read; WAL readers never wait for writers
    if known is None:
        ip = client_ip(
            request.client.host if request.client else None,
            request.headers.get("x-forwarded-for"),
            bridge.config.service.proxys_de_confiance,
        )
        if not bridge.limiter.allow(ip):
            return _form_page(
                request, entry_type, existing, draft.values, draft.body, draft=draft, notice=msg.RATE_LIMITED,
                stamp=fresh, status=429,
            )
        # Each address has its own share of open proposals: a few senders cannot block the others
        # (beyond the forge's cap, proposals wait in the queue: see the worker).
        origin = bridge.stamps.fingerprint(ip)
        if bridge.queue.count_open_from(origin) >= limits.propositions_ouvertes_par_adresse:
            return _form_page(
                request, entry_type, existing, draft.values, draft.body, draft=draft,
                notice=msg.TOO_MANY_OPEN_FROM_YOU.format(count=limits.propositions_ouvertes_par_adresse),
                stamp=fresh, status=429,
            )
        known, _ = await asyncio.wrap_future(_enqueue(bridge, draft, existing, key, origin))
        bridge.worker.wake()
    return RedirectResponse(f"/suivi/{known.tracking_token}?merci=1", status_code=303)


def _enqueue(bridge: Bridge, draft: Draft, existing: Entry | None, key: str, origin: str) -> Future:
    entry_type = draft.entry_type
    commons = bridge.commons.get()
    content = bridge.config.service.contenu

    def entry_id(reserved: set[str]) -> str:
        if existing is not None:
            return existing.id
        new_id = free_id(draft.title, entry_type.singular, set(commons.entries) | reserved | entry_type.reserved_ids)
        entry_path(content, entry_type.folder, new_id)  # raises on anything that could escape content/
        return new_id

    new = NewSubmission(
        idempotency_key=key,
        folder=entry_type.folder,
        action="modification" if existing else "creation",
        title=draft.title,
        file_text=draft.file_text,
        base_text=render_entry(existing.data, existing.body) if existing else "",
        origin=origin,
    )
    return bridge.writer.add(new, entry_id)
