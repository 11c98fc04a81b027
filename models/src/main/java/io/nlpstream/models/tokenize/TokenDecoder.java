package io.nlpstream.models.tokenize;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code tokenizer.json} decoder, which transformers' {@code convert_tokens_to_string} runs on token strings:
 * {@code WordPiece} (BERT, ELECTRA, MPNet), {@code ByteLevel} (RoBERTa, GPT-2 style BPE), {@code Metaspace}
 * (SentencePiece: XLM-R, DeBERTa-v3, ALBERT), {@code BPEDecoder} (end-of-word suffix), {@code Replace},
 * {@code Strip}, {@code Fuse} and a {@code Sequence} of them; each step follows the tokenizers crate's
 * {@code decode_chain}, and the decoded pieces are concatenated. A tokenizer without a decoder joins its tokens with
 * spaces, as transformers does.
 */
@FunctionalInterface
interface TokenDecoder {

    /** One step of the chain: tokens in, tokens out. */
    List<String> decodeChain(List<String> tokens);

    /** The tokens joined into text. */
    default String decode(List<String> tokens) {
        return String.join("", decodeChain(tokens));
    }

    /** The decoder of a {@code tokenizer.json}'s {@code decoder} node; fails on a type it does not know. */
    static TokenDecoder fromConfig(JsonNode decoder) {
        if (decoder.isMissingNode() || decoder.isNull()) {
            return tokens -> List.of(String.join(" ", tokens));
        }
        String type = decoder.path("type").asText("");
        return switch (type) {
            case "WordPiece" -> wordPiece(decoder.path("prefix").asText("##"), decoder.path("cleanup").asBoolean(true));
            case "ByteLevel" -> TokenDecoder::byteLevel;
            case "Metaspace" -> metaspace(decoder);
            case "BPEDecoder" -> bpeSuffix(decoder.path("suffix").asText("</w>"));
            case "Replace" -> replace(decoder);
            case "Strip" -> strip(decoder.path("content").asText(" "), decoder.path("start").asInt(0),
                    decoder.path("stop").asInt(0));
            case "Fuse" -> tokens -> List.of(String.join("", tokens));
            case "Sequence" -> sequence(decoder.path("decoders"));
            default -> throw new TokenizerException("Unsupported tokenizer decoder '" + type + "'; supported: "
                    + "WordPiece, ByteLevel, Metaspace, BPEDecoder, Replace, Strip, Fuse and Sequence");
        };
    }

    private static TokenDecoder wordPiece(String prefix, boolean cleanup) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String token = tokens.get(i);
                if (i != 0) {
                    token = token.startsWith(prefix) ? token.substring(prefix.length()) : " " + token;
                }
                out.add(cleanup ? cleanup(token) : token);
            }
            return out;
        };
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

    /**
     * Byte-level BPE: every character of a token stands for one byte (GPT-2's byte-to-unicode table); the bytes of
     * all tokens are decoded as UTF-8, invalid sequences replaced. A token with a character outside the table
     * contributes its own UTF-8 bytes.
     */
    private static List<String> byteLevel(List<String> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String token : tokens) {
            byte[] mapped = ByteLevelAlphabet.bytesOf(token);
            bytes.writeBytes(mapped != null ? mapped : token.getBytes(StandardCharsets.UTF_8));
        }
        return List.of(bytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * SentencePiece's word marker back to spaces; the first token loses one leading space when the pre-tokenizer
     * prepends one ({@code prepend_scheme} other than {@code never}, or the older {@code add_prefix_space}).
     */
    private static TokenDecoder metaspace(JsonNode config) {
        String replacement = config.path("replacement").asText("\u2581");
        boolean prepends = config.has("prepend_scheme")
                ? !config.path("prepend_scheme").asText("always").equals("never")
                : config.path("add_prefix_space").asBoolean(true);
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String token = tokens.get(i).replace(replacement, " ");
                if (i == 0 && prepends && token.startsWith(" ")) {
                    token = token.substring(1);
                }
                out.add(token);
            }
            return out;
        };
    }

    private static TokenDecoder bpeSuffix(String suffix) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                out.add(tokens.get(i).replace(suffix, i == tokens.size() - 1 ? "" : " "));
            }
            return out;
        };
    }

    private static TokenDecoder replace(JsonNode config) {
        JsonNode pattern = config.path("pattern");
        String content = config.path("content").asText("");
        Pattern regex = pattern.has("Regex") ? Pattern.compile(pattern.path("Regex").asText())
                : Pattern.compile(Pattern.quote(pattern.path("String").asText()));
        String literal = java.util.regex.Matcher.quoteReplacement(content);
        return tokens -> tokens.stream().map(t -> regex.matcher(t).replaceAll(literal)).toList();
    }

    /** Removes up to {@code start} leading and {@code stop} trailing {@code content} characters of each token. */
    private static TokenDecoder strip(String content, int start, int stop) {
        return tokens -> tokens.stream().map(token -> {
            int from = 0;
            while (from < start && token.startsWith(content, from)) {
                from += content.length();
            }
            int to = token.length();
            for (int n = 0; n < stop && to - content.length() >= from && token.startsWith(content,
                    to - content.length()); n++) {
                to -= content.length();
            }
            return token.substring(from, to);
        }).toList();
    }

    private static TokenDecoder sequence(JsonNode decoders) {
        List<TokenDecoder> steps = new ArrayList<>();
        decoders.forEach(node -> steps.add(fromConfig(node)));
        return tokens -> {
            List<String> current = tokens;
            for (TokenDecoder step : steps) {
                current = step.decodeChain(current);
            }
            return current;
        };
    }

    /** GPT-2's {@code bytes_to_unicode}: printable Latin-1 bytes stand for themselves, the rest from U+0100 on. */
    final class ByteLevelAlphabet {
        private static final Map<Integer, Byte> BYTE_OF_CHAR = new HashMap<>();

        static {
            int next = 0;
            for (int b = 0; b < 256; b++) {
                boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
                int ch = printable ? b : 256 + next++;
                BYTE_OF_CHAR.put(ch, (byte) b);
            }
        }

        private ByteLevelAlphabet() {
        }

        /** The bytes a token's characters stand for; {@code null} when one of them is not in the table. */
        static byte[] bytesOf(String token) {
            int[] chars = token.codePoints().toArray();
            byte[] out = new byte[chars.length];
            for (int i = 0; i < chars.length; i++) {
                Byte b = BYTE_OF_CHAR.get(chars[i]);
                if (b == null) {
                    return null;
                }
                out[i] = b;
            }
            return out;
        }
    }
}
