package io.nlpstream.models.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A HuggingFace fast tokenizer read from {@code tokenizer.json}, encoding exactly as transformers calls it: special
 * tokens added, no padding (the batcher pads), truncation only when asked. Offsets are Unicode code point offsets,
 * as Python reports them.
 *
 * <p>The truncation and padding settings stored in {@code tokenizer.json} are ignored, as transformers ignores them:
 * every call states its own. The native tokenizer's truncation is fixed when it is built, so one native instance is
 * kept per (mode, max length, stride); a model uses one or two of them. Thread-safe.
 */
public final class TextTokenizer implements AutoCloseable {

    private enum Mode { NONE, SINGLE, SINGLE_WINDOWS, PAIR_WINDOWS }

    private record Setup(Mode mode, int maxLength, int stride) {
    }

    private final Path file;
    private final String[] vocabulary;
    private final long unknownId;
    private final String continuingSubwordPrefix;
    private final WordPieceDecoder decoder;
    private final Map<Setup, HuggingFaceTokenizer> natives = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private TextTokenizer(Path file, String[] vocabulary, long unknownId, String continuingSubwordPrefix,
                          WordPieceDecoder decoder) {
        this.file = file;
        this.vocabulary = vocabulary;
        this.unknownId = unknownId;
        this.continuingSubwordPrefix = continuingSubwordPrefix;
        this.decoder = decoder;
    }

    /** Reads a {@code tokenizer.json}; fails with {@link TokenizerException} when it is missing or unusable. */
    public static TextTokenizer fromFile(Path tokenizerJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(tokenizerJson));
        } catch (IOException e) {
            throw new TokenizerException("Cannot read tokenizer file " + tokenizerJson + ": " + e.getMessage(), e);
        }
        JsonNode model = root.path("model");
        JsonNode vocab = model.path("vocab");
        if (!vocab.isObject()) {
            throw new TokenizerException("Tokenizer file " + tokenizerJson + " has no model.vocab map; only "
                    + "WordPiece/BERT-style tokenizers are supported, found model type '"
                    + model.path("type").asText("?") + "'");
        }
        int size = 0;
        for (JsonNode id : vocab) {
            size = Math.max(size, id.asInt() + 1);
        }
        for (JsonNode added : root.path("added_tokens")) {
            size = Math.max(size, added.path("id").asInt() + 1);
        }
        String[] tokens = new String[size];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            tokens[entry.getValue().asInt()] = entry.getKey();
        }
        for (JsonNode added : root.path("added_tokens")) {
            tokens[added.path("id").asInt()] = added.path("content").asText();
        }
        String unk = model.path("unk_token").asText(null);
        long unkId = unk == null || !vocab.has(unk) ? -1 : vocab.get(unk).asLong();
        String prefix = model.path("continuing_subword_prefix").asText(null);
        TextTokenizer tokenizer = new TextTokenizer(tokenizerJson, tokens, unkId, prefix,
                WordPieceDecoder.fromConfig(root.path("decoder")));
        tokenizer.nativeFor(new Setup(Mode.NONE, 0, 0)); // fail fast on a file the native tokenizer rejects
        return tokenizer;
    }

    /** One sequence with special tokens, truncated to {@code maxLength} tokens (specials included). */
    public Encoding encode(String text, int maxLength) {
        try {
            return convert(nativeFor(new Setup(Mode.SINGLE, maxLength, 0)).encode(text));
        } catch (TokenizerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TokenizerException("Cannot encode a text of " + text.length() + " chars to at most "
                    + maxLength + " tokens: " + e.getMessage(), e);
        }
    }

    /**
     * One text as the transformers fast tokenizer encodes it with {@code truncation=True},
     * {@code max_length=maxLength}, {@code stride=stride} and {@code return_overflowing_tokens=True}: the whole text in
     * windows of at most {@code maxLength} tokens (special tokens included), each overlapping the previous one by
     * {@code stride} tokens, in order. Offsets index the text itself in every window.
     */
    public List<Encoding> encodeWindows(String text, int maxLength, int stride) {
        ai.djl.huggingface.tokenizers.Encoding raw;
        try {
            raw = nativeFor(new Setup(Mode.SINGLE_WINDOWS, maxLength, stride)).encode(text);
        } catch (TokenizerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TokenizerException("Cannot split a text of " + text.length() + " chars into windows of "
                    + maxLength + " tokens with a stride of " + stride + ": " + e.getMessage(), e);
        }
        return withOverflowing(raw);
    }

    /**
     * A question and a context as the transformers fast tokenizer encodes them with {@code truncation="only_second"},
     * {@code max_length=maxLength}, {@code stride=stride} and {@code return_overflowing_tokens=True}: the question
     * whole in every window, the context split into windows that overlap by {@code stride} tokens, in order.
     * Context offsets ({@code sequenceIds == 1}) index the context, question offsets index the question.
     */
    public List<Encoding> encodePairWindows(String question, String context, int maxLength, int stride) {
        ai.djl.huggingface.tokenizers.Encoding raw;
        try {
            raw = nativeFor(new Setup(Mode.PAIR_WINDOWS, maxLength, stride)).encode(question, context);
        } catch (TokenizerException e) {
            throw e;
        } catch (RuntimeException e) {
            // the native side refuses when the question alone does not leave room for stride + 1 context tokens
            throw new TokenizerException("Cannot split the context into windows of " + maxLength + " tokens with a "
                    + "stride of " + stride + " (question too long?): " + e.getMessage(), e);
        }
        return withOverflowing(raw);
    }

    private static List<Encoding> withOverflowing(ai.djl.huggingface.tokenizers.Encoding raw) {
        ai.djl.huggingface.tokenizers.Encoding[] overflowing = raw.getOverflowing();
        List<Encoding> windows = new ArrayList<>(1 + overflowing.length);
        windows.add(convert(raw));
        for (ai.djl.huggingface.tokenizers.Encoding window : overflowing) {
            windows.add(convert(window));
        }
        return windows;
    }

    /** Tokens the model would see for this text untruncated, special tokens included. */
    public int tokenCount(String text) {
        return nativeFor(new Setup(Mode.NONE, 0, 0)).encode(text).getIds().length;
    }

    /**
     * The text of the first {@code maxTokens} tokens of {@code text} (no special tokens), cut at the end of the
     * last kept token; the text itself when it is not longer.
     */
    public String truncateText(String text, int maxTokens) {
        ai.djl.huggingface.tokenizers.Encoding raw =
                nativeFor(new Setup(Mode.NONE, 0, 0)).encode(text, false, false);
        CharSpan[] spans = raw.getCharTokenSpans();
        if (spans.length <= maxTokens) {
            return text;
        }
        return maxTokens == 0 ? "" : CodePoints.slice(text, 0, spans[maxTokens - 1].getEnd());
    }

    /** The vocabulary entry of an id ({@code convert_ids_to_tokens}). */
    public String token(long id) {
        if (id < 0 || id >= vocabulary.length || vocabulary[(int) id] == null) {
            throw new TokenizerException("Token id " + id + " is not in the vocabulary of " + file);
        }
        return vocabulary[(int) id];
    }

    /** The unknown token's id, -1 when the vocabulary has none. */
    public long unknownTokenId() {
        return unknownId;
    }

    /** The WordPiece continuation prefix (e.g. {@code ##}), {@code null} when the model has none. */
    public String continuingSubwordPrefix() {
        return continuingSubwordPrefix;
    }

    /** {@code convert_tokens_to_string}: joins tokens as the tokenizer's decoder does. */
    public String tokensToString(List<String> tokens) {
        return decoder.decode(tokens);
    }

    private HuggingFaceTokenizer nativeFor(Setup setup) {
        if (closed) {
            throw new TokenizerException("Tokenizer " + file + " is closed");
        }
        return natives.computeIfAbsent(setup, this::build);
    }

    private HuggingFaceTokenizer build(Setup setup) {
        HuggingFaceTokenizer.Builder builder = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(true)
                .optPadding(false)
                .optWithOverflowingTokens(setup.mode() == Mode.PAIR_WINDOWS || setup.mode() == Mode.SINGLE_WINDOWS);
        switch (setup.mode()) {
            // the stride is stated even where unused: DJL would otherwise keep the one stored in tokenizer.json
            case NONE -> builder.optTruncation(false).optStride(0);
            case SINGLE -> builder.optTruncation(true).optMaxLength(setup.maxLength()).optStride(0);
            case SINGLE_WINDOWS -> builder.optTruncation(true).optMaxLength(setup.maxLength())
                    .optStride(setup.stride());
            case PAIR_WINDOWS -> builder.optTruncateSecondOnly().optMaxLength(setup.maxLength())
                    .optStride(setup.stride());
            default -> throw new IllegalStateException("unreachable");
        }
        try {
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException("Cannot load tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    private static Encoding convert(ai.djl.huggingface.tokenizers.Encoding raw) {
        long[] ids = raw.getIds();
        int n = ids.length;
        long[] words = raw.getWordIds();
        long[] sequences = raw.getSequenceIds();
        long[] specialMask = raw.getSpecialTokenMask();
        CharSpan[] spans = raw.getCharTokenSpans();
        int[] wordIds = new int[n];
        int[] sequenceIds = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        boolean[] special = new boolean[n];
        for (int i = 0; i < n; i++) {
            wordIds[i] = (int) words[i];
            sequenceIds[i] = (int) sequences[i];
            special[i] = specialMask[i] != 0;
            // DJL reports code point offsets already (the Rust side's char offsets) and null for special tokens
            CharSpan span = spans[i];
            if (span != null && !special[i]) {
                starts[i] = span.getStart();
                ends[i] = span.getEnd();
            }
        }
        return new Encoding(ids, raw.getTypeIds(), raw.getAttentionMask(), wordIds, sequenceIds, starts, ends,
                special);
    }

    /** Releases the native tokenizers; later calls fail with {@link TokenizerException}. */
    @Override
    public void close() {
        closed = true;
        natives.values().forEach(HuggingFaceTokenizer::close);
        natives.clear();
    }
}
