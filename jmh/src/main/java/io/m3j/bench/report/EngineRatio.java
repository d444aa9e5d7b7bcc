package io.m3j.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * m3j against its baseline on the same benchmark: two results that differ only in the
 * {@code engine} parameter ({@value #M3J} vs {@value #ORT}, or {@value #HF} for the tokenizers).
 *
 * @param m3j      the m3j result
 * @param ort      the baseline (ONNX Runtime or HF tokenizers) result with the same method, mode, threads and other params
 * @param speedup  m3j operations per second / ORT operations per second (so time-per-op modes are
 *                 inverted): above 1 means m3j is faster
 */
public record EngineRatio(JmhResult m3j, JmhResult ort, double speedup) {

    public static final String ENGINE_PARAM = "engine";
    /** EncoderBench's m3j weight precision; the baseline always runs FP32. */
    public static final String PRECISION_PARAM = "precision";
    public static final String M3J = "m3j";
    public static final String ORT = "ort";
    /** The native Hugging Face tokenizers, TokenizerBench's baseline: paired like ORT. */
    public static final String HF = "hf";

    /** The params other than {@code engine}, in file order. */
    public Map<String, String> otherParams() {
        return withoutEngine(m3j);
    }

    /** Pairs every m3j result with its ORT twin, in the order the m3j results appear; unpaired results are left out. */
    public static List<EngineRatio> compute(List<JmhResult> results) {
        Map<String, JmhResult> m3jByKey = new LinkedHashMap<>();
        Map<String, JmhResult> ortByKey = new LinkedHashMap<>();
        for (JmhResult result : results) {
            String engine = result.params().get(ENGINE_PARAM);
            if (M3J.equals(engine)) {
                m3jByKey.put(twinKey(result), result);
            } else if (ORT.equals(engine) || HF.equals(engine)) {
                ortByKey.put(twinKey(result), result);
            }
        }
        List<EngineRatio> ratios = new ArrayList<>();
        for (Map.Entry<String, JmhResult> entry : m3jByKey.entrySet()) {
            JmhResult ort = ortByKey.get(entry.getKey());
            if (ort == null) {
                ort = ortByKey.get(fp32BaselineKey(entry.getValue()));
            }
            if (ort != null) {
                JmhResult m3j = entry.getValue();
                ratios.add(new EngineRatio(m3j, ort, m3j.opsPerSecond() / ort.opsPerSecond()));
            }
        }
        return ratios;
    }

    /**
     * The key of the baseline twin measured at {@code precision=fp32}: ONNX Runtime always runs the
     * FP32 ONNX file, so an m3j BF16 or INT8 result is compared with the ORT FP32 run when the run
     * did not repeat ORT under each precision.
     */
    private static String fp32BaselineKey(JmhResult m3j) {
        Map<String, String> params = withoutEngine(m3j);
        if (!params.containsKey(PRECISION_PARAM)) return "";
        params.put(PRECISION_PARAM, "fp32");
        return m3j.benchmark() + '\u0000' + m3j.mode() + '\u0000' + m3j.threads() + '\u0000' + new java.util.TreeMap<>(params);
    }

    private static String twinKey(JmhResult result) {
        return result.benchmark() + '\u0000' + result.mode() + '\u0000' + result.threads() + '\u0000' + new java.util.TreeMap<>(withoutEngine(result));
    }

    private static Map<String, String> withoutEngine(JmhResult result) {
        Map<String, String> params = new LinkedHashMap<>(result.params());
        params.remove(ENGINE_PARAM);
        return params;
    }
}
