package io.nlpstream.models.head;

import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.result.Answer;
import io.nlpstream.models.testing.FakeOutputs;
import io.nlpstream.models.testing.FixtureTokenizers;
import io.nlpstream.models.tokenize.Encoding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QuestionAnsweringHeadTest {
    private static final QaInput WHO = new QaInput("Who met her?", "Angela Merkel met Jim Henson in Paris.");

    private static QaOptions options(int topK, int maxAnswerLen, boolean impossible) {
        return new QaOptions(topK, 128, 384, 64, maxAnswerLen, impossible);
    }

    /** Position of the {@code occurrence}-th token {@code token} of the context in a window, -1 when absent. */
    private static int contextToken(Encoding window, String token, int occurrence) {
        int seen = 0;
        for (int i = 0; i < window.length(); i++) {
            if (window.sequenceIds()[i] == 1 && FixtureTokenizers.bert().token(window.ids()[i]).equals(token)
                    && seen++ == occurrence) {
                return i;
            }
        }
        return -1;
    }

    private static SequenceOutputs logits(Encoding window, int start, int end, float strength) {
        float[] s = new float[window.length()];
        float[] e = new float[window.length()];
        if (start >= 0) {
            s[start] = strength;
        }
        if (end >= 0) {
            e[end] = strength;
        }
        return FakeOutputs.pair("start_logits", s, "end_logits", e);
    }

    @Test
    void aSpanInsideAWordWidensToTheWholeWords() {
        QuestionAnsweringHead head = new QuestionAnsweringHead(FixtureTokenizers.bert(), options(1, 15, false));
        List<Encoding> windows = head.encode(WHO);
        Encoding window = windows.get(0);

        // start on "##kel" (inside "Merkel"), end on "jim"
        List<Answer> answers = head.decode(WHO, windows, List.of(logits(window, contextToken(window, "##kel", 0),
                contextToken(window, "jim", 0), 20f)));

        assertThat(answers).singleElement().satisfies(a -> {
            assertThat(a.answer()).isEqualTo("Merkel met Jim");
            assertThat(a.start()).isEqualTo(7);
            assertThat(a.end()).isEqualTo(21);
            assertThat(a.score()).isGreaterThan(0.99);
        });
    }

    @Test
    void questionTokensAndTheFinalSeparatorAreNeverAnswers() {
        QuestionAnsweringHead head = new QuestionAnsweringHead(FixtureTokenizers.bert(), options(1, 15, false));
        List<Encoding> windows = head.encode(WHO);
        Encoding window = windows.get(0);
        float[] s = new float[window.length()];
        float[] e = new float[window.length()];
        s[1] = 50f; // "who", in the question
        e[window.length() - 1] = 50f; // the last [SEP]
        int paris = contextToken(window, "paris", 0);
        s[paris] = 1f;
        e[paris] = 1f;

        List<Answer> answers = head.decode(WHO, windows, List.of(FakeOutputs.pair("start_logits", s, "end_logits",
                e)));

        assertThat(answers).extracting(Answer::answer).containsExactly("Paris");
    }

    @Test
    void spansLongerThanMaxAnswerLenAreNotCandidates() {
        QuestionAnsweringHead head = new QuestionAnsweringHead(FixtureTokenizers.bert(), options(1, 2, false));
        List<Encoding> windows = head.encode(WHO);
        Encoding window = windows.get(0);
        float[] s = new float[window.length()];
        float[] e = new float[window.length()];
        s[contextToken(window, "angela", 0)] = 10f;
        e[contextToken(window, "paris", 0)] = 10f; // far away: not allowed with max_answer_len 2
        e[contextToken(window, "mer", 0)] = 5f;

        List<Answer> answers = head.decode(WHO, windows, List.of(FakeOutputs.pair("start_logits", s, "end_logits",
                e)));

        assertThat(answers).extracting(Answer::answer).containsExactly("Angela Merkel");
    }

    @Test
    void topKReturnsTheBestSpansBestFirst() {
        QuestionAnsweringHead head = new QuestionAnsweringHead(FixtureTokenizers.bert(), options(3, 15, false));
        List<Encoding> windows = head.encode(WHO);
        Encoding window = windows.get(0);
        float[] s = new float[window.length()];
        float[] e = new float[window.length()];
        s[contextToken(window, "jim", 0)] = 10f;
        e[contextToken(window, "henson", 0)] = 10f;
        e[contextToken(window, "jim", 0)] = 9f;

        List<Answer> answers = head.decode(WHO, windows, List.of(FakeOutputs.pair("start_logits", s, "end_logits",
                e)));

        assertThat(answers).hasSize(3).extracting(Answer::answer).startsWith("Jim Henson", "Jim");
        assertThat(answers).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
    }

    @Test
    void theImpossibleAnswerUsesTheClsScores() {
        QuestionAnsweringHead head = new QuestionAnsweringHead(FixtureTokenizers.bert(), options(2, 15, true));
        List<Encoding> windows = head.encode(WHO);
        Encoding window = windows.get(0);

        List<Answer> answers = head.decode(WHO, windows, List.of(logits(window, 0, 0, 20f)));

        assertThat(answers.get(0).answer()).isEmpty();
        assertThat(answers.get(0).start()).isZero();
        assertThat(answers.get(0).end()).isZero();
        assertThat(answers.get(0).score()).isGreaterThan(0.99);
        assertThat(answers.get(1).answer()).isNotEmpty();
    }

    @Test
    void withoutHandleImpossibleAnswerClsIsNeverTheAnswer() {
        QuestionAnsweringHead head = new QuestionAnsweringHead(FixtureTokenizers.bert(), options(1, 15, false));
        List<Encoding> windows = head.encode(WHO);

        List<Answer> answers = head.decode(WHO, windows, List.of(logits(windows.get(0), 0, 0, 20f)));

        assertThat(answers).singleElement().satisfies(a -> assertThat(a.answer()).isNotEmpty());
    }

    @Test
    void longContextsAreSplitIntoOverlappingWindowsAndAnswersComeFromAnyOfThem() {
        StringBuilder context = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            context.append("The weather is mild. "); // 5 tokens each
        }
        context.append("Jim lives in Paris."); // tokens 25 to 29: only in the second window of 24
        QaInput input = new QaInput("Where does Jim live?", context.toString());
        QuestionAnsweringHead head = new QuestionAnsweringHead(FixtureTokenizers.bert(),
                new QaOptions(1, 8, 32, 64, 15, true));

        List<Encoding> windows = head.encode(input);

        assertThat(windows).hasSizeGreaterThan(1);
        assertThat(windows).allSatisfy(w -> assertThat(w.length()).isLessThanOrEqualTo(32));
        Encoding last = windows.get(windows.size() - 1);
        int paris = contextToken(last, "paris", 0);
        assertThat(paris).isPositive();
        List<SequenceOutputs> outputs = new ArrayList<>();
        for (Encoding w : windows) {
            // every window but the last says "no answer here"; the last points at Paris
            outputs.add(w == last ? logits(w, paris, paris, 10f) : logits(w, 0, 0, 10f));
        }

        List<Answer> answers = head.decode(input, windows, outputs);

        Answer best = answers.get(0);
        assertThat(best.answer()).isEqualTo("Paris");
        assertThat(input.context().substring(best.start(), best.end())).isEqualTo("Paris");
        // the null score is the smallest over windows: the last window's, which is tiny, not the first's (~1)
        QuestionAnsweringHead all = new QuestionAnsweringHead(FixtureTokenizers.bert(),
                new QaOptions(1000, 8, 32, 64, 15, true));
        Answer impossible = all.decode(input, windows, outputs).stream().filter(a -> a.answer().isEmpty())
                .findFirst().orElseThrow();
        assertThat(impossible.score()).isPositive().isLessThan(1e-6);
    }

    @Test
    void onlyTheFirstMaxSeqLenTokensOfTheContextAreSearched() {
        // the reference outputs cut the context to max_seq_len tokens before windowing
        String context = "The weather is mild. ".repeat(10) + "Jim lives in Paris.";
        QuestionAnsweringHead head = new QuestionAnsweringHead(FixtureTokenizers.bert(),
                new QaOptions(1, 8, 32, 64, 15, false));

        List<Encoding> windows = head.encode(new QaInput("Where does Jim live?", context));

        assertThat(windows).hasSize(2);
        assertThat(windows).allSatisfy(w -> assertThat(contextToken(w, "paris", 0)).isEqualTo(-1));
        Encoding last = windows.get(1);
        Encoding alone = FixtureTokenizers.bert().encode(context, 512);
        assertThat(last.ends()[last.length() - 2]).isEqualTo(alone.ends()[32]); // [CLS] + 32 context tokens
    }

    @Test
    void windowsOverlapByTheStride() {
        StringBuilder context = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            context.append("w").append(i).append(' ');
        }
        QuestionAnsweringHead head = new QuestionAnsweringHead(FixtureTokenizers.bert(),
                new QaOptions(1, 4, 24, 64, 15, false));
        QaInput input = new QaInput("q?", context.toString());

        List<Encoding> windows = head.encode(input);

        Encoding first = windows.get(0);
        Encoding second = windows.get(1);
        int firstContext = contextToken(first, "w", 0);
        int contextPerWindow = first.length() - firstContext - 1;
        // the second window starts stride tokens before the first one's end
        assertThat(second.starts()[firstContext]).isEqualTo(first.starts()[firstContext + contextPerWindow - 4]);
    }

    @Test
    void longQuestionsAreCutToMaxQuestionLen() {
        String question = "why ".repeat(100) + "?";
        QuestionAnsweringHead head = new QuestionAnsweringHead(FixtureTokenizers.bert(),
                new QaOptions(1, 32, 128, 10, 15, false));

        List<Encoding> windows = head.encode(new QaInput(question, "Some context."));

        long questionTokens = java.util.stream.IntStream.range(0, windows.get(0).length())
                .filter(i -> windows.get(0).sequenceIds()[i] == 0).count();
        assertThat(questionTokens).isEqualTo(10);
    }

    @Test
    void aStrideLargerThanTheWindowIsRejected() {
        assertThatThrownBy(() -> new QuestionAnsweringHead(FixtureTokenizers.bert(),
                new QaOptions(1, 400, 384, 64, 15, false))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scoresAreProductsOfTheSoftmaxes() {
        QuestionAnsweringHead head = new QuestionAnsweringHead(FixtureTokenizers.bert(), options(1, 15, false));
        List<Encoding> windows = head.encode(WHO);
        Encoding window = windows.get(0);
        int paris = contextToken(window, "paris", 0);

        Answer answer = head.decode(WHO, windows, List.of(logits(window, paris, paris, 2f))).get(0);

        // [CLS] and the context tokens share the softmax; [CLS] is zeroed only afterwards
        long candidates = 1 + java.util.stream.IntStream.range(0, window.length())
                .filter(i -> window.sequenceIds()[i] == 1).count();
        double p = Math.exp(2) / (Math.exp(2) + candidates - 1);
        assertThat(answer.score()).isCloseTo(p * p, within(1e-6));
    }
}
