"""Kotoba as an OpenAI-compatible server: ``/v1/models``, ``/v1/chat/completions``,
``/v1/embeddings``, over any ``Engine`` (``chatapp serve`` and Preferences use the local runtime
process). The standard library's threading HTTP server: no new dependency in the frozen app.
"""
