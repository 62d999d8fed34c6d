/** The HTTP face of the order commands: translate, delegate, answer. */
package io.orderpipeline.orders.order.web;
