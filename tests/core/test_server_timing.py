import re

from django.http import HttpResponse
from django.test import RequestFactory

from ladder.core.timing import ServerTiming
from ladder.people.models import Person


def test_server_timing_reports_time_and_queries(db):
    def view(request):
        Person.objects.count()
        Person.objects.count()
        return HttpResponse("ok")

    response = ServerTiming(view)(RequestFactory().get("/"))
    header = response["Server-Timing"]
    assert re.fullmatch(r'app;dur=[\d.]+, db;dur=[\d.]+;desc="2 queries"', header), header
