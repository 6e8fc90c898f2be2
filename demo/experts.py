"""The demo roster: a few hundred practitioners from EU member states' administrations.

Deterministic (a fixed random seed) and bulk-created, so the first run takes a second and a
second run finds the roster there and only checks the demo login's own profile. The demo login
expert@demo.example is Claude Weber, an approved health-insurance expert from Luxembourg (the
seeds: experts from Luxembourg and Portugal reviewing Kosovo's health insurance law; Croatian
and Portuguese experts on Montenegro's health quality control; Croatian and Hungarian experts
on foster care in Montenegro).
"""

import datetime
import random
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import Role, User
from experts.models import (
    EmployerType,
    Expert,
    ExpertLanguage,
    ExpertTheme,
    RosterStatus,
    UnavailablePeriod,
    expert_cv_path,
)
from reference.models import Country, Language, LanguageLevel, Region, ThematicArea

ROSTER_SIZE = 300
SEED = 2026
EMAIL_DOMAIN = "roster.demo.example"

PA, MB, SP, AC, IN = (
    EmployerType.PUBLIC_ADMINISTRATION,
    EmployerType.MANDATED_BODY,
    EmployerType.SOCIAL_PARTNER,
    EmployerType.ACADEMIA,
    EmployerType.INDEPENDENT,
)
L = LanguageLevel


@dataclass(frozen=True)
class MemberState:
    weight: int
    native: tuple[str, ...]  # language codes spoken natively (those in the reference data)
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    # (employer, employer type, the sub-areas its people work on)
    employers: tuple[tuple[str, str, tuple[str, ...]], ...]


HEALTH = ("health-insurance", "universal-health-coverage", "health-quality", "health-governance")
SOCIAL = ("social-assistance", "social-services", "disability", "long-term-care")
CHILD = ("child-protection", "social-services", "roma-inclusion")
PENSIONS = ("pensions", "social-insurance", "public-finance")
EMPLOYMENT = ("public-employment-services", "active-labour-market", "skills")
LABOUR = ("labour-inspection", "skills")
CROSS = ("monitoring-evaluation", "digitalisation", "gender-equality", "inter-municipal")

MEMBER_STATES: dict[str, MemberState] = {
    "LU": MemberState(
        25,
        ("lb", "fr", "de"),
        (
            "Claude",
            "Anne",
            "Marc",
            "Sophie",
            "Luc",
            "Martine",
            "Jeff",
            "Carole",
            "Paul",
            "Nathalie",
        ),
        ("Weber", "Schmit", "Muller", "Wagner", "Hoffmann", "Thill", "Kremer", "Reuter", "Klein"),
        (
            ("Caisse nationale de santé", PA, HEALTH),
            ("Inspection générale de la sécurité sociale", PA, (*PENSIONS, "health-governance")),
            ("Agence pour le développement de l'emploi (ADEM)", PA, EMPLOYMENT),
            ("Office national de l'enfance", PA, CHILD),
            ("Ministère de la Famille et de l'Intégration", PA, SOCIAL),
            ("Chambre des salariés", SP, (*LABOUR, "social-insurance")),
            ("Université du Luxembourg", AC, (*PENSIONS, "monitoring-evaluation")),
        ),
    ),
    "PT": MemberState(
        35,
        ("pt",),
        ("João", "Maria", "Ana", "Pedro", "Rita", "Miguel", "Inês", "Rui", "Teresa", "Nuno"),
        ("Silva", "Santos", "Ferreira", "Pereira", "Costa", "Rodrigues", "Martins", "Sousa"),
        (
            ("Administração Central do Sistema de Saúde (ACSS)", PA, HEALTH),
            ("Direção-Geral da Saúde", PA, ("health-quality", "health-governance")),
            ("Instituto da Segurança Social", PA, (*SOCIAL, "social-insurance")),
            ("Instituto do Emprego e Formação Profissional (IEFP)", PA, EMPLOYMENT),
            ("Autoridade para as Condições do Trabalho", PA, LABOUR),
            ("Santa Casa da Misericórdia de Lisboa", MB, CHILD),
            ("Universidade Nova de Lisboa", AC, (*HEALTH, "monitoring-evaluation")),
        ),
    ),
    "HR": MemberState(
        35,
        ("hr",),
        ("Ivana", "Marko", "Ana", "Tomislav", "Petra", "Luka", "Maja", "Josip", "Katarina"),
        ("Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak", "Knežević", "Vuković"),
        (
            ("Hrvatski zavod za zdravstveno osiguranje (HZZO)", PA, HEALTH),
            ("Ministry of Health of Croatia", PA, ("health-quality", "health-governance")),
            ("Croatian Institute for Social Work", PA, (*CHILD, "social-assistance")),
            ("Croatian Pension Insurance Institute (HZMO)", PA, PENSIONS),
            ("Croatian Employment Service (HZZ)", PA, EMPLOYMENT),
            ("Association of Cities of Croatia", MB, ("inter-municipal", "social-services")),
            ("University of Zagreb, Faculty of Law, Social Work Study Centre", AC, CHILD),
        ),
    ),
    "HU": MemberState(
        30,
        ("hu",),
        ("Zsófia", "László", "Katalin", "Gábor", "Eszter", "Péter", "Judit", "Attila", "Anna"),
        ("Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Farkas"),
        (
            ("National Health Insurance Fund (NEAK)", PA, HEALTH),
            ("Hungarian State Treasury, Pension Directorate", PA, PENSIONS),
            ("Directorate-General for Social Affairs and Child Protection", PA, CHILD),
            ("National Employment Service", PA, EMPLOYMENT),
            ("Hungarian Trade Union Confederation (MASZSZ)", SP, LABOUR),
            ("Semmelweis University, Health Services Management", AC, HEALTH),
        ),
    ),
    "FR": MemberState(
        18,
        ("fr",),
        ("Camille", "Julien", "Claire", "Nicolas", "Isabelle", "Thomas", "Hélène", "Olivier"),
        ("Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Girard"),
        (
            ("Caisse nationale de l'Assurance Maladie", PA, HEALTH),
            ("France Travail", PA, EMPLOYMENT),
            ("Caisse nationale d'assurance vieillesse", PA, PENSIONS),
            ("Expertise France", MB, (*CROSS, "public-finance")),
            ("Inspection du travail", PA, LABOUR),
        ),
    ),
    "BE": MemberState(
        16,
        ("fr", "nl"),
        ("Els", "Pieter", "Nathalie", "Koen", "Sarah", "Jan", "Véronique", "Bart"),
        ("Peeters", "Janssens", "Maes", "Dubois", "Lambert", "Willems", "Claes", "Dupont"),
        (
            ("National Institute for Health and Disability Insurance (INAMI-RIZIV)", PA, HEALTH),
            ("Federal Public Service Social Security", PA, (*PENSIONS, "disability")),
            ("Actiris", PA, EMPLOYMENT),
            ("Enabel, Belgian Development Agency", MB, CROSS),
            ("Crossroads Bank for Social Security", MB, ("digitalisation", "social-insurance")),
        ),
    ),
    "DE": MemberState(
        16,
        ("de",),
        ("Katrin", "Stefan", "Julia", "Michael", "Sabine", "Andreas", "Anja", "Thomas"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Becker", "Wagner", "Hoffmann", "Koch"),
        (
            ("Deutsche Rentenversicherung Bund", PA, PENSIONS),
            ("Bundesagentur für Arbeit", PA, EMPLOYMENT),
            ("AOK-Bundesverband", MB, HEALTH),
            ("Deutsche Gesetzliche Unfallversicherung", MB, LABOUR),
            ("Hochschule Bonn-Rhein-Sieg", AC, ("social-insurance", "monitoring-evaluation")),
        ),
    ),
    "ES": MemberState(
        12,
        ("es",),
        ("Lucía", "Javier", "Carmen", "David", "Elena", "Pablo", "Marta", "Sergio"),
        ("García", "Fernández", "González", "López", "Martínez", "Sánchez", "Romero"),
        (
            ("Instituto Nacional de la Seguridad Social", PA, (*PENSIONS, "disability")),
            ("Servicio Público de Empleo Estatal (SEPE)", PA, EMPLOYMENT),
            ("FIIAPP", MB, CROSS),
            ("Comisiones Obreras (CCOO)", SP, LABOUR),
        ),
    ),
    "IT": MemberState(
        12,
        ("it",),
        ("Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Luca", "Paola", "Davide"),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"),
        (
            ("Istituto Nazionale della Previdenza Sociale (INPS)", PA, PENSIONS),
            ("Agenzia Nazionale per i Servizi Sanitari Regionali", PA, HEALTH),
            ("ANPAL", PA, EMPLOYMENT),
            ("Università di Bologna", AC, (*SOCIAL, "gender-equality")),
        ),
    ),
    "SI": MemberState(
        12,
        ("sl",),
        ("Nina", "Matej", "Urška", "Gregor", "Tina", "Rok", "Mojca", "Jure"),
        ("Novak", "Horvat", "Kranjc", "Zupan", "Potočnik", "Kovač", "Mlakar", "Vidmar"),
        (
            ("Health Insurance Institute of Slovenia (ZZZS)", PA, HEALTH),
            ("Social Protection Institute of the Republic of Slovenia", MB, SOCIAL),
            ("Employment Service of Slovenia", PA, EMPLOYMENT),
            ("Community of Municipalities of Slovenia", MB, ("inter-municipal", "public-finance")),
        ),
    ),
    "NL": MemberState(
        8,
        ("nl",),
        ("Sanne", "Joris", "Femke", "Daan", "Lotte", "Bram"),
        ("de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser"),
        (
            ("Sociale Verzekeringsbank", PA, (*PENSIONS, "social-assistance")),
            ("UWV", PA, (*EMPLOYMENT, "disability")),
            ("Netherlands Labour Authority", PA, LABOUR),
        ),
    ),
    "AT": MemberState(
        8,
        ("de",),
        ("Lena", "Florian", "Theresa", "Lukas", "Verena", "Georg"),
        ("Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner"),
        (
            ("Österreichische Gesundheitskasse", PA, HEALTH),
            ("Arbeitsmarktservice (AMS)", PA, EMPLOYMENT),
            ("Pensionsversicherungsanstalt", PA, PENSIONS),
        ),
    ),
    "RO": MemberState(
        8,
        ("ro",),
        ("Andreea", "Mihai", "Ioana", "Bogdan", "Elena", "Radu"),
        ("Popescu", "Ionescu", "Dumitru", "Stan", "Constantin", "Marin"),
        (
            ("National Agency for Payments and Social Inspection", PA, SOCIAL),
            ("National Authority for the Protection of Child Rights", PA, CHILD),
            ("National House of Public Pensions", PA, PENSIONS),
        ),
    ),
    "PL": MemberState(
        8,
        ("pl",),
        ("Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł"),
        ("Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski"),
        (
            ("Social Insurance Institution (ZUS)", PA, (*PENSIONS, "digitalisation")),
            ("National Labour Inspectorate", PA, LABOUR),
            ("Ministry of Family and Social Policy", PA, SOCIAL),
        ),
    ),
    "GR": MemberState(
        5,
        ("el",),
        ("Eleni", "Nikos", "Maria", "Giorgos"),
        ("Papadopoulou", "Georgiou", "Nikolaidis", "Karagianni"),
        (("e-EFKA Unified Social Security Fund", PA, (*PENSIONS, "digitalisation")),),
    ),
    "IE": MemberState(
        5,
        ("en",),
        ("Aoife", "Seán", "Niamh", "Ciarán"),
        ("Murphy", "Kelly", "O'Brien", "Walsh"),
        (("Department of Social Protection", PA, (*SOCIAL, "public-employment-services")),),
    ),
    "LT": MemberState(
        6,
        (),
        ("Rūta", "Tomas", "Jurgita", "Mantas"),
        ("Kazlauskienė", "Petrauskas", "Jankauskaitė", "Stankevičius"),
        (
            ("State Social Insurance Fund Board (Sodra)", PA, (*PENSIONS, "digitalisation")),
            ("Employment Service of Lithuania", PA, EMPLOYMENT),
        ),
    ),
    "EE": MemberState(
        5,
        (),
        ("Kadri", "Margus", "Liis", "Tarmo"),
        ("Tamm", "Saar", "Sepp", "Mägi"),
        (("Estonian Social Insurance Board", PA, (*SOCIAL, "digitalisation")),),
    ),
    "BG": MemberState(
        5,
        (),
        ("Desislava", "Ivan", "Milena", "Georgi"),
        ("Ivanova", "Petrov", "Dimitrova", "Georgiev"),
        (("Agency for Social Assistance", PA, (*SOCIAL, "roma-inclusion")),),
    ),
    "FI": MemberState(
        5,
        (),
        ("Aino", "Mikko", "Hanna", "Juha"),
        ("Korhonen", "Virtanen", "Mäkinen", "Nieminen"),
        (("Kela, Social Insurance Institution of Finland", PA, (*SOCIAL, "social-insurance")),),
    ),
    "CZ": MemberState(
        5,
        (),
        ("Lucie", "Jan", "Petra", "Martin"),
        ("Nováková", "Svoboda", "Dvořáková", "Černý"),
        (("Czech Social Security Administration", PA, PENSIONS),),
    ),
}

# Languages beyond the native ones: (code, share of the roster, levels to pick from).
FOREIGN_LANGUAGES = (
    ("en", 0.92, (L.B2, L.C1, L.C1, L.C2)),
    ("fr", 0.30, (L.B1, L.B2, L.C1, L.C2)),
    ("de", 0.18, (L.A2, L.B1, L.B2, L.C1)),
    ("es", 0.08, (L.B1, L.B2, L.C1)),
    ("it", 0.06, (L.A2, L.B1, L.B2)),
)
# Who reaches which partner region: Russian opens Central Asia and the Eastern Neighbourhood;
# Serbian, Croatian and Bosnian the Western Balkans.
RUSSIAN_SPEAKERS = {"LT": 0.7, "EE": 0.6, "BG": 0.7, "CZ": 0.3, "PL": 0.3, "HU": 0.15}
BALKAN_LANGUAGE_SPEAKERS = {"SI": 0.7, "HU": 0.15, "AT": 0.1, "DE": 0.05}

POSITIONS = {
    "social-protection": (
        "Head of the social assistance department",
        "Senior adviser on social services",
        "Head of the child protection unit",
        "Pension policy adviser",
        "Director of a centre for social work",
        "Disability assessment coordinator",
    ),
    "health-systems": (
        "Head of the contracting department",
        "Senior health financing adviser",
        "Head of quality and accreditation",
        "Director of benefits and entitlements",
    ),
    "employment-labour": (
        "Director of a regional employment office",
        "Labour inspector",
        "Manager of active labour-market programmes",
        "Head of vocational training",
    ),
    "cross-cutting": (
        "Head of IT and digital services",
        "Monitoring and evaluation officer",
        "Budget and public finance analyst",
        "Roma inclusion coordinator",
    ),
}

KEYWORDS = {
    "health-insurance": "contribution collection, benefit package, provider payment",
    "universal-health-coverage": "coverage of the uninsured, essential services",
    "health-quality": "accreditation, clinical audit, patient safety",
    "health-governance": "health law, stewardship, hospital governance",
    "social-assistance": "means testing, guaranteed minimum income, case management",
    "pensions": "pension reform, actuarial projections, pension administration",
    "disability": "disability assessment, inclusion, personal assistance",
    "child-protection": "foster care, deinstitutionalisation, gatekeeping",
    "long-term-care": "home care, care insurance",
    "social-services": "service standards, licensing, community services",
    "social-insurance": "insurance records, contributions, benefit administration",
    "public-employment-services": "job matching, counselling, employer services",
    "active-labour-market": "ALMP design, youth guarantee, wage subsidies",
    "labour-inspection": "OSH inspection, undeclared work, risk assessment",
    "skills": "vocational training, skills forecasting, adult learning",
    "monitoring-evaluation": "indicators, impact evaluation, results frameworks",
    "digitalisation": "e-services, interoperability, data exchange",
    "roma-inclusion": "Roma inclusion, outreach, mediators",
    "gender-equality": "gender mainstreaming, gender budgeting",
    "inter-municipal": "inter-municipal cooperation, shared services",
    "public-finance": "programme budgeting, fiscal sustainability",
}

STATUSES = (
    (RosterStatus.APPROVED, 72),
    (RosterStatus.APPLIED, 10),
    (RosterStatus.DRAFT, 6),
    (RosterStatus.REJECTED, 5),
    (RosterStatus.SUSPENDED, 7),
)
VETTING_NOTES = {
    RosterStatus.REJECTED: (
        "Thank you for applying. The programme mobilises serving practitioners; please apply "
        "again when you hold a position in a public institution.",
        "Your profile does not show experience in the programme's themes yet. Please describe "
        "the reforms you took part in and apply again.",
    ),
    RosterStatus.SUSPENDED: (
        "Suspended at your employer's request while you are on long-term secondment.",
        "Suspended until the declared conflict of interest with a partner institution ends.",
    ),
}
EMPLOYER_TYPE_CHANGE = ((SP, 0.05), (AC, 0.05), (IN, 0.06))  # otherwise the employer's own type


@dataclass(frozen=True)
class Catalogue:
    """The reference data the roster is drawn from, read once."""

    themes: dict[str, ThematicArea]  # by code, with their parent area
    countries_by_region: dict[str, list[str]]
    country_names: dict[str, str]
    language_names: dict[str, str]
    today: datetime.date

    @classmethod
    def load(cls) -> "Catalogue":
        by_region: dict[str, list[str]] = {}
        for code, region in Country.objects.partners().values_list("code", "region"):
            by_region.setdefault(region, []).append(code)
        return cls(
            themes=ThematicArea.objects.select_related("parent").in_bulk(field_name="code"),
            countries_by_region=by_region,
            country_names=dict(Country.objects.values_list("code", "name")),
            language_names=dict(Language.objects.values_list("code", "name")),
            today=timezone.localdate(),
        )


# The demo login (demo/users.py): approved, Luxembourg, health insurance.
DEMO_EXPERT = {
    "employer": "Caisse nationale de santé",
    "employer_type": PA,
    "position": "Head of the health insurance benefits department",
    "years_experience": 18,
    "summary": (
        "Eighteen years at Luxembourg's national health insurance fund, the last eight heading "
        "the benefits department: benefit package design, contracting with providers, and the "
        "reform of contribution collection. Member of the peer team that supported Kosovo's "
        "national committee of experts in reviewing the 2014 Law on Health Insurance, towards "
        "universal health coverage and a stronger role for the National Health Fund."
    ),
    "keywords": (
        "health insurance law, benefit package, provider contracting, contribution collection"
    ),
    "max_days_per_year": 40,
}
DEMO_EXPERT_THEMES = (("health-insurance", 15), ("universal-health-coverage", 8))
DEMO_EXPERT_LANGUAGES = (("lb", L.NATIVE), ("fr", L.C2), ("de", L.C2), ("en", L.C1))
DEMO_EXPERT_COUNTRIES = ("XK", "ME", "MD")


def seed_demo_experts(*, expert_user: User) -> int:
    """Create the demo roster once (returns how many experts were created) and keep the demo
    login's profile as the demo describes it."""
    _demo_login_profile(expert_user)
    emails = [_email(index) for index in range(ROSTER_SIZE)]
    if User.objects.filter(email__in=emails).exists():
        return 0
    return _roster_create(random.Random(SEED))


def _email(index: int) -> str:
    return f"expert{index + 1:03d}@{EMAIL_DOMAIN}"


def _demo_login_profile(user: User) -> Expert:
    expert, _created = Expert.objects.update_or_create(
        user=user,
        defaults={
            **DEMO_EXPERT,
            "nationality_id": "LU",
            "roster_status": RosterStatus.APPROVED,
            "anonymised_at": None,
        },
    )
    if expert.consent_given_at is None:
        expert.consent_given_at = timezone.now() - datetime.timedelta(days=400)
        expert.save(update_fields=["consent_given_at"])
    themes = ThematicArea.objects.in_bulk(
        [code for code, _years in DEMO_EXPERT_THEMES], field_name="code"
    )
    expert.themes.all().delete()
    ExpertTheme.objects.bulk_create(
        ExpertTheme(expert=expert, theme=themes[code], years=years)
        for code, years in DEMO_EXPERT_THEMES
    )
    expert.languages.all().delete()
    ExpertLanguage.objects.bulk_create(
        ExpertLanguage(expert=expert, language_id=code, level=level)
        for code, level in DEMO_EXPERT_LANGUAGES
    )
    expert.countries_of_experience.set(DEMO_EXPERT_COUNTRIES)
    if not expert.cv:
        _attach_cv(expert, user.full_name, [expert.position, expert.employer, expert.summary])
        expert.save(update_fields=["cv", "cv_name"])
    return expert


def _roster_create(rng: random.Random) -> int:
    catalogue = Catalogue.load()
    codes = list(MEMBER_STATES)
    weights = [MEMBER_STATES[code].weight for code in codes]
    password = make_password(None)  # the roster's people do not log in
    people = [
        _person(rng, index, rng.choices(codes, weights)[0], catalogue)
        for index in range(ROSTER_SIZE)
    ]
    users = User.objects.bulk_create(
        User(
            email=person["email"],
            full_name=person["name"],
            role=Role.EXPERT,
            email_verified=True,
            password=password,
            date_joined=person["joined"],
        )
        for person in people
    )
    experts = Expert.objects.bulk_create(
        Expert(user=user, **person["profile"]) for user, person in zip(users, people, strict=True)
    )
    ExpertTheme.objects.bulk_create(
        ExpertTheme(expert=expert, theme=catalogue.themes[code], years=years)
        for expert, person in zip(experts, people, strict=True)
        for code, years in person["themes"]
    )
    ExpertLanguage.objects.bulk_create(
        ExpertLanguage(expert=expert, language_id=code, level=level)
        for expert, person in zip(experts, people, strict=True)
        for code, level in person["languages"]
    )
    through = Expert.countries_of_experience.through
    through.objects.bulk_create(
        through(expert=expert, country_id=code)
        for expert, person in zip(experts, people, strict=True)
        for code in person["countries"]
    )
    UnavailablePeriod.objects.bulk_create(
        UnavailablePeriod(expert=expert, start=start, end=end, reason=reason)
        for expert, person in zip(experts, people, strict=True)
        for start, end, reason in person["periods"]
    )
    with_cv = []
    for expert, person in zip(experts, people, strict=True):
        if person["profile"]["roster_status"] != RosterStatus.DRAFT:
            _attach_cv(expert, person["name"], person["cv_lines"])
            with_cv.append(expert)
    Expert.objects.bulk_update(with_cv, ["cv", "cv_name"])
    return len(experts)


def _person(rng: random.Random, index: int, nationality: str, catalogue: Catalogue) -> dict:
    """One expert of the roster, drawn at random but coherent: employer, themes, languages and
    countries of experience fit together."""
    state = MEMBER_STATES[nationality]
    name = f"{rng.choice(state.first_names)} {rng.choice(state.last_names)}"
    employer, employer_type, theme_pool = rng.choice(state.employers)
    for other_type, share in EMPLOYER_TYPE_CHANGE:
        if employer_type == PA and rng.random() < share:
            employer_type = other_type
            if other_type == IN:
                employer = "Independent consultant"
    years = rng.randint(6, 32)
    chosen = rng.sample(theme_pool, k=min(len(theme_pool), rng.choice((1, 2, 2, 3))))
    theme_years = [(code, rng.randint(2, max(2, years - rng.randint(0, 5)))) for code in chosen]
    area = catalogue.themes[chosen[0]].parent.code

    languages = dict.fromkeys(state.native[:1], L.NATIVE)
    languages.update({code: rng.choice((L.C1, L.C2)) for code in state.native[1:]})
    for code, share, levels in FOREIGN_LANGUAGES:
        if code not in languages and rng.random() < share:
            languages[code] = rng.choice(levels)
    if nationality == "HR":
        languages.update({"sr": L.C2, "bs": L.C2})
    elif rng.random() < BALKAN_LANGUAGE_SPEAKERS.get(nationality, 0):
        languages.update({"hr": rng.choice((L.B2, L.C1)), "sr": rng.choice((L.B1, L.B2))})
    speaks_russian = rng.random() < RUSSIAN_SPEAKERS.get(nationality, 0.12)
    if speaks_russian:
        languages["ru"] = rng.choice((L.B1, L.B2, L.C1, L.C2))

    regions = []
    if "sr" in languages or rng.random() < 0.4:
        regions.append(Region.WESTERN_BALKANS)
    if speaks_russian:
        regions += [Region.CENTRAL_ASIA, Region.EASTERN_NEIGHBOURHOOD]
    if "fr" in languages and rng.random() < 0.3:
        regions.append(Region.SUB_SAHARAN_AFRICA)
    if "es" in languages or "pt" in languages:
        regions.append(Region.LATIN_AMERICA_CARIBBEAN)
    pool = sorted(
        {code for region in regions for code in catalogue.countries_by_region.get(region, [])}
    )
    countries = rng.sample(pool, k=min(len(pool), rng.randint(0, 4))) if pool else []

    status = rng.choices([s for s, _w in STATUSES], [w for _s, w in STATUSES])[0]
    draft = status == RosterStatus.DRAFT
    position = rng.choice(POSITIONS[area])
    keywords = ", ".join(KEYWORDS[code] for code in chosen)
    summary = (
        f"{years} years of experience, currently {position.lower()} at {employer}. "
        f"Works on {', '.join(catalogue.themes[code].name for code in chosen).lower()}; "
        + (
            "has shared this experience with institutions in "
            f"{', '.join(catalogue.country_names[code] for code in countries)}."
            if countries
            else "keen to share this experience with peers in partner countries."
        )
    )
    periods = []
    if rng.random() < 0.35:
        start = catalogue.today + datetime.timedelta(days=rng.randint(5, 200))
        periods.append((start, start + datetime.timedelta(days=rng.randint(3, 21)), "Annual leave"))
        if rng.random() < 0.3:
            start = periods[0][1] + datetime.timedelta(days=rng.randint(30, 90))
            end = start + datetime.timedelta(days=rng.randint(5, 30))
            periods.append((start, end, "Busy period at work (budget preparation)"))
    joined = timezone.now() - datetime.timedelta(days=rng.randint(30, 1100))
    return {
        "email": _email(index),
        "name": name,
        "joined": joined,
        "profile": {
            "nationality_id": nationality,
            "employer": employer,
            "employer_type": employer_type,
            "position": position,
            "years_experience": years,
            "summary": "" if draft else summary,
            "keywords": keywords,
            "max_days_per_year": None if draft else rng.choice((20, 30, 40, 50, 60)),
            "roster_status": status,
            "consent_given_at": None if draft else joined + datetime.timedelta(days=1),
            "vetting_note": rng.choice(VETTING_NOTES.get(status, ("",))),
        },
        "themes": theme_years,
        "languages": list(languages.items()),
        "countries": countries,
        "periods": periods,
        "cv_lines": [
            position,
            employer,
            summary,
            "Languages: "
            + ", ".join(
                f"{catalogue.language_names[code]} {LanguageLevel(level).label}"
                for code, level in languages.items()
            ),
        ],
    }


def _attach_cv(expert: Expert, name: str, lines: list[str]) -> None:
    """Store a one-page PDF CV for the expert (the caller saves the row)."""
    file_name = "cv.pdf"
    path = default_storage.save(
        expert_cv_path(expert, file_name), ContentFile(_cv_pdf(name, lines))
    )
    expert.cv.name = path
    expert.cv_name = file_name


def _pdf_text(text: str) -> str:
    """Text for a PDF string in the standard Helvetica encoding, accents kept where possible."""
    kept = []
    for char in text:
        try:
            char.encode("cp1252")
            kept.append(char)
        except UnicodeEncodeError:
            kept.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode())
    return "".join(kept).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _cv_pdf(name: str, lines: list[str]) -> bytes:
    """A minimal, valid one-page PDF: the name as a title, then the lines, wrapped."""
    text_lines = []
    for line in lines:
        words, current = line.split(), ""
        for word in words:
            if len(current) + len(word) + 1 > 90:
                text_lines.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        text_lines.append(current)
        text_lines.append("")
    body = [f"BT /F1 18 Tf 56 780 Td ({_pdf_text('Curriculum vitae: ' + name)}) Tj", "/F1 10 Tf"]
    body += [f"0 -16 Td ({_pdf_text(line)}) Tj" for line in text_lines]
    stream = "\n".join([*body, "ET"]).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)
