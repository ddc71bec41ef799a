"""Agents: a model that plans, acts and observes over tools until it can answer.

``loop.AgentRun`` drives one task on a conversation through the engine seam: each step is a
generation that may call tools (native tool calls, or the runtime's ReAct step for models
without them), its calls run as the tool loop runs them, and each step is stored before the
next begins. Budgets (``budget.py``) end a task; the model is then asked once for an answer
without tools. Old observations are shortened, then dropped, when the context fills
(``observations.py``). Tools over documents and past chats are in ``doc_tools.py`` and
``chat_tools.py``. No Qt here.
"""
