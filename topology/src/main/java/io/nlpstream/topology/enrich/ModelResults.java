package io.nlpstream.topology.enrich;

import io.nlpstream.models.ModelInfo;
import io.nlpstream.schemas.avro.ExtractedAnswer;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.NamedEntity;
import io.nlpstream.schemas.avro.RankingHit;
import java.util.List;

/**
 * Builds {@link ModelResult}s for a {@link StepRunner}: one step's name, version and task, with only the list its task
 * fills.
 */
public final class ModelResults {
    public static final String RANKING_TASK = "ranking";

    private final String model;
    private final String version;
    private final String task;

    /** Results of a step whose task is its model's own. */
    public ModelResults(String model, ModelInfo info) {
        this(model, info, info.task().id());
    }

    public ModelResults(String model, ModelInfo info, String task) {
        this.model = model;
        this.version = info.version();
        this.task = task;
    }

    public String model() {
        return model;
    }

    public ModelResult labels(List<Label> labels) {
        return new ModelResult(model, version, task, labels, List.of(), List.of(), List.of(), null);
    }

    public ModelResult entities(List<NamedEntity> entities) {
        return new ModelResult(model, version, task, List.of(), entities, List.of(), List.of(), null);
    }

    public ModelResult answers(List<ExtractedAnswer> answers) {
        return new ModelResult(model, version, task, List.of(), List.of(), answers, List.of(), null);
    }

    public ModelResult hits(List<RankingHit> hits) {
        return new ModelResult(model, version, task, List.of(), List.of(), List.of(), hits, null);
    }

    public ModelResult error(String error) {
        return new ModelResult(model, version, task, List.of(), List.of(), List.of(), List.of(), error);
    }
}
