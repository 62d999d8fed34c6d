package io.orderpipeline.web;

import org.springframework.http.HttpStatus;

/** The words of an error answer nobody wrote a problem for: fixed per status, never the failure's own message. */
final class Problems {

    private Problems() {}

    static String titleOf(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    static String detailOf(int status) {
        return switch (status) {
            case 400 -> "the request is malformed (request line, path, headers or encoding) and was not read";
            case 401 -> "the request needs valid credentials";
            case 403 -> "the request is not allowed";
            case 404 -> "no resource at this path";
            case 405 -> "this method is not allowed on this path";
            case 406 -> "no acceptable representation; the API answers JSON";
            case 408 -> "the request took too long to arrive";
            case 413 -> "the request is too large";
            case 414 -> "the request target is too long";
            case 415 -> "this content type is not supported";
            case 431 -> "the request headers are too large";
            case 503 -> "the service is unavailable; retry later";
            default -> status >= 500 ? "the request could not be completed" : "the request was refused";
        };
    }

    /**
     * A problem as JSON, from fixed words and the trace id (32 hex digits, or null for none) only, for where no JSON
     * mapper is at hand (Tomcat's error valve).
     */
    static String json(int status, String traceId) {
        return "{\"type\":\"about:blank\",\"title\":\"" + titleOf(status) + "\",\"status\":" + status + ",\"detail\":\""
                + detailOf(status) + "\"" + (traceId == null ? "" : ",\"traceId\":\"" + traceId + "\"") + "}";
    }
}
