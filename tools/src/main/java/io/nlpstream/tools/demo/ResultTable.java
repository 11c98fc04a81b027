package io.nlpstream.tools.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.ExtractedAnswer;
import io.nlpstream.schemas.avro.Flag;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.NamedEntity;
import io.nlpstream.schemas.avro.RankingHit;

/**
 * Renders enriched events as fixed-width text rows: the event's id and text, then one column per model of the
 * pipeline, each showing that model's result the way a person reads it (best label, the labels the pipeline
 * flagged for a multi-label model, entities, the answer, the best response), then the pipeline's decision.
 */
public final class ResultTable {
    private static final int ID_WIDTH = 12;
    private static final int TEXT_WIDTH = 40;
    private static final int RESULT_WIDTH = 26;
    private static final int DECISION_WIDTH = 10;
    private static final int LATENCY_WIDTH = 6;

    private final List<String> models;
    private final List<String> multiLabelModels;

    /**
     * @param models           the pipeline's model names, one column each, in this order
     * @param multiLabelModels the classifiers among them whose labels are independent: their column shows the
     *                         labels the pipeline's thresholds flagged
     */
    public ResultTable(List<String> models, List<String> multiLabelModels) {
        this.models = List.copyOf(models);
        this.multiLabelModels = List.copyOf(multiLabelModels);
    }

    /** What the two latency figures of the demo measure, one line printed above the table. */
    static final String LATENCY_LEGEND = "ms: processing, from the event's arrival at the micro-batcher to its "
            + "enrichment; the summary's latency: produce to consume, including the wait behind the burst.";

    /** The legend line, the column names and a rule. */
    public String header() {
        List<String> cells = new ArrayList<>();
        cells.add(cell("id", ID_WIDTH));
        cells.add(cell("text", TEXT_WIDTH));
        models.forEach(m -> cells.add(cell(m, RESULT_WIDTH)));
        cells.add(cell("decision", DECISION_WIDTH));
        cells.add(cell("ms", LATENCY_WIDTH));
        String line = String.join(" | ", cells);
        return LATENCY_LEGEND + System.lineSeparator() + line + System.lineSeparator() + "-".repeat(line.length());
    }

    public String row(EnrichedTextEvent event) {
        List<String> cells = new ArrayList<>();
        cells.add(cell(event.getId(), ID_WIDTH));
        String text = event.getQuestion() == null ? event.getText() : "Q: " + event.getQuestion();
        cells.add(cell(text, TEXT_WIDTH));
        for (String model : models) {
            cells.add(cell(describe(find(event, model), multiLabelModels.contains(model) ? flagged(event, model)
                    : null), RESULT_WIDTH));
        }
        cells.add(cell(event.getDecision() == null ? "-" : event.getDecision().getAction(), DECISION_WIDTH));
        cells.add(cell(String.valueOf(event.getProcessingLatencyMs()), LATENCY_WIDTH));
        return String.join(" | ", cells);
    }

    private static ModelResult find(EnrichedTextEvent event, String model) {
        for (ModelResult result : event.getResults()) {
            if (result.getModel().equals(model)) {
                return result;
            }
        }
        return null;
    }

    /** The labels of {@code model} that the pipeline flagged on {@code event}. */
    private static List<String> flagged(EnrichedTextEvent event, String model) {
        return event.getFlags().stream().filter(f -> f.getModel().equals(model)).map(Flag::getLabel).toList();
    }

    /**
     * @param flagged the labels flagged for a multi-label classifier, shown instead of its best label; {@code null}
     *                for any other model
     */
    static String describe(ModelResult result, List<String> flagged) {
        if (result == null) {
            return "";
        }
        if (result.getError() != null) {
            return "error: " + result.getError();
        }
        return switch (result.getTask()) {
            case "text-classification" -> flagged != null ? (flagged.isEmpty() ? "-" : String.join(",", flagged))
                    : bestLabel(result.getLabels());
            case "token-classification" -> entities(result.getEntities());
            case "question-answering" -> answer(result.getAnswers());
            case "ranking" -> bestHit(result.getHits());
            default -> result.getTask();
        };
    }

    private static String bestLabel(List<Label> labels) {
        return labels.isEmpty() ? "-" : labels.get(0).getLabel() + " " + score(labels.get(0).getScore());
    }

    private static String entities(List<NamedEntity> entities) {
        if (entities.isEmpty()) {
            return "-";
        }
        return entities.stream().map(e -> e.getGroup() + ":" + e.getWord()).collect(Collectors.joining(" "));
    }

    private static String answer(List<ExtractedAnswer> answers) {
        return answers.isEmpty() ? "" : answers.get(0).getAnswer() + " " + score(answers.get(0).getScore());
    }

    private static String bestHit(List<RankingHit> hits) {
        return hits.isEmpty() ? "-" : hits.get(0).getResponseId() + " " + score(hits.get(0).getScore());
    }

    private static String score(double score) {
        return String.format(Locale.ROOT, "%.2f", score);
    }

    /** Pads or cuts to exactly {@code width} characters; line breaks become spaces. */
    static String cell(String value, int width) {
        String flat = value.replaceAll("\\s+", " ");
        if (flat.codePointCount(0, flat.length()) > width) {
            int end = flat.offsetByCodePoints(0, width - 1);
            return flat.substring(0, end) + "…";
        }
        int codePoints = flat.codePointCount(0, flat.length());
        return flat + " ".repeat(width - codePoints);
    }
}
