package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The download stream read by lines (spec §4.5), including what breaks the legacy JS SDK. */
class DownloadProgressTest {

    private final List<String> seen = new ArrayList<>();
    private final DownloadProgress p = new DownloadProgress((pct, file) -> seen.add(pct + " " + file));

    private void feed(String body) {
        for (String line : body.split("\n", -1)) {
            p.line(line);
        }
    }

    @Test
    void progressMarkerAndResult() throws Exception {
        feed("Total 0.00% Downloading model.onnx.data\nTotal 45.67% Downloading model.onnx.data\n"
                + "Total 45.67% Downloading model.onnx.data\nTotal 100.00% Downloading genai_config.json\n"
                + "[DONE] All Completed!\n{\"success\": true, \"errorMessage\": null}");
        assertThat(seen).containsExactly("0.0 model.onnx.data", "45.67 model.onnx.data", "100.0 genai_config.json");
        assertThat(p.completed()).isTrue();
        p.requireSuccess("m:1");
    }

    @Test
    void resultSharingAChunkWithTheMarkerIsStillRead() throws Exception {
        // one transfer chunk "[DONE] All Completed!\n{...}" makes the JS SDK 0.5.0 fail; lines do not care
        feed("Total 50% Downloading a\n[DONE] All Completed!\n{\n  \"Success\": true,\n  \"ErrorMessage\": null\n}\n");
        p.requireSuccess("m:1");
    }

    @Test
    void failureCarriesTheServicesMessage() {
        feed("Total 40.00% Downloading model.onnx.data\n{\"success\": false, \"errorMessage\": \"disk full\"}");
        EngineException e = catchThrowableOfType(EngineException.class, () -> p.requireSuccess("m:1"));
        assertThat(e.code()).isEqualTo(FailureCode.DOWNLOAD_FAILED);
        assertThat(e.getMessage()).contains("disk full").contains("m:1");
    }

    @Test
    void noResultIsAFailureThatSaysHowFarItGot() {
        feed("Total 12.5% Downloading x\n");
        EngineException e = catchThrowableOfType(EngineException.class, () -> p.requireSuccess("m:1"));
        assertThat(e.code()).isEqualTo(FailureCode.DOWNLOAD_FAILED);
        assertThat(e.getMessage()).contains("without a result").contains("12.5%");
    }

    @Test
    void cliProgressLines() {
        feed("Downloading m:1...\n  0.0%\n 50.0%\n100.0%\n● success: Model m:1 downloaded");
        assertThat(seen).extracting(s -> s.split(" ")[0]).containsExactly("0.0", "50.0", "100.0");
    }
}
