package io.nlpstream.app.infer;

import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.runtime.SessionSettings;

/**
 * How the infer command gets its model: {@code ModelLoader::load} in production, a fake in unit tests. The caller
 * of {@code open} owns the returned model and closes it.
 */
@FunctionalInterface
public interface ModelOpener {
    /** @throws ModelLoadException the model cannot be loaded; the message is one sentence for the user */
    LoadedModel open(String model, SessionSettings session, BatcherSettings batcher);
}
