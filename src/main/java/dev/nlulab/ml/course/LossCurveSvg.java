package dev.nlulab.ml.course;

import java.util.List;
import java.util.Locale;

/** Draws a training loss curve (step on x, loss on y) as a small self-contained SVG. */
public final class LossCurveSvg {
    private static final int WIDTH = 640, HEIGHT = 320, LEFT = 56, RIGHT = 16, TOP = 16, BOTTOM = 40;
    /** Points drawn at most; longer logs are averaged into this many buckets. */
    private static final int MAX_POINTS = 400;

    private LossCurveSvg() {
    }

    public static String draw(List<TrainingLog.Point> points) {
        if (points.isEmpty()) throw new IllegalArgumentException("the training log has no steps to draw");
        List<TrainingLog.Point> curve = bucket(points);
        double minStep = curve.get(0).step(), maxStep = Math.max(minStep + 1, curve.get(curve.size() - 1).step());
        double maxLoss = curve.stream().mapToDouble(TrainingLog.Point::loss).max().orElse(1);
        double minLoss = Math.min(0, curve.stream().mapToDouble(TrainingLog.Point::loss).min().orElse(0));
        double plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder path = new StringBuilder();
        for (TrainingLog.Point p : curve) {
            double x = LEFT + (p.step() - minStep) / (maxStep - minStep) * plotW;
            double y = TOP + (1 - (p.loss() - minLoss) / Math.max(1e-9, maxLoss - minLoss)) * plotH;
            path.append(path.length() == 0 ? "M" : " L").append(f(x)).append(',').append(f(y));
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"training loss by step\">\n");
        svg.append("  <title>Training loss by step</title>\n");
        svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(axis(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH)).append(axis(LEFT, TOP, LEFT, TOP + plotH));
        for (int i = 0; i <= 4; i++) {
            double loss = minLoss + (maxLoss - minLoss) * i / 4;
            double y = TOP + plotH - plotH * i / 4;
            svg.append(label(LEFT - 6, y + 4, "end", String.format(Locale.ROOT, "%.2f", loss)));
            double step = minStep + (maxStep - minStep) * i / 4;
            svg.append(label(LEFT + plotW * i / 4, TOP + plotH + 16, "middle", String.valueOf(Math.round(step))));
        }
        svg.append(label(LEFT + plotW / 2, HEIGHT - 6, "middle", "optimizer step"));
        svg.append(label(14, TOP + plotH / 2, "middle", "loss").replace("<text ", "<text transform=\"rotate(-90 14 "
                + f(TOP + plotH / 2) + ")\" "));
        svg.append("  <path d=\"").append(path).append("\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"1.5\"/>\n");
        return svg.append("</svg>\n").toString();
    }

    /** Replaces runs of consecutive points by their median loss, so the path stays small and single steps' noise is smoothed. */
    private static List<TrainingLog.Point> bucket(List<TrainingLog.Point> points) {
        if (points.size() <= MAX_POINTS) return points;
        int size = (int) Math.ceil(points.size() / (double) MAX_POINTS);
        List<TrainingLog.Point> out = new java.util.ArrayList<>();
        for (int from = 0; from < points.size(); from += size) {
            List<TrainingLog.Point> b = points.subList(from, Math.min(points.size(), from + size));
            out.add(new TrainingLog.Point(b.get(b.size() - 1).step(), TrainingLog.medianLoss(b),
                    b.get(b.size() - 1).learningRate()));
        }
        return out;
    }

    private static String axis(double x1, double y1, double x2, double y2) {
        return "  <line x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x2) + "\" y2=\"" + f(y2) + "\" stroke=\"#444\"/>\n";
    }

    private static String label(double x, double y, String anchor, String text) {
        return "  <text x=\"" + f(x) + "\" y=\"" + f(y) + "\" text-anchor=\"" + anchor + "\" fill=\"#222\">" + text + "</text>\n";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
