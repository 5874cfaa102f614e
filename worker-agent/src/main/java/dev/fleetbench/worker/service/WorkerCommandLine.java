package dev.fleetbench.worker.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact command line a service starts the worker with: the launcher of the installation (or this JVM and jar),
 * {@code worker}, and the options given to {@code install-service}. A service sees none of the installing shell's
 * environment, so the non-secret {@code FLEETBENCH_*} settings of that shell become explicit options, the data folder
 * is always named (the worker's identity lives there), and a secret given in a variable is refused: secrets reach a
 * service only as files named by path, never copied into its definition. Pure.
 */
public final class WorkerCommandLine {

    /** Variables that carry settings the worker reads as option defaults, and the option each becomes. */
    static final Map<String, String> SETTINGS = settings();

    /** Variables that carry a secret, and the option that names a file instead. */
    static final Map<String, String> SECRETS = Map.of(
            "FLEETBENCH_CLUSTER_SECRET", "--cluster-secret-file",
            "FLEETBENCH_TLS_KEYSTORE_PASSWORD", "--tls-keystore-password-file",
            "FLEETBENCH_TLS_TRUSTSTORE_PASSWORD", "--tls-truststore-password-file");

    private WorkerCommandLine() {
    }

    private static Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("FLEETBENCH_ENGINE", "--engine");
        m.put("FLEETBENCH_ENDPOINT", "--endpoint");
        m.put("FLEETBENCH_HOST", "--host");
        m.put("FLEETBENCH_CLUSTER_SECRET_FILE", "--cluster-secret-file");
        m.put("FLEETBENCH_TLS_KEYSTORE", "--tls-keystore");
        m.put("FLEETBENCH_TLS_TRUSTSTORE", "--tls-truststore");
        return m;
    }

    /**
     * @param launcher   the command that starts FleetBench (an installation's {@code fleetbench} or
     *                   {@code fleetbench.cmd}, or {@code java -jar worker.jar}); absolute paths
     * @param workerArgs the options as given after {@code install-service}
     * @param env        the installing shell's environment
     * @param dataDir    the data folder the worker would use (absolute)
     * @throws IllegalArgumentException when a secret would have to be copied, or the worker could not join
     */
    public static List<String> of(List<String> launcher, List<String> workerArgs, Map<String, String> env, Path dataDir) {
        for (Map.Entry<String, String> s : SECRETS.entrySet()) {
            if (env.containsKey(s.getKey()) && !has(workerArgs, s.getValue())) {
                throw new IllegalArgumentException(s.getKey() + " is set in this shell, but a service does not see it,"
                        + " and FleetBench never copies a secret into a service definition: put it in a file readable"
                        + " only by the service's account and pass " + s.getValue() + " FILE");
            }
        }
        if (!has(workerArgs, "--join") && !workerArgs.contains("--multicast")) {
            throw new IllegalArgumentException("the service needs --join HOST:PORT (the coordinator's cluster address)"
                    + " or --multicast");
        }
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add("worker");
        cmd.addAll(workerArgs);
        SETTINGS.forEach((var, option) -> {
            String value = env.get(var);
            if (value != null && !value.isBlank() && !has(workerArgs, option)) {
                cmd.add(option);
                cmd.add(value);
            }
        });
        if (!has(workerArgs, "--data-dir")) {
            cmd.add("--data-dir");
            cmd.add(dataDir.toString());
        }
        return cmd;
    }

    /** True when the option is among the arguments, as {@code --opt value} or {@code --opt=value}. */
    static boolean has(List<String> args, String option) {
        return args.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
    }
}
