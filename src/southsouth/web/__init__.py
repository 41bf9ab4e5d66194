"""The web dashboard: server-rendered pages over the same features as the API.

Pages are Jinja2 templates rendered on the server, charts are SVG rendered by vl-convert,
and a small script swaps page fragments in place (forms work without it). Every page lives
under a language prefix (``/en/…``, ``/ar/…``).
"""
