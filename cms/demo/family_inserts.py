"""The family insert packed with every leave-behind kit, English and Spanish, all versions.

Versions are rows (language + version); the newest date is current and older versions stay
online, so a correction is a new version, never an edit. Written from shared/domain/FACTS.md.
"""

from __future__ import annotations

import datetime as dt

from cms.models import FamilyInsert

INSERT_EN = """
<h2>Someone may be overdosing if they</h2>
<ul><li>cannot be woken up, even if you shout or rub their breastbone hard</li><li>breathe slowly, make snoring or gurgling sounds, or stop breathing</li><li>have blue or grey lips or fingernails, and pale, clammy skin</li></ul>
<h2>What to do</h2>
<ol><li><b>Call 911.</b> Say: "Someone is not responding and not breathing." Give the address.</li>
<li><b>Give naloxone.</b> Lay the person on their back. Do not test the spray: each device has one dose. Put the nozzle in one nostril until your fingers touch the nose, and press the plunger firmly.</li>
<li><b>Help them breathe.</b> Tilt the head back, pinch the nose, give 2 breaths, then 1 breath every 5 seconds.</li>
<li><b>No response after 2 to 3 minutes?</b> Use a <b>new</b> device in the other nostril. Repeat every 2 to 3 minutes until they wake or help arrives.</li>
<li><b>Turn them on their side</b> (recovery position) so they do not choke. If you must leave, turn them on their side first.</li>
<li><b>Stay with them.</b> Naloxone wears off in 30 to 90 minutes and the overdose can come back. Tell them what happened when they wake up.</li></ol>
<p>Naloxone does not harm someone who has not taken opioids. It can cause withdrawal, which is unpleasant but not life-threatening. Do not slap the person, put them in cold water, or make them vomit.</p>
<h2>You are protected when you call 911</h2>
<p>New York's Good Samaritan law (Penal Law §220.78) protects the person who calls 911 for an overdose, and the person overdosing, from being charged with possessing drugs, drug paraphernalia or (under 21) alcohol found because of the call, even if drugs were shared. It does not cover selling drugs, outstanding warrants, probation or parole violations, or other crimes. Having naloxone cannot be used as evidence against you for drug-possession charges (Criminal Procedure Law §60.49).</p>
<h2>Help and more naloxone</h2>
<ul><li>New York's registered opioid overdose prevention programs give naloxone free. Pharmacies carry it too; with insurance, the state's N-CAP program pays up to $40 of the co-payment.</li>
<li>Treatment and support near you: see the card in this kit, or ask the officer.</li></ul>
"""

INSERT_ES = """
<h2>Una persona puede estar en sobredosis si</h2>
<ul><li>no se despierta, aunque le grite o le frote con fuerza el esternón</li><li>respira lento, ronca, hace ruidos de gárgaras o deja de respirar</li><li>tiene los labios o las uñas azules o grises, y la piel pálida y húmeda</li></ul>
<h2>Qué hacer</h2>
<ol><li><b>Llame al 911.</b> Diga: «Hay una persona que no responde y no respira». Dé la dirección.</li>
<li><b>Dé naloxona.</b> Acueste a la persona boca arriba. No pruebe el aerosol: cada dispositivo tiene una sola dosis. Ponga la punta en una fosa nasal hasta que sus dedos toquen la nariz y apriete el émbolo con firmeza.</li>
<li><b>Ayúdele a respirar.</b> Incline la cabeza hacia atrás, tape la nariz, dé 2 respiraciones y después 1 respiración cada 5 segundos.</li>
<li><b>¿No responde después de 2 a 3 minutos?</b> Use un dispositivo <b>nuevo</b> en la otra fosa nasal. Repita cada 2 a 3 minutos hasta que despierte o llegue ayuda.</li>
<li><b>Póngala de lado</b> (posición de recuperación) para que no se ahogue. Si tiene que irse, póngala de lado primero.</li>
<li><b>Quédese con ella.</b> La naloxona deja de hacer efecto en 30 a 90 minutos y la sobredosis puede volver. Cuando despierte, explíquele lo que pasó.</li></ol>
<p>La naloxona no hace daño a quien no ha tomado opioides. Puede causar síntomas de abstinencia, que son desagradables pero no ponen en peligro la vida. No abofetee a la persona, no la meta en agua fría y no la haga vomitar.</p>
<h2>Usted está protegido cuando llama al 911</h2>
<p>La ley del Buen Samaritano de Nueva York (Ley Penal §220.78) protege a quien llama al 911 por una sobredosis, y a la persona en sobredosis, de cargos por posesión de drogas, de parafernalia o (menores de 21 años) de alcohol encontrados por la llamada, aunque se hayan compartido drogas. No cubre la venta de drogas, las órdenes de arresto pendientes, las violaciones de libertad condicional o bajo palabra, ni otros delitos. Tener naloxona no se puede usar como prueba en su contra por posesión de drogas (Ley de Procedimiento Penal §60.49).</p>
<h2>Ayuda y más naloxona</h2>
<ul><li>Los programas registrados de prevención de sobredosis de opioides de Nueva York dan naloxona gratis. También la venden en farmacias; con seguro médico, el programa estatal N-CAP paga hasta $40 del copago.</li>
<li>Tratamiento y apoyo cerca de usted: vea la tarjeta de este kit o pregunte al agente.</li></ul>
"""

# Version 2026.2 (after the 2026-12 content review): CPR and the AED, one response order shared
# with the lesson, the card and the briefing (recovery position only once breathing), xylazine,
# no prescription needed, storage as printed on the label, HOPEline and 988. Source keys per line.
INSERT_EN_2026_2 = """
<h2>Someone may be overdosing if they</h2>
<ul><li>cannot be woken up, even if you shout or rub their breastbone hard</li><li>breathe slowly, make snoring or gurgling sounds, or stop breathing</li><li>have blue or grey lips or fingernails, and pale, clammy skin</li></ul>
<h2>What to do</h2>
<ol><li><b>Call 911.</b> Say: "Someone is not responding and not breathing." Give the address.</li>
<li><b>Not breathing normally? Start CPR.</b> Push hard and fast in the centre of the chest, and follow what the 911 operator tells you. If there is an AED nearby, use it.</li>
<li><b>Give naloxone.</b> Lay the person on their back. Do not prime or test the spray: each device has one dose. Put the nozzle in one nostril until your fingers touch the nose, and press the plunger firmly.</li>
<li><b>Keep going.</b> Keep up CPR with the person on their back. No response after 2 to 3 minutes? Use a <b>new</b> device in the other nostril. Repeat every 2 to 3 minutes until they wake or help arrives.</li>
<li><b>Breathing on their own? Turn them on their side</b> (recovery position) so they do not choke. If you must leave, turn them on their side first.</li>
<li><b>Stay with them.</b> Naloxone wears off in 30 to 90 minutes and the overdose can come back. Tell them what happened when they wake up.</li></ol>
<p>Naloxone does not harm someone who has not taken opioids. It can cause withdrawal, which is unpleasant but not life-threatening. It does not reverse xylazine (an animal sedative mixed into street drugs), alcohol or other sedatives: the person may stay sleepy, so keep helping them breathe until help arrives. Do not slap the person, put them in cold water, or make them vomit.</p>
<h2>You are protected when you call 911</h2>
<p>New York's Good Samaritan law (Penal Law §220.78) protects the person who calls 911 for an overdose, and the person overdosing, from being charged with possessing drugs, drug paraphernalia or (under 21) alcohol found because of the call, even if drugs were shared. It does not cover selling drugs, outstanding warrants, probation or parole violations, or other crimes. Having naloxone cannot be used as evidence against you for drug-possession charges (Criminal Procedure Law §60.49).</p>
<h2>Help and more naloxone</h2>
<ul><li><b>NYS HOPEline</b>, 24 hours a day, for addiction treatment and support: call <b>1-877-8-HOPENY</b> (1-877-846-7369) or text <b>HOPENY</b> (467369).</li>
<li><b>988</b> Suicide and Crisis Lifeline: call 988.</li>
<li>Registered overdose prevention programs give naloxone free. Pharmacies sell it without a prescription; with insurance, the state's N-CAP program pays up to $40 of the co-payment. Store it as its label says (not in a hot or freezing car) and replace it by the date on the label.</li>
<li>Treatment and support near you: see the card in this kit, or ask the officer.</li></ul>
"""
# Sources, in order: signs [S29][S33]; 911 wording [S17]; CPR, chest, AED, 911 operator [S51] (REVIEW-2026-12
# wording); device [S26]; repeat [S26][S51]; recovery position once breathing [S28][S51]; 30-90 min
# [S9][S28]; no harm, withdrawal, don'ts [S33][S25]; xylazine, stays sedated [S52]; alcohol [S25][S33];
# Good Samaritan [S16][S17]; CPL 60.49 [S18]; HOPEline, 988 [S55]; free via programs [S9];
# no prescription [S44][S56]; N-CAP [S19]; storage and date as on the label [S56][S43].

INSERT_ES_2026_2 = """
<h2>Una persona puede estar en sobredosis si</h2>
<ul><li>no se despierta, aunque le grite o le frote con fuerza el esternón</li><li>respira lento, ronca, hace ruidos de gárgaras o deja de respirar</li><li>tiene los labios o las uñas azules o grises, y la piel pálida y húmeda</li></ul>
<h2>Qué hacer</h2>
<ol><li><b>Llame al 911.</b> Diga: «Hay una persona que no responde y no respira». Dé la dirección.</li>
<li><b>¿No respira con normalidad? Empiece la RCP.</b> Empuje fuerte y rápido en el centro del pecho y siga las instrucciones de la operadora del 911. Si hay un DEA (desfibrilador) cerca, úselo.</li>
<li><b>Dé naloxona.</b> Acueste a la persona boca arriba. No cebe ni pruebe el aerosol: cada dispositivo tiene una sola dosis. Ponga la punta en una fosa nasal hasta que sus dedos toquen la nariz y apriete el émbolo con firmeza.</li>
<li><b>Siga.</b> Continúe la RCP con la persona boca arriba. ¿No responde después de 2 a 3 minutos? Use un dispositivo <b>nuevo</b> en la otra fosa nasal. Repita cada 2 a 3 minutos hasta que despierte o llegue ayuda.</li>
<li><b>¿Ya respira por sí misma? Póngala de lado</b> (posición de recuperación) para que no se ahogue. Si tiene que irse, póngala de lado primero.</li>
<li><b>Quédese con ella.</b> La naloxona deja de hacer efecto en 30 a 90 minutos y la sobredosis puede volver. Cuando despierte, explíquele lo que pasó.</li></ol>
<p>La naloxona no hace daño a quien no ha tomado opioides. Puede causar síntomas de abstinencia, que son desagradables pero no ponen en peligro la vida. No revierte la xilacina (un sedante para animales mezclado en drogas de la calle), el alcohol ni otros sedantes: la persona puede seguir adormecida, así que siga ayudándola a respirar hasta que llegue ayuda. No abofetee a la persona, no la meta en agua fría y no la haga vomitar.</p>
<h2>Usted está protegido cuando llama al 911</h2>
<p>La ley del Buen Samaritano de Nueva York (Ley Penal §220.78) protege a quien llama al 911 por una sobredosis, y a la persona en sobredosis, de cargos por posesión de drogas, de parafernalia o (menores de 21 años) de alcohol encontrados por la llamada, aunque se hayan compartido drogas. No cubre la venta de drogas, las órdenes de arresto pendientes, las violaciones de libertad condicional o bajo palabra, ni otros delitos. Tener naloxona no se puede usar como prueba en su contra por posesión de drogas (Ley de Procedimiento Penal §60.49).</p>
<h2>Ayuda y más naloxona</h2>
<ul><li><b>NYS HOPEline</b>, las 24 horas, para tratamiento y apoyo por adicciones: llame al <b>1-877-8-HOPENY</b> (1-877-846-7369) o envíe un mensaje de texto a <b>HOPENY</b> (467369).</li>
<li><b>988</b>, Línea de Prevención del Suicidio y Crisis: llame al 988.</li>
<li>Los programas registrados de prevención de sobredosis dan naloxona gratis. Las farmacias la venden sin receta; con seguro médico, el programa estatal N-CAP paga hasta $40 del copago. Guárdela como indica su etiqueta (no en un carro muy caliente o helado) y reemplácela antes de la fecha de la etiqueta.</li>
<li>Tratamiento y apoyo cerca de usted: vea la tarjeta de este kit o pregunte al agente.</li></ul>
"""  # Same facts and source keys as INSERT_EN_2026_2.

INSERTS = [
    ("en", "2025.1", dt.date(2025, 6, 1), "If someone overdoses: what to do",
     INSERT_EN.replace("<b>new</b> device", "new device"), "Keep this sheet with the naloxone."),
    ("en", "2026.1", dt.date(2026, 3, 1), "If someone overdoses: what to do", INSERT_EN,
     "Keep this sheet with the naloxone. Call 911 first."),
    ("es", "2026.1", dt.date(2026, 3, 1), "Si alguien tiene una sobredosis: qué hacer", INSERT_ES,
     "Guarde esta hoja con la naloxona. Llame primero al 911."),
    ("en", "2026.2", dt.date(2026, 12, 6), "If someone overdoses: what to do", INSERT_EN_2026_2,
     "Keep this sheet with the naloxone. Call 911 first."),
    ("es", "2026.2", dt.date(2026, 12, 6), "Si alguien tiene una sobredosis: qué hacer",
     INSERT_ES_2026_2, "Guarde esta hoja con la naloxona. Llame primero al 911."),
]  # fmt: skip


def load_family_inserts() -> int:
    created = 0
    for language, version, published_on, title, body, footer in INSERTS:
        _, was_created = FamilyInsert.objects.get_or_create(
            language=language,
            version=version,
            defaults={"published_on": published_on, "title": title, "body": body.strip(),
                      "footer": footer},
        )  # fmt: skip
        created += was_created
    return created
