package dev.fleetbench.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one configured Jackson {@link ObjectMapper} of FleetBench: snake_case names, nulls written (a null says
 * "unknown"), instants as ISO-8601 text, unknown properties rejected (bad input gets a clear error that names the field), bounded nesting and
 * string sizes. Thread-safe once built; never reconfigure it.
 */
public final class Json {

    /** Deepest JSON nesting accepted, far above any FleetBench document and far below a stack overflow. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest single string accepted (model answers stay well below). */
    public static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;

    /** Largest YAML document accepted, in code points. */
    public static final int MAX_YAML_CODE_POINTS = 2 * 1024 * 1024;

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder(
            JsonFactory.builder().streamReadConstraints(constraints()).build())).build();
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(yamlFactory())).build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises to compact JSON; a record that cannot be serialised is a defect, hence unchecked. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serialises to indented JSON with a trailing newline (golden files, files for people). */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The YAML twin of {@link #mapper()}: the same names and strictness, plus size and nesting limits. Aliases are
     * never expanded by Jackson's YAML parser, so a "billion laughs" bomb stays small. Used for campaign specs and prompt files that people write by hand.
     */
    public static ObjectMapper yamlMapper() {
        return YAML;
    }

    /**
     * Parses YAML into a type.
     *
     * @throws IllegalArgumentException naming the field and position on bad input
     */
    public static <T> T readYaml(String yaml, Class<T> type) {
        try {
            return YAML.readValue(yaml, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + describeLocation(e), e);
        }
    }

    /**
     * Parses JSON into a type.
     *
     * @throws IllegalArgumentException with Jackson's message (which names the field and position) on bad input
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + describeLocation(e), e);
        }
    }

    private static String describeLocation(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        return builder
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    private static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .build();
    }

    private static YAMLFactory yamlFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_YAML_CODE_POINTS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setAllowDuplicateKeys(false);
        return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(constraints()).build();
    }
}
