"""The llama.cpp runtime: a separate OS process and the client that talks to it."""
