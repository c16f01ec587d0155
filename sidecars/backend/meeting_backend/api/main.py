"""Collects every route module under the /api prefix."""

from fastapi import APIRouter

from meeting_backend.api.routes import health, setup

api_router = APIRouter(prefix="/api")
api_router.include_router(health.router)
api_router.include_router(setup.router)
