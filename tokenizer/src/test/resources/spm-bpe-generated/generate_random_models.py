#!/usr/bin/python3.11
"""Generates random small SentencePiece BPE models and encodes random texts with the real library.

Run with the Debian python3-sentencepiece (0.1.97): /usr/bin/python3.11 generate_random_models.py
Writes random_models.json: a list of models, each with pieces/scores/types/unk_id/byte_fallback and
cases [{text, ids, pieces}] from SentencePieceProcessor.encode(text, out_type=int|str).
The ModelProto is serialized by hand (no protobuf module needed) with an identity normalizer
(no dummy prefix, no whitespace handling), so the text given to encode is exactly the text the
BPE model sees. Fixed seed: the output is reproducible.
"""
import json
import random
import struct

import sentencepiece as spm

NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6
TYPE_NAMES = {1: "NORMAL", 2: "UNKNOWN", 3: "CONTROL", 4: "USER_DEFINED", 5: "UNUSED", 6: "BYTE"}


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_varint(no, value):
    return varint(no << 3) + varint(value)


def field_bytes(no, data):
    return varint((no << 3) | 2) + varint(len(data)) + data


def field_float(no, value):
    return varint((no << 3) | 5) + struct.pack("<f", value)


def model_proto(pieces, scores, types, unk_id, byte_fallback):
    out = bytearray()
    for p, s, t in zip(pieces, scores, types):
        out += field_bytes(1, field_bytes(1, p.encode("utf-8")) + field_float(2, s) + field_varint(3, t))
    trainer = field_varint(3, 2) + field_varint(4, len(pieces)) + field_varint(35, 1 if byte_fallback else 0) \
        + field_varint(40, unk_id) + field_varint(41, 1) + field_varint(42, 2) + field_varint(43, 0xFFFFFFFFFFFFFFFF)
    out += field_bytes(2, trainer)
    normalizer = field_bytes(1, b"identity") + field_varint(3, 0) + field_varint(4, 0) + field_varint(5, 0)
    out += field_bytes(3, normalizer)
    return bytes(out)


def random_model(rng, alphabet, n_merged, byte_fallback, unused_rate, user_defined):
    pieces = ["<unk>", "<s>", "</s>"]
    types = [UNKNOWN, CONTROL, CONTROL]
    if byte_fallback:
        for b in range(256):
            pieces.append("<0x%02X>" % b)
            types.append(BYTE)
    for u in user_defined:
        pieces.append(u)
        types.append(USER_DEFINED)
    symbols = list(alphabet)
    for c in alphabet:
        pieces.append(c)
        types.append(NORMAL)
    tries = 0
    while len(symbols) < len(alphabet) + n_merged and tries < 10000:
        tries += 1
        merged = rng.choice(symbols) + rng.choice(symbols)
        if merged in pieces or len(merged) > 8:
            continue
        symbols.append(merged)
        pieces.append(merged)
        types.append(UNUSED if rng.random() < unused_rate else NORMAL)
    # Few distinct scores so that ties (broken by position) are frequent.
    scores = [0.0 if t != NORMAL and t != UNUSED else -float(rng.randint(0, 6)) for t in types]
    return pieces, scores, types


def main():
    rng = random.Random(20240601)
    configs = [
        # alphabet, merged pieces, byte_fallback, unused rate, user-defined pieces, text alphabet
        ("abcd", 40, False, 0.0, [], "abcd"),
        ("abcd", 40, False, 0.3, [], "abcd"),
        ("abcde", 60, False, 0.4, [], "abcdexy"),
        ("abc", 30, False, 0.2, ["bca", "cc", "ccc"], "abcx"),
        ("ab\u00e9\u4e2d", 30, True, 0.2, [], "ab\u00e9\u4e2d\u00fc\U0001F600"),
        ("abc", 20, True, 0.3, ["ab"], "abcz\u00fc"),
        ("abcd", 50, False, 0.5, [], "abcd\u00e9\U0001F600"),
        # Many UNUSED pieces over a tiny alphabet: the same UNUSED string is often a merge candidate
        # at several places with different splits (rev_merge keeps the latest).
        ("ab", 14, False, 0.6, [], "ab"),
        ("abc", 25, False, 0.6, [], "abc"),
    ]
    models = []
    for alphabet, n_merged, byte_fallback, unused_rate, user_defined, text_alphabet in configs:
        pieces, scores, types = random_model(rng, alphabet, n_merged, byte_fallback, unused_rate, user_defined)
        sp = spm.SentencePieceProcessor()
        sp.LoadFromSerializedProto(model_proto(pieces, scores, types, 0, byte_fallback))
        texts = ["".join(rng.choice(text_alphabet) for _ in range(rng.randint(1, 30))) for _ in range(300)]
        texts += [alphabet * 3, text_alphabet[::-1] * 2, alphabet[0] * 17]
        cases = []
        for t in texts:
            cases.append({"text": t, "ids": sp.encode(t, out_type=int), "pieces": sp.encode(t, out_type=str)})
        models.append({"pieces": pieces, "scores": scores, "types": [TYPE_NAMES[t] for t in types],
                       "unk_id": 0, "byte_fallback": byte_fallback, "cases": cases})
    with open("random_models.json", "w", encoding="utf-8") as f:
        json.dump({"generator": "generate_random_models.py", "sentencepiece": spm.__version__,
                   "models": models}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
