package io.nlpstream.models.runtime;

/** ONNX Runtime's messages run to many lines of native context; a log line or an exception needs the first. */
final class OrtMessages {

    private OrtMessages() {
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
