package dev.fleetbench.worker.engine.embedded;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.ChatMessage;
import dev.fleetbench.worker.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns chat messages into the prompt text the model sees.
 *
 * <ul>
 *   <li><b>Models without a chat template</b> (stories260K, the synthetic models): the <em>plain</em> format, the
 *       message contents joined by a blank line, nothing added. A single user message is passed through unchanged,
 *       so "Once upon a time" continues exactly as llama.cpp's completion does (the reproducible reference output),
 *       instead of llama.cpp's ChatML fallback which would feed a story model markup it never saw.</li>
 *   <li><b>Models with {@code tokenizer.chat_template}</b>: the binding renders it ({@code LlamaModel.applyTemplate}
 *       with the messages, i.e. llama.cpp's own template support; first its built-in template recognition, then its
 *       Jinja engine); if both refuse the template, a simple ChatML rendering is used.</li>
 * </ul>
 * Pure apart from the renderer it is given.
 */
final class PromptFormat {

    private PromptFormat() {
    }

    /** The plain format: contents joined by a blank line. */
    static String plain(List<ChatMessage> messages) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            sb.append(m.content());
        }
        return sb.toString();
    }

    /** ChatML, the format llama.cpp itself falls back to, with the assistant turn opened. */
    static String chatMl(List<ChatMessage> messages) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            sb.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
        }
        return sb.append("<|im_start|>assistant\n").toString();
    }

    /**
     * The system text (all system messages joined) and the user/assistant turns, as the binding's
     * {@code InferenceParameters.setMessages} takes them.
     *
     * @throws EngineException INVALID_INPUT for a role other than system, user or assistant
     */
    static Split split(List<ChatMessage> messages) throws EngineException {
        StringBuilder system = new StringBuilder();
        List<ChatMessage> turns = new ArrayList<>();
        for (ChatMessage m : messages) {
            switch (m.role()) {
                case "system" -> system.append(system.length() > 0 ? "\n\n" : "").append(m.content());
                case "user", "assistant" -> turns.add(m);
                default -> throw new EngineException(FailureCode.INVALID_INPUT,
                        "role '" + m.role() + "' is not supported by the embedded engine (system, user, assistant)");
            }
        }
        return new Split(system.toString(), turns);
    }

    record Split(String system, List<ChatMessage> turns) {
    }

    /**
     * Renders with the model's template through {@code renderers} (tried in order; one that throws is skipped),
     * falling back to ChatML.
     */
    static String templated(List<ChatMessage> messages, List<Function<Split, String>> renderers)
            throws EngineException {
        Split split = split(messages);
        for (Function<Split, String> r : renderers) {
            try {
                String s = r.apply(split);
                if (s != null && !s.isEmpty()) {
                    return s;
                }
            } catch (RuntimeException e) {
                // this renderer does not support the template: try the next
            }
        }
        return chatMl(messages);
    }
}
