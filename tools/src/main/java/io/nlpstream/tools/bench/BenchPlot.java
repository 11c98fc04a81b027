package io.nlpstream.tools.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import io.nlpstream.tools.bench.BenchResults.CeilingPoint;
import io.nlpstream.tools.bench.BenchResults.LoadPoint;
import io.nlpstream.tools.bench.BenchResults.ModelCeiling;

/**
 * The results as a PNG, drawn with Java2D (headless): on the left throughput against batch size (log-log: the
 * ceilings as lines, our paths, the per-record consumer and the peers as horizontal references), on the right the
 * end-to-end latency CDF at each offered load; below, end-to-end throughput with the result cache on and off by share
 * of repeated texts.
 */
final class BenchPlot {
    static final int WIDTH = 1400;
    static final int HEIGHT = 1180;
    private static final Color[] SERIES = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0x17becf), new Color(0xe377c2),
        new Color(0x7f7f7f)};
    private static final Stroke LINE = new BasicStroke(2.2f);
    private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {7f, 5f}, 0f);
    private static final Stroke GRID = new BasicStroke(1f);

    /** A plotting area in pixels. */
    private record Frame(int left, int top, int width, int height) {
        int right() {
            return left + width;
        }

        int bottom() {
            return top + height;
        }
    }

    private BenchPlot() {
    }

    static void write(BenchResults results, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(render(results), "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    static BufferedImage render(BenchResults r) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(String.format(Locale.ROOT, "nlp-stream bench (%s plan, %d cores, load %.1f -> %.1f)",
                    r.environment().plan(), r.environment().cores(), r.environment().loadBefore(),
                    r.environment().loadAfter()), 20, 26);
            throughput(g, r, new Frame(90, 70, 560, 440));
            latency(g, r, new Frame(800, 70, 560, 440));
            cache(g, r, new Frame(90, 700, 560, 380));
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void throughput(Graphics2D g, BenchResults r, Frame f) {
        List<ModelCeiling> ceilings = r.ceilings();
        int maxBatch = ceilings.stream().flatMap(c -> c.points().stream()).mapToInt(CeilingPoint::batchSize).max()
                .orElse(64);
        double[] references = {r.batcherEmbedding().rate().perSecond(), r.batcherClassifier().rate().perSecond(),
            r.endToEnd().max().perSecond(), r.perRecord().perSecond(), r.langchain4j().perSecond(),
            r.djl().perSecond()};
        double low = Double.MAX_VALUE;
        double high = 1;
        for (ModelCeiling c : ceilings) {
            for (CeilingPoint p : c.points()) {
                if (p.sequences().isMeasured()) {
                    low = Math.min(low, p.sequences().perSecond());
                    high = Math.max(high, p.sequences().perSecond());
                }
            }
        }
        for (double ref : references) {
            if (ref > 0) {
                low = Math.min(low, ref);
                high = Math.max(high, ref);
            }
        }
        double yMin = Math.pow(10, Math.floor(Math.log10(Math.max(1e-3, Math.min(low, high)))));
        double yMax = Math.pow(10, Math.ceil(Math.log10(high * 1.05)));
        double xMax = Math.max(2, maxBatch);
        title(g, f, "throughput (items/s, log) against batch size (log2)");
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int b = 1; b <= xMax; b *= 2) {
            int x = logX(f, b, xMax);
            gridLine(g, x, f.top(), x, f.bottom());
            label(g, String.valueOf(b), x - 6, f.bottom() + 18);
        }
        for (double y = yMin; y <= yMax * 1.0001; y *= 10) {
            int py = logY(f, y, yMin, yMax);
            gridLine(g, f.left(), py, f.right(), py);
            label(g, String.format(Locale.ROOT, "%,.0f", y), f.left() - 70, py + 4);
        }
        axes(g, f);
        int legend = 0;
        for (int i = 0; i < ceilings.size(); i++) {
            ModelCeiling c = ceilings.get(i);
            g.setColor(SERIES[i % SERIES.length]);
            g.setStroke(LINE);
            int px = -1;
            int py = -1;
            for (CeilingPoint p : c.points()) {
                if (!p.sequences().isMeasured()) {
                    continue; // a gap: the line joins the measured points
                }
                int x = logX(f, p.batchSize(), xMax);
                int y = logY(f, p.sequences().perSecond(), yMin, yMax);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.fillOval(x - 4, y - 4, 8, 8);
                px = x;
                py = y;
            }
            legend(g, f, legend++, "ceiling " + c.model(), false);
        }
        String[] names = {"batcher alone, " + r.embeddingModel(), "batcher alone, " + r.classifierModel(),
            "end to end (Kafka), " + r.embeddingModel(), "per-record mapValues (Kafka)", "LangChain4j embedAll",
            "DJL batchPredict, " + r.classifierModel()};
        for (int i = 0; i < references.length; i++) {
            if (!(references[i] > 0)) {
                continue; // not measured (NaN): no line
            }
            g.setColor(SERIES[(ceilings.size() + i) % SERIES.length]);
            g.setStroke(DASHED);
            int y = logY(f, references[i], yMin, yMax);
            g.drawLine(f.left(), y, f.right(), y);
            legend(g, f, legend++, names[i], true);
        }
        g.setColor(Color.DARK_GRAY);
        label(g, "batch size", f.left() + f.width() / 2 - 30, f.bottom() + 40);
    }

    private static void latency(Graphics2D g, BenchResults r, Frame f) {
        List<LoadPoint> points = r.endToEnd().loadPoints();
        double xMax = 1;
        for (LoadPoint p : points) {
            xMax = Math.max(xMax, p.latency().max());
        }
        xMax = niceCeiling(xMax);
        title(g, f, "end-to-end latency CDF (" + r.embeddingModel() + ", exactly-once)");
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            double ms = xMax * i / 5;
            int x = f.left() + (int) Math.round(f.width() * i / 5.0);
            gridLine(g, x, f.top(), x, f.bottom());
            label(g, String.format(Locale.ROOT, "%.0f", ms), x - 10, f.bottom() + 18);
            double share = i / 5.0;
            int y = f.bottom() - (int) Math.round(f.height() * share);
            gridLine(g, f.left(), y, f.right(), y);
            label(g, String.format(Locale.ROOT, "%.1f", share), f.left() - 32, y + 4);
        }
        axes(g, f);
        for (int i = 0; i < points.size(); i++) {
            LoadPoint p = points.get(i);
            g.setColor(SERIES[i % SERIES.length]);
            g.setStroke(LINE);
            int px = f.left();
            int py = f.bottom();
            for (double[] step : p.latency().cdf()) {
                int x = f.left() + (int) Math.round(f.width() * step[0] / xMax);
                int y = f.bottom() - (int) Math.round(f.height() * step[1]);
                g.drawLine(px, py, x, py);
                g.drawLine(x, py, x, y);
                px = x;
                py = y;
            }
            legend(g, f, i, String.format(Locale.ROOT, "%.0f%% of max (%.0f/s): p50 %.0f, p99 %.0f ms",
                    p.shareOfMax() * 100, p.offeredPerSecond(), p.latency().p50(), p.latency().p99()), false);
        }
        g.setColor(Color.DARK_GRAY);
        label(g, "latency (ms)", f.left() + f.width() / 2 - 35, f.bottom() + 40);
    }

    private static void cache(Graphics2D g, BenchResults r, Frame f) {
        List<BenchResults.CacheRun> runs = r.cache();
        double yMax = 1;
        for (BenchResults.CacheRun run : runs) {
            for (Rate rate : List.of(run.on(), run.off())) {
                if (rate.isMeasured()) {
                    yMax = Math.max(yMax, rate.perSecond());
                }
            }
        }
        yMax = niceCeiling(yMax);
        title(g, f, "end to end (" + r.embeddingModel() + ") by share of repeated texts, result cache on / off");
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            int y = f.bottom() - (int) Math.round(f.height() * i / 5.0);
            gridLine(g, f.left(), y, f.right(), y);
            label(g, String.format(Locale.ROOT, "%,.0f", yMax * i / 5), f.left() - 70, y + 4);
        }
        axes(g, f);
        int group = f.width() / Math.max(1, runs.size());
        int bar = group / 4;
        for (int i = 0; i < runs.size(); i++) {
            BenchResults.CacheRun run = runs.get(i);
            int x = f.left() + i * group + group / 4;
            bar(g, f, x, bar, run.on(), yMax, SERIES[0]);
            bar(g, f, x + bar, bar, run.off(), yMax, SERIES[1]);
            label(g, String.format(Locale.ROOT, "%.0f%% repeated", run.repeatShare() * 100), x - 4, f.bottom() + 18);
            label(g, Double.isNaN(run.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f x (ideal %.2f)",
                    run.ratio(), run.ideal()), x - 4, f.bottom() + 34);
        }
        g.setColor(SERIES[0]);
        legend(g, f, 2, "cache on (events/s)", false);
        g.setColor(SERIES[1]);
        legend(g, f, 3, "cache off (events/s)", false);
    }

    private static void bar(Graphics2D g, Frame f, int x, int width, Rate rate, double yMax, Color colour) {
        if (!rate.isMeasured()) {
            return; // not measured: no bar, and the label says n/a
        }
        int height = (int) Math.round(f.height() * Math.min(1, rate.perSecond() / yMax));
        g.setColor(colour);
        g.fillRect(x, f.bottom() - height, width - 2, height);
    }

    /** A round axis end at least {@code value}: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static int logX(Frame f, double batch, double xMax) {
        return f.left() + (int) Math.round(f.width() * (Math.log(batch) / Math.log(xMax)));
    }

    private static int logY(Frame f, double value, double yMin, double yMax) {
        double share = (Math.log(Math.max(value, yMin)) - Math.log(yMin)) / (Math.log(yMax) - Math.log(yMin));
        return f.bottom() - (int) Math.round(f.height() * share);
    }

    private static void title(Graphics2D g, Frame f, String text) {
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(text, f.left(), f.top() - 12);
    }

    private static void legend(Graphics2D g, Frame f, int row, String text, boolean dashed) {
        int y = f.bottom() + 62 + (row / 2) * 16;
        int x = f.left() + (row % 2) * (f.width() / 2);
        g.setStroke(dashed ? DASHED : LINE);
        g.drawLine(x, y - 4, x + 22, y - 4);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(text, x + 28, y);
    }

    private static void gridLine(Graphics2D g, int x1, int y1, int x2, int y2) {
        g.setColor(new Color(0xe6e6e6));
        g.setStroke(GRID);
        g.drawLine(x1, y1, x2, y2);
    }

    private static void axes(Graphics2D g, Frame f) {
        g.setColor(Color.GRAY);
        g.setStroke(GRID);
        g.drawRect(f.left(), f.top(), f.width(), f.height());
    }

    private static void label(Graphics2D g, String text, int x, int y) {
        g.setColor(Color.DARK_GRAY);
        g.drawString(text, x, y);
    }
}
