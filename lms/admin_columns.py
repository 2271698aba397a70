"""Admin listing columns that say a yes/no fact in words as well as with an icon.

Wagtail's BooleanColumn shows a bare tick or cross (a red cross reads as an error); a plain
field name in `list_display` prints "True". ORS staff read these columns, so each says what it
means ("Rendered" / "Not yet rendered").
"""

from __future__ import annotations

from wagtail.admin.ui.tables import Column


class WordsColumn(Column):
    """A yes/no value shown as an icon and a word; `no` is neutral, not an error, by default."""

    cell_template_name = "includes/admin/words_cell.html"

    def __init__(
        self, name: str, *, yes: str, no: str, no_is_a_problem: bool = False, **kwargs
    ) -> None:
        super().__init__(name, **kwargs)
        self.yes, self.no, self.no_is_a_problem = yes, no, no_is_a_problem

    def get_value(self, instance) -> bool:
        return bool(super().get_value(instance))

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["word"] = self.yes if context["value"] else self.no
        context["no_is_a_problem"] = self.no_is_a_problem
        return context
