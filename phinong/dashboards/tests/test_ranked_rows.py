"""The rows of an area page's table of children and the checklists, written in Python
(`{% ranked_rows %}`, `{% checklist_cell %}` and the rest), read as the templates they replaced
wrote them: same cells, words, escaping and links."""

from __future__ import annotations

import re
from typing import Any, cast

import pytest
from django.conf import settings
from django.core.cache import caches
from django.template import Context, Engine
from django.test import Client, RequestFactory

from conftest import Cast, add_leaders, client_for
from phinong.dashboards.templatetags.ranked import ranked_rows
from phinong.programmes.models import Pair, Programme

# The loop of dashboards/_area_body.html before it became {% ranked_rows %}.
TEMPLATE_ROWS = (
    "{% load i18n %}"
    + '{# The cells\' labels translated once, not once per row. #}{% translate "Code" as label_code %}{% translate "Name" as label_name %}{% translate "Quota" as label_quota %}{% translate "Selected" as label_selected %}{% translate "Left" as label_left %}{% translate "In the programme" as label_in_programme %}{% translate "Leaders" as label_leaders %}{% translate "Households" as label_households %}{% translate "Progress" as label_progress %}{% translate "Checklist" as label_checklist %}{% translate "No cap of its own: shares what is left of the province quota" as shared_note %}{% for fig, row, cells in table_rows %}<tr>\n  <td data-label="{{ label_code }}">{{ row.area.code }}</td>\n  <td data-label="{{ label_name }}">{% arealink row.area.code %}<a href="{{ child_urls|get_item:row.area.code }}">{{ row.area.name_th }}</a>{% endarealink %}</td>\n  {% if programme %}\n  {% if not level_is_district %}\n  <td class="n" data-label="{{ label_quota }}">{% if row.quota is None %}–{% elif row.shared %}<span class="muted" title="{{ shared_note }}">({{ row.quota|num }})</span>{% else %}{{ row.quota|num }}{% endif %}</td>\n  <td class="n" data-label="{{ label_selected }}">{{ row.selected|num }}</td>\n  <td class="n" data-label="{{ label_left }}">{% if row.left is None %}–{% elif row.shared %}<span class="muted" title="{{ shared_note }}">({{ row.left|num }})</span>{% else %}{{ row.left|num }}{% endif %}</td>\n  {% else %}\n  <td data-label="{{ label_in_programme }}">\n    {% if row.pair %}<span class="badge">{% translate "younger tambon" %}</span> {% blocktranslate with elder=row.pair.elder.name_th %}coached by {{ elder }}{% endblocktranslate %}{% endif %}\n    {% for p in row.coaching %}<div><span class="badge">{% translate "elder tambon" %}</span> {% blocktranslate with younger=p.younger.name_th %}coaches {{ younger }}{% endblocktranslate %}</div>{% endfor %}\n    {% if row.is_target %}<span class="badge">{% translate "selected" %}</span>{% endif %}\n  </td>\n  {% endif %}\n  <td class="n" data-label="{{ label_leaders }}">{% if row.expected_leaders %}<span class="badge {{ row.leaders|progress_class:row.expected_leaders }}">{{ row.leaders|num }}/{{ row.expected_leaders|num }}</span>{% else %}–{% endif %}</td>\n  {% if fig %}{% for cell in cells %}<td class="n" data-label="{{ cell.label }}">{% if cell.text %}<span class="badge {{ cell.progress }}" title="{{ cell.title }}">{{ cell.text }}</span>{% else %}–{% endif %}</td>{% endfor %}\n<td class="n" data-label="{{ label_households }}">{{ fig.totals.households|num }}</td>\n<td class="n" data-label="{{ label_progress }}"><span class="score">{% if not fig.taking_part %}–{% else %}{{ fig.percent|num }}%{% endif %}</span></td>\n{% endif %}\n  {% if level_is_district %}<td data-label="{{ label_checklist }}">{% include "dashboards/_checklist_cell.html" with checklist=checklists|get_item:row.area.code %}</td>{% endif %}\n  {% endif %}\n</tr>{% endfor %}'
)

# The included templates as they were, for the loop above; a test engine reads them.
OLD_TEMPLATES = {
    "dashboards/_checklist_cell.html": '{% load i18n %}{% if checklist %}<div class="checklist-cell"><span class="badge {{ checklist.done_count|progress_class:checklist.total }}">{% blocktranslate with done=checklist.done_count|num total=checklist.total|num %}{{ done }} of {{ total }} steps{% endblocktranslate %}</span>\n  <div>{% include "dashboards/_next_step.html" %}</div>\n  <details><summary>{% translate "All steps" %}</summary>{% include "dashboards/_checklist.html" %}</details></div>{% else %}–{% endif %}\n',
    "dashboards/_next_step.html": '{% load i18n %}{% with next=checklist.next_step %}{% if next %}{% translate "Next step" %}: {% if next.url %}<a href="{{ next.url }}">{{ next.action }}</a>{% else %}{{ next.action }}{% endif %}{% if next.detail %} <span class="muted">({{ next.detail }})</span>{% endif %}{% else %}<span class="badge done">✓ {% translate "Every step due so far is done" %}</span>{% endif %}{% endwith %}\n',
    "dashboards/_checklist.html": '{% load i18n %}<ul class="checklist">{% for step in checklist.steps %}\n  <li class="step {{ step.state }}"><span class="mark" aria-hidden="true">{{ step.mark }}</span>\n    <span class="label">{{ step.label }}</span>{% if step.detail %} <span class="muted">({{ step.detail }})</span>{% endif %}\n    <span class="state">· {{ step.state_label }}</span></li>{% endfor %}\n</ul>\n',
}
ENGINE = Engine(
    loaders=[("django.template.loaders.locmem.Loader", OLD_TEMPLATES)],
    builtins=cast(dict[str, Any], settings.TEMPLATES[0])["OPTIONS"]["builtins"],
    libraries={"i18n": "django.templatetags.i18n"},
)
# The badge of the tambon page's checklist heading, before it became {% steps_done %}.
BADGE = (
    "{% load i18n %}"
    '<span class="badge {{ checklist.done_count|progress_class:checklist.total }}">'
    "{% blocktranslate with done=checklist.done_count|num total=checklist.total|num %}"
    "{{ done }} of {{ total }} steps{% endblocktranslate %}</span>"
)
BODY = "dashboards/_area_body.html"


def normal(html: str) -> str:
    """Whitespace aside: the loop's indentation, and a cell's leading or trailing space, never
    showed."""
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"(<td[^>]*>) ", r"\1", re.sub(r" </td>", "</td>", html))
    return re.sub(r"> <", "><", html).strip()


def body_context(client: Client, url: str) -> Context:
    """The context the page's table was drawn with (the part drawn afresh)."""
    caches["fragments"].clear()
    response = client.get(url)
    assert response.status_code == 200
    names = [t.name for t in response.templates]
    return cast(list[Context], response.context)[names.index(BODY)]


def both(context: Context) -> tuple[str, str]:
    templated = ENGINE.from_string(TEMPLATE_ROWS).render(Context(context.flatten()))
    return normal(ranked_rows(context)), normal(templated)


@pytest.fixture
def programme(cast: Cast, pair_a1: Pair) -> Programme:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 4)
    return pair_a1.programme


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("dept", "/areas/"),
        ("dept", "/areas/42/"),
        ("prov_a", "/areas/42/"),
        ("dist_a1", "/areas/4201/"),
        ("dist_a1", "/areas/4201/?programme=phase1"),
        ("viewer", "/areas/45/?sort=name&dir=desc"),
    ],
)
def test_the_rows_read_as_the_template_wrote_them(
    cast: Cast, programme: Programme, phase1: Programme, who: str, path: str, language: str
) -> None:
    client = client_for(getattr(cast, who))
    client.cookies["django_language"] = language
    context = body_context(client, path.replace("phase1", str(phase1.pk)))

    written, templated = both(context)

    assert written == templated
    assert written.count("<tr>") == len(context["table_rows"]) > 0


def test_links_outside_the_readers_area_are_dropped_as_arealink_drops_them(
    cast: Cast, programme: Programme
) -> None:
    context = body_context(client_for(cast.dept), "/areas/42/")
    request = RequestFactory().get("/areas/42/")
    request.user = cast.dist_a1  # sees Mueang Loei (4201) only
    with context.push(request=request, user=cast.dist_a1):
        written, templated = both(context)

    assert written == templated
    assert written.count("<a href=") == 1
    assert 'href="/areas/4201/?programme=' in written


def test_names_are_escaped(cast: Cast, programme: Programme) -> None:
    from phinong.geo.models import District

    District.objects.filter(code="4202").update(name_th='<b>"นา" & ด้วง</b>')
    context = body_context(client_for(cast.prov_a), "/areas/42/")

    written, templated = both(context)

    assert written == templated
    assert "&lt;b&gt;&quot;นา&quot; &amp; ด้วง&lt;/b&gt;" in written


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_checklist_reads_as_its_templates_wrote_it(
    cast: Cast, programme: Programme, language: str
) -> None:
    from django.utils import translation

    from phinong.dashboards.checklist import checklists
    from phinong.dashboards.templatetags.checklists import (
        checklist_cell,
        checklist_steps,
        next_step,
        steps_done,
    )

    with translation.override(language):
        found = checklists(actor=cast.dist_a1, programme=programme, codes=["420102", "420103"])
        assert found
        for checklist in found.values():
            context = Context({"checklist": checklist})
            for tag, name in [
                (checklist_cell, "_checklist_cell"),
                (checklist_steps, "_checklist"),
                (next_step, "_next_step"),
            ]:
                template = ENGINE.get_template(f"dashboards/{name}.html")
                assert normal(tag(checklist)) == normal(template.render(context)), name
            badge = ENGINE.from_string(BADGE).render(context)
            assert steps_done(checklist) == badge  # the tambon page's heading
        none = ENGINE.get_template("dashboards/_checklist_cell.html").render(Context({}))
        assert checklist_cell(None) == normal(none) == "–"
