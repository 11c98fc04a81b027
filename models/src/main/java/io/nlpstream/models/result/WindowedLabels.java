package io.nlpstream.models.result;

import java.util.List;

/** Text classification of a whole text: the labels as without windows, and how many windows were read. */
public record WindowedLabels(List<LabelScore> labels, int windows) {
    public WindowedLabels {
        labels = List.copyOf(labels);
    }
}
