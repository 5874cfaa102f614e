package dev.fleetbench.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Expectation;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.text.TextFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the prompts of a {@code bench --prompts FILE}: JSON or YAML (a list of prompts, or an object with a
 * {@code prompts} list; each prompt has {@code text} and optionally {@code id}, {@code category}, {@code max_tokens},
 * {@code expect}), or plain text with one prompt per line ({@code #} starts a comment). Every problem is reported as an
 * {@link IllegalArgumentException} whose message names the file and the prompt.
 */
public final class PromptsFile {

    /** Prompt files are written by hand; anything bigger is a mistake (or an attack). */
    static final long MAX_BYTES = 1024 * 1024;

    private PromptsFile() {
    }

    public static PromptSet read(Path file, int defaultMaxTokens) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException("prompts file " + file + " is larger than 1 MiB");
            }
            // UTF-8, or what the byte-order mark of a Windows editor says; the mark itself is not prompt text
            text = TextFiles.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read prompts file " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".json")) {
                return structured(Json.mapper(), text, defaultMaxTokens);
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return structured(Json.yamlMapper(), text, defaultMaxTokens);
            }
            return lines(text, defaultMaxTokens);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("prompts file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Why a prompt given on the command line cannot be trusted, or null. Java 17 on Windows decodes command-line
     * arguments in the ANSI code page ({@code sun.jnu.encoding}, e.g. Cp1252), so characters outside it ("日本語")
     * arrive as question marks, and the benchmark would silently run another prompt. A run of question marks or a
     * replacement character under a non-UTF-8 argument encoding is taken as that loss.
     *
     * @param argumentEncoding the JVM's {@code sun.jnu.encoding}
     */
    public static String mangledArgument(String prompt, String argumentEncoding) {
        if (prompt == null || argumentEncoding == null || argumentEncoding.replace("-", "").equalsIgnoreCase("UTF8")) {
            return null;
        }
        if (prompt.contains("??") || prompt.indexOf('\uFFFD') >= 0) {
            return "--prompt \"" + prompt + "\" looks damaged: the command line is read in " + argumentEncoding
                    + " here, which cannot carry every character, so lost ones arrive as '?'. Put the prompt in a UTF-8"
                    + " text file (one prompt per line) and pass --prompts FILE";
        }
        return null;
    }

    static PromptSet lines(String text, int maxTokens) {
        List<PromptSpec> prompts = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                prompts.add(new PromptSpec("p" + (prompts.size() + 1), UseCase.CHAT, t, maxTokens, null));
            }
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts found (one prompt per line; # starts a comment)");
        }
        return new PromptSet(prompts);
    }

    static PromptSet structured(ObjectMapper mapper, String text, int maxTokens) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid " + (mapper == Json.mapper() ? "JSON" : "YAML") + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        JsonNode list = root != null && root.isObject() ? root.get("prompts") : root;
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("expected a non-empty list of prompts (or an object with a 'prompts' list)");
        }
        List<PromptSpec> prompts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                prompts.add(prompt(list.get(i), i + 1, maxTokens));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prompt " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new PromptSet(prompts);
    }

    private static PromptSpec prompt(JsonNode node, int position, int maxTokens) {
        if (node.isTextual()) {
            return new PromptSpec("p" + position, UseCase.CHAT, node.asText(), maxTokens, null);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("must be a text or an object with 'text'");
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!List.of("id", "category", "text", "max_tokens", "expect").contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f
                        + "' (known: id, category, text, max_tokens, expect)");
            }
        });
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException("'text' is missing or not a string");
        }
        String id = node.hasNonNull("id") ? node.get("id").asText() : "p" + position;
        UseCase category = node.hasNonNull("category") ? UseCase.parse(node.get("category").asText()) : UseCase.CHAT;
        int tokens = maxTokens;
        if (node.hasNonNull("max_tokens")) {
            if (!node.get("max_tokens").canConvertToInt() || !node.get("max_tokens").isIntegralNumber()) {
                throw new IllegalArgumentException("'max_tokens' must be a whole number");
            }
            tokens = node.get("max_tokens").intValue();
        }
        Expectation expect = node.hasNonNull("expect")
                ? Json.mapper().convertValue(node.get("expect"), Expectation.class) : null;
        return new PromptSpec(id, category, text.asText(), tokens, expect);
    }
}
