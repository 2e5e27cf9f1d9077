"""Parse and validate many entry files, spreading the work over processes when it pays.

Parsing YAML is pure CPU work; on a 2-core machine a second process nearly halves the time
of checking a large commons. Processes are forked (the compiled validators are inherited,
not pickled) and only when the caller runs no other thread, since forking a threaded
process (a dev server, a web service) can deadlock; otherwise the work runs in-process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from maillage.model import messages as msg
from maillage.model.datafile import attach
from maillage.model.load import Document, read_document
from maillage.model.problems import EntryError, Problem
from maillage.model.schemas import SchemaSet
from maillage.model.slug import is_slug, slugify
from maillage.model.territory import Scope

# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 3000

FileJob = tuple[str, Path, str]  # (folder, path, displayed path)
FileResult = tuple[str, Path, Document | None, list[Problem]]

_for_workers: tuple[SchemaSet, Scope | None] | None = None


def load_files(jobs: list[FileJob], schemas: SchemaSet, scope: Scope | None = None) -> list[FileResult]:
    """Parse and validate each file; results keep the order of `jobs`."""
    workers = _worker_count(len(jobs))
    with _no_cyclic_gc():
        if workers <= 1:
            return _load_chunk(jobs, schemas, scope)
        global _for_workers
        _for_workers = (schemas, scope)
        size = -(-len(jobs) // workers)
        chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=len(chunks) - 1, mp_context=context) as pool:
            futures = [pool.submit(_load_chunk_in_worker, chunk) for chunk in chunks[1:]]
            results = _load_chunk(chunks[0], schemas, scope)
            for future in futures:
                results.extend(future.result())
        return results


def _worker_count(files: int) -> int:
    if files < PARALLEL_THRESHOLD or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))


def _load_chunk_in_worker(jobs: list[FileJob]) -> list[FileResult]:
    assert _for_workers is not None
    with _no_cyclic_gc():
        return _load_chunk(jobs, *_for_workers)


def _load_chunk(jobs: list[FileJob], schemas: SchemaSet, scope: Scope | None) -> list[FileResult]:
    from maillage.model.commons import validate_entry  # circular: commons uses this module

    results: list[FileResult] = []
    for folder, path, display in jobs:
        entry_type = schemas.by_folder[folder]
        problems: list[Problem] = []
        if not is_slug(path.stem):
            suggestion = slugify(path.stem) or "ma-fiche"
            problems.append(Problem(display, 1, 1, msg.BAD_FILE_NAME.format(name=path.name, suggestion=suggestion)))
        elif path.stem in entry_type.reserved_ids:
            # `<folder>/index.md` is the listing page, others are pages of features (the agenda):
            # the entry would silently lose its page, so its file name is refused here.
            message = msg.RESERVED_ID.format(id=path.stem, plural=entry_type.plural, suggestion=f"{path.stem}-1")
            problems.append(Problem(display, 1, 1, message))
        try:
            document: Document | None = read_document(path, display)
        except EntryError as exc:
            problems.extend(exc.problems)
            document = None
        if document is not None:
            problems.extend(attach(document, path, entry_type.data_fields))
            problems.extend(validate_entry(entry_type, document, schemas, scope))
        results.append((folder, path, document, problems))
    return results


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Loading allocates many long-lived, acyclic objects: the cyclic collector only slows it down."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
