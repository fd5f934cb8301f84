"""Patient education and consent (Step 4): the materials patients get, the care-team flyer, the verbal consent
script and the PHQ-9 staff sheet.

Facts from the AIMS Center Collaborative Care Implementation Guide (patient education materials and verbal
consent); every sentence is ours. All patient- and staff-facing wording, English and Spanish, lives in
worksheets.patient_texts; this module holds the model, the materials catalog, the findings, the report section
and the handouts as plain data (planning.report.build_handouts prints them).

Everything here is pure: no Streamlit, no storage.

Decisions where the issue was silent:
- The materials list is one table: the catalog's materials (which cannot be removed, only renamed) and the
  clinic's own. Untouched, the document holds no rows and the catalog's defaults apply; a material added to the
  catalog in a later release appears in a saved list with its defaults.
- "Required" means required before launch. The flyer and the consent script always are (the launch gate checks
  them): unticking them is refused. The PHQ-9 staff sheet and the patient safety plan are required by default;
  the others are not, and the lead can change that per material.
- Reading level not checked is one note for all the materials in use (required, ready or with an owner), so a
  fresh worksheet does not fill the action plan's inbox.
- The flyer lists the patient first, then the roster's primary care provider, care manager and psychiatric
  consultant (the lead can add or remove anyone, and reword a role in either language). With no primary care
  provider on it, the flyer prints a line to write in the patient's own provider: a clinic with several PCPs
  then hands one flyer to all patients. The care manager's phone and hours are typed on this page (the roster has
  no phone); an empty phone prints a line to write it in, and a flyer marked ready without a phone is a finding.
- The PHQ-9 topics on the flyer are optional and short (the care manager reads the questionnaire itself).
- A consent point's text may be reworded but never emptied, in either language; the clinic's own points need both
  languages too, so the English and Spanish scripts always say the same things.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Collection, Iterable, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from worksheets import patient_texts as tx
from worksheets.base import NO_OWNER, REMOVED, owner_label  # noqa: F401 (re-exported: pages and tests use them here)
from worksheets.base import (StrictModel, WorksheetDoc, blank, editor_rows, empty_if_blank, new_row_id, none_if_blank,
                             required_cell)
from worksheets.checklist import NOTE_MAX
from worksheets.content import Bullets, Handout, Heading, KeyValues, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec, saved_or_empty

KIND = "patient_education"
TITLE = "Patient education and consent"
AREA = "Patient education"
DEFAULT_OWNER_ROLE = "Behavioral health care manager"

NO_PATIENT_DATA = ("This page holds no patient data: the materials list, the clinic's contact details and the "
                   "wording of the handouts only. The handouts are printed blank of any patient's details.")


# ----------------------------------------------------------------------------------------------
# the materials catalog

@dataclass(frozen=True)
class CatalogMaterial:
    id: str  # stable: rows are matched by id; never reuse a removed id
    name: str
    about: str
    required: bool = False  # the default for "required before launch"
    english: bool = False  # languages ready by default (the handouts this page prints)
    spanish: bool = False
    printed_here: bool = False  # this page prints it


FLYER, CONSENT, PHQ9_SHEET = "flyer", "consent", "phq9-sheet"
SAFETY_PLAN = "safety-plan"  # required and not ready, it blocks launch like the flyer and the consent script
LAUNCH_GATE = (FLYER, CONSENT)  # always required: the launch gate checks them

CATALOG: tuple[CatalogMaterial, ...] = (
    CatalogMaterial(FLYER, "\"Your care team\" flyer",
                    "Introduces each member of the care team, the patient among them, and how to reach the care "
                    "manager. Printed from this page in English and Spanish.", True, True, True, True),
    CatalogMaterial(CONSENT, "Verbal consent talking points",
                    "What staff say when they invite a patient to join, and what to record in the chart. Edited and "
                    "printed from this page.", True, True, True, True),
    CatalogMaterial(PHQ9_SHEET, "PHQ-9 staff sheet",
                    "Answers to the questions patients often ask about the PHQ-9, for the staff who give it. "
                    "Printed from this page.", True, True, True, True),
    CatalogMaterial("treatment-faq", "Treatment FAQ",
                    "Common questions patients ask about treatment: what it involves, how long it takes, medicines "
                    "and therapy."),
    CatalogMaterial("ba-handouts", "Behavioral activation handouts",
                    "Why planning pleasant and useful activities helps with depression, and a worksheet to schedule "
                    "them; the care manager hands them out."),
    CatalogMaterial("relapse-plan", "Relapse prevention plan template",
                    "The plan the patient and the care manager fill in near the end of treatment. Printed from the "
                    "Relapse prevention page; needed a few months after launch."),
    CatalogMaterial(SAFETY_PLAN, "Patient safety plan",
                    "A written plan for a patient at risk of suicide: warning signs, what helps, people and numbers "
                    "to call, 988. Screening can uncover risk from the first day.", True),
    CatalogMaterial("intro-video", "Introduction video",
                    "A short video or patient story showing what Collaborative Care is like, for patients unsure "
                    "about joining."),
    CatalogMaterial("symptoms-video", "Video on the signs of depression",
                    "Helps patients who doubt a diagnosis of depression recognise its signs."),
)
_CATALOG: dict[str, CatalogMaterial] = {m.id: m for m in CATALOG}


def catalog_item(material_id: str) -> CatalogMaterial | None:
    return _CATALOG.get(material_id)


# ----------------------------------------------------------------------------------------------
# the document

TEXT_MAX = 1000  # a consent point, in one language
ROLE_WORDS_MAX = 300  # a role in plain words, on the flyer


class Material(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="material id")
    name: str = Field(min_length=1, max_length=200, title="material")
    english: bool = Field(default=False, title="English")
    spanish: bool = Field(default=False, title="Spanish")
    other_languages: str = Field(default="", max_length=200, title="other languages")
    owner: str | None = Field(default=None, max_length=40, title="owner")
    reading_level: bool = Field(default=False, title="reading level checked")
    ready: bool = Field(default=False, title="ready")
    required: bool | None = Field(default=None, title="required before launch")  # None: the catalog's default
    note: str = Field(default="", max_length=NOTE_MAX, title="note")

    _name = field_validator("name", mode="before")(staticmethod(required_cell("enter the material's name")))

    @field_validator("english", "spanish", "reading_level", "ready", mode="before")
    @classmethod
    def _tick(cls, v: Any) -> Any:
        return False if blank(v) else v

    _none = field_validator("owner", "required", mode="before")(staticmethod(none_if_blank))
    _text = field_validator("other_languages", "note", mode="before")(staticmethod(empty_if_blank))

    @property
    def standard(self) -> CatalogMaterial | None:
        return _CATALOG.get(self.id)

    @property
    def is_required(self) -> bool:
        """Required before launch: the lead's choice, else the catalog's default (the clinic's own: not)."""
        if self.required is not None:
            return self.required
        return bool(self.standard and self.standard.required)

    def languages(self) -> str:
        parts = [name for tick, name in ((self.english, "English"), (self.spanish, "Spanish")) if tick]
        if self.other_languages:
            parts.append(self.other_languages)
        return ", ".join(parts)


class FlyerContact(StrictModel):
    phone: str = Field(default="", max_length=60, title="care manager's phone")
    hours: str = Field(default="", max_length=120, title="hours")
    hours_es: str = Field(default="", max_length=120, title="hours in Spanish")
    after_hours: str = Field(default="", max_length=200, title="after hours")
    after_hours_es: str = Field(default="", max_length=200, title="after hours in Spanish")
    phq9: bool = Field(default=False, title="PHQ-9 questions on the flyer")

    _text = field_validator("phone", "hours", "hours_es", "after_hours", "after_hours_es", mode="before")(
        staticmethod(empty_if_blank))


class FlyerPerson(StrictModel):
    """How one roster member appears on the flyer; empty words mean our wording for their role."""

    show: bool | None = Field(default=None, title="on the flyer")  # None: by role (the three care-team roles)
    en: str = Field(default="", max_length=ROLE_WORDS_MAX, title="role in plain words (English)")
    es: str = Field(default="", max_length=ROLE_WORDS_MAX, title="role in plain words (Spanish)")

    _text = field_validator("en", "es", mode="before")(staticmethod(empty_if_blank))


class ConsentPoint(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="point id")
    en: str = Field(default="", max_length=TEXT_MAX, title="English wording")
    es: str = Field(default="", max_length=TEXT_MAX, title="Spanish wording")

    _text = field_validator("en", "es", mode="before")(staticmethod(empty_if_blank))


REQUIRED_POINTS: tuple[str, ...] = tuple(p[0] for p in tx.CONSENT_REQUIRED)
_POINT_LABEL: dict[str, tx.Text] = {p[0]: p[1] for p in tx.CONSENT_REQUIRED}
_POINT_TEXT: dict[str, tx.Text] = {p[0]: p[2] for p in tx.CONSENT_REQUIRED}
RESTORE = "Fill in our wording where missing"


def point_label(point_id: str, lang: str = "en") -> str:
    """A required point's short name ("A monthly cost share may apply"); "" for the clinic's own points."""
    label = _POINT_LABEL.get(point_id)
    return tx.t(label, lang) if label else ""


def our_points() -> list[ConsentPoint]:
    """The six required points in our wording."""
    return [ConsentPoint(id=pid, en=text["en"], es=text["es"]) for pid, _, text in tx.CONSENT_REQUIRED]


def _point_name(n: int, point_id: str) -> str:
    label = point_label(point_id)
    return f"consent point {n} ({label})" if label else f"consent point {n} (added by the clinic)"


class PatientEducationDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    materials: list[Material] = Field(default_factory=list, max_length=80, title="materials")  # []: the catalog
    contact: FlyerContact = Field(default_factory=FlyerContact, title="flyer contacts")
    flyer_people: dict[str, FlyerPerson] = Field(default_factory=dict, title="people on the flyer")  # by person id
    consent: list[ConsentPoint] = Field(default_factory=list, max_length=40, title="consent points")  # []: ours
    chart_note: str = Field(default="", max_length=NOTE_MAX, title="where consent is recorded")

    _note = field_validator("chart_note", mode="before")(staticmethod(empty_if_blank))

    @model_validator(mode="after")
    def _rules(self):
        problems: list[str] = []
        seen: set[str] = set()
        for n, m in enumerate(self.materials, start=1):
            if m.id in seen:
                problems.append(f"materials, row {n}: two rows share the id {m.id}")
            seen.add(m.id)
            if m.id in LAUNCH_GATE and m.required is False:
                problems.append(f"materials, row {n} ({m.name}): this material stays required before launch, because "
                                f"the launch gate checks it (tick Required again)")
        if self.consent:
            ids = [p.id for p in self.consent]
            for pid in REQUIRED_POINTS:
                if pid not in ids:
                    problems.append(f"the required consent point \"{point_label(pid)}\" is missing: a required point "
                                    f"can be reworded but not removed. Press \"{RESTORE}\" to put it back")
            seen = set()
            for n, p in enumerate(self.consent, start=1):
                if p.id in seen:
                    problems.append(f"{_point_name(n, p.id)}: it is listed twice")
                seen.add(p.id)
                for lang, text in (("English", p.en), ("Spanish", p.es)):
                    if not text:
                        fix = (f"Type it, or press \"{RESTORE}\" to put our wording back" if p.id in _POINT_TEXT
                               else "Type it (the script prints in both languages), or delete the row")
                        problems.append(f"{_point_name(n, p.id)}, {lang} wording: it is empty. {fix}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # ---- reading ----------------------------------------------------------------------------
    def material_list(self) -> list[Material]:
        """The materials as the page shows them: the saved rows, with any catalog material not among them added
        with its defaults (an untouched worksheet: the whole catalog)."""
        have = {m.id for m in self.materials}
        out = list(self.materials)
        for c in CATALOG:
            if c.id not in have:
                out.insert(min(CATALOG.index(c), len(out)), default_material(c))
        return out

    def material(self, material_id: str) -> Material | None:
        return next((m for m in self.material_list() if m.id == material_id), None)

    def points(self) -> list[ConsentPoint]:
        """The consent script: the saved points, or our six in our wording when nothing is saved."""
        return list(self.consent) if self.consent else our_points()


def default_material(c: CatalogMaterial) -> Material:
    return Material(id=c.id, name=c.name, english=c.english, spanish=c.spanish)


# ----------------------------------------------------------------------------------------------
# editor rows <-> document

MATERIAL_COLUMNS = ("id", "name", "english", "spanish", "other_languages", "owner", "reading_level", "ready",
                    "required", "note")


def material_rows(doc: PatientEducationDoc) -> list[dict[str, Any]]:
    """The rows the materials editor shows (Required shown as the effective value)."""
    return [{**m.model_dump(), "required": m.is_required} for m in doc.material_list()]


def materials_from_rows(rows: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Editor rows -> the document's materials, and the problems in words (a catalog material removed).

    A new row gets an id; "required" is kept only where it differs from the default. Values are passed on as
    typed, so the model names anything else wrong ("materials, row 4, material: enter the material's name")."""
    out: list[dict[str, Any]] = []
    for row in editor_rows(list(rows), MATERIAL_COLUMNS):
        row_id = row["id"] or new_row_id()
        c = _CATALOG.get(row_id)
        default = bool(c and c.required)
        required = row["required"]
        if required is not None and not isinstance(required, str):  # a tick box: bool or numpy's bool_
            required = None if bool(required) == default else bool(required)
        out.append({**{k: row[k] for k in MATERIAL_COLUMNS if k not in ("id", "required")}, "id": row_id,
                    "required": required})
    ids = {r["id"] for r in out}
    problems = [f"{TITLE}, materials: \"{c.name}\" is one of the standard materials and cannot be removed. "
                + ("It is needed before launch." if c.id in LAUNCH_GATE
                   else "Untick Required if the clinic will not use it.")
                for c in CATALOG if c.id not in ids]
    return out, problems


def owner_problems(doc: PatientEducationDoc, roster_ids: Collection[str]) -> list[str]:
    """Owners no longer on the roster, named by material, in the words the page shows on Save."""
    roster = set(roster_ids)
    return [f"{TITLE}, materials, row {n} ({m.name}), owner: this person is no longer on the implementation team. "
            f"Choose someone on the team, or leave the owner empty."
            for n, m in enumerate(doc.materials, start=1) if m.owner and m.owner not in roster]


def consent_rows(doc: PatientEducationDoc) -> list[dict[str, Any]]:
    return [{"id": p.id, "point": point_label(p.id) or "Added by the clinic", "en": p.en, "es": p.es}
            for p in doc.points()]


def consent_from_rows(rows: Iterable[Mapping[str, Any]], fill_missing: bool = False) -> list[dict[str, Any]]:
    """Editor rows -> the document's consent points. New rows get an id. With ``fill_missing`` a required point
    that was removed comes back, and an empty text of a required point gets our wording (custom points are
    left as typed, so the model still names an empty one)."""
    out: list[dict[str, Any]] = []
    for row in editor_rows(list(rows), ("id", "en", "es")):
        pid = row["id"] or new_row_id()
        en, es = row["en"] or "", row["es"] or ""
        if fill_missing and pid in _POINT_TEXT:
            en = en if str(en).strip() else _POINT_TEXT[pid]["en"]
            es = es if str(es).strip() else _POINT_TEXT[pid]["es"]
        out.append({"id": pid, "en": en, "es": es})
    if fill_missing:
        have = {r["id"] for r in out}
        for n, pid in enumerate(REQUIRED_POINTS):
            if pid not in have:
                text = _POINT_TEXT[pid]
                out.insert(min(n, len(out)), {"id": pid, "en": text["en"], "es": text["es"]})
    return out


def restored(doc: PatientEducationDoc) -> list[dict[str, Any]]:
    """The consent points with our wording for every required point, the clinic's own points kept."""
    ours = {p.id: p for p in our_points()}
    out = [ours[p.id].model_dump() if p.id in ours else p.model_dump() for p in doc.points()]
    return consent_from_rows(out, fill_missing=True)


def flyer_person_rows(doc: PatientEducationDoc, roster) -> list[dict[str, Any]]:
    """One row per roster member: on the flyer or not, and their role in plain words in each language."""
    rows = []
    for m in roster.members:
        line = flyer_line(doc, m)
        rows.append({"id": m.id, "name": m.name, "role": m.role_detail or m.role, "show": line.shown,
                     "en": line.words["en"], "es": line.words["es"]})
    return rows


def flyer_people_from_rows(rows: Iterable[Mapping[str, Any]], roster) -> dict[str, dict[str, Any]]:
    """Editor rows -> the document's flyer_people. Only what differs from the default is kept: a person shown by
    role keeps no entry, words equal to our wording (or emptied) are stored as "" (our wording)."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        m = roster.person(str(row.get("id") or ""))
        if m is None:
            continue
        show = row.get("show")
        show = None if blank(show) or bool(show) == shown_by_role(m.role) else bool(show)
        entry: dict[str, Any] = {"show": show}
        for lang in tx.LANGS:
            typed = row.get(lang)
            typed = "" if blank(typed) else str(typed).strip()
            entry[lang] = "" if typed == default_words(m, lang) else typed
        if entry != {"show": None, "en": "", "es": ""}:
            out[m.id] = entry
    return out


# ----------------------------------------------------------------------------------------------
# the flyer's people

FLYER_ROLES = ("PCP champion", "Behavioral health care manager", "Psychiatric consultant")
_ROLE_ORDER = {"PCP champion": 0, "Behavioral health care manager": 1, "Psychiatric consultant": 2, "CIT lead": 3,
               "Other": 4}


def shown_by_role(role: str) -> bool:
    return role in FLYER_ROLES


def default_title(member, lang: str) -> str:
    if member.role == "Other" and member.role_detail and lang == "en":
        return member.role_detail
    return tx.t(tx.ROLE_TITLES[member.role], lang)


def default_words(member, lang: str) -> str:
    return tx.t(tx.ROLE_WORDS[member.role], lang)


@dataclass(frozen=True)
class FlyerLine:
    person_id: str  # "" for the patient and for a write-in line
    name: str
    role: str  # the roster role ("" for the patient)
    shown: bool
    title: dict[str, str]  # the role as a patient reads it, per language
    words: dict[str, str]  # what they do for the patient, per language


def flyer_line(doc: PatientEducationDoc, member) -> FlyerLine:
    entry = doc.flyer_people.get(member.id) or FlyerPerson()
    shown = shown_by_role(member.role) if entry.show is None else entry.show
    return FlyerLine(member.id, member.name, member.role, shown,
                     {lang: default_title(member, lang) for lang in tx.LANGS},
                     {lang: getattr(entry, lang) or default_words(member, lang) for lang in tx.LANGS})


def flyer_team(doc: PatientEducationDoc, roster) -> list[FlyerLine]:
    """The flyer's people in order: the patient, then the team by role (primary care provider, care manager,
    psychiatric consultant, others), roster order within a role. With no primary care provider shown, a line to
    write in the patient's own comes right after the patient."""
    you = FlyerLine("", tx.t(tx.YOU["name"], "en"), "", True, {lang: tx.t(tx.YOU["name"], lang) for lang in tx.LANGS},
                    {lang: tx.t(tx.YOU["words"], lang) for lang in tx.LANGS})
    members = [flyer_line(doc, m) for m in roster.members]
    shown = sorted((m for m in members if m.shown), key=lambda m: _ROLE_ORDER.get(m.role, 9))
    out = [you]
    if not any(m.role == "PCP champion" for m in shown):
        out.append(FlyerLine("", "", "PCP champion", True,
                             {lang: tx.t(tx.ROLE_TITLES["PCP champion"], lang) for lang in tx.LANGS},
                             {lang: tx.t(tx.PCP_WRITE_IN, lang) for lang in tx.LANGS}))
    return out + shown


# ----------------------------------------------------------------------------------------------
# handouts (printed by planning.report.build_handouts)

def clinic_line(meta: Any) -> str:
    """The clinic's name and site, as the handouts print it at the top."""
    return " · ".join(p for p in (getattr(meta, "clinic", ""), getattr(meta, "site", "")) if p)


def _lang(lang: str) -> str:
    if lang not in tx.LANGS:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(tx.LANGS)}")
    return lang


def _blank_or(value: str, lang: str) -> str:
    return value or tx.t(tx.FLYER["blank"], lang)


def flyer_rows(team: list[FlyerLine], lang: str) -> list[tuple[str, str]]:
    """The flyer's team list as (role, who and what they do) rows: people with the same role and the same words
    share one row, their names joined (the role's words are printed once); the patient's row is "You"; where no
    primary care provider is listed, a line to write the patient's own on."""
    rows: list[tuple[str, list[str], str]] = []
    for line in team:
        title, words = line.title[lang], line.words[lang]
        if not line.role:
            rows.append((title, [], words))
            continue
        name = line.name if line.person_id else tx.t(tx.FLYER["blank"], lang)
        same = next((r for r in rows if r[0] == title and r[2] == words and r[1]), None)
        if same is not None and line.person_id:
            same[1].append(name)
        else:
            rows.append((title, [name], words))
    return [(title, f"{', '.join(names)}: {words}" if names else words) for title, names, words in rows]


def flyer(doc: PatientEducationDoc, roster, clinic: str, lang: str, phq9: bool | None = None) -> Handout:
    """The "Your care team" flyer in one language: who is on the team (the patient first), how to reach the care
    manager, 988 in a box, and (when chosen, or when ``phq9`` says so) the PHQ-9's nine topics to follow along by
    phone. Meant for one page: see fitted_flyer."""
    lang = _lang(lang)
    phq9 = doc.contact.phq9 if phq9 is None else phq9
    f, c = tx.FLYER, doc.contact
    team = flyer_team(doc, roster)
    rows = tuple(flyer_rows(team, lang))
    hours = (c.hours_es or c.hours) if lang == "es" else c.hours
    contact = [(tx.t(f["phone"], lang), " · ".join(p for p in (_blank_or(c.phone, lang), hours) if p))]
    after = (c.after_hours_es or c.after_hours) if lang == "es" else c.after_hours
    if after:
        contact.append((tx.t(f["after_hours"], lang), after))
    blocks: list = [
        Para(tx.t(f["intro"], lang)),
        Heading(tx.t(f["team_heading"], lang), level=2),
        KeyValues(rows),
        Heading(tx.t(f["reach_heading"], lang), level=2),
        KeyValues(tuple(contact)),
        Para(tx.t(f["crisis"], lang), style="callout"),
    ]
    if phq9:
        topics = "\n".join(f"{n}. {tx.t(topic, lang)}" for n, topic in enumerate(tx.PHQ9_TOPICS, start=1))
        blocks += [Heading(tx.t(f["phq9_heading"], lang), level=3),
                   Para(f"{tx.t(f['phq9_intro'], lang)}\n{tx.t(tx.PHQ9_ANSWERS, lang)}", style="small"),
                   Para(topics, style="small")]
    return Handout(tx.t(f["title"], lang), tuple(blocks), clinic=clinic, lang=tx.LANG_TAGS[lang],
                   footer="" if phq9 else tx.t(f["footer"], lang))  # the PHQ-9 part already says: keep it by the phone


def fitted_flyer(doc: PatientEducationDoc, roster, clinic: str, lang: str,
                 page_count: Callable[[Handout], int]) -> tuple[Handout, int, bool]:
    """The flyer as printed: with the PHQ-9 topics when chosen and they still fit on one page, else without them.
    ``page_count`` prints a handout and counts its pages (planning.report does the printing). Returns the handout,
    its pages and whether the PHQ-9 topics were left off to make it fit."""
    h = flyer(doc, roster, clinic, lang)
    n = page_count(h)
    if n > 1 and doc.contact.phq9:
        shorter = flyer(doc, roster, clinic, lang, phq9=False)
        return shorter, page_count(shorter), True
    return h, n, False


def consent_script(doc: PatientEducationDoc, lang: str, clinic: str = "") -> Handout:
    """The verbal consent talking points in one language, for staff: every point (required ones marked), the
    closing question, and what to record in the chart."""
    lang = _lang(lang)
    c = tx.CONSENT
    blocks: list = [Para(tx.t(c["for_staff"], lang), style="callout"), Heading(tx.t(c["points_heading"], lang))]
    for n, p in enumerate(doc.points(), start=1):
        label = point_label(p.id, lang)
        tag = tx.t(c["required"], lang) if label else tx.t(c["added"], lang)
        blocks.append(Heading(f"{n}. {label} ({tag})" if label else f"{n}. ({tag})", level=3))
        blocks.append(Para(getattr(p, lang)))
    blocks.append(Para(tx.t(c["ask"], lang)))
    blocks.append(Heading(tx.t(c["chart_heading"], lang)))
    blocks.append(Bullets(tuple(tx.t(line, lang) for line in tx.CHART_RECORD)))
    if doc.chart_note:
        blocks.append(Para(tx.t(c["clinic_note"], lang) + doc.chart_note))
    return Handout(tx.t(c["title"], lang), tuple(blocks), clinic=clinic, lang=tx.LANG_TAGS[lang])


def phq9_sheet(lang: str = "en", clinic: str = "") -> Handout:
    """The PHQ-9 staff sheet: practise first, then patients' common questions with answers, the score bands and
    what a positive question 9 means (a same-day risk check)."""
    lang = _lang(lang)
    s = tx.PHQ9_SHEET
    blocks: list = [Para(tx.t(s["practice"], lang), style="callout"), Para(tx.t(s["intro"], lang))]
    for q, a in tx.PHQ9_QA:
        blocks.append(Heading(tx.t(q, lang), level=3))
        blocks.append(Para(tx.t(a, lang)))
        if q is tx.PHQ9_QA[2][0]:  # what the score means: the bands
            blocks.append(Table((tx.t(s["score_column"], lang), tx.t(s["meaning_column"], lang)),
                                tuple((f"{lo}\u2013{hi}", tx.t(words, lang)) for lo, hi, words in tx.PHQ9_BANDS),
                                widths=(1, 3)))
    blocks.append(Heading(tx.t(s["staff_heading"], lang), level=3))
    blocks.append(Para(tx.t(s["staff_item9"], lang), style="callout"))
    return Handout(tx.t(s["title"], lang), tuple(blocks), clinic=clinic, lang=tx.LANG_TAGS[lang])


def consent_scripts(view: Any, langs: Iterable[str] = tx.LANGS) -> list[Handout]:
    doc = saved_or_empty(view, PatientEducationDoc)
    return [consent_script(doc, lang, clinic_line(view.meta)) for lang in langs]


def phq9_sheets(view: Any, langs: Iterable[str] = tx.LANGS) -> list[Handout]:
    return [phq9_sheet(lang, clinic_line(view.meta)) for lang in langs]


# ----------------------------------------------------------------------------------------------
# summaries

@dataclass(frozen=True)
class Counts:
    ready: int
    total: int
    required_ready: int
    required: int
    flyer_ready: bool
    consent_ready: bool


def counts(doc: PatientEducationDoc) -> Counts:
    ms = doc.material_list()
    req = [m for m in ms if m.is_required]
    flyer_m, consent_m = doc.material(FLYER), doc.material(CONSENT)
    return Counts(sum(m.ready for m in ms), len(ms), sum(m.ready for m in req), len(req),
                  bool(flyer_m and flyer_m.ready), bool(consent_m and consent_m.ready))


def not_ready_required(doc: PatientEducationDoc) -> list[Material]:
    """Materials required before launch and not ready, in table order (the launch gate reads the flyer and the
    consent script among them)."""
    return [m for m in doc.material_list() if m.is_required and not m.ready]


def in_use(m: Material) -> bool:
    return m.is_required or m.ready or bool(m.owner)


def reading_level_unchecked(doc: PatientEducationDoc) -> list[Material]:
    return [m for m in doc.material_list() if in_use(m) and not m.reading_level]



def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def ready_word(value: bool) -> str:
    return "Ready" if value else "Not ready"


# ----------------------------------------------------------------------------------------------
# findings

def findings(doc: PatientEducationDoc, roles: Mapping[str, str] | None = None) -> list[Finding]:
    """The flyer or the consent script not ready blocks launch; another required material not ready should be
    fixed; a flyer marked ready without the care manager's phone should be fixed; reading levels not checked are
    one note. ``roles`` maps roster person ids to their role (the owner's role owns the fix)."""
    roles = roles or {}
    out: list[Finding] = []

    def owner_role(m: Material) -> str:
        return roles.get(m.owner or "", "") or DEFAULT_OWNER_ROLE

    for m in not_ready_required(doc):
        if m.id == FLYER:
            out.append(Finding(f"{KIND}:flyer-not-ready", KIND,
                               "The \"Your care team\" flyer is not marked ready: patients should have it from the "
                               "first day.", "blocker", item=m.id,
                               action="Check the care-team flyer in English and Spanish (names, roles, the care "
                                      "manager's phone and hours), then mark it ready.",
                               owner_role=owner_role(m), area=AREA))
        elif m.id == CONSENT:
            out.append(Finding(f"{KIND}:consent-not-ready", KIND,
                               "The verbal consent talking points are not marked ready: staff need them before the "
                               "first patient is enrolled.", "blocker", item=m.id,
                               action="Agree the consent script's wording in English and Spanish, practise it, and "
                                      "mark it ready.", owner_role=owner_role(m), area=AREA))
        elif m.id == SAFETY_PLAN:
            out.append(Finding(f"{KIND}:safety-plan-not-ready", KIND,
                               "The patient safety plan is not ready: screening finds suicide risk from the first day, "
                               "and the care manager needs a safety plan to fill in with the patient.", "blocker",
                               item=m.id, action="Get the patient safety plan template ready (languages, reading "
                                                 "level), then mark it ready.", owner_role=owner_role(m), area=AREA))
        else:
            out.append(Finding(f"{KIND}:not-ready:{m.id}", KIND,
                               f"{m.name} is required before launch and not ready yet.", "should_fix", item=m.id,
                               action=f"Get {m.name} ready for patients (languages, reading level), then mark it "
                                      "ready.", owner_role=owner_role(m), area=AREA))
    flyer_m = doc.material(FLYER)
    if flyer_m and flyer_m.ready and not doc.contact.phone:
        out.append(Finding(f"{KIND}:flyer-no-phone", KIND,
                           "The care-team flyer is marked ready but has no phone number for the care manager.",
                           "should_fix", item=FLYER,
                           action="Type the care manager's phone and hours on the Patient education page.",
                           owner_role=owner_role(flyer_m), area=AREA))
    unchecked = reading_level_unchecked(doc)
    if unchecked:
        names = ", ".join(m.name for m in unchecked)
        out.append(Finding(f"{KIND}:reading-level", KIND,
                           f"Reading level not checked yet for {len(unchecked)} material"
                           f"{'s' if len(unchecked) != 1 else ''} in use: {names}.", "note",
                           action="Check that each material reads at about a 6th-grade level, in every language "
                                  "it is offered in.", owner_role=DEFAULT_OWNER_ROLE, area=AREA))
    return out


# ----------------------------------------------------------------------------------------------
# progress, history, report

def progress(doc: PatientEducationDoc | None) -> str:
    """Not started (nothing saved beyond the defaults), complete (every required material ready and the care
    manager's phone on the flyer), else in progress."""
    if doc is None or doc == PatientEducationDoc():
        return NOT_STARTED
    return COMPLETE if not not_ready_required(doc) and doc.contact.phone else IN_PROGRESS


def describe(doc: PatientEducationDoc) -> str:
    """One line for the history table."""
    c = counts(doc)
    added = sum(1 for p in doc.consent if p.id not in _POINT_TEXT)
    return (f"{c.ready} of {c.total} materials ready; flyer {ready_word(c.flyer_ready).lower()}; consent script "
            f"{ready_word(c.consent_ready).lower()}" + (f"; {added} consent point{'s' if added != 1 else ''} added"
                                                        if added else ""))


MATERIAL_TABLE = ("Material", "Languages", "Owner", "Reading level checked", "Ready", "Required", "Note")
MATERIAL_WIDTHS = (2.3, 1.4, 1.7, 1.0, 0.9, 1.2, 1.9)


def report_section(doc: PatientEducationDoc, revision: int | None = None, people: Mapping[str, str] | None = None,
                   roster=None) -> Section:
    """The materials checklist, the flyer's contacts and people, and the consent points in both languages. The
    handouts themselves (flyer, consent script, PHQ-9 sheet) are separate downloads on the page."""
    c = counts(doc)
    blocks: list = [
        Para(f"{c.ready} of {c.total} materials ready; {c.required_ready} of {c.required} required before launch "
             f"ready. Care-team flyer: {ready_word(c.flyer_ready).lower()}. Consent script: "
             f"{ready_word(c.consent_ready).lower()}. The handouts (the flyer, the consent script and the PHQ-9 "
             "staff sheet) print separately from the page, in English and Spanish."),
    ]
    missing = not_ready_required(doc)
    if missing:
        blocks.append(Para("Required before launch and not ready: " + "; ".join(m.name for m in missing) + ".",
                           style="warning"))
    rows = tuple((m.name, m.languages() or "None yet", owner_label(m.owner, people) if m.owner else "",
                  yes_no(m.reading_level), yes_no(m.ready), yes_no(m.is_required), m.note)
                 for m in doc.material_list())
    blocks.append(Table(MATERIAL_TABLE, rows, widths=MATERIAL_WIDTHS, caption="Materials"))

    blocks.append(Heading("Care-team flyer"))
    ct = doc.contact
    blocks.append(KeyValues((
        ("Care manager's phone", ct.phone or "Not entered yet"),
        ("Hours", ct.hours or "Not entered yet"),
        ("Hours (Spanish)", ct.hours_es or "Same as English"),
        ("After hours", ct.after_hours or "Not entered"),
        ("After hours (Spanish)", ct.after_hours_es or ("Same as English" if ct.after_hours else "Not entered")),
        ("PHQ-9 topics printed", yes_no(ct.phq9)),
    )))
    if roster is not None:
        team = flyer_team(doc, roster)
        blocks.append(Table(("On the flyer", "English", "Spanish"),
                            tuple((line.name or "(a line to write in)", f"{line.title['en']}: {line.words['en']}",
                                   f"{line.title['es']}: {line.words['es']}") for line in team),
                            widths=(1.6, 3.2, 3.2), caption="Who the flyer lists, in plain words"))

    blocks.append(Heading("Verbal consent talking points"))
    points = doc.points()
    blocks.append(Para("The six required points can be reworded but not removed." if doc.consent else
                       "Our wording of the six required points (not reworded yet)."))
    blocks.append(Table(("#", "Point", "English", "Spanish"),
                        tuple((str(n), point_label(p.id) + " (required)" if point_label(p.id)
                               else "Added by the clinic", p.en, p.es) for n, p in enumerate(points, start=1)),
                        widths=(0.35, 1.6, 3.2, 3.2), caption="Consent points"))
    blocks.append(Heading("What to record in the chart", level=3))
    blocks.append(Bullets(tuple(tx.t(line, "en") for line in tx.CHART_RECORD)))
    if doc.chart_note:
        blocks.append(Para("At our clinic: " + doc.chart_note))
    return Section(TITLE, tuple(blocks), revision)


def _roles(view) -> dict[str, str]:
    return {m.id: m.role for m in view.roster.members}


__all__ = [
    "CATALOG", "CONSENT", "ConsentPoint", "Counts", "FLYER", "FlyerContact", "FlyerLine", "FlyerPerson",
    "KIND", "LAUNCH_GATE", "Material", "PHQ9_SHEET", "PatientEducationDoc", "REQUIRED_POINTS", "RESTORE", "SPEC",
    "TITLE", "consent_from_rows", "consent_rows", "consent_script", "consent_scripts", "counts", "describe",
    "findings", "fitted_flyer", "flyer", "flyer_people_from_rows", "flyer_person_rows", "flyer_team", "material_rows",
    "materials_from_rows", "not_ready_required", "our_points", "owner_problems", "phq9_sheet", "phq9_sheets",
    "point_label", "progress", "report_section", "restored",
]


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="patient-education",
    holds="Materials, languages, owners and readiness; the care-team flyer and the verbal consent script in English "
          "and Spanish; a PHQ-9 sheet for staff.",
    icon=":material/menu_book:", doc=PatientEducationDoc,
    progress=lambda v: progress(v.doc(KIND)),
    findings=lambda v: findings(saved_or_empty(v, PatientEducationDoc), roles=_roles(v)),
    report=lambda v: report_section(saved_or_empty(v, PatientEducationDoc), v.version(KIND) or None,
                                    people=v.people(), roster=v.roster),
    describe=describe,
)
