package io.nlpstream.topology.enrich;

import io.nlpstream.models.ModelInfo;
import io.nlpstream.schemas.avro.ExtractedAnswer;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.NamedEntity;
import io.nlpstream.schemas.avro.RankingHit;
import java.util.List;

/** Builds {@link ModelResult}s: one step's name, version and task, with only the list its task fills. */
final class ModelResults {
    static final String RANKING_TASK = "ranking";

    private final String model;
    private final String version;
    private final String task;

    ModelResults(String model, ModelInfo info, String task) {
        this.model = model;
        this.version = info.version();
        this.task = task;
    }

    String model() {
        return model;
    }

    ModelResult labels(List<Label> labels) {
        return new ModelResult(model, version, task, labels, List.of(), List.of(), List.of(), null);
    }

    ModelResult entities(List<NamedEntity> entities) {
        return new ModelResult(model, version, task, List.of(), entities, List.of(), List.of(), null);
    }

    ModelResult answers(List<ExtractedAnswer> answers) {
        return new ModelResult(model, version, task, List.of(), List.of(), answers, List.of(), null);
    }

    ModelResult hits(List<RankingHit> hits) {
        return new ModelResult(model, version, task, List.of(), List.of(), List.of(), hits, null);
    }

    ModelResult error(String error) {
        return new ModelResult(model, version, task, List.of(), List.of(), List.of(), List.of(), error);
    }
}
