package dev.fleetbench.common.suites;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fleetbench.common.model.Expectation;

/**
 * Suites write their checks as the same JSON a campaign spec would hold, so a task reads like its documentation.
 * A plain mapper of its own: the configured one lives in the json edge package, which the domain may not use.
 */
final class SuiteJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private SuiteJson() {
    }

    static Expectation expectation(String json) {
        try {
            return MAPPER.readValue(json, Expectation.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("built-in check is not valid: " + json + ": " + e.getOriginalMessage(), e);
        }
    }
}
