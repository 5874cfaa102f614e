package dev.fleetbench.common.bus;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyStoreOptionsBase;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;

/**
 * Mutual TLS for the clustered event bus: this member's key and certificate (keystore) and the certificates it
 * trusts (truststore), each a PKCS12 ({@code .p12}, {@code .pfx}) or JKS ({@code .jks}) file. Every event-bus
 * connection is TLS, and both ends must present a certificate the other trusts; a member without one can still
 * join Hazelcast (plain TCP in the open-source edition) but can neither send nor receive event-bus messages.
 * Vert.x does not check host names on event-bus connections, so trust is exactly the truststore's content.
 *
 * <p>Immutable; the passwords are {@link Secret}s, so {@link #toString()} shows paths only.
 *
 * @param keyStore           this member's private key and certificate chain
 * @param keyStorePassword   its password (also used for the key entry)
 * @param trustStore         certificates (or CA) of the members to accept
 * @param trustStorePassword its password
 */
public record TlsSettings(Path keyStore, Secret keyStorePassword, Path trustStore, Secret trustStorePassword) {

    public TlsSettings {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(trustStore, "trustStore");
        if (keyStorePassword == null) {
            throw new IllegalArgumentException("the TLS keystore " + keyStore + " needs a password:"
                    + " FLEETBENCH_TLS_KEYSTORE_PASSWORD or --tls-keystore-password-file");
        }
        if (trustStorePassword == null) {
            throw new IllegalArgumentException("the TLS truststore " + trustStore + " needs a password:"
                    + " FLEETBENCH_TLS_TRUSTSTORE_PASSWORD or --tls-truststore-password-file");
        }
    }

    /** "JKS" for a {@code .jks} file, else "PKCS12" (the JDK's default keystore format). */
    public static String storeType(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
    }

    /**
     * Opens both stores once, so that a wrong path or password is reported before the node joins anything.
     *
     * @return null when both open and the keystore holds a private key, else the problem (never a password)
     */
    public String problem() {
        try {
            KeyStore keys = load(keyStore, keyStorePassword, "keystore");
            boolean hasKey = false;
            for (String alias : Collections.list(keys.aliases())) {
                hasKey |= keys.isKeyEntry(alias);
            }
            if (!hasKey) {
                return "the TLS keystore " + keyStore + " holds no private key";
            }
            KeyStore trusted = load(trustStore, trustStorePassword, "truststore");
            if (trusted.size() == 0) {
                return "the TLS truststore " + trustStore + " is empty";
            }
            return null;
        } catch (StoreProblem e) {
            return e.getMessage();
        } catch (GeneralSecurityException e) {
            return "cannot read the TLS stores (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static KeyStore load(Path file, Secret password, String what) throws GeneralSecurityException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new StoreProblem("the TLS " + what + " " + file + " does not exist or is not readable");
        }
        KeyStore store = KeyStore.getInstance(storeType(file));
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.reveal().toCharArray());
        } catch (IOException e) {
            // The JDK reports a wrong password as an IOException whose message says so; keep only our own words.
            throw new StoreProblem("cannot open the TLS " + what + " " + file + ": wrong password, or not a "
                    + storeType(file) + " file");
        }
        return store;
    }

    /** Turns mutual TLS on for the event bus: TLS on every connection, a client certificate required. */
    void applyTo(EventBusOptions bus) {
        bus.setSsl(true)
                .setClientAuth(ClientAuth.REQUIRED)
                .setKeyCertOptions(options(keyStore, keyStorePassword))
                .setTrustOptions(options(trustStore, trustStorePassword));
    }

    /**
     * The typed options rather than the generic KeyStoreOptions: the clustered event bus copies its options through
     * JSON into the client side, and the typed ones are what that copy knows.
     */
    private static KeyStoreOptionsBase options(Path file, Secret password) {
        return storeType(file).equals("JKS")
                ? new JksOptions().setPath(file.toString()).setPassword(password.reveal())
                : new PfxOptions().setPath(file.toString()).setPassword(password.reveal());
    }

    private static final class StoreProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreProblem(String message) {
            super(message);
        }
    }
}
