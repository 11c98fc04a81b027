package io.nlpstream.app.service;

import io.nlpstream.app.infer.TaskOptions;
import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.Task;

/** A configured model: its name, the loaded model behind one shared session and batcher, and its task options. */
public record CatalogEntry(String name, LoadedModel model, TaskOptions options) {
    public Task task() {
        return model.info().task();
    }
}
