"""Server mode: `meeting-backend serve --config server.json`, the shared deployment IT runs."""
