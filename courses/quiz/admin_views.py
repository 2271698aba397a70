"""The question importer in the Wagtail admin: upload, see a report per row, all or nothing."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import permission_required
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from courses.quiz.bank import IMPORT_COLUMNS, ImportFileError, import_questions, read_rows


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet (.csv or .xlsx)",
        help_text="One question per row. Nothing is imported if any row has a problem.",
    )


@require_http_methods(["GET", "POST"])
@permission_required("quiz.add_question", raise_exception=True)
def import_questions_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    file_error = ""
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_rows(uploaded_file=form.cleaned_data["file"])
        except ImportFileError as error:
            file_error = str(error)
        else:
            report = import_questions(rows=rows)
            if not report.rows:
                file_error = "The file has no question rows."
                report = None
    return TemplateResponse(
        request,
        "quiz/admin/import_questions.html",
        {
            "form": form,
            "report": report,
            "file_error": file_error,
            "columns": IMPORT_COLUMNS,
            "page_title": "Import questions",
        },
        status=400 if (file_error or (report and not report.ok)) else 200,
    )
