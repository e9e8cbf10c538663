"""Loading a fixture dumped at an older schema into a database migrated back to that schema.

Django's loaddata reads the models as they are now; a database at an older schema needs the models as
they were. This loader deserialises each object with the historical model of the migration state, and
resolves the natural keys ``dumpdata --natural-foreign`` wrote (content types, permissions, users,
groups, pages by URL path, collections by name) itself, since historical managers lack most
``get_by_natural_key``.
"""
import json

from django.core.serializers import base
from django.core.serializers.python import Deserializer
from django.db import connection, transaction

LANGUAGE = "zh-hans"


class HistoricalDeserializer(Deserializer):
    """Django's own deserialiser, with the models (and their natural keys) of a migration state."""

    def __init__(self, objects, *, apps, **options):
        self.apps = apps
        self.natural = NaturalKeys(apps, objects)
        self.resolved = [self.natural.resolve(obj) for obj in objects]
        super().__init__(self.resolved, **options)

    def _get_model_from_node(self, model_identifier):
        try:
            model = self.apps.get_model(model_identifier)
        except LookupError:
            raise base.DeserializationError(f"Invalid model identifier: {model_identifier}") from None
        # A historical form page keeps Wagtail's FormMixin among its bases, whose __init__ reads the page's
        # templates; the historical class has none, and the loader needs none.
        if not hasattr(model, "landing_page_template"):
            model.landing_page_template = ""
        return model


class NaturalKeys:
    """Turns the natural keys of a fixture's foreign keys into primary keys."""

    def __init__(self, apps, objects):
        self.apps = apps
        self.pages = {obj["fields"]["url_path"]: obj["pk"] for obj in objects if obj["model"] == "wagtailcore.page"}
        # rows the fixture brings itself: found in it (they are not in the database yet)
        self.own = {
            "wagtailcore.collection": {(o["fields"]["name"],): o["pk"] for o in objects
                                       if o["model"] == "wagtailcore.collection"},
            "auth.user": {(o["fields"]["username"],): o["pk"] for o in objects if o["model"] == "auth.user"},
            "auth.group": {(o["fields"]["name"],): o["pk"] for o in objects if o["model"] == "auth.group"},
        }

    def resolve(self, obj):
        model = self.apps.get_model(obj["model"])
        fields = dict(obj["fields"])
        for name, value in obj["fields"].items():
            field = model._meta.get_field(name)
            if not field.is_relation or not isinstance(value, list):
                continue
            target = field.related_model._meta.label_lower
            if field.many_to_many:
                fields[name] = [self.pk(target, key) if isinstance(key, list) else key for key in value]
            else:
                fields[name] = self.pk(target, value)
        if obj["model"] == "wagtailcore.revision":
            # A page revision's JSON repeats the page's content type and locale by their ids in the
            # database it was dumped from: give it this database's.
            content = dict(fields["content"])
            content["content_type"], content["locale"] = fields["content_type"], 1
            fields["content"] = content
        return {**obj, "fields": fields}

    def pk(self, target, key):
        if target in ("wagtailcore.page", "forms_app.formpage", "forms_app.formsindexpage"):
            return self.pages[key[0]]
        if target in self.own:
            return self.own[target][tuple(key)]
        # rows the database has (made by migrations and post_migrate)
        lookups = {
            "contenttypes.contenttype": ("app_label", "model"),
            "auth.permission": ("codename", "content_type__app_label", "content_type__model"),
        }
        model = self.apps.get_model(target)
        return model.objects.values_list("pk", flat=True).get(**dict(zip(lookups[target], key)))


def load(path, apps):
    """Load the fixture at ``path`` into the database with the models of ``apps``.

    Returns the objects loaded, their natural keys resolved to the primary keys they now have.
    """
    objects = json.loads(path.read_text())
    clear(objects, apps)
    deserializer = HistoricalDeserializer(objects, apps=apps)
    with transaction.atomic(), connection.constraint_checks_disabled():
        for item in deserializer:
            item.save()
    connection.check_constraints()
    return deserializer.resolved


def clear(objects, apps):
    """Remove the rows that migrations made of the models the fixture brings (the root page, the default
    groups and collection …): the fixture has its own, under their own ids."""
    labels = list(dict.fromkeys(obj["model"] for obj in objects))
    with transaction.atomic():
        for label in reversed(labels):  # dumpdata orders a model after the models it points to
            apps.get_model(label).objects.all().delete()
        # The fixture's pages are in the site's language, locale 1 where it was dumped (it does not carry
        # the locale itself); a database whose locale was made afresh may have another id for it.
        Locale = apps.get_model("wagtailcore", "Locale")
        if not Locale.objects.filter(pk=1).exists():
            Locale.objects.filter(language_code=LANGUAGE).delete()
            Locale.objects.create(pk=1, language_code=LANGUAGE)
