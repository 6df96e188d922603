from django.shortcuts import render

from archive.pages.overview import archive_overview
from archive.pages.parameters import checked_parameters


@checked_parameters
def home(request):
    """What the archive holds at a glance: documents by session, counts."""
    return render(request, "archive/home.html", archive_overview())
