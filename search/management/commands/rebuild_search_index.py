import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from search.backends.base import EngineUnavailable
from search.backends.database import DatabaseBackend
from search.backends.engine import EngineBackend
from search.documents import practice_pages, published_documents, tool_pages
from search.management.progress import ProgressBar, ticking
from search.models import IndexEntry
from search.service import index_backends


class Command(BaseCommand):
    # Read when the command is loaded, in the site language (argparse takes no lazy text).
    help = _(
        "Bouwt de zoekindex opnieuw op uit alle gepubliceerde pagina's: de database-index en, "
        "als ELASTICSEARCH_URL is ingesteld, de zoekmachine (een nieuwe index naast de oude, "
        "dan de alias in één keer omgezet: zoeken blijft intussen werken)."
    )

    def handle(self, **options):
        total = practice_pages().count() + tool_pages().count()
        summary = []
        for backend in index_backends():
            started = time.monotonic()
            bar = ProgressBar(self.stderr, backend.name, total)
            try:
                written = self._rebuild(backend, bar)
            except EngineUnavailable as error:
                bar.finish()
                raise CommandError(
                    _(
                        "Zoekmachine onbereikbaar (%(error)s); niet opnieuw opgebouwd. "
                        "Wel: %(done)s."
                    )
                    % {"error": error, "done": "; ".join(summary) or _("niets")}
                ) from error
            bar.finish()
            summary.append(self._written(backend, written, started))
        self.stdout.write(
            _("Zoekindex opnieuw opgebouwd: %(summary)s.") % {"summary": "; ".join(summary)}
        )

    def _rebuild(self, backend, bar):
        if isinstance(backend, DatabaseBackend):
            with transaction.atomic():  # searches see the old rows until the new ones are in
                IndexEntry.objects.all().delete()
                return backend.index(ticking(published_documents(), bar))
        if isinstance(backend, EngineBackend):
            return backend.rebuild(published_documents(), progress=bar.update)
        # A backend added to index_backends() without a way to rebuild it: a programming error.
        raise CommandError(f"Unknown search backend: {backend.name}")

    @staticmethod
    def _written(backend, count, started):
        return ngettext(
            "%(backend)s %(count)s document in %(duration)s",
            "%(backend)s %(count)s documenten in %(duration)s",
            count,
        ) % {"backend": backend.name, "count": count, "duration": _since(started)}


def _since(started):
    return f"{time.monotonic() - started:.1f} s"
