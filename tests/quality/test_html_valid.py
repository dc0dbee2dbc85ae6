"""The Nu HTML checker finds no error in any page of the built sites."""

import json
import subprocess

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(folder):
    pages = sorted(str(p) for p in folder.rglob("*.html"))
    assert pages
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--also-check-css",
            *pages,
            *map(str, folder.rglob("*.css")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '')}:{m.get('lastLine', m.get('firstLine'))}: {m['message']}"
        for m in messages
    ]


def test_real_site_is_valid_html(real_site):
    assert nu_errors(real_site) == []


def test_fixture_site_is_valid_html(news_site):
    assert nu_errors(news_site) == []


def test_briefers_area_is_valid_html(members_site):
    assert nu_errors(members_site) == []


def test_portal_fixture_is_valid_html(portal_site):
    assert nu_errors(portal_site) == []
