/** The order aggregate, its commands and the service that decides them against the event store. */
package io.orderpipeline.orders.order;
