package io.nlpstream.app.http;

import java.util.List;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.nlpstream.app.config.SessionProperties;
import io.nlpstream.app.service.CatalogEntry;
import io.nlpstream.app.service.ModelCatalog;
import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.runtime.SessionSettings;

/** {@code GET /models}: what is loaded, which version, and where it runs (provider and CUDA device). */
@Controller("/models")
final class ModelsController {
    /** One loaded model as {@code /models} lists it. */
    record ModelView(String name, String version, String task, String executionProvider, String device,
                     List<String> labels, int maxSequenceLength) {
    }

    private final ModelCatalog catalog;
    private final SessionSettings session;

    ModelsController(ModelCatalog catalog, SessionProperties session) {
        this.catalog = catalog;
        this.session = ModelCatalog.sessionSettings(session);
    }

    @Get
    HttpResponse<String> models() {
        return JsonResponses.ok(catalog.entries().stream().map(this::view).toList());
    }

    private ModelView view(CatalogEntry entry) {
        ModelInfo info = entry.model().info();
        return new ModelView(entry.name(), info.version(), info.task().id(), info.executionProvider(),
                ModelCatalog.device(info.executionProvider(), session), info.labels(), info.maxSequenceLength());
    }
}
