package dev.fleetbench.coordinator.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a PostgreSQL store is and who logs in: a JDBC URL without credentials, and the user and password apart, so
 * that the URL can be printed and the password never is ({@link #toString()} leaves it out). Immutable.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/database[?parameters]}, with no user or password in it
 * @param user     login role; null lets the driver use the operating-system user name
 * @param password null when the server does not ask for one (trust, peer) or it comes from {@code ~/.pgpass}
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    /** postgresql://[user[:password]@]host[:port]/database[?params] or jdbc:postgresql://host[:port]/database[?params]. */
    private static final Pattern URL = Pattern.compile(
            "(?:jdbc:)?postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:]+\\])(?::(\\d{1,5}))?"
                    + "/([^?/]+)(?:\\?(.*))?");

    public PostgresUrl {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        user = user == null || user.isEmpty() ? null : user;
        password = password == null || password.isEmpty() ? null : password;
    }

    /** True when the text names a PostgreSQL database (either URL form) rather than the embedded store. */
    public static boolean isPostgres(String text) {
        return text != null && (text.startsWith("postgresql://") || text.startsWith("postgres://")
                || text.startsWith("jdbc:postgresql:"));
    }

    /**
     * Parses a URL; {@code user} and {@code password} (options or environment), when given, win over those in the URL.
     * Credentials and a {@code password} parameter are taken out of the URL.
     *
     * @throws IllegalArgumentException naming what is wrong, with the URL's password masked
     */
    public static PostgresUrl parse(String url, String user, String password) {
        Matcher m = URL.matcher(url == null ? "" : url.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("store URL '" + redact(url) + "' is not a PostgreSQL URL: expected "
                    + "postgresql://host[:port]/database or jdbc:postgresql://host[:port]/database");
        }
        if (m.group(4) != null) {
            int port = Integer.parseInt(m.group(4));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("store URL '" + redact(url) + "': port " + port
                        + " is out of range 1..65535");
            }
        }
        String urlUser = decode(m.group(1));
        String urlPassword = decode(m.group(2));
        List<String> params = new ArrayList<>();
        if (m.group(6) != null && !m.group(6).isEmpty()) {
            for (String p : m.group(6).split("&")) {
                String key = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
                String value = p.contains("=") ? decode(p.substring(p.indexOf('=') + 1)) : "";
                if (key.equals("password")) {
                    urlPassword = value;
                } else if (key.equals("user")) {
                    urlUser = value;
                } else {
                    params.add(p);
                }
            }
        }
        String jdbc = "jdbc:postgresql://" + m.group(3) + (m.group(4) == null ? "" : ":" + m.group(4)) + "/"
                + m.group(5) + (params.isEmpty() ? "" : "?" + String.join("&", params));
        return new PostgresUrl(jdbc, user != null && !user.isEmpty() ? user : urlUser,
                password != null && !password.isEmpty() ? password : urlPassword);
    }

    /** The URL with any password in it masked, for messages about a URL that may not even parse. */
    public static String redact(String url) {
        if (url == null) {
            return "";
        }
        return url.replaceAll("(://[^:@/]*:)[^@/]*@", "$1***@").replaceAll("([?&]password=)[^&]*", "$1***");
    }

    /** For messages: the JDBC URL and the user; never the password. */
    @Override
    public String toString() {
        return jdbcUrl + (user == null ? "" : " (user " + user + ")");
    }

    private static String decode(String s) {
        return s == null ? null : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
