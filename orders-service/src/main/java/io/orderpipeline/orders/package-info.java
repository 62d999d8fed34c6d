/** orders-service: the only writer of order streams. */
package io.orderpipeline.orders;
