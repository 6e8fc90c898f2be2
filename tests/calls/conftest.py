import pytest

from experts.models import ExpertLanguage, ExpertTheme
from reference.models import LanguageLevel
from tests.factories import ExpertFactory, country, language, theme
from tests.factories.calls import PositionFactory


def fitting_expert(**kwargs):
    """An approved expert who fits the default position well (health insurance, English C1,
    worked in Kosovo)."""
    expert = ExpertFactory(**kwargs)
    ExpertTheme.objects.create(expert=expert, theme=theme("health-insurance"), years=14)
    ExpertLanguage.objects.create(expert=expert, language=language("en"), level=LanguageLevel.C1)
    expert.countries_of_experience.add(country("XK"))
    return expert


def unfit_expert(**kwargs):
    """An approved expert in labour inspection who speaks English: eligible, a poor fit."""
    expert = ExpertFactory(summary="Labour inspection.", keywords="inspection", **kwargs)
    ExpertTheme.objects.create(expert=expert, theme=theme("labour-inspection"), years=2)
    ExpertLanguage.objects.create(expert=expert, language=language("en"), level=LanguageLevel.B2)
    return expert


@pytest.fixture
def position(db):
    """An expert position of a published call on a recruiting mission in Kosovo."""
    position = PositionFactory(call__mission__country=country("XK"))
    position.call.mission.themes.set([theme("health-insurance")])
    position.call.mission.languages.set([language("en")])
    return position
