package io.nlpstream.models.head;

import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.result.Answer;
import io.nlpstream.models.tokenize.CodePoints;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.PaddingSide;
import io.nlpstream.models.tokenize.TextTokenizer;
import io.nlpstream.models.tokenize.WindowedText;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Extractive question answering as the transformers v4 {@code question-answering} pipeline did it with a fast
 * tokenizer.
 *
 * <ol>
 *   <li>The question (cut to {@code maxQuestionLen} tokens, as the v4 slow path did) and the context (its first
 *       {@code maxSeqLen} tokens, or all of it with {@code wholeContext}) form a pair: question first when the
 *       tokenizer pads on the right (BERT, RoBERTa, XLM-R), context first when it pads on the left; the context is
 *       split into windows of {@code maxSeqLen} tokens overlapping by {@code docStride} tokens, as the tokenizer's
 *       own pair template lays them out.</li>
 *   <li>Per window, with the question first, every token outside the context ({@code sequence_ids != 1}) except
 *       the classifier tokens ({@code cls_token_id}) gets logit -10000; with the context first nothing is masked,
 *       as in the pipeline. Start and end logits each go through a softmax; {@code p_start[0] * p_end[0]} is the
 *       window's null score; then position 0 is zeroed.</li>
 *   <li>Candidate spans are {@code start <= end < start + maxAnswerLen} scored {@code p_start * p_end}; the
 *       {@code topK} best per window are kept unless they touch a masked token.</li>
 *   <li>Spans become code point offsets of whole words through the tokenizer's offsets: from the first character
 *       of the start token's word to the last character of the end token's word in the context's sequence
 *       ({@code word_to_chars}), or the tokens' own offsets when a token has no word there.</li>
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
        return questionFirst()
                ? tokenizer.encodeWindows(question, context, options.maxSeqLen(), options.docStride(),
                WindowedText.SECOND)
                : tokenizer.encodeWindows(context, question, options.maxSeqLen(), options.docStride(),
                WindowedText.FIRST);
    }

    /** The pipeline's {@code question_first = tokenizer.padding_side == "right"}. */
    private boolean questionFirst() {
        return tokenizer.paddingSide() == PaddingSide.RIGHT;
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
            boolean[] allowed = answerTokens(window, questionFirst(), tokenizer.clsId());
            float[] start = Maths.softmax(masked(logits(out, "start_logits", 0), allowed));
            float[] end = Maths.softmax(masked(logits(out, "end_logits", 1), allowed));
            if (options.handleImpossibleAnswer()) {
                minNullScore = Math.min(minNullScore, start[0] * end[0]);
            }
            start[0] = 0f;
            end[0] = 0f;
            for (Span span : bestSpans(start, end)) {
                if (allowed[span.start()] && allowed[span.end()]) {
                    answers.add(toAnswer(input.context(), window, span, questionFirst() ? 1 : 0));
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

    /**
     * The pipeline's {@code p_mask} inverted: with the question first, context tokens and classifier tokens (kept
     * for the impossible answer); with the context first, every token.
     */
    private static boolean[] answerTokens(Encoding window, boolean questionFirst, long clsId) {
        boolean[] allowed = new boolean[window.length()];
        for (int i = 0; i < allowed.length; i++) {
            allowed[i] = !questionFirst || window.sequenceIds()[i] == 1 || window.ids()[i] == clsId;
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

    /**
     * The v4 pipeline's {@code get_indices} with {@code align_to_words=True}: {@code word_to_chars} of the start
     * and end tokens' words in the context's sequence, or the tokens' own offsets when either token has no word
     * there (a special token, or a question word with no context word of that index).
     */
    private static Answer toAnswer(String context, Encoding window, Span span, int contextSequence) {
        int startWord = window.wordIds()[span.start()];
        int endWord = window.wordIds()[span.end()];
        int first = startWord < 0 ? -1 : firstTokenOfWord(window, startWord, contextSequence);
        int last = endWord < 0 ? -1 : lastTokenOfWord(window, endWord, contextSequence);
        int startChar;
        int endChar;
        if (first < 0 || last < 0) {
            startChar = window.starts()[span.start()];
            endChar = window.ends()[span.end()];
        } else {
            startChar = window.starts()[first];
            endChar = window.ends()[last];
        }
        return new Answer(span.score(), startChar, endChar, CodePoints.slice(context, startChar, endChar));
    }

    private static int firstTokenOfWord(Encoding window, int word, int sequence) {
        for (int i = 0; i < window.length(); i++) {
            if (window.sequenceIds()[i] == sequence && window.wordIds()[i] == word) {
                return i;
            }
        }
        return -1;
    }

    private static int lastTokenOfWord(Encoding window, int word, int sequence) {
        for (int i = window.length() - 1; i >= 0; i--) {
            if (window.sequenceIds()[i] == sequence && window.wordIds()[i] == word) {
                return i;
            }
        }
        return -1;
    }
}
