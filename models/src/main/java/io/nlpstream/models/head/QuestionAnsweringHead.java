package io.nlpstream.models.head;

import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.result.Answer;
import io.nlpstream.models.tokenize.CodePoints;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Extractive question answering as the transformers v4 {@code question-answering} pipeline did it with a fast
 * tokenizer.
 *
 * <ol>
 *   <li>The question (cut to {@code maxQuestionLen} tokens, as the v4 slow path did) comes first; the context (its
 *       first {@code maxSeqLen} tokens, or all of it with {@code wholeContext}) is split into windows of
 *       {@code maxSeqLen} tokens overlapping by {@code docStride} tokens.</li>
 *   <li>Per window, every token outside the context except the leading [CLS] gets logit -10000; start and end
 *       logits each go through a softmax; {@code p_start[CLS] * p_end[CLS]} is the window's null score; then
 *       [CLS] is zeroed.</li>
 *   <li>Candidate spans are {@code start <= end < start + maxAnswerLen} scored {@code p_start * p_end}; the
 *       {@code topK} best per window are kept unless they touch a non-context token.</li>
 *   <li>Spans become character offsets of whole words: from the first character of the start token's word to the
 *       last character of the end token's word.</li>
 *   <li>All windows' answers (plus {@code ("", 0, 0)} scored with the smallest null score when
 *       {@code handleImpossibleAnswer}) are sorted by score, best first, and cut to {@code topK}.</li>
 * </ol>
 */
public final class QuestionAnsweringHead implements TaskHead<QaInput, List<Answer>> {
    private static final float MASKED_LOGIT = -10000f;

    private final TextTokenizer tokenizer;
    private final QaOptions options;

    public QuestionAnsweringHead(TextTokenizer tok, QaOptions opts) {
        this.tokenizer = Objects.requireNonNull(tok, "tokenizer");
        this.options = Objects.requireNonNull(opts, "options");
        if (opts.docStride() > opts.maxSeqLen()) {
            throw new IllegalArgumentException("doc_stride (" + opts.docStride() + ") must not exceed max_seq_len ("
                    + opts.maxSeqLen() + ")");
        }
    }

    @Override
    public List<Encoding> encode(QaInput input) {
        String question = tokenizer.truncateText(input.question(), options.maxQuestionLen());
        // the pipeline as this service calls it reads the first max_seq_len tokens; whole-context reads them all
        String context = options.wholeContext() ? input.context()
                : tokenizer.truncateText(input.context(), options.maxSeqLen());
        return tokenizer.encodePairWindows(question, context, options.maxSeqLen(), options.docStride());
    }

    /** One candidate span of one window, in token positions. */
    private record Span(int start, int end, float score, int order) {
    }

    @Override
    public List<Answer> decode(QaInput input, List<Encoding> encodings, List<SequenceOutputs> outputs) {
        if (encodings.size() != outputs.size() || encodings.isEmpty()) {
            throw new IllegalArgumentException("expected one output per window, got " + outputs.size() + " for "
                    + encodings.size() + " windows");
        }
        double minNullScore = 1_000_000;
        List<Answer> answers = new ArrayList<>();
        for (int w = 0; w < encodings.size(); w++) {
            Encoding window = encodings.get(w);
            SequenceOutputs out = outputs.get(w);
            boolean[] allowed = answerTokens(window);
            float[] start = Maths.softmax(masked(logits(out, "start_logits", 0), allowed));
            float[] end = Maths.softmax(masked(logits(out, "end_logits", 1), allowed));
            if (options.handleImpossibleAnswer()) {
                minNullScore = Math.min(minNullScore, start[0] * end[0]);
            }
            start[0] = 0f;
            end[0] = 0f;
            for (Span span : bestSpans(start, end)) {
                if (allowed[span.start()] && allowed[span.end()]) {
                    answers.add(toAnswer(input.context(), window, span));
                }
            }
        }
        if (options.handleImpossibleAnswer()) {
            answers.add(new Answer(minNullScore, 0, 0, ""));
        }
        // stable, like Python's sorted(reverse=True): equal scores keep window order
        answers.sort(Comparator.comparingDouble(Answer::score).reversed());
        return answers.size() > options.topK() ? List.copyOf(answers.subList(0, options.topK())) : answers;
    }

    /** Context tokens and the leading [CLS] (kept for the impossible answer); everything else is masked. */
    private static boolean[] answerTokens(Encoding window) {
        boolean[] allowed = new boolean[window.length()];
        for (int i = 0; i < allowed.length; i++) {
            allowed[i] = window.sequenceIds()[i] == 1;
        }
        if (allowed.length > 0 && window.special()[0]) {
            allowed[0] = true;
        }
        return allowed;
    }

    private static float[] logits(SequenceOutputs out, String name, int position) {
        OutputTensor tensor = out.byName().get(name);
        if (tensor == null) {
            if (out.byName().size() < 2) {
                throw new IllegalArgumentException("question answering needs start and end logits; the model "
                        + "returns " + out.byName().keySet());
            }
            tensor = new ArrayList<>(out.byName().values()).get(position);
        }
        return tensor.data();
    }

    private static float[] masked(float[] logits, boolean[] allowed) {
        if (logits.length != allowed.length) {
            throw new IllegalArgumentException("model returned " + logits.length + " logits for a window of "
                    + allowed.length + " tokens");
        }
        float[] out = logits.clone();
        for (int i = 0; i < out.length; i++) {
            if (!allowed[i]) {
                out[i] = MASKED_LOGIT;
            }
        }
        return out;
    }

    /**
     * The {@code topK} spans with the highest {@code p_start * p_end}, {@code start <= end < start + maxAnswerLen},
     * best first; ties go to the earlier (start, end), as numpy's argmax over the flattened matrix does.
     */
    private List<Span> bestSpans(float[] start, float[] end) {
        int n = start.length;
        int k = options.topK();
        List<Span> best = new ArrayList<>(k + 1);
        Comparator<Span> order = Comparator.comparingDouble((Span s) -> -s.score()).thenComparingInt(Span::order);
        for (int s = 0; s < n; s++) {
            int last = Math.min(n - 1, s + options.maxAnswerLen() - 1);
            for (int e = s; e <= last; e++) {
                float score = start[s] * end[e];
                if (best.size() == k && score <= best.get(k - 1).score()) {
                    continue;
                }
                Span span = new Span(s, e, score, s * n + e);
                int at = 0;
                while (at < best.size() && order.compare(best.get(at), span) <= 0) {
                    at++;
                }
                best.add(at, span);
                if (best.size() > k) {
                    best.remove(k);
                }
            }
        }
        return best;
    }

    /** The v4 pipeline's {@code get_indices} with {@code align_to_words=True}. */
    private static Answer toAnswer(String context, Encoding window, Span span) {
        int startWord = window.wordIds()[span.start()];
        int endWord = window.wordIds()[span.end()];
        int startChar;
        int endChar;
        if (startWord < 0 || endWord < 0) {
            startChar = window.starts()[span.start()];
            endChar = window.ends()[span.end()];
        } else {
            startChar = window.starts()[firstTokenOfWord(window, startWord)];
            endChar = window.ends()[lastTokenOfWord(window, endWord)];
        }
        return new Answer(span.score(), startChar, endChar, CodePoints.slice(context, startChar, endChar));
    }

    private static int firstTokenOfWord(Encoding window, int word) {
        for (int i = 0; i < window.length(); i++) {
            if (window.sequenceIds()[i] == 1 && window.wordIds()[i] == word) {
                return i;
            }
        }
        throw new IllegalStateException("word " + word + " has no context token in its window");
    }

    private static int lastTokenOfWord(Encoding window, int word) {
        for (int i = window.length() - 1; i >= 0; i--) {
            if (window.sequenceIds()[i] == 1 && window.wordIds()[i] == word) {
                return i;
            }
        }
        throw new IllegalStateException("word " + word + " has no context token in its window");
    }
}
