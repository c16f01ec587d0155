"""OpenCC conversion of Whisper's Chinese output (whisper.chineseScript), on known strings."""

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import WorkerProcess
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


@pytest.fixture(scope="module")
def mandarin_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Mandarin from espeak-ng. Its `cmn` voice reads Chinese characters with English sounds
    here, so the sentence is given in pinyin (今天我们讨论软件开发的问题...)."""
    raw = tmp_path_factory.mktemp("zh") / "raw.wav"
    pinyin = (
        "jin1 tian1 wo3 men5 tao3 lun4 ruan3 jian4 kai1 fa1 de5 wen4 ti2. "
        "qing3 da4 jia1 zhun3 bei4 hui4 yi4 zi1 liao4."
    )
    subprocess.run(
        ["espeak-ng", "-v", "cmn-latn-pinyin", "-s", "130", "-w", str(raw), pinyin], check=True
    )
    wav = raw.with_name("mandarin.wav")
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav)], check=True)
    return wav


def _transcribe_as(
    ready_worker: Callable[..., WorkerProcess], model: Path, wav: Path, script: str
) -> str:
    """The worker's text for `wav`, tried up to 4 times until Whisper writes Chinese at all: on
    this synthetic Mandarin its temperature fallback samples, and now and then it writes Greek or
    Thai letters instead, which says nothing about the conversion."""
    settings = {"model": str(model), "offline": True, "device": "cpu", "language": "zh"}
    w = ready_worker({**settings, "chineseScript": script})
    texts = []
    for attempt in range(4):
        w.write({"id": f"t{attempt}", "op": "transcribe", "path": str(wav)})
        result = w.until_done(f"t{attempt}", timeout=240)
        assert result["event"] == "result", result
        assert result["language"] == "zh"
        texts.append(str(result["text"]))
        if _is_chinese(texts[-1]):
            break
    w.close()
    assert _is_chinese(texts[-1]), f"Whisper wrote no Chinese in 4 tries: {texts}"
    return texts[-1]


def _is_chinese(text: str) -> bool:
    return sum("\u4e00" <= c <= "\u9fff" for c in text) >= 4


@pytest.mark.timeout(600)
def test_the_worker_writes_chinese_speech_in_the_chosen_script(
    ready_worker: Callable[..., WorkerProcess], multilingual_model_dir: Path, mandarin_wav: Path
) -> None:
    """Whisper base on espeak-ng Mandarin writes Chinese with many errors, in mixed scripts, and
    not the same text each run (its temperature fallback samples), so what is checked is the
    script of the text the worker returns, not the words."""
    model, wav = multilingual_model_dir, mandarin_wav
    traditional = _transcribe_as(ready_worker, model, wav, "traditional")
    simplified = _transcribe_as(ready_worker, model, wav, "simplified")
    print(f"traditional {traditional!r}\nsimplified {simplified!r}")
    # Traditional characters, and no Simplified ones left (converting again changes nothing).
    assert to_script(traditional, "zh", "simplified") != traditional
    assert to_script(traditional, "zh", "traditional") == traditional
    assert to_script(simplified, "zh", "simplified") == simplified
