package io.nlpstream.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.nlpstream.app.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    @TempDir
    Path dir;

    @Test
    void theHashIsWhatSha256sumPrints() {
        // printf %s 'secret' | sha256sum
        assertThat(ApiKeys.sha256Hex("secret"))
                .isEqualTo("2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");
    }

    @Test
    void labelsNameKeysAndCommentsAreSkipped() throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "# clients\n\n" + ApiKeys.sha256Hex("k1")
                + "   team-a\n" + ApiKeys.sha256Hex("k2").toUpperCase() + "\n");
        ApiKeys keys = ApiKeys.read(file, Clock.systemUTC());

        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.match("k1").orElseThrow().id()).isEqualTo("team-a");
        assertThat(keys.match("k2").orElseThrow().id()).isEqualTo("key-" + ApiKeys.sha256Hex("k2").substring(0, 8));
        assertThat(keys.match("k3")).isEmpty();
        assertThat(keys.match("")).isEmpty();
    }

    @Test
    void aKeyPastedInsteadOfItsHashIsRefusedWithoutRepeatingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "my-plain-secret-key\n");

        assertThatThrownBy(() -> ApiKeys.read(file, Clock.systemUTC()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("api.keys-file " + file + " line 1 is not a SHA-256 hash (64 hex digits, then an optional "
                        + "label); store sha256(key), not the key.")
                .message().doesNotContain("my-plain-secret-key");
    }

    @Test
    void aMissingOrEmptyFileIsOneSentence() throws Exception {
        assertThatThrownBy(() -> ApiKeys.read(dir.resolve("absent"), Clock.systemUTC()))
                .hasMessage("api.keys-file " + dir.resolve("absent") + " cannot be read (NoSuchFileException).");
        Path empty = Files.writeString(dir.resolve("empty"), "# nothing yet\n");
        assertThatThrownBy(() -> ApiKeys.read(empty, Clock.systemUTC()))
                .hasMessage("api.keys-file " + empty + " holds no key hash.");
    }

    @Test
    void aRotatedFileIsReadAgainAndABrokenOneKeepsTheKeysReadBefore() throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), ApiKeys.sha256Hex("old") + "\n");
        MutableClock clock = new MutableClock();
        ApiKeys keys = ApiKeys.read(file, clock);

        Files.writeString(file, ApiKeys.sha256Hex("new") + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(keys.match("new")).as("not checked again yet").isEmpty();
        clock.now = clock.now.plus(ApiKeys.RECHECK);
        assertThat(keys.match("new")).isPresent();
        assertThat(keys.match("old")).isEmpty();

        Files.writeString(file, "garbage\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(20)));
        clock.now = clock.now.plus(ApiKeys.RECHECK);
        assertThat(keys.match("new")).isPresent();
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
