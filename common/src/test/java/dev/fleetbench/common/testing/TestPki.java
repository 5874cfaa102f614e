package dev.fleetbench.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed key pairs and truststores made by the JDK's own {@code keytool} for TLS tests (no private JDK API, no
 * checked-in key material). Passwords reach keytool through its environment ({@code -storepass:env}), the way
 * FleetBench itself wants them passed. EC P-256 keys: generated in milliseconds.
 */
public final class TestPki {

    private static final String PASSWORD_VAR = "FLEETBENCH_TEST_STOREPASS";

    private TestPki() {
    }

    /** A PKCS12 (or JKS, by the file's extension) keystore with one self-signed key pair for {@code cn}. */
    public static Path keyStore(Path file, String cn, String password) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        keytool(password, "-genkeypair", "-alias", alias(file), "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg",
                "SHA256withECDSA", "-dname", "CN=" + cn + ",O=FleetBench test", "-validity", "2", "-keystore",
                file.toString(), "-storetype", type(file), "-storepass:env", PASSWORD_VAR, "-keypass:env", PASSWORD_VAR);
        return file;
    }

    /** A truststore holding the certificates of the given keystores (each opened with {@code keyStorePassword}). */
    public static Path trustStore(Path file, String password, String keyStorePassword, Path... keyStores)
            throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        for (Path ks : keyStores) {
            Path cert = file.resolveSibling(ks.getFileName() + ".crt");
            Files.deleteIfExists(cert);
            keytool(keyStorePassword, "-exportcert", "-rfc", "-alias", alias(ks), "-keystore", ks.toString(),
                    "-storetype", type(ks), "-storepass:env", PASSWORD_VAR, "-file", cert.toString());
            keytool(password, "-importcert", "-noprompt", "-alias", alias(ks), "-file", cert.toString(), "-keystore",
                    file.toString(), "-storetype", type(file), "-storepass:env", PASSWORD_VAR);
        }
        return file;
    }

    /** The alias of a keystore's one entry: its file name without the extension. */
    private static String alias(Path ks) {
        String name = ks.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static String type(Path file) {
        return file.getFileName().toString().endsWith(".jks") ? "JKS" : "PKCS12";
    }

    private static void keytool(String password, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a keytool run lasts a second: the JIT's optimising tier and a parallel collector only cost it start-up time
        // (measured: 1.4 s -> 0.66 s per key pair)
        cmd.add("-J-XX:TieredStopAtLevel=1");
        cmd.add("-J-XX:+UseSerialGC");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(PASSWORD_VAR, password);
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
