from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from search.backends.base import EngineUnavailable
from search.documents import published_documents
from search.index_queue import forget_repaired
from search.service import index_backends


class Command(BaseCommand):
    # Read when the command is loaded, in the site language (argparse takes no lazy text).
    help = _(
        "Vergelijkt elke zoekindex met de gepubliceerde pagina's en herstelt de verschillen: "
        "ontbrekende en verouderde documenten worden geïndexeerd, overbodige verwijderd. "
        "Draai dit na een storing van de zoekmachine, of geregeld (bijvoorbeeld elk uur)."
    )

    def handle(self, **options):
        # Index work queued before the published pages are read is repaired below with them.
        started = timezone.now()
        documents = {document.key: document for document in published_documents()}
        unreachable = []
        for backend in index_backends():
            try:
                self._reconcile(backend, documents)
            except EngineUnavailable as error:
                self.stdout.write(
                    _("%(backend)s: onbereikbaar (%(error)s); niets hersteld.")
                    % {"backend": backend.name, "error": error}
                )
                unreachable.append(backend.name)
        if unreachable:
            raise CommandError(
                _("Niet hersteld: %(backends)s; probeer het later.")
                % {"backends": ", ".join(unreachable)}
            )
        forgotten = forget_repaired(started)
        if forgotten:
            self.stdout.write(
                ngettext(
                    "Wachtrij: %(count)s wijziging was hiermee verwerkt en is eruit gehaald.",
                    "Wachtrij: %(count)s wijzigingen waren hiermee verwerkt en zijn eruit gehaald.",
                    forgotten,
                )
                % {"count": forgotten}
            )

    def _reconcile(self, backend, documents):
        outdated = backend.outdated_fields()
        if outdated:
            # The engine's mapping is strict: a new facet's field must be mapped before any
            # document with it can be written, so the index is made anew (zero downtime).
            written = backend.rebuild(documents.values())
            self.stdout.write(
                _(
                    "%(backend)s: de indeling van de index was verouderd (ontbrak: "
                    "%(fields)s); opnieuw opgebouwd met %(count)s documenten."
                )
                % {"backend": backend.name, "fields": ", ".join(outdated), "count": written}
            )
            return
        indexed = backend.indexed_fingerprints()
        missing = [key for key in documents if key not in indexed]
        stale = [
            key
            for key in documents
            if key in indexed and indexed[key] != documents[key].fingerprint
        ]
        extra = sorted(key for key in indexed if key not in documents)
        if missing or stale:
            backend.index(documents[key] for key in [*missing, *stale])
        if extra:
            backend.delete(extra)
        if not (missing or stale or extra):
            self.stdout.write(
                ngettext(
                    "%(backend)s: in orde (%(count)s document).",
                    "%(backend)s: in orde (%(count)s documenten).",
                    len(indexed),
                )
                % {"backend": backend.name, "count": len(indexed)}
            )
            return
        self.stdout.write(
            _(
                "%(backend)s: %(missing)s ontbrekend toegevoegd, %(stale)s verouderd "
                "bijgewerkt, %(extra)s overbodig verwijderd."
            )
            % {
                "backend": backend.name,
                "missing": len(missing),
                "stale": len(stale),
                "extra": len(extra),
            }
        )
        for label, keys in (
            (_("toegevoegd"), missing),
            (_("bijgewerkt"), stale),
            (_("verwijderd"), extra),
        ):
            for key in keys:
                self.stdout.write(f"  {label}: {key} {self._title(documents, key)}".rstrip())

    @staticmethod
    def _title(documents, key):
        return f"({documents[key].title})" if key in documents else ""
