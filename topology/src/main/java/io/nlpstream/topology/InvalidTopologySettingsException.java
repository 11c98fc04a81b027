package io.nlpstream.topology;

/** Settings that cannot make a topology: the message names the offending pipeline, topic or model. */
public class InvalidTopologySettingsException extends IllegalArgumentException {
    public InvalidTopologySettingsException(String message) {
        super(message);
    }
}
