package io.nlpstream.app.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micronaut.core.annotation.Introspected;

/**
 * The items of {@code pipelines[i].decisions}: thresholds per model, rules in order, declared actions. Plain values;
 * {@code DecisionSettingsReader} checks them and builds the topology's {@code DecisionSettings}.
 */
public final class DecisionProperties {
    private DecisionProperties() {
    }

    /** {@code thresholds[j]}: one model's default threshold and per-label overrides. */
    @Introspected
    public static class ThresholdProperties {
        private String model;
        private Double threshold;
        private Map<String, Double> labels = new LinkedHashMap<>();

        public String getModel() {
            return model;
        }

        public void setModel(String model) {
            this.model = model;
        }

        /** The threshold of every label without its own; unset: only the listed labels are flagged. */
        public Double getThreshold() {
            return threshold;
        }

        public void setThreshold(Double threshold) {
            this.threshold = threshold;
        }

        public Map<String, Double> getLabels() {
            return labels;
        }

        public void setLabels(Map<String, Double> labels) {
            this.labels = labels;
        }
    }

    /** {@code rules[j]}: flags to match (any or all), an optional model and minimum score, and the action. */
    @Introspected
    public static class RuleProperties {
        private String name;
        private String model;
        private List<String> any = new ArrayList<>();
        private List<String> all = new ArrayList<>();
        private Double minScore;
        private String action;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getModel() {
            return model;
        }

        public void setModel(String model) {
            this.model = model;
        }

        public List<String> getAny() {
            return any;
        }

        public void setAny(List<String> any) {
            this.any = any;
        }

        public List<String> getAll() {
            return all;
        }

        public void setAll(List<String> all) {
            this.all = all;
        }

        public Double getMinScore() {
            return minScore;
        }

        public void setMinScore(Double minScore) {
            this.minScore = minScore;
        }

        public String getAction() {
            return action;
        }

        public void setAction(String action) {
            this.action = action;
        }
    }

    /** {@code actions[j]}: an action rules may name, and the topic its records are routed to, if any. */
    @Introspected
    public static class ActionProperties {
        private String name;
        private String topic;
        private String mode = "COPY";

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public String getMode() {
            return mode;
        }

        public void setMode(String mode) {
            this.mode = mode;
        }
    }
}
