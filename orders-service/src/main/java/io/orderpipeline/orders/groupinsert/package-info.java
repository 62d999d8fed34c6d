/** Group commit: documents that callers insert at the same time go to MongoDB in one unordered insert. */
package io.orderpipeline.orders.groupinsert;
