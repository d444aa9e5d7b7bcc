package io.m3j.distill.metrics;

import io.m3j.distill.staticmodel.StaticModel;
import io.m3j.engine.EncoderModel;
import io.m3j.engine.ModelFormatException;
import io.m3j.tokenizer.json.JsonTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings from a model folder, whatever it is: a transformer encoder (its tokenizer.json,
 * pooling and Normalize modules, truncated to its max_seq_length) or a static model.
 */
interface SentenceEncoder extends AutoCloseable {

    List<float[]> encode(List<String> texts);

    @Override
    void close();

    static SentenceEncoder open(Path folder) {
        if (StaticModel.isStaticModel(folder)) {
            StaticModel model = StaticModel.load(folder);
            return new SentenceEncoder() {
                public List<float[]> encode(List<String> texts) {
                    return model.encode(texts);
                }

                public void close() {
                }
            };
        }
        Path tokenizerFile = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new ModelFormatException("Model folder " + folder + " has no tokenizer.json");
        }
        JsonTokenizer tokenizer = JsonTokenizer.load(tokenizerFile);
        EncoderModel model = EncoderModel.load(folder);
        int maxTokens = model.pooling().maxSeqLength() > 0
                ? Math.min(model.pooling().maxSeqLength(), model.config().maxTokens()) : model.config().maxTokens();
        return new SentenceEncoder() {
            public List<float[]> encode(List<String> texts) {
                List<int[]> ids = new ArrayList<>(texts.size());
                for (String t : texts) ids.add(tokenizer.encode(t, true, maxTokens).ids());
                return List.of(model.embed(ids));
            }

            public void close() {
                model.close();
            }
        };
    }
}
