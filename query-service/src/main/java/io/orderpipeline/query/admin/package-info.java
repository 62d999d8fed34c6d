/** Who may use the operator endpoints under /admin: the holder of the configured bearer token. */
package io.orderpipeline.query.admin;
