"""StreamField blocks for quick reference cards (kept short: a card is 3.5 x 2 inches)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class CardSectionBlock(blocks.StructBlock):
    """A short section: a heading and a few bullet points or numbered steps, on one card side."""

    heading = blocks.CharBlock(max_length=60)
    style = blocks.ChoiceBlock(
        choices=[("bullets", _("Bullet points")), ("steps", _("Numbered steps"))],
        default="bullets",
    )
    side = blocks.ChoiceBlock(
        choices=[("front", _("Front")), ("back", _("Back"))],
        default="front",
        help_text=_("Which side of the printed wallet card this section goes on."),
    )
    items = blocks.ListBlock(blocks.CharBlock(max_length=160), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "certificates/blocks/card_section.html"
        description = _("A heading with bullet points or numbered steps")
        preview_value = {
            "heading": "Respond",
            "style": "steps",
            "side": "front",
            "items": ["Sternal rub, then call 911", "Give naloxone", "Recovery position"],
        }


class PhoneNumberBlock(blocks.StructBlock):
    """A phone number officers may need (poison control, program office), printed on the back."""

    label = blocks.CharBlock(max_length=60)
    number = blocks.CharBlock(max_length=30)

    class Meta:
        icon = "mobile-alt"
        template = "certificates/blocks/phone_number.html"
        description = _("A labelled phone number, printed on the back")
        preview_value = {"label": "Emergency", "number": "911"}


class CardBodyBlock(blocks.StreamBlock):
    section = CardSectionBlock()
    phone = PhoneNumberBlock()
