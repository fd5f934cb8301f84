"""About: what this is, where its content comes from, and what it never stores."""
import streamlit as st

from pages import ui
from pages.ui import identity

VERSION = "0.1.0"

st.title("About this workbook")
st.write("The Collaborative Care Implementation Workbook helps a primary care clinic's implementation team plan "
         "and run the Collaborative Care Model (CoCM) for depression, anxiety and other behavioral health "
         "conditions. It follows the five steps of the AIMS Center's implementation guide and connects its "
         "worksheets, so a gap found in one becomes an action in another.")
st.header("Source")
st.write("Adapted from: AIMS Center (2023). *Collaborative Care Implementation Guide*. University of Washington "
         "Department of Psychiatry and Behavioral Sciences, Advancing Integrated Mental Health Solutions (AIMS) "
         "Center. The guide may be used for non-commercial purposes with acknowledgment. Worksheet items in this "
         "app are our own adaptation, written in our own words; they are not the AIMS Center's worksheets.")
st.header("No patient data")
st.write(ui.NO_PATIENT_DATA + " The workbook holds plans, ratings, names of team members and program-level "
         "figures only. Each save records who saved it and when. A registry export "
         "uploaded on the Metric log is read in memory to count the month's figures; only those totals are saved, "
         "never a patient's row or id, and the file itself is dropped after the save. Handouts such as the "
         "relapse-prevention plan print blank, to be filled in on paper with the patient.")
st.header("Who can open a plan")
if identity.signin_on():
    st.write("This workbook runs behind your organisation's sign-in. Each person sees only the plans they were "
             "invited to, in their role: the lead manages who has access, editors change worksheets, viewers read "
             "and print. Every save is recorded under the signed-in person's name and email. The plan's lead "
             "manages access on **Access and audit**.")
else:
    st.write("Without sign-in, this workbook is for one team on one machine: anyone who can reach it can open, "
             "change or archive every plan, and each save is recorded under the name typed in the sidebar. "
             "Before putting it on a server others can reach, your IT team can turn on sign-in with your "
             "organisation's accounts (see the README, \"Sign-in with your identity provider\").")
st.header("Version")
st.write(f"Workbook version {VERSION}.")
ui.nav_buttons(ui.ABOUT)
