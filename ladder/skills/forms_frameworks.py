"""Forms for frameworks, areas, competencies, imports and job class requirements. They only
parse: the services in ladder.skills.frameworks, .competencies and .jobclass_requirements
decide."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms

from ladder.people.forms import UswdsMixin
from ladder.skills.default_framework import LEVELS as DEFAULT_LEVELS
from ladder.skills.framework_io import MAX_UPLOAD_BYTES
from ladder.skills.frameworks import LevelSpec
from ladder.skills.models import Area, Competency, ExternalTag, Framework, Level

SLUG_HELP = "Letters, digits and hyphens, e.g. buckeye-skills. Used in file names and the API."


class FrameworkForm(UswdsMixin, forms.Form):
    """A framework's own fields; with owner choices it is the creation form."""

    owner = forms.ChoiceField(label="Belongs to", required=False)
    name = forms.CharField(max_length=200)
    slug = forms.SlugField(label="Short name", max_length=80, help_text=SLUG_HELP)
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    is_default = forms.BooleanField(
        label="The default framework (job classes, hats and training use it first)",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        instance: Framework | None = None,
        owner_choices: list[tuple[str, str]] | None = None,
        may_choose_default: bool = False,
        **kwargs: Any,
    ) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": instance.name,
                    "slug": instance.slug,
                    "description": instance.description,
                    "is_default": instance.is_default,
                },
            )
        super().__init__(*args, **kwargs)
        if owner_choices is None:
            del self.fields["owner"]
        else:
            owner: Any = self.fields["owner"]
            owner.choices = owner_choices
            owner.help_text = "A network's framework is edited by its coordinators."
        if not may_choose_default:
            del self.fields["is_default"]
        self.style_fields()

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ["name", "slug", "description"]
        if "is_default" in self.fields:
            names.append("is_default")
        return {name: data[name] for name in names}


class LevelForm(UswdsMixin, forms.Form):
    value = forms.IntegerField(required=False, min_value=0, max_value=10)
    name = forms.CharField(required=False, max_length=60)
    description = forms.CharField(required=False, max_length=1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value, name = data.get("value"), (data.get("name") or "").strip()
        if value is None and name and "value" not in self.errors:
            self.add_error("value", "Give this level a value from 0 to 10.")
        if value is not None and not name:
            self.add_error("name", f"Give level {value} a name.")
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("value") is None and not (data.get("name") or "").strip()


class BaseLevelFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        # Every row is read, even one left as first shown: a level kept as it was is still
        # part of the scale.
        return {"empty_permitted": False}

    def scale(self) -> list[LevelSpec]:
        """The levels entered, as (value, name, description); blank rows are left out."""
        return [
            (
                form.cleaned_data["value"],
                form.cleaned_data["name"],
                form.cleaned_data["description"],
            )
            for form in self.forms
            if form.is_valid() and not form.is_blank
        ]


LevelFormSet = forms.formset_factory(
    LevelForm, formset=BaseLevelFormSet, extra=2, max_num=11, validate_max=True
)


def level_formset(data: Any = None, *, framework: Framework | None = None) -> BaseLevelFormSet:
    """The scale's rows: the framework's levels, or the usual 0-4 scale for a new one."""
    if framework is not None:
        levels = list(framework.levels.order_by("value"))
        initial = [
            {"value": lvl.value, "name": lvl.name, "description": lvl.description} for lvl in levels
        ]
    else:
        initial = [{"value": v, "name": n, "description": d} for v, n, d in DEFAULT_LEVELS]
    formset = LevelFormSet(data, initial=initial, prefix="levels")
    assert isinstance(formset, BaseLevelFormSet)
    return formset


class AreaForm(UswdsMixin, forms.Form):
    code = forms.SlugField(
        max_length=60, help_text="Unique within the framework, e.g. youth-services."
    )
    name = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    position = forms.IntegerField(
        min_value=0, max_value=32767, initial=0, help_text="Areas are listed by position."
    )

    def __init__(self, *args: Any, instance: Area | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    name: getattr(instance, name)
                    for name in ["code", "name", "description", "position"]
                },
            )
        super().__init__(*args, **kwargs)
        self.style_fields()


class TagChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: ExternalTag) -> str:
        required = " (required)" if obj.is_required else ""
        return f"{obj.scheme.name}: {obj.name}{required}"


class AreaChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Area) -> str:
        return obj.name


class CompetencyForm(UswdsMixin, forms.Form):
    area = AreaChoiceField(queryset=Area.objects.none(), empty_label=None)
    code = forms.SlugField(
        max_length=80, help_text="Unique within the framework, e.g. ill-lending."
    )
    name = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    position = forms.IntegerField(
        min_value=0, max_value=32767, initial=0, help_text="Order within the area."
    )
    external_tags = TagChoiceField(
        queryset=ExternalTag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Maps to (external schemes)",
        help_text="The sets of outside frameworks, such as LSSC, this competency counts toward.",
    )

    def __init__(
        self,
        *args: Any,
        framework: Framework,
        instance: Competency | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None:
            initial = {
                name: getattr(instance, name)
                for name in ["area", "code", "name", "description", "position"]
            }
            initial["external_tags"] = list(instance.external_tags.all())
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        area: Any = self.fields["area"]
        area.queryset = Area.objects.filter(framework=framework).order_by("position", "name")
        tags: Any = self.fields["external_tags"]
        tags.queryset = ExternalTag.objects.select_related("scheme").order_by(
            "scheme__name", "-is_required", "name"
        )
        self.style_fields()
        # USWDS styles each checkbox itself; the mixin's class would hide them.
        self.fields["external_tags"].widget.attrs.pop("class", None)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["external_tags"] = list(data["external_tags"])
        return data


class FrameworkImportForm(UswdsMixin, forms.Form):
    file = forms.FileField(
        label="Competency file",
        help_text=f"A .csv or .xlsx file of at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()


@dataclass
class RequirementRow:
    competency: Competency
    field: forms.BoundField


@dataclass
class RequirementGroup:
    area: Area
    rows: list[RequirementRow]


class RequirementsForm(UswdsMixin, forms.Form):
    """One select per competency of a framework: not required, or a level of its scale above
    the lowest (requiring the lowest asks nothing)."""

    def __init__(
        self,
        *args: Any,
        competencies: list[Competency],
        levels: list[Level],
        current: dict[int, int],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {self.field_name(c): current.get(c.pk) for c in competencies})
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        choices = [("", "Not required")] + [
            (str(level.value), f"{level.value} {level.name}") for level in levels[1:]
        ]
        for competency in competencies:
            self.fields[self.field_name(competency)] = forms.TypedChoiceField(
                label=competency.name,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={
                    "invalid_choice": (
                        "%(value)s is not a level you can require here: choose one of the "
                        "framework's levels, or Not required."
                    )
                },
            )
        self.style_fields()

    @staticmethod
    def field_name(competency: Competency) -> str:
        return f"competency_{competency.pk}"

    def groups(self) -> Iterator[RequirementGroup]:
        """The selects grouped by area, in the framework's order."""
        group: RequirementGroup | None = None
        for competency in self.competencies:
            if group is None or group.area.pk != competency.area_id:
                if group is not None:
                    yield group
                group = RequirementGroup(area=competency.area, rows=[])
            group.rows.append(RequirementRow(competency, self[self.field_name(competency)]))
        if group is not None:
            yield group

    def levels_by_competency(self) -> dict[Competency, int | None]:
        return {c: self.cleaned_data.get(self.field_name(c)) for c in self.competencies}
