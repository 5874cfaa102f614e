package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.engine.foundry.testdouble.FoundryDouble;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.measure.ModelMeasurement;
import dev.fleetbench.worker.measure.PlanListener;
import dev.fleetbench.worker.measure.RequestRunner;
import dev.fleetbench.worker.measure.ResourceSampler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Foundry Local 2.x as its source behaves (spec §0.1): the double's G3 mode refuses a load by id, loads an alias's
 * first cached variant, and the engine loads by alias, confirms the loaded id, and turns another variant into a
 * {@code WRONG_VARIANT} result instead of samples under the wanted name; G2 falls back from id to alias.
 */
@DisabledOnOs(OS.WINDOWS)
class FoundryVariantLoadTest {

    static final String CPU = "Phi-4-mini-instruct-generic-cpu:4";
    static final String GPU = "Phi-4-mini-instruct-generic-gpu:5";

    @TempDir
    Path dir;
    FoundryDouble d;
    FoundryEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        if (d != null) {
            d.close();
        }
    }

    private void start(FoundryDouble.Api api) throws Exception {
        d = DoubleSupport.started(api, FoundryDouble.Cli.CURRENT, dir);
        engine = DoubleSupport.engine(d);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theG3DoubleLoadsByAliasOnlyAndChatsByIdOnlyWhenLoaded() throws Exception {
        start(FoundryDouble.Api.G3);
        d.markCached(CPU);
        HttpResponse<String> byId = get(d.baseUrl() + "/models/load/" + CPU);
        assertThat(byId.statusCode()).isEqualTo(404);
        assertThat(byId.body()).contains("Model not found").contains("invalid_request_error");
        HttpResponse<String> uncachedAlias = get(d.baseUrl() + "/models/load/qwen2.5-0.5b");
        assertThat(uncachedAlias.statusCode()).isEqualTo(400);
        assertThat(uncachedAlias.body()).contains("Model not cached: Model must be downloaded before loading");
        assertThat(get(d.baseUrl() + "/models/load/phi-4-mini").body()).isEqualTo("{\"status\":\"loaded\"}");
        assertThat(get(d.baseUrl() + "/models/load/phi-4-mini").body()).isEqualTo("{\"status\":\"already_loaded\"}");
        assertThat(get(d.baseUrl() + "/models/loaded").body()).isEqualTo("[\"" + CPU + "\"]");
        assertThat(get(d.baseUrl() + "/models/unload/" + CPU).statusCode()).isEqualTo(404);
        assertThat(get(d.baseUrl() + "/models/unload/phi-4-mini").body()).isEqualTo("{\"status\":\"unloaded\"}");
        assertThat(get(d.baseUrl() + "/models/unload/phi-4-mini").body()).isEqualTo("{\"status\":\"not_loaded\"}");
        assertThat(get(d.baseUrl() + "/openai/download").statusCode()).isEqualTo(404); // no download route in 2.x
    }

    @Test
    void onG3TheEngineDownloadsWithTheCliLoadsTheAliasAndConfirmsTheId() throws Exception {
        start(FoundryDouble.Api.G3);
        ModelVariant v = engine.resolve("phi-4-mini", DeviceType.CPU);
        assertThat(v.id()).isEqualTo(CPU);
        engine.download(v, (p, f) -> { });
        assertThat(d.cliCalls()).contains("model download " + CPU);
        engine.load(v);
        assertThat(d.loadedIds()).containsExactly(CPU);
        assertThat(d.requests()).contains("GET /models/load/phi-4-mini", "GET /models/loaded")
                .doesNotContain("GET /models/load/" + CPU);
        var rec = new FoundryEngineIT.Recorder();
        engine.chat(ChatRequest.greedy(CPU, "Once upon a time", 4, Timeouts.ofTotal(Duration.ofSeconds(20))), rec);
        assertThat(rec.chunks).hasSize(4);
        engine.unload(v);
        assertThat(d.loadedIds()).isEmpty();
        assertThat(d.requests()).contains("GET /models/unload/phi-4-mini");
    }

    @Test
    void anotherVariantCachedFirstIsAWrongVariantResultNamingItAndTheUsersCacheIsKept() throws Exception {
        start(FoundryDouble.Api.G3);
        d.markCached(GPU); // the user's own GPU variant, ahead of the CPU variant in best-first order
        ModelVariant v = engine.resolve("phi-4-mini", DeviceType.CPU);
        engine.download(v, (p, f) -> { });
        EngineException e = catchThrowableOfType(EngineException.class, () -> engine.load(v));
        assertThat(e.code()).isEqualTo(FailureCode.WRONG_VARIANT);
        assertThat(e.getMessage()).contains("asked for " + CPU).contains("loaded " + GPU)
                .contains(GPU + " is cached ahead of the wanted one").contains("nothing was measured under " + CPU);
        assertThat(d.loadedIds()).isEmpty(); // the wrong one was unloaded again
        assertThat(d.cachedIds()).contains(GPU, CPU); // never deleted
        assertThat(d.cliCalls()).noneMatch(c -> c.startsWith("cache remove"));
    }

    @Test
    void aLeaseOnTheWrongVariantMeasuresNoSampleUnderTheWantedName() throws Exception {
        start(FoundryDouble.Api.G3);
        d.markCached(GPU);
        d.markCached(CPU);
        try (ResourceSampler sampler = new ResourceSampler(pid -> Optional.empty(), System::nanoTime, Duration.ofMillis(100))) {
            ModelMeasurement m = new ModelMeasurement(new RequestRunner(System::nanoTime, Clock.systemUTC(),
                    () -> UUID.randomUUID().toString()), sampler, System::nanoTime, ProcessHandle.current().pid());
            try (LeaseRunner runner = new LeaseRunner(engine, m, new FingerprintFactory(Fixtures.intelDesktop(),
                    engine.info(), "test"), "w-1")) {
                ModelVariant v = engine.resolve("phi-4-mini", DeviceType.CPU);
                List<LeasePrompt> prompts = List.of(new LeasePrompt("cell-1", new PromptSpec("p1", UseCase.CHAT,
                        "Once upon a time", 4, null), 0, 2));
                List<Sample> samples = new ArrayList<>();
                ModelPhases phases = runner.run(new Lease("l-1", "c-1", 1, v, prompts, 0, "v1", 30, false),
                        samples::add, PlanListener.NONE, () -> false).get(60, TimeUnit.SECONDS);
                assertThat(phases.failureCode()).isEqualTo(FailureCode.WRONG_VARIANT);
                assertThat(phases.failureMessage()).contains(GPU);
                assertThat(samples).isEmpty();
                assertThat(d.requests()).noneMatch(r -> r.startsWith("POST /v1/chat/completions"));
            }
        }
    }

    @Test
    void onG2ALoadByIdThatAnswers404FallsBackToTheAliasAndIsConfirmed() throws Exception {
        start(FoundryDouble.Api.G2);
        d.quirks.loadByAliasOnly = true;
        ModelVariant v = engine.resolve("qwen2.5-0.5b", DeviceType.CPU);
        engine.download(v, (p, f) -> { });
        engine.load(v);
        assertThat(d.requests()).containsSubsequence("GET /models/load/" + v.id(), "GET /models/load/qwen2.5-0.5b",
                "GET /models/loaded");
        assertThat(d.loadedIds()).containsExactly(v.id());
        engine.unload(v);
        assertThat(d.loadedIds()).isEmpty();
    }

    @Test
    void onG2ALoadById() throws Exception {
        start(FoundryDouble.Api.G2);
        ModelVariant v = engine.resolve("qwen2.5-0.5b", DeviceType.CPU);
        engine.download(v, (p, f) -> { });
        engine.load(v);
        assertThat(d.requests()).contains("GET /models/load/" + v.id()).doesNotContain("GET /models/load/qwen2.5-0.5b");
        assertThat(d.loadedIds()).containsExactly(v.id());
    }

    @Test
    void onG3WithoutACliAnUncachedVariantIsAResultSayingThereIsNoWayToDownloadIt() throws Exception {
        d = DoubleSupport.started(FoundryDouble.Api.G3, FoundryDouble.Cli.CURRENT, dir);
        engine = DoubleSupport.engine(new FoundryConfig(null, "/nonexistent", d.baseUrl(), Duration.ofSeconds(5),
                Duration.ofMillis(100), 600, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60), false));
        ModelVariant v = engine.resolve(CPU, null); // /v1/models gives ids only: no aliases without a CLI
        EngineException e = catchThrowableOfType(EngineException.class, () -> engine.download(v, (p, f) -> { }));
        assertThat(e.code()).isEqualTo(FailureCode.DOWNLOAD_FAILED);
        assertThat(e.getMessage()).contains(CPU + " is not cached and there is no way to download it here")
                .contains("no download route");
        assertThat(d.cliCalls()).isEmpty();
    }

    @Test
    void aheadListsTheCachedVariantsOfTheAliasBeforeTheWantedOne() {
        List<CatalogEntry> catalog = List.of(CatalogEntry.fromIdOnly("Phi-4-mini-instruct-vitis-npu:2"),
                CatalogEntry.fromIdOnly(GPU), CatalogEntry.fromIdOnly(CPU),
                CatalogEntry.fromIdOnly("qwen2.5-0.5b-instruct-generic-gpu:4"));
        catalog = catalog.stream().map(e -> new CatalogEntry(e.id(), e.id().startsWith("qwen") ? "qwen2.5-0.5b"
                : "phi-4-mini", -1, e.deviceType(), e.executionProvider(), 0, null, null, null, null, 0, null)).toList();
        CatalogEntry wanted = catalog.get(2);
        assertThat(VariantLoader.ahead(catalog, List.of(), wanted)).isEmpty();
        assertThat(VariantLoader.ahead(catalog, List.of(CPU.toLowerCase(), "qwen2.5-0.5b-instruct-generic-gpu:4"), wanted))
                .isEmpty();
        assertThat(VariantLoader.ahead(catalog, List.of("phi-4-mini-instruct-generic-gpu:5", CPU,
                "Phi-4-mini-instruct-vitis-npu:2"), wanted)).containsExactly("Phi-4-mini-instruct-vitis-npu:2", GPU);
        assertThat(VariantLoader.aliasOf(catalog, CPU.toUpperCase())).isEqualTo("phi-4-mini");
        assertThat(VariantLoader.aliasOf(catalog, "x:1")).isEqualTo("x:1");
    }
}
