package io.m3j.bench.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Turns JMH JSON result files into BENCHMARKS.md and a PNG chart.
 *
 * <pre>
 * java -Djava.awt.headless=true -cp jmh/target/benchmarks.jar io.m3j.bench.report.BenchmarkReport \
 *     results.json... [BENCHMARKS.md [benchmarks.png]]
 * </pre>
 *
 * Several result files (one per JMH run) are reported as one, in the order given.
 *
 * The Markdown file defaults to BENCHMARKS.md in the working directory, the chart to
 * benchmarks.png next to the Markdown file, which links it by a relative path.
 */
public final class BenchmarkReport {
    private BenchmarkReport() {
    }

    public static void main(String[] args) throws IOException {
        int inputs = 0;
        while (inputs < args.length && args[inputs].endsWith(".json")) inputs++;
        if (inputs == 0 || args.length - inputs > 2 || args[0].startsWith("-")) {
            System.err.println("usage: BenchmarkReport <jmh-results.json>... [<BENCHMARKS.md> [<chart.png>]]");
            System.exit(2);
        }
        List<JmhResultFile> files = new java.util.ArrayList<>();
        for (int i = 0; i < inputs; i++) files.add(JmhResultFile.read(Path.of(args[i])));
        Path markdown = Path.of(args.length > inputs ? args[inputs] : "BENCHMARKS.md").toAbsolutePath();
        Path chart = args.length > inputs + 1 ? Path.of(args[inputs + 1]).toAbsolutePath() : markdown.resolveSibling("benchmarks.png");
        write(JmhResultFile.concat(files), markdown, chart, describeMachine());
        System.out.println("wrote " + markdown + " and " + chart);
    }

    /** Writes the Markdown report and its chart; the Markdown links the chart relative to its own folder. */
    public static void write(JmhResultFile file, Path markdown, Path chart, String machine) {
        System.setProperty("java.awt.headless", "true");
        Path markdownDir = markdown.toAbsolutePath().getParent();
        String chartLink = markdownDir.relativize(chart.toAbsolutePath()).toString().replace('\\', '/');
        try {
            if (chart.toAbsolutePath().getParent() != null) {
                Files.createDirectories(chart.toAbsolutePath().getParent());
            }
            BufferedImage image = BenchmarkChart.render(file.results(),
                    file.environment() + (machine.isEmpty() ? "" : " on " + machine) + "; from " + file.source().getFileName());
            if (!ImageIO.write(image, "png", chart.toFile())) {
                throw new IllegalStateException("no PNG writer in this JDK's ImageIO");
            }
            Files.createDirectories(markdownDir);
            Files.writeString(markdown, MarkdownReport.render(file, machine, chartLink));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + markdown + " or " + chart, e);
        }
    }

    /** The CPU model from /proc/cpuinfo where there is one, and the CPU count this JVM sees. */
    static String describeMachine() {
        String cpu = System.getProperty("os.arch");
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Not Linux: the architecture name has to do.
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " CPUs";
    }
}
