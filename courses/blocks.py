"""The project's StreamField blocks: lesson bodies, and the toolkit pages' blocks (cms.blocks).

One class per block, used by both streams. A block's template is
`courses/blocks/<block_name>.html` (the lesson look); toolkit pages are reference documents that
also print, so cms.blocks passes their print-friendly `cms/blocks/<block_name>.html` as the
`template` argument where the look differs. Every block has a docstring and Meta with icon,
template, description and preview_value, so authors see a preview in the block picker. The
block names in LessonBodyBlock are a contract: course content (the cms demo loaders) is written
against them, so rename none.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from courses.drawings import DRAWINGS, drawing_choices

SHORT_RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]


class WrittenRichTextBlock(blocks.RichTextBlock):
    """Rich text that, when required, must hold words: an emptied editor posts "<p></p>",
    which Wagtail's own required check accepts."""

    def clean(self, value):
        value = super().clean(value)
        if self.required and not strip_tags(value.source).strip():
            raise ValidationError(_("This field is required."))
        return value


class DraftCheckedStreamBlock(blocks.StreamBlock):
    """A stream whose drafts are checked as fully as what is published.

    Wagtail saves drafts with blocks' required parts missing and complains only at submit or
    publish; authors found out too late (a callout with no body saved as a draft, then failed
    at submit). An empty stream is still a valid draft when the field allows it.
    """

    def clean_deferred(self, value):
        return self.clean(value)


class HeadingBlock(blocks.CharBlock):
    """A section heading inside a lesson (rendered as h2)."""

    class Meta:
        icon = "title"
        template = "courses/blocks/heading.html"
        description = "A section heading"
        preview_value = "Recognising an opioid overdose"


class RichTextBlock(WrittenRichTextBlock):
    """Paragraphs of text with links and lists."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "h3"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "courses/blocks/rich_text.html"
        description = "Paragraphs of text"
        preview_value = "<p>Naloxone reverses an opioid overdose by restoring breathing.</p>"


class LessonImageBlock(blocks.StructBlock):
    """A picture with required alt text (screen readers) and an optional visible caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Alt text"),
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "courses/blocks/image.html"
        description = "A picture with alt text and an optional caption"
        preview_value = {
            "alt_text": "A naloxone nasal spray device held ready to use",
            "caption": "Narcan 4 mg nasal spray",
        }


class IllustrationBlock(blocks.StructBlock):
    """A drawing made for this project, with alt text and the same instructions in words.

    The drawings are static SVG files (courses.drawings): uploaded SVG is refused, so a new
    drawing is added to the code. The text equivalent is shown under the picture for everyone.
    """

    drawing = blocks.ChoiceBlock(choices=drawing_choices, label=_("Drawing"))
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Alt text"),
        help_text=_("What the drawing shows, in one sentence, for people who cannot see it."),
    )
    text_equivalent = blocks.RichTextBlock(
        features=SHORT_RICH_TEXT,
        label=_("In words"),
        help_text=_("The steps the drawing shows, as text (printed under it)."),
    )
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "courses/blocks/illustration.html"
        description = "A project drawing (nasal spray steps, recovery position) with its text"
        preview_value = {
            "drawing": "recovery-position",
            "alt_text": "A person lying on their side, upper knee bent forward",
            "text_equivalent": "<p>Once they breathe on their own: on their side, upper knee bent.</p>",
            "caption": "The recovery position",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["drawing"] = DRAWINGS.get(value["drawing"])
        return context


class VideoBlock(blocks.StructBlock):
    """An embedded video (YouTube, Vimeo…) with a transcript for officers who cannot play sound."""

    url = EmbedBlock(label=_("Video URL"), help_text=_("A YouTube or Vimeo link."))
    title = blocks.CharBlock(required=False, max_length=200, label=_("Title"))
    transcript = blocks.RichTextBlock(
        features=SHORT_RICH_TEXT,
        label=_("Transcript"),
        help_text=_("Required: officers at roll call often cannot play sound."),
    )

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"
        description = "A video embed with its transcript"
        preview_value = {
            "title": "Giving nasal naloxone",
            "transcript": "<p>Tilt the head back, insert the nozzle into one nostril and press.</p>",
        }


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a tip, a safety warning or a legal note."""

    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning")), ("legal", _("Legal note"))],
        default="info",
        label=_("Kind"),
    )
    title = blocks.CharBlock(required=False, max_length=120, label=_("Title"))
    body = WrittenRichTextBlock(features=SHORT_RICH_TEXT, label=_("Body"))

    class Meta:
        icon = "warning"
        template = "courses/blocks/callout.html"
        description = "An information, warning or legal-note box"
        preview_value = {
            "kind": "legal",
            "title": "Good Samaritan law",
            # Penal Law §220.78 is the 911 Good Samaritan law; PHL §3309 is naloxone access.
            "body": "<p>New York Penal Law § 220.78 protects people who call 911 for an overdose "
            "from drug possession charges, with limits.</p>",
        }


class ToolkitCalloutBlock(CalloutBlock):
    """A callout on a toolkit page: every box there is headed by its title."""

    title = blocks.CharBlock(max_length=120, label=_("Title"))

    class Meta:
        template = "cms/blocks/callout.html"


class StepBlock(blocks.StructBlock):
    """One numbered step."""

    title = blocks.CharBlock(max_length=160, label=_("Step"))
    text = blocks.TextBlock(required=False, label=_("Details"))

    class Meta:
        icon = "order"
        template = "courses/blocks/step.html"
        description = "One step"
        preview_value = {"title": "Check for a response", "text": "Shout and rub the sternum."}


class StepsBlock(blocks.ListBlock):
    """Numbered steps to follow in order (e.g. responding to an overdose)."""

    def __init__(self, **kwargs):
        super().__init__(StepBlock(), **kwargs)

    class Meta:
        icon = "list-ol"
        template = "courses/blocks/steps.html"
        description = "Numbered steps"
        preview_value = [
            {"title": "Check for a response", "text": "Shout and rub the sternum."},
            {"title": "Call 911", "text": "Give your location."},
            {"title": "Give naloxone", "text": "One spray in one nostril."},
        ]


class KeyPointsBlock(blocks.ListBlock):
    """The few points an officer must remember."""

    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(max_length=300, label=_("Point")), **kwargs)

    class Meta:
        icon = "check"
        template = "courses/blocks/key_points.html"
        description = "A short list of key points"
        preview_value = [
            "Naloxone cannot harm someone who has not taken opioids.",
            "Always call 911.",
        ]


class DoDontBlock(blocks.StructBlock):
    """Two lists side by side: what to do and what not to do."""

    dos = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Do"))
    donts = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Don't"))

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/do_dont.html"
        description = "A do / don't list"
        preview_value = {
            "dos": ["Put the person in the recovery position"],
            "donts": ["Leave the person alone"],
        }


class DocumentBlock(blocks.StructBlock):
    """A file to download (a policy, a form, a printable handout)."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(required=False, max_length=200, label=_("Link text"))

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document.html"
        description = "A document download"
        preview_value = {"title": "Model leave-behind policy (PDF)"}


class ChoiceBlock(blocks.StructBlock):
    """One answer of a knowledge check, with the feedback shown when it is picked."""

    text = blocks.CharBlock(max_length=300, label=_("Answer"))
    is_correct = blocks.BooleanBlock(required=False, label=_("Correct answer"))
    feedback = blocks.CharBlock(required=False, max_length=500, label=_("Feedback"))

    class Meta:
        icon = "radio-full"
        template = "courses/blocks/choice.html"
        description = "An answer"
        preview_value = {"text": "Call 911", "is_correct": True, "feedback": "Yes, always."}


class KnowledgeCheckBlock(blocks.StructBlock):
    """One ungraded question with instant feedback.

    Each answer is a <details> element: opening it reveals whether it is right and why, with no
    JavaScript and nothing stored (it is a self-check, not a quiz).
    """

    question = blocks.CharBlock(max_length=300, label=_("Question"))
    # A new check starts with the two answers it needs (min_num alone starts it with one).
    choices = blocks.ListBlock(
        ChoiceBlock(),
        min_num=2,
        label=_("Answers"),
        default=[{"text": "", "is_correct": False, "feedback": ""}] * 2,
    )
    explanation = blocks.RichTextBlock(
        required=False, features=SHORT_RICH_TEXT, label=_("Explanation")
    )

    class Meta:
        icon = "help"
        template = "courses/blocks/knowledge_check.html"
        description = "An ungraded question with instant feedback"
        preview_value = {
            "question": "Can naloxone harm someone who has not taken opioids?",
            "choices": [
                {"text": "Yes", "is_correct": False, "feedback": "No: it has no effect then."},
                {"text": "No", "is_correct": True, "feedback": "Right: it is safe to give."},
            ],
            "explanation": "<p>When in doubt, give naloxone.</p>",
        }


class DiscussionScenarioBlock(blocks.StructBlock):
    """A situation and prompts a supervisor reads out at roll call for discussion."""

    situation = WrittenRichTextBlock(features=SHORT_RICH_TEXT, label=_("Situation"))
    prompts = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Discussion prompts"))

    class Meta:
        icon = "group"
        template = "courses/blocks/discussion_scenario.html"
        description = "A roll-call discussion scenario"
        preview_value = {
            "situation": "<p>You find a man unresponsive in a car, breathing slowly.</p>",
            "prompts": ["What do you do first?", "What do you leave with the family?"],
        }


class ScriptLineBlock(blocks.StructBlock):
    """What the trainer says or does at one moment of a roll-call session (toolkit scripts)."""

    minutes = blocks.CharBlock(max_length=20, required=False, help_text="e.g. 0:00-2:00")
    say = blocks.TextBlock()
    do = blocks.TextBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/script_line.html"
        description = "A timed line of a roll-call script"
        preview_value = {
            "minutes": "0:00-1:00",
            "say": "Today: why we leave naloxone behind.",
            "do": "Hold up a kit.",
        }


class LessonBodyBlock(DraftCheckedStreamBlock):
    """The blocks an author can put in a lesson (names are a contract: see module docstring)."""

    # Labels in words: Wagtail would otherwise title-case the names ("Do dont").
    heading = HeadingBlock(label=_("Heading"))
    rich_text = RichTextBlock(label=_("Text"))
    image = LessonImageBlock(label=_("Image"))
    illustration = IllustrationBlock(label=_("Drawing"))
    video = VideoBlock(label=_("Video"))
    callout = CalloutBlock(label=_("Callout"))
    steps = StepsBlock(label=_("Numbered steps"))
    key_points = KeyPointsBlock(label=_("Key points"))
    do_dont = DoDontBlock(label=_("Do and don't"))
    document = DocumentBlock(label=_("Document download"))
    knowledge_check = KnowledgeCheckBlock(label=_("Knowledge check"))
    discussion_scenario = DiscussionScenarioBlock(label=_("Roll-call discussion scenario"))
