"""Dutch municipalities, identified by their CBS code (GM followed by four digits)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from practices.taxonomy.models import SizeClass

cbs_code_validator = RegexValidator(
    r"\AGM\d{4}\Z",
    _("Een CBS-gemeentecode bestaat uit GM en vier cijfers, bijvoorbeeld GM0193."),
    code="invalid_cbs_code",
)


class Province(models.TextChoices):
    DRENTHE = "drenthe", "Drenthe"
    FLEVOLAND = "flevoland", "Flevoland"
    FRYSLAN = "fryslan", "Fryslân"
    GELDERLAND = "gelderland", "Gelderland"
    GRONINGEN = "groningen", "Groningen"
    LIMBURG = "limburg", "Limburg"
    NOORD_BRABANT = "noord-brabant", "Noord-Brabant"
    NOORD_HOLLAND = "noord-holland", "Noord-Holland"
    OVERIJSSEL = "overijssel", "Overijssel"
    UTRECHT = "utrecht", "Utrecht"
    ZEELAND = "zeeland", "Zeeland"
    ZUID_HOLLAND = "zuid-holland", "Zuid-Holland"

    @classmethod
    def from_label(cls, text):
        """The province for a name as CBS or people write it ('Friesland', 'Fryslân', 'utrecht')."""
        wanted = _fold(text)
        aliases = {"friesland": cls.FRYSLAN}
        if wanted in aliases:
            return aliases[wanted]
        for province in cls:
            if wanted in (_fold(province.label), province.value):
                return province
        return None


def _fold(text):
    return (text or "").strip().lower().replace("â", "a").replace(" ", "-")


class MunicipalityQuerySet(models.QuerySet):
    def in_size_class(self, size_class):
        """Municipalities whose number of inhabitants falls in the size class."""
        queryset = self.filter(inhabitants__gte=size_class.min_inhabitants)
        if size_class.max_inhabitants is not None:
            queryset = queryset.filter(inhabitants__lte=size_class.max_inhabitants)
        return queryset


class Municipality(models.Model):
    name = models.CharField(
        _("naam"),
        max_length=100,
        help_text=_("De officiële naam van de gemeente, zoals het CBS die schrijft."),
    )
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[cbs_code_validator],
        help_text=_(
            "GM en vier cijfers, zoals het CBS de gemeente aanduidt (bijvoorbeeld GM0193)."
        ),
    )
    province = models.CharField(
        _("provincie"),
        max_length=20,
        choices=Province.choices,
        help_text=_("De provincie waar de gemeente ligt."),
    )
    inhabitants = models.PositiveIntegerField(
        _("inwoners"),
        null=True,
        blank=True,
        help_text=_("Aantal inwoners volgens het CBS. De gemeentegrootte volgt hieruit."),
    )
    inhabitants_date = models.DateField(
        _("peildatum inwoners"),
        null=True,
        blank=True,
        help_text=_(
            "De datum waarop het aantal inwoners geldt. Bij de CBS-cijfers 'Bevolking op "
            "1 januari 2024' is dat 1 januari 2024."
        ),
    )

    objects = MunicipalityQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("cbs_code")]),
        FieldPanel("province"),
        FieldRowPanel([FieldPanel("inhabitants"), FieldPanel("inhabitants_date")]),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self):
        return self.name

    def clean(self):
        # A reference date belongs to a figure; alone it would claim a count nobody made.
        if self.inhabitants_date and self.inhabitants is None:
            raise ValidationError(
                {
                    "inhabitants_date": _(
                        "Vul ook het aantal inwoners in, of laat de peildatum leeg."
                    )
                }
            )

    @cached_property
    def size_class(self):
        return SizeClass.objects.for_inhabitants(self.inhabitants)
