package io.nlpstream.tools.bench;

import java.util.List;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * The in-process embedding peer: LangChain4j's int8 all-MiniLM-L6-v2 (the very ONNX file our built-in ranker
 * loads) as its users call it, {@code embedAll} over chunks of texts with its default executor (one thread per
 * core, one text per ONNX call) and its default ONNX Runtime session options.
 */
final class LangChain4jPeer implements Contender {
    /** Texts per {@code embedAll} call: enough for its executor to keep every core busy. */
    static final int CHUNK = 256;

    private final Timed<TextSegment> timed;

    LangChain4jPeer(List<String> texts) {
        EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        this.timed = new Timed<>(segments, CHUNK, chunk -> model.embedAll(chunk).content().size());
    }

    @Override
    public Rate run(Slice slice) {
        return timed.run(slice);
    }

    @Override
    public void close() {
        // the model has nothing to release; its executor's idle threads time out
    }
}
