package io.nlpstream.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.nlpstream.tools.demo.DemoCorpus;

/**
 * The texts every part of the benchmark runs on: a realistic mix of lengths, as a support or social-media stream
 * has them. Most events are one short sentence, some are a few sentences, a few are long posts:
 *
 * <pre>
 *   share  sentences   roughly (MiniLM tokens)
 *    50%   1 - 2       5 - 30       chat lines, reviews, support questions
 *    30%   3 - 6       25 - 80      a message with some context
 *    15%   7 - 14      60 - 180     a detailed complaint, a short article
 *     5%   15 - 30     150 - 256    long posts (truncated at MiniLM's 256)
 * </pre>
 *
 * Sentences come from the demo's generator, so texts look like the demo models' training data. Deterministic for
 * a seed: every run measures the same texts.
 */
public final class BenchCorpus {

    private BenchCorpus() {
    }

    public static List<String> texts(int count, long seed) {
        Random random = new Random(seed);
        List<String> sentences = sentencePool(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = sentenceCount(random);
            StringBuilder text = new StringBuilder();
            for (int s = 0; s < n; s++) {
                if (s > 0) {
                    text.append(' ');
                }
                text.append(sentences.get(random.nextInt(sentences.size())));
            }
            texts.add(text.toString());
        }
        return List.copyOf(texts);
    }

    /** Sentences per text, drawn from the mix above. */
    static int sentenceCount(Random random) {
        int bucket = random.nextInt(100);
        if (bucket < 50) {
            return 1 + random.nextInt(2);
        }
        if (bucket < 80) {
            return 3 + random.nextInt(4);
        }
        if (bucket < 95) {
            return 7 + random.nextInt(8);
        }
        return 15 + random.nextInt(16);
    }

    /** Single sentences: the demo's events, with the question-answering contexts split at full stops. */
    private static List<String> sentencePool(long seed) {
        List<String> pool = new ArrayList<>();
        for (DemoCorpus.SampleEvent event : new DemoCorpus(seed).events(500)) {
            for (String sentence : event.text().split("(?<=[.!?])\\s+")) {
                if (!sentence.isBlank()) {
                    pool.add(sentence.strip());
                }
            }
        }
        return pool;
    }
}
