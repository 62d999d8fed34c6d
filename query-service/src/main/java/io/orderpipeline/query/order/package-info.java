/** The read model of orders as JPA entities, and the queries on it. */
package io.orderpipeline.query.order;
