/** Deciding processing requests by the configurable rules, the shape of their outcomes and their meters. */
package io.orderpipeline.processor.processing;
