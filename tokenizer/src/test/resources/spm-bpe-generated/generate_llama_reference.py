#!/usr/bin/python3.11
"""Encodes fixtures/bpe/llama-bpe/samples.json with fixtures/bpe/llama-bpe/spm.model using the real
SentencePiece library (Debian python3-sentencepiece 0.1.97), offline.

Run from this directory: /usr/bin/python3.11 generate_llama_reference.py
Writes llama_spm_expected.json: per sample `text`, `normalized` (the text the BPE model saw,
rebuilt from the pieces of EncodeAsSerializedProto: byte pieces <0xNN> turned back into their
bytes), `ids` and `pieces` (sp.encode(text, out_type=int|str), no BOS/EOS), and `same_as_hf`
(whether ids equal `ids_no_special` of llama-bpe/expected.json, which HF tokenizers produced from
tokenizer.json, a converted copy of this model).
"""
import json
import re

import sentencepiece as spm

FIXTURE = "../fixtures/bpe/llama-bpe/"


def varint(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def fields(b):
    i = 0
    while i < len(b):
        t, i = varint(b, i)
        f, w = t >> 3, t & 7
        if w == 0:
            v, i = varint(b, i)
        elif w == 2:
            n, i = varint(b, i)
            v = b[i:i + n]
            i += n
        elif w == 5:
            v = b[i:i + 4]
            i += 4
        elif w == 1:
            v = b[i:i + 8]
            i += 8
        else:
            raise ValueError("wire type %d" % w)
        yield f, v


def normalized_text(sp, text):
    out = bytearray()
    for f, v in fields(sp.EncodeAsSerializedProto(text)):
        if f != 2:
            continue
        piece = next(v2 for f2, v2 in fields(v) if f2 == 1).decode("utf-8")
        m = re.fullmatch(r"<0x([0-9A-F]{2})>", piece)
        out += bytes([int(m.group(1), 16)]) if m else piece.encode("utf-8")
    return out.decode("utf-8")


def main():
    sp = spm.SentencePieceProcessor(model_file=FIXTURE + "spm.model")
    samples = json.load(open(FIXTURE + "samples.json", encoding="utf-8"))
    hf = json.load(open(FIXTURE + "expected.json", encoding="utf-8"))
    cases = []
    for text, h in zip(samples, hf):
        assert h["text"] == text
        ids = sp.encode(text, out_type=int)
        cases.append({"text": text, "normalized": normalized_text(sp, text), "ids": ids,
                      "pieces": sp.encode(text, out_type=str), "same_as_hf": ids == h["ids_no_special"]})
    with open("llama_spm_expected.json", "w", encoding="utf-8") as f:
        json.dump({"generator": "generate_llama_reference.py", "sentencepiece": spm.__version__,
                   "model": "fixtures/bpe/llama-bpe/spm.model", "cases": cases}, f, ensure_ascii=False, indent=0)
    print(len(cases), "samples,", sum(c["same_as_hf"] for c in cases), "identical to HF")


if __name__ == "__main__":
    main()
