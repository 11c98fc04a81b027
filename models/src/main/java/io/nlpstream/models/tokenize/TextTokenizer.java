package io.nlpstream.models.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A HuggingFace fast tokenizer read from {@code tokenizer.json}, whatever its model (WordPiece, byte-level BPE,
 * SentencePiece Unigram, WordLevel) with its own normalizer, pre-tokenizer and post-processor (special tokens and
 * pair templates: {@code [CLS] A [SEP] B [SEP]}, {@code <s> A </s></s> B </s>}), encoding exactly as transformers
 * calls it: special tokens added, no padding (the batcher pads), truncation only when asked. Offsets are Unicode
 * code point offsets, as Python reports them. Tokens are turned back into text by the file's own decoder
 * ({@link TokenDecoder}).
 *
 * <p>The special tokens transformers reads from {@code tokenizer_config.json} beside the file ({@code pad_token},
 * {@code unk_token}, {@code cls_token}, {@code padding_side}) are read from there too, falling back to what
 * {@code tokenizer.json} says (its padding, its model's unknown token, its post-processor's first special token).
 *
 * <p>The truncation and padding settings stored in {@code tokenizer.json} are ignored, as transformers ignores them:
 * every call states its own. The native tokenizer's truncation is fixed when it is built, so one native instance is
 * kept per (mode, max length, stride); a model uses one or two of them. Thread-safe.
 */
public final class TextTokenizer implements AutoCloseable {

    private enum Mode { NONE, LONGEST_FIRST, SINGLE_WINDOWS, WINDOWS_OF_FIRST, WINDOWS_OF_SECOND }

    private record Setup(Mode mode, int maxLength, int stride) {
    }

    /** What the tokenizer's files say beside the native tokenizer. */
    private record Description(String[] vocabulary, long unknownId, String continuingSubwordPrefix,
                               TokenDecoder decoder, PaddingSide paddingSide, long padId, long clsId) {
    }

    private final Path file;
    private final Description description;
    private final Map<Setup, HuggingFaceTokenizer> natives = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private TextTokenizer(Path file, Description description) {
        this.file = file;
        this.description = description;
    }

    /**
     * Reads a {@code tokenizer.json} (and the {@code tokenizer_config.json} beside it, when there is one); fails with
     * {@link TokenizerException} when it is missing or unusable.
     */
    public static TextTokenizer fromFile(Path tokenizerJson) {
        JsonNode root = readJson(tokenizerJson);
        Path configFile = tokenizerJson.resolveSibling("tokenizer_config.json");
        JsonNode config = Files.isRegularFile(configFile) ? readJson(configFile)
                : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        TextTokenizer tokenizer = new TextTokenizer(tokenizerJson, describe(tokenizerJson, root, config));
        tokenizer.nativeFor(new Setup(Mode.NONE, 0, 0)); // fail fast on a file the native tokenizer rejects
        return tokenizer;
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new TokenizerException("Cannot read tokenizer file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Description describe(Path file, JsonNode root, JsonNode config) {
        JsonNode model = root.path("model");
        Map<String, Long> ids = new HashMap<>();
        JsonNode vocab = model.path("vocab");
        if (vocab.isObject()) { // WordPiece, BPE, WordLevel: token -> id
            vocab.fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue().asLong()));
        } else if (vocab.isArray()) { // Unigram: [piece, score] by id
            for (int i = 0; i < vocab.size(); i++) {
                ids.put(vocab.get(i).path(0).asText(), (long) i);
            }
        } else {
            throw new TokenizerException("Tokenizer file " + file + " has no model.vocab (model type '"
                    + model.path("type").asText("?") + "')");
        }
        for (JsonNode added : root.path("added_tokens")) {
            ids.put(added.path("content").asText(), added.path("id").asLong());
        }
        long size = ids.values().stream().mapToLong(Long::longValue).max().orElse(-1) + 1;
        String[] tokens = new String[(int) size];
        ids.forEach((token, id) -> tokens[id.intValue()] = token);

        long modelUnknown = model.has("unk_id") && !model.path("unk_id").isNull() ? model.path("unk_id").asLong()
                : ids.getOrDefault(model.path("unk_token").asText(""), -1L);
        long unknownId = idOf(ids, special(config, "unk_token"), modelUnknown);
        String prefix = model.path("continuing_subword_prefix").asText("");
        JsonNode padding = root.path("padding");
        long padId = idOf(ids, special(config, "pad_token"),
                padding.isObject() ? padding.path("pad_id").asLong(0) : 0);
        PaddingSide side = config.has("padding_side")
                ? PaddingSide.valueOf(config.path("padding_side").asText().toUpperCase(java.util.Locale.ROOT))
                : padding.path("direction").asText("Right").equalsIgnoreCase("left") ? PaddingSide.LEFT
                : PaddingSide.RIGHT;
        long clsId = idOf(ids, special(config, "cls_token"), firstSpecialOf(root.path("post_processor"), ids));
        return new Description(tokens, unknownId, prefix.isEmpty() ? null : prefix,
                TokenDecoder.fromConfig(root.path("decoder")), side, padId, clsId);
    }

    /** A special token of {@code tokenizer_config.json}: a string or an added-token object; {@code null} if absent. */
    private static String special(JsonNode config, String name) {
        JsonNode node = config.path(name);
        if (node.isTextual()) {
            return node.asText();
        }
        return node.isObject() && node.has("content") ? node.path("content").asText() : null;
    }

    private static long idOf(Map<String, Long> ids, String token, long fallback) {
        return token != null && ids.containsKey(token) ? ids.get(token) : fallback;
    }

    /** The special token a post-processor puts first in a single sequence ({@code [CLS]}, {@code <s>}); -1 if none. */
    private static long firstSpecialOf(JsonNode processor, Map<String, Long> ids) {
        switch (processor.path("type").asText("")) {
            case "BertProcessing", "RobertaProcessing" -> {
                return processor.path("cls").path(1).asLong(-1);
            }
            case "TemplateProcessing" -> {
                JsonNode first = processor.path("single").path(0).path("SpecialToken");
                return first.isObject() ? ids.getOrDefault(first.path("id").asText(), -1L) : -1;
            }
            case "Sequence" -> {
                for (JsonNode step : processor.path("processors")) {
                    long id = firstSpecialOf(step, ids);
                    if (id >= 0) {
                        return id;
                    }
                }
                return -1;
            }
            default -> {
                return -1;
            }
        }
    }

    /** One sequence with special tokens, truncated to {@code maxLength} tokens (specials included). */
    public Encoding encode(String text, int maxLength) {
        try {
            return convert(nativeFor(new Setup(Mode.LONGEST_FIRST, maxLength, 0)).encode(text));
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
     * A text pair as transformers encodes {@code tokenizer(text, text_pair, truncation=True)}: the post-processor's
     * pair template, truncated to {@code maxLength} tokens by {@code longest_first} (a token off the longer text
     * at a time). Offsets of {@code sequenceIds == 1} tokens index {@code pair}.
     */
    public Encoding encodePair(String text, String pair, int maxLength) {
        try {
            return convert(nativeFor(new Setup(Mode.LONGEST_FIRST, maxLength, 0)).encode(text, pair));
        } catch (TokenizerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TokenizerException("Cannot encode a text pair of " + text.length() + " and " + pair.length()
                    + " chars to at most " + maxLength + " tokens: " + e.getMessage(), e);
        }
    }

    /**
     * A pair as the transformers fast tokenizer encodes it with {@code truncation="only_second"} (or
     * {@code "only_first"}), {@code max_length=maxLength}, {@code stride=stride} and
     * {@code return_overflowing_tokens=True}: the other text whole in every window, the {@code windowed} text split
     * into windows that overlap by {@code stride} tokens, in order. Offsets index the text each token comes from
     * ({@link Encoding#sequenceIds()}).
     */
    public List<Encoding> encodeWindows(String first, String second, int maxLength, int stride,
                                        WindowedText windowed) {
        Mode mode = windowed == WindowedText.FIRST ? Mode.WINDOWS_OF_FIRST : Mode.WINDOWS_OF_SECOND;
        ai.djl.huggingface.tokenizers.Encoding raw;
        try {
            raw = nativeFor(new Setup(mode, maxLength, stride)).encode(first, second);
        } catch (TokenizerException e) {
            throw e;
        } catch (RuntimeException e) {
            // the native side refuses when the whole text alone does not leave room for stride + 1 windowed tokens
            throw new TokenizerException("Cannot split the " + (windowed == WindowedText.FIRST ? "first" : "second")
                    + " text into windows of " + maxLength + " tokens with a stride of " + stride
                    + " (the other text too long?): " + e.getMessage(), e);
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
        String[] vocabulary = description.vocabulary();
        if (id < 0 || id >= vocabulary.length || vocabulary[(int) id] == null) {
            throw new TokenizerException("Token id " + id + " is not in the vocabulary of " + file);
        }
        return vocabulary[(int) id];
    }

    /** The unknown token's id ({@code unk_token_id}), -1 when the tokenizer has none. */
    public long unknownTokenId() {
        return description.unknownId();
    }

    /**
     * The model's continuing-subword prefix (WordPiece's {@code ##}), {@code null} when it has none (byte-level BPE,
     * SentencePiece): the token-classification pipeline then tells sub-words by the characters around a token.
     */
    public String continuingSubwordPrefix() {
        return description.continuingSubwordPrefix();
    }

    /** The id the batcher pads with ({@code pad_token_id}; 0 when the tokenizer names no pad token). */
    public long padId() {
        return description.padId();
    }

    /** {@code cls_token_id}: the classifier token ({@code [CLS]}, {@code <s>}), -1 when the tokenizer has none. */
    public long clsId() {
        return description.clsId();
    }

    /** {@code padding_side}; {@link PaddingSide#RIGHT} unless the tokenizer says otherwise. */
    public PaddingSide paddingSide() {
        return description.paddingSide();
    }

    /** {@code convert_tokens_to_string}: joins tokens as the tokenizer's decoder does. */
    public String tokensToString(List<String> tokens) {
        return description.decoder().decode(tokens);
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
                .optWithOverflowingTokens(setup.mode() != Mode.NONE && setup.mode() != Mode.LONGEST_FIRST);
        switch (setup.mode()) {
            // the stride is stated even where unused: DJL would otherwise keep the one stored in tokenizer.json
            case NONE -> builder.optTruncation(false).optStride(0);
            case LONGEST_FIRST -> builder.optTruncation(true).optMaxLength(setup.maxLength()).optStride(0);
            case SINGLE_WINDOWS -> builder.optTruncation(true).optMaxLength(setup.maxLength())
                    .optStride(setup.stride());
            case WINDOWS_OF_FIRST -> builder.optTruncateFirstOnly().optMaxLength(setup.maxLength())
                    .optStride(setup.stride());
            case WINDOWS_OF_SECOND -> builder.optTruncateSecondOnly().optMaxLength(setup.maxLength())
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
