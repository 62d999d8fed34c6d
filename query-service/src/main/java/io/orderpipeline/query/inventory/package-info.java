/** The stock of each product as the read model holds it, and {@code GET /inventory} that answers it. */
package io.orderpipeline.query.inventory;
