package dev.fleetbench.common.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.testing.LogLines;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogLineTest {

    @Test
    void idsAndNumbersAreWrittenBareInTheOrderGiven() {
        assertThat(LogLine.event("lease.issued", "campaign", "c-1a2b", "lease", "l-9f", "worker", "w-42", "model",
                "Phi-4-mini-instruct-qnn-npu:2", "attempt", 1, "ms", 12.5, "reason", null))
                .isEqualTo("event=lease.issued campaign=c-1a2b lease=l-9f worker=w-42"
                        + " model=Phi-4-mini-instruct-qnn-npu:2 attempt=1 ms=12.5 reason=-");
    }

    @Test
    void anythingElseIsQuotedSoThatNoValueCanEndTheLineOrForgeAPair() {
        String hostile = "w-1\n[main] INFO x - event=lease.issued worker=forged\r\t\"\\\u0000\u2028\u0085";
        String line = LogLine.event("worker.refused", "worker", hostile, "reason", "two words", "empty", "", "dash", "-");

        assertThat(line).doesNotContain("\n", "\r", "\t", "\u0000", "\u2028", "\u0085")
                .isEqualTo("event=worker.refused worker=\"w-1\\n[main] INFO x - event=lease.issued worker=forged\\r\\t"
                        + "\\\"\\\\\\u0000\\u2028\\u0085\" reason=\"two words\" empty=\"\" dash=\"-\"");
        assertThat(LogLines.parse("[vert.x-eventloop-thread-0] WARN a.B - " + line)).containsExactly(
                Map.entry("event", "worker.refused"), Map.entry("worker", hostile), Map.entry("reason", "two words"),
                Map.entry("empty", ""), Map.entry("dash", "-"));
    }

    @Test
    void longValuesAreCutAndLoneSurrogatesEscaped() {
        String line = LogLine.event("x", "v", "a".repeat(500), "s", "ok \ud83d\ude00 \ud83d");

        assertThat(line).hasSize("event=x v=\"\" s=\"\"".length() + LogLine.MAX_VALUE + 3
                + "ok \ud83d\ude00 \\ud83d".length());
        assertThat(LogLines.parse(line).get("v")).isEqualTo("a".repeat(LogLine.MAX_VALUE) + "...");
        assertThat(LogLines.parse(line).get("s")).isEqualTo("ok \ud83d\ude00 \ud83d");
    }

    @Test
    void keysAreCheckedAndComeInPairs() {
        assertThatThrownBy(() -> LogLine.event("x", "worker")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogLine.event("x", "Bad Key", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogLine.event("bad event", "k", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
