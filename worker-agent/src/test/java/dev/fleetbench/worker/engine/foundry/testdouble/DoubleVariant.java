package dev.fleetbench.worker.engine.foundry.testdouble;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * One catalog variant of the double, and the GGUF model of the embedded engine that answers for it (so that real
 * tokens flow whatever the variant's device).
 *
 * @param id         full id with {@code :version}
 * @param alias      alias
 * @param device     CPU, GPU or NPU
 * @param ep         execution provider
 * @param fileSizeMb catalog size
 * @param backing    GGUF model id in the double's model store ("stories260K")
 */
public record DoubleVariant(String id, String alias, String device, String ep, long fileSizeMb, String backing) {

    public static DoubleVariant of(String id, String alias, String device, String ep) {
        return new DoubleVariant(id, alias, device, ep, 1200, "stories260K");
    }

    public String version() {
        return id.substring(id.lastIndexOf(':') + 1);
    }

    String name() {
        return id.substring(0, id.lastIndexOf(':'));
    }

    String key() {
        return id.toLowerCase(Locale.ROOT);
    }

    /** G1 {@code /foundry/list} element (spec §4.1), camelCase. */
    ObjectNode legacyJson(boolean nullTemplate, boolean unknownKey) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", id).put("displayName", name()).put("alias", alias).put("version", version())
                .put("providerType", "AzureFoundry")
                .put("uri", "azureml://registries/azureml/models/" + name() + "/versions/" + version())
                .put("modelType", "ONNX");
        if (nullTemplate) {
            n.putNull("promptTemplate");
        } else {
            n.putObject("promptTemplate").put("system", "<|system|>{Content}<|end|>").put("user", "<|user|>{Content}<|end|>")
                    .put("assistant", "<|assistant|>{Content}<|end|>").put("prompt", "<|user|>{Content}<|end|><|assistant|>");
        }
        n.put("publisher", "Microsoft").put("task", "chat-completion");
        n.putObject("runtime").put("deviceType", device).put("executionProvider", ep);
        n.put("fileSizeMb", fileSizeMb);
        n.putObject("modelSettings").putArray("parameters");
        n.put("supportsToolCalling", false).put("license", "MIT").put("licenseDescription", "MIT license")
                .put("parentModelUri", "azureml://registries/azureml/models/" + alias + "/versions/1");
        n.putNull("maxOutputTokens");
        if (unknownKey) {
            n.put("testModel", true);
        }
        return n;
    }

    /** G2 ModelInfo (spec §4.2): {@code id} with version, versionless {@code name}, int version. */
    ObjectNode modelInfoJson(boolean cached) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", id).put("name", name()).put("version", Integer.parseInt(version())).put("alias", alias)
                .put("displayName", name()).put("providerType", "AzureFoundry").put("uri", "azureml://" + name())
                .put("modelType", "ONNX").putNull("promptTemplate");
        n.put("publisher", "Microsoft").put("license", "MIT").put("cached", cached).put("task", "chat-completion");
        n.putObject("runtime").put("deviceType", device).put("executionProvider", ep);
        n.put("fileSizeMb", fileSizeMb).put("supportsToolCalling", false).put("createdAt", 1_750_000_000L)
                .put("contextLength", 4096);
        return n;
    }
}
