/** Operator actions under /admin, for the holder of the configured bearer token. */
package io.orderpipeline.orders.admin;
