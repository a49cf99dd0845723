"""The site side of platform/prove: page changes as editors make them, and what the index holds.

Run inside the production set's environment (the settings and database of platform/serve):

    python -m tests.prove.operations change --count 200 --seed 1   # publish/edit/move/... pages
    python -m tests.prove.operations differences                    # index versus published set
    python -m tests.prove.operations queue                          # index work still waiting
    python -m tests.prove.operations rows                           # row and file counts

Every command prints one JSON object on stdout. A change is one transaction, as an editor's
request is: its index work is queued by the same signals as in the admin.
"""

import argparse
import json
import os
import random
import sys
from pathlib import Path


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()


def change(count, seed):
    """``count`` random editor operations on practice pages: publish a new page, edit, unpublish,
    republish, move and delete — each committed on its own."""
    from django.db import transaction

    from practices.library.models import PracticeIndexPage, PracticePage

    chooser = random.Random(seed)
    done = {"publish": 0, "edit": 0, "unpublish": 0, "republish": 0, "move": 0, "delete": 0}
    # Every kind of operation as often as the others, in a random order.
    planned = (list(done) * (count // len(done) + 1))[:count]
    chooser.shuffle(planned)
    for number, operation in enumerate(planned):
        with transaction.atomic():
            live = list(PracticePage.objects.live().order_by("pk").values_list("pk", flat=True))
            hidden = list(PracticePage.objects.not_live().values_list("pk", flat=True))
            if (operation == "republish" and not hidden) or len(live) < 5:
                operation = "publish"
            page = PracticePage.objects.get(
                pk=chooser.choice(hidden if operation == "republish" else live)
            )
            if operation == "publish":
                copy = page.copy(
                    update_attrs={
                        "title": f"{page.title} (proef {seed}-{number})",
                        "slug": f"proef-{seed}-{number}",
                    },
                    keep_live=False,
                )
                copy.save_revision().publish()
            elif operation == "edit":
                page.summary = f"{page.summary.split(' [')[0]} [wijziging {seed}-{number}]"
                page.save_revision().publish()
            elif operation == "unpublish":
                page.unpublish()
            elif operation == "republish":
                page.save_revision().publish()
            elif operation == "move":
                index = PracticeIndexPage.objects.first()
                target = (
                    index
                    if page.get_parent().specific_class is not PracticeIndexPage
                    else (
                        PracticePage.objects.live()
                        .exclude(pk=page.pk)
                        .exclude(path__startswith=page.path)
                        .first()
                    )
                )
                page.move(target, pos="last-child")
            elif operation == "delete":
                page.delete()
        done[operation] += 1
    return done


def differences():
    """Per index: pages missing, stale (an older version) and extra, against the published set."""
    from search.backends.base import EngineUnavailable
    from search.documents import published_documents
    from search.service import index_backends

    documents = {document.key: document.fingerprint for document in published_documents()}
    report = {"published": len(documents)}
    for backend in index_backends():
        try:
            indexed = backend.indexed_fingerprints()
        except EngineUnavailable as error:
            report[backend.name] = {"unreachable": str(error)}
            continue
        report[backend.name] = {
            "missing": sum(key not in indexed for key in documents),
            "stale": sum(key in indexed and indexed[key] != fp for key, fp in documents.items()),
            "extra": sum(key not in documents for key in indexed),
        }
    return report


def queue():
    """How much index work waits: rows in the outbox, and tasks not yet run by the worker."""
    from search.models import QueuedIndexUpdate

    report = {"queued": QueuedIndexUpdate.objects.count()}
    try:
        from django_tasks_db.models import DBTaskResult

        report["tasks_waiting"] = DBTaskResult.objects.filter(
            status__in=["READY", "RUNNING"]
        ).count()
    except Exception as error:
        report["tasks_waiting"] = f"n/a ({error.__class__.__name__})"
    return report


def rows():
    """Counts that hostile input must not change: rows people could create, and stored files."""
    from django.apps import apps
    from django.conf import settings

    # What a visitor could create (submissions, alerts), and for the backup what must come back
    # (pages, revisions, practices, images, documents, users). Not sessions or cached renditions.
    apps_counted = {"submissions", "alerts", "library", "wagtailcore", "wagtaildocs", "auth"}
    # Wagtail's reference index is derived data (what links to what), rebuilt on every save.
    derived = {"wagtailcore.ReferenceIndex"}
    counted = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in apps_counted and model._meta.label not in derived
    }
    counted["wagtailimages.Image"] = apps.get_model("wagtailimages", "Image").objects.count()
    for name, root in (
        ("media files", settings.MEDIA_ROOT),
        ("private files", settings.PRIVATE_MEDIA_ROOT),
    ):
        counted[name] = (
            sum(1 for path in Path(root).rglob("*") if path.is_file()) if Path(root).exists() else 0
        )
    return counted


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    changing = commands.add_parser("change")
    changing.add_argument("--count", type=int, default=200)
    changing.add_argument("--seed", type=int, default=1)
    for name in ("differences", "queue", "rows"):
        commands.add_parser(name)
    options = parser.parse_args(argv)
    _setup()
    if options.command == "change":
        result = change(options.count, options.seed)
    else:
        result = {"differences": differences, "queue": queue, "rows": rows}[options.command]()
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
