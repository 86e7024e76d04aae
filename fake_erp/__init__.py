"""A Brightpearl-shaped fake ERP: a Flask app over a SQLite backend, for development and tests.

Layout after moto: thin HTTP handlers in `routes/`, the rules in `backend/` (no web imports),
errors that render as Brightpearl's, a `/_fake/` control plane, a threaded test server.
"""
