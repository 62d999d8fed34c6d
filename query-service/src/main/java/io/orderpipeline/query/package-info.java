/** query-service: the read side, a PostgreSQL projection of the order stream and every query on it. */
package io.orderpipeline.query;
