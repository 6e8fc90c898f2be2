"""Matching benchmark: a top-20 shortlist against rosters of 10,000 to 1,000,000 experts.

For each size, a roster with realistic distributions is generated once (COPY, seeded, so every
run measures the same data) into its own PostgreSQL database and kept. Then, for a set of
request-like subjects, the benchmark measures:

- ``rank_experts`` on PostgreSQL: filtering and scoring in one SQL statement, then the sentences
  of the 20 experts it returns (what the shortlist task does);
- the naive baseline (up to 100,000 experts): load the eligible experts' facts into Python and
  score them there (``experts.matching._rank_in_python``, the SQLite path), then the sentences;

and checks that both return the same ranking. Figures are medians over subjects and repeats.
"""

import datetime
import itertools
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from . import database

SIZES = (10_000, 100_000, 1_000_000)
BASELINE_MAX = 100_000
LIMIT = 20
SEED = 2026
SUBJECTS = 12
BASELINE_SUBJECTS = 4
STATEMENT_TIMEOUT_MS = 120_000

# --- What the roster looks like -------------------------------------------------------------------

NATIONALITIES = {  # EU member state → weight (the roster comes mostly from the larger ones)
    "DE": 12, "FR": 11, "IT": 9, "ES": 9, "PL": 6, "NL": 6, "BE": 6, "PT": 6, "AT": 4, "RO": 4,
    "SE": 3, "FI": 3, "CZ": 3, "HU": 3, "BG": 3, "GR": 3, "DK": 2, "SK": 2, "HR": 2, "SI": 2,
    "LT": 2, "LV": 2, "EE": 2, "IE": 2, "LU": 1, "CY": 1, "MT": 1,
}  # fmt: skip
NATIONAL_LANGUAGES = {
    "DE": ["de"], "AT": ["de"], "FR": ["fr"], "BE": ["fr", "nl"], "LU": ["lb", "fr", "de"],
    "IT": ["it"], "ES": ["es"], "PT": ["pt"], "NL": ["nl"], "PL": ["pl"], "HU": ["hu"],
    "RO": ["ro"], "GR": ["el"], "CY": ["el"], "HR": ["hr"], "SI": ["sl"], "IE": ["en"],
    "MT": ["en"],
}  # fmt: skip
RUSSIAN_SPEAKING = {"LT", "LV", "EE", "BG", "PL", "CZ", "SK"}
AREA_WEIGHTS = {
    "social-protection": 40,
    "health-systems": 25,
    "employment-labour": 20,
    "cross-cutting": 15,
}
REGION_WEIGHTS = {
    "western_balkans": 35,
    "eastern_neighbourhood": 20,
    "central_asia": 12,
    "sub_saharan_africa": 10,
    "latin_america_caribbean": 8,
    "asia_pacific": 8,
    "mena": 7,
}
LOCAL_LANGUAGES = {
    "AL": "sq", "BA": "bs", "XK": "sq", "ME": "cnr", "MK": "mk", "RS": "sr", "AM": "ru",
    "AZ": "ru", "GE": "ru", "MD": "ro", "UA": "uk", "KZ": "ru", "KG": "ru", "TJ": "ru",
    "UZ": "ru", "TM": "ru", "CV": "pt", "SN": "fr", "TG": "fr", "BO": "es", "CO": "es",
    "EC": "es", "PY": "es", "JO": "ar", "MA": "fr", "TN": "fr",
}  # fmt: skip
EMPLOYER_TYPES = {
    "public_administration": 55,
    "mandated_body": 15,
    "academia": 12,
    "independent": 10,
    "social_partner": 8,
}
ROSTER_STATUSES = {
    "approved": 70,
    "applied": 12,
    "draft": 6,
    "rejected": 6,
    "suspended": 4,
    "anonymised": 2,
}
POSITIONS = [
    "Head of unit", "Senior adviser", "Director", "Deputy director", "Policy officer",
    "Inspector", "Professor", "Consultant", "Case manager", "Legal adviser", "Programme manager",
    "Chief actuary", "Medical adviser", "Social worker", "Trainer",
]  # fmt: skip
THEME_TEXT = {
    "social-assistance": ["means-tested social assistance", "minimum income schemes",
                          "targeting of cash benefits", "social assistance reform"],
    "pensions": ["pension reform", "actuarial modelling of pension schemes",
                 "pension administration", "contribution collection for pensions"],
    "disability": ["disability assessment", "functional assessment methodology",
                   "inclusion of persons with disabilities", "disability benefits"],
    "child-protection": ["case management in child protection", "foster care standards",
                         "deinstitutionalisation of children", "family support services"],
    "long-term-care": ["long-term care insurance", "home care services",
                       "care for older persons", "quality of residential care"],
    "social-services": ["community social services", "centres for social work",
                        "social service standards", "licensing of social services"],
    "social-insurance": ["social insurance administration", "contribution collection",
                         "social security coordination", "benefit payment systems"],
    "health-insurance": ["health insurance financing", "benefit package design",
                         "strategic purchasing of health services", "health insurance law"],
    "universal-health-coverage": ["universal health coverage", "primary health care financing",
                                  "access to essential medicines", "health coverage of the poor"],
    "health-quality": ["quality control of hospitals", "accreditation of health facilities",
                       "clinical guidelines", "patient safety"],
    "health-governance": ["health governance", "health sector planning",
                          "health information systems", "hospital management"],
    "public-employment-services": ["public employment services", "job matching and counselling",
                                   "registration of jobseekers", "employer services"],
    "active-labour-market": ["active labour-market policies", "youth guarantee schemes",
                             "wage subsidies", "evaluation of employment programmes"],
    "labour-inspection": ["labour inspection", "occupational safety and health",
                          "undeclared work", "risk-based inspection planning"],
    "skills": ["skills forecasting", "vocational training", "adult learning",
               "recognition of prior learning"],
    "monitoring-evaluation": ["monitoring and evaluation", "results-based management",
                              "impact evaluation", "performance indicators"],
    "digitalisation": ["digitalisation of public services", "e-government registries",
                       "interoperability of information systems", "data protection"],
    "roma-inclusion": ["inclusion of Roma communities", "outreach to vulnerable groups",
                       "Roma health mediators", "anti-discrimination"],
    "gender-equality": ["gender equality", "gender-responsive budgeting",
                        "prevention of gender-based violence", "women's employment"],
    "inter-municipal": ["inter-municipal cooperation", "local self-government",
                        "shared municipal services", "decentralisation"],
    "public-finance": ["public finance management", "programme budgeting",
                       "fiscal sustainability", "costing of social policies"],
}  # fmt: skip
GENERIC_TEXT = [
    "training of trainers", "drafting of secondary legislation", "peer review",
    "institutional capacity assessment", "study visits", "policy advice to ministries",
    "coordination between institutions", "change management",
]  # fmt: skip
FIRST_NAMES = [
    "Anna",
    "Lukas",
    "Marie",
    "Jan",
    "Sofia",
    "Pedro",
    "Elena",
    "Tomas",
    "Ines",
    "Karl",
    "Laura",
    "Piotr",
    "Eva",
    "Matteo",
    "Joana",
    "Nils",
    "Katarina",
    "Marco",
    "Lea",
]
LAST_NAMES = [
    "Müller",
    "Dubois",
    "Rossi",
    "García",
    "Nowak",
    "Jansen",
    "Peeters",
    "Silva",
    "Huber",
    "Popescu",
    "Nielsen",
    "Virtanen",
    "Novák",
    "Horváth",
    "Ivanova",
    "Weber",
    "Kovač",
    "Papadopoulos",
    "Murphy",
    "Schmit",
]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass(frozen=True)
class Reference:
    """The reference data the generator draws from (loaded from the database)."""

    sub_areas: dict[str, list[tuple[int, str]]]  # area code → [(theme id, code)]
    area_ids: dict[str, int]
    area_by_code: dict[str, str]  # sub-area code → area code
    partners_by_region: dict[str, list[str]]

    @classmethod
    def load(cls) -> "Reference":
        from reference.models import Country, ThematicArea

        sub_areas: dict[str, list[tuple[int, str]]] = {}
        area_ids = {}
        for theme in ThematicArea.objects.select_related("parent").order_by("pk"):
            if theme.parent_id is None:
                area_ids[theme.code] = theme.pk
            else:
                sub_areas.setdefault(theme.parent.code, []).append((theme.pk, theme.code))
        partners: dict[str, list[str]] = {}
        for code, region in (
            Country.objects.partners().order_by("code").values_list("code", "region")
        ):
            partners.setdefault(region, []).append(code)
        return cls(
            sub_areas=sub_areas,
            area_ids=area_ids,
            area_by_code={code: area for area, rows in sub_areas.items() for _pk, code in rows},
            partners_by_region=partners,
        )

    def theme(self, rng: random.Random, area: str | None = None) -> tuple[int, str]:
        area = area or _pick(rng, AREA_WEIGHTS)
        return rng.choice(self.sub_areas[area])

    def area_of(self, code: str) -> str:
        return self.area_by_code[code]

    def partner_country(self, rng: random.Random, region: str | None = None) -> str:
        return rng.choice(self.partners_by_region[region or _pick(rng, REGION_WEIGHTS)])


# --- Generating the roster ----------------------------------------------------------------------

GENERATION_BATCH = 50_000  # experts generated and copied at a time (bounded memory)


def _themes(rng: random.Random, ref: Reference) -> list[tuple[int, str, int]]:
    """(theme id, code, years): one to four sub-areas, mostly of one area; sometimes the area."""
    first = ref.theme(rng)
    chosen = {first}
    for _ in range(rng.choices([0, 1, 2, 3], weights=[30, 40, 20, 10])[0]):
        same_area = rng.random() < 0.6
        chosen.add(ref.theme(rng, ref.area_of(first[1]) if same_area else None))
    themes = [
        (theme_id, code, max(1, min(30, round(rng.triangular(1, 25, 8)))))
        for theme_id, code in sorted(chosen)
    ]
    if rng.random() < 0.05:
        area = ref.area_of(first[1])
        themes.append((ref.area_ids[area], area, rng.randint(3, 20)))
    return themes


def _languages(rng: random.Random, nationality: str) -> dict[str, int]:
    """Language → level: the national languages natively, English mostly, a few others."""
    spoken = dict.fromkeys(NATIONAL_LANGUAGES.get(nationality, []), 7)
    if "en" not in spoken and rng.random() < 0.9:
        spoken["en"] = rng.choices([3, 4, 5, 6], weights=[10, 30, 40, 20])[0]
    for code, share in (("fr", 0.25), ("de", 0.2), ("es", 0.1)):
        if code not in spoken and rng.random() < share:
            spoken[code] = rng.choice([3, 4, 5])
    if rng.random() < (0.4 if nationality in RUSSIAN_SPEAKING else 0.05):
        spoken["ru"] = rng.choice([4, 5, 6, 7])
    if nationality in ("HR", "SI") and rng.random() < 0.6:
        spoken.setdefault("sr", rng.choice([5, 6, 7]))
        spoken.setdefault("bs", rng.choice([5, 6, 7]))
    if nationality in ("BG", "GR") and rng.random() < 0.15:
        spoken["mk"] = rng.choice([4, 5, 6])
    if nationality in ("IT", "GR") and rng.random() < 0.04:
        spoken["sq"] = rng.choice([4, 5])
    return spoken


def _countries(rng: random.Random, ref: Reference) -> set[str]:
    """None to four partner countries, mostly of one region."""
    region = _pick(rng, REGION_WEIGHTS)
    count = rng.choices([0, 1, 2, 3, 4], weights=[35, 30, 20, 10, 5])[0]
    return {ref.partner_country(rng, region if rng.random() < 0.6 else None) for _ in range(count)}


class RosterGenerator:
    """Rows for the roster's tables, expert by expert, with explicit ids (seeded, repeatable)."""

    def __init__(self, rng: random.Random, ref: Reference, institution_ids: list[int]):
        self.rng = rng
        self.ref = ref
        self.institution_ids = institution_ids
        self.today = datetime.date.today()
        self.next_ids: dict[str, Iterator[int]] = defaultdict(lambda: itertools.count(1))

    def _row(self, table: str, **values: Any) -> tuple[str, dict[str, Any]]:
        return table, {"id": next(self.next_ids[table]), **values}

    def expert(self, pk: int) -> list[tuple[str, dict[str, Any]]]:
        """The rows of one expert: (table, row), the expert's own row first."""
        rng = self.rng
        nationality = _pick(rng, NATIONALITIES)
        status = _pick(rng, ROSTER_STATUSES)
        themes = _themes(rng, self.ref)
        codes = [code for _theme_id, code, _years in themes if code in THEME_TEXT]
        phrases = [rng.choice(THEME_TEXT[code]) for code in codes[:3]]
        phrases += [*rng.sample(THEME_TEXT[codes[0]], 2), rng.choice(GENERIC_TEXT)]
        consent = status == "approved" and rng.random() < 0.98
        rows = [
            (
                "expert",
                {
                    "id": pk,
                    "user_id": pk,
                    "nationality_id": nationality,
                    "employer": f"Public body {pk % 997}",
                    "employer_type": _pick(rng, EMPLOYER_TYPES),
                    "position": rng.choice(POSITIONS),
                    "years_experience": rng.randint(3, 35),
                    "summary": "Experience in " + ", ".join(phrases) + ".",
                    "keywords": ", ".join(sorted({rng.choice(THEME_TEXT[code]) for code in codes})),
                    "roster_status": status,
                    "consent_given_at": datetime.datetime.now(datetime.UTC) if consent else None,
                },
            )
        ]
        rows += [
            self._row("theme", expert_id=pk, theme_id=theme_id, years=years)
            for theme_id, _code, years in themes
        ]
        rows += [
            self._row("language", expert_id=pk, language_id=code, level=level)
            for code, level in sorted(_languages(rng, nationality).items())
        ]
        rows += [
            self._row("country", expert_id=pk, country_id=code)
            for code in sorted(_countries(rng, self.ref))
        ]
        if rng.random() < 0.25:
            start = self.today + datetime.timedelta(days=rng.randint(-60, 300))
            end = start + datetime.timedelta(days=rng.randint(5, 60))
            rows.append(self._row("unavailable", expert_id=pk, start=start, end=end))
        if rng.random() < 0.01:
            institution_id = rng.choice(self.institution_ids)
            rows.append(self._row("conflict", expert_id=pk, institution_id=institution_id))
        return rows

    def missions(
        self, count: int, *, approved: list[int], officer_id: int, partner_id: int
    ) -> dict[str, list[dict[str, Any]]]:
        """Actions with missions over the past two and a half years and the coming months, one to
        three accepted experts each, and partner feedback on most finished ones."""
        rng = self.rng
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for pk in range(1, max(5, count // 2) + 1):
            rows["action"].append(
                {"id": pk, "reference": f"ACT-B-{pk:06d}", "title": f"Action {pk}",
                 "created_by_id": officer_id, "status": "in_progress"}
            )  # fmt: skip
            rows["action_institution"].append(
                {"id": pk, "action_id": pk, "institution_id": rng.choice(self.institution_ids)}
            )
        numbers: dict[int, int] = defaultdict(int)
        for pk in range(1, count + 1):
            action_id = rng.choice(rows["action"])["id"]
            numbers[action_id] += 1
            start = self.today + datetime.timedelta(days=rng.randint(-900, 200))
            end = start + datetime.timedelta(days=rng.randint(3, 10))
            rows["mission"].append(
                {"id": pk, "action_id": action_id, "number": numbers[action_id],
                 "activity_type": "expert_mission", "title": f"Mission {pk}",
                 "country_id": self.ref.partner_country(rng), "start_date": start,
                 "end_date": end, "created_by_id": officer_id,
                 "status": "completed" if end < self.today else "staffed"}
            )  # fmt: skip
            for expert_id in set(rng.sample(approved, rng.randint(1, 3))):
                rows["invitation"].append(
                    {"id": len(rows["invitation"]) + 1, "mission_id": pk,
                     "expert_id": expert_id, "status": "accepted"}
                )  # fmt: skip
            if end < self.today and rng.random() < 0.7:
                ratings = [rng.choices([2, 3, 4, 5], weights=[5, 20, 45, 30])[0] for _ in "four"]
                rows["feedback"].append(
                    {"id": len(rows["feedback"]) + 1, "mission_id": pk,
                     "institution_id": rng.choice(self.institution_ids),
                     "submitted_by_id": partner_id,
                     **dict(zip(("relevance", "expertise", "organisation", "usefulness"), ratings,
                                strict=True))}
                )  # fmt: skip
        return rows


def roster_generate(size: int) -> None:
    """The roster (users, experts, themes, languages, countries, availability, conflicts) and the
    missions, accepted invitations and feedback that the rating and workload criteria read."""
    from django.db import connection

    from accounts.models import User
    from cooperation.models import Action
    from experts.models import Expert, ExpertLanguage, ExpertTheme, UnavailablePeriod
    from missions.models import Feedback, Invitation, Mission
    from partners.models import Institution
    from reference.models import Country
    from reference.services import reference_data_load

    models = {
        "expert": Expert,
        "theme": ExpertTheme,
        "language": ExpertLanguage,
        "country": Expert.countries_of_experience.through,
        "unavailable": UnavailablePeriod,
        "conflict": Expert.conflict_institutions.through,
        "action": Action,
        "action_institution": Action.institutions.through,
        "mission": Mission,
        "invitation": Invitation,
        "feedback": Feedback,
    }
    started = time.monotonic()
    rng = random.Random(SEED)
    reference_data_load()
    with connection.cursor() as cursor:  # load without the row triggers (profiles come last)
        cursor.execute("SET session_replication_role = replica")

    partners = sorted(Country.objects.partners().values_list("code", flat=True))
    institutions = [
        {"id": number, "name": f"Institution {code} {number}", "country_id": code,
         "type": "ministry"}
        for number, code in enumerate((code for code in partners for _ in range(10)), start=1)
    ]  # fmt: skip
    database.copy_rows(Institution, institutions)
    officer_id, partner_id = size + 1, size + 2
    users = (
        {"id": pk, "email": f"expert{pk}@bench.example", "role": "expert", "password": "!",
         "full_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {pk}"}
        for pk in range(1, size + 1)
    )  # fmt: skip
    database.copy_rows(User, users, total=size)
    database.copy_rows(
        User,
        [
            {"id": officer_id, "email": "officer@bench.example", "role": "officer",
             "full_name": "Bench Officer", "password": "!"},
            {"id": partner_id, "email": "partner@bench.example", "role": "partner",
             "full_name": "Bench Partner", "password": "!"},
        ],
    )  # fmt: skip

    generator = RosterGenerator(rng, Reference.load(), [row["id"] for row in institutions])
    approved: list[int] = []
    for first in range(1, size + 1, GENERATION_BATCH):
        batch: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for pk in range(first, min(first + GENERATION_BATCH, size + 1)):
            for table, row in generator.expert(pk):
                batch[table].append(row)
        approved += [row["id"] for row in batch["expert"] if row["roster_status"] == "approved"]
        for table, rows in batch.items():
            database.copy_rows(models[table], rows)
        print(f"    {first + len(batch['expert']) - 1:,}/{size:,} experts")
    missions = generator.missions(
        max(10, size // 100), approved=approved, officer_id=officer_id, partner_id=partner_id
    )
    for table, rows in missions.items():
        database.copy_rows(models[table], rows)

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SELECT experts_match_profile_refresh(ARRAY(SELECT id FROM experts_expert))")
    database.reset_sequences([User, Institution, *models.values()])
    database.vacuum_analyze()
    print(f"  generated {size:,} experts in {time.monotonic() - started:.0f} s")


def roster_size() -> int:
    from experts.models import Expert

    return Expert.objects.count()


# --- The subjects matched -----------------------------------------------------------------------


def subjects(count: int = SUBJECTS) -> list[Any]:
    """Request-like criteria: one or two themes, a partner country with English and its local
    language, a period in the coming months, the requesting institution, a few lines of text."""
    from experts.matching import criteria_build
    from partners.models import Institution
    from reference.models import Country

    rng = random.Random(SEED + 1)
    ref = Reference.load()
    today = datetime.date.today()
    result = []
    for _ in range(count):
        first = ref.theme(rng)
        chosen = [first]
        if rng.random() < 0.5:
            chosen.append(ref.theme(rng, ref.area_of(first[1])))
        country = Country.objects.get(pk=ref.partner_country(rng))
        start = today + datetime.timedelta(days=rng.randint(60, 200))
        institution = Institution.objects.filter(country=country).order_by("pk").first()
        text = ". ".join(
            [f"Support to the reform of {rng.choice(THEME_TEXT[first[1]])}"]
            + [rng.choice(THEME_TEXT[code]) for _theme_id, code in chosen]
            + [rng.choice(GENERIC_TEXT)]
        )
        result.append(
            criteria_build(
                theme_ids=[theme_id for theme_id, _code in chosen],
                language_codes=["en", LOCAL_LANGUAGES.get(country.code, "fr")],
                country=country,
                start=start,
                end=start + datetime.timedelta(days=rng.randint(4, 12)),
                institution_ids=[institution.pk] if institution else [],
                text=text,
                today=today,
            )
        )
    return result


# --- Measuring ----------------------------------------------------------------------------------


def _timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def _baseline(criteria: Any) -> list[Any]:
    from experts.matching import _rank_in_python, explain, matching_weights

    return explain(criteria, _rank_in_python(criteria, limit=LIMIT, weights=matching_weights()))


@dataclass
class SizeResult:
    size: int
    eligible: int
    database_ms: float
    baseline_ms: float | None
    identical: bool | None


def measure(size: int, *, repeat: int, baseline: bool) -> SizeResult:
    from django.db import connection

    from experts.matching import experts_eligible, rank_experts

    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
    criteria_list = subjects()
    eligible = statistics.median(experts_eligible(c).count() for c in criteria_list)
    for criteria in criteria_list:  # warm the cache: every run measures the same, hot, state
        rank_experts(criteria, limit=LIMIT)
    database_times = []
    for _ in range(repeat):
        for criteria in criteria_list:
            seconds, _result = _timed(lambda c=criteria: rank_experts(c, limit=LIMIT))
            database_times.append(seconds)
    baseline_ms, identical = None, None
    if baseline:
        baseline_times, identical = [], True
        for criteria in criteria_list[:BASELINE_SUBJECTS]:
            seconds, expected = _timed(lambda c=criteria: _baseline(c))
            baseline_times.append(seconds)
            identical &= expected == rank_experts(criteria, limit=LIMIT)
        baseline_ms = statistics.median(baseline_times) * 1000
    return SizeResult(
        size=size,
        eligible=int(eligible),
        database_ms=statistics.median(database_times) * 1000,
        baseline_ms=baseline_ms,
        identical=identical,
    )


def report(results: list[SizeResult]) -> str:
    lines = [
        "| roster | eligible (median) | PostgreSQL top-20 (median) | Python baseline (median) "
        "| speed-up | same ranking |",
        "| ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for result in results:
        baseline = f"{result.baseline_ms:,.0f} ms" if result.baseline_ms else "–"
        speedup = f"{result.baseline_ms / result.database_ms:,.0f}×" if result.baseline_ms else "–"
        same = {True: "yes", False: "**no**", None: "–"}[result.identical]
        lines.append(
            f"| {result.size:,} | {result.eligible:,} | {result.database_ms:,.1f} ms | {baseline} "
            f"| {speedup} | {same} |"
        )
    by_size = {result.size: result for result in results}
    if 100_000 in by_size and 1_000_000 in by_size:
        ratio = by_size[1_000_000].database_ms / by_size[100_000].database_ms
        lines.append("")
        lines.append(f"1,000,000 vs 100,000 experts: {ratio:.1f} times the time.")
    return "\n".join(lines)


def run(options: Any) -> str:
    results = []
    for size in options.sizes:
        print(f"Matching, {size:,} experts ({database.database_name(size)})")
        with database.using_database(size):
            current = roster_size()
            if current != size:
                if current:
                    raise SystemExit(
                        f"{database.database_name(size)} holds {current:,} experts, not {size:,}: "
                        "drop it (dropdb) and run again."
                    )
                roster_generate(size)
            result = measure(size, repeat=options.repeat, baseline=size <= options.baseline_max)
        baseline = f"{result.baseline_ms:,.0f} ms" if result.baseline_ms else "not run"
        print(f"  PostgreSQL {result.database_ms:,.1f} ms; Python baseline {baseline}")
        results.append(result)
    return report(results)
