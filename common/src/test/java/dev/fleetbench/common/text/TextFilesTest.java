package dev.fleetbench.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.bus.Secret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files as Windows tools write them: a UTF-8 BOM (Notepad, Set-Content -Encoding UTF8) and UTF-16LE (PowerShell 5.1's >). */
class TextFilesTest {

    private static final String SECRET = "3f9a1c0e7b2d4a6f8e0c1b3d5f7a9c2e";

    private static byte[] bytes(int[] mark, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int m : mark) {
            out.write(m);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Test
    void theByteOrderMarkChoosesTheEncodingAndIsDropped() {
        String text = "日本語の物語を書いて\r\n";
        assertThat(TextFiles.decode(bytes(new int[] {0xEF, 0xBB, 0xBF}, text.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(text);
        assertThat(TextFiles.decode(bytes(new int[] {0xFF, 0xFE}, text.getBytes(StandardCharsets.UTF_16LE))))
                .isEqualTo(text);
        assertThat(TextFiles.decode(bytes(new int[] {0xFE, 0xFF}, text.getBytes(StandardCharsets.UTF_16BE))))
                .isEqualTo(text);
        assertThat(TextFiles.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
        assertThat(TextFiles.decode(new byte[0])).isEmpty();
    }

    @Test
    void aSecretFileWithAByteOrderMarkIsTheSameSecret(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.secret"), SECRET + "\n");
        Path bom = Files.write(dir.resolve("bom.secret"), bytes(new int[] {0xEF, 0xBB, 0xBF},
                (SECRET + "\r\n").getBytes(StandardCharsets.UTF_8)));
        Path utf16 = Files.write(dir.resolve("utf16.secret"), bytes(new int[] {0xFF, 0xFE},
                (SECRET + "\r\n").getBytes(StandardCharsets.UTF_16LE)));

        Secret expected = Secret.resolve("the cluster secret", plain, null);
        assertThat(Secret.resolve("the cluster secret", bom, null).reveal()).isEqualTo(expected.reveal());
        assertThat(Secret.resolve("the cluster secret", utf16, null).reveal()).isEqualTo(expected.reveal());
    }
}
