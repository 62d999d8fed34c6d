/** Follows orders through all three services running against the same real infrastructure. */
package io.orderpipeline.e2e;
