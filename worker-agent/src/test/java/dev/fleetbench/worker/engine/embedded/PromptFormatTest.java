package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.ChatMessage;
import dev.fleetbench.worker.engine.EngineException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PromptFormatTest {

    @Test
    void plainPassesASingleUserMessageThrough() {
        assertThat(PromptFormat.plain(List.of(ChatMessage.user("Once upon a time")))).isEqualTo("Once upon a time");
        assertThat(PromptFormat.plain(List.of(new ChatMessage("system", "Tell a story."),
                ChatMessage.user("Once upon a time")))).isEqualTo("Tell a story.\n\nOnce upon a time");
    }

    @Test
    void templatedTriesRenderersInOrderThenFallsBackToChatMl() throws EngineException {
        List<ChatMessage> msgs = List.of(new ChatMessage("system", "S"), ChatMessage.user("U"));
        Function<PromptFormat.Split, String> failing = s -> {
            throw new IllegalStateException("unsupported template");
        };
        Function<PromptFormat.Split, String> ok = s -> "[" + s.system() + "|" + s.turns().get(0).content() + "]";

        assertThat(PromptFormat.templated(msgs, List.of(failing, ok))).isEqualTo("[S|U]");
        assertThat(PromptFormat.templated(msgs, List.of(failing))).isEqualTo(
                "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void unknownRolesAreInvalidInput() {
        assertThatThrownBy(() -> PromptFormat.split(List.of(new ChatMessage("tool", "x"))))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_INPUT));
    }
}
