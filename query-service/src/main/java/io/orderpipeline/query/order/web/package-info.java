/** HTTP queries on orders, including read-your-writes waits. */
package io.orderpipeline.query.order.web;
