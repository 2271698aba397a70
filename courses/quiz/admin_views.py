"""The question importer in the Wagtail admin: upload, see a report per row, all or nothing."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core import signing
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from courses.quiz.bank import IMPORT_COLUMNS, ImportFileError, import_questions, read_rows


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet (.csv or .xlsx)",
        help_text="One question per row. Nothing is imported if any row has a problem.",
    )


# The checked rows travel back with the author's skip/update choices, signed, so the file is
# read once and never stored; a stale or edited payload is refused.
ROWS_SALT = "quiz.import.rows"
ROWS_MAX_AGE = 60 * 60


def _decisions_from(post) -> dict[int, str]:
    decisions = {}
    for key, value in post.items():
        if key.startswith("row-") and key[4:].isdigit():
            decisions[int(key[4:])] = value
    return decisions


@require_http_methods(["GET", "POST"])
@permission_required("quiz.add_question", raise_exception=True)
def import_questions_view(request):
    form = ImportForm(
        None if "rows" in request.POST else (request.POST or None), request.FILES or None
    )
    report = None
    signed_rows = ""
    file_error = ""
    if request.method == "POST" and "rows" in request.POST:
        try:
            rows = signing.loads(request.POST["rows"], salt=ROWS_SALT, max_age=ROWS_MAX_AGE)
        except signing.BadSignature:
            file_error = "This import has expired or was changed: upload the file again."
        else:
            report = import_questions(rows=rows, decisions=_decisions_from(request.POST))
            signed_rows = request.POST["rows"]
    elif request.method == "POST" and form.is_valid():
        try:
            rows = read_rows(uploaded_file=form.cleaned_data["file"])
        except ImportFileError as error:
            file_error = str(error)
        else:
            report = import_questions(rows=rows)
            if not report.rows:
                file_error = "The file has no question rows."
                report = None
            else:
                signed_rows = signing.dumps(rows, salt=ROWS_SALT, compress=True)
    return TemplateResponse(
        request,
        "quiz/admin/import_questions.html",
        {
            "form": form,
            "report": report,
            "signed_rows": signed_rows,
            "file_error": file_error,
            "columns": IMPORT_COLUMNS,
            "page_title": "Import questions",
        },
        status=400 if (file_error or (report and not report.ok)) else 200,
    )
