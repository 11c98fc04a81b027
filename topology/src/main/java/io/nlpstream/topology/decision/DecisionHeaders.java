package io.nlpstream.topology.decision;

import io.nlpstream.schemas.avro.Decision;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The decision as record headers (UTF-8 strings), so consumers can filter without decoding the value:
 * {@value #ACTION} always, {@value #RULE} only when a rule decided (not on the default allow).
 */
public final class DecisionHeaders {
    public static final String ACTION = "nlpstream.decision";
    public static final String RULE = "nlpstream.decision.rule";

    private DecisionHeaders() {
    }

    /** Replaces any decision headers of {@code headers} (an upstream service's, say) with {@code decision}'s. */
    public static Headers set(Headers headers, Decision decision) {
        headers.remove(ACTION);
        headers.remove(RULE);
        headers.add(ACTION, decision.getAction().getBytes(StandardCharsets.UTF_8));
        if (decision.getRule() != null) {
            headers.add(RULE, decision.getRule().getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }
}
