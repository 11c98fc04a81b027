package io.nlpstream.models.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decoders as the tokenizers crate's {@code decode_chain} documents them. */
class TokenDecoderTest {

    private static TokenDecoder decoder(String json) {
        try {
            return TokenDecoder.fromConfig(new ObjectMapper().readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void wordPieceGluesContinuationsAndCleansUp() {
        TokenDecoder wordPiece = decoder("{\"type\":\"WordPiece\",\"prefix\":\"##\",\"cleanup\":true}");

        assertThat(wordPiece.decode(List.of("un", "##aff", "##able", "!"))).isEqualTo("unaffable!");
        assertThat(wordPiece.decode(List.of("##k"))).isEqualTo("##k");
    }

    @Test
    void byteLevelMapsCharactersBackToUtf8Bytes() {
        TokenDecoder byteLevel = decoder("{\"type\":\"ByteLevel\"}");

        assertThat(byteLevel.decode(List.of("Hello", "Ġcaf", "Ã©", "Ċ"))).isEqualTo("Hello café\n");
        // a character outside the byte alphabet stands for its own UTF-8 bytes
        assertThat(byteLevel.decode(List.of("Ġ", "東京"))).isEqualTo(" 東京");
        // half a character decodes to the replacement character, as from_utf8_lossy does
        assertThat(byteLevel.decode(List.of("Ã"))).isEqualTo("\uFFFD");
    }

    @Test
    void metaspaceDropsTheFirstPrependedSpaceOnly() {
        TokenDecoder always = decoder("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"always\"}");
        TokenDecoder never = decoder("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"never\"}");
        TokenDecoder legacy = decoder("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"add_prefix_space\":true}");

        assertThat(always.decode(List.of("▁Hey", "▁fri", "end", "!"))).isEqualTo("Hey friend!");
        assertThat(always.decode(List.of("▁", "▁x"))).isEqualTo("  x".substring(1));
        assertThat(never.decode(List.of("▁Hey", "▁friend"))).isEqualTo(" Hey friend");
        assertThat(legacy.decode(List.of("▁Hey", "▁friend"))).isEqualTo("Hey friend");
    }

    @Test
    void bpeSuffixBecomesASpaceExceptAtTheEnd() {
        TokenDecoder bpe = decoder("{\"type\":\"BPEDecoder\",\"suffix\":\"</w>\"}");

        assertThat(bpe.decode(List.of("hel", "lo</w>", "world</w>"))).isEqualTo("hello world");
    }

    @Test
    void aSequenceRunsItsStepsInOrder() {
        TokenDecoder sequence = decoder("{\"type\":\"Sequence\",\"decoders\":["
                + "{\"type\":\"Replace\",\"pattern\":{\"String\":\"▁\"},\"content\":\" \"},"
                + "{\"type\":\"Fuse\"},"
                + "{\"type\":\"Strip\",\"content\":\" \",\"start\":1,\"stop\":0}]}");

        assertThat(sequence.decode(List.of("▁Hey", "▁friend"))).isEqualTo("Hey friend");
    }

    @Test
    void noDecoderJoinsWithSpaces() {
        assertThat(TokenDecoder.fromConfig(MissingNode.getInstance()).decode(List.of("a", "b"))).isEqualTo("a b");
    }

    @Test
    void anUnknownDecoderFailsWhenLoaded() {
        assertThatThrownBy(() -> decoder("{\"type\":\"CTC\"}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("CTC");
    }
}
