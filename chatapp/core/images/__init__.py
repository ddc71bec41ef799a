"""Images attached to messages: untrusted decoding with limits, content-hash storage, and
what a vision model's projector makes of them (docs/images.md)."""
