package io.orderpipeline.query.projection;

/**
 * An event whose predecessor was never applied: the partition stops at it rather than skip a version.
 *
 * @param offset where the partition stopped; it resumes from here
 */
record Gap(int partition, long offset, String orderId, long storedVersion, long eventVersion) {

    String reason() {
        return "order " + orderId + " is at version " + storedVersion + " but the event at offset " + offset
                + " has version " + eventVersion + ": version " + (storedVersion + 1) + " is missing";
    }
}
