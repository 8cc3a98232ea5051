"""Fingerprints through Python: signatures as bytes and NumPy arrays, hashing helpers, banding."""

import pickle
import random

import numpy as np
import pytest

import crossdoc
from conftest import invented_article, near_copy


@pytest.fixture(scope="module")
def texts():
    rng = random.Random(11)
    base = invented_article(rng, "en", sentences=20)
    return base, near_copy(rng, base, "en", edits=3), invented_article(rng, "hi", sentences=20)


def test_signature_is_bytes_and_numpy(texts):
    h = crossdoc.MinHasher()
    sig = h.signature(texts[0])
    assert len(sig) == 128 and not sig.empty
    arr = np.asarray(sig)
    assert arr.dtype == np.uint32 and arr.shape == (128,)
    assert not arr.flags.writeable
    assert list(arr) == list(sig) == [sig[i] for i in range(128)]
    raw = bytes(sig)
    assert raw == sig.to_bytes() and len(raw) == 4 * 128
    assert np.frombuffer(raw, dtype="<u4").tolist() == arr.tolist()
    assert crossdoc.Signature(raw) == sig == crossdoc.Signature.from_bytes(raw)
    assert crossdoc.Signature(arr) == sig == crossdoc.Signature(list(arr))
    assert hash(crossdoc.Signature(raw)) == hash(sig)
    copy = sig.to_numpy()
    copy[0] ^= 1
    assert crossdoc.Signature(copy) != sig
    with pytest.raises(ValueError):
        crossdoc.Signature(b"abc")


def test_signatures_pickle(texts):
    sig = crossdoc.MinHasher().signature(texts[0])
    assert pickle.loads(pickle.dumps(sig)) == sig
    sketch = crossdoc.Index(verification="exact_jaccard").sketch("d", texts[0],
                                                                published="2024-01-02")
    back = pickle.loads(pickle.dumps(sketch))
    assert back.id == "d" and back.signature == sketch.signature
    assert back.shingles.tolist() == sketch.shingles.tolist() and len(back.shingles) > 0
    assert back.published == sketch.published


def test_similar_texts_have_similar_signatures(texts):
    h = crossdoc.MinHasher()
    a, b, c = (h.signature(t) for t in texts)
    assert a.jaccard(b) > 0.7
    assert a.jaccard(c) < 0.1
    assert crossdoc.estimate_jaccard(a, b) == a.jaccard(b)
    # The estimate tracks the exact Jaccard of the shingle sets.
    keys = [crossdoc.analyze(t).keys() for t in texts[:2]]
    sets = [crossdoc.shingle_set(crossdoc.hash_tokens(k), 5) for k in keys]
    exact = crossdoc.exact_jaccard(*sets)
    assert abs(exact - a.jaccard(b)) < 0.15
    assert crossdoc.containment(sets[0], sets[0]) == 1.0


def test_token_apis_agree_with_the_text_api(texts):
    h = crossdoc.MinHasher(num_hashes=64, shingle_size=3, seed=99)
    analyzed = crossdoc.analyze(texts[2])
    keys = analyzed.keys()
    assert h.signature(analyzed) == h.signature_of_tokens(keys)
    assert h.signature(texts[2]) == h.signature_of_hashes(crossdoc.hash_tokens(keys, seed=99))
    assert crossdoc.hash_token(keys[0], 99) == int(crossdoc.hash_tokens(keys[:1], 99)[0])
    assert len(crossdoc.shingle_hashes(crossdoc.hash_tokens(keys), 3)) == len(keys) - 2
    assert len(h.signature(texts[2])) == 64
    assert h.signature("").empty


def test_batch_signatures(texts):
    h = crossdoc.MinHasher()
    many = h.signatures(list(texts) * 4, threads=2)
    assert many == [h.signature(t) for t in texts] * 4
    matrix = h.signatures(list(texts), as_array=True)
    assert matrix.shape == (3, 128) and matrix.dtype == np.uint32
    assert matrix[1].tolist() == list(many[1])


def test_fingerprint_document_and_sentences(texts):
    text = "पहला वाक्य यहाँ है। Second sentence here! और तीसरा?"
    fp = crossdoc.fingerprint(text)
    assert len(fp.exact) == 32 and fp.word_count == 9
    assert fp.minhash == crossdoc.MinHasher().signature(text)
    assert len(fp.sentences) == 3
    for s in fp.sentences:
        c0, c1 = s.char_span
        assert text[c0:c1] == crossdoc.analyze(text).sentences[s.sentence].text
        assert len(s.minhash) == 32
    # Same words, different punctuation and case: same exact fingerprint.
    assert crossdoc.fingerprint("Hello, World!").exact == crossdoc.fingerprint("hello world").exact
    assert crossdoc.fingerprint("hello world").exact == crossdoc.exact_fingerprint(["hello", "world"])
    assert crossdoc.hamming_distance(crossdoc.fingerprint(texts[0]).simhash,
                                     crossdoc.fingerprint(texts[1]).simhash) < 20
    many = crossdoc.fingerprint_many(list(texts), threads=2, sentences=False)
    assert [f.exact for f in many] == [crossdoc.fingerprint(t).exact for t in texts]
    assert all(f.sentences == [] for f in many)


def test_bad_options_raise_input_error():
    with pytest.raises(crossdoc.InputError, match="num_hashes"):
        crossdoc.MinHasher(num_hashes=0)
    with pytest.raises(crossdoc.InputError):
        crossdoc.MinHasher(shingle_size=100)
    with pytest.raises(crossdoc.InputError):
        crossdoc.derive_lsh_parameters(1.5)


def test_banding(texts):
    bands, rows = crossdoc.derive_lsh_parameters(0.8, 128)
    assert bands * rows <= 128
    assert crossdoc.candidate_probability(0.8, bands, rows) >= 0.995
    h = crossdoc.MinHasher()
    a, b, c = (h.signature(t) for t in texts)
    ka, kb, kc = (s.band_keys(bands, rows) for s in (a, b, c))
    assert ka.dtype == np.uint64 and len(ka) == bands
    assert (ka == kb).any()
    assert not (ka == kc).any()
    assert crossdoc.band_keys(bytes(a), bands, rows).tolist() == ka.tolist()
    assert crossdoc.simhash(crossdoc.hash_tokens(["a", "b", "c"])) >= 0
