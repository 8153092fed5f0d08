"""Forms of the roster pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core import signing
from django.template.defaultfilters import filesizeformat

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
UPLOAD_SALT = "crews.roster-upload"
#: How long a previewed upload can wait for its confirmation.
CONFIRM_WITHIN_SECONDS = 3600


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Roster CSV",
        help_text="UTF-8 CSV with the roster columns (see the README), at most 2 MB. Nothing is written until "
        "you confirm.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"This file is {filesizeformat(upload.size)}; roster files can be at most "
                f"{filesizeformat(MAX_UPLOAD_BYTES)}. Split it into several files."
            )
        data = upload.read()
        if b"\x00" in data:
            raise forms.ValidationError(
                "This is not a CSV file (it holds binary data). Save the roster as “CSV UTF-8” and upload that."
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "This file is not UTF-8 text. Save the roster as “CSV UTF-8 (comma delimited)” and upload that."
            ) from None
        if not text.strip():
            raise forms.ValidationError("This file is empty.")
        return text


class RosterConfirmForm(forms.Form):
    """Carries the previewed file, signed, so that exactly what was previewed is imported."""

    payload = forms.CharField(widget=forms.HiddenInput)

    @staticmethod
    def sign(text: str) -> str:
        return signing.dumps(text, salt=UPLOAD_SALT, compress=True)

    def clean_payload(self) -> str:
        try:
            return signing.loads(
                self.cleaned_data["payload"], salt=UPLOAD_SALT, max_age=CONFIRM_WITHIN_SECONDS
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "This preview is more than an hour old: upload the file again."
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError("This preview cannot be read back: upload the file again.") from None


def confirm_helper() -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("confirm", "Import these rows"))
    return helper
