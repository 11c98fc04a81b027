package io.nlpstream.models.head;

import io.nlpstream.models.options.AggregationStrategy;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.result.Entity;
import io.nlpstream.models.tokenize.CodePoints;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Token classification as the transformers {@code token-classification} pipeline does it: the text truncated to
 * {@code maxLength} tokens; a softmax per token; special tokens dropped; then, by {@code aggregation_strategy},
 * one result per token ({@code none}), or tokens grouped into entities ({@code simple}), or first grouped into
 * words (a token is a sub-word when its vocabulary form is longer than the text it covers, i.e. it carries the
 * {@code ##} prefix) whose label comes from their first token ({@code first}), their averaged scores
 * ({@code average}) or their most confident token ({@code max}), then grouped into entities. Entities merge while
 * the tag stays the same and the next one is not a {@code B-}. Labels in {@code ignoreLabels} are dropped last.
 * Words are the tokens joined by the tokenizer's decoder; unknown tokens show the text they cover.
 *
 * <p>With a {@code stride}, the whole text is read in windows of {@code maxLength} tokens overlapping by
 * {@code stride} tokens; each window is processed as above on its own, and when there is more than one the
 * entities are merged as the pipeline's {@code aggregate_overlapping_entities} does: sorted by start, an entity that
 * starts inside the one kept before replaces it when it is longer, or as long and more confident.
 */
public final class TokenClassificationHead implements TaskHead<String, List<Entity>> {
    private final TextTokenizer tokenizer;
    private final int maxLength;
    private final List<String> labels;
    private final AggregationStrategy aggregation;
    private final Set<String> ignoreLabels;
    private final Integer stride;

    public TokenClassificationHead(TextTokenizer tok, int maxLength, List<String> labels,
                                   TokenClassificationOptions opts) {
        this.tokenizer = Objects.requireNonNull(tok, "tokenizer");
        this.maxLength = maxLength;
        this.labels = List.copyOf(labels);
        if (this.labels.isEmpty()) {
            throw new IllegalArgumentException("a token classification head needs at least one label");
        }
        this.aggregation = opts.aggregation();
        this.ignoreLabels = opts.ignoreLabels();
        this.stride = opts.stride();
        if (stride != null && stride >= maxLength - 2) {
            throw new IllegalArgumentException("stride (" + stride + ") must be below the model's length less its "
                    + "special tokens (" + (maxLength - 2) + ")");
        }
    }

    /** A token that is not special, with its scores: the pipeline's {@code pre_entity}. */
    private record PreEntity(String word, float[] scores, int start, int end, int index, boolean subword) {
    }

    /** A labelled token or word before grouping: the pipeline's {@code entity} dict. */
    private record Tagged(String label, double score, String word, int start, int end, int index) {
    }

    @Override
    public List<Encoding> encode(String text) {
        return stride == null ? List.of(tokenizer.encode(text, maxLength))
                : tokenizer.encodeWindows(text, maxLength, stride);
    }

    @Override
    public List<Entity> decode(String text, List<Encoding> encodings, List<SequenceOutputs> outputs) {
        if (stride == null) {
            Logits.requireOneSequence(encodings, outputs);
            return decodeWindow(text, encodings.get(0), outputs.get(0));
        }
        if (encodings.size() != outputs.size() || encodings.isEmpty()) {
            throw new IllegalArgumentException("expected one output per window, got " + outputs.size() + " for "
                    + encodings.size() + " windows");
        }
        List<Entity> all = new ArrayList<>();
        for (int w = 0; w < encodings.size(); w++) {
            all.addAll(decodeWindow(text, encodings.get(w), outputs.get(w)));
        }
        return encodings.size() > 1 ? mergeOverlapping(all) : all;
    }

    /** The pipeline's {@code aggregate_overlapping_entities}. */
    static List<Entity> mergeOverlapping(List<Entity> entities) {
        if (entities.isEmpty()) {
            return entities;
        }
        List<Entity> sorted = new ArrayList<>(entities);
        sorted.sort(java.util.Comparator.comparingInt(Entity::start)); // stable, like Python's sorted
        List<Entity> merged = new ArrayList<>();
        Entity previous = sorted.get(0);
        for (Entity entity : sorted) {
            if (previous.start() <= entity.start() && entity.start() < previous.end()) {
                int length = entity.end() - entity.start();
                int previousLength = previous.end() - previous.start();
                if (length > previousLength || (length == previousLength && entity.score() > previous.score())) {
                    previous = entity;
                }
            } else {
                merged.add(previous);
                previous = entity;
            }
        }
        merged.add(previous);
        return merged;
    }

    private List<Entity> decodeWindow(String text, Encoding encoding, SequenceOutputs output) {
        OutputTensor logits = Logits.named(output, "logits");
        int width = logits.shape()[logits.shape().length - 1];
        if (width != labels.size() || logits.data().length != encoding.length() * width) {
            throw new IllegalArgumentException("model returned logits of shape " + java.util.Arrays.toString(
                    logits.shape()) + " for " + encoding.length() + " tokens and " + labels.size() + " labels");
        }
        List<PreEntity> pre = gatherPreEntities(text, encoding, logits.data(), width);
        List<Tagged> tagged = switch (aggregation) {
            case NONE, SIMPLE -> tagTokens(pre);
            case FIRST, AVERAGE, MAX -> tagWords(pre);
        };
        List<Entity> result = new ArrayList<>();
        if (aggregation == AggregationStrategy.NONE) {
            for (Tagged t : tagged) {
                if (!ignoreLabels.contains(t.label())) {
                    result.add(new Entity(t.label(), t.score(), t.word(), t.start(), t.end(), t.index()));
                }
            }
            return result;
        }
        for (Entity group : groupEntities(tagged)) {
            if (!ignoreLabels.contains(group.label())) {
                result.add(group);
            }
        }
        return result;
    }

    private List<PreEntity> gatherPreEntities(String text, Encoding encoding, float[] logits, int width) {
        String prefix = tokenizer.continuingSubwordPrefix();
        List<PreEntity> pre = new ArrayList<>(encoding.length());
        for (int i = 0; i < encoding.length(); i++) {
            if (encoding.special()[i]) {
                continue;
            }
            int start = encoding.starts()[i];
            int end = encoding.ends()[i];
            String word = tokenizer.token(encoding.ids()[i]);
            String covered = CodePoints.slice(text, start, end);
            boolean subword;
            if (prefix != null) {
                subword = CodePoints.length(word) != CodePoints.length(covered);
            } else {
                // the pipeline's fallback for tokenizers without word-piece prefixes: no space before the token
                subword = start > 0 && !CodePoints.slice(text, start - 1, start + 1).contains(" ");
            }
            if (encoding.ids()[i] == tokenizer.unknownTokenId()) {
                word = covered;
                subword = false;
            }
            pre.add(new PreEntity(word, Maths.softmax(logits, i * width, width), start, end, i, subword));
        }
        return pre;
    }

    private List<Tagged> tagTokens(List<PreEntity> pre) {
        List<Tagged> out = new ArrayList<>(pre.size());
        for (PreEntity p : pre) {
            int best = Maths.argmax(p.scores());
            out.add(new Tagged(labels.get(best), p.scores()[best], p.word(), p.start(), p.end(), p.index()));
        }
        return out;
    }

    private List<Tagged> tagWords(List<PreEntity> pre) {
        List<Tagged> words = new ArrayList<>();
        List<PreEntity> group = new ArrayList<>();
        for (PreEntity p : pre) {
            if (!group.isEmpty() && !p.subword()) {
                words.add(tagWord(group));
                group = new ArrayList<>();
            }
            group.add(p);
        }
        if (!group.isEmpty()) {
            words.add(tagWord(group));
        }
        return words;
    }

    private Tagged tagWord(List<PreEntity> tokens) {
        float[] scores;
        switch (aggregation) {
            case FIRST -> scores = tokens.get(0).scores();
            case MAX -> {
                PreEntity strongest = tokens.get(0);
                for (PreEntity t : tokens) {
                    if (max(t.scores()) > max(strongest.scores())) {
                        strongest = t;
                    }
                }
                scores = strongest.scores();
            }
            case AVERAGE -> {
                scores = new float[labels.size()];
                for (int j = 0; j < scores.length; j++) {
                    double sum = 0;
                    for (PreEntity t : tokens) {
                        sum += t.scores()[j];
                    }
                    scores[j] = (float) (sum / tokens.size());
                }
            }
            default -> throw new IllegalStateException("not a word aggregation: " + aggregation);
        }
        int best = Maths.argmax(scores);
        List<String> pieces = new ArrayList<>(tokens.size());
        tokens.forEach(t -> pieces.add(t.word()));
        return new Tagged(labels.get(best), scores[best], tokenizer.tokensToString(pieces), tokens.get(0).start(),
                tokens.get(tokens.size() - 1).end(), tokens.get(0).index());
    }

    private List<Entity> groupEntities(List<Tagged> tagged) {
        List<Entity> groups = new ArrayList<>();
        List<Tagged> current = new ArrayList<>();
        for (Tagged t : tagged) {
            if (!current.isEmpty()) {
                Tag tag = Tag.of(t.label());
                Tag last = Tag.of(current.get(current.size() - 1).label());
                if (!(tag.type().equals(last.type()) && !tag.begin())) {
                    groups.add(group(current));
                    current = new ArrayList<>();
                }
            }
            current.add(t);
        }
        if (!current.isEmpty()) {
            groups.add(group(current));
        }
        return groups;
    }

    private Entity group(List<Tagged> members) {
        double sum = 0;
        List<String> pieces = new ArrayList<>(members.size());
        for (Tagged m : members) {
            sum += m.score();
            pieces.add(m.word());
        }
        // the pipeline names the group by splitting the first label at its first '-', whatever the prefix
        String first = members.get(0).label();
        String groupLabel = first.substring(first.indexOf('-') + 1);
        return new Entity(groupLabel, sum / members.size(),
                tokenizer.tokensToString(pieces), members.get(0).start(), members.get(members.size() - 1).end(),
                null);
    }

    /** An IOB label split as the pipeline's {@code get_tag}: labels without B-/I- count as continuations. */
    private record Tag(boolean begin, String type) {
        static Tag of(String label) {
            if (label.startsWith("B-")) {
                return new Tag(true, label.substring(2));
            }
            if (label.startsWith("I-")) {
                return new Tag(false, label.substring(2));
            }
            return new Tag(false, label);
        }
    }

    private static float max(float[] values) {
        return values[Maths.argmax(values)];
    }
}
