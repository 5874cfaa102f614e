package dev.fleetbench.common.text;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads text files written by hand on any OS. Windows tools mark their encoding with a byte-order mark: Notepad and
 * PowerShell's {@code Set-Content -Encoding UTF8} write a UTF-8 BOM, Windows PowerShell 5.1's {@code >} and
 * {@code Out-File} write UTF-16LE with a BOM. Read as plain UTF-8, the first would put an invisible U+FEFF in front of
 * a secret (another HMAC key than the coordinator's) or a prompt, the second would be unreadable. So the mark decides
 * the encoding and is dropped; without one the text is UTF-8. Hand-written rather than a library's BOM stream: three
 * byte patterns, and common has no I/O library to take it from. Thread-safe (stateless).
 */
public final class TextFiles {

    private TextFiles() {
    }

    /** The file's text, decoded by its byte-order mark (UTF-8 without one), the mark removed. */
    public static String read(Path file) throws IOException {
        return decode(Files.readAllBytes(file));
    }

    /** The text of these bytes, decoded by their byte-order mark (UTF-8 without one), the mark removed. */
    public static String decode(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return text(b, StandardCharsets.UTF_16LE);
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return text(b, StandardCharsets.UTF_16BE);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String text(byte[] b, Charset utf16) {
        return new String(b, 2, b.length - 2, utf16);
    }
}
