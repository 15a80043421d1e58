"""A coding command without a coder says so in one line, as every other error does."""


def test_missing_coder_is_one_line_with_exit_2(cli, demo_copy, monkeypatch):
    monkeypatch.delenv("QUALKIT_CODER", raising=False)
    result = cli("code", demo_copy, "se-d-08", "0", "10", "bemotande")
    assert result.exit_code == 2
    assert result.stderr == "error: who codes? give --coder NAME or set QUALKIT_CODER\n"
    assert result.stdout == ""


def test_other_missing_arguments_keep_clicks_usage_message(cli, demo_copy):
    result = cli("code", demo_copy, "se-d-08", "0", "10", "--coder", "anna")
    assert result.exit_code == 2
    assert "Missing argument 'CODE'" in result.stderr
