package io.m3j.distill;

import io.m3j.engine.EncoderModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs every token's teacher input (e.g. {@code [CLS] tok [SEP]}) through the teacher and pools the
 * last hidden states into one vector per token: the vocabulary-sized matrix static distillation
 * starts from. Inputs are sent shortest first in chunks, so the progress line moves steadily; the
 * engine packs sequences without padding, so a token's vector does not depend on its chunk.
 */
public final class TokenEmbedder {
    /** Sequences per call into the engine: large enough to keep it busy, small enough to report progress. */
    private static final int CHUNK = 2048;

    private TokenEmbedder() {
    }

    /** [inputs x hidden] row-major; NaN becomes 0 and ±Inf the largest finite float (numpy's nan_to_num). */
    public static float[] embed(EncoderModel teacher, List<int[]> inputs, TokenPooling pooling, Progress progress) {
        int hidden = teacher.config().hiddenSize();
        int n = inputs.size();
        float[] out = new float[Math.multiplyExact(n, hidden)];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(inputs.get(a).length, inputs.get(b).length));
        for (int c0 = 0; c0 < n; c0 += CHUNK) {
            int c1 = Math.min(n, c0 + CHUNK);
            List<int[]> chunk = new ArrayList<>(c1 - c0);
            for (int i = c0; i < c1; i++) chunk.add(inputs.get(order[i]));
            List<float[][]> states = teacher.lastHiddenStates(chunk);
            for (int i = c0; i < c1; i++) pool(states.get(i - c0), pooling, out, order[i] * hidden, hidden);
            progress.update(c1);
        }
        progress.finish();
        return out;
    }

    private static void pool(float[][] rows, TokenPooling pooling, float[] out, int off, int hidden) {
        switch (pooling) {
            case FIRST -> System.arraycopy(rows[0], 0, out, off, hidden);
            case LAST -> System.arraycopy(rows[rows.length - 1], 0, out, off, hidden);
            case MEAN -> {
                for (int c = 0; c < hidden; c++) {
                    double s = 0;
                    for (float[] row : rows) s += row[c];
                    out[off + c] = (float) (s / rows.length);
                }
            }
        }
        for (int c = 0; c < hidden; c++) {
            float v = out[off + c];
            if (Float.isNaN(v)) out[off + c] = 0;
            else if (v == Float.POSITIVE_INFINITY) out[off + c] = Float.MAX_VALUE;
            else if (v == Float.NEGATIVE_INFINITY) out[off + c] = -Float.MAX_VALUE;
        }
    }
}
