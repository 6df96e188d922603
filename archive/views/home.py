from django.shortcuts import render

from archive.pages.overview import archive_overview
from archive.pages.parameters import refuses_nul


@refuses_nul
def home(request):
    """What the archive holds at a glance: documents by session, counts."""
    return render(request, "archive/home.html", archive_overview())
