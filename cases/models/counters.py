from django.db import models


class ReferenceCounter(models.Model):
    """The last reference number issued per prefix and year.

    A row lock on this counter serialises concurrent submissions, so numbers are
    sequential and never issued twice; a rolled-back submission rolls back its
    number with it, so no number is ever seen by two residents.
    """

    prefix = models.CharField(max_length=16)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="unique_counter")]
