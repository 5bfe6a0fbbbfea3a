"""Forms of the rating pages. They only parse input: ladder.skills.ratings validates and writes."""

from __future__ import annotations

from typing import Any

from django import forms

from ladder.people.forms import UswdsMixin
from ladder.skills.ratings import NOTE_MAX_LENGTH, EvidenceInput
from ladder.skills.selectors import SELF, ProfileRow


class RatingRowForm(UswdsMixin, forms.Form):
    """One competency on the rate page: a level (blank leaves it as it is), a note, a file."""

    level = forms.ChoiceField(required=False)
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    file = forms.FileField(
        label="Evidence file (optional)",
        required=False,
        help_text="A PDF, PNG or JPEG: a certificate, a piece of work, a note from a colleague.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args: Any, row: ProfileRow, kind: str, with_file: bool, **kwargs: Any):
        kwargs.setdefault("prefix", f"c{row.competency.pk}")
        super().__init__(*args, **kwargs)
        self.row = row
        name = row.competency.name
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)
        level.label = f"Your level in {name}" if kind == SELF else f"Level in {name}"
        level.choices = [("", "No new assessment"), *((str(v), f"{v} {n}") for v, n in row.scale)]
        self.fields["note"].label = f"Note on {name} (optional)"
        if kind == SELF:
            self.fields["note"].help_text = "What you have done that shows this level."
        else:
            self.fields["note"].help_text = "Why you confirm or adjust the level."
        if not with_file:
            del self.fields["file"]
        self.style_fields()
        # USWDS textareas are tall; a page of forty competencies needs short ones.
        self.fields["note"].widget.attrs["class"] += " height-10"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("level") and (data.get("note") or data.get("file")):
            self.add_error("level", "Choose a level to go with the note or file.")
        return data

    def entry(self) -> EvidenceInput | None:
        """The evidence this row asks to record, or None when it is left blank."""
        if not self.cleaned_data.get("level"):
            return None
        return EvidenceInput(
            competency=self.row.competency,
            level=self.cleaned_data["level"],
            note=self.cleaned_data.get("note", ""),
            upload=self.cleaned_data.get("file"),
        )


class CompetencyChoiceForm(UswdsMixin, forms.Form):
    """'Rate another competency': narrows the rate page to one competency (a GET form)."""

    competency = forms.TypedChoiceField(label="Competency", coerce=int)

    def __init__(self, *args: Any, options: list[tuple[str, list[tuple[int, str]]]], **kw: Any):
        super().__init__(*args, **kw)
        field = self.fields["competency"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose a competency"), *options]
        self.style_fields()


def rating_forms(
    rows: list[ProfileRow], kind: str, data: Any = None, files: Any = None
) -> list[RatingRowForm]:
    # A file field per row only when rating one competency: forty file inputs help nobody.
    with_file = len(rows) == 1
    return [RatingRowForm(data, files, row=row, kind=kind, with_file=with_file) for row in rows]
