"""Meetings: request/response schemas, numbering, visibility, and the service the routes call."""
