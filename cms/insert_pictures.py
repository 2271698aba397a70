"""The drawings printed on the family insert, with alt text and captions in the insert's language.

The drawings are the project's own (courses.drawings); the insert's numbered steps are their text
equivalent. Only the current version of an insert shows them: older versions stay as they were
handed out.
"""

from __future__ import annotations

from dataclasses import dataclass

from courses.drawings import DRAWINGS, Drawing


@dataclass(frozen=True)
class InsertPicture:
    drawing: Drawing
    alt_text: str
    caption: str


_TEXT = {
    "en": [
        ("nasal-spray-steps",
         "Three drawings: the spray held with the thumb on the plunger; the nozzle in one nostril of a person lying on their back; the plunger pressed.",
         "Giving the nasal spray"),
        ("recovery-position",
         "A person lying on their side, the upper hand under the cheek and the upper knee bent forward.",
         "On their side, once breathing on their own"),
    ],
    "es": [
        ("nasal-spray-steps",
         "Tres dibujos: el aerosol sostenido con el pulgar en el émbolo; la punta en una fosa nasal de una persona acostada boca arriba; el émbolo apretado.",
         "Cómo dar el aerosol nasal"),
        ("recovery-position",
         "Una persona acostada de lado, con la mano de arriba bajo la mejilla y la rodilla de arriba doblada hacia delante.",
         "De lado, cuando ya respira por sí misma"),
    ],
}  # fmt: skip


def insert_pictures(*, language: str) -> list[InsertPicture]:
    """The drawings for an insert in `language` (English wording for other languages)."""
    rows = _TEXT.get(language, _TEXT["en"])
    return [InsertPicture(DRAWINGS[slug], alt, caption) for slug, alt, caption in rows]
