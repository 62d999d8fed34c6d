package io.orderpipeline.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>}, for operator endpoints: 401 without
 * credentials, 403 with wrong ones, 403 for everyone while no token is configured. The refusals are problems,
 * answered by the service's problem handlers.
 */
public class BearerTokenInterceptor implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    /** @param token the one token accepted; empty to refuse everyone */
    public BearerTokenInterceptor(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(BEARER)) {
            var refusal = refusal(HttpStatus.UNAUTHORIZED, "an admin token is required: Authorization: Bearer <token>");
            refusal.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            throw refusal;
        }
        if (token.length == 0) {
            throw refusal(HttpStatus.FORBIDDEN, "admin endpoints are disabled: no admin token is configured");
        }
        byte[] presented = authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8);
        // Constant time: the answer's timing must not tell how much of the token was right.
        if (!MessageDigest.isEqual(presented, token)) {
            throw refusal(HttpStatus.FORBIDDEN, "the admin token is not valid");
        }
        return true;
    }

    private static ErrorResponseException refusal(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status == HttpStatus.UNAUTHORIZED ? "Authentication required" : "Not allowed");
        return new ErrorResponseException(status, problem, null);
    }
}
