/** Stock over HTTP: read a product's stock, receive stock, set the counted on-hand; for the holder of the admin token. */
package io.orderpipeline.processor.inventory.web;
