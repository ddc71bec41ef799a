"""Which of llama-cpp-python's multimodal chat handlers a vision model needs.

Every handler loads the projector the same way (its mtmd context); they differ in the chat
format they bring for model files that carry none (LLaVA 1.5 and 1.6, Moondream, MiniCPM-V,
Qwen2.5-VL's handler). Files with their own template (Gemma 3, SmolVLM, Qwen2.5-VL GGUFs of
today) use it, through the generic ``MTMDChatHandler`` where no family handler exists. The
choice goes by the projector type the mmproj file declares and the text model's architecture.
"""

from __future__ import annotations

from llama_cpp import llama_chat_format as formats

from chatapp.core.images.projector import QWEN_TYPES, ProjectorInfo

HandlerClass = type


def handler_class(info: ProjectorInfo, text_arch: str) -> HandlerClass:
    kind = info.projector_type
    name = info.name.lower()
    if kind in QWEN_TYPES:
        return formats.Qwen25VLChatHandler
    if kind == "resampler":
        return formats.MiniCPMv26ChatHandler
    if kind == "gemma4v":
        return formats.Gemma4ChatHandler
    if kind in ("mlp", "mlp_norm", "ldp", "ldpv2"):
        if "moondream" in name or text_arch == "phi2":
            return formats.MoondreamChatHandler
        if "nanollava" in name or (text_arch == "qwen2" and "llava" in name):
            return formats.NanoLlavaChatHandler
        if info.grid:
            return formats.Llava16ChatHandler
        return formats.Llava15ChatHandler
    # gemma3, idefics3 (SmolVLM), pixtral, internvl, lfm2… carry their own template.
    return formats.MTMDChatHandler


def handler_template(cls: HandlerClass) -> str | None:
    """The handler's own chat format (for files without one); None for MTMDChatHandler, which
    renders the file's template."""
    template = getattr(cls, "CHAT_FORMAT", None)
    return template if isinstance(template, str) else None
