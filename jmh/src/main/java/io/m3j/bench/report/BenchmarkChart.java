package io.m3j.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's chart: horizontal bar panels stacked top to bottom, one per kind of comparison the
 * results allow: peak FMA rate per thread count, m3j speed relative to ONNX Runtime, GEMM % of peak.
 * Plain java.awt on a BufferedImage, so it works headless.
 */
final class BenchmarkChart {

    private static final int WIDTH = 1100;
    private static final int MARGIN = 24;
    private static final int TITLE_HEIGHT = 40;
    private static final int ROW_HEIGHT = 30;
    private static final int BAR_HEIGHT = 20;
    private static final int AXIS_HEIGHT = 28;
    private static final int PANEL_GAP = 22;
    private static final int VALUE_TEXT_WIDTH = 230;
    private static final int FOOTER_HEIGHT = 20;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private static final Color BACKGROUND = Color.WHITE;
    private static final Color TEXT = new Color(0x20, 0x20, 0x20);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color PEAK = new Color(0x4C, 0x72, 0xB0);
    private static final Color FASTER = new Color(0x3A, 0x9E, 0x5C);
    private static final Color SLOWER = new Color(0xDD, 0x84, 0x52);
    private static final Color GEMM = new Color(0x81, 0x72, 0xB2);
    private static final Color REFERENCE = new Color(0xC4, 0x30, 0x30);

    /** One bar; error is the half-width of a whisker around value, NaN for none. */
    record Bar(String label, double value, double error, String valueText, Color color) {
    }

    /** One panel; reference is a value marked with a dashed line (NaN for none), minAxisMax the least axis end. */
    record Panel(String title, List<Bar> bars, double reference, String referenceLabel, double minAxisMax) {
    }

    private BenchmarkChart() {
    }

    static List<Panel> panels(List<JmhResult> results) {
        List<Panel> panels = new ArrayList<>();

        Map<Integer, JmhResult> peaks = GemmEfficiency.peakResultsByThreads(results);
        if (!peaks.isEmpty()) {
            List<Bar> bars = new ArrayList<>();
            for (Map.Entry<Integer, JmhResult> peak : peaks.entrySet()) {
                JmhResult result = peak.getValue();
                double gflops = GemmEfficiency.gflops(result);
                // the error is in the score's unit: scale it as the score was scaled
                double error = result.scoreError() * gflops / result.score();
                String threads = peak.getKey() == 1 ? "1 thread" : peak.getKey() + " threads";
                bars.add(new Bar(threads, gflops, error, Numbers.format(gflops) + " GFLOP/s", PEAK));
            }
            panels.add(new Panel("Peak FMA rate, Vector API (PeakFlopsBench), GFLOP/s: mean ± 99.9% error",
                    bars, Double.NaN, null, 0));
        }

        List<EngineRatio> ratios = EngineRatio.compute(results);
        if (!ratios.isEmpty()) {
            List<Bar> bars = new ArrayList<>();
            for (EngineRatio ratio : ratios) {
                JmhResult m3j = ratio.m3j();
                String params = MarkdownReport.paramText(ratio.otherParams());
                String label = m3j.className() + "." + m3j.methodName() + (params.isEmpty() ? "" : " " + params)
                        + " t=" + m3j.threads();
                bars.add(new Bar(label, ratio.speedup(), Double.NaN, Numbers.format(ratio.speedup()) + "× " + ratio.baselineName(),
                        ratio.speedup() >= 1 ? FASTER : SLOWER));
            }
            panels.add(new Panel("m3j speed relative to its baseline (ONNX Runtime FP32, or the HF tokenizers) = 1×,"
                    + " higher is better", bars, 1.0, "1×", 1.5));
        }

        List<GemmEfficiency> gemm = GemmEfficiency.compute(results);
        List<Bar> gemmBars = new ArrayList<>();
        for (GemmEfficiency row : gemm) {
            if (!Double.isNaN(row.percentOfPeak())) {
                String params = MarkdownReport.paramText(row.gemm().params());
                gemmBars.add(new Bar(row.gemm().methodName() + (params.isEmpty() ? "" : " " + params) + " t=" + row.threads(),
                        row.percentOfPeak(), Double.NaN,
                        Numbers.format(row.percentOfPeak()) + " % (" + Numbers.format(row.gflops()) + " GFLOP/s)", GEMM));
            }
        }
        if (!gemmBars.isEmpty()) {
            // The axis ends at 100 % = peak; a reference line there would only cross the value texts.
            panels.add(new Panel("GEMM (GemmBench) as % of peak FMA rate with the same threads", gemmBars,
                    Double.NaN, null, 100.0));
        }
        return panels;
    }

    /** @param footer one line under the panels naming where and how the results were measured */
    static BufferedImage render(List<JmhResult> results, String footer) {
        List<Panel> panels = panels(results);
        int height = MARGIN * 2 + FOOTER_HEIGHT;
        for (Panel panel : panels) {
            height += panelHeight(panel) + PANEL_GAP;
        }
        if (panels.isEmpty()) {
            height += 60;
        }
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, WIDTH, height);
            int y = MARGIN;
            if (panels.isEmpty()) {
                g.setColor(TEXT);
                g.setFont(TITLE_FONT);
                g.drawString("No PeakFlopsBench, m3j/ORT or GemmBench results to chart.", MARGIN, y + 30);
            }
            int labelWidth = labelColumnWidth(g, panels);
            for (Panel panel : panels) {
                drawPanel(g, panel, y, labelWidth);
                y += panelHeight(panel) + PANEL_GAP;
            }
            g.setColor(Color.GRAY);
            g.setFont(SMALL_FONT);
            g.drawString(footer, MARGIN, height - MARGIN);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static int panelHeight(Panel panel) {
        return TITLE_HEIGHT + panel.bars().size() * ROW_HEIGHT + AXIS_HEIGHT;
    }

    /** One label column for all panels, so that every panel's bars start at the same x. */
    private static int labelColumnWidth(Graphics2D g, List<Panel> panels) {
        FontMetrics labels = g.getFontMetrics(LABEL_FONT);
        int width = 0;
        for (Panel panel : panels) {
            for (Bar bar : panel.bars()) {
                width = Math.max(width, labels.stringWidth(bar.label()));
            }
        }
        return Math.min(width, (WIDTH - 2 * MARGIN) * 45 / 100) + 14;
    }

    private static void drawPanel(Graphics2D g, Panel panel, int top, int labelWidth) {
        g.setColor(TEXT);
        g.setFont(TITLE_FONT);
        g.drawString(panel.title(), MARGIN, top + 24);

        FontMetrics labels = g.getFontMetrics(LABEL_FONT);
        int x0 = MARGIN + labelWidth;
        int x1 = WIDTH - MARGIN - VALUE_TEXT_WIDTH;

        // 5% room beyond the longest bar or whisker; the axis ends on a tick. A whisker longer than its
        // bar (a noisy run) is clipped at the axis end rather than squeezing every bar.
        double dataMax = panel.minAxisMax();
        for (Bar bar : panel.bars()) {
            double end = bar.value() + (Double.isNaN(bar.error()) ? 0 : Math.min(bar.error(), bar.value()));
            if (Double.isFinite(end)) {
                dataMax = Math.max(dataMax, end * 1.05);
            }
        }
        double step = niceStep(dataMax / 5);
        double axisMax = step * Math.ceil(dataMax / step - 1e-9);

        int barsTop = top + TITLE_HEIGHT;
        int barsBottom = barsTop + panel.bars().size() * ROW_HEIGHT;

        // grid and tick labels
        g.setFont(SMALL_FONT);
        FontMetrics small = g.getFontMetrics();
        int ticks = (int) Math.round(axisMax / step);
        for (int t = 0; t <= ticks; t++) {
            double tick = t * step;
            int x = xOf(tick, axisMax, x0, x1);
            g.setColor(GRID);
            g.drawLine(x, barsTop - 4, x, barsBottom);
            g.setColor(TEXT);
            String text = new BigDecimal(tick).round(new MathContext(6)).stripTrailingZeros().toPlainString();
            g.drawString(text, x - small.stringWidth(text) / 2, barsBottom + small.getAscent() + 4);
        }

        for (int i = 0; i < panel.bars().size(); i++) {
            Bar bar = panel.bars().get(i);
            int rowTop = barsTop + i * ROW_HEIGHT;
            int barTop = rowTop + (ROW_HEIGHT - BAR_HEIGHT) / 2;
            int centre = rowTop + ROW_HEIGHT / 2;

            g.setFont(LABEL_FONT);
            g.setColor(TEXT);
            String label = fit(bar.label(), labels, labelWidth - 14);
            g.drawString(label, x0 - 10 - labels.stringWidth(label), centre + labels.getAscent() / 2 - 2);

            double value = Double.isFinite(bar.value()) ? Math.max(0, bar.value()) : 0;
            int xEnd = xOf(Math.min(value, axisMax), axisMax, x0, x1);
            g.setColor(bar.color());
            g.fillRect(x0, barTop, Math.max(1, xEnd - x0), BAR_HEIGHT);

            int textX = xEnd + 8;
            if (!Double.isNaN(bar.error()) && bar.error() > 0) {
                int lo = xOf(Math.max(0, value - bar.error()), axisMax, x0, x1);
                int hi = xOf(Math.min(axisMax, value + bar.error()), axisMax, x0, x1);
                g.setColor(TEXT);
                g.setStroke(new BasicStroke(1.5f));
                g.drawLine(lo, centre, hi, centre);
                g.drawLine(lo, centre - 5, lo, centre + 5);
                if (value + bar.error() <= axisMax) { // no end cap on a whisker clipped at the axis end
                    g.drawLine(hi, centre - 5, hi, centre + 5);
                }
                g.setStroke(new BasicStroke(1f));
                textX = Math.max(textX, hi + 8);
            }
            g.setColor(TEXT);
            g.setFont(LABEL_FONT);
            g.drawString(bar.valueText(), textX, centre + labels.getAscent() / 2 - 2);
        }

        g.setColor(TEXT);
        g.drawLine(x0, barsTop - 4, x0, barsBottom);
        g.drawLine(x0, barsBottom, x1, barsBottom);

        if (!Double.isNaN(panel.reference()) && panel.reference() <= axisMax) {
            int x = xOf(panel.reference(), axisMax, x0, x1);
            g.setColor(REFERENCE);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            g.drawLine(x, barsTop - 6, x, barsBottom);
            g.setStroke(new BasicStroke(1f));
            g.setFont(SMALL_FONT);
            g.drawString(panel.referenceLabel(), x + 4, barsTop - 6);
        }
    }

    private static int xOf(double value, double axisMax, int x0, int x1) {
        return x0 + (int) Math.round((x1 - x0) * value / axisMax);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= rough) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static String fit(String text, FontMetrics metrics, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && metrics.stringWidth(cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
