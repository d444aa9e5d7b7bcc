package io.m3j.models;

/**
 * The shape of an encoder checkpoint: everything needed to write a config.json and the tensors of
 * a Hugging Face BERT / XLM-RoBERTa model.
 */
public record EncoderShape(String modelType, int vocabSize, int hiddenSize, int numLayers, int numHeads,
                           int intermediateSize, int maxPositions, int typeVocabSize, int padTokenId,
                           double layerNormEps) {

    /** BAAI/bge-m3: XLM-RoBERTa large, 24 layers, 8192-token inputs. */
    public static final EncoderShape BGE_M3 =
            new EncoderShape("xlm-roberta", 250002, 1024, 24, 16, 4096, 8194, 1, 1, 1e-5);

    /** The 8-layer distilled student of bge-m3: same architecture, a third of the layers. */
    public static final EncoderShape BGE_M3_STUDENT_8L = BGE_M3.withLayers(8);

    public EncoderShape {
        if (vocabSize <= 0 || hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || intermediateSize <= 0
                || maxPositions <= 0 || typeVocabSize <= 0) {
            throw new IllegalArgumentException("all sizes must be positive: " + this);
        }
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " is not a multiple of " + numHeads + " heads");
        }
        if (!modelType.equals("bert") && !modelType.equals("roberta") && !modelType.equals("xlm-roberta")) {
            throw new IllegalArgumentException("model type must be bert, roberta or xlm-roberta, got " + modelType);
        }
    }

    public EncoderShape withLayers(int layers) {
        return new EncoderShape(modelType, vocabSize, hiddenSize, layers, numHeads, intermediateSize, maxPositions,
                typeVocabSize, padTokenId, layerNormEps);
    }

    /** Number of float parameters, pooler included. */
    public long parameterCount() {
        long h = hiddenSize;
        long embeddings = (long) vocabSize * h + (long) maxPositions * h + (long) typeVocabSize * h + 2 * h;
        long layer = 4 * (h * h + h) + 2 * h + (h * intermediateSize + intermediateSize)
                + (intermediateSize * h + h) + 2 * h;
        return embeddings + numLayers * layer + h * h + h;
    }
}
