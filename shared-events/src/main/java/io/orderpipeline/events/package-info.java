/** The event contracts shared by every service: event records, the envelope, topic names and their JSON codec. */
package io.orderpipeline.events;
