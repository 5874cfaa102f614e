package dev.fleetbench.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.export.SampleCsv;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleCsvTest {

    @Test
    void csvFormatIsPinned() {
        Sample hostile = Sample.builder("9d7e0c55-1111-4c3a-8f00-aaaaaaaaaaaa", "stories260K", "quote", SampleKind.MEASURED, 0)
                .startedAtMs(1_790_000_001_000L)
                .fingerprint(Fixtures.embeddedFingerprint("stories260K"))
                .text("=HYPERLINK(\"x\"), then\na \"quoted\" line")
                .failed(FailureCode.STREAM_MALFORMED, "bad data: line 3");
        Golden.assertMatches("samples.csv", SampleCsv.write(List.of(JsonGoldenTest.okSample(), hostile)));
    }

    /** Every leading character a spreadsheet reads as a formula, in worker- and model-made columns. */
    @Test
    void formulaInjectionIsEscapedInEveryTextColumn() {
        List<Sample> hostile = new java.util.ArrayList<>();
        String[] starts = {"=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"};
        for (int i = 0; i < starts.length; i++) {
            hostile.add(Sample.builder("id-" + i, starts[i] + "-model", starts[i] + "-prompt", SampleKind.MEASURED, i)
                    .startedAtMs(1_790_000_001_000L).text(starts[i] + " answer")
                    .failed(FailureCode.ENGINE_ERROR, starts[i] + " message"));
        }
        String csv = SampleCsv.write(hostile);
        Golden.assertMatches("samples-formulas.csv", csv);
        for (String line : csv.split("\r\n")) {
            for (String cell : line.split(",")) {
                String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertThat(bare).as("no cell starts a formula: %s", line).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
                if (!bare.matches("-?[0-9.]+")) {
                    assertThat(bare).as("no text cell starts with '-': %s", line).doesNotStartWith("-");
                }
            }
        }
    }

    @Test
    void everyRowHasAsManyCellsAsTheHeader() {
        String csv = SampleCsv.write(List.of(JsonGoldenTest.okSample()));
        String[] lines = csv.split("\r\n");
        assertThat(cells(lines[1])).isEqualTo(cells(lines[0]));
    }

    /** Cells of one CSV line, honouring quotes. */
    private static int cells(String line) {
        int count = 1;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                count++;
            }
        }
        return count;
    }
}
