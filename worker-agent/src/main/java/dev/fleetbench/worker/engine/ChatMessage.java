package dev.fleetbench.worker.engine;

import java.util.Objects;

/** One message of a chat request; role is "system", "user" or "assistant". */
public record ChatMessage(String role, String content) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
