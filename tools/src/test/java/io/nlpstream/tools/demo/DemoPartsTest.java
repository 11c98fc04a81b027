package io.nlpstream.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nlpstream.schemas.avro.Decision;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.Flag;
import io.nlpstream.schemas.avro.ExtractedAnswer;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.NamedEntity;
import io.nlpstream.schemas.avro.RankingHit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoPartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void corpusIsDeterministicAndCoversEveryKindOfEvent() {
        List<DemoCorpus.SampleEvent> first = new DemoCorpus(7).events(300);
        List<DemoCorpus.SampleEvent> again = new DemoCorpus(7).events(300);

        assertThat(first).isEqualTo(again);
        assertThat(first).extracting(DemoCorpus.SampleEvent::id).doesNotHaveDuplicates()
                .startsWith("demo-000001", "demo-000002");
        assertThat(first).anySatisfy(e -> assertThat(e.question()).startsWith("Where does"));
        assertThat(first).allSatisfy(e -> assertThat(e.text()).isNotBlank());
        assertThat(new DemoCorpus(8).events(300)).isNotEqualTo(first);
    }

    @Test
    void generatedTrafficMixesInOneBlankAndOneMalformedRecord() throws Exception {
        List<DemoTraffic.Message> traffic = DemoTraffic.generated(100, 1);

        assertThat(traffic).hasSize(102);
        List<String> keys = traffic.stream().map(m -> new String(m.key(), StandardCharsets.UTF_8)).toList();
        assertThat(keys).contains("demo-blank", "demo-garbled").doesNotHaveDuplicates();
        int parsed = 0;
        for (DemoTraffic.Message m : traffic) {
            try {
                JSON.readTree(m.value());
                parsed++;
            } catch (java.io.IOException e) {
                assertThat(new String(m.key(), StandardCharsets.UTF_8)).isEqualTo("demo-garbled");
            }
        }
        assertThat(parsed).isEqualTo(101);
    }

    @Test
    void fileTrafficKeepsLinesAsWrittenAndKeysThemById(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("in.jsonl");
        Files.writeString(file, "{\"id\":\"a\",\"text\":\"hello\"}\n\nnot json\n{\"text\":\"no id\"}\n");

        List<DemoTraffic.Message> traffic = DemoTraffic.fromFile(file);

        assertThat(traffic).extracting(m -> new String(m.key(), StandardCharsets.UTF_8))
                .containsExactly("a", "line-3", "line-4");
        assertThat(new String(traffic.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    }

    @Test
    void responseBaseDocumentsAreJsonWithTextAndMetadata() throws Exception {
        List<DemoTraffic.Message> base = DemoTraffic.responseBase();

        assertThat(base).hasSize(DemoCorpus.responseBase().size());
        var doc = JSON.readTree(base.get(0).value());
        assertThat(doc.path("text").asText()).contains("password");
        assertThat(doc.path("metadata").path("category").asText()).isEqualTo("account");
    }

    @Test
    void tableRowsShowEachModelsResultReadably() {
        ResultTable table = new ResultTable(List.of("sentiment", "moderation", "ner", "qa", "ranker"),
                List.of("moderation"));
        EnrichedTextEvent event = EnrichedTextEvent.newBuilder()
                .setId("demo-000001").setText("My name is Darek. I live in Warsaw.").setQuestion("Where?")
                .setMetadata(Map.of()).setProcessingLatencyMs(12).setBatchSize(3)
                .setResults(List.of(
                        result("sentiment", "text-classification").setLabels(List.of(new Label("positive", 0.987)))
                                .build(),
                        result("moderation", "text-classification").setLabels(List.of(new Label("toxic", 0.91),
                                new Label("insult", 0.7), new Label("spam", 0.1))).build(),
                        result("ner", "token-classification").setEntities(List.of(
                                new NamedEntity("PER", "darek", 11, 16, 0.99),
                                new NamedEntity("LOC", "warsaw", 28, 34, 0.98))).build(),
                        result("qa", "question-answering").setAnswers(List.of(
                                new ExtractedAnswer("Warsaw", 28, 34, 0.93))).build(),
                        result("ranker", "ranking").setHits(List.of(new RankingHit("password", "...", 0.71, null)))
                                .build()))
                .setFlags(List.of(new Flag("toxic", 0.91, 0.5, "moderation", "m1"),
                        new Flag("insult", 0.7, 0.5, "moderation", "m1"),
                        new Flag("positive", 0.987, 0.5, "sentiment", "s1")))
                .setDecision(new Decision("review", "abusive"))
                .build();

        String row = table.row(event);

        assertThat(row).startsWith("demo-000001 ").contains("Q: Where?").contains("positive 0.99")
                .contains("toxic,insult").contains("PER:darek LOC:warsaw").contains("Warsaw 0.93")
                .contains("password 0.71").contains("| review     |").endsWith("12    ");
        assertThat(table.header().lines().skip(1).findFirst().orElseThrow()).hasSameSizeAs(row);
        assertThat(table.header().lines().findFirst().orElseThrow()).isEqualTo(ResultTable.LATENCY_LEGEND)
                .contains("ms: processing").contains("produce to consume");
    }

    @Test
    void modelErrorsAndMissingResultsShowAsSuch() {
        ModelResult failed = result("qa", "question-answering").setError("timed out").build();

        assertThat(ResultTable.describe(failed, null)).isEqualTo("error: timed out");
        assertThat(ResultTable.describe(null, null)).isEmpty();
        assertThat(ResultTable.describe(result("moderation", "text-classification")
                .setLabels(List.of(new Label("spam", 0.9))).build(), List.of())).isEqualTo("-");
    }

    @Test
    void cellsAreExactlyTheirWidthInCodePoints() {
        assertThat(ResultTable.cell("abc", 5)).isEqualTo("abc  ");
        assertThat(ResultTable.cell("line\nbreak", 10)).isEqualTo("line break");
        assertThat(ResultTable.cell("東京 is a city 🙂 indeed", 12)).isEqualTo("東京 is a cit…");
        assertThat(ResultTable.cell("🙂🙂🙂", 2).codePointCount(0, ResultTable.cell("🙂🙂🙂", 2).length())).isEqualTo(2);
    }

    @Test
    void tallyGivesNearestRankPercentilesAndReasons() {
        DemoTally tally = new DemoTally(0);
        for (int ms = 1; ms <= 100; ms++) {
            tally.enriched(ms);
        }
        tally.deadLetter("EMPTY_TEXT");
        tally.deadLetter("EMPTY_TEXT");
        tally.deadLetter(null);

        assertThat(tally.latencyPercentile(50)).isEqualTo(50);
        assertThat(tally.latencyPercentile(99)).isEqualTo(99);
        assertThat(tally.latencyPercentile(100)).isEqualTo(100);
        assertThat(tally.seen()).isEqualTo(103);
        assertThat(tally.deadLettersByReason()).containsEntry("EMPTY_TEXT", 2).containsEntry("UNKNOWN", 1);
        assertThat(tally.summary(103, 2_000_000_000L)).contains("enriched          100")
                .contains("p50 50  p95 95  p99 99  max 100").contains("(52 events/s)");
        assertThat(new DemoTally(0).latencyPercentile(50)).isZero();
    }

    private static ModelResult.Builder result(String model, String task) {
        return ModelResult.newBuilder().setModel(model).setModelVersion("v1").setTask(task)
                .setLabels(List.of()).setEntities(List.of()).setAnswers(List.of()).setHits(List.of());
    }
}
