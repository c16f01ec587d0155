"""Chinese output in the script the user chose (`whisper.chineseScript`), with OpenCC.

Whisper often writes Simplified characters even for Taiwanese speakers; `traditional` converts
with OpenCC's `s2twp` (Traditional characters with Taiwan phrasing: 软件 → 軟體).
"""

import functools
from typing import Any, Literal

ChineseScript = Literal["traditional", "simplified", "as-is"]
CHINESE_LANGUAGES = frozenset({"zh"})  # Whisper's code for Mandarin Chinese
_CONFIGS: dict[ChineseScript, str] = {"traditional": "s2twp", "simplified": "t2s"}


@functools.cache
def _converter(config: str) -> Any:
    import opencc  # a native library with its dictionaries: loaded only for Chinese text

    return opencc.OpenCC(config)


def to_script(text: str, language: str | None, script: ChineseScript) -> str:
    """`text` in `script` when `language` is Chinese; any other text unchanged."""
    if language not in CHINESE_LANGUAGES or script == "as-is" or not text:
        return text
    return str(_converter(_CONFIGS[script]).convert(text))
