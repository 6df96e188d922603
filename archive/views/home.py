from archive.pages.overview import archive_overview
from archive.pages.parameters import checked_parameters
from archive.views.rendering import render


@checked_parameters
def home(request):
    """What the archive holds at a glance: documents by session, counts."""
    return render(request, "archive/home.html", archive_overview())
