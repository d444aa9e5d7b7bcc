package io.m3j.tokenizer.model;

import io.m3j.tokenizer.proto.ProtoReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Throwaway reader of the pieces of a SentencePiece {@code .model} (ModelProto) for the model-level
 * tests of this package, until the real reader of the spm package is merged. Reads only what
 * {@link SentencePieceBpeModel} needs: pieces (field 1: piece 1, score 2, type 3), and from
 * trainer_spec (field 2) model_type 3, byte_fallback 35, unk_id 40.
 */
record SpmModelFixture(List<String> pieces, float[] scores, PieceType[] types, int unkId, boolean byteFallback,
                       int modelType) {

    static SpmModelFixture load(String resource) {
        byte[] bytes;
        try (InputStream in = SpmModelFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> pieces = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        List<PieceType> types = new ArrayList<>();
        int unkId = 0;
        boolean byteFallback = false;
        int modelType = 1;
        ProtoReader model = ProtoReader.of(bytes);
        while (model.next()) {
            if (model.field() == 1) {
                ProtoReader p = model.readMessage();
                String piece = null;
                float score = 0;
                int type = 1;
                while (p.next()) {
                    switch (p.field()) {
                        case 1 -> piece = p.readString();
                        case 2 -> score = p.readFloat();
                        case 3 -> type = p.readInt32();
                        default -> p.skip();
                    }
                }
                pieces.add(piece);
                scores.add(score);
                types.add(PieceType.values()[type - 1]);
            } else if (model.field() == 2) {
                ProtoReader t = model.readMessage();
                while (t.next()) {
                    switch (t.field()) {
                        case 3 -> modelType = t.readInt32();
                        case 35 -> byteFallback = t.readBool();
                        case 40 -> unkId = t.readInt32();
                        default -> t.skip();
                    }
                }
            } else {
                model.skip();
            }
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        return new SpmModelFixture(pieces, s, types.toArray(PieceType[]::new), unkId, byteFallback, modelType);
    }

    SentencePieceBpeModel bpeModel() {
        return new SentencePieceBpeModel(pieces, scores, types, unkId, byteFallback);
    }
}
