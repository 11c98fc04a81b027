package io.nlpstream.tools.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's sample traffic: events in the style the built-in demo models were trained on (product and service
 * reviews, abusive or spammy chat lines, news-like sentences with people, organisations and places, questions
 * about a short biography, customer-support questions for the response base), plus that response base itself.
 * Deterministic for a seed, so two runs of the demo show the same table.
 */
public final class DemoCorpus {
    private static final String[] PEOPLE = {"Darek", "Marie Curie", "Jim Henson", "Angela Merkel", "Kenji Tanaka",
        "Olga Petrova", "Jon Cunliffe", "Alan Turing", "John Smith", "Liz Truss"};
    private static final String[] ORGS = {"Google", "Deutsche Bank", "Hugging Face", "Reuters", "the BBC"};
    private static final String[] PLACES = {"Warsaw", "London", "Paris", "New York", "Berlin", "Tokyo", "Kyiv",
        "Prague", "Seoul", "Nairobi", "Boston", "Canada"};
    private static final String[] NATIONALITIES = {"Polish", "Italian", "Russian", "German", "Japanese"};
    private static final String[] SPORTS = {"kungfu", "tennis", "chess", "football", "judo"};
    private static final String[] THINGS = {"movie", "hotel", "food", "phone", "update", "concert", "service"};
    private static final String[] POSITIVE = {"great", "brilliant", "really good", "wonderful"};
    private static final String[] NEGATIVE = {"awful", "bad", "boring", "really awful"};
    private static final String[] NEUTRAL = {"okay", "fine"};
    private static final String[] ABUSE = {"you are an idiot", "YOU ARE PATHETIC!!!", "i will find you",
        "click here for free money, you absolute moron", "watch your back, buy cheap watches now"};
    private static final String[] FRIENDLY = {"thanks for the update", "happy birthday!",
        "see you at the meeting tomorrow"};
    private static final String[] SUPPORT = {"how do I change my password", "when are you open",
        "how long does delivery to canada take", "can I pay with paypal", "I want to stop my subscription",
        "where is my package", "is my broken screen covered by the warranty", "can I talk to someone now"};

    /** A response of the response base: id, text and metadata, as written to the response-base topic. */
    public record Response(String id, String text, Map<String, String> metadata) {
    }

    /** One sample event; {@code question} is null unless it is a question-answering event. */
    public record SampleEvent(String id, String text, String question) {
    }

    private final Random random;
    private long next;

    public DemoCorpus(long seed) {
        this.random = new Random(seed);
    }

    /** The response base the ranking step searches: short customer-support answers. */
    public static List<Response> responseBase() {
        return List.of(
                response("password", "You can reset your password from the account settings page.", "account"),
                response("opening-hours", "Our office is open Monday to Friday from 9am to 5pm.", "contact"),
                response("shipping-canada", "Shipping to Canada usually takes five to seven business days.",
                        "shipping"),
                response("payment", "We accept Visa, Mastercard and PayPal.", "billing"),
                response("cancel", "To cancel your subscription, go to Billing and click Cancel.", "billing"),
                response("warranty", "The warranty covers manufacturing defects for two years.", "warranty"),
                response("tracking", "You can track your parcel with the tracking number in your email.",
                        "shipping"),
                response("support-chat", "Our support team can be reached by chat at any time.", "contact"));
    }

    private static Response response(String id, String text, String category) {
        return new Response(id, text, Map.of("category", category));
    }

    /** The next {@code count} events, ids {@code demo-000001} onwards. */
    public List<SampleEvent> events(int count) {
        List<SampleEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(nextEvent());
        }
        return events;
    }

    SampleEvent nextEvent() {
        String id = String.format("demo-%06d", ++next);
        return switch (random.nextInt(5)) {
            case 0 -> new SampleEvent(id, review(), null);
            case 1 -> new SampleEvent(id, chatLine(), null);
            case 2 -> new SampleEvent(id, newsSentence(), null);
            case 3 -> biographyQuestion(id);
            default -> new SampleEvent(id, pick(SUPPORT), null);
        };
    }

    private String review() {
        String thing = pick(THINGS);
        return switch (random.nextInt(3)) {
            case 0 -> "The " + thing + " was " + pick(POSITIVE) + "!";
            case 1 -> "The " + thing + " was " + pick(NEGATIVE) + ".";
            default -> "Honestly, the " + thing + " is " + pick(NEUTRAL) + ".";
        };
    }

    private String chatLine() {
        return random.nextBoolean() ? pick(ABUSE) : pick(FRIENDLY);
    }

    private String newsSentence() {
        return switch (random.nextInt(4)) {
            case 0 -> pick(PEOPLE) + " works for " + pick(ORGS) + " in " + pick(PLACES) + ".";
            case 1 -> "Yesterday " + pick(PEOPLE) + " flew from " + pick(PLACES) + " to " + pick(PLACES) + ".";
            case 2 -> "According to " + pick(ORGS) + ", prices in " + pick(PLACES) + " rose again.";
            default -> "We had dinner with " + pick(PEOPLE) + " and " + pick(PEOPLE) + " in " + pick(PLACES) + ".";
        };
    }

    private SampleEvent biographyQuestion(String id) {
        String person = pick(PEOPLE);
        String friend = pick(PEOPLE);
        String home = pick(PLACES);
        String context = "My name is " + person + ". I'm " + pick(NATIONALITIES) + ". I like to practice "
                + pick(SPORTS) + ". My home is in " + home + " but I often travel to " + pick(PLACES)
                + ". My friend, " + friend + ", lives in " + pick(PLACES) + ".";
        String question = switch (random.nextInt(3)) {
            case 0 -> "Where does " + person + " live?";
            case 1 -> "What does " + person + " like to practice?";
            default -> "Where does " + person + " often travel to?";
        };
        return new SampleEvent(id, context, question);
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
