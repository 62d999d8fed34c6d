/** The one-command local stack: real servers from Maven Central jars and the three services as processes. */
package io.orderpipeline.localstack;
