"""Every word the patient-education handouts print, in English and in Spanish, in one place.

The care-team flyer, the verbal consent talking points, what to record in the chart, the PHQ-9 staff sheet and
the role of each care-team member in plain words. Each entry is ``{"en": ..., "es": ...}`` so a fluent reviewer
can read all the Spanish here, side by side with the English. All of it is our own wording (facts from the AIMS
Center Collaborative Care Implementation Guide, sections on patient education and consent).

Spanish: written for Spanish-speaking patients in the United States, in plain words, in the "usted" form, at
about a 6th-grade reading level. Terms used throughout, never mixed:
- Collaborative Care: "atención colaborativa"
- care team: "equipo de atención"
- care manager: "coordinador/a de atención"
- primary care provider: "proveedor de atención primaria"
- psychiatric consultant: "psiquiatra consultor/a" (a role name); "psiquiatra" in a sentence
- questionnaire: "cuestionario"; score: "puntaje"
- copay / cost share: "copago" / "costo compartido"
- health record (chart): "expediente médico"
- the 988 line: "la Línea 988 de Prevención del Suicidio y Crisis" (a caller presses 2 for Spanish)
Role nouns that change with the person's gender are written with a slash (coordinador/a); "proveedor" and
"paciente" are used as generic terms, as US clinics do.
"""
from __future__ import annotations

from typing import Literal

Lang = Literal["en", "es"]
LANGS: tuple[Lang, ...] = ("en", "es")
LANG_NAMES: dict[str, str] = {"en": "English", "es": "Español"}
LANG_TAGS: dict[str, str] = {"en": "en-US", "es": "es-US"}  # written into the PDF for screen readers

Text = dict[str, str]  # {"en": ..., "es": ...}


# ----------------------------------------------------------------------------------------------
# "Your care team" flyer (patient-facing)

FLYER: dict[str, Text] = {
    "title": {"en": "Your care team",
              "es": "Su equipo de atención"},
    "intro": {"en": "A team will help you feel better. Here is who is on it and how to reach us.",
              "es": "Un equipo le ayudará a sentirse mejor. Aquí verá quiénes son y cómo comunicarse con nosotros."},
    "team_heading": {"en": "Who is on your team",
                     "es": "Quiénes forman parte de su equipo"},
    "reach_heading": {"en": "How to reach your care manager",
                      "es": "Cómo comunicarse con su coordinador/a de atención"},
    "care_manager": {"en": "Care manager",
                     "es": "Coordinador/a de atención"},
    "phone": {"en": "Phone and hours",
              "es": "Teléfono y horario"},
    "after_hours": {"en": "After hours",
                    "es": "Fuera del horario"},
    "blank": {"en": "______________________________",
              "es": "______________________________"},
    "crisis": {"en": "Thoughts of hurting yourself, or in crisis? Call or text 988 (Suicide & Crisis Lifeline), day "
                     "or night. In an emergency, call 911.",
               "es": "¿Piensa en hacerse daño o está en crisis? Llame o envíe un mensaje de texto al 988 (Línea de "
                     "Prevención del Suicidio y Crisis), de día o de noche; si llama, oprima el 2 para español. En "
                     "una emergencia, llame al 911."},
    "phq9_heading": {"en": "The questions we ask you each time (PHQ-9)",
                     "es": "Las preguntas que le hacemos cada vez (PHQ-9)"},
    "phq9_intro": {"en": "In the last 2 weeks, how often has each of these bothered you?",
                   "es": "En las últimas 2 semanas, ¿con qué frecuencia le ha molestado cada uno de estos problemas?"},
    "footer": {"en": "Keep this page near your phone.",
               "es": "Guarde esta hoja cerca de su teléfono."},
}

# The patient, named as a member of the team (always first on the flyer)
YOU: dict[str, Text] = {
    "name": {"en": "You",
             "es": "Usted"},
    "words": {"en": "The most important member of the team. You know best how you feel: tell us what helps, and "
                    "set your goals with us.",
              "es": "El miembro más importante del equipo. Usted sabe mejor que nadie cómo se siente: díganos qué le "
                    "ayuda y decida sus metas con nosotros."},
}

# Each roster role as a patient understands it: a short title and what the person does for the patient.
ROLE_TITLES: dict[str, Text] = {
    "PCP champion": {"en": "Primary care provider",
                     "es": "Proveedor de atención primaria"},
    "Behavioral health care manager": {"en": "Care manager",
                                       "es": "Coordinador/a de atención"},
    "Psychiatric consultant": {"en": "Psychiatric consultant",
                               "es": "Psiquiatra consultor/a"},
    "CIT lead": {"en": "Program lead",
                 "es": "Líder del programa"},
    "Other": {"en": "Care team member",
              "es": "Miembro del equipo de atención"},
}

ROLE_WORDS: dict[str, Text] = {  # printed after the person's name, under the role's title
    "PCP champion": {"en": "Leads your care, checks on your health and can prescribe medicine.",
                     "es": "Dirige su atención, revisa su salud y le puede recetar medicamentos."},
    "Behavioral health care manager": {
        "en": "Calls you regularly, asks short questions to see how you are doing, helps you feel better, and keeps "
              "your primary care provider informed.",
        "es": "Le llama con regularidad, le hace preguntas cortas para ver cómo está, le ayuda a sentirse mejor e "
              "informa a su proveedor de atención primaria."},
    "Psychiatric consultant": {"en": "A psychiatrist who advises your team, for example about medicines. You usually "
                                     "do not meet them.",
                               "es": "Psiquiatra que asesora a su equipo, por ejemplo, sobre medicamentos. Por lo "
                                     "general, usted no se reúne con esta persona."},
    "CIT lead": {"en": "Leads the care team program at the clinic and makes sure it works well for you.",
                 "es": "Dirige el programa del equipo de atención en la clínica y se asegura de que funcione bien "
                       "para usted."},
    "Other": {"en": "Part of your care team.",
              "es": "Forma parte de su equipo de atención."},
}

# Printed when no primary care provider is on the flyer, after a line to write the patient's own provider on.
PCP_WRITE_IN: Text = {"en": "Your own primary care provider leads your care, checks on your health and can "
                            "prescribe medicine.",
                      "es": "Su propio proveedor de atención primaria dirige su atención, revisa su salud y le puede "
                            "recetar medicamentos."}

# The PHQ-9's nine topics in short, in the order the questionnaire asks them (so a patient can follow along by
# phone; the care manager reads the questionnaire itself), and its four answers with their points.
PHQ9_TOPICS: tuple[Text, ...] = (
    {"en": "Little interest or pleasure in doing things",
     "es": "Poco interés o placer en hacer las cosas"},
    {"en": "Feeling down, sad or hopeless",
     "es": "Sentirse decaído/a, triste o sin esperanza"},
    {"en": "Trouble falling or staying asleep, or sleeping too much",
     "es": "Problemas para dormirse o para seguir dormido/a, o dormir demasiado"},
    {"en": "Feeling tired or having little energy",
     "es": "Sentirse cansado/a o con poca energía"},
    {"en": "Poor appetite or eating too much",
     "es": "Poco apetito o comer demasiado"},
    {"en": "Feeling bad about yourself, or that you are a failure or have let your family down",
     "es": "Sentirse mal consigo mismo/a, o sentir que es un fracaso o que le falló a su familia"},
    {"en": "Trouble keeping your mind on things, such as reading or watching TV",
     "es": "Dificultad para concentrarse, por ejemplo, al leer o ver la televisión"},
    {"en": "Moving or speaking very slowly, or being so restless that you move around a lot",
     "es": "Moverse o hablar muy despacio, o estar tan inquieto/a que se mueve mucho"},
    {"en": "Thoughts that you would be better off dead, or of hurting yourself",
     "es": "Pensamientos de que estaría mejor muerto/a, o de hacerse daño"},
)
PHQ9_ANSWERS: Text = {"en": "Not at all (0) · Several days (1) · More than half the days (2) · Nearly every day (3)",
                      "es": "Ningún día (0) · Varios días (1) · Más de la mitad de los días (2) · Casi todos los días "
                            "(3)"}


# ----------------------------------------------------------------------------------------------
# Verbal consent talking points (staff read them to the patient, in the patient's language)

# The six points every consent conversation covers. Ids are stable (saved scripts refer to them); the team may
# reword a point but never remove it. "label" names the point on the page and on the printed script.
CONSENT_REQUIRED: tuple[tuple[str, Text, Text], ...] = (
    ("primary-care",
     {"en": "Part of your primary care",
      "es": "Parte de su atención primaria"},
     {"en": "This program is part of your care here at the clinic. Your primary care provider stays in charge of "
            "your care.",
      "es": "Este programa es parte de su atención aquí en la clínica. Su proveedor de atención primaria sigue a "
            "cargo de su atención."}),
    ("team",
     {"en": "A team, with a consultant you usually do not meet",
      "es": "Un equipo, con un/a psiquiatra que por lo general no le atiende en persona"},
     {"en": "A small team works with you: your primary care provider, a care manager, and a psychiatric consultant "
            "who advises the team. The consultant reviews your care with the care manager and usually does not see "
            "you in person.",
      "es": "Un equipo pequeño trabaja con usted: su proveedor de atención primaria, su coordinador/a de atención y "
            "un/a psiquiatra consultor/a que asesora al equipo. Su psiquiatra consultor/a revisa su atención junto "
            "con su coordinador/a y, por lo general, no le atiende en persona."}),
    ("contact",
     {"en": "Regular contact and short questionnaires",
      "es": "Contacto regular y cuestionarios cortos"},
     {"en": "Your care manager will contact you regularly, in person, by phone or by video. Each time, you answer a "
            "few short questionnaires, so we can see how you are doing.",
      "es": "Su coordinador/a de atención se comunicará con usted con regularidad, en persona, por teléfono o por "
            "video. Cada vez, usted contestará algunos cuestionarios cortos para que podamos ver cómo está."}),
    ("sharing",
     {"en": "Information shared within the team",
      "es": "La información se comparte dentro del equipo"},
     {"en": "The members of your care team share information about your health with each other so they can help "
            "you. It stays within the team and is kept private, like the rest of your health record.",
      "es": "Los miembros de su equipo de atención comparten entre sí información sobre su salud para poder "
            "ayudarle. Esta información se queda dentro del equipo y se mantiene privada, como el resto de su "
            "expediente médico."}),
    ("cost",
     {"en": "A monthly cost share may apply",
      "es": "Es posible que haya un costo compartido cada mes"},
     {"en": "This care is billed to your insurance each month. You may have a copay or another cost share each "
            "month, as with other services. We can help you find out how much it would be.",
      "es": "Cada mes, esta atención se factura a su seguro médico. Es posible que usted tenga que pagar un copago u "
            "otro costo compartido cada mes, como con otros servicios. Podemos ayudarle a averiguar cuánto sería."}),
    ("stop",
     {"en": "You can stop at any time",
      "es": "Puede dejar el programa cuando quiera"},
     {"en": "Taking part is your choice. You can stop at any time: just tell your care manager or your primary care "
            "provider. Stopping does not change the rest of your care here.",
      "es": "Participar es su decisión. Puede dejar el programa en cualquier momento: solo dígaselo a su "
            "coordinador/a de atención o a su proveedor de atención primaria. Si deja el programa, el resto de su "
            "atención aquí no cambia."}),
)

CONSENT: dict[str, Text] = {
    "title": {"en": "Verbal consent: talking points",
              "es": "Consentimiento verbal: puntos para conversar"},
    "for_staff": {"en": "For staff inviting a patient to join Collaborative Care. Go over every point below in plain "
                        "words, in the patient's language, and answer any questions. Points marked \"required\" must "
                        "always be covered.",
                  "es": "Para el personal que invita a un paciente a participar en la atención colaborativa. Explique "
                        "todos los puntos de abajo en palabras sencillas, en el idioma del paciente, y conteste sus "
                        "preguntas. Los puntos marcados como \"obligatorio\" siempre se deben explicar."},
    "points_heading": {"en": "What to say",
                       "es": "Qué decir"},
    "required": {"en": "required",
                 "es": "obligatorio"},
    "added": {"en": "added by our clinic",
              "es": "agregado por nuestra clínica"},
    "ask": {"en": "Then ask: \u201cDo you have any questions? Would you like to join?\u201d Respect the answer, "
                  "whatever it is.",
            "es": "Luego pregunte: \u201c\u00bfTiene alguna pregunta? \u00bfLe gustaría participar?\u201d Respete "
                  "la respuesta, sea cual sea."},
    "chart_heading": {"en": "What to record in the chart",
                      "es": "Qué anotar en el expediente médico"},
    "clinic_note": {"en": "At our clinic: ",
                    "es": "En nuestra clínica: "},
}

CHART_RECORD: tuple[Text, ...] = (
    {"en": "The date the patient gave verbal consent.",
     "es": "La fecha en que el paciente dio su consentimiento verbal."},
    {"en": "Who obtained consent: name and role.",
     "es": "Quién obtuvo el consentimiento: nombre y cargo."},
    {"en": "That the monthly cost share (copay) was discussed.",
     "es": "Que se habló del costo compartido mensual (copago)."},
    {"en": "The language used, and whether an interpreter helped.",
     "es": "El idioma que se usó y si ayudó un intérprete."},
    {"en": "If the patient said no, record that too, and that they can join later.",
     "es": "Si el paciente no aceptó, anote eso también y que puede participar más adelante."},
)


# ----------------------------------------------------------------------------------------------
# PHQ-9 staff sheet: patients' common questions, answered in words staff can say

PHQ9_SHEET: dict[str, Text] = {
    "title": {"en": "Talking with patients about the PHQ-9",
              "es": "Cómo hablar con los pacientes sobre el PHQ-9"},
    "practice": {"en": "Practice first. Before you use this sheet, role-play these questions with a colleague, taking "
                       "turns as the patient. Keep the sheet at hand whenever you give the PHQ-9.",
                 "es": "Practique primero. Antes de usar esta hoja, ensaye estas preguntas con un/a colega y túrnense "
                       "en el papel del paciente. Tenga la hoja a la mano cada vez que aplique el PHQ-9."},
    "intro": {"en": "The PHQ-9 is a questionnaire of 9 short questions about how often, in the last 2 weeks, a person "
                    "has been bothered by common signs of depression. Below are questions patients often ask, with "
                    "answers you can give in your own words.",
              "es": "El PHQ-9 es un cuestionario de 9 preguntas cortas sobre con qué frecuencia, en las últimas 2 "
                    "semanas, a una persona le han molestado algunas señales comunes de la depresión. Abajo están "
                    "las preguntas que los pacientes hacen a menudo, con respuestas que usted puede dar con sus "
                    "propias palabras."},
    "score_column": {"en": "Score",
                     "es": "Puntaje"},
    "meaning_column": {"en": "Symptoms of depression",
                       "es": "Síntomas de depresión"},
    "staff_heading": {"en": "For staff: question 9",
                      "es": "Para el personal: la pregunta 9"},
    "staff_item9": {"en": "Any answer other than \"Not at all\" on question 9 (1 point or more) means a risk check "
                          "the same day, following the clinic's suicide-risk protocol. Tell the care manager or the "
                          "provider right away, before the visit or the call ends.",
                    "es": "Cualquier respuesta que no sea \"Ningún día\" en la pregunta 9 (1 punto o más) requiere "
                          "una evaluación del riesgo ese mismo día, según el protocolo de la clínica para el riesgo "
                          "de suicidio. Antes de que termine la consulta o la llamada, avise de inmediato al "
                          "proveedor o a su colega coordinador/a de atención."},
}

# (question, answer): the question in the patient's voice, the answer in words staff can say to the patient
PHQ9_QA: tuple[tuple[Text, Text], ...] = (
    ({"en": "Why am I being asked these questions?",
      "es": "¿Por qué me hacen estas preguntas?"},
     {"en": "We ask many of our patients, because depression is common and it can be treated. Your answers help us "
            "understand how you feel and choose the care that fits you.",
      "es": "Se las hacemos a muchos de nuestros pacientes, porque la depresión es común y tiene tratamiento. Sus "
            "respuestas nos ayudan a entender cómo se siente y a elegir la atención que más le conviene."}),
    ({"en": "Who will see my answers?",
      "es": "¿Quién va a ver mis respuestas?"},
     {"en": "Your care team: your primary care provider, your care manager and the psychiatric consultant who "
            "advises them. Your answers go in your health record and are kept private, like the rest of it.",
      "es": "Su equipo de atención: su proveedor de atención primaria, su coordinador/a de atención y su "
            "psiquiatra consultor/a, que asesora al equipo. Sus respuestas se guardan en su expediente médico y se "
            "mantienen privadas, como el resto del expediente."}),
    ({"en": "What does my score mean?",
      "es": "¿Qué significa mi puntaje?"},
     {"en": "Each answer is worth 0 to 3 points, so the total is between 0 and 27. A higher score means more "
            "symptoms. A score alone is not a diagnosis: your provider will talk with you about what it means for "
            "you.",
      "es": "Cada respuesta vale de 0 a 3 puntos, así que el total va de 0 a 27. Un puntaje más alto significa más "
            "síntomas. El puntaje por sí solo no es un diagnóstico: su proveedor hablará con usted sobre lo que "
            "significa en su caso."}),
    ({"en": "Why do you ask about hurting myself?",
      "es": "¿Por qué me preguntan si he pensado en hacerme daño?"},
     {"en": "We ask everyone this question. Thoughts like these are more common than people think, and help is "
            "available. Asking about them does not put the idea in your head.",
      "es": "Le hacemos esta pregunta a todas las personas. Estos pensamientos son más comunes de lo que la gente "
            "cree, y hay ayuda. Preguntar sobre ellos no le pone la idea en la cabeza."}),
    ({"en": "What happens if I answer yes?",
      "es": "¿Qué pasa si contesto que sí?"},
     {"en": "Someone on your team talks with you the same day, in person or by phone, to see how safe you are and to "
            "make a plan with you. This is a routine step to keep you safe. You are not in trouble.",
      "es": "Alguien de su equipo hablará con usted ese mismo día, en persona o por teléfono, para ver si usted "
            "está a salvo y hacer un plan con usted. Es un paso de rutina para protegerle. Usted no ha hecho "
            "nada malo."}),
    ({"en": "Why do you ask me again each time?",
      "es": "¿Por qué me hacen las mismas preguntas cada vez?"},
     {"en": "Your answers show us whether your treatment is working. If your score does not go down after a few "
            "weeks, your team will change the plan with you.",
      "es": "Sus respuestas nos muestran si su tratamiento está funcionando. Si su puntaje no baja después de "
            "algunas semanas, su equipo cambiará el plan junto con usted."}),
    ({"en": "Can I say no?",
      "es": "¿Puedo decir que no?"},
     {"en": "Yes. Answering is your choice, and your care does not depend on it. Your answers do help the team see "
            "how you are doing, so we may ask what makes it hard and how we can help.",
      "es": "Sí. Contestar es su decisión, y su atención no depende de eso. Sus respuestas sí ayudan al equipo a ver "
            "cómo está, así que tal vez le preguntemos qué le hace difícil contestar y cómo le podemos ayudar."}),
    ({"en": "What if I do not understand a question?",
      "es": "¿Y si no entiendo una pregunta?"},
     {"en": "I can read the questions aloud, explain them, or get an interpreter. There are no right or wrong "
            "answers.",
      "es": "Le puedo leer las preguntas en voz alta, explicárselas o conseguir un intérprete. No hay respuestas "
            "buenas ni malas."}),
)

# PHQ-9 total score bands: (lowest, highest, the symptoms' level)
PHQ9_BANDS: tuple[tuple[int, int, Text], ...] = (
    (0, 4, {"en": "Minimal", "es": "Mínimos"}),
    (5, 9, {"en": "Mild", "es": "Leves"}),
    (10, 14, {"en": "Moderate", "es": "Moderados"}),
    (15, 19, {"en": "Moderately severe", "es": "Moderadamente graves"}),
    (20, 27, {"en": "Severe", "es": "Graves"}),
)


def t(entry: Text, lang: str) -> str:
    """One entry in one language (English when a language is missing, which a test forbids)."""
    return entry.get(lang) or entry["en"]


def every_text() -> list[Text]:
    """Every bilingual entry in this module (the tests check each has both languages, and a reviewer can list them)."""
    out: list[Text] = [*FLYER.values(), *YOU.values(), *ROLE_TITLES.values(), *ROLE_WORDS.values(), PCP_WRITE_IN,
                       *PHQ9_TOPICS, PHQ9_ANSWERS, *CONSENT.values(), *CHART_RECORD, *PHQ9_SHEET.values(),
                       *(b[2] for b in PHQ9_BANDS)]
    for _, label, text in CONSENT_REQUIRED:
        out += [label, text]
    for q, a in PHQ9_QA:
        out += [q, a]
    return out
