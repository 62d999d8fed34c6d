/** How many records the pipeline's consumers gave up on: the dead-letter topics, counted for the live page. */
package io.orderpipeline.query.deadletter;
