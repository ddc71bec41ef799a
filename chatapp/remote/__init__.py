"""The remote engine: models served by another program over the OpenAI chat-completions API.

``RemoteEngine`` implements ``chatapp.core.engine.Engine`` over HTTP (llama-server, Ollama,
LM Studio, vLLM, llama-cpp-python's server, Kotoba's own ``chatapp serve``). Saved servers and
their API keys live in ``servers`` and ``keys``. No Qt here.
"""
