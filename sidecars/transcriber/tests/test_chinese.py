"""OpenCC conversion of Whisper's Chinese output (whisper.chineseScript), on known strings."""

import pytest
from meeting_transcriber.chinese import to_script

SIMPLIFIED = "我们在软件会议上讨论了内存和网络的问题，请准备资料。"  # noqa: RUF001 (Chinese punctuation)
# s2twp: Traditional characters and Taiwan phrasing (软件 → 軟體, 内存 → 記憶體, 网络 → 網路),
# which plain character conversion (s2t: 軟件, 內存, 網絡) does not give.
TAIWAN = "我們在軟體會議上討論了記憶體和網路的問題，請準備資料。"  # noqa: RUF001


def test_simplified_output_becomes_traditional_with_taiwan_phrasing() -> None:
    assert to_script(SIMPLIFIED, "zh", "traditional") == TAIWAN


def test_traditional_text_stays_as_it_is_when_traditional_is_chosen() -> None:
    assert to_script(TAIWAN, "zh", "traditional") == TAIWAN


def test_simplified_setting_converts_traditional_output_to_simplified() -> None:
    assert to_script("我們討論會議記錄", "zh", "simplified") == "我们讨论会议记录"


@pytest.mark.parametrize("language", ["en", "ja", None])
def test_other_languages_are_never_converted(language: str | None) -> None:
    # Japanese kanji must not be "converted" (会議 is Japanese as written).
    assert to_script("会議の内容", language, "traditional") == "会議の内容"


def test_as_is_leaves_chinese_untouched() -> None:
    assert to_script(SIMPLIFIED, "zh", "as-is") == SIMPLIFIED
