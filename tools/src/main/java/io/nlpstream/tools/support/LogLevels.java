package io.nlpstream.tools.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels set at run time by the commands that embed Kafka (demo, bench). */
public final class LogLevels {
    private LogLevels() {
    }

    /**
     * The embedded broker and the clients log transient, retried conditions (a transaction marker still being
     * written when the next transaction starts) at WARN and ERROR; they would drown a command's own output.
     */
    public static void quietEmbeddedKafka() {
        set("org.apache.kafka", Level.ERROR);
        set("kafka", Level.OFF);
        set("state.change.logger", Level.OFF);
    }

    public static void set(String name, Level level) {
        if (LoggerFactory.getLogger(name) instanceof Logger logger) {
            logger.setLevel(level);
        }
    }
}
