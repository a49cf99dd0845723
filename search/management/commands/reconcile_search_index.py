from django.core.management.base import BaseCommand, CommandError

from search.backends.base import EngineUnavailable
from search.documents import published_documents
from search.service import index_backends


class Command(BaseCommand):
    help = (
        "Vergelijkt elke zoekindex met de gepubliceerde pagina's en herstelt de verschillen: "
        "ontbrekende en verouderde documenten worden geïndexeerd, overbodige verwijderd. "
        "Draai dit na een storing van de zoekmachine, of geregeld (bijvoorbeeld elk uur)."
    )

    def handle(self, **options):
        documents = {document.key: document for document in published_documents()}
        unreachable = []
        for backend in index_backends():
            try:
                self._reconcile(backend, documents)
            except EngineUnavailable as error:
                self.stdout.write(f"{backend.name}: onbereikbaar ({error}); niets hersteld.")
                unreachable.append(backend.name)
        if unreachable:
            raise CommandError(f"Niet hersteld: {', '.join(unreachable)}; probeer het later.")

    def _reconcile(self, backend, documents):
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
            self.stdout.write(f"{backend.name}: in orde ({len(indexed)} documenten).")
            return
        self.stdout.write(
            f"{backend.name}: {len(missing)} ontbrekend toegevoegd, {len(stale)} verouderd "
            f"bijgewerkt, {len(extra)} overbodig verwijderd."
        )
        for label, keys in (("toegevoegd", missing), ("bijgewerkt", stale), ("verwijderd", extra)):
            for key in keys:
                self.stdout.write(f"  {label}: {key} {self._title(documents, key)}".rstrip())

    @staticmethod
    def _title(documents, key):
        return f"({documents[key].title})" if key in documents else ""
