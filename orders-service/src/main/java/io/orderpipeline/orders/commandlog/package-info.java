/** The command log: every command received, accepted or refused, with its outcome, in the {@code commands} collection. */
package io.orderpipeline.orders.commandlog;
