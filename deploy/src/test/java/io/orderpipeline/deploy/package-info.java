/** Offline checks of the docker compose stack, for machines without a Docker engine. */
package io.orderpipeline.deploy;
