"""Delete submitters' personal data: on request (by reference number) or after the retention."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.submissions.models import Submission
from practices.submissions.retention import clean_up, delete_contact


class Command(BaseCommand):
    # Read when the command is loaded, in the site language (argparse takes no lazy text).
    help = _(
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
            help=gettext_lazy("Referentienummer van de inzending; mag vaker."),
        )
        parser.add_argument(
            "--expired",
            action="store_true",
            help=gettext_lazy("Verwijder wat over de bewaartermijn is."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Laat alleen zien wat verwijderd zou worden."),
        )

    def handle(self, *args, reference, expired, dry_run, **options):
        if not reference and not expired:
            raise CommandError(_("Geef --reference PB-... of --expired op."))
        for number in reference:
            submission = Submission.objects.filter(reference=number.strip().upper()).first()
            if submission is None:
                raise CommandError(
                    _("Geen inzending met referentienummer %(reference)s.") % {"reference": number}
                )
            self.stdout.write(self._contact_line(submission, dry_run))
        if expired:
            result = clean_up(dry_run=dry_run)
            self.stdout.write(
                self._prefix(dry_run)
                + _(
                    "Bewaartermijn %(days)d dagen: %(contacts)d contactgegevens en %(abandoned)d "
                    "verlopen concepten verwijderd."
                )
                % {
                    "days": settings.SUBMISSION_CONTACT_RETENTION_DAYS,
                    "contacts": result.contacts,
                    "abandoned": result.abandoned,
                }
            )

    def _contact_line(self, submission, dry_run):
        if dry_run:
            line = (
                _("%(reference)s: contactgegevens zouden worden verwijderd.")
                if hasattr(submission, "contact")
                else _("%(reference)s: contactgegevens waren al verwijderd.")
            )
        elif delete_contact(submission):
            line = _("%(reference)s: contactgegevens verwijderd.")
        else:
            line = _("%(reference)s: contactgegevens waren al verwijderd.")
        return self._prefix(dry_run) + line % {"reference": submission.reference}

    def _prefix(self, dry_run):
        return _("[proef]") + " " if dry_run else ""
