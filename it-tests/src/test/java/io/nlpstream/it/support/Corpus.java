package io.nlpstream.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded English sentences in the shape the demo models were trained on: opinions (sentiment), people, places and
 * organisations (NER), with some non-ASCII names so entity offsets are checked in code points.
 */
public final class Corpus {
    private static final String[] PEOPLE = {"Jim Henson", "Maria Garcia", "Darek", "Angela Merkel", "Zoë Kravitz",
        "John Smith", "Aiko Tanaka", "Pierre Dupont", "Olga Nowak", "Ahmed Hassan"};
    private static final String[] PLACES = {"Seoul", "Paris", "Warsaw", "Berlin", "New York", "Łódź", "Tokyo",
        "São Paulo", "Toronto", "Cairo"};
    private static final String[] ORGS = {"Google", "the United Nations", "Acme Corp", "Siemens", "the BBC",
        "Toyota", "Microsoft", "the Red Cross"};
    private static final String[] THINGS = {"movie", "hotel", "meal", "phone", "concert", "service", "book",
        "flight", "café", "update"};
    private static final String[] OPINIONS = {"was great", "was terrible", "was okay", "was absolutely wonderful",
        "was a complete waste of money", "was fine I guess", "made me so happy", "was awful and slow",
        "was not bad", "exceeded every expectation"};
    private static final String[] TEMPLATES = {
        "The %4$s %5$s.",
        "%1$s said the %4$s in %2$s %5$s.",
        "Yesterday %1$s flew from %2$s to %6$s.",
        "I think the new %4$s from %3$s %5$s.",
        "%1$s works for %3$s in %2$s and the %4$s %5$s.",
        "see you at the meeting in %2$s tomorrow",
        "My name is %1$s, I live in %2$s",
        "%3$s opened an office in %6$s; the %4$s %5$s!",
    };

    private Corpus() {
    }

    public static List<String> sentences(int count, long seed) {
        Random random = new Random(seed);
        List<String> sentences = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sentences.add(String.format(pick(random, TEMPLATES), pick(random, PEOPLE), pick(random, PLACES),
                    pick(random, ORGS), pick(random, THINGS), pick(random, OPINIONS), pick(random, PLACES)));
        }
        return sentences;
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
