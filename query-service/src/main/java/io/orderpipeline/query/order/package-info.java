/** The read model of orders as records, and the SQL queries on it. */
package io.orderpipeline.query.order;
