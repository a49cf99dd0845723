"""Every field an editor fills in says what goes in and why (a ``help_text``).

The rule covers every concrete model of our apps, field by field; what no editor ever sees is
named below, with the reason, so that a new field without a help text fails here at once.
"""

from django.apps import apps
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

APPS = ("taxonomy", "municipalities", "library", "submissions", "search")

# Whole tables that no editor opens: the database backend's index and its version row,
# written by search.backends only, and the outbox of index work (search.index_queue), which
# editors read only as counts on the "Zoekindex" report.
INTERNAL_MODELS = {"search.IndexEntry", "search.IndexVersion", "search.QueuedIndexUpdate"}

# Fields of editor-facing models that no editor sees or fills in.
INTERNAL_FIELDS = {
    # Taggit's row linking a practice to a tag: editors edit PracticePage.tags, which has one.
    ("library.PracticeTag", "tag"),
    # The public form's raw answers per step: editors read them as the draft practice page.
    ("submissions.Submission", "practice_answers"),
    ("submissions.Submission", "classification_answers"),
    ("submissions.Submission", "outcome_answers"),
    ("submissions.Submission", "link_answers"),
    # The stored file's random name and the MIME type the upload check recorded: the admin
    # links the attachment by its original name instead.
    ("submissions.SubmissionAttachment", "file"),
    ("submissions.SubmissionAttachment", "content_type"),
}

# Wagtail's own page fields (title, slug, seo_title, ...) come with Wagtail's help texts.
PAGE_FIELDS = {field.name for field in Page._meta.get_fields()}


def our_models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if not model._meta.proxy:
                yield model


def needs_help_text(model, field):
    """Whether the rule applies: a field an editor fills in, not Wagtail's, not the parent."""
    if field.auto_created or not field.editable:
        return False  # the primary key, a page's page_ptr, timestamps, values set by code
    if isinstance(field, ParentalKey) or getattr(field.remote_field, "parent_link", False):
        return False  # the link to the page or snippet an inline row belongs to
    if issubclass(model, Page) and field.name in PAGE_FIELDS:
        return False
    return (model._meta.label, field.name) not in INTERNAL_FIELDS


def fields_without_help_text():
    return [
        f"{model._meta.label}.{field.name}"
        for model in our_models()
        if model._meta.label not in INTERNAL_MODELS
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if needs_help_text(model, field) and not str(field.help_text).strip()
    ]


def test_every_editor_facing_field_has_a_help_text():
    missing = fields_without_help_text()
    assert not missing, "Fields without a help_text:\n  " + "\n  ".join(missing)


def test_the_exclusions_name_real_fields():
    # A renamed or removed field would otherwise leave an exclusion that hides nothing, or
    # a new field of that name unchecked.
    for label, name in INTERNAL_FIELDS:
        model = apps.get_model(label)
        assert isinstance(model._meta.get_field(name), models.Field), (label, name)
    for label in INTERNAL_MODELS:
        assert apps.get_model(label)


def test_internal_models_have_no_admin_screen():
    snippets = {model._meta.label for model in get_snippet_models()}
    assert not INTERNAL_MODELS & snippets
