package io.nlpstream.models.tokenize;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The HuggingFace {@code WordPiece} decoder, which transformers' {@code convert_tokens_to_string} uses for BERT
 * tokenizers: tokens joined by spaces, the continuation prefix glued to the previous token, and the optional
 * clean-up of spaces before punctuation and contractions. A tokenizer without a decoder joins tokens with spaces.
 */
final class WordPieceDecoder {
    private final String prefix;
    private final boolean cleanup;
    private final boolean wordPiece;

    private WordPieceDecoder(String prefix, boolean cleanup, boolean wordPiece) {
        this.prefix = prefix;
        this.cleanup = cleanup;
        this.wordPiece = wordPiece;
    }

    static WordPieceDecoder fromConfig(JsonNode decoder) {
        String type = decoder.path("type").asText("");
        if (type.equals("WordPiece")) {
            return new WordPieceDecoder(decoder.path("prefix").asText("##"), decoder.path("cleanup").asBoolean(true),
                    true);
        }
        if (decoder.isMissingNode() || decoder.isNull()) {
            return new WordPieceDecoder("", false, false);
        }
        throw new TokenizerException("Unsupported tokenizer decoder '" + type + "'; only WordPiece is supported");
    }

    String decode(List<String> tokens) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (i != 0) {
                if (wordPiece && token.startsWith(prefix)) {
                    token = token.substring(prefix.length());
                } else {
                    token = " " + token;
                }
            }
            out.append(cleanup ? cleanup(token) : token);
        }
        return out.toString();
    }

    /** The same replacements, in the same order, as the tokenizers crate's {@code cleanup}. */
    static String cleanup(String token) {
        return token.replace(" .", ".")
                .replace(" ?", "?")
                .replace(" !", "!")
                .replace(" ,", ",")
                .replace(" ' ", "'")
                .replace(" n't", "n't")
                .replace(" 'm", "'m")
                .replace(" do not", " don't")
                .replace(" 's", "'s")
                .replace(" 've", "'ve")
                .replace(" 're", "'re");
    }
}
