/** The benchmark: open-loop load against the running services, the raw limits of their stores, and the report. */
package io.orderpipeline.bench;
