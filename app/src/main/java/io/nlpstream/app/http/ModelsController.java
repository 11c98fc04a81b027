package io.nlpstream.app.http;

import java.util.List;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.nlpstream.app.service.CatalogEntry;
import io.nlpstream.app.service.ModelCatalog;
import io.nlpstream.models.ModelInfo;

/** {@code GET /models}: what is loaded, which version, and where it runs. */
@Controller("/models")
final class ModelsController {
    /** One loaded model as {@code /models} lists it. */
    record ModelView(String name, String version, String task, String executionProvider, List<String> labels,
                     int maxSequenceLength) {
    }

    private final ModelCatalog catalog;

    ModelsController(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Get
    HttpResponse<String> models() {
        return JsonResponses.ok(catalog.entries().stream().map(ModelsController::view).toList());
    }

    private static ModelView view(CatalogEntry entry) {
        ModelInfo info = entry.model().info();
        return new ModelView(entry.name(), info.version(), info.task().id(), info.executionProvider(), info.labels(),
                info.maxSequenceLength());
    }
}
