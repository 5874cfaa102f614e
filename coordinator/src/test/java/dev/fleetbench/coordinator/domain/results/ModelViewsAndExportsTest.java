package dev.fleetbench.coordinator.domain.results;

import static dev.fleetbench.coordinator.domain.results.ResultsFixtures.DESKTOP;
import static dev.fleetbench.coordinator.domain.results.ResultsFixtures.LAPTOP;
import static dev.fleetbench.coordinator.domain.results.ResultsFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.recommend.Recommender;
import dev.fleetbench.common.testing.Golden;
import dev.fleetbench.coordinator.report.HtmlReport;
import dev.fleetbench.coordinator.report.ModelsJson;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelViewsAndExportsTest {

    private static final List<AggregateRow> BY_CLASS = List.of(
            row(DESKTOP, null, "phi-big", 45, 0, 2400, 9),
            row(DESKTOP, null, "phi-small", 45, 0, 250, 28),
            row(LAPTOP, null, "phi-big", 60, 0, 900, 12),
            row(LAPTOP, null, "phi-small", 60, 0, 300, 35));
    private static final List<AggregateRow> BY_USE_CASE = List.of(
            row(DESKTOP, "chat", "phi-small", 45, 0, 250, 28), row(DESKTOP, "chat", "phi-big", 45, 0, 2400, 9),
            ResultsFixtures.scored(row(LAPTOP, "chat", "phi-small", 30, 0, 300, 35), 9, 1),
            ResultsFixtures.scored(row(LAPTOP, "code", "phi-small", 30, 0, 320, 34), 2, 8));
    private static final ResultInputs IN = ResultsFixtures.inputs(BY_USE_CASE, BY_CLASS, Set.of(), Map.of(),
            QualityScores.of(List.of()));

    @Test
    void whichClassesRunAModelWellFastestFirst() {
        Map<String, List<ModelViews.ClassFit>> fits = ModelViews.fits(IN);
        assertThat(fits.get("phi-small")).extracting(ModelViews.ClassFit::hardwareClass).containsExactly(LAPTOP, DESKTOP);
        assertThat(fits.get("phi-small")).allMatch(ModelViews.ClassFit::meetsSlo);
        assertThat(fits.get("phi-big")).extracting(f -> f.meetsSlo() + " " + f.reason()).containsExactly(
                "false peak memory 15.0 GB > 80 % of 17.2 GB RAM", "false TTFT p90 2400 ms > 2000 ms");
    }

    @Test
    void theRequirementsTableNamesTheSmallestClassThatMetTheServiceLevels() {
        assertThat(ModelViews.requirements(IN)).containsExactly(
                new ModelViews.Requirement("phi-big", null, null, null, null, 0, 2),
                new ModelViews.Requirement("phi-small", 16, "npu:qualcomm", LAPTOP, 3_000_000_000L, 2, 2));
    }

    @Test
    void modelsJsonIsPinned() {
        Golden.assertMatches("models.json", Json.writePretty(ModelsJson.build(Recommendations.build(IN),
                ResultsFixtures.SLO, IN.evidence(), "c-1", "2026-11-24T10:00:00Z")));
    }

    @Test
    void theHtmlReportIsPinnedAndEscapesEverything() {
        List<Recommendations.ClassResult> recs = Recommendations.build(IN);
        String html = HtmlReport.render("nightly <script>alert(1)</script>", "c-1", recs, BY_CLASS, BY_USE_CASE,
                IN.classes(), Recommender.describe(ResultsFixtures.SLO), "2026-11-24T10:00:00Z");
        assertThat(html).doesNotContain("<script>").contains("nightly &lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("http://").doesNotContain("https://");
        Golden.assertMatches("report.html", html);
    }

    @Test
    void theHtmlReportShowsTokensPerJouleOnlyWhereEnergyWasMetered() {
        AggregateRow metered = BY_CLASS.get(1);
        metered = new AggregateRow(metered.keys(), metered.engine(), metered.engineVersion(), metered.executionProvider(),
                metered.promptSetVersion(), metered.machines(), metered.requests(), metered.failures(),
                metered.metrics(), metered.quality(), metered.cells(), 0, new EnergyFigures(40, 50.0, 2000, true));
        List<AggregateRow> rows = List.of(BY_CLASS.get(0), metered, BY_CLASS.get(2), BY_CLASS.get(3));
        String html = HtmlReport.render("energy", "c-1", Recommendations.build(IN), rows, BY_USE_CASE, IN.classes(),
                Recommender.describe(ResultsFixtures.SLO), "2026-11-24T10:00:00Z");
        String energy = html.substring(html.indexOf("<h2>Energy per answer</h2>"));
        assertThat(energy).contains("<td>40</td><td>1.25</td><td>40.00 (estimate)</td>").contains("phi-small")
                .doesNotContain("phi-big");
        String none = HtmlReport.render("energy", "c-1", Recommendations.build(IN), BY_CLASS, BY_USE_CASE,
                IN.classes(), Recommender.describe(ResultsFixtures.SLO), "2026-11-24T10:00:00Z");
        assertThat(none).doesNotContain("Energy per answer");
    }
}
