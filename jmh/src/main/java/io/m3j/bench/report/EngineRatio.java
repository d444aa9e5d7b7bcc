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

    /** "HF" when the baseline is the native Hugging Face tokenizers, else "ORT". */
    public String baselineName() {
        return HF.equals(ort.params().get(ENGINE_PARAM)) ? "HF" : "ORT";
    }

    /** The params other than {@code engine}, in file order. */
    public Map<String, String> otherParams() {
        return Twins.paramsWithout(m3j, ENGINE_PARAM);
    }

    /**
     * Pairs every m3j result with its baseline twin, in the order the m3j results appear; unpaired
     * results are left out. ONNX Runtime always runs the FP32 ONNX file, so an m3j BF16 or INT8
     * result without a baseline under its own precision label is paired with the baseline at
     * {@code precision=fp32}.
     */
    public static List<EngineRatio> compute(List<JmhResult> results) {
        Map<String, JmhResult> m3jByKey = new LinkedHashMap<>();
        Map<String, JmhResult> baselineByKey = new LinkedHashMap<>();
        for (JmhResult result : results) {
            String engine = result.params().get(ENGINE_PARAM);
            if (M3J.equals(engine)) {
                m3jByKey.put(Twins.key(result, ENGINE_PARAM), result);
            } else if (ORT.equals(engine) || HF.equals(engine)) {
                baselineByKey.put(Twins.key(result, ENGINE_PARAM), result);
            }
        }
        List<EngineRatio> ratios = new ArrayList<>();
        for (Map.Entry<String, JmhResult> entry : m3jByKey.entrySet()) {
            JmhResult m3j = entry.getValue();
            JmhResult baseline = baselineByKey.get(entry.getKey());
            if (baseline == null && m3j.params().containsKey(PRECISION_PARAM)) {
                Map<String, String> fp32 = Twins.paramsWithout(m3j, ENGINE_PARAM);
                fp32.put(PRECISION_PARAM, "fp32");
                baseline = baselineByKey.get(Twins.key(m3j, fp32));
            }
            if (baseline != null) {
                ratios.add(new EngineRatio(m3j, baseline, m3j.opsPerSecond() / baseline.opsPerSecond()));
            }
        }
        return ratios;
    }
}
