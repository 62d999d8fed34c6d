package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.idempotency.Claim;
import io.orderpipeline.orders.idempotency.IdempotencyStore;
import io.orderpipeline.orders.idempotency.StoredResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Makes every command with an {@code Idempotency-Key} take effect once. The key is scoped to the endpoint (method and
 * path); the request's fingerprint is its path, content type, {@code If-Match} and body bytes. A retry of an
 * answered request gets that answer again (marked {@code Idempotent-Replayed: true}) and writes nothing; a reuse
 * for a different request gets 422. Answers of 5xx are not remembered: the client may retry those.
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final int MAX_KEY_LENGTH = 255;
    private static final String[] REPLAYED_HEADERS = {HttpHeaders.CONTENT_TYPE, HttpHeaders.ETAG, HttpHeaders.LOCATION};

    private final IdempotencyStore store;
    private final HandlerExceptionResolver problems;

    IdempotencyFilter(IdempotencyStore store, HandlerExceptionResolver problems) {
        this.store = store;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(CommandRequests.IDEMPOTENCY_KEY_HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = keyOf(request.getHeader(CommandRequests.IDEMPOTENCY_KEY_HEADER));
        if (key == null) {
            problems.resolveException(
                    request,
                    response,
                    null,
                    new InvalidHeaderException(
                            CommandRequests.IDEMPOTENCY_KEY_HEADER,
                            "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters, e.g. a UUID"));
            return;
        }
        String scope = request.getMethod() + " " + request.getRequestURI();
        String fingerprint = fingerprintOf(request);
        Claim claim;
        try {
            claim = store.claim(scope, key, fingerprint);
        } catch (RuntimeException storeFailed) {
            // Outside the dispatcher, so hand it to the same problem handlers (503, reference in the log).
            problems.resolveException(request, response, null, storeFailed);
            return;
        }
        switch (claim) {
            case Claim.Conflict conflict ->
                problems.resolveException(request, response, null, new IdempotencyKeyReusedException(key));
            case Claim.Replay replay -> replay(replay.response(), response);
            case Claim.Proceed proceed -> {
                request.setAttribute(CommandRequests.COMMAND_ID, proceed.commandId());
                var recorded = new ContentCachingResponseWrapper(response);
                chain.doFilter(request, recorded);
                if (recorded.getStatus() < 500) {
                    remember(scope, key, fingerprint, recorded);
                }
                recorded.copyBodyToResponse();
            }
        }
    }

    private void remember(String scope, String key, String fingerprint, ContentCachingResponseWrapper answer) {
        try {
            store.complete(scope, key, fingerprint, storedOf(answer));
        } catch (RuntimeException notRemembered) {
            // The answer stands. A retry finds the key unanswered and runs again under the same command id, which
            // the event store lets take effect once; it answers from the commit.
            log.warn("Answer to Idempotency-Key {} on {} not stored: {}", key, scope, notRemembered.toString());
        }
    }

    private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        stored.headers().forEach(response::setHeader);
        response.setHeader(REPLAYED_HEADER, "true");
        byte[] body = stored.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static StoredResponse storedOf(ContentCachingResponseWrapper response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : REPLAYED_HEADERS) {
            String value = name.equals(HttpHeaders.CONTENT_TYPE) ? response.getContentType() : response.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return new StoredResponse(
                response.getStatus(), headers, new String(response.getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    /** The key, unquoted if sent as a structured-field string (as the IETF draft writes it); null if unusable. */
    private static String keyOf(String header) {
        String key = header.strip();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return null;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < 0x21 || key.charAt(i) > 0x7e) {
                return null;
            }
        }
        return key;
    }

    private static String fingerprintOf(HttpServletRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {
                request.getRequestURI(), request.getContentType(), request.getHeader(ExpectedVersion.HEADER)
            }) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            digest.update(RequestBodyLimitFilter.bodyOf(request));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
