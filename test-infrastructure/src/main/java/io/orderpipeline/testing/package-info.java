/**
 * The one infrastructure switch of every integration test: Testcontainers with {@code @ServiceConnection} where a
 * Docker engine answers, real servers in this JVM where none does. Services never see the difference.
 */
package io.orderpipeline.testing;
