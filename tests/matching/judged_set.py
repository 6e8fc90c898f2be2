"""The judged set: requests of the demo programme, each with the experts a programme officer would
pick from a small roster, written down by hand with the reason, before looking at the ranking.

``build()`` creates the roster and the requests with the factories (deterministic);
``judge()`` ranks each request and compares the top five with the officer's picks.
docs/matching.md reports the figure; tests/matching/test_judged_set.py keeps it from falling.
"""

import datetime
from dataclasses import dataclass, field

from experts.matching import criteria_for, rank_experts
from experts.models import EmployerType, RosterStatus, UnavailablePeriod

from .builders import expert_with, request_for

PA = EmployerType.PUBLIC_ADMINISTRATION
MANDATED = EmployerType.MANDATED_BODY
ACADEMIA = EmployerType.ACADEMIA
INDEPENDENT = EmployerType.INDEPENDENT
START = datetime.date(2027, 3, 1)
END = datetime.date(2027, 3, 12)
TOP = 5


@dataclass(frozen=True)
class RosterEntry:
    name: str
    employer: str
    employer_type: str
    position: str
    themes: dict[str, int]  # sub-area code → years
    languages: dict[str, int]  # code → CEFR level (4 = B2, 7 = native)
    countries: tuple[str, ...]
    summary: str
    keywords: str = ""
    roster_status: str = RosterStatus.APPROVED
    unavailable: bool = False  # away for the whole of March 2027


@dataclass(frozen=True)
class JudgedRequest:
    title: str
    expertise_sought: str
    country: str
    themes: tuple[str, ...]
    languages: tuple[str, ...]
    picks: dict[str, str] = field(default_factory=dict)  # roster key → why the officer picks them


# fmt: off
ROSTER: dict[str, RosterEntry] = {
    # Health insurance and health systems
    "weber": RosterEntry(
        "Claude Weber", "Caisse nationale de santé", PA, "Head of the benefits unit",
        {"health-insurance": 18, "universal-health-coverage": 6},
        {"fr": 7, "de": 6, "en": 5, "lb": 7}, ("XK", "MK"),
        "Health insurance financing, benefit packages and the drafting of health insurance law.",
        "health insurance law, benefit package",
    ),
    "ferreira": RosterEntry(
        "Marta Ferreira", "Administração Central do Sistema de Saúde", PA, "Senior adviser",
        {"health-insurance": 12, "health-governance": 6},
        {"pt": 7, "en": 5, "es": 4, "fr": 4}, ("XK", "CV"),
        "Strategic purchasing of health services and health insurance legislation.",
        "strategic purchasing, health insurance",
    ),
    "berger": RosterEntry(
        "Jonas Berger", "Dachverband der Sozialversicherungsträger", MANDATED, "Legal adviser",
        {"health-insurance": 9, "social-insurance": 10}, {"de": 7, "en": 6}, ("BA", "RS"),
        "Social insurance law, contribution rules and health insurance benefits.",
    ),
    "novak": RosterEntry(
        "Dana Novak", "Health Insurance Institute of Slovenia", PA, "Director of finance",
        {"health-insurance": 15}, {"sl": 7, "hr": 5, "sr": 5, "en": 5}, ("ME", "BA", "RS"),
        "Health insurance financing and contribution collection in a Bismarck system.",
    ),
    "kowalska": RosterEntry(
        "Irena Kowalska", "National Health Fund", PA, "Deputy director",
        {"universal-health-coverage": 10, "health-insurance": 6},
        {"pl": 7, "ru": 6, "en": 5, "uk": 5}, ("KG", "UA", "KZ"),
        "Primary health care financing and coverage of the uninsured.",
    ),
    "ortega": RosterEntry(
        "Ramón Ortega", "Servicio Andaluz de Salud", PA, "Head of quality",
        {"health-quality": 15, "health-governance": 7}, {"es": 7, "en": 5, "pt": 5},
        ("BO", "EC", "CO"),
        "Hospital accreditation, clinical guidelines and patient safety programmes.",
    ),
    "laurent": RosterEntry(
        "Sophie Laurent", "Haute Autorité de santé", MANDATED, "Accreditation manager",
        {"health-quality": 12}, {"fr": 7, "en": 5}, ("TN", "MA"),
        "Accreditation of health facilities and quality indicators.",
    ),
    "madsen": RosterEntry(
        "Henrik Madsen", "University of Copenhagen", ACADEMIA, "Professor",
        {"health-governance": 18, "universal-health-coverage": 9}, {"en": 7}, ("KH", "VN", "PH"),
        "Health governance, health sector planning and universal health coverage.",
    ),
    "kask": RosterEntry(
        "Tiina Kask", "Estonian Health Insurance Fund", PA, "Head of e-services",
        {"universal-health-coverage": 7, "digitalisation": 9}, {"ru": 6, "en": 6}, ("KG", "GE"),
        "Digital health insurance registries and primary care contracting.",
    ),
    "morel": RosterEntry(
        "Jacques Morel", "Ministère de la Santé", PA, "Inspector general",
        {"health-governance": 10}, {"fr": 7, "en": 5, "ar": 3}, ("TN", "MA", "SN"),
        "Health governance reform, hospital management and health sector planning.",
    ),
    "applicant": RosterEntry(
        "Rolf Sommer", "AOK", MANDATED, "Head of contracts",
        {"health-insurance": 20}, {"de": 7, "en": 6, "sq": 5}, ("XK", "AL"),
        "Health insurance law and benefit packages.",
        roster_status=RosterStatus.APPLIED,
    ),
    # Child protection, social services, long-term care
    "kovac": RosterEntry(
        "Ana Kovač", "Ministry of Labour, Pension System, Family and Social Policy", PA,
        "Head of the foster care service",
        {"child-protection": 14, "social-services": 8}, {"hr": 7, "sr": 6, "bs": 6, "en": 5},
        ("ME", "BA", "RS"),
        "Foster care standards, deinstitutionalisation and case management in centres for "
        "social work.",
        "foster care, case management",
    ),
    "ozola": RosterEntry(
        "Ieva Ozola", "State Inspectorate for Protection of Children's Rights", PA, "Inspector",
        {"child-protection": 11}, {"ru": 6, "en": 5}, ("KZ", "UA", "MD"),
        "Case management in child protection and inspection of child care institutions.",
        "case management, child rights",
    ),
    "martin": RosterEntry(
        "Hélène Martin", "Conseil départemental de la Gironde", PA, "Head of child welfare",
        {"child-protection": 16}, {"fr": 7, "en": 4}, ("SN", "TG", "MA"),
        "Child welfare, foster families and family support services.",
        "foster families, family support",
    ),
    "zielinski": RosterEntry(
        "Tomasz Zieliński", "University of Warsaw", ACADEMIA, "Associate professor",
        {"child-protection": 8, "monitoring-evaluation": 6}, {"pl": 7, "ru": 5, "en": 6},
        ("UA", "GE"),
        "Evaluation of child protection reforms and family policy.",
    ),
    "lindqvist": RosterEntry(
        "Eva Lindqvist", "Independent consultant", INDEPENDENT, "Consultant",
        {"child-protection": 20}, {"en": 6}, ("KE", "ET"),
        "Child protection systems, alternative care and case management.",
    ),
    "away": RosterEntry(
        "Mirjam Brandt", "Stadt Wien, MA 11", PA, "Head of foster care",
        {"child-protection": 22}, {"de": 7, "en": 6, "sr": 5}, ("ME", "RS"),
        "Foster care standards and case management.",
        "foster care",
        unavailable=True,
    ),
    "popa": RosterEntry(
        "Elena Popa", "National Agency for Payments and Social Inspection", PA, "Social worker",
        {"long-term-care": 9, "social-services": 6}, {"ro": 7, "en": 5, "ru": 4}, ("MD",),
        "Home care services for older persons and social service standards.",
    ),
    "hofmann": RosterEntry(
        "Greta Hofmann", "Fonds Soziales Wien", PA, "Head of home care",
        {"long-term-care": 14}, {"de": 7, "en": 5}, ("BA", "XK"),
        "Long-term care at home, care assessment and quality of residential care.",
    ),
    "georgiou": RosterEntry(
        "Maria Georgiou", "Social Welfare Services", PA, "Senior welfare officer",
        {"social-services": 12, "social-assistance": 8}, {"el": 7, "en": 6}, ("GE", "AM"),
        "Licensing and standards of social services, community social services.",
        "licensing, social service standards",
    ),
    "kos": RosterEntry(
        "Sandra Kos", "Social Chamber of Slovenia", MANDATED, "Director",
        {"social-services": 15, "inter-municipal": 6}, {"sl": 7, "hr": 6, "sr": 6, "en": 5},
        ("ME", "MK", "RS"),
        "Social service standards and shared municipal social services.",
    ),
    # Pensions, social insurance, social assistance
    "ionescu": RosterEntry(
        "Stefan Ionescu", "National House of Public Pensions", PA, "Head of actuarial unit",
        {"pensions": 13, "social-insurance": 7}, {"ro": 7, "en": 5, "fr": 4}, ("MD", "RS"),
        "Pension administration and actuarial modelling of pension schemes.",
    ),
    "horvath": RosterEntry(
        "Petra Horváth", "Hungarian State Treasury", PA, "Chief actuary",
        {"pensions": 9}, {"hu": 7, "en": 6, "de": 5}, ("RS", "MK", "AL"),
        "Actuarial projections and pension reform.",
        "actuarial modelling, pension reform",
    ),
    "almeida": RosterEntry(
        "Luís Almeida", "Instituto da Segurança Social", PA, "Director of pensions",
        {"pensions": 15, "social-insurance": 10}, {"pt": 7, "en": 5, "es": 5, "fr": 4},
        ("CV", "BO"),
        "Pension reform and social insurance administration in Portuguese-speaking countries.",
    ),
    "fischer": RosterEntry(
        "Klaus Fischer", "Deutsche Rentenversicherung", MANDATED, "Senior adviser",
        {"pensions": 20}, {"de": 7, "en": 6, "ru": 4}, ("KZ", "UZ", "UA"),
        "Pension insurance, pension reform and actuarial projections.",
    ),
    "petraitiene": RosterEntry(
        "Rasa Petraitienė", "SoDra", PA, "Head of contribution collection",
        {"social-insurance": 16, "digitalisation": 7}, {"ru": 6, "en": 5}, ("UZ", "KZ", "KG"),
        "Social insurance contribution collection and digital registers of the insured.",
        "contribution collection",
    ),
    "horak": RosterEntry(
        "Vladimír Horák", "Czech Social Security Administration", PA, "Deputy director",
        {"social-insurance": 11}, {"ru": 5, "en": 5, "de": 4}, ("UA", "MD"),
        "Social insurance administration and benefit payment systems.",
    ),
    "martin_lucia": RosterEntry(
        "Lucía Martín", "Ministerio de Inclusión", PA, "Head of minimum income",
        {"social-assistance": 10}, {"es": 7, "fr": 5, "en": 5}, ("CO", "BO", "PY"),
        "Minimum income schemes and targeting of cash transfers.",
        "cash transfers, targeting",
    ),
    "mercier": RosterEntry(
        "Paul Mercier", "Caisse nationale des allocations familiales", MANDATED, "Adviser",
        {"social-assistance": 14, "digitalisation": 5}, {"fr": 7, "en": 5}, ("SN", "TG"),
        "Cash transfers, targeting and social registries.",
        "cash transfers, social registry",
    ),
    "janssens": RosterEntry(
        "Pieter Janssens", "FPS Social Security", PA, "Disability assessment coordinator",
        {"disability": 10, "social-assistance": 5}, {"nl": 7, "fr": 7, "en": 6}, ("MA", "TN"),
        "Disability assessment and disability benefits.",
    ),
    # Disability
    "horvat": RosterEntry(
        "Ivana Horvat", "Institute for Expertise, Professional Rehabilitation and Employment "
        "of Persons with Disabilities", PA, "Head of assessment",
        {"disability": 12}, {"hr": 7, "bs": 6, "sr": 6, "en": 5}, ("BA", "ME"),
        "Functional assessment methodology and disability assessment reform.",
        "disability assessment, functional assessment",
    ),
    "romano": RosterEntry(
        "Giulia Romano", "INPS", MANDATED, "Medical officer",
        {"disability": 14}, {"it": 7, "en": 4, "sq": 5}, ("AL", "XK"),
        "Medical assessment of disability and inclusion of persons with disabilities.",
    ),
    # Employment and labour
    "kazlauskas": RosterEntry(
        "Andrius Kazlauskas", "State Labour Inspectorate", PA, "Chief inspector",
        {"labour-inspection": 12}, {"ru": 6, "en": 5}, ("GE", "UA", "KG"),
        "Risk-based inspection planning and undeclared work.",
        "labour inspection, risk-based planning",
    ),
    "papadakis": RosterEntry(
        "Nikos Papadakis", "Labour Inspectorate", PA, "Inspector",
        {"labour-inspection": 9}, {"el": 7, "en": 5, "sq": 4}, ("AL", "MK"),
        "Labour inspection and occupational safety and health.",
    ),
    "marino": RosterEntry(
        "Sofia Marino", "INAIL", MANDATED, "Head of prevention",
        {"labour-inspection": 16}, {"it": 7, "en": 5, "fr": 5, "ar": 3}, ("JO", "TN", "MA"),
        "Occupational safety and health, prevention of occupational risks.",
        "occupational safety and health",
    ),
    "devries": RosterEntry(
        "Jan de Vries", "TNO", ACADEMIA, "Researcher",
        {"labour-inspection": 7}, {"nl": 7, "en": 7}, ("JO",),
        "Occupational safety and health research.",
    ),
    "vogel": RosterEntry(
        "Katrin Vogel", "Bundesagentur für Arbeit", PA, "Head of counselling",
        {"public-employment-services": 15, "active-labour-market": 8},
        {"de": 7, "en": 6, "ru": 4}, ("MK", "KZ", "UA"),
        "Jobseeker profiling, job matching and counselling in public employment services.",
        "jobseeker profiling, job matching",
    ),
    "dimitrova": RosterEntry(
        "Mirela Dimitrova", "Employment Agency", PA, "Regional director",
        {"public-employment-services": 10}, {"mk": 5, "ru": 5, "en": 5}, ("MK", "AL"),
        "Registration of jobseekers and employer services.",
    ),
    "lambert": RosterEntry(
        "Pierre Lambert", "Le Forem", PA, "Programme manager",
        {"public-employment-services": 9, "active-labour-market": 12, "skills": 5},
        {"fr": 7, "en": 5}, ("SN", "MA", "TG"),
        "Youth employment programmes, active labour-market policies and job counselling.",
        "youth employment",
    ),
    "lopez": RosterEntry(
        "Carmen López", "Servicio Público de Empleo Estatal", PA, "Head of programmes",
        {"active-labour-market": 11}, {"es": 7, "en": 5, "fr": 4, "pt": 4},
        ("CO", "BO", "EC", "PY"),
        "Active labour-market policies, wage subsidies and youth guarantee schemes.",
    ),
    "virtanen": RosterEntry(
        "Mikko Virtanen", "University of Helsinki", ACADEMIA, "Professor",
        {"active-labour-market": 14, "monitoring-evaluation": 10}, {"en": 6}, ("KE", "ET"),
        "Evaluation of employment programmes and impact evaluation.",
    ),
    "bianchi": RosterEntry(
        "Chiara Bianchi", "Independent consultant", INDEPENDENT, "Consultant",
        {"skills": 12}, {"it": 7, "fr": 6, "en": 5, "ar": 3}, ("MA", "TN"),
        "Vocational training reform and recognition of prior learning.",
        "vocational training",
    ),
    "dubois": RosterEntry(
        "Aurélie Dubois", "AFPA", PA, "Training director",
        {"skills": 10, "active-labour-market": 6}, {"fr": 7, "en": 4, "ar": 4}, ("MA", "SN", "TN"),
        "Vocational training centres and skills for youth employment.",
        "vocational training, youth",
    ),
    # Cross-cutting
    "schneider": RosterEntry(
        "Hannah Schneider", "Federal Statistical Office", PA, "Head of evaluation",
        {"monitoring-evaluation": 12}, {"de": 7, "en": 6, "ru": 4}, ("AM", "GE"),
        "Monitoring and evaluation of social programmes and performance indicators.",
        "monitoring, evaluation, indicators",
    ),
    "marin": RosterEntry(
        "Oana Marin", "Independent evaluator", INDEPENDENT, "Evaluator",
        {"monitoring-evaluation": 15}, {"ro": 7, "en": 6, "fr": 5, "ru": 4}, ("MD", "AM", "UA"),
        "Results-based management and evaluation of social programmes.",
    ),
    "tamm": RosterEntry(
        "Kristjan Tamm", "Information System Authority", PA, "Chief architect",
        {"digitalisation": 14}, {"en": 6, "ru": 6}, ("UA", "MD", "KG"),
        "Interoperability of information systems and digital social registries.",
        "interoperability, registries",
    ),
    "navarro": RosterEntry(
        "Isabel Navarro", "Instituto de las Mujeres", PA, "Head of gender budgeting",
        {"gender-equality": 13}, {"es": 7, "en": 5, "fr": 4}, ("CO", "BO", "PY"),
        "Gender-responsive budgeting and women's employment.",
        "gender budgeting",
    ),
    "kranjc": RosterEntry(
        "Lea Kranjc", "University of Ljubljana", ACADEMIA, "Researcher",
        {"gender-equality": 8}, {"sl": 7, "en": 6, "sr": 5}, ("ME", "BA"),
        "Gender equality policies and gender-responsive budgeting.",
    ),
    "nagy": RosterEntry(
        "Anna Nagy", "Ministry of Interior, Roma inclusion", PA, "Senior adviser",
        {"roma-inclusion": 12, "social-services": 5}, {"hu": 7, "sr": 4, "en": 5}, ("RS", "MK"),
        "Roma health mediators and outreach to vulnerable groups.",
        "health mediators, Roma",
    ),
    "stoica": RosterEntry(
        "Radu Stoica", "National Agency for Roma", PA, "Director",
        {"roma-inclusion": 9}, {"ro": 7, "en": 5, "sr": 5}, ("RS", "MK", "AL"),
        "Inclusion of Roma communities and anti-discrimination.",
    ),
    "conti": RosterEntry(
        "Francesca Conti", "ANCI", PA, "Head of cooperation",
        {"inter-municipal": 11, "public-finance": 4}, {"it": 7, "en": 5, "sq": 4}, ("AL", "ME"),
        "Inter-municipal cooperation and shared municipal services.",
        "inter-municipal cooperation",
    ),
    "peeters": RosterEntry(
        "Bart Peeters", "FPS Policy and Support, Budget", PA, "Budget expert",
        {"public-finance": 16}, {"nl": 7, "fr": 6, "en": 6}, ("PH", "KH", "TN"),
        "Programme budgeting and costing of social policies.",
        "costing, programme budgeting",
    ),
    "collins": RosterEntry(
        "Emma Collins", "Department of Finance", PA, "Principal officer",
        {"public-finance": 10, "monitoring-evaluation": 5}, {"en": 7, "fr": 4},
        ("PH", "VN", "KE"),
        "Fiscal sustainability and costing of social protection.",
    ),
}

JUDGED_REQUESTS: list[JudgedRequest] = [
    JudgedRequest(
        "Review of the 2014 Law on Health Insurance",
        "Health insurance legislation, the benefit package and contribution rules.",
        "XK", ("health-insurance",), ("en", "sq"),
        {
            "weber": "drafted health insurance law, worked in Kosovo",
            "ferreira": "health insurance legislation, worked in Kosovo",
            "novak": "runs a health insurance fund, region",
            "berger": "health insurance and contribution rules, region",
        },
    ),
    JudgedRequest(
        "Foster care standards for the centres for social work",
        "Foster care standards and case management.",
        "ME", ("child-protection",), ("en", "sr"),
        {
            "kovac": "runs foster care, speaks Serbian, worked in Montenegro",
            "martin": "16 years of foster families",
            "ozola": "case management in child protection",
            "lindqvist": "20 years of alternative care",
        },
    ),
    JudgedRequest(
        "Case management in child protection",
        "Case management for child protection workers, in Russian.",
        "KZ", ("child-protection",), ("ru", "en"),
        {
            "ozola": "case management, Russian, worked in Kazakhstan",
            "zielinski": "child protection reforms, Russian",
            "kovac": "case management in centres for social work",
            "lindqvist": "case management, long experience",
        },
    ),
    JudgedRequest(
        "Jobseeker profiling in the Employment Service Agency",
        "Profiling of jobseekers and job matching.",
        "MK", ("public-employment-services",), ("en", "mk"),
        {
            "vogel": "jobseeker profiling, worked in North Macedonia",
            "dimitrova": "employment agency, speaks Macedonian",
            "lambert": "public employment services",
        },
    ),
    JudgedRequest(
        "Actuarial projections of the pension fund",
        "Actuarial modelling and pension reform options.",
        "RS", ("pensions",), ("en", "sr"),
        {
            "horvath": "chief actuary, worked in Serbia",
            "ionescu": "actuarial unit of a pension house, worked in Serbia",
            "fischer": "20 years of pension insurance",
            "almeida": "pension reform",
        },
    ),
    JudgedRequest(
        "Disability assessment methodology",
        "Functional assessment of disability.",
        "BA", ("disability",), ("en", "bs"),
        {
            "horvat": "leads disability assessment, speaks Bosnian, worked in Bosnia",
            "romano": "medical assessment of disability",
            "janssens": "disability assessment coordinator",
        },
    ),
    JudgedRequest(
        "Risk-based planning of labour inspections",
        "Risk-based inspection planning.",
        "AL", ("labour-inspection",), ("en", "sq"),
        {
            "papadakis": "labour inspector, speaks Albanian, worked in Albania",
            "kazlauskas": "risk-based inspection planning",
            "marino": "occupational safety and health prevention",
            "devries": "occupational safety research",
        },
    ),
    JudgedRequest(
        "Licensing standards for social services",
        "Licensing and standards of social services.",
        "GE", ("social-services",), ("en",),
        {
            "georgiou": "licensing of social services, worked in Georgia",
            "kos": "social service standards",
            "kovac": "centres for social work",
        },
    ),
    JudgedRequest(
        "Long-term care at home",
        "Home care services for older persons.",
        "MD", ("long-term-care",), ("ro", "en"),
        {
            "popa": "home care, Romanian, worked in Moldova",
            "hofmann": "runs home care in Vienna",
        },
    ),
    JudgedRequest(
        "A digital social registry",
        "Interoperability of registries and digital social registries.",
        "UA", ("digitalisation",), ("uk", "en"),
        {
            "tamm": "interoperability architect, worked in Ukraine",
            "kask": "digital insurance registries",
            "petraitiene": "digital registers of the insured",
            "mercier": "social registries",
        },
    ),
    JudgedRequest(
        "Social insurance contribution collection",
        "Contribution collection and registers of the insured.",
        "UZ", ("social-insurance",), ("ru", "en"),
        {
            "petraitiene": "heads contribution collection, Russian, worked in Uzbekistan",
            "horak": "social insurance administration, Russian",
            "berger": "contribution rules",
            "almeida": "social insurance administration",
        },
    ),
    JudgedRequest(
        "Financing of primary health care",
        "Primary health care financing and coverage.",
        "KG", ("universal-health-coverage",), ("ru", "en"),
        {
            "kowalska": "primary care financing, Russian, worked in Kyrgyzstan",
            "kask": "primary care contracting, Russian, worked in Kyrgyzstan",
            "madsen": "universal health coverage",
            "weber": "health financing",
        },
    ),
    JudgedRequest(
        "Monitoring and evaluation of social programmes",
        "Indicators and evaluation of social programmes.",
        "AM", ("monitoring-evaluation",), ("en", "ru"),
        {
            "schneider": "evaluation of social programmes, worked in Armenia",
            "marin": "results-based management, worked in Armenia",
            "virtanen": "impact evaluation",
        },
    ),
    JudgedRequest(
        "Youth employment programmes",
        "Active labour-market policies for young people.",
        "SN", ("active-labour-market",), ("fr",),
        {
            "lambert": "youth employment programmes, French, worked in Senegal",
            "dubois": "skills for youth employment, worked in Senegal",
            "lopez": "youth guarantee schemes, French",
        },
    ),
    JudgedRequest(
        "Targeting of cash transfers",
        "Targeting and registries for cash transfers.",
        "TG", ("social-assistance",), ("fr",),
        {
            "mercier": "cash transfers, worked in Togo",
            "martin_lucia": "targeting of cash transfers, French",
            "janssens": "benefits administration, French",
        },
    ),
    JudgedRequest(
        "Pension reform",
        "Pension reform and administration.",
        "CV", ("pensions",), ("pt", "en"),
        {
            "almeida": "pension reform in Portuguese, worked in Cabo Verde",
            "fischer": "pension reform",
            "ionescu": "pension administration",
        },
    ),
    JudgedRequest(
        "Gender-responsive budgeting",
        "Gender budgeting in the ministry of finance.",
        "CO", ("gender-equality",), ("es", "en"),
        {
            "navarro": "gender budgeting, Spanish, worked in Colombia",
            "kranjc": "gender-responsive budgeting research",
        },
    ),
    JudgedRequest(
        "Accreditation of hospitals",
        "Hospital accreditation and quality control.",
        "BO", ("health-quality",), ("es", "en"),
        {
            "ortega": "hospital accreditation, Spanish, worked in Bolivia",
            "laurent": "accreditation of health facilities",
        },
    ),
    JudgedRequest(
        "Reform of vocational training",
        "Vocational training centres.",
        "MA", ("skills",), ("fr", "ar"),
        {
            "bianchi": "vocational training reform, worked in Morocco",
            "dubois": "vocational training centres, worked in Morocco",
            "lambert": "skills and youth employment, worked in Morocco",
        },
    ),
    JudgedRequest(
        "Occupational safety and health",
        "Prevention of occupational risks.",
        "JO", ("labour-inspection",), ("en", "ar"),
        {
            "marino": "prevention of occupational risks, worked in Jordan",
            "devries": "occupational safety research, worked in Jordan",
            "kazlauskas": "labour inspection",
        },
    ),
    JudgedRequest(
        "Roma health mediators",
        "Health mediators for Roma communities.",
        "RS", ("roma-inclusion",), ("sr", "en"),
        {
            "nagy": "Roma health mediators, worked in Serbia",
            "stoica": "Roma inclusion, speaks Serbian, worked in Serbia",
        },
    ),
    JudgedRequest(
        "Shared social services of municipalities",
        "Inter-municipal cooperation on social services.",
        "ME", ("inter-municipal", "social-services"), ("en", "sr"),
        {
            "kos": "shared municipal social services, worked in Montenegro",
            "conti": "inter-municipal cooperation, worked in Montenegro",
            "kovac": "social services, worked in Montenegro",
        },
    ),
    JudgedRequest(
        "Costing of social protection",
        "Costing of social policies and programme budgeting.",
        "PH", ("public-finance",), ("en",),
        {
            "peeters": "costing of social policies, worked in the Philippines",
            "collins": "costing of social protection, worked in the Philippines",
        },
    ),
    JudgedRequest(
        "Health governance reform",
        "Health governance and hospital management.",
        "TN", ("health-governance",), ("fr", "ar"),
        {
            "morel": "health governance reform, worked in Tunisia",
            "laurent": "health quality, French, worked in Tunisia",
        },
    ),
]


# fmt: on


@dataclass(frozen=True)
class Judgement:
    title: str
    picks: list[str]
    top: list[str]

    @property
    def hits(self) -> int:
        return len(set(self.picks) & set(self.top))

    @property
    def precision(self) -> float:
        """Precision at 5, out of the picks when the officer picked fewer than five."""
        return self.hits / min(TOP, len(self.picks))


def build() -> dict[str, int]:
    """Create the roster; return each roster key's expert id."""
    ids = {}
    for key, entry in ROSTER.items():
        expert = expert_with(
            name=entry.name,
            themes=entry.themes,
            languages=entry.languages,
            countries=entry.countries,
            employer_type=entry.employer_type,
            summary=entry.summary,
            keywords=entry.keywords,
            position=entry.position,
            employer=entry.employer,
            roster_status=entry.roster_status,
        )
        if entry.unavailable:
            UnavailablePeriod.objects.create(expert=expert, start=START, end=END)
        ids[key] = expert.pk
    return ids


def judge() -> list[Judgement]:
    """Build the roster and the requests, rank each request, compare with the picks."""
    keys = {expert_id: key for key, expert_id in build().items()}
    judgements = []
    for judged in JUDGED_REQUESTS:
        request = request_for(
            themes=judged.themes,
            languages=judged.languages,
            country_code=judged.country,
            start=START,
            end=END,
            title=judged.title,
            expertise_sought=judged.expertise_sought,
        )
        top = [keys[match.expert_id] for match in rank_experts(criteria_for(request), limit=TOP)]
        judgements.append(Judgement(judged.title, list(judged.picks), top))
    return judgements
