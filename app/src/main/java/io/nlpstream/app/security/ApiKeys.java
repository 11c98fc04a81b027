package io.nlpstream.app.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.nlpstream.app.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepted API keys, read from {@code api.keys-file}: one SHA-256 hash (64 hex digits) of a key per line, an
 * optional label after it, {@code #} comments. Only hashes are stored, so the file (a Kubernetes Secret) does not
 * hold the keys themselves. Several lines are several valid keys, which is how keys are rotated: add the new hash,
 * move the clients, remove the old one. The file is read again when it changes (checked at most every
 * {@link #RECHECK}), so a rotated Secret takes effect without a restart; a file that becomes unreadable or invalid
 * keeps the keys read last, with one WARN.
 */
public final class ApiKeys {
    static final Duration RECHECK = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    /** An accepted key: its hash and the name it is known by in logs and limits (never the key). */
    public record Key(byte[] sha256, String id) {
    }

    private final Path file;
    private final Clock clock;
    private volatile List<Key> keys;
    private volatile FileTime readVersion;
    private volatile Instant checkedAt;

    private ApiKeys(Path file, Clock clock, List<Key> keys, FileTime version) {
        this.file = file;
        this.clock = clock;
        this.keys = keys;
        this.readVersion = version;
        this.checkedAt = clock.instant();
    }

    /** The keys in {@code file}; a missing, unreadable, empty or malformed file is one sentence naming it. */
    public static ApiKeys read(Path file, Clock clock) {
        try {
            FileTime version = Files.getLastModifiedTime(file);
            return new ApiKeys(file, clock, parse(file, Files.readAllLines(file, StandardCharsets.UTF_8)), version);
        } catch (IOException e) {
            throw new InvalidConfigurationException("api.keys-file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }

    /** The SHA-256 of a key as the keys file holds it (what {@code sha256sum} prints for the key's bytes). */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** The accepted key that {@code presented} is, if any; compares hashes in constant time. */
    public Optional<Key> match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        reloadIfChanged();
        byte[] hash = sha256(presented);
        Key found = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.sha256(), hash)) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return keys.size();
    }

    private void reloadIfChanged() {
        Instant now = clock.instant();
        if (Duration.between(checkedAt, now).compareTo(RECHECK) < 0) {
            return;
        }
        synchronized (this) {
            if (Duration.between(checkedAt, now).compareTo(RECHECK) < 0) {
                return;
            }
            checkedAt = now;
            try {
                FileTime version = Files.getLastModifiedTime(file);
                if (!version.equals(readVersion)) {
                    keys = parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
                    readVersion = version;
                    LOG.info("api.keys-file {} read again: {} keys", file, keys.size());
                }
            } catch (IOException | InvalidConfigurationException e) {
                LOG.warn("api.keys-file {} could not be read again ({}); keeping the {} keys read before", file,
                        e instanceof InvalidConfigurationException ? e.getMessage() : e.getClass().getSimpleName(),
                        keys.size());
            }
        }
    }

    static List<Key> parse(Path file, List<String> lines) {
        Map<String, Key> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String hash = parts[0].toLowerCase(Locale.ROOT);
            if (!HASH.matcher(hash).matches()) {
                // The line itself is not repeated: it may be a key pasted by mistake.
                throw new InvalidConfigurationException("api.keys-file " + file + " line " + (i + 1) + " is not a "
                        + "SHA-256 hash (64 hex digits, then an optional label); store sha256(key), not the key.");
            }
            String id = parts.length > 1 && !parts[1].isBlank() ? parts[1].strip() : "key-" + hash.substring(0, 8);
            keys.putIfAbsent(hash, new Key(HexFormat.of().parseHex(hash), id));
        }
        if (keys.isEmpty()) {
            throw new InvalidConfigurationException("api.keys-file " + file + " holds no key hash.");
        }
        return List.copyOf(keys.values());
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
