"""Delete submitters' personal data: on request (by reference number) or after the retention."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from practices.submissions.models import Submission
from practices.submissions.retention import clean_up, delete_contact


class Command(BaseCommand):
    help = (
        "Verwijder contactgegevens van inzenders: op verzoek met --reference, of met --expired "
        "alles wat langer dan de bewaartermijn (SUBMISSION_CONTACT_RETENTION_DAYS) na publicatie "
        "of afwijzing is bewaard, plus nooit verstuurde concepten met een verlopen link."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reference",
            action="append",
            default=[],
            metavar="PB-JJJJ-NNNNNN",
            help="Referentienummer van de inzending; mag vaker.",
        )
        parser.add_argument(
            "--expired", action="store_true", help="Verwijder wat over de bewaartermijn is."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Laat alleen zien wat verwijderd zou worden."
        )

    def handle(self, *args, reference, expired, dry_run, **options):
        if not reference and not expired:
            raise CommandError("Geef --reference PB-... of --expired op.")
        prefix = "[proef] " if dry_run else ""
        for number in reference:
            submission = Submission.objects.filter(reference=number.strip().upper()).first()
            if submission is None:
                raise CommandError(f"Geen inzending met referentienummer {number}.")
            if dry_run:
                has_contact = hasattr(submission, "contact")
                self.stdout.write(
                    f"{prefix}{submission.reference}: contactgegevens "
                    + ("zouden worden verwijderd." if has_contact else "waren al verwijderd.")
                )
            elif delete_contact(submission):
                self.stdout.write(f"{submission.reference}: contactgegevens verwijderd.")
            else:
                self.stdout.write(f"{submission.reference}: contactgegevens waren al verwijderd.")
        if expired:
            result = clean_up(dry_run=dry_run)
            days = settings.SUBMISSION_CONTACT_RETENTION_DAYS
            self.stdout.write(
                f"{prefix}Bewaartermijn {days} dagen: {result.contacts} contactgegevens en "
                f"{result.abandoned} verlopen concepten verwijderd."
            )
