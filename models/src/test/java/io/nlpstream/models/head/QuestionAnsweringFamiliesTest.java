package io.nlpstream.models.head;

import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.result.Answer;
import io.nlpstream.models.testing.FakeOutputs;
import io.nlpstream.models.testing.FixtureTokenizers;
import io.nlpstream.models.tokenize.CodePoints;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Question answering with RoBERTa's and XLM-R's layouts: sequence ids (not token type ids, which are all 0 there)
 * say which tokens are the context, the tokenizer's padding side says which text comes first, and answers are code
 * point offsets into the context.
 */
class QuestionAnsweringFamiliesTest {
    private static final String CONTEXT = "Yesterday the weather in Lisbon was sunny";
    private static final QaInput WHERE = new QaInput("Why did", CONTEXT);
    private static final QaOptions OPTIONS = new QaOptions(1, 128, 384, 64, 15, false);

    private static int token(TextTokenizer tokenizer, Encoding window, String token, int sequence) {
        for (int i = 0; i < window.length(); i++) {
            if (window.sequenceIds()[i] == sequence && tokenizer.token(window.ids()[i]).equals(token)) {
                return i;
            }
        }
        throw new AssertionError(token + " not in sequence " + sequence);
    }

    private static SequenceOutputs pointing(Encoding window, int start, int end) {
        float[] s = new float[window.length()];
        float[] e = new float[window.length()];
        s[start] = 10f;
        e[end] = 10f;
        return FakeOutputs.pair("start_logits", s, "end_logits", e);
    }

    private static List<String> tokens(TextTokenizer tokenizer, Encoding window) {
        List<String> out = new ArrayList<>();
        for (long id : window.ids()) {
            out.add(tokenizer.token(id));
        }
        return out;
    }

    @Test
    void robertaPutsTheQuestionFirstAndMasksItBySequenceIds() {
        TextTokenizer roberta = FixtureTokenizers.roberta();
        QuestionAnsweringHead head = new QuestionAnsweringHead(roberta, OPTIONS);
        Encoding window = head.encode(WHERE).get(0);
        assertThat(tokens(roberta, window).subList(0, 5)).containsExactly("<s>", "Why", "Ġdid", "</s>", "</s>");

        int lisbon = token(roberta, window, "ĠLisbon", 1);
        List<Answer> answers = head.decode(WHERE, List.of(window), List.of(pointing(window, lisbon, lisbon)));
        // the question's tokens are masked: logits on them cannot make an answer
        int did = token(roberta, window, "Ġdid", 0);
        List<Answer> fromQuestion = head.decode(WHERE, List.of(window), List.of(pointing(window, did, did)));

        assertThat(answers).containsExactly(new Answer(answers.get(0).score(), 25, 31, "Lisbon"));
        // with the question's logit masked every context token is equally likely: the earliest span wins
        assertThat(fromQuestion.get(0).answer()).isEqualTo("Yesterday");
    }

    @Test
    void leftPaddingPutsTheContextFirstAndAnswersCoverWholeWords() {
        TextTokenizer xlmr = FixtureTokenizers.xlmrPaddingLeft();
        QuestionAnsweringHead head = new QuestionAnsweringHead(xlmr, OPTIONS);
        Encoding window = head.encode(WHERE).get(0);
        List<String> tokens = tokens(xlmr, window);
        assertThat(tokens.subList(0, 4)).containsExactly("<s>", "▁Yes", "ter", "day");
        assertThat(tokens.subList(tokens.size() - 4, tokens.size())).containsExactly("</s>", "▁Why", "▁did", "</s>");

        // a span on "sbon" widens to its word, whose first piece ▁Li covers the space before it
        int sbon = token(xlmr, window, "sbon", 0);
        List<Answer> answers = head.decode(WHERE, List.of(window), List.of(pointing(window, sbon, sbon)));

        assertThat(answers).containsExactly(new Answer(answers.get(0).score(), 24, 31, " Lisbon"));
    }

    @Test
    void withTheContextFirstNothingIsMaskedAndQuestionWordsMapByTheirIndex() {
        TextTokenizer xlmr = FixtureTokenizers.xlmrPaddingLeft();
        QuestionAnsweringHead head = new QuestionAnsweringHead(xlmr, OPTIONS);
        Encoding window = head.encode(WHERE).get(0);

        // the pipeline's p_mask is all zeros when the context comes first, and get_indices asks for the word's
        // characters in the context's sequence: question word 1 ("did") maps to context word 1 ("the")
        int did = token(xlmr, window, "▁did", 1);
        List<Answer> answers = head.decode(WHERE, List.of(window), List.of(pointing(window, did, did)));

        assertThat(answers).containsExactly(new Answer(answers.get(0).score(), 9, 13, " the"));
    }

    @Test
    void windowsOfALongContextAllAnswerWithinTheContext() {
        TextTokenizer xlmr = FixtureTokenizers.xlmr();
        String context = (CONTEXT + ". ").repeat(6) + "Ｙes café 😀 in Lisbon";
        QaInput input = new QaInput("Why did", context);
        QuestionAnsweringHead head = new QuestionAnsweringHead(xlmr, new QaOptions(5, 4, 24, 8, 6, false));
        List<Encoding> windows = head.encode(input);
        assertThat(windows).hasSizeGreaterThan(1);
        List<SequenceOutputs> outputs = new ArrayList<>();
        for (Encoding window : windows) {
            int last = window.length() - 2;
            outputs.add(pointing(window, Math.max(1, last - 3), last));
        }

        for (Answer answer : head.decode(input, windows, outputs)) {
            assertThat(answer.answer()).isEqualTo(CodePoints.slice(context, answer.start(), answer.end()));
            assertThat(context).contains(answer.answer());
        }
    }
}
