package io.nlpstream.app.http;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.nlpstream.app.service.StreamsRunner;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.assembly.EnrichmentTopology;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.topology.decision.DecisionPolicy;
import io.nlpstream.topology.enrich.BatchEnricher;
import io.nlpstream.topology.enrich.EventValidator;
import io.nlpstream.topology.enrich.StepRunner;
import io.nlpstream.topology.ranking.ResponseBaseView;

/**
 * {@code POST /v1/pipelines/{name}/decision} with {@code {"text": ..., "question": ...}}: what the pipeline would do
 * with an event carrying that text, without writing anything. The text passes the pipeline's text limit, its models
 * (through their shared batchers, as the stream's events do) and its decisions; the answer is the flags, the
 * decision and the topics the record would be written to.
 */
@Controller("/v1/pipelines")
// Waits for the models (bounded by the pipeline's batch.timeout): never on the event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
final class DecisionController {
    /** The answer. {@code topics}: where the enriched record would go. */
    record Preview(String pipeline, Decision decision, List<Flag> flags, List<String> topics) {
    }

    /** {@code rule} is null when no rule matched (the default allow). */
    record Decision(String action, String rule) {
    }

    record Flag(String label, double score, double threshold, String model, String modelVersion) {
    }

    /** The ranking step's response base is not readable yet. */
    private static final class ResponseBaseUnavailable extends RuntimeException {
        ResponseBaseUnavailable(String message) {
            super(message);
        }
    }

    private final StreamsRunner streams;

    DecisionController(StreamsRunner streams) {
        this.streams = streams;
    }

    @Post("/{name}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    HttpResponse<String> decide(String name, @Body String body) {
        Optional<PipelineSettings> found = streams.plan().settings().pipelines().stream()
                .filter(p -> p.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            return JsonResponses.error(HttpStatus.NOT_FOUND, "no pipeline named '" + name + "'");
        }
        PipelineSettings pipeline = found.get();
        JsonNode request;
        try {
            request = JsonResponses.JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return JsonResponses.error(HttpStatus.BAD_REQUEST, "not valid JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject() || !request.path("text").isTextual()) {
            return JsonResponses.error(HttpStatus.BAD_REQUEST, "expected a JSON object with a string field 'text'");
        }
        TextEvent event = TextEvent.newBuilder().setId("preview").setText(request.get("text").asText())
                .setQuestion(request.path("question").isTextual() ? request.get("question").asText() : null).build();
        EventValidator.Verdict admitted = new EventValidator(pipeline.textLimit(), pipeline.limits()).validate(event);
        if (admitted instanceof EventValidator.Verdict.Reject reject) {
            return JsonResponses.error(HttpStatus.UNPROCESSABLE_ENTITY, "the pipeline would dead-letter this event ("
                    + reject.reason() + "): " + reject.message());
        }
        TextEvent accepted = ((EventValidator.Verdict.Accept) admitted).event();
        List<StepRunner<?>> steps;
        try {
            steps = EnrichmentTopology.openSteps(pipeline, streams.plan().models(), this::responseBase);
        } catch (ResponseBaseUnavailable e) {
            return JsonResponses.error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        BatchEnricher.Outcome outcome = new BatchEnricher(steps, pipeline.batch().timeout(), pipeline.modelErrors())
                .submit(List.of(accepted)).outcomes().get(0);
        if (outcome instanceof BatchEnricher.Outcome.Failed failed) {
            return JsonResponses.error(HttpStatus.INTERNAL_SERVER_ERROR, "the pipeline would dead-letter this event "
                    + "(MODEL_ERROR): " + failed.message());
        }
        DecisionPolicy.Verdict verdict = new DecisionPolicy(pipeline.decisions())
                .evaluate(((BatchEnricher.Outcome.Enriched) outcome).results());
        return JsonResponses.ok(new Preview(pipeline.name(),
                new Decision(verdict.decision().getAction(), verdict.decision().getRule()),
                verdict.flags().stream().map(f -> new Flag(f.getLabel(), f.getScore(), f.getThreshold(), f.getModel(),
                        f.getModelVersion())).toList(), verdict.action().destinations(pipeline.outputTopic())));
    }

    private ResponseBaseView responseBase(String modelVersion) {
        return streams.responseBase(modelVersion).orElseThrow(() -> new ResponseBaseUnavailable("the response base "
                + "is not available until Kafka Streams is running (state " + streams.state() + ")"));
    }
}
