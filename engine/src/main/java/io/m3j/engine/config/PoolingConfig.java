package io.m3j.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.engine.ModelFormatException;
import io.m3j.engine.UnsupportedModelException;

import java.util.ArrayList;
import java.util.List;

/**
 * Sentence-embedding settings: the pooling modes (concatenated in sentence-transformers' order when
 * several are enabled), whether a Normalize module follows, and the max sequence length
 * (0 = no limit beyond the model's positions).
 */
public record PoolingConfig(List<PoolingMode> modes, boolean normalize, int maxSeqLength) {

    public PoolingConfig {
        modes = List.copyOf(modes);
        if (modes.isEmpty()) throw new ModelFormatException("Pooling config enables no pooling mode");
    }

    public static PoolingConfig of(PoolingMode mode, boolean normalize) {
        return new PoolingConfig(List.of(mode), normalize, 0);
    }

    /** Reads a sentence-transformers {@code 1_Pooling/config.json}. */
    public static List<PoolingMode> parseModes(JsonNode c, String source) {
        if (c == null || !c.isObject()) throw new ModelFormatException("Pooling config " + source + " is not a JSON object");
        if (c.path("pooling_mode_weightedmean_tokens").asBoolean(false)) {
            throw new UnsupportedModelException(source + ": pooling_mode_weightedmean_tokens is not supported");
        }
        List<PoolingMode> modes = new ArrayList<>();
        // sentence-transformers concatenates in this order
        if (c.path("pooling_mode_cls_token").asBoolean(false)) modes.add(PoolingMode.CLS);
        if (c.path("pooling_mode_max_tokens").asBoolean(false)) modes.add(PoolingMode.MAX);
        if (c.path("pooling_mode_mean_tokens").asBoolean(false)) modes.add(PoolingMode.MEAN);
        if (c.path("pooling_mode_mean_sqrt_len_tokens").asBoolean(false)) modes.add(PoolingMode.MEAN_SQRT_LEN);
        if (c.path("pooling_mode_lasttoken").asBoolean(false)) modes.add(PoolingMode.LAST_TOKEN);
        if (modes.isEmpty()) throw new ModelFormatException("Pooling config " + source + " enables no pooling mode");
        return modes;
    }
}
