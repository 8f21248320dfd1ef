def test_two_characters_means_two_typed_characters():
    """NFKC turns ¾ into three characters; one typed character is still too short (the API's
    schema says the same, and schemathesis checks it)."""
    from xinyong.registry.search import parse

    assert not parse("\x11¾").usable
    assert parse("¾¾").usable
