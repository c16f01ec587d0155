"""Dify, the company's LLM platform: meeting summaries and speech-to-text (docs/dify.md).

No FastAPI here except ApiError: the routes are in api/routes/ai.py.
"""
