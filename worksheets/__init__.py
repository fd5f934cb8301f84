"""Worksheet content: catalogs (in our words), pydantic answer models and pure summaries.

Nothing here imports Streamlit, SQLAlchemy or reportlab, and nothing of ours above this layer.
"""
