package io.nlpstream.models.load;

import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.Task;
import io.nlpstream.models.runtime.OutputSpec;

import java.util.List;
import java.util.Optional;

/**
 * Tells the task from the graph's outputs, as Optimum names them: {@code start_logits} + {@code end_logits} is
 * question answering, a 3-D {@code logits} token classification, a 2-D {@code logits} text classification, and
 * {@code last_hidden_state} or {@code token_embeddings} feature extraction.
 */
public final class TaskDetector {

    private TaskDetector() {
    }

    public static Task detect(String modelName, List<OutputSpec> outputs) {
        if (find(outputs, "start_logits").isPresent() && find(outputs, "end_logits").isPresent()) {
            return Task.QUESTION_ANSWERING;
        }
        Optional<OutputSpec> logits = find(outputs, "logits");
        if (logits.isPresent()) {
            switch (logits.get().rank()) {
                case 3:
                    return Task.TOKEN_CLASSIFICATION;
                case 2:
                    return Task.TEXT_CLASSIFICATION;
                default:
                    throw new ModelLoadException("Model '" + modelName + "' has a " + logits.get().rank()
                            + "-D 'logits' output; the runtime understands 2-D (text classification) and 3-D"
                            + " (token classification).");
            }
        }
        if (find(outputs, "last_hidden_state").isPresent() || find(outputs, "token_embeddings").isPresent()) {
            return Task.FEATURE_EXTRACTION;
        }
        throw new ModelLoadException("Model '" + modelName + "' has outputs " + outputs
                + " from which no task can be told (expected logits, start_logits+end_logits, last_hidden_state"
                + " or token_embeddings).");
    }

    /** The output a head of {@code task} reads: the one that fixes labels or dimension. */
    public static OutputSpec primaryOutput(Task task, List<OutputSpec> outputs) {
        return switch (task) {
            case TEXT_CLASSIFICATION, TOKEN_CLASSIFICATION -> find(outputs, "logits").orElseThrow();
            case QUESTION_ANSWERING -> find(outputs, "start_logits").orElseThrow();
            case FEATURE_EXTRACTION -> find(outputs, "last_hidden_state")
                    .or(() -> find(outputs, "token_embeddings")).orElseThrow();
        };
    }

    private static Optional<OutputSpec> find(List<OutputSpec> outputs, String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
