"""The small fixed vocabularies of practice and tool pages, with their public explanations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    ONGOING = "lopend", _("Lopend")
    COMPLETED = "afgerond", _("Afgerond")
    STOPPED = "gestopt", _("Gestopt")


class Authenticity(models.TextChoices):
    """Whether a page is real or a fictitious example (PracticePage.illustrative). Tools are
    models to adapt, never fictitious: they are real."""

    REAL = "echt", _("Echt")
    FICTITIOUS = "fictief", _("Fictief voorbeeld")


class EvidenceLevel(models.TextChoices):
    """How much is known about a practice. A level describes knowledge, never an endorsement."""

    DESCRIBED = "beschreven", _("Beschreven")
    EVALUATED = "geevalueerd", _("Geëvalueerd")
    REPEATED = "herhaald", _("Herhaald in meer gemeenten")
    RESEARCHED = "extern-onderzocht", _("Extern onderzocht")

    @property
    def criterion(self):
        return EVIDENCE_CRITERIA[self]


EVIDENCE_CRITERIA = {
    EvidenceLevel.DESCRIBED: _(
        "De gemeente, de initiatiefnemers of een andere bron hebben beschreven wie wat deed "
        "en wanneer."
    ),
    EvidenceLevel.EVALUATED: _(
        "Er is een evaluatie van de praktijk zelf: een terugblik, een verslag of cijfers over "
        "het resultaat. De betrokkenen hebben die gemaakt. U vindt de evaluatie bij de praktijk."
    ),
    EvidenceLevel.REPEATED: _(
        "Minstens twee andere gemeenten hebben dezelfde aanpak gebruikt en ook beschreven."
    ),
    EvidenceLevel.RESEARCHED: _(
        "Onafhankelijke onderzoekers hebben de praktijk of de aanpak onderzocht en hun "
        "onderzoek is openbaar."
    ),
}


class FactorKind(models.TextChoices):
    SUCCESS = "success", _("Succesfactor")
    FAILURE = "failure", _("Faalfactor")


class ToolType(models.TextChoices):
    GUIDE = "handreiking", _("Handreiking")
    METHOD = "werkwijze", _("Werkwijze")
    MODEL_AGREEMENT = "modelovereenkomst", _("Modelovereenkomst")
    SUBSIDY = "subsidieregeling", _("Subsidieregeling")
    CHECKLIST = "checklist", _("Checklist")
    DESK = "loket", _("Loket")
    OTHER = "overig", _("Overig")
