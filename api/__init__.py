"""The doors: the GraphQL schema, the Starlette app, the CLI. No business rule lives here."""
