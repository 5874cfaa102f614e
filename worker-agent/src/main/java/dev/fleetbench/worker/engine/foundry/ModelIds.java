package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Model ids and aliases before they reach a command line or a URL. Foundry Local ids look like
 * {@code Phi-4-mini-instruct-generic-cpu:4} and aliases like {@code phi-4-mini} or {@code qwen2.5-0.5b}: letters,
 * digits, {@code . _ -}, and one {@code :version}. Anything else (spaces, slashes, quotes, a leading {@code -} that a
 * CLI would take for an option) is refused before any process or request is made. Pure.
 */
final class ModelIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}(:[A-Za-z0-9._-]{1,32})?");

    private ModelIds() {
    }

    /** The id itself when it is safe; otherwise INVALID_INPUT naming the rule. */
    static String require(String idOrAlias) throws EngineException {
        if (idOrAlias == null || !VALID.matcher(idOrAlias).matches()) {
            throw new EngineException(FailureCode.INVALID_INPUT, "'" + idOrAlias + "' is not a valid Foundry Local"
                    + " model id or alias: use letters, digits, '.', '_', '-' and one ':version', starting with a"
                    + " letter or digit (e.g. phi-4-mini or Phi-4-mini-instruct-generic-cpu:4)");
        }
        return idOrAlias;
    }

    /** The id as one URL path segment (percent-encoded, as SDK 1.x sends it); validates first. */
    static String pathSegment(String id) throws EngineException {
        return URLEncoder.encode(require(id), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The number after the last {@code :}, or -1 (the legacy SDKs' {@code getVersion}). */
    static int version(String id) {
        int colon = id.lastIndexOf(':');
        if (colon < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(id.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
