"""Relapse prevention (Step 4): the clinic's approach to relapse-prevention plans, and a printable blank patient
plan with the clinic's contacts filled in, in English and in Spanish.

In our own words, from the AIMS Center Collaborative Care Implementation Guide ("ending treatment well is just as
important as starting it well") and the fields an AIMS-style relapse-prevention plan holds: what helped, the
treatment to keep up, stressors, personal warning signs, what to do when they appear, who to call, support people,
follow-up, and copies.

The blank plan is filled in on paper with the patient. Nothing about a patient is typed into or stored by the
workbook: the document holds the clinic's approach and the clinic's contacts only.

Everything here is pure: no Streamlit, no storage, no reportlab. ``blank_plan`` returns a
``worksheets.content.Handout``; ``planning.report.build_handouts`` prints it.

Decisions where the issue was silent:
- Names of the care manager and the PCP left empty follow the team roster (its first behavioral health care
  manager and its first PCP champion), so a rename on the roster reaches the printed plan. A clinic where each
  patient has their own PCP ticks "write the PCP's name by hand": the plan then prints a line to write on.
- Phone numbers are refused on Save unless they hold 7 to 15 digits (other characters such as "ext." are kept).
  Contacts that are missing print as a line to write on, never as an empty space.
- "Who to call" is always printed (988 and 911 on every plan); the other sections can be left out, and the team
  can add its own (with a Spanish title; without one the Spanish plan prints the English title and a note says so).
- The step-up rule prints on the plan as a self-check: "call if your PHQ-9 is 10 or more, or 5 points or more
  above your score when we wrote this plan"; the patient writes that score on the plan. A rise of 0 leaves the
  second half out.
- The check-in schedule is chosen from fixed phrases (every month, for N months, by phone) so the Spanish plan
  can say it in Spanish; free text the team types (when the plan is written, what the team does on a step-up)
  is for staff and prints in the worksheet PDF, not on the patient's plan.
- The plan keeps to two printed pages per language: the team can add at most two sections (titles of up to 60
  characters), and a compact layout (one line per question, no examples, a shorter opening) is chosen when the
  clinic prints more sections than the usual nine or long names would not fit (``compact``).
- Findings: the approach not saying when the plan is written or who writes it (should fix); the care manager's
  name or phone, or the after-hours line, missing from the printed plan (should fix, one finding each); the PCP's
  phone, the check-in schedule and Spanish titles of added sections (notes). None blocks launch: the first plans
  are written months after the first patient.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from worksheets.base import (StrictModel, WorksheetDoc, blank, empty_if_blank, fmt_date, new_row_id, none_if_blank,
                             required_cell)
from worksheets.checklist import NOTE_MAX
from worksheets.content import Bullets, Handout, Heading, KeyValues, Para, Section, WriteIn
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec, saved_or_empty
from worksheets.team import Role, TeamDoc

KIND = "relapse_prevention"
TITLE = "Relapse prevention"
AREA = "Relapse prevention"
TEXT_MAX = NOTE_MAX
NAME_MAX = 120
PHONE_MAX = 40
STATUS_MAX = 20
TITLE_MAX = 60  # a section title prints on one line
MAX_EXTRA = 2  # sections the team adds: more would push the plan past two pages
CARE_MANAGER_ROLE, PCP_ROLE = "Behavioral health care manager", "PCP champion"

NO_PATIENT_DATA = ("The blank plan is filled in on paper with the patient. Nothing about a patient is typed or "
                   "stored here: this page holds the clinic's approach and contacts only.")
REPORT_NOTE = ("The blank patient plan is printed and filled in on paper with the patient; nothing about a patient is "
               "stored in the workbook. This section holds the clinic's approach and the contacts the plan prints.")
NOT_SET = "Not set yet"
REMOVED = "(removed from the team)"
LANGS: tuple[str, ...] = ("en", "es")
LANG_TAGS: dict[str, str] = {"en": "en-US", "es": "es-US"}
LANG_NAMES: dict[str, str] = {"en": "English", "es": "Español"}
BLANK_LINE = "____________________"
SHORT_LINE = "______________"


# ==============================================================================================
# THE PATIENT PLAN'S WORDS. ENGLISH and SPANISH hold the same keys; every Spanish string of this worksheet is in
# SPANISH below, so a fluent reviewer can read them in one place. Placeholders in {braces} are filled in by
# blank_plan(). Spanish: usted form, plain words (about a 6th-grade level), written for US Spanish speakers.
# Terms (the same as the patient-education handouts in worksheets/patient_texts.py): care manager = "coordinador/a
# de atención"; PCP = "proveedor de atención primaria (PCP)"; score = "puntaje"; chart = "expediente médico";
# 988 = "Línea de Prevención del Suicidio y Crisis" (press 2 for Spanish). Also: warning signs = "señales de
# alerta"; triggers = "detonantes"; medicines = "medicamentos"; check-in call = "llamada de seguimiento".
# ==============================================================================================

ENGLISH: dict[str, str] = {
    "title": "My Plan to Stay Well",
    "intro": "We fill in this plan together as you finish active treatment.",
    "intro_why": "It reminds you what helped, your warning signs, and who to call.",
    "name": "My name",
    "date": "Date",
    # sections: the title, and the short prompt under it
    "scores.title": "My scores (PHQ-9 for mood, GAD-7 for worry)",
    "scores.start": "when I started",
    "scores.now": "now",
    "helped.title": "What helped me get better",
    "helped.hint": "Skills, activities, people and medicines that helped me.",
    "maintenance.meds": "My medicines",
    "maintenance.meds_hint": "Name, dose, who prescribes it, and how long to keep taking it.",
    "maintenance.meds_warning": "Keep taking your medicines even when you feel well. Talk with your primary care "
                                "provider (PCP) before you stop or change one.",
    "maintenance.skills": "Skills I will keep practicing",
    "maintenance.skills_hint": "For example: doing things I enjoy, solving problems step by step, exercise.",
    "triggers.title": "My stressors and triggers",
    "triggers.hint": "Situations, dates or events that could make me feel worse.",
    "warning_signs.title": "My personal warning signs",
    "warning_signs.hint": "For example: sleeping more or less, losing interest, staying away from people.",
    "action.title": "What I will do if I notice warning signs",
    "action.skills": "Go back to the skills and activities that helped me.",
    "action.check": "Fill in the PHQ-9 (the short questionnaire about mood). Call my care manager if my score is "
                    "{score} or more.",
    "action.check_rise": "Fill in the PHQ-9 (the short questionnaire about mood). Call my care manager if my score "
                         "is {score} or more, or if it is {rise} points or more above my score when we wrote this "
                         "plan: ______.",
    "action.talk": "Talk with someone who supports me.",
    "action.other": "Other",
    "who_to_call.title": "Who to call",
    "who_to_call.care_manager": "My care manager",
    "who_to_call.pcp": "My primary care provider (PCP)",
    "who_to_call.after_hours": "After hours (evenings, weekends, holidays)",
    "who_to_call.crisis": "Thoughts of suicide or of hurting yourself, or a crisis: call or text 988 (Suicide & "
                          "Crisis Lifeline), any time, day or night.",
    "who_to_call.emergency": "In an emergency, call 911.",
    "supports.title": "People who support me and how they can help",
    "supports.hint": "Name, phone, and how they help: listen, take a walk with me, give me a ride.",
    "follow_up.title": "My follow-up plan",
    "follow_up.checkins": "My care manager will check in with me {every} for {months}, {how}.",
    "follow_up.checkins_blank": "My care manager will check in with me",
    "follow_up.restart": "If warning signs come back, I will call to start treatment again.",
    "follow_up.next_checkin": "Next check-in",
    "follow_up.next_pcp": "Next PCP visit",
    "follow_up.ends": "My active treatment ends on",
    "copies.title": "Keep this plan where you can find it. Copies go to:",
    "copies.patient": "me",
    "copies.pcp": "my PCP",
    "copies.chart": "my chart at the clinic",
    "copies.support": "a support person I choose",
    # the check-in schedule
    "every.weekly": "every week",
    "every.every_2_weeks": "every 2 weeks",
    "every.monthly": "every month",
    "every.every_2_months": "every 2 months",
    "every.every_3_months": "every 3 months",
    "months.one": "1 month",
    "months.many": "{n} months",
    "how.phone": "by phone",
    "how.phone_video": "by phone or video",
    "how.visit": "at a clinic visit",
    "how.any": "by phone, video or at the clinic",
    # the footer
    "footer": "Relapse prevention plan · form version {version} · printed {date}",
    "footer_unsaved": "Relapse prevention plan · printed {date}",
}

# ---------------------------------------------------------------------------------------------- SPANISH (es-US)
SPANISH: dict[str, str] = {
    "title": "Mi plan para seguir bien",
    "intro": "Llenamos este plan juntos cuando usted está terminando el tratamiento activo.",
    "intro_why": "Le recuerda lo que le ayudó, sus señales de alerta y a quién llamar.",
    "name": "Mi nombre",
    "date": "Fecha",
    # secciones: el título y la pregunta corta debajo
    "scores.title": "Mis puntajes (PHQ-9 para el ánimo, GAD-7 para la preocupación)",
    "scores.start": "cuando empecé",
    "scores.now": "ahora",
    "helped.title": "Lo que me ayudó a mejorar",
    "helped.hint": "Habilidades, actividades, personas y medicamentos que me ayudaron.",
    "maintenance.meds": "Mis medicamentos",
    "maintenance.meds_hint": "Nombre, dosis, quién me lo receta y por cuánto tiempo debo seguir tomándolo.",
    "maintenance.meds_warning": "Siga tomando sus medicamentos aunque se sienta bien. Antes de dejar o cambiar uno, "
                                "hable con su proveedor de atención primaria (PCP).",
    "maintenance.skills": "Habilidades que voy a seguir practicando",
    "maintenance.skills_hint": "Por ejemplo: hacer cosas que disfruto, resolver problemas paso a paso, hacer "
                               "ejercicio.",
    "triggers.title": "Lo que me causa estrés (mis detonantes)",
    "triggers.hint": "Situaciones, fechas o eventos que me podrían hacer sentir peor.",
    "warning_signs.title": "Mis señales de alerta",
    "warning_signs.hint": "Por ejemplo: dormir más o dormir menos, perder el interés, alejarme de la gente.",
    "action.title": "Lo que voy a hacer si noto señales de alerta",
    "action.skills": "Volver a usar las habilidades y actividades que me ayudaron.",
    "action.check": "Llenar el PHQ-9 (el cuestionario corto sobre el estado de ánimo). Llamar a mi "
                    "coordinador/a de atención si mi puntaje es de {score} o más.",
    "action.check_rise": "Llenar el PHQ-9 (el cuestionario corto sobre el estado de ánimo). Llamar a mi "
                         "coordinador/a de atención si mi puntaje es de {score} o más, o si sube {rise} puntos o "
                         "más desde el puntaje que tenía cuando escribimos este plan: ______.",
    "action.talk": "Hablar con alguien que me apoya.",
    "action.other": "Otra cosa",
    "who_to_call.title": "A quién llamar",
    "who_to_call.care_manager": "Mi coordinador/a de atención",
    "who_to_call.pcp": "Mi proveedor de atención primaria (PCP)",
    "who_to_call.after_hours": "Fuera de horario (noches, fines de semana, festivos)",
    "who_to_call.crisis": "Pensamientos de suicidio o de hacerse daño, o una crisis: llame o envíe un mensaje de "
                          "texto al 988 (Línea de Prevención del Suicidio y Crisis), a cualquier hora del día o de "
                          "la noche; si llama, oprima el 2 para español.",
    "who_to_call.emergency": "En una emergencia, llame al 911.",
    "supports.title": "Personas que me apoyan y cómo me pueden ayudar",
    "supports.hint": "Nombre, teléfono y cómo me ayudan: escucharme, salir a caminar conmigo, llevarme en carro.",
    "follow_up.title": "Mi plan de seguimiento",
    "follow_up.checkins": "Mi coordinador/a de atención se comunicará conmigo {every} durante {months}, {how}.",
    "follow_up.checkins_blank": "Mi coordinador/a de atención se comunicará conmigo",
    "follow_up.restart": "Si vuelven las señales de alerta, voy a llamar para volver al tratamiento.",
    "follow_up.next_checkin": "Próximo seguimiento",
    "follow_up.next_pcp": "Próxima cita con mi PCP",
    "follow_up.ends": "Mi tratamiento activo termina el",
    "copies.title": "Guarde este plan donde lo pueda encontrar. Copias para:",
    "copies.patient": "mí",
    "copies.pcp": "mi PCP",
    "copies.chart": "mi expediente médico en la clínica",
    "copies.support": "una persona de apoyo que yo elija",
    # el horario de seguimiento
    "every.weekly": "cada semana",
    "every.every_2_weeks": "cada 2 semanas",
    "every.monthly": "cada mes",
    "every.every_2_months": "cada 2 meses",
    "every.every_3_months": "cada 3 meses",
    "months.one": "1 mes",
    "months.many": "{n} meses",
    "how.phone": "por teléfono",
    "how.phone_video": "por teléfono o videollamada",
    "how.visit": "en una cita en la clínica",
    "how.any": "por teléfono, videollamada o en la clínica",
    # el pie de página
    "footer": "Plan de prevención de recaídas · versión {version} · impreso el {date}",
    "footer_unsaved": "Plan de prevención de recaídas · impreso el {date}",
}
SPANISH_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                  "octubre", "noviembre", "diciembre")
# ======================================================================= end of the patient plan's words

WORDS: dict[str, dict[str, str]] = {"en": ENGLISH, "es": SPANISH}


# ----------------------------------------------------------------------------------------------
# the catalog: the plan's sections, and the check-in choices

@dataclass(frozen=True)
class PlanSection:
    key: str  # stable: stored in documents; never rename or reuse
    label: str  # what the team sees on the page (English)
    holds: str  # what it asks the patient, for the page's checklist
    default: bool = True  # printed unless the team unticks it
    locked: bool = False  # always printed


SECTIONS: tuple[PlanSection, ...] = (
    PlanSection("scores", "My scores", "The PHQ-9 and GAD-7 when treatment started and now.", default=False),
    PlanSection("helped", "What helped me get better", "Skills, activities, people and medicines that helped."),
    PlanSection("maintenance", "Treatment I will keep doing",
                "Medicines (name, dose, who prescribes, how long; do not stop without talking to the PCP) and skills "
                "to keep practicing."),
    PlanSection("triggers", "My stressors and triggers", "Situations, dates or events that could make things worse."),
    PlanSection("warning_signs", "My personal warning signs",
                "Changes in thoughts, feelings, actions or body that tell the patient they may be slipping."),
    PlanSection("action", "What I will do if I notice warning signs",
                "Skills to go back to, the PHQ-9 self-check with the clinic's call-back rule, and other steps."),
    PlanSection("who_to_call", "Who to call",
                "The care manager, the PCP, the after-hours line, 988 and 911. Always printed.", locked=True),
    PlanSection("supports", "People who support me", "Who they are and what each can do."),
    PlanSection("follow_up", "My follow-up plan",
                "The check-in schedule, restarting treatment if signs return, and important dates."),
    PlanSection("copies", "Copies", "Who gets a copy: the patient, the PCP, the chart, a support person."),
)
SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)
DEFAULT_SECTIONS: tuple[str, ...] = tuple(s.key for s in SECTIONS if s.default)
LOCKED_SECTIONS: tuple[str, ...] = tuple(s.key for s in SECTIONS if s.locked)
SectionKey = Literal["scores", "helped", "maintenance", "triggers", "warning_signs", "action", "who_to_call",
                     "supports", "follow_up", "copies"]

Every = Literal["weekly", "every_2_weeks", "monthly", "every_2_months", "every_3_months"]
EVERY: tuple[str, ...] = ("weekly", "every_2_weeks", "monthly", "every_2_months", "every_3_months")
EVERY_LABELS: dict[str, str] = {k: ENGLISH[f"every.{k}"].capitalize() for k in EVERY}
How = Literal["phone", "phone_video", "visit", "any"]
HOW: tuple[str, ...] = ("phone", "phone_video", "visit", "any")
HOW_LABELS: dict[str, str] = {k: ENGLISH[f"how.{k}"].capitalize() for k in HOW}


def section(key: str) -> PlanSection:
    return next(s for s in SECTIONS if s.key == key)


# ----------------------------------------------------------------------------------------------
# the document

_DIGITS = re.compile(r"\d")


def _phone(v: Any) -> Any:
    """A phone number: empty, or 7 to 15 digits with whatever else the clinic writes around them."""
    if blank(v):
        return ""
    if isinstance(v, str):
        digits = len(_DIGITS.findall(v))
        if digits < 7:
            raise ValueError(f"enter a phone number with its area code, such as (555) 010-4477 (you entered "
                             f"\"{v.strip()}\")")
        if digits > 15:
            raise ValueError(f"this has {digits} digits: enter one phone number, with an extension if needed, such "
                             f"as (555) 010-4477 ext. 204 (you entered \"{v.strip()}\")")
    return v


class ExtraSection(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    title: str = Field(max_length=TITLE_MAX, title="section title (English)")
    title_es: str = Field(default="", max_length=TITLE_MAX, title="section title (Spanish)")

    _named = field_validator("title", mode="before")(staticmethod(
        required_cell("write the section's title in English")))

    _es = field_validator("title_es", mode="before")(staticmethod(empty_if_blank))


class Approach(StrictModel):
    when_written: str = Field(default="", max_length=TEXT_MAX, title="when the plan is written")
    writer_role: Role | None = Field(default=None, title="role that writes it")
    writer_person: str | None = Field(default=None, max_length=40, title="person who writes it")
    sections: list[SectionKey] = Field(default_factory=lambda: list(DEFAULT_SECTIONS), title="sections printed")
    extra_sections: list[ExtraSection] = Field(default_factory=list, title="sections the clinic added")
    checkin_every: Every | None = Field(default=None, title="check-ins")
    checkin_months: int | None = Field(default=None, ge=1, le=24, title="check-ins for how many months")
    checkin_how: How | None = Field(default=None, title="check-ins by")
    step_up_score: int = Field(default=10, ge=1, le=27, title="step back up at a PHQ-9 of")
    step_up_rise: int = Field(default=5, ge=0, le=27, title="or a rise of (points)")
    step_up_action: str = Field(default="", max_length=TEXT_MAX, title="what the team does then")
    registry_status: str = Field(default="RPP", max_length=STATUS_MAX, title="registry status")
    registry_note: str = Field(default="", max_length=TEXT_MAX, title="how the registry records it")
    copy_pcp: bool = Field(default=True, title="copy for the PCP")
    copy_chart: bool = Field(default=True, title="copy for the chart")
    copy_support: bool = Field(default=False, title="copy for a support person")

    _none = field_validator("writer_role", "writer_person", "checkin_every", "checkin_months", "checkin_how",
                            mode="before")(staticmethod(none_if_blank))
    _text = field_validator("when_written", "step_up_action", "registry_note", mode="before")(
        staticmethod(empty_if_blank))

    @field_validator("registry_status", mode="before")
    @classmethod
    def _status(cls, v: Any) -> Any:
        return "RPP" if blank(v) else v

    @field_validator("extra_sections")
    @classmethod
    def _few_extra(cls, v: list[ExtraSection]) -> list[ExtraSection]:
        if len(v) > MAX_EXTRA:
            raise ValueError(f"add at most {MAX_EXTRA} sections of your own (you added {len(v)}): more would not fit "
                             "on two printed pages.")
        return v

    @field_validator("sections")
    @classmethod
    def _sections(cls, v: list[str]) -> list[str]:
        """Catalog order, no repeats, and the locked sections always in."""
        return [k for k in SECTION_KEYS if k in v or k in LOCKED_SECTIONS]


class Contacts(StrictModel):
    care_manager_name: str = Field(default="", max_length=NAME_MAX, title="care manager's name")
    care_manager_phone: str = Field(default="", max_length=PHONE_MAX, title="care manager's phone")
    pcp_name: str = Field(default="", max_length=NAME_MAX, title="PCP's name")
    pcp_by_hand: bool = Field(default=False, title="write the PCP's name by hand")
    pcp_phone: str = Field(default="", max_length=PHONE_MAX, title="PCP's phone")
    after_hours_phone: str = Field(default="", max_length=PHONE_MAX, title="after-hours line")

    _text = field_validator("care_manager_name", "pcp_name", mode="before")(staticmethod(empty_if_blank))
    _phones = field_validator("care_manager_phone", "pcp_phone", "after_hours_phone", mode="before")(
        staticmethod(_phone))


class RelapsePreventionDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    approach: Approach = Field(default_factory=Approach, title="approach")
    contacts: Contacts = Field(default_factory=Contacts, title="contacts")

    @model_validator(mode="after")
    def _unique_extra_ids(self):
        ids = [s.id for s in self.approach.extra_sections]
        if len(set(ids)) != len(ids):
            raise ValueError("two added sections share the same id")
        return self


def is_empty(doc: RelapsePreventionDoc | None) -> bool:
    return doc is None or doc.model_dump(mode="json") == RelapsePreventionDoc().model_dump(mode="json")


# ----------------------------------------------------------------------------------------------
# the roster's defaults and the contacts as printed

def roster_name(roster: TeamDoc | None, role: str) -> str:
    """The first person on the roster with this role; "" when there is none."""
    if roster is None:
        return ""
    return next((m.name for m in roster.members if m.role == role), "")


@dataclass(frozen=True)
class PrintContacts:
    """What the printed plan says under "Who to call": "" = not known (the plan prints a line to write on)."""

    care_manager: str = ""
    care_manager_phone: str = ""
    pcp: str = ""  # "" also when the PCP's name is written by hand
    pcp_phone: str = ""
    after_hours_phone: str = ""
    care_manager_from_roster: bool = False
    pcp_from_roster: bool = False
    pcp_by_hand: bool = False


def print_contacts(doc: RelapsePreventionDoc, roster: TeamDoc | None) -> PrintContacts:
    """The contacts as the plan prints them: typed names, else the roster's care manager and PCP champion."""
    c = doc.contacts
    cm = c.care_manager_name or roster_name(roster, CARE_MANAGER_ROLE)
    pcp = "" if c.pcp_by_hand else (c.pcp_name or roster_name(roster, PCP_ROLE))
    return PrintContacts(cm, c.care_manager_phone, pcp, c.pcp_phone, c.after_hours_phone,
                         care_manager_from_roster=bool(cm) and not c.care_manager_name,
                         pcp_from_roster=bool(pcp) and not c.pcp_name and not c.pcp_by_hand,
                         pcp_by_hand=c.pcp_by_hand)


def writer_label(approach: Approach, people: Mapping[str, str] | None = None) -> str:
    """Who writes the plan with the patient: the person (name and role) when named, else the role."""
    if approach.writer_person:
        if people is None:
            return "a team member"
        return people.get(approach.writer_person, REMOVED)
    return approach.writer_role or NOT_SET


def writer_problems(doc: RelapsePreventionDoc, roster_ids) -> list[str]:
    """A writer who has left the roster, in the words the page shows on Save."""
    p = doc.approach.writer_person
    if p and p not in set(roster_ids):
        return [f"{TITLE}, approach, person who writes it: this person is no longer on the implementation team. "
                "Choose someone on the team, or leave it empty and choose a role."]
    return []


def checkin_sentence(approach: Approach, lang: str = "en") -> str:
    """"My care manager will check in with me every month for 3 months, by phone."; "" until the schedule is
    set (how often and for how long; "by phone" and the like when chosen)."""
    a, w = approach, WORDS[lang]
    if a.checkin_every is None or a.checkin_months is None:
        return ""
    months = w["months.one"] if a.checkin_months == 1 else w["months.many"].format(n=a.checkin_months)
    how = w[f"how.{a.checkin_how}"] if a.checkin_how else ""
    text = w["follow_up.checkins"].format(every=w[f"every.{a.checkin_every}"], months=months, how=how)
    return text.replace(", .", ".") if not how else text


def self_check_sentence(approach: Approach, lang: str = "en") -> str:
    w = WORDS[lang]
    if approach.step_up_rise:
        return w["action.check_rise"].format(score=approach.step_up_score, rise=approach.step_up_rise)
    return w["action.check"].format(score=approach.step_up_score)


def step_up_rule(approach: Approach) -> str:
    """The step-up rule for staff: "A PHQ-9 of 10 or more, or a rise of 5 points or more"."""
    rule = f"A PHQ-9 of {approach.step_up_score} or more"
    return rule + (f", or a rise of {approach.step_up_rise} points or more from the score when the plan was written"
                   if approach.step_up_rise else "")


def copies_list(approach: Approach, lang: str = "en") -> list[str]:
    w = WORDS[lang]
    out = [w["copies.patient"]]
    out += [w["copies.pcp"]] if approach.copy_pcp else []
    out += [w["copies.chart"]] if approach.copy_chart else []
    out += [w["copies.support"]] if approach.copy_support else []
    return out


# ----------------------------------------------------------------------------------------------
# the blank patient plan

def _spanish_date(d: date) -> str:
    return f"{d.day} de {SPANISH_MONTHS[d.month - 1]} de {d.year}"


def _date_text(d: date, lang: str) -> str:
    return _spanish_date(d) if lang == "es" else fmt_date(d)


PRINT_LINE_CHARS = 70  # about what one line of the printed plan holds in bold type (a cautious figure)
SPARE_LINES = 1  # wrapped lines of long names and titles the usual layout has room for


def _wrapped(text: str, width: int = PRINT_LINE_CHARS) -> int:
    """Lines beyond the first that a text takes on the printed plan (an estimate)."""
    return max(0, -(-len(text) // width) - 1)


def compact(approach: Approach, contacts: PrintContacts | None = None, clinic: str = "") -> bool:
    """Print the compact layout: one line to write on per question, no examples under it and a shorter opening, so
    the plan keeps to two pages per language. Chosen when the clinic prints more sections than the usual set, or
    when long names, numbers and titles would take more lines than the usual layout has room for."""
    if len(approach.sections) + len(approach.extra_sections) > len(DEFAULT_SECTIONS):
        return True
    texts = [clinic] + [s.title for s in approach.extra_sections]
    if contacts is not None:  # each line as the longer language prints it, blanks as the line to write on

        def label(key: str) -> str:
            return max((w[f"who_to_call.{key}"] for w in WORDS.values()), key=len)

        texts += [_contact(label("care_manager"), contacts.care_manager, contacts.care_manager_phone),
                  _contact(label("pcp"), contacts.pcp, contacts.pcp_phone),
                  f"{label('after_hours')}: {contacts.after_hours_phone or SHORT_LINE}"]
    return sum(_wrapped(t) for t in texts) > SPARE_LINES


def _contact(label: str, name: str, phone: str) -> str:
    return f"{label}: {name or SHORT_LINE}, {phone or SHORT_LINE}"


def blank_plan(doc: RelapsePreventionDoc, source: Any, lang: str = "en", *, clinic: str | None = None,
               revision: int | None = None, printed: date | None = None) -> Handout:
    """The blank patient plan in ``lang`` ("en" or "es"): the clinic's sections with lines to write on, the
    clinic's call-back rule and check-in schedule, and the contacts filled in.

    ``source`` is a plan view (its roster fills in names left empty; its plan details give the clinic's name) or
    the contacts as printed (``PrintContacts``). Nothing about a patient goes in: the patient's name, the date and
    every answer are written by hand."""
    if lang not in WORDS:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGS)}")
    w, a = WORDS[lang], doc.approach
    if isinstance(source, PrintContacts):
        contacts = source
    else:
        contacts = print_contacts(doc, source.roster)
        if clinic is None:
            meta = source.meta
            clinic = " · ".join(p for p in (meta.clinic, meta.site) if p)
    shown = set(a.sections)
    tight = compact(a, contacts, clinic or "")
    lines = 1 if tight else 2
    blocks: list = [Para(w["intro"] if tight else f"{w['intro']} {w['intro_why']}"),
                    Para(f"{w['name']}: {BLANK_LINE}{SHORT_LINE}   {w['date']}: {SHORT_LINE}")]

    def write_in(key: str, n_lines: int = lines) -> None:
        blocks.append(WriteIn(w[f"{key}.title"], n_lines, "" if tight else w[f"{key}.hint"]))

    if "scores" in shown:
        blocks.append(Para(f"{w['scores.title']}: {w['scores.start']} {SHORT_LINE}   {w['scores.now']} "
                           f"{SHORT_LINE}"))
    if "helped" in shown:
        write_in("helped")
    if "maintenance" in shown:
        blocks += [WriteIn(w["maintenance.meds"], lines, "" if tight else w["maintenance.meds_hint"]),
                   Para(w["maintenance.meds_warning"], style="warning"),
                   WriteIn(w["maintenance.skills"], lines, "" if tight else w["maintenance.skills_hint"])]
    if "triggers" in shown:
        write_in("triggers")
    if "warning_signs" in shown:
        write_in("warning_signs")
    if "action" in shown:
        blocks += [Heading(w["action.title"]),
                   Bullets((w["action.skills"], self_check_sentence(a, lang), w["action.talk"])
                           + (() if tight else (f"{w['action.other']}: {BLANK_LINE}",)))]
    # who to call: always printed
    blocks += [Heading(w["who_to_call.title"]),
               Para("\n".join((_contact(w["who_to_call.care_manager"], contacts.care_manager,
                                        contacts.care_manager_phone),
                               _contact(w["who_to_call.pcp"], contacts.pcp, contacts.pcp_phone),
                               f"{w['who_to_call.after_hours']}: {contacts.after_hours_phone or SHORT_LINE}",
                               w["who_to_call.crisis"], w["who_to_call.emergency"])), style="callout")]
    if "supports" in shown:
        write_in("supports")
    for extra in a.extra_sections:
        title = extra.title_es if lang == "es" and extra.title_es else extra.title
        blocks.append(WriteIn(title, lines))
    if "follow_up" in shown:
        schedule = checkin_sentence(a, lang) or f"{w['follow_up.checkins_blank']}: {BLANK_LINE}"
        blocks += [Heading(w["follow_up.title"]),
                   Para(f"{schedule} {w['follow_up.restart']}"),
                   Para(f"{w['follow_up.next_checkin']}: {SHORT_LINE}   {w['follow_up.next_pcp']}: {SHORT_LINE}\n"
                        f"{w['follow_up.ends']}: {SHORT_LINE}")]
    if "copies" in shown:
        blocks.append(Para(w["copies.title"] + "  " + "   ".join(f"\N{BALLOT BOX} {c}" for c in copies_list(a, lang))))
    day = printed or date.today()
    footer = (w["footer"].format(version=revision, date=_date_text(day, lang)) if revision
              else w["footer_unsaved"].format(date=_date_text(day, lang)))
    return Handout(w["title"], tuple(blocks), clinic=clinic or "", lang=LANG_TAGS[lang], footer=footer)


def blank_plans(doc: RelapsePreventionDoc, source: Any, langs: tuple[str, ...] = LANGS, **kwargs: Any
                ) -> list[Handout]:
    """The plan in each language, in order (English then Spanish by default): one PDF prints them all."""
    return [blank_plan(doc, source, lang, **kwargs) for lang in langs]


# ----------------------------------------------------------------------------------------------
# findings, progress

def _finding(what: str, text: str, severity: str, action: str, item: str = "",
             owner: str = "Behavioral health care manager") -> Finding:
    return Finding(f"{KIND}:{what}", KIND, text, severity, item=item, action=action,  # type: ignore[arg-type]
                   owner_role=owner, area=AREA)


def findings(doc: RelapsePreventionDoc, roster: TeamDoc | None = None,
             people: Mapping[str, str] | None = None) -> list[Finding]:
    """The approach missing when or who (should fix); the care manager's name or phone or the after-hours line
    missing from the printed plan (should fix, one each); the PCP's phone, the check-in schedule, Spanish titles
    of added sections (notes)."""
    a = doc.approach
    out: list[Finding] = []
    writer_gone = bool(a.writer_person) and people is not None and a.writer_person not in people
    no_writer = (a.writer_role is None and not a.writer_person) or (writer_gone and a.writer_role is None)
    missing = [part for part, gap in (("when the plan is written", not a.when_written),
                                      ("who writes it with the patient", no_writer)) if gap]
    if missing:
        out.append(_finding(
            "approach", f"The relapse-prevention approach does not say {' or '.join(missing)} yet.", "should_fix",
            "Agree when each patient's relapse-prevention plan is written (for example, once they have improved and "
            "are a month or two from ending active treatment) and who writes it with them (usually the care "
            "manager), and record it on the Relapse prevention page.", item="approach", owner="CIT lead"))
    elif writer_gone:
        out.append(_finding(
            "approach", "The person named to write relapse-prevention plans is no longer on the team.", "should_fix",
            "Name who writes relapse-prevention plans with patients now, on the Relapse prevention page.",
            item="approach", owner="CIT lead"))
    c = print_contacts(doc, roster)
    if not c.care_manager:
        out.append(_finding(
            "contact:care-manager", "The printed relapse-prevention plan has no care manager's name: the team "
                                    "roster has no behavioral health care manager and none is typed.",
            "should_fix", "Type the care manager's name for the relapse-prevention plan, or add the care manager to "
                          "the implementation team.", item="contacts", owner="CIT lead"))
    if not c.care_manager_phone:
        out.append(_finding(
            "contact:care-manager-phone", "The printed relapse-prevention plan has no phone number for the care "
                                          "manager.", "should_fix",
            "Enter the care manager's phone number on the Relapse prevention page so it prints on every patient's "
            "plan.", item="contacts"))
    if not c.after_hours_phone:
        out.append(_finding(
            "contact:after-hours", "The printed relapse-prevention plan has no after-hours line for evenings and "
                                   "weekends.", "should_fix",
            "Enter the clinic's after-hours line (for example the nurse line or the on-call service) on the Relapse "
            "prevention page so patients know whom to call when the clinic is closed.", item="contacts",
            owner="CIT lead"))
    if not c.pcp_phone:
        out.append(_finding(
            "contact:pcp-phone", "The printed relapse-prevention plan has no phone number for the PCP.", "note",
            "Enter the number patients call to reach their PCP (often the clinic's main line) on the Relapse "
            "prevention page.", item="contacts"))
    if "follow_up" in a.sections and checkin_sentence(a) == "":
        out.append(_finding(
            "check-ins", "The relapse-prevention approach has no check-in schedule after the plan is written, so "
                         "the printed plan leaves it to be written by hand.", "note",
            "Choose how often, for how long and how the care manager checks in after the plan is written (for "
            "example every month for 3 months, by phone).", item="monitoring"))
    no_es = [s.title for s in a.extra_sections if not s.title_es]
    if no_es:
        out.append(_finding(
            "spanish-titles", f"{len(no_es)} section{'s' if len(no_es) != 1 else ''} the clinic added to the plan "
                              f"{'have' if len(no_es) != 1 else 'has'} no Spanish title, so the Spanish plan prints "
                              "the English one.", "note",
            "Add a Spanish title to each section the clinic added to the relapse-prevention plan, checked by a "
            "fluent speaker.", item="sections"))
    return out


def progress(doc: RelapsePreventionDoc | None, roster: TeamDoc | None = None,
             people: Mapping[str, str] | None = None) -> str:
    """Not started (nothing saved, or only the defaults); complete when nothing should be fixed; else in
    progress."""
    if doc is None or is_empty(doc):
        return NOT_STARTED
    if any(f.severity != "note" for f in findings(doc, roster, people)):
        return IN_PROGRESS
    return COMPLETE


# ----------------------------------------------------------------------------------------------
# report

def describe(doc: RelapsePreventionDoc) -> str:
    """One line for the history table."""
    a, c = doc.approach, doc.contacts
    n = len(a.sections) + len(a.extra_sections)
    who = a.writer_role or ("a named person" if a.writer_person else "writer not set")
    phones = sum(1 for p in (c.care_manager_phone, c.pcp_phone, c.after_hours_phone) if p)
    return f"{n} sections, {who}, {phones} of 3 phone numbers"


def _or_dash(text: str) -> str:
    return text or "-"


def approach_rows(doc: RelapsePreventionDoc, people: Mapping[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    a = doc.approach
    holds = [section(k).label for k in a.sections] + [f"{s.title} (added by the clinic)" for s in a.extra_sections]
    checkins = checkin_sentence(a).replace("My care manager will check in with me", "The care manager checks in")
    registry = (f"Set the patient's registry status to \"{a.registry_status}\" and record the date the plan was "
                "written (the Caseload Tracker's RPP column).")
    copies = ", ".join(["the patient"] + [w for w, on in (("the PCP", a.copy_pcp), ("the chart", a.copy_chart),
                                                         ("a support person", a.copy_support)) if on])
    return (
        ("When the plan is written", a.when_written or NOT_SET),
        ("Who writes it with the patient", writer_label(a, people)),
        ("What the plan holds", "; ".join(holds)),
        ("Check-ins after the plan", checkins or NOT_SET),
        ("When to step back up", step_up_rule(a)),
        ("What the team does then", _or_dash(a.step_up_action)),
        ("How the registry records it", registry + (f" {a.registry_note}" if a.registry_note else "")),
        ("Copies", copies),
    )


def contact_rows(contacts: PrintContacts) -> tuple[tuple[str, str], ...]:
    def name(text: str, from_roster: bool) -> str:
        return (text + " (from the team roster)") if from_roster else (text or "Not set: printed as a line to write on")

    pcp = "Written by hand on each plan (each patient's own PCP)" if contacts.pcp_by_hand else \
        name(contacts.pcp, contacts.pcp_from_roster)
    return (
        ("Care manager", name(contacts.care_manager, contacts.care_manager_from_roster)),
        ("Care manager's phone", contacts.care_manager_phone or "Not set"),
        ("PCP", pcp),
        ("PCP's phone", contacts.pcp_phone or "Not set"),
        ("After-hours line", contacts.after_hours_phone or "Not set"),
        ("Crisis", "988 Suicide & Crisis Lifeline (call or text), always printed"),
        ("Emergency", "911, always printed"),
    )


def report_section(doc: RelapsePreventionDoc, revision: int | None = None, roster: TeamDoc | None = None,
                   people: Mapping[str, str] | None = None) -> Section:
    """The approach and the contacts the blank patient plan prints, and what is still open."""
    blocks: list = [
        Para(REPORT_NOTE, style="muted"),
        Heading("Our approach"),
        KeyValues(approach_rows(doc, people)),
        Heading("Contacts printed on the blank patient plan"),
        KeyValues(contact_rows(print_contacts(doc, roster))),
        Para("The blank plan prints from the Relapse prevention page, in English and in Spanish, with these contacts "
             "filled in.", style="small"),
    ]
    open_items = findings(doc, roster, people)
    if open_items:
        blocks += [Heading("Still open"), Bullets(tuple(f.text for f in open_items))]
    return Section(TITLE, tuple(blocks), revision)


# ----------------------------------------------------------------------------------------------
# editing: form values -> document parts (validated by RelapsePreventionDoc)

def sections_data(rows: list[dict[str, Any]]) -> list[str]:
    """Section checklist rows (key, printed) -> the keys ticked (locked sections are added back by the model)."""
    return [str(r.get("key")) for r in rows if not blank(r.get("printed")) and bool(r.get("printed"))]


def extra_sections_data(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows editor rows -> added sections; a new row (no id yet) gets one."""
    return [{**{k: v for k, v in r.items() if k != "id"}, "id": (r.get("id") or new_row_id())} for r in rows]


__all__ = [
    "Approach", "Contacts", "ENGLISH", "ExtraSection", "PrintContacts", "RelapsePreventionDoc", "SECTIONS",
    "SPANISH", "blank_plan", "blank_plans", "checkin_sentence", "contact_rows", "describe", "findings", "is_empty",
    "print_contacts", "progress", "report_section", "self_check_sentence", "step_up_rule", "writer_label",
    "writer_problems",
]


def _doc(v: Any) -> RelapsePreventionDoc:
    return saved_or_empty(v, RelapsePreventionDoc)  # type: ignore[return-value]


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="relapse-prevention",
    holds="The clinic's approach to relapse prevention and a printable blank patient plan, in English and Spanish.",
    icon=":material/health_and_safety:", doc=RelapsePreventionDoc,
    progress=lambda v: progress(v.doc(KIND), v.roster, v.people()),
    findings=lambda v: findings(_doc(v), v.roster, v.people()),
    report=lambda v: report_section(_doc(v), v.version(KIND) or None, roster=v.roster, people=v.people()),
    describe=describe,
)
