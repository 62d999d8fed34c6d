/** Deciding processing requests and emitting their outcomes. */
package io.orderpipeline.processor.processing;
