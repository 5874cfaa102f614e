package dev.fleetbench.common.bus;

import dev.fleetbench.common.text.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (cluster secret, keystore password, API token) that never prints itself: {@link #toString()} is
 * redacted, so a config record holding one can be logged, and an exception that names a config cannot leak it.
 * Only {@link #reveal()} hands out the value, at the one place that needs it. Immutable, thread-safe.
 */
public final class Secret {

    private static final String REDACTED = "[redacted]";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** The value; null or blank is no secret at all, so this returns null. */
    public static Secret of(String value) {
        return value == null || value.isBlank() ? null : new Secret(value);
    }

    /**
     * Resolves a secret from its two sources, the file first (the command line overrides the environment), then the
     * environment value. Neither is ever part of the process list; a value read from a file loses its surrounding
     * whitespace (the newline that {@code echo} and editors add) and its byte-order mark ({@link TextFiles}).
     *
     * @param what     what the secret is, for error messages ("the cluster secret")
     * @param file     a file holding the secret, or null
     * @param envValue the environment variable's value, or null
     * @return the secret, or null when neither source gives one
     * @throws IllegalArgumentException naming the file (never its content) when it cannot be read or is empty
     */
    public static Secret resolve(String what, Path file, String envValue) {
        if (file != null) {
            String text;
            try {
                // a byte-order mark (Notepad, PowerShell) would otherwise become part of the secret
                text = TextFiles.read(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + what + " from " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            Secret s = of(text.strip());
            if (s == null) {
                throw new IllegalArgumentException(what + " file " + file + " is empty");
            }
            return s;
        }
        return of(envValue);
    }

    /** The value itself: pass it on to where it is needed, never to a log or a message. */
    public String reveal() {
        return value;
    }

    public int length() {
        return value.length();
    }

    /** Whether {@code candidate} is this secret, in time that does not depend on where they differ. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && matches(s.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value.length());
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}
