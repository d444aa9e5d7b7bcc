package io.m3j.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders BENCHMARKS.md: one table per benchmark class, then its m3j/ORT ratios and GEMM % of peak. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    /**
     * @param file          the parsed JMH results
     * @param machine       one line describing the machine, e.g. "AMD EPYC, 2 CPUs"
     * @param chartFileName the chart's path relative to the Markdown file; null for none
     */
    static String render(JmhResultFile file, String machine, String chartFileName) {
        List<JmhResult> results = file.results();
        List<EngineRatio> ratios = EngineRatio.compute(results);
        List<GemmEfficiency> gemm = GemmEfficiency.compute(results);

        StringBuilder md = new StringBuilder();
        md.append("# m3j benchmarks\n\n");
        md.append("Measured with ").append(file.environment().isEmpty() ? "JMH" : file.environment())
                .append(" on ").append(machine).append(". Source: ")
                .append(java.nio.file.Files.isDirectory(file.source()) ? "the JMH JSON files in " : "")
                .append('`').append(file.source().getFileName()).append("`. Regenerate with `jmh/run-benchmarks.sh`.\n\n");
        md.append("Scores: mean over all measurement iterations ± the half-width of JMH's 99.9% confidence interval")
                .append(" (no error when there are too few iterations), and the median iteration. Throughput (thrpt)")
                .append(" is higher-is-better and, with several JMH threads, the sum over threads; avgt, sample and ss")
                .append(" are time per operation, lower-is-better.\n\n");
        if (chartFileName != null) {
            md.append("![benchmark chart](").append(chartFileName).append(")\n\n");
        }
        if (results.isEmpty()) {
            md.append("The result file has no results.\n");
            return md.toString();
        }

        for (Map.Entry<String, List<JmhResult>> group : byClass(results).entrySet()) {
            String className = group.getKey();
            md.append("## ").append(className).append("\n\n");
            if (GemmEfficiency.PEAK_CLASS.equals(className)) {
                md.append("Register-only Vector API FMA chains. One operation is one FLOP, so ops/ns is GFLOP/s.\n\n");
            }
            scoreTable(md, group.getValue());
            ratioTable(md, className, ratios);
            studentTeacherTable(md, className, StudentTeacherRatio.compute(group.getValue()));
            if (GemmEfficiency.GEMM_CLASS.equals(className)) {
                gemmTable(md, gemm);
            }
        }
        return md.toString();
    }

    private static void scoreTable(StringBuilder md, List<JmhResult> results) {
        List<String> paramNames = paramNames(results);
        List<String> header = new ArrayList<>(List.of("benchmark"));
        for (String name : paramNames) {
            // a GEMM or encoder may have its own "threads" param (its compute pool) beside JMH's threads
            header.add(name.equals("threads") ? "threads (param)" : name);
        }
        header.addAll(List.of("threads", "mode", "median", "mean ± error", "unit", "iterations"));
        row(md, header);
        separator(md, "l".repeat(1 + paramNames.size()) + "rlrrlr");
        for (JmhResult result : results) {
            List<String> cells = new ArrayList<>(List.of(result.methodName()));
            for (String name : paramNames) {
                cells.add(result.params().getOrDefault(name, ""));
            }
            cells.add(Integer.toString(result.threads()));
            cells.add(result.mode());
            cells.add(Numbers.format(result.median()));
            cells.add(Numbers.withError(result.score(), result.scoreError()));
            cells.add(result.scoreUnit());
            cells.add(Integer.toString(result.samples()));
            row(md, cells);
        }
        md.append('\n');
    }

    private static void ratioTable(StringBuilder md, String className, List<EngineRatio> ratios) {
        List<EngineRatio> own = new ArrayList<>();
        for (EngineRatio ratio : ratios) {
            if (ratio.m3j().className().equals(className)) {
                own.add(ratio);
            }
        }
        if (own.isEmpty()) {
            return;
        }
        String baseline = own.get(0).baselineName().equals("HF")
                ? "the native Hugging Face tokenizers (`hf`)" : "ONNX Runtime (`ort`, always the FP32 ONNX file)";
        md.append("m3j against ").append(baseline).append(" (speed ratio: m3j operations per second / baseline")
                .append(" operations per second; above 1 means m3j is faster):\n\n");
        List<String> header = List.of("benchmark", "params", "threads", "mode", "m3j", "baseline", "unit", "m3j / baseline speed");
        row(md, header);
        separator(md, "llrlrrlr");
        for (EngineRatio ratio : own) {
            row(md, List.of(ratio.m3j().methodName(), paramText(ratio.otherParams()),
                    Integer.toString(ratio.m3j().threads()), ratio.m3j().mode(),
                    Numbers.format(ratio.m3j().score()), Numbers.format(ratio.ort().score()),
                    ratio.m3j().scoreUnit().equals(ratio.ort().scoreUnit())
                            ? ratio.m3j().scoreUnit() : ratio.m3j().scoreUnit() + " / " + ratio.ort().scoreUnit(),
                    Numbers.format(ratio.speedup()) + "×"));
        }
        md.append('\n');
    }

    private static void studentTeacherTable(StringBuilder md, String className, List<StudentTeacherRatio> ratios) {
        if (ratios.isEmpty()) {
            return;
        }
        md.append("Student (8 layers) against teacher (24 layers) on the same inputs (student operations per second /")
                .append(" teacher operations per second):\n\n");
        row(md, List.of("benchmark", "params", "threads", "mode", "student", "teacher", "unit", "student / teacher"));
        separator(md, "llrlrrlr");
        for (StudentTeacherRatio ratio : ratios) {
            row(md, List.of(ratio.student().methodName(), paramText(ratio.otherParams()),
                    Integer.toString(ratio.student().threads()), ratio.student().mode(),
                    Numbers.format(ratio.student().score()), Numbers.format(ratio.teacher().score()),
                    ratio.student().scoreUnit(), Numbers.format(ratio.speedup()) + "×"));
        }
        md.append('\n');
    }

    private static void gemmTable(StringBuilder md, List<GemmEfficiency> rows) {
        md.append("GEMM against the peak FMA rate (PeakFlopsBench with the same number of threads;")
                .append(" one operation = 2·m·n·k FLOPs):\n\n");
        List<String> header = List.of("benchmark", "params", "threads", "GFLOP/s", "peak GFLOP/s", "% of peak");
        row(md, header);
        separator(md, "llrrrr");
        for (GemmEfficiency row : rows) {
            row(md, List.of(row.gemm().methodName(), paramText(row.gemm().params()), Integer.toString(row.threads()),
                    Numbers.format(row.gflops()),
                    Double.isNaN(row.peakGflops()) ? "no PeakFlopsBench result" : Numbers.format(row.peakGflops()),
                    Double.isNaN(row.percentOfPeak()) ? "—" : Numbers.format(row.percentOfPeak()) + " %"));
        }
        md.append('\n');
    }

    static String paramText(Map<String, String> params) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(param.getKey()).append('=').append(param.getValue());
        }
        return text.toString();
    }

    private static Map<String, List<JmhResult>> byClass(List<JmhResult> results) {
        Map<String, List<JmhResult>> groups = new LinkedHashMap<>();
        for (JmhResult result : results) {
            groups.computeIfAbsent(result.className(), name -> new ArrayList<>()).add(result);
        }
        return groups;
    }

    private static List<String> paramNames(List<JmhResult> results) {
        Set<String> names = new LinkedHashSet<>();
        for (JmhResult result : results) {
            names.addAll(result.params().keySet());
        }
        return new ArrayList<>(names);
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append('|');
        for (String cell : cells) {
            md.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        md.append('\n');
    }

    /** One column per letter: l left-aligned (text), r right-aligned (numbers). */
    private static void separator(StringBuilder md, String alignments) {
        md.append('|');
        for (int i = 0; i < alignments.length(); i++) {
            md.append(alignments.charAt(i) == 'l' ? " --- |" : " ---: |");
        }
        md.append('\n');
    }
}
