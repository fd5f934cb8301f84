"""The engine: plans, storage with history, cross-worksheet rules, exports. No Streamlit here."""
