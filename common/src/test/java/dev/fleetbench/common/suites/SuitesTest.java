package dev.fleetbench.common.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Ids;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.quality.QualityScore;
import dev.fleetbench.common.quality.Verdict;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SuitesTest {

    private static final String UNRELATED = "I like turtles. They are green and slow, and they live for a long time.";

    @Test
    void catalogListsEverySuiteWithItsUseCaseSourceAndLicense() {
        List<SuiteInfo> catalog = Suites.catalog();
        assertThat(catalog).extracting(SuiteInfo::name).containsExactly("chat-instructions", "reasoning-arithmetic",
                "reasoning-logic", "code-python", "summarization-passages");
        assertThat(catalog).extracting(SuiteInfo::useCase).containsExactly(dev.fleetbench.common.model.UseCase.CHAT,
                dev.fleetbench.common.model.UseCase.REASONING, dev.fleetbench.common.model.UseCase.REASONING,
                dev.fleetbench.common.model.UseCase.CODE, dev.fleetbench.common.model.UseCase.SUMMARIZATION);
        assertThat(catalog.get(4).source()).contains("Gettysburg Address", "Joseph Jacobs");
        assertThat(catalog.get(4).license()).contains("public domain");
        for (SuiteInfo info : catalog) {
            Suite s = Suites.resolve(info.name(), Suites.DEFAULT_SEED);
            assertThat(info.tasks()).as(info.name()).isBetween(5, 8).isEqualTo(s.prompts().size());
            assertThat(info.useCase()).isEqualTo(s.useCase());
            assertThat(info.source()).isNotBlank();
            assertThat(info.license()).isNotBlank();
        }
    }

    @Test
    void promptsHaveSuiteIdsTheSuitesUseCaseAChecksAndABudget() {
        for (SuiteInfo info : Suites.catalog()) {
            Suite s = Suites.resolve(info.name(), 7);
            for (int i = 0; i < s.prompts().size(); i++) {
                PromptSpec p = s.prompts().get(i);
                assertThat(p.id()).isEqualTo(info.name() + "." + (i + 1)).matches(Ids.Shape.NAME.regex());
                assertThat(p.category()).isEqualTo(info.useCase());
                assertThat(p.expect()).as(p.id()).isNotNull();
                assertThat(p.maxTokens()).isBetween(64, 512);
            }
            assertThat(new PromptSet(s.prompts()).prompts()).hasSameSizeAs(s.prompts()); // ids unique
        }
    }

    @Test
    void sameNameAndSeedGiveIdenticalPrompts() {
        for (SuiteInfo info : Suites.catalog()) {
            Suite a = Suites.resolve(info.name(), 42);
            Suite b = Suites.resolve(info.name(), 42);
            assertThat(a).isEqualTo(b);
            assertThat(Json.write(a.prompts())).isEqualTo(Json.write(b.prompts()));
            assertThat(a.version()).hasSize(12).matches("[0-9a-f]{12}");
        }
    }

    @Test
    void anotherSeedGivesOtherNumbersAndAnotherVersion() {
        Suite one = Suites.resolve("reasoning-arithmetic", 1);
        Suite two = Suites.resolve("reasoning-arithmetic", 2);
        assertThat(numbers(one)).isNotEqualTo(numbers(two));
        for (SuiteInfo info : Suites.catalog()) {
            assertThat(Suites.resolve(info.name(), 1).version()).as(info.name())
                    .isNotEqualTo(Suites.resolve(info.name(), 2).version());
        }
        // Most arithmetic tasks differ individually, not just one of them.
        int differing = 0;
        for (int i = 0; i < one.prompts().size(); i++) {
            differing += one.prompts().get(i).text().equals(two.prompts().get(i).text()) ? 0 : 1;
        }
        assertThat(differing).isGreaterThanOrEqualTo(one.prompts().size() - 1);
    }

    @Test
    void everyReferenceAnswerPassesAndAnUnrelatedAnswerDoesNot() {
        for (long seed : new long[] {Suites.DEFAULT_SEED, 2, 3, 99, 123_456_789L, -5}) {
            for (SuiteInfo info : Suites.catalog()) {
                Suite s = Suites.resolve(info.name(), seed);
                Map<String, String> refs = Suites.referenceAnswers(info.name(), seed);
                assertThat(refs.keySet()).containsExactlyElementsOf(s.prompts().stream().map(PromptSpec::id).toList());
                for (PromptSpec p : s.prompts()) {
                    QualityScore right = p.expect().score(refs.get(p.id()));
                    assertThat(right.verdict()).as(p.id() + " seed " + seed + ": " + right.reason())
                            .isEqualTo(Verdict.PASS);
                    assertThat(p.expect().score(UNRELATED).verdict()).as(p.id() + " unrelated")
                            .isNotEqualTo(Verdict.PASS);
                    assertThat(p.expect().score("").verdict()).as(p.id() + " empty").isEqualTo(Verdict.FAIL);
                }
            }
        }
    }

    @Test
    void unknownSuiteIsRefusedNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> Suites.resolve("chat-instructionz", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chat-instructionz")
                .hasMessageContaining("chat-instructions, reasoning-arithmetic");
        assertThatThrownBy(() -> Suites.resolve(null, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> numbers(Suite s) {
        Matcher m = Pattern.compile("\\d+").matcher(String.join(" ", s.prompts().stream().map(PromptSpec::text).toList()));
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
