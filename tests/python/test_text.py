"""Text stage through Python: analysis, spans in bytes and code points, normalization, errors."""

import pytest

import crossdoc

MIXED = ("भारत-कजाकिस्तान संयुक्त कार्य समूह (जेडब्ल्यूजी) की बैठक सोमवार को हुई। "
         "The JWG met in Astana on Monday, officials said.\nUpdated 3 hours ago")


def test_sentences_and_tokens_point_at_the_original_text():
    t = crossdoc.analyze(MIXED)
    assert t.text == MIXED
    assert len(t) == len(MIXED)
    data = MIXED.encode()
    assert t.data == data
    assert len(t.sentences) >= 2
    for s in t.sentences:
        b0, b1 = s.span
        c0, c1 = s.char_span
        assert data[b0:b1].decode() == s.text
        assert MIXED[c0:c1] == s.text
    for tok in t.tokens:
        c0, c1 = tok.char_span
        assert MIXED[c0:c1] == tok.text
        assert data[tok.span[0]:tok.span[1]].decode() == tok.text
        assert tok.kind in ("word", "number", "punctuation", "other")
    words = [tok.text for tok in t.tokens if tok.is_word_like]
    assert "कजाकिस्तान" in words and "Astana" in words


def test_cross_script_keys_and_flags():
    t = crossdoc.analyze("जेडब्ल्यूजी और JWG, एससीओ और SCO")
    by_text = {tok.text: tok for tok in t.tokens}
    assert by_text["जेडब्ल्यूजी"].key == by_text["JWG"].key == "jwg"
    assert by_text["एससीओ"].key == by_text["SCO"].key
    assert by_text["एससीओ"].acronym_key and by_text["SCO"].all_caps
    assert by_text["SCO"].latin and by_text["एससीओ"].devanagari
    assert t.keys()[:3] == ["jwg", by_text["और"].key, "jwg"]


def test_joined_words_and_headline_lines():
    t = crossdoc.analyze("भारत-कजाकिस्तान वार्ता\nदोनों देशों ने बैठक की।")
    first = t.tokens[0]
    assert first.text == "भारत" and first.joined_to_next
    assert t.sentences[0].headline and not t.sentences[1].headline
    assert [tok.text for tok in t.sentences[1].tokens][0] == "दोनों"


def test_normalize_folds_for_matching_only():
    assert crossdoc.normalize("२०२४ ABC") == "2024 abc"
    n = crossdoc.normalize("ज़्यादा")  # nukta dropped
    assert "\u093c" not in n
    assert crossdoc.normalize(n) == n
    assert crossdoc.normalize(b"Hello") == "hello"


def test_acronyms_and_transliteration():
    assert crossdoc.decode_acronym("एससीओ") == "sco"
    assert crossdoc.decode_acronym("भारत") is None
    latin = crossdoc.transliterate("Казахстан")
    assert latin.isascii() and latin.startswith("kaza")


def test_invalid_utf8_is_an_input_error_with_the_offset():
    bad = "नमस्ते".encode() + b"\xff\xfe" + b" world"
    with pytest.raises(crossdoc.InputError) as info:
        crossdoc.analyze(bad)
    assert isinstance(info.value, ValueError)
    assert info.value.offset == len("नमस्ते".encode())
    assert f"byte offset {info.value.offset}" in str(info.value)
    assert crossdoc.find_invalid_utf8(bad) == info.value.offset
    assert crossdoc.find_invalid_utf8("ok".encode()) is None


def test_lenient_mode_reports_repairs_and_keeps_code_point_spans_consistent():
    bad = "नमस्ते".encode() + b"\xff\xe0\x80" + " दुनिया world".encode()
    t = crossdoc.Analyzer(lenient_utf8=True).analyze(bad)
    assert t.data == bad
    assert t.repairs and t.repairs[0][0] == len("नमस्ते".encode())
    # The str view decodes bad bytes as surrogate escapes, one code point per byte, and every
    # char_span slices that str.
    text = bad.decode("utf-8", "surrogateescape")
    assert t.text == text
    for tok in t.tokens:
        c0, c1 = tok.char_span
        assert text[c0:c1] == tok.text
    assert [tok.text for tok in t.tokens if tok.is_word_like][-2:] == ["दुनिया", "world"]
    # The str round-trips to the same bytes.
    assert crossdoc.Analyzer(lenient_utf8=True).analyze(text).data == bad


def test_text_size_limit():
    with pytest.raises(ValueError, match="exceeds the limit"):
        crossdoc.Analyzer(max_text_bytes=10).analyze("a" * 11)


def test_wrong_types_raise_type_error():
    with pytest.raises(TypeError):
        crossdoc.analyze(12)
    with pytest.raises(TypeError):
        crossdoc.dedup([12])


def test_analyze_many_matches_analyze_and_names_the_bad_text():
    texts = [MIXED, "दूसरा लेख यहाँ है।", "A third one."] * 5
    many = crossdoc.Analyzer().analyze_many(texts, threads=2)
    assert [m.text for m in many] == texts
    assert [len(m.tokens) for m in many] == [len(crossdoc.analyze(t).tokens) for t in texts]
    with pytest.raises(crossdoc.InputError, match="text 2"):
        crossdoc.Analyzer().analyze_many(["ok", "fine", b"\xc3("])


def test_document_fields_and_timestamps():
    import datetime
    d = crossdoc.Document("a1", "पाठ", source="Outlet", published="2024-04-10T08:22:00+05:30",
                          lang="hi")
    assert (d.id, d.text, d.source, d.lang) == ("a1", "पाठ", "Outlet", "hi")
    assert d.published == "2024-04-10T08:22:00+05:30"
    tz = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
    d.published = datetime.datetime(2024, 4, 10, 8, 22, tzinfo=tz)
    assert d.published == "2024-04-10T08:22:00+05:30"
    d.published = datetime.datetime(2024, 4, 10, 8, 22)  # naive = UTC
    assert d.published == "2024-04-10T08:22:00Z" or d.published.endswith("+00:00")
    d.published = None
    assert d.published is None
    assert crossdoc.Document.from_dict(d.to_dict()) == d
    with pytest.raises(crossdoc.InputError):
        crossdoc.Document("x", "y", published="10 April 2024")


def test_read_jsonl_and_text_files(tmp_path):
    good = tmp_path / "c.jsonl"
    good.write_text('{"id": "a", "text": "पहला", "source": "S"}\n\n'
                    '{"id": "b", "text": "second", "published": "2024-04-10"}\n', encoding="utf-8")
    docs = crossdoc.read_jsonl(str(good))
    assert [d.id for d in docs] == ["a", "b"] and docs[0].text == "पहला"
    assert docs[1].published.startswith("2024-04-10T00:00:00")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x"}\n{"id": "b", "text": 5}\n{"id": "c", "text": "z"}\n')
    with pytest.raises(crossdoc.InputError) as info:
        crossdoc.read_jsonl(str(bad))
    assert info.value.line == 2 and "bad.jsonl:2:" in str(info.value)
    assert [d.id for d in info.value.documents] == ["a"]
    errors = []
    docs = crossdoc.read_jsonl(str(bad), skip_bad_lines=True, errors=errors)
    assert [d.id for d in docs] == ["a", "c"]
    assert len(errors) == 1 and errors[0].line == 2 and errors[0].kind == "wrong field type"
    with pytest.raises(FileNotFoundError, match="nope.jsonl"):
        crossdoc.read_jsonl(str(tmp_path / "nope.jsonl"))
    article = tmp_path / "story.txt"
    article.write_bytes(b"\xef\xbb\xbfHeadline\nBody text.")
    d = crossdoc.read_text_file(str(article))
    assert d.id == "story.txt" and d.text == "Headline\nBody text."
    assert crossdoc.read_documents(article)[0].id == "story.txt"
    with pytest.raises(OSError):
        crossdoc.read_text_file(str(tmp_path / "missing.txt"))
