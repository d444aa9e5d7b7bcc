package io.m3j.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keys that make two JMH results "twins": the same benchmark, mode, JMH threads and params, except
 * one param that tells them apart (m3j vs baseline engine, student vs teacher model).
 */
final class Twins {

    private Twins() {
    }

    /** The result's params without {@code param}, in file order. */
    static Map<String, String> paramsWithout(JmhResult result, String param) {
        Map<String, String> params = new LinkedHashMap<>(result.params());
        params.remove(param);
        return params;
    }

    /** Equal for two results that differ only in {@code param}. */
    static String key(JmhResult result, String param) {
        return key(result, paramsWithout(result, param));
    }

    /** Equal for results of the same benchmark, mode and threads whose params (other than the distinguishing one) are {@code params}. */
    static String key(JmhResult result, Map<String, String> params) {
        return result.benchmark() + '\u0000' + result.mode() + '\u0000' + result.threads() + '\u0000' + new TreeMap<>(params);
    }
}
