"""Sign-in through the company service, tokens (JWT HS256), roles and failed sign-in limits."""
