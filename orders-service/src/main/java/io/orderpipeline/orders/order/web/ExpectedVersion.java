package io.orderpipeline.orders.order.web;

import java.util.OptionalLong;

/** Reads the version a client decided on from {@code If-Match: "<version>"} (the order's ETag). */
final class ExpectedVersion {

    static final String HEADER = "If-Match";

    private ExpectedVersion() {}

    static OptionalLong of(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return OptionalLong.empty();
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() < 3 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
            throw invalid();
        }
        try {
            long version = Long.parseLong(tag.substring(1, tag.length() - 1));
            if (version < 1) {
                throw invalid();
            }
            return OptionalLong.of(version);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static InvalidHeaderException invalid() {
        return new InvalidHeaderException(HEADER, "must be an order version in quotes, as in the ETag, e.g. \"3\"");
    }
}
