"""Helpers shared by the backend tests: real sidecar processes and small fake servers."""
