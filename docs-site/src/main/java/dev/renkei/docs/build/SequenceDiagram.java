package dev.renkei.docs.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a small text description of a sequence diagram as inline SVG at build time, so the
 * guides need no diagram script at view time. The language has three kinds of line:
 *
 * <pre>
 * participant P: Partner program     (declares a lifeline, left to right)
 * P -> B: redirect to /authorize      (a call; "-->" draws a dashed answer)
 * note B R: the consent journey       (a note over one lifeline or spanning two)
 * </pre>
 *
 * Messages are numbered so the text around the diagram can refer to steps. Colours and fonts
 * come from the site's style sheet (classes {@code seq-*}).
 */
final class SequenceDiagram {

    private static final Pattern PARTICIPANT = Pattern.compile("participant\\s+(\\w+)\\s*:\\s*(.+)");
    private static final Pattern MESSAGE = Pattern.compile("(\\w+)\\s*(-->|->)\\s*(\\w+)\\s*:\\s*(.+)");
    private static final Pattern NOTE = Pattern.compile("note\\s+(\\w+)(?:\\s+(\\w+))?\\s*:\\s*(.+)");

    private static final int MARGIN = 16;
    private static final int BOX_HEIGHT = 34;
    private static final int ROW = 40;
    private static final int NOTE_HEIGHT = 28;
    private static final int MIN_BOX = 120;

    private record Step(int from, int to, boolean answer, boolean note, String text) {
    }

    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final List<String> labels = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final String title;

    private SequenceDiagram(String title) {
        this.title = title;
    }

    /**
     * Parses the description.
     *
     * @param title  the accessible name of the figure
     * @param source the lines of the description
     * @throws SiteException on a line it does not understand or an undeclared participant
     */
    static SequenceDiagram parse(String title, String source) {
        SequenceDiagram diagram = new SequenceDiagram(title);
        int number = 0;
        for (String raw : source.split("\n")) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m;
            if ((m = PARTICIPANT.matcher(line)).matches()) {
                if (diagram.index.putIfAbsent(m.group(1), diagram.labels.size()) != null) {
                    throw new SiteException("sequence diagram line " + number + ": participant declared twice: " + m.group(1));
                }
                diagram.labels.add(m.group(2).strip());
            } else if ((m = MESSAGE.matcher(line)).matches()) {
                int from = diagram.lane(m.group(1), number);
                int to = diagram.lane(m.group(3), number);
                if (from == to) {
                    throw new SiteException("sequence diagram line " + number + ": a message needs two participants (use a note)");
                }
                diagram.steps.add(new Step(from, to, m.group(2).equals("-->"), false, m.group(4).strip()));
            } else if ((m = NOTE.matcher(line)).matches()) {
                int a = diagram.lane(m.group(1), number);
                int b = m.group(2) == null ? a : diagram.lane(m.group(2), number);
                diagram.steps.add(new Step(Math.min(a, b), Math.max(a, b), false, true, m.group(3).strip()));
            } else {
                throw new SiteException("sequence diagram line " + number + " not understood: " + line);
            }
        }
        if (diagram.labels.isEmpty() || diagram.steps.isEmpty()) {
            throw new SiteException("sequence diagram '" + title + "' has no participants or no steps");
        }
        return diagram;
    }

    private int lane(String name, int line) {
        Integer lane = index.get(name);
        if (lane == null) {
            throw new SiteException("sequence diagram line " + line + ": undeclared participant " + name);
        }
        return lane;
    }

    /** Estimated width in pixels of text at the diagram's 13px font: CJK glyphs are full width. */
    static double textWidth(String text) {
        double width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            width += cp >= 0x1100 && !(cp >= 0x2000 && cp <= 0x206F) ? 13.5 : cp == ' ' ? 3.6 : 6.7;
            i += Character.charCount(cp);
        }
        return width;
    }

    /** The diagram as an {@code <svg>} element for inline use in a page. */
    String toSvg(String id) {
        int n = labels.size();
        double[] box = new double[n];
        for (int i = 0; i < n; i++) {
            box[i] = Math.max(MIN_BOX, textWidth(labels.get(i)) + 24);
        }
        double[] gap = new double[Math.max(0, n - 1)];
        for (int i = 0; i < n - 1; i++) {
            gap[i] = (box[i] + box[i + 1]) / 2 + 24;
        }
        int counter = 0;
        for (Step step : steps) {
            String text = step.note ? step.text : (++counter) + ". " + step.text;
            int lo = Math.min(step.from, step.to);
            int hi = Math.max(step.from, step.to);
            if (lo == hi) {
                continue;
            }
            double needed = textWidth(text) + (step.note ? 40 : 28);
            double have = 0;
            for (int i = lo; i < hi; i++) {
                have += gap[i];
            }
            if (have < needed) {
                for (int i = lo; i < hi; i++) {
                    gap[i] += (needed - have) / (hi - lo);
                }
            }
        }
        double[] x = new double[n];
        x[0] = MARGIN + box[0] / 2;
        for (int i = 1; i < n; i++) {
            x[i] = x[i - 1] + gap[i - 1];
        }
        // Notes over a single lifeline may be wider than the space beside it.
        double left = MARGIN;
        double right = x[n - 1] + box[n - 1] / 2;
        for (Step step : steps) {
            if (step.note && step.from == step.to) {
                double half = (textWidth(step.text) + 20) / 2;
                left = Math.min(left, x[step.from] - half);
                right = Math.max(right, x[step.from] + half);
            }
        }
        double shift = MARGIN - left;
        for (int i = 0; i < n; i++) {
            x[i] += shift;
        }
        double width = Math.ceil(right + shift + MARGIN);
        double bottomBox = BOX_HEIGHT + 24 + steps.size() * ROW;
        double height = bottomBox + BOX_HEIGHT + MARGIN;

        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"seq\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(fmt(width)).append(' ').append(fmt(height)).append("\" width=\"").append(fmt(width))
                .append("\" aria-labelledby=\"").append(id).append("-title\">\n");
        svg.append("<title id=\"").append(id).append("-title\">").append(escape(title)).append("</title>\n");
        svg.append("<defs><marker id=\"").append(id).append("-head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" ")
                .append("markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">")
                .append("<path class=\"seq-head\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n");
        for (int i = 0; i < n; i++) {
            svg.append("<line class=\"seq-lifeline\" x1=\"").append(fmt(x[i])).append("\" y1=\"").append(MARGIN + BOX_HEIGHT)
                    .append("\" x2=\"").append(fmt(x[i])).append("\" y2=\"").append(fmt(bottomBox)).append("\"/>\n");
            for (double top : new double[] {MARGIN, bottomBox}) {
                svg.append("<rect class=\"seq-actor\" x=\"").append(fmt(x[i] - box[i] / 2)).append("\" y=\"").append(fmt(top))
                        .append("\" width=\"").append(fmt(box[i])).append("\" height=\"").append(BOX_HEIGHT).append("\" rx=\"4\"/>")
                        .append("<text class=\"seq-actor-label\" x=\"").append(fmt(x[i])).append("\" y=\"")
                        .append(fmt(top + BOX_HEIGHT / 2.0 + 4.5)).append("\" text-anchor=\"middle\">")
                        .append(escape(labels.get(i))).append("</text>\n");
            }
        }
        double y = MARGIN + BOX_HEIGHT + 24;
        counter = 0;
        for (Step step : steps) {
            if (step.note) {
                double half = step.from == step.to ? (textWidth(step.text) + 20) / 2 : 0;
                double x1 = step.from == step.to ? x[step.from] - half : x[step.from] - 20;
                double x2 = step.from == step.to ? x[step.from] + half : x[step.to] + 20;
                svg.append("<rect class=\"seq-note\" x=\"").append(fmt(x1)).append("\" y=\"").append(fmt(y))
                        .append("\" width=\"").append(fmt(x2 - x1)).append("\" height=\"").append(NOTE_HEIGHT).append("\"/>")
                        .append("<text class=\"seq-note-label\" x=\"").append(fmt((x1 + x2) / 2)).append("\" y=\"")
                        .append(fmt(y + NOTE_HEIGHT / 2.0 + 4.5)).append("\" text-anchor=\"middle\">")
                        .append(escape(step.text)).append("</text>\n");
            } else {
                double arrowY = y + 20;
                double x1 = x[step.from];
                double x2 = x[step.to];
                String text = (++counter) + ". " + step.text;
                svg.append("<line class=\"").append(step.answer ? "seq-answer" : "seq-call").append("\" x1=\"").append(fmt(x1))
                        .append("\" y1=\"").append(fmt(arrowY)).append("\" x2=\"").append(fmt(x2)).append("\" y2=\"")
                        .append(fmt(arrowY)).append("\" marker-end=\"url(#").append(id).append("-head)\"/>")
                        .append("<text class=\"seq-label\" x=\"").append(fmt((x1 + x2) / 2)).append("\" y=\"")
                        .append(fmt(arrowY - 6)).append("\" text-anchor=\"middle\">").append(escape(text)).append("</text>\n");
            }
            y += ROW;
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
