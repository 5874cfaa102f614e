package dev.fleetbench.coordinator.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What every HTTP request passes before any route or body handler (docs/security.md, "The HTTP edge"): security
 * headers on the answer, a {@code Host} this coordinator answers to (DNS rebinding), no cross-origin {@code Origin}
 * (cross-site requests), the token before a single byte of the body is read, and a JSON or YAML content type on
 * every {@code POST} that has a body.
 *
 * <p>Host names: an IP literal is always accepted (a rebinding page reaches the coordinator under the attacker's DNS
 * name, never under an address), as are {@code localhost}, the configured HTTP host, this machine's own name and the
 * names given with {@code --allowed-host}.
 */
final class HttpEdge {

    /**
     * The UI is same-origin ES modules and a stylesheet: no inline script anywhere. Inline styles stay allowed: ECharts
     * and the offline HTML report set them, and a style cannot run code.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
            + " data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Set<String> BODY_TYPES = Set.of("application/json", "application/yaml", "application/x-yaml",
            "text/yaml", "text/x-yaml");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String token;
    private final boolean protectReads;
    private final Set<String> hostNames;

    /**
     * @param token        the bearer token; null when none is configured
     * @param protectReads true when reads need the token too
     * @param hostNames    names (lower case, without port) this coordinator answers to besides IP literals
     */
    HttpEdge(String token, boolean protectReads, List<String> hostNames) {
        this.token = token;
        this.protectReads = protectReads && token != null;
        this.hostNames = hostNames.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    void handle(RoutingContext ctx) {
        ctx.response().putHeader("content-security-policy", CSP)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("x-frame-options", "DENY")
                .putHeader("referrer-policy", "no-referrer");
        String host = ctx.request().getHeader("host");
        if (host != null && !knownHost(host)) {
            HttpErrors.send(ctx, 421, "host '" + clip(host) + "' is not a name of this coordinator (DNS rebinding?):"
                    + " use its address, or start it with --allowed-host NAME", "host");
            return;
        }
        String origin = ctx.request().getHeader("origin");
        if (origin != null && !sameOrigin(origin, host)) {
            HttpErrors.send(ctx, 403, "cross-origin request from '" + clip(origin) + "' refused: the API serves only"
                    + " its own UI", "origin");
            return;
        }
        if ("cross-site".equals(ctx.request().getHeader("sec-fetch-site"))) {
            HttpErrors.send(ctx, 403, "cross-site request refused: the API serves only its own UI", "origin");
            return;
        }
        boolean write = ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD
                && ctx.request().method() != HttpMethod.OPTIONS;
        String path = ctx.request().path();
        boolean read = protectReads && (path.startsWith("/api/") || path.equals("/metrics"))
                && !path.equals("/api/health") && !path.equals("/api/openapi.yaml");
        if ((write && path.startsWith("/api/")) || read || path.equals("/api/events")) {
            if (!authorized(ctx)) {
                return;
            }
        }
        if (ctx.request().method() == HttpMethod.POST && hasBody(ctx) && !bodyType(ctx.request().getHeader("content-type"))) {
            String t = ctx.request().getHeader("content-type");
            HttpErrors.send(ctx, 415, "unsupported content type '" + (t == null ? "none" : clip(t))
                    + "': send application/json or application/yaml", "content-type");
            return;
        }
        ctx.next();
    }

    /** Checks the bearer token (EventSource-style clients may pass {@code ?token=} on the event stream). */
    boolean authorized(RoutingContext ctx) {
        if (token == null) {
            return true;
        }
        String header = ctx.request().getHeader("authorization");
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : ctx.request().path().equals("/api/events") ? ctx.request().getParam("token") : null;
        if (given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        HttpErrors.send(ctx, 401, given == null ? "this call needs 'Authorization: Bearer <token>'"
                : "the bearer token is wrong", "authorization");
        return false;
    }

    private boolean knownHost(String hostHeader) {
        String h = hostHeader.toLowerCase(Locale.ROOT).trim();
        if (h.startsWith("[")) {
            return h.indexOf(']') > 0; // an IPv6 literal
        }
        int colon = h.lastIndexOf(':');
        String name = colon >= 0 ? h.substring(0, colon) : h;
        return IPV4.matcher(name).matches() || name.equals("localhost") || hostNames.contains(name);
    }

    /** The origin's authority is the request's own host (scheme aside: plain HTTP unless a proxy terminates TLS). */
    private static boolean sameOrigin(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI u = URI.create(origin);
            String authority = u.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.trim())
                    && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean hasBody(RoutingContext ctx) {
        String length = ctx.request().getHeader("content-length");
        return ctx.request().getHeader("transfer-encoding") != null || (length != null && !length.trim().equals("0"));
    }

    private static boolean bodyType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        return BODY_TYPES.contains((semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Closes a connection at once. {@link io.vertx.core.http.HttpConnection#close()} is a graceful shutdown that waits
     * for the request in progress, which never ends for a trickled request head or an event stream; the Netty channel
     * is closed instead (Vert.x's internal connection type; the graceful close is the fallback).
     */
    static void hardClose(io.vertx.core.http.HttpConnection c) {
        if (c instanceof io.vertx.core.net.impl.ConnectionBase base) {
            base.channel().close();
        } else {
            c.close();
        }
    }

    private static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
