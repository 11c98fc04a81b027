package io.nlpstream.app.service;

import java.util.Map;

import io.nlpstream.schemas.serde.EventFormat;
import io.nlpstream.topology.EnrichmentSettings;
import io.nlpstream.topology.ModelSet;

/**
 * The topology the configuration asks for: its settings and the model views its steps call, plus the value format
 * of every event topic (inputs and outputs), from which the serdes are made.
 */
public record EnrichmentPlan(EnrichmentSettings settings, ModelSet models, Map<String, EventFormat> formats) {
    public EnrichmentPlan {
        formats = Map.copyOf(formats);
    }

    public boolean usesAvro() {
        return formats.containsValue(EventFormat.AVRO);
    }
}
