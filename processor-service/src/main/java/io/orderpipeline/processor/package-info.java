/** processor-service: a mock fulfilment step between the order stream and its outcomes. */
package io.orderpipeline.processor;
