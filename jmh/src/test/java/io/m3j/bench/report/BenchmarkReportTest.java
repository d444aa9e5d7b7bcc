package io.m3j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

    @Test
    void markdownHasATablePerBenchmarkRatiosAndPercentOfPeak(@TempDir Path dir) throws IOException {
        Path markdown = dir.resolve("BENCHMARKS.md");
        Path chart = dir.resolve("img/chart.png");
        BenchmarkReport.write(SampleResults.read(), markdown, chart, "Test CPU, 2 CPUs");
        String md = Files.readString(markdown);

        assertTrue(md.contains("on Test CPU, 2 CPUs"), md);
        assertTrue(md.contains("![benchmark chart](img/chart.png)"), md);
        for (String heading : List.of("## PeakFlopsBench", "## GemmBench", "## EncoderBench", "## TokenizerBench")) {
            assertTrue(md.contains("\n" + heading + "\n"), "missing " + heading);
        }
        // score row: method, threads, mode, median, mean ± error, unit, iterations
        assertTrue(md.contains("| fmaTwoThreads | 2 | thrpt | 252.0 | 250.0 ± 30.00 | ops/ns | 4 |"), md);
        // GemmBench's own threads param gets a column apart from JMH's threads
        assertTrue(md.contains("| benchmark | m | n | k | size | threads (param) | threads | mode |"), md);
        // a '|' inside a param value is escaped so the table keeps its columns
        assertTrue(md.contains("short \\| mixed"), md);
        // ratios
        assertTrue(md.contains("| embed | batch=1 | 1 | thrpt | 30.00 | 20.00 | ops/s | 1.500× |"), md);
        assertTrue(md.contains("| embed | batch=8 | 1 | thrpt | 10.00 | 20.00 | ops/s | 0.500× |"), md);
        assertTrue(md.contains("| encode | text=short \\| mixed | 1 | avgt | 2.000 | 4.000 | us/op | 2.000× |"), md);
        assertTrue(!md.contains("batch=32 |"), "batch 32 has no ORT twin and no ratio row");
        // GEMM % of peak
        assertTrue(md.contains("| matmul | m=1000 n=1000 k=1000 | 1 | 50.00 | 100.0 | 50.00 % |"), md);
        assertTrue(md.contains("| matmul | m=1000 n=1000 k=1000 | 2 | 200.0 | 250.0 | 80.00 % |"), md);
        assertTrue(md.contains("| matmulPool | size=500 threads=4 | 4 | 25.00 | no PeakFlopsBench result | — |"), md);
    }

    @Test
    void chartIsADecodablePngWithEveryPanelDrawn(@TempDir Path dir) throws IOException {
        Path chart = dir.resolve("chart.png");
        BenchmarkReport.write(SampleResults.read(), dir.resolve("BENCHMARKS.md"), chart, "Test CPU");
        BufferedImage image = ImageIO.read(chart.toFile());
        assertNotNull(image, "ImageIO cannot decode the chart");
        assertTrue(image.getWidth() >= 800 && image.getHeight() >= 300,
                image.getWidth() + "x" + image.getHeight());

        Map<Integer, Integer> colours = new HashMap<>();
        int nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.merge(rgb, 1, Integer::sum);
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
            }
        }
        assertTrue(colours.size() > 20, "anti-aliased text gives many shades; found " + colours.size());
        assertTrue(nonWhite > image.getWidth() * image.getHeight() / 50, "almost blank: " + nonWhite + " pixels");
        // every bar kind is there: peak, m3j faster, m3j slower, GEMM % of peak; and the dashed reference line
        for (Color colour : List.of(new Color(0x4C72B0), new Color(0x3A9E5C), new Color(0xDD8452),
                new Color(0x8172B2), new Color(0xC43030))) {
            assertTrue(colours.getOrDefault(colour.getRGB() & 0xFFFFFF, 0) > 50,
                    "no bar drawn in " + Integer.toHexString(colour.getRGB() & 0xFFFFFF));
        }
    }

    @Test
    void chartPanelsFollowTheResults() {
        List<BenchmarkChart.Panel> panels = BenchmarkChart.panels(SampleResults.read().results());
        assertEquals(3, panels.size());
        assertEquals(List.of("1 thread", "2 threads"), panels.get(0).bars().stream().map(BenchmarkChart.Bar::label).toList());
        assertEquals(250.0, panels.get(0).bars().get(1).value(), 1e-9);
        assertEquals(30.0, panels.get(0).bars().get(1).error(), 1e-9, "ops/ns is GFLOP/s: the JMH error as it is");
        assertEquals(3, panels.get(1).bars().size(), "three m3j/ORT pairs");
        assertEquals(2, panels.get(2).bars().size(), "GEMM rows that have a peak with the same threads");
    }
}
