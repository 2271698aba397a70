from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.blocks import ToolkitBodyBlock
from courses.blocks import LessonBodyBlock
from tests.factories import UserFactory, build_course, build_lesson

pytestmark = pytest.mark.django_db

CONTRACT_NAMES = [
    "heading",
    "rich_text",
    "image",
    "illustration",
    "video",
    "callout",
    "steps",
    "key_points",
    "do_dont",
    "document",
    "knowledge_check",
    "discussion_scenario",
]


def test_lesson_body_offers_exactly_the_contract_block_names():
    assert list(LessonBodyBlock().child_blocks) == CONTRACT_NAMES


@pytest.mark.parametrize("name", CONTRACT_NAMES)
def test_every_block_has_a_docstring_and_complete_meta(name):
    block = LessonBodyBlock().child_blocks[name]
    assert type(block).__doc__
    assert block.meta.icon
    assert block.meta.template == f"courses/blocks/{name}.html"
    assert block.meta.description
    assert block.meta.preview_value


@pytest.mark.parametrize("name", list(ToolkitBodyBlock().child_blocks))
def test_toolkit_blocks_are_the_shared_classes_with_one_template_naming_scheme(name):
    block = ToolkitBodyBlock().child_blocks[name]
    assert type(block).__module__ == "courses.blocks"
    assert block.meta.template in (f"cms/blocks/{name}.html", f"courses/blocks/{name}.html")
    assert block.render(block.normalize(block.meta.preview_value)).strip()


@pytest.mark.parametrize("name", CONTRACT_NAMES)
def test_every_block_renders_its_preview_value(name):
    block = LessonBodyBlock().child_blocks[name]
    html = block.render(block.normalize(block.meta.preview_value))
    assert html.strip()


def _image():
    return Image.objects.create(title="Nasal spray", file=get_test_image_file())


def test_image_without_caption_renders_with_its_alt_text_and_no_figcaption():
    block = LessonBodyBlock().child_blocks["image"]
    value = block.to_python(
        {"image": _image().pk, "alt_text": "A nasal spray device", "caption": ""}
    )
    html = block.render(value)
    assert 'alt="A nasal spray device"' in html
    assert "<figcaption" not in html
    assert "<img" in html


def test_image_block_requires_alt_text():
    from wagtail.blocks import StructBlockValidationError

    block = LessonBodyBlock().child_blocks["image"]
    value = block.to_python({"image": _image().pk, "alt_text": "", "caption": "Caption"})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_video_renders_its_transcript_even_when_the_embed_cannot_be_fetched():
    block = LessonBodyBlock().child_blocks["video"]
    value = block.to_python(
        {
            "url": "https://videos.example.org/naloxone",
            "title": "Giving naloxone",
            "transcript": "<p>Press the plunger firmly.</p>",
        }
    )
    html = block.render(value)
    assert "Press the plunger firmly." in html
    assert 'href="https://videos.example.org/naloxone"' in html


def test_knowledge_check_gives_feedback_without_javascript():
    block = LessonBodyBlock().child_blocks["knowledge_check"]
    html = block.render(block.normalize(block.meta.preview_value))
    assert html.count("<details") >= 2
    assert "Correct." in html and "Not quite." in html
    assert "<script" not in html


def test_document_block_links_the_file_for_download():
    document = Document.objects.create(title="Policy")
    document.file.save("policy.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    block = LessonBodyBlock().child_blocks["document"]
    html = block.render(block.to_python({"document": document.pk, "title": "Model policy"}))
    assert document.url in html
    assert "Model policy" in html


def test_a_lesson_using_every_block_renders_on_its_page(client):
    body_block = LessonBodyBlock()
    image = _image()
    document = Document.objects.create(title="Policy")
    document.file.save("policy.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    values = []
    for name in CONTRACT_NAMES:
        child = body_block.child_blocks[name]
        raw = child.get_prep_value(child.normalize(child.meta.preview_value))
        if name == "image":
            raw = {"image": image.pk, "alt_text": "Spray", "caption": ""}
        if name == "document":
            raw = {"document": document.pk, "title": "Model policy"}
        if name == "video":
            raw = {**raw, "url": "https://videos.example.org/x"}
        values.append({"type": name, "value": raw})
    course = build_course(lessons=0)
    lesson = build_lesson(course=course, title="Everything", body=values)
    client.force_login(UserFactory())
    response = client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    for marker in (
        "lesson-figure",
        "lesson-video",
        "callout--legal",
        "steps",
        "key-points",
        "do-dont",
        "lesson-document",
        "knowledge-check",
        "scenario",
    ):
        assert marker in html, marker
