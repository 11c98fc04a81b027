package io.nlpstream.app.bench;

/** A throughput: {@code items} completed in {@code seconds}. */
public record Rate(long items, double seconds) {

    public Rate {
        if (items < 0 || !(seconds >= 0)) {
            throw new IllegalArgumentException("a rate needs a count and a duration: " + items + ", " + seconds);
        }
    }

    public static Rate ofNanos(long items, long nanos) {
        return new Rate(items, nanos / 1e9);
    }

    public static final Rate NONE = new Rate(0, 0);

    /** Both measurements together: their items over their time. */
    public Rate plus(Rate other) {
        return new Rate(items + other.items, seconds + other.seconds);
    }

    /** Items per second; 0 when nothing was measured. */
    public double perSecond() {
        return seconds > 0 ? items / seconds : 0;
    }

    /** {@code this / other}, 0 when the other rate is 0 (a ratio against nothing is no result). */
    public double ratioTo(Rate other) {
        double denominator = other.perSecond();
        return denominator > 0 ? perSecond() / denominator : 0;
    }
}
