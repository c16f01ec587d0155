import pytest
from meeting_transcriber.settings import InvalidSettings, WhisperSettings, parse_settings


def test_defaults_match_config_example() -> None:
    s = parse_settings("{}")
    assert s == WhisperSettings()
    assert (s.model, s.device, s.compute_type, s.language) == ("small", "auto", "int8", "auto")
    assert (s.download_root, s.hub_endpoint, s.offline) == ("", "", False)


def test_accepts_whole_settings_object_with_whisper_section() -> None:
    line = '{"launchToken":"x","whisper":{"model":"tiny","hubEndpoint":"https://mirror.example/"}}'
    s = parse_settings(line)
    assert s.model == "tiny"
    assert s.hub_endpoint == "https://mirror.example"


def test_reports_every_problem_with_its_path() -> None:
    line = '{"model":"","device":"tpu","hubEndpoint":"ftp://x","colour":"red"}'
    with pytest.raises(InvalidSettings) as info:
        parse_settings(line)
    text = str(info.value)
    for path in ("whisper.model", "whisper.device", "whisper.hubEndpoint", "whisper.colour"):
        assert path in text


@pytest.mark.parametrize("line", ["not json", "[1,2]", '"text"'])
def test_rejects_non_objects(line: str) -> None:
    with pytest.raises(InvalidSettings):
        parse_settings(line)


def test_bare_section_may_carry_the_launch_token() -> None:
    assert parse_settings('{"model":"tiny","launchToken":"abc"}').model == "tiny"


def test_chinese_script_defaults_to_traditional_and_rejects_other_values() -> None:
    assert parse_settings("{}").chinese_script == "traditional"
    assert parse_settings('{"chineseScript":"as-is"}').chinese_script == "as-is"
    with pytest.raises(InvalidSettings) as info:
        parse_settings('{"chineseScript":"pinyin"}')
    assert "whisper.chineseScript" in str(info.value)
