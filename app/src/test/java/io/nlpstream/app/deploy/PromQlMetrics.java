package io.nlpstream.app.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls metric names out of PromQL expressions without a full parser: string literals, label matchers, range
 * selectors and grouping clauses are removed first, then every remaining identifier that is not a function call, a
 * keyword or a number is a metric name. Good enough for the expressions a dashboard and alert rules use, and strict
 * in the direction that matters: an unknown identifier is reported, never ignored.
 */
final class PromQlMetrics {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![0-9.$])\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "and", "or", "unless", "bool", "offset", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN", "atan2");

    private PromQlMetrics() {
    }

    static Set<String> metricNames(String expr) {
        String s = STRINGS.matcher(expr).replaceAll(" ");
        s = LABEL_MATCHERS.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            boolean call = m.group(2) != null;
            String id = m.group(1);
            if (!call && !KEYWORDS.contains(id)) {
                names.add(id);
            }
        }
        return names;
    }

    /** Metric names in a Grafana variable query: {@code label_values(metric, label)} or a plain PromQL query. */
    static Set<String> variableQueryMetrics(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        if (m.find()) {
            return Set.of(m.group(1));
        }
        if (query.startsWith("label_values(") || query.startsWith("label_names(")) {
            return Set.of();
        }
        return metricNames(query);
    }
}
