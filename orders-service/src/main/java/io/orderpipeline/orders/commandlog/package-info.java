/**
 * The command log of the commands that left no commit (refused, replayed, failed), in the {@code commands} collection;
 * an accepted command is recorded by its commit.
 */
package io.orderpipeline.orders.commandlog;
